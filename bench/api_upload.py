"""Upload acknowledgement latency of `sohoa serve`: N concurrent uploads of one-page scans, p50/p99.

Starts `sohoa serve` on a free loopback port over a fresh data folder, creates an intake key with
`sohoa keys create`, uploads `--requests` different one-page JPEG scans with `--concurrency` in
flight at once, and prints a table of acknowledgement latencies (time until the 202 arrives: the
original is durably stored, catalogued and queued). Not a test; run it by hand:

    .venv/bin/python bench/api_upload.py                      # in-process workers, as `sohoa serve` runs
    .venv/bin/python bench/api_upload.py --broker-url redis://127.0.0.1:6379/15   # OCR left to `sohoa worker`
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
SOHOA = [sys.executable, "-m", "api.cli"]
DOSSIER = "000.00.36.H36-251125-{:04d}"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def scan(number: int, width: int = 1240, height: int = 1754) -> bytes:
    """A one-page A4 scan at 150 dpi with a few lines of text, different for every number."""
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 28)
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN ĐỀ NGHỊ",
        f"Họ và tên: NGUYỄN VĂN AN {number}",
        f"Số điện thoại: 0912{number:06d}",
    ]
    for i, line in enumerate(lines):
        draw.text((120, 150 + 60 * i), line, font=font, fill=20)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, dpi=(150, 150))
    return buffer.getvalue()


def process_table() -> dict[int, tuple[int, float, str]]:
    """Every live process: pid -> (parent pid, CPU seconds used so far, command name) (Linux /proc)."""
    table: dict[int, tuple[int, float, str]] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                raw = (entry / "stat").read_text()
            except OSError:  # the process ended meanwhile
                continue
            name, fields = raw[raw.index("(") + 1 : raw.rindex(")")], raw.rsplit(")", 1)[1].split()
            table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks, name)
    return table


def descendants(pid: int, table: dict[int, tuple[int, float, str]]) -> set[int]:
    """`pid` and every live process below it."""
    tree = {pid}
    for _ in range(4):  # children, grandchildren…
        tree |= {child for child, (parent, _, _) in table.items() if parent in tree}
    return tree & table.keys()


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process and its live descendants have used so far."""
    table = process_table()
    return sum(table[member][1] for member in descendants(pid, table))


def others_busy(
    before: dict[int, tuple[int, float, str]], after: dict[int, tuple[int, float, str]], mine: set[int], seconds: float
) -> str:
    """The processes outside this benchmark that used the CPU during the measured window, busiest first."""
    used: dict[int, float] = {}
    for pid, (_, cpu, _name) in after.items():
        if pid not in mine:  # a process started meanwhile counts from zero (one that also ended is missed)
            used[pid] = cpu - (before[pid][1] if pid in before else 0.0)
    busy = sorted(((cpu, pid) for pid, cpu in used.items() if cpu / seconds >= 0.05), reverse=True)
    busy = [(cpu, command_line(pid, after[pid][2])) for cpu, pid in busy]
    return ", ".join(f"{name} {cpu / seconds * 100:.0f}%" for cpu, name in busy[:5]) or "nothing over 5% of a core"


