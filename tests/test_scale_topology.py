"""The proof: the real topology as separate processes on loopback, and faults that lose nothing.

moto S3 (in this process, so stopping and restarting it keeps its objects), a private `redis-server`
with AOF on and fsync always (so a Redis crash keeps queued messages; the stuck-document sweeper is the
backstop for anything else), a throw-away PostgreSQL database, and two `sohoa worker` processes. Thirty
small scans go through `sohoa digitise` and must come out exactly as the in-process run; each fault test
ends with every file digitised exactly once and `sohoa audit` clean.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from storage.catalogue import Catalogue

from .conftest import (
    CARD_LINES,
    FORM_LINES,
    MotoS3,
    PostgresDatabase,
    RedisServer,
    create_pg_database,
    drop_pg_database,
    new_bucket_name,
    render_lines,
)

pytestmark = [pytest.mark.services, pytest.mark.slow]

SOHOA = str(Path(sys.executable).with_name("sohoa"))
BASELINE_DOSSIER = "000.00.36.H36-251125-0100"
PROCESSING_TIMEOUT_S = 12
SURNAMES = ("NGUYỄN VĂN", "TRẦN THỊ", "LÊ HOÀNG", "PHẠM MINH", "VŨ THỊ")
GIVEN = ("AN", "BÍCH NGỌC", "ĐỨC", "HẢI", "LAN", "QUANG")


def make_scans(folder: Path, count: int = 30) -> list[Path]:
    """`count` small distinct scans (~900×360 px): citizen ID cards and application forms."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name = f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[i % len(GIVEN)]}"
        if i % 2 == 0:
            lines = [
                *CARD_LINES[:2],
                f"Số / No.: 0681950{i:05d}",
                f"Họ và tên / Full name: {name}",
                f"Ngày sinh / Date of birth: {1 + i % 28:02d}/0{1 + i % 9}/19{70 + i}",
            ]
        else:
            lines = [*FORM_LINES[:3], f"Họ và tên: {name}", f"Số điện thoại: 09123{i:05d}"]
        path = folder / f"scan-{i:02d}.png"
        render_lines(lines, size=28, width=900, margin=40).save(path, dpi=(300, 300))
        paths.append(path)
    return paths


def summary(result: dict) -> dict[str, dict]:
    """What must not depend on where the work ran, per source file."""
    return {
        doc["source"]: {
            "status": doc["status"],
            "doc_type": doc["doc_type"],
            "text": doc["text"],
            "pages": [p["text"] for p in doc["pages"]],
            "fields": {name: f["value"] for name, f in doc["fields"].items()},
            "needs_review": doc["needs_review"],
        }
        for doc in result["documents"]
    }


