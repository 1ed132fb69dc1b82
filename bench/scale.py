"""Pages per minute with one and two `sohoa worker` processes, and the queue's overhead per document.

Starts its own moto S3 server, redis-server and a throw-away PostgreSQL database on loopback, renders
`--docs` one-page scans, and times `sohoa digitise` (in-process, then through the queue). Prints a table.

    .venv/bin/python bench/scale.py [--docs 24] [--lines 14] [--no-pin]

One worker process keeps more than one core busy at times (it stores and encodes a page while its
Tesseract reads it), so on a 2-core machine "one worker" unpinned already borrows the second core and
the two-worker ratio says little about scaling. By default each worker process (and the Tesseract it
starts) is therefore pinned to a core of its own (`taskset`), the way one would run one worker per core;
the services (S3, Redis, PostgreSQL) and the client are not pinned. `--no-pin` measures unpinned too.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.batch import bare_tesseract  # run as a script, the repo is put on the path first

SOHOA = str(Path(sys.executable).with_name("sohoa"))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PG_ADMIN = os.environ.get("SOHOA_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN",
    "Kính gửi: Ủy ban nhân dân phường Bến Nghé",
    "Họ và tên: TRẦN THỊ BÍCH NGỌC",
    "Ngày sinh: 12/03/1985",
    "Số định danh cá nhân: 079185001234",
    "Nơi thường trú: 12 Lê Lợi, phường Bến Nghé, Quận 1",
    "Số điện thoại: 0912345678",
    "Email: ngoc.tran@example.vn",
    "Nội dung đề nghị: xác nhận cư trú",
    "Lý do: bổ sung hồ sơ vay vốn ngân hàng",
    "Tôi xin cam đoan những nội dung trên là đúng sự thật.",
    "Người làm đơn (ký, ghi rõ họ tên)",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def render(folder: Path, count: int, lines: int) -> list[Path]:
    """`count` distinct one-page scans of `lines` lines of a Vietnamese form."""
    font = ImageFont.truetype(FONT, 32)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = [*LINES[: lines - 1], f"Mã hồ sơ số {i:04d}"]
        image = Image.new("RGB", (1400, 80 + 60 * len(text)), "white")
        draw = ImageDraw.Draw(image)
        for n, line in enumerate(text):
            draw.text((50, 40 + 60 * n), line, font=font, fill=(20, 20, 20))
        path = folder / f"page-{i:03d}.png"
        image.save(path, dpi=(300, 300))
        paths.append(path)
    return paths


def digitise(files: list[Path], dossier: str, env: dict[str, str]) -> tuple[float, dict]:
    started = time.monotonic()
    proc = subprocess.run(
        [SOHOA, "digitise", *map(str, files), "--dossier-id", dossier, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"sohoa digitise failed: {proc.stderr[-2000:]}")
    return elapsed, json.loads(proc.stdout)


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=24, help="one-page documents per throughput run")
    parser.add_argument("--lines", type=int, default=14, help="text lines per page (more = slower pages)")
    parser.add_argument("--latency-docs", type=int, default=5, help="single-document runs for the overhead")
    parser.add_argument("--no-pin", action="store_true", help="also time workers not pinned to a core each")
    args = parser.parse_args()
    cores = sorted(os.sched_getaffinity(0))

    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    db = f"sohoa_bench_{secrets.token_hex(3)}"
    try:
        files = render(tmp / "scans", args.docs, args.lines)
        singles = render(tmp / "singles", args.latency_docs, args.lines - 1)
        s3_port, redis_port = free_port(), free_port()
        procs.append(
            subprocess.Popen(
                [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(s3_port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        procs.append(
            subprocess.Popen(
                [
                    shutil.which("redis-server") or "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--dir",
                    str(tmp),
                ],
                stdout=subprocess.DEVNULL,
            )
        )
        wait_port(s3_port)
        wait_port(redis_port)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{db}"')
        base = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")} | {"OMP_THREAD_LIMIT": "1"}
        local = base | {"SOHOA_DATA_DIR": str(tmp / "local")}
        queued = base | {
            "SOHOA_DATA_DIR": str(tmp / "queued"),
            "SOHOA_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
            "SOHOA_S3_ENDPOINT": f"127.0.0.1:{s3_port}",
            "SOHOA_S3_ACCESS_KEY": "bench",
            "SOHOA_S3_SECRET_KEY": "bench-secret",
            "SOHOA_S3_BUCKET": "sohoa",
            "SOHOA_S3_REGION": "us-east-1",
            "SOHOA_DATABASE_URL": f"{PG_ADMIN.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://')}/{db}",
        }
        rows = []
        starts: list[float] = []  # queue runs: seconds from starting the workers to the last result
        # the ceiling: how bare Tesseract itself scales from one process to two on this machine
        for n in (1, 2):
            wall = bare_tesseract(files, n)
            rows.append((f"bare tesseract, {n} process{'es' * (n > 1)}", wall, len(files) / wall * 60))

        # in-process: the embedded defaults, one worker thread per core
        wall, _ = digitise(files, "000.00.36.H36-251125-0001", local)
        rows.append(("in-process (threads = cores)", wall, len(files) / wall * 60))
        local_latency = [digitise([f], f"000.00.36.H36-251125-{9000 + i}", local)[0] for i, f in enumerate(singles)]

        def workers(n: int, pin: bool = True, settle: bool = True) -> list[subprocess.Popen[bytes]]:
            def command(i: int) -> list[str]:
                return ["taskset", "-c", str(cores[i % len(cores)])] * pin + [SOHOA, "worker", "--processes", "1"]

            started = [
                subprocess.Popen(
                    command(i), env=queued, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                for i in range(n)
            ]
            if settle:
                time.sleep(3)  # let them import and connect
            return started

        def stop(started: list[subprocess.Popen[bytes]]) -> None:
            for proc in started:
                os.killpg(proc.pid, 15)
            for proc in started:
                proc.wait(60)

        database = queued["SOHOA_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")

        def fleet_run(n: int, dossier: str, pin: bool = True) -> tuple[float, float]:
            """Queue every document first, then start `n` workers: (seconds from the first page taken to
            the last result stored, from the catalogue; seconds from starting the workers to the end)."""
            client = subprocess.Popen(
                [SOHOA, "digitise", *map(str, files), "--dossier-id", dossier, "--json"],
                env=queued,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            with psycopg.connect(database, autocommit=True) as db:
                while db.execute("SELECT count(*) FROM documents WHERE dossier_id = %s", (dossier,)).fetchone()[
                    0
                ] < len(files):
                    if client.poll() is not None:
                        raise SystemExit(f"sohoa digitise failed: {client.stderr.read()[-2000:]}")
                    time.sleep(0.1)
                started_at = time.monotonic()
                started = workers(n, pin, settle=False)
                _, err = client.communicate(timeout=1800)
                wall = time.monotonic() - started_at
                stop(started)
                if client.returncode != 0:
                    raise SystemExit(f"sohoa digitise failed: {err[-2000:]}")
                first, last = db.execute(
                    "SELECT min(started_at), max(finished_at) FROM documents WHERE dossier_id = %s", (dossier,)
                ).fetchone()
            return (last - first).total_seconds(), wall

        one = workers(1)
        digitise(singles[:1], "000.00.36.H36-251125-8000", queued)  # warm-up: bucket, schema, imports
        queue_latency = [digitise([f], f"000.00.36.H36-251125-{8001 + i}", queued)[0] for i, f in enumerate(singles)]
        stop(one)
        runs = [(1, True), (2, True)] + ([(1, False), (2, False)] if args.no_pin else [])
        for number, (n, pin) in enumerate(runs):
            window, wall = fleet_run(n, f"000.00.36.H36-251125-{2 + number:04d}", pin)
            how = "1 core each" if pin and n > 1 else "1 core" if pin else "unpinned"
            rows.append((f"queue, {n} worker{'s' * (n > 1)}, {how}", window, len(files) / window * 60))
            starts.append(wall)

        print(
            f"\n{args.docs} one-page documents ({args.lines} lines, 1400 px wide), {os.cpu_count()} cores; "
            f"load average before {load_before:.1f}, after {os.getloadavg()[0]:.1f} (others skew it)\n"
        )
        print("queue runs: every document is queued first, then the workers are started; their time is from")
        print("the first page taken to the last result stored (catalogue timestamps), so neither the client's")
        print("uploads nor the workers' start-up is in it (from starting the workers to the end: last column)\n")
        print(f"| {'run':<32} | {'seconds':>7} | {'pages/min':>9} | {'from start':>10} |")
        print(f"|{'-' * 34}|{'-' * 9}|{'-' * 11}|{'-' * 12}|")
        for i, (name, wall, ppm) in enumerate(rows):
            since_start = f"{starts[i - 3]:.1f} s" if i >= 3 else ""
            print(f"| {name:<32} | {wall:>7.1f} | {ppm:>9.1f} | {since_start:>10} |")
        ceiling = rows[1][2] / rows[0][2]
        print(
            f"\nspeed-up, 2 workers over 1 (one core each): {rows[4][2] / rows[3][2]:.2f}x; "
            f"bare Tesseract, 2 processes over 1: {ceiling:.2f}x (this machine's own ceiling)"
        )
        if args.no_pin:
            print(f"speed-up, 2 workers over 1 (unpinned): {rows[6][2] / rows[5][2]:.2f}x")
        overhead = statistics.median(queue_latency) - statistics.median(local_latency)
        local_s, queue_s = statistics.median(local_latency), statistics.median(queue_latency)
        print(
            f"one document end to end (median of {len(singles)}): in-process {local_s:.2f} s, "
            f"through the queue {queue_s:.2f} s; queueing overhead {overhead:+.2f} s"
        )
        return 0
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        try:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        except psycopg.Error:
            pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
