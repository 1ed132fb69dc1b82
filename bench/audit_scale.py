"""Peak memory and time of `sohoa audit` over N documents, in the folder store and in S3 (a moto server).

Creates N digitised documents quickly: catalogue rows by executemany into the SQLite catalogue, and
tiny objects (an original and a result.json each, a few bytes) written straight into the folder (no
fsync) or PUT into a moto S3 server running in its own process, 32 at a time. Then runs
`sohoa audit --json --quiet` as a child process over them and reports its wall time and peak RSS
(`ru_maxrss` of the audit, started through a small launcher so that the figure is the audit's own, not
this process's; see LAUNCHER). Also printed: this process's own peak, and the figure as measured before
(the child's `ru_maxrss` straight from here). Not a test; run it by hand (docs/benchmarks.md):

    .venv/bin/python bench/audit_scale.py --documents 100000 --store folder
    .venv/bin/python bench/audit_scale.py --documents 100000 --store s3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.catalogue import Catalogue  # noqa: E402
from storage.keys import DocumentKeys  # noqa: E402

BUCKET = "sohoa-audit-bench"
ACCESS, SECRET = "bench-access", "bench-secret-key-0123"


# A child's ru_maxrss is not its own: Linux carries the spawning process's high-water mark across
# fork/vfork and exec (exec_mmap keeps the old mm's hiwater_rss), so the audit started straight from
# this process, which has held every key and every PUT's future, would report this process's peak.
# A small launcher, fresh after its own exec, starts the audit and writes the audit's ru_maxrss.
LAUNCHER = (
    "import resource, subprocess, sys; rc = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(rc)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def documents(n: int) -> list[tuple[str, str]]:
    """(dossier_id, document_id) of N documents over 200 agencies and 60 days, 1 to 4 per dossier."""
    out = []
    day0 = date(2025, 10, 1)
    for i in range(n):
        dossier_no = i // 3
        agency = f"000.00.{dossier_no % 90 + 10:02d}.H{36 + dossier_no % 200 // 90:02d}"
        day = day0 + timedelta(days=dossier_no % 60)
        out.append((f"{agency}-{day:%y%m%d}-{dossier_no:06d}", f"{i:032x}"))
    return out


def load_catalogue(url: str, docs: list[tuple[str, str]]) -> None:
    """The documents as digitised rows with their object keys, in transactions of 20,000."""
    Catalogue(url).engine.dispose()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    columns = (
        "id",
        "dossier_id",
        "agency",
        "source",
        "sha256",
        "media_type",
        "ext",
        "size_bytes",
        "status",
        "needs_review",
        "page_count",
        "text",
        "search_text",
        "objects",
        "attempts",
        "received_on",
        "created_at",
        "updated_at",
    )
    sql = f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for start in range(0, len(docs), 20_000):
        chunk = docs[start : start + 20_000]
        with conn:
            conn.executemany(
                "INSERT OR IGNORE INTO dossiers (id, created_at) VALUES (?, ?)", [(d, now) for d, _ in chunk]
            )
            conn.executemany(
                sql,
                [
                    (
                        doc,
                        dossier,
                        dossier.split("-")[0],
                        "scan.jpg",
                        doc * 2,
                        "image/jpeg",
                        "jpg",
                        2,
                        "digitised",
                        0,
                        0,
                        "",
                        "",
                        json.dumps(
                            {
                                "original": DocumentKeys(dossier, doc).original("jpg"),
                                "pages": [],
                                "result": DocumentKeys(dossier, doc).result,
                            }
                        ),
                        1,
                        "2025-11-01",
                        now,
                        now,
                    )
                    for dossier, doc in chunk
                ],
            )
    conn.close()


def keys_of(docs: list[tuple[str, str]]) -> list[str]:
    """Every object key: an original and a result per document."""
    return [
        key
        for dossier, doc in docs
        for key in (DocumentKeys(dossier, doc).original("jpg"), DocumentKeys(dossier, doc).result)
    ]


def fill_folder(root: Path, keys: list[str]) -> None:
    """Tiny files written straight into the folder store's layout."""
    for key in keys:
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def fill_s3(endpoint: str, keys: list[str]) -> None:
    """Tiny objects PUT into the bucket, 32 requests in flight."""
    import io

    from minio import Minio

    client = Minio(endpoint, access_key=ACCESS, secret_key=SECRET, secure=False, region="us-east-1")
    if not client.bucket_exists(BUCKET):
        client.make_bucket(BUCKET)

    def put(key: str) -> None:
        client.put_object(BUCKET, key, io.BytesIO(b"x"), 1, content_type="application/octet-stream")

    with ThreadPoolExecutor(32) as pool:  # submitted a slice at a time: a future per key adds up
        for start in range(0, len(keys), 4096):
            for _ in pool.map(put, keys[start : start + 4096]):
                pass
            if (start + 4096) // 50_000 > start // 50_000:
                print(f"  {min(start + 4096, len(keys))} objects stored", file=sys.stderr, flush=True)


def main() -> int:
    """Build the store and catalogue, audit them in a child process, report time and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--store", choices=("folder", "s3"), default="folder")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sohoa-audit-bench-"))
    env = {**os.environ, "SOHOA_DATA_DIR": str(work), "AWS_ACCESS_KEY_ID": ACCESS, "AWS_SECRET_ACCESS_KEY": SECRET}
    for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
        env.pop(name, None)
    moto = None
    try:
        started = time.monotonic()
        docs = documents(args.documents)
        load_catalogue(f"sqlite:///{work / 'sohoa.db'}", docs)
        keys = keys_of(docs)
        if args.store == "folder":
            fill_folder(work / "objects", keys)
        else:
            port = _free_port()
            moto = subprocess.Popen(
                [shutil.which("moto_server") or "moto_server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            time.sleep(3)
            fill_s3(f"127.0.0.1:{port}", keys)
            env |= {
                "SOHOA_S3_ENDPOINT": f"127.0.0.1:{port}",
                "SOHOA_S3_ACCESS_KEY": ACCESS,
                "SOHOA_S3_SECRET_KEY": SECRET,
                "SOHOA_S3_BUCKET": BUCKET,
                "SOHOA_S3_SECURE": "false",
                "SOHOA_S3_REGION": "us-east-1",
            }
        prepared = time.monotonic() - started
        del docs, keys
        bench_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_file = work / "audit-peak-kb"
        started = time.monotonic()
        command = [sys.executable, "-m", "api.cli", "audit", "--json", "--quiet"]
        audit = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(peak_file), *command],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        # what this benchmark reported before: max(this process's peak, the audit's)
        as_before_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        peak_mb = int(peak_file.read_text()) / 1024
        report = json.loads(audit.stdout)
        print(
            json.dumps(
                {
                    "store": args.store,
                    "documents": report["documents"],
                    "objects": report["objects"],
                    "ok": report["ok"],
                    "prepare_s": round(prepared, 1),
                    "audit_s": round(seconds, 1),
                    "audit_peak_rss_mb": round(peak_mb, 1),
                    "bench_peak_rss_mb": round(bench_peak_mb, 1),
                    "child_ru_maxrss_as_before_mb": round(as_before_mb, 1),
                }
            )
        )
        return 0 if report["ok"] else 1
    finally:
        if moto is not None:
            moto.terminate()
            moto.wait(30)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
