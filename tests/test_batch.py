"""`sohoa batch`: refusal with every problem listed, SIGTERM midway then resume, exactly-once, a full report."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from api.cli import main
from api.cli.batch import ProgressDisplay
from core.settings import get_settings
from ingest.batches.batch_source import build_plan
from ingest.batches.progress import BatchState, ItemState, Tracker
from samples.stacks import card_image, make_folder, small_document

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())"]


def _sohoa(args: list[str], data: Path, **kw: object) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_DATA_DIR=str(data), SOHOA_WORKER_THREADS="2", OMP_THREAD_LIMIT="1")
    return subprocess.Popen(
        [*CLI, *args], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )  # type: ignore[call-overload]


def _rows(db: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, dossier_id, sha256, status FROM documents").fetchall()


def test_manifest_with_problems_is_refused_listing_every_one(data_dir: Path, tmp_path: Path, capsys) -> None:
    """Missing files, bad IDs, unknown types, duplicate rows and non-images: all listed, nothing stored."""
    scans = tmp_path / "scans"
    scans.mkdir()
    card_image(small_document(random.Random(1))).save(scans / "good.png")
    (scans / "notes.txt").write_text("not a scan")
    (scans / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    manifest = scans / "manifest.csv"
    manifest.write_text(
        "file,dossier_id,doc_type\n"
        "good.png,000.00.36.H36-251125-0001,\n"
        "missing.png,000.00.36.H36-251125-0001,\n"
        "good.png,../../etc,\n"
        "good.png,000.00.36.H36-251125-0001,\n"
        "good.png,000.00.36.H36-251125-0002,passport\n"
        "notes.txt,000.00.36.H36-251125-0003,\n"
        "broken.jpg,000.00.36.H36-251125-0003,\n"
        "good.png,000.00.36.H36-251399-0001,\n"
        "only-one-column\n",
        encoding="utf-8",
    )
    assert main(["batch", str(manifest), "--report", str(tmp_path / "rep")]) == 2
    err = capsys.readouterr().err
    expected = [
        "line 3: missing.png: no such file",
        "line 4: Dossier ID '../../etc' is not a one-stop dossier code",
        "line 5: duplicate row: good.png for 000.00.36.H36-251125-0001 is already on line 2",
        "line 6: Unknown doc_type 'passport'",
        "notes.txt: this file is not an image or PDF",
        "broken.jpg: the image is damaged",
        "line 9: Dossier ID '000.00.36.H36-251399-0001' carries an impossible date",
        "line 10: expected file,dossier_id[,doc_type], found 1 columns",
        "batch refused: 8 problem(s)",
    ]
    for text in expected:
        assert text in err, f"{text!r} not in:\n{err}"
    assert not (data_dir / "sohoa.db").exists() or not _rows(data_dir / "sohoa.db")
    assert not (tmp_path / "rep").exists()


def test_folder_problems_are_listed(tmp_path: Path) -> None:
    """Loose files and badly named dossier folders are refused by name."""
    root = tmp_path / "backlog"
    make_folder(root, dossiers=1, files_per_dossier=1)
    (root / "loose.png").write_bytes((root / "000.00.36.H36-251125-0001" / "scan-001.png").read_bytes())
    (root / "not-a-dossier").mkdir()
    plan = build_plan(root, get_settings(), tmp_path / "work")
    assert len(plan.items) == 1
    assert any("loose.png: not inside a dossier folder" in p for p in plan.problems)
    assert any(p.startswith("not-a-dossier/: Dossier ID") for p in plan.problems)


def test_progress_numbers_and_display() -> None:
    """Progress is counted once, by the tracker; the bar and the lines only draw it."""
    tracker = Tracker([1, 2, 3, 4])
    tracker.set(0, ItemState.DIGITISED, preexisting=True)
    tracker.start()
    tracker.set(1, ItemState.DIGITISED)
    tracker.set(2, ItemState.FAILED, "boom")
    tracker.set(3, ItemState.PROCESSING)
    tracker.started -= 60  # a minute ago
    p = tracker.snapshot()
    assert (p.files_done, p.files_failed, p.files_skipped, p.files_in_flight) == (3, 1, 1, 1)
    assert (p.pages_total, p.pages_done, p.pages_this_run) == (10, 6, 5)
    assert p.pages_per_minute == pytest.approx(5, rel=0.01)
    assert p.eta_s == pytest.approx(48, rel=0.02)
    assert p.to_dict()["state"] == "running"
    bar, lines = io.StringIO(), io.StringIO()
    ProgressDisplay(bar, "bar")(p)
    ProgressDisplay(lines, "lines")(p)
    assert bar.getvalue().startswith("\r[") and "docs 3/4 · pages 6/10" in bar.getvalue()
    assert "failed 1" in bar.getvalue() and "ETA 0m48s" in bar.getvalue()
    same_numbers = bar.getvalue().split("% ", 1)[1].removesuffix("\x1b[K")
    assert lines.getvalue() == f"sohoa batch: running: {same_numbers}\n"
    tracker.set_state(BatchState.FINISHED)
    assert tracker.snapshot().state == BatchState.FINISHED


@pytest.mark.slow
def test_sigterm_midway_then_resume_digitises_every_file_once(tmp_path: Path) -> None:
    """40 files in 8 dossiers: stopped by SIGTERM, resumed by the same command, each file exactly once."""
    backlog, data, report = tmp_path / "backlog", tmp_path / "data", tmp_path / "report"
    truth = make_folder(backlog, dossiers=8, files_per_dossier=5, seed=3)
    args = ["batch", str(backlog), "--report", str(report), "--progress", "lines", "--interval", "0.3"]

    first = _sohoa(args, data)
    seen: list[str] = []

    def read() -> None:
        assert first.stderr is not None
        seen.extend(first.stderr)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until some files are digitised, then stop it
        if any(
            line.startswith("sohoa batch: running: docs ") and int(line.split("docs ")[1].split("/")[0]) >= 4
            for line in list(seen)
        ):
            break
        time.sleep(0.1)
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=60) == 130
    reader.join(timeout=10)
    err = "".join(seen)
    assert "interrupted; run the same command to resume" in err
    rows = _rows(data / "sohoa.db")
    statuses = [r[3] for r in rows]
    assert 4 <= statuses.count("digitised") < 40, err
    assert "processing" not in statuses  # left consistent: finished, or back to queued
    interrupted = json.loads((report / "batch.json").read_text())
    assert interrupted["state"] == "interrupted"

    second = _sohoa(args, data)
    out, err2 = second.communicate(timeout=300)
    assert second.returncode == 0, err2
    assert "skipped" in err2

    rows = _rows(data / "sohoa.db")
    assert len(rows) == 40 and {r[3] for r in rows} == {"digitised"}
    per_content: dict[tuple[str, str], int] = {}
    for _id, dossier, sha, _status in rows:
        per_content[(dossier, sha)] = per_content.get((dossier, sha), 0) + 1
    assert set(per_content.values()) == {1}

    result = json.loads((report / "report.json").read_text())
    files = {row["file"]: row for row in result["files"]}
    assert set(files) == {t["file"] for t in truth}
    ids = {r[0] for r in rows}
    for t in truth:
        row = files[t["file"]]
        assert row["dossier_id"] == t["dossier_id"] and row["status"] == "digitised" and row["pages"] == 1
        assert row["document_id"] in ids and row["error"] is None
    agree = sum(files[t["file"]]["doc_type"] == t["doc_type"] for t in truth)
    assert agree >= 32, f"only {agree}/40 classified as printed"  # OCR of small cards is not the subject here
    totals = result["totals"]
    assert totals["files"] == 40 and totals["dossiers"] == 8 and totals["by_status"]["digitised"] == 40
    assert totals["state"] == "finished" and totals["pages_done"] == totals["pages_total"] == 40
    assert totals["files_skipped"] == statuses.count("digitised")
    with open(report / "report.csv", newline="", encoding="utf-8") as fh:
        csv_rows = list(csv.DictReader(fh))
    assert len(csv_rows) == 40 and all(json.loads(r["fields"]) == files[r["file"]]["fields"] for r in csv_rows)
    page = (report / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/jpeg;base64,") == 40 and all(t["file"] in page for t in truth)

    again = _sohoa([*args[:-4], "--report-only"], data)  # the report on demand changes nothing
    again.communicate(timeout=120)
    assert again.returncode == 0 and len(_rows(data / "sohoa.db")) == 40
