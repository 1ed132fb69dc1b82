"""`POST /v1/batches` and `GET /v1/batches/{id}`: the same batch, started and watched over HTTP."""

from __future__ import annotations

import time

from samples.stacks import make_folder
from tests.support.api import Api


def test_a_batch_started_and_watched_through_the_api(api: Api) -> None:
    """A backlog in the inbox is digitised; progress counts up to the end; the report is served."""
    make_folder(api.data_dir / "inbox" / "backlog", dossiers=2, files_per_dossier=2, seed=5)
    started = api.client.post("/v1/batches", json={"source": "backlog"}, headers=api.auth("intake"))
    assert started.status_code == 202, started.text
    batch = started.json()
    assert batch["files"] == 4 and batch["mode"] == "folder" and batch["progress"]["files_total"] == 4
    deadline = time.monotonic() + 120
    while batch["state"] != "finished" or not batch["report"]:
        assert time.monotonic() < deadline, batch
        time.sleep(0.3)
        batch = api.client.get(f"/v1/batches/{batch['batch_id']}", headers=api.auth("intake")).json()
    progress = batch["progress"]
    assert progress["files_digitised"] == 4 and progress["pages_done"] == 4 and progress["files_failed"] == 0
    report = api.client.get(batch["report"]["json"], headers=api.auth("admin")).json()
    assert len(report["files"]) == 4 and {r["status"] for r in report["files"]} == {"digitised"}
    html = api.client.get(batch["report"]["html"], headers=api.auth("intake"))
    assert html.headers["content-type"].startswith("text/html") and "data:image/jpeg;base64," in html.text


def test_batch_sources_stay_inside_the_inbox_and_problems_are_listed(api: Api) -> None:
    """Paths outside the inbox, bad sources and readers are refused with the one error shape."""
    intake = api.auth("intake")
    for source in ("../../etc", "/etc", "nothing-here"):
        answer = api.client.post("/v1/batches", json={"source": source}, headers=intake)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_request", answer.text
    bad = api.data_dir / "inbox" / "bad" / "not-a-dossier"
    bad.mkdir(parents=True)
    (bad / "x.txt").write_text("hello")
    answer = api.client.post("/v1/batches", json={"source": "bad"}, headers=intake)
    assert answer.status_code == 400 and "not-a-dossier/: Dossier ID" in answer.json()["error"]["message"]
    assert api.client.post("/v1/batches", json={"source": "bad"}, headers=api.auth("reader")).status_code == 403
    assert api.client.get("/v1/batches/0123456789ab", headers=intake).status_code == 404
    assert api.client.get("/v1/batches/..%2F..", headers=intake).status_code == 404


def test_a_report_is_named_only_once_all_three_files_are_written(tmp_path) -> None:
    """The files are written one after another; a poller that saw `report.json` alone got no html link."""
    from api.routes.batches import _out
    from ingest.batches.batch import BatchRecord

    record = BatchRecord("0123456789ab", "backlog", "folder", [], "2025-11-25T08:00:00+00:00")
    (tmp_path / "report.json").write_text("{}")
    assert _out(record, tmp_path, {"state": "finished"})["report"] == {}
    (tmp_path / "report.csv").write_text("")
    (tmp_path / "report.html").write_text("<html></html>")
    report = _out(record, tmp_path, {"state": "finished"})["report"]
    assert report == {kind: f"/v1/batches/0123456789ab/report.{kind}" for kind in ("json", "csv", "html")}