def command_line(pid: int, name: str) -> str:
    """A short form of a process's command line (its name when that cannot be read)."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return name
    words = [Path(words[0]).name, *words[1:4]] if words and words[0] else [name]
    return " ".join(w for w in words if w)[:60]


def load_average() -> str:
    """The 1-minute load average (the other jobs on this machine)."""
    return f"{os.getloadavg()[0]:.2f}"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


async def run_load(
    base: str, token: str, files: list[bytes], concurrency: int, first: int = 0
) -> tuple[list[float], list[int], float]:
    """Upload every file (one per request, its own dossier day number from `first` on), `concurrency` at a time."""
    limit = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    statuses: list[int] = []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits) as client:

        async def one(number: int, data: bytes) -> None:
            async with limit:
                started = time.perf_counter()
                response = await client.post(
                    f"/v1/dossiers/{DOSSIER.format(first + number + 1)}/documents",
                    files=[("files", (f"scan-{number:03d}.jpg", data, "image/jpeg"))],
                )
                latencies.append(time.perf_counter() - started)
                statuses.append(response.status_code)

        started = time.perf_counter()
        await asyncio.gather(*(one(i, data) for i, data in enumerate(files)))
        wall = time.perf_counter() - started
    return latencies, statuses, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--broker-url", default=None, help="queue work on this broker instead of in-process workers")
    parser.add_argument("--database-url", default=None, help="catalogue on this database instead of SQLite")
    parser.add_argument("--workers", type=int, default=1, help="`sohoa serve --workers N` (needs --broker-url)")
    parser.add_argument("--profile", type=Path, default=None, help="py-spy flame graph of the server (py-spy on PATH)")
    parser.add_argument("--profile-gil", action="store_true", help="sample only the thread holding the GIL")
    parser.add_argument("--target-p99-ms", type=float, default=200.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as folder:
        env = {**os.environ, "SOHOA_DATA_DIR": str(Path(folder) / "data"), "PYTHONPATH": str(ROOT)}
        env.pop("SOHOA_DATABASE_URL", None)
        env.pop("SOHOA_BROKER_URL", None)
        if args.broker_url:
            env["SOHOA_BROKER_URL"] = args.broker_url
        if args.database_url:
            env["SOHOA_DATABASE_URL"] = args.database_url
        created = subprocess.run(
            [*SOHOA, "keys", "create", "--role", "intake", "--name", "bench"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        token = created.stdout.strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [*SOHOA, "serve", "--port", str(port), "--log-level", "warning", "--workers", str(args.workers)],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("sohoa serve did not come up")
                time.sleep(0.1)
            files = [scan(i) for i in range(args.requests + args.concurrency)]
            # Warm-up: one burst like the measured one, so what is measured is a server that has been
            # serving (imports, connections, every upload thread started), not its first seconds.
            asyncio.run(run_load(base, token, files[args.requests :], args.concurrency, first=args.requests))
            spy = None
            if args.profile:
                spy = subprocess.Popen(
                    [
                        "py-spy",
                        "record",
                        "--pid",
                        str(server.pid),
                        "--rate",
                        "500",
                        "--format",
                        {".json": "speedscope", ".txt": "raw"}.get(args.profile.suffix, "flamegraph"),
                        "--output",
                        str(args.profile),
                        *(["--gil"] if args.profile_gil else []),
                        *(["--subprocesses"] if args.workers > 1 else []),
                    ],
                    stdout=subprocess.DEVNULL,
                )
                time.sleep(1)
            load_before, table_before = load_average(), process_table()
            cpu_before, own_before = server_cpu(server.pid), time.process_time()
            latencies, statuses, wall = asyncio.run(run_load(base, token, files[: args.requests], args.concurrency))
            server_cpu_s, client_cpu_s = server_cpu(server.pid) - cpu_before, time.process_time() - own_before
            table_after = process_table()
            mine = descendants(server.pid, table_after) | {os.getpid()} | ({spy.pid} if spy is not None else set())
            others = others_busy(table_before, table_after, mine, wall)
            if spy is not None:
                spy.send_signal(2)
                spy.wait(timeout=30)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()

    ms = [s * 1000 for s in latencies]
    mode = f"broker {args.broker_url}" if args.broker_url else "in-process workers"
    mode += ", PostgreSQL" if args.database_url else ", SQLite"
    mode += f", {args.workers} API processes" if args.workers > 1 else ""
    rows = [
        ("mode", mode),
        ("requests / in flight", f"{args.requests} / {args.concurrency}"),
        ("scan", f"1 page JPEG 1240x1754, {statistics.mean(len(f) for f in files) / 1024:.0f} KiB"),
        ("status codes", ", ".join(f"{code}×{statuses.count(code)}" for code in sorted(set(statuses)))),
        ("p50 ack latency", f"{percentile(ms, 50):.1f} ms"),
        ("p90 ack latency", f"{percentile(ms, 90):.1f} ms"),
        ("p99 ack latency", f"{percentile(ms, 99):.1f} ms"),
        ("max ack latency", f"{max(ms):.1f} ms"),
        ("throughput", f"{len(ms) / wall:.1f} uploads/s"),
        ("server CPU per upload", f"{server_cpu_s / len(ms) * 1000:.1f} ms"),
        ("client CPU per upload", f"{client_cpu_s / len(ms) * 1000:.1f} ms"),
        ("load average (1 min)", f"{load_before} before, {load_average()} after"),
        ("others on the CPU", others),
        (f"p99 ≤ {args.target_p99_ms:.0f} ms", "yes" if percentile(ms, 99) <= args.target_p99_ms else "NO"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0 if all(code in (200, 202) for code in statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