def run_digitise(files: list[Path], dossier: str, env: dict[str, str], timeout: float = 240) -> dict:
    """`sohoa digitise … --json`, which must exit 0; its JSON."""
    proc = subprocess.run(
        [SOHOA, "digitise", *map(str, files), "--dossier-id", dossier, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


class Topology:
    """The processes of one deployment, with handles to break them."""

    def __init__(self, folder: Path, s3: MotoS3, redis: RedisServer, db: PostgresDatabase) -> None:
        self.folder, self.s3, self.redis, self.db = folder, s3, redis, db
        self.bucket = new_bucket_name()
        self.workers: list[subprocess.Popen[bytes]] = []
        self.expected_documents = 0
        self.catalogue = Catalogue(db.url)  # creates the schema before any worker starts

    @property
    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
        return (
            base
            | self.s3.env(self.bucket)
            | {
                "SOHOA_BROKER_URL": self.redis.url,
                "SOHOA_DATABASE_URL": f"{self.db.url}?application_name=sohoa-worker",
                "SOHOA_DATA_DIR": str(self.folder / "data"),
                "SOHOA_PROCESSING_TIMEOUT_S": str(PROCESSING_TIMEOUT_S),
                "SOHOA_WAIT_TIMEOUT_S": "200",
                "OMP_THREAD_LIMIT": "1",
                "PYTHONUNBUFFERED": "1",
            }
        )

    @property
    def client_env(self) -> dict[str, str]:
        """The same settings for `sohoa digitise` / `sohoa audit` (named apart from the workers in PostgreSQL)."""
        return self.env | {"SOHOA_DATABASE_URL": f"{self.db.url}?application_name=sohoa-client"}

    def start_worker(self) -> subprocess.Popen[bytes]:
        """One `sohoa worker --processes 1` in its own process group (so it can be killed whole)."""
        log = open(self.folder / f"worker-{len(self.workers)}.log", "wb")  # lives with the process
        proc = subprocess.Popen(
            [SOHOA, "worker", "--processes", "1", "--threads", "1"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(proc)
        return proc

    def live_workers(self) -> list[subprocess.Popen[bytes]]:
        return [w for w in self.workers if w.poll() is None]

    def kill(self, worker: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        """Signal the worker's whole process group (parent, worker process, sweeper, Tesseract)."""
        try:
            os.killpg(worker.pid, sig)
        except ProcessLookupError:
            pass
        worker.wait(60)

    def stop_workers(self) -> None:
        for worker in self.live_workers():
            self.kill(worker, signal.SIGTERM)

    def dossier_statuses(self, dossier: str) -> list[str]:
        try:
            return [d.status for d in self.catalogue.dossier_documents(dossier)]
        except Exception:  # noqa: BLE001 - not there yet
            return []

    def audit(self) -> dict:
        proc = subprocess.run(
            [SOHOA, "audit", "--json"], env=self.client_env, capture_output=True, text=True, timeout=120
        )
        report = json.loads(proc.stdout)
        assert proc.returncode == (0 if report["ok"] else 1)
        return report

    def worker_logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-1500:] for p in sorted(self.folder.glob("worker-*.log")))


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_scans(tmp_path_factory.mktemp("scans"))


@pytest.fixture(scope="module")
def baseline(scans: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The in-process run (embedded defaults, no servers): what every distributed run must equal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env |= {"SOHOA_DATA_DIR": str(tmp_path_factory.mktemp("inprocess")), "OMP_THREAD_LIMIT": "1"}
    result = summary(run_digitise(scans, BASELINE_DOSSIER, env))
    assert len(result) == len(scans) and all(d["status"] == "digitised" for d in result.values())
    return result


@pytest.fixture(scope="module")
def topology(
    moto_s3: MotoS3, redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Topology]:
    db = create_pg_database("sohoa_topology")
    topo = Topology(tmp_path_factory.mktemp("topology"), moto_s3, redis_server, db)
    topo.start_worker()
    topo.start_worker()
    yield topo
    topo.stop_workers()
    topo.catalogue.engine.dispose()
    drop_pg_database(db)


def assert_exactly_once(topo: Topology, result: dict, files: list[Path], baseline: dict[str, dict]) -> None:
    """Every file one digitised document equal to the in-process one; the audit clean and its counts exact."""
    got = summary(result)
    assert sorted(got) == sorted(p.name for p in files)
    for source, doc in got.items():
        assert doc == baseline[source], source
    documents = topo.catalogue.dossier_documents(result["dossier_id"])
    assert len(documents) == len(files) and {d.status for d in documents} == {"digitised"}
    topo.expected_documents += len(files)
    report = topo.audit()
    assert report["ok"], report
    assert (
        report["status_counts"]
        == {
            "queued": 0,
            "processing": 0,
            "digitised": topo.expected_documents,
            "failed": 0,
        }
        == topo.catalogue.status_counts()
    )


def wait_until(condition, timeout_s: float = 60, poll_s: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll_s)
    return False


def start_digitise(topo: Topology, files: list[Path], dossier: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [SOHOA, "digitise", *map(str, files), "--dossier-id", dossier, "--json"],
        env=topo.client_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], topo: Topology) -> dict:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-3000:] + topo.worker_logs()
    return json.loads(out)


def tesseract_in_group(pgid: int) -> bool:
    """Whether a `tesseract` process of that process group is running (a page being read)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if comm == "tesseract" and int(fields[2]) == pgid:
            return True
    return False


# --- the run --------------------------------------------------------------------------------------------


def test_thirty_documents_equal_the_in_process_run(
    topology: Topology, scans: list[Path], baseline: dict[str, dict]
) -> None:
    result = run_digitise(scans, "000.00.36.H36-251125-0101", topology.client_env)
    assert_exactly_once(topology, result, scans, baseline)


# --- faults ---------------------------------------------------------------------------------------------


def test_worker_killed_mid_page(topology: Topology, scans: list[Path], baseline: dict[str, dict]) -> None:
    """SIGKILL a worker while Tesseract runs; a supervisor starts a new one; the sweeper re-queues its work."""
    files = scans[:8]
    victim = topology.live_workers()[0]
    proc = start_digitise(topology, files, "000.00.36.H36-251125-0102")
    assert wait_until(lambda: tesseract_in_group(victim.pid), 60, 0.005), "the worker never read a page"
    topology.kill(victim)
    topology.start_worker()  # what `restart: always` does in deploy/compose.yaml
    result = finish(proc, topology)
    assert_exactly_once(topology, result, files, baseline)


def test_redis_crash_while_messages_are_queued(
    topology: Topology, scans: list[Path], baseline: dict[str, dict]
) -> None:
    """SIGKILL Redis with messages waiting (one worker busy, one stopped); AOF brings them back."""
    files = scans[8:18]
    topology.kill(topology.live_workers()[0], signal.SIGTERM)
    dossier = "000.00.36.H36-251125-0103"
    proc = start_digitise(topology, files, dossier)
    assert wait_until(lambda: len(topology.dossier_statuses(dossier)) == len(files), 60)
    assert wait_until(lambda: "digitised" in topology.dossier_statuses(dossier), 60)
    assert topology.dossier_statuses(dossier).count("queued") >= 3, "nothing left queued to lose"
    assert topology.redis.process is not None
    topology.redis.process.kill()
    topology.redis.process.wait(10)
    time.sleep(1)
    topology.redis.start()
    topology.start_worker()
    result = finish(proc, topology)
    assert_exactly_once(topology, result, files, baseline)


def test_object_store_down_for_ten_seconds(topology: Topology, scans: list[Path], baseline: dict[str, dict]) -> None:
    """The S3 server stops for 10 s while workers upload pages and results; retries with backoff finish the job."""
    files = scans[18:28]
    dossier = "000.00.36.H36-251125-0104"
    proc = start_digitise(topology, files, dossier)
    assert wait_until(lambda: len(topology.dossier_statuses(dossier)) == len(files), 60)
    assert wait_until(lambda: "digitised" in topology.dossier_statuses(dossier), 60)
    topology.s3.stop()
    try:
        time.sleep(10)
    finally:
        topology.s3.start()
    result = finish(proc, topology)
    assert_exactly_once(topology, result, files, baseline)


def test_database_connections_dropped_mid_transaction(
    topology: Topology, scans: list[Path], baseline: dict[str, dict]
) -> None:
    """`pg_terminate_backend` on every worker connection, five times while documents are being saved."""
    files = [*scans[28:30], *scans[:6]]
    dossier = "000.00.36.H36-251125-0105"
    admin_url = topology.db.url.replace("+psycopg", "")
    proc = start_digitise(topology, files, dossier)
    assert wait_until(lambda: len(topology.dossier_statuses(dossier)) == len(files), 60)
    killed = 0
    deadline = time.monotonic() + 5
    with psycopg.connect(admin_url, autocommit=True) as admin:
        while time.monotonic() < deadline and killed < 5:
            killed += len(
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name = 'sohoa-worker' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
                ).fetchall()
            )
            time.sleep(0.01)
    assert killed > 0
    result = finish(proc, topology)
    assert_exactly_once(topology, result, files, baseline)
