"""`sohoa digitise` end to end, as a clerk or a script runs it: real files, real Tesseract, real storage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import DOSSIER, MotoS3, new_bucket_name

CONTRACT_DOC_KEYS = {
    "document_id",
    "source",
    "sha256",
    "doc_type",
    "status",
    "pages",
    "text",
    "fields",
    "needs_review",
    "objects",
}
CONTRACT_PAGE_KEYS = {"number", "text", "confidence", "rotation", "skew"}
SOHOA = [sys.executable, "-m", "api.cli"]


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOHOA_DATA_DIR": str(data_dir)}
    for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
        env.pop(name, None)
    return subprocess.run([*SOHOA, *args], capture_output=True, text=True, env=env, timeout=300)


def _stored_files(data_dir: Path) -> list[Path]:
    objects = data_dir / "objects"
    return sorted(p for p in objects.rglob("*") if p.is_file()) if objects.exists() else []


def test_multi_page_pdf_and_jpeg_are_digitised_with_every_contract_key(
    tmp_path: Path, card_jpeg: Path, two_page_pdf: Path
) -> None:
    data_dir = tmp_path / "data"
    proc = _run(["digitise", str(two_page_pdf), str(card_jpeg), "--dossier-id", DOSSIER, "--json"], data_dir)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)  # exactly one JSON object on stdout
    assert result["dossier_id"] == DOSSIER
    docs = {d["source"]: d for d in result["documents"]}
    assert set(docs) == {"dossier.pdf", "card.jpg", "dossier.pdf (pages 2-2)"}
    assert docs["dossier.pdf (pages 2-2)"]["parent_document_id"] == docs["dossier.pdf"]["document_id"]
    for doc in docs.values():
        assert CONTRACT_DOC_KEYS <= set(doc)
        assert doc["status"] == "digitised"
        assert all(CONTRACT_PAGE_KEYS <= set(page) for page in doc["pages"])
        prefix = data_dir / "objects" / DOSSIER / doc["document_id"]
        for key in [
            doc["objects"]["original"],
            *doc["objects"]["pages"],
            doc["objects"]["searchable_pdf"],
            doc["objects"]["result"],
        ]:
            assert key.startswith(f"{DOSSIER}/{doc['document_id']}/")
            assert (data_dir / "objects" / key).is_file(), key
        assert json.loads((prefix / "result.json").read_text())["document_id"] == doc["document_id"]

    pdf_doc = docs["dossier.pdf"]
    assert [p["number"] for p in pdf_doc["pages"]] == [1, 2]
    assert pdf_doc["text"].count("\f") == 1
    assert "TRẦN THỊ BÍCH NGỌC" in pdf_doc["pages"][0]["text"]
    assert "NGUYỄN VĂN ĐỨC" in pdf_doc["pages"][1]["text"]
    searchable = PdfReader(data_dir / "objects" / pdf_doc["objects"]["searchable_pdf"])
    assert len(searchable.pages) == 2
    assert "NGỌC" in searchable.pages[0].extract_text()

    card = docs["card.jpg"]
    assert card["doc_type"] == "citizen_id_card"
    assert "068195001234" in card["text"]


def test_same_file_again_is_the_same_document(tmp_path: Path, card_jpeg: Path) -> None:
    data_dir = tmp_path / "data"
    first = json.loads(_run(["digitise", str(card_jpeg), "--dossier-id", DOSSIER, "--json"], data_dir).stdout)
    second = json.loads(_run(["digitise", str(card_jpeg), "--dossier-id", DOSSIER, "--json"], data_dir).stdout)
    assert first["documents"][0]["document_id"] == second["documents"][0]["document_id"]
    assert len([p for p in _stored_files(data_dir) if p.name.startswith("original")]) == 1


@pytest.mark.parametrize("dossier_id", ["../x", "abc", "000.00.36.H36-251125-0001/.."])
def test_bad_dossier_id_exits_non_zero_and_stores_nothing(tmp_path: Path, card_jpeg: Path, dossier_id: str) -> None:
    data_dir = tmp_path / "data"
    proc = _run(["digitise", str(card_jpeg), "--dossier-id", dossier_id, "--json"], data_dir)
    assert proc.returncode != 0
    assert proc.stdout == ""
    reason = proc.stderr.strip().splitlines()
    assert len(reason) == 1 and "Dossier ID" in reason[0] and "Traceback" not in proc.stderr
    assert _stored_files(data_dir) == []


def test_unreadable_file_fails_alone_with_a_one_line_reason(tmp_path: Path, card_jpeg: Path) -> None:
    data_dir = tmp_path / "data"
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(card_jpeg.read_bytes()[:2000])
    proc = _run(["digitise", str(broken), str(card_jpeg), "--dossier-id", DOSSIER, "--json"], data_dir)
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("sohoa:")]
    assert len(errors) == 1 and "broken.jpg" in errors[0] and "damaged" in errors[0]
    result = json.loads(proc.stdout)
    assert [d["source"] for d in result["documents"]] == ["card.jpg"]  # the good file still went through
    assert not any("broken" in str(p) for p in _stored_files(data_dir))
    originals = [p for p in _stored_files(data_dir) if p.name.startswith("original")]
    assert len(originals) == 1


def _digitise_card(card: Path) -> list[str]:
    return [*SOHOA, "digitise", str(card), "--dossier-id", DOSSIER, "--json"]


def _s3_env(moto_s3: MotoS3, data_dir: Path, retry_s: int) -> dict[str, str]:
    env = {**os.environ, "SOHOA_DATA_DIR": str(data_dir), **moto_s3.env(new_bucket_name())}
    env["SOHOA_RECEIVE_RETRY_S"] = str(retry_s)
    for name in ("SOHOA_DATABASE_URL", "SOHOA_BROKER_URL"):
        env.pop(name, None)
    return env


def test_upload_waits_for_object_storage_to_come_back(tmp_path: Path, card_jpeg: Path, moto_s3: MotoS3) -> None:
    """Storage down when the clerk runs `sohoa digitise`: the upload is retried, says so, and lands once."""
    data_dir = tmp_path / "data"
    env = _s3_env(moto_s3, data_dir, retry_s=60)
    moto_s3.stop()
    try:
        proc = subprocess.Popen(
            _digitise_card(card_jpeg), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        said = ""
        while "retrying in" not in said and proc.poll() is None:  # until the first retry notice, however
            said += proc.stderr.readline()  # long the start-up checks take on a loaded machine
        assert proc.poll() is None  # still retrying, not given up
    finally:
        moto_s3.start()
    out, err = proc.communicate(timeout=300)
    err = said + err
    assert proc.returncode == 0, err
    assert "retrying in" in said and "card.jpg" in said
    documents = json.loads(out)["documents"]
    assert [d["status"] for d in documents] == ["digitised"]  # exactly one document, digitised


def test_upload_gives_up_with_one_line_when_storage_stays_down(
    tmp_path: Path, card_jpeg: Path, moto_s3: MotoS3
) -> None:
    data_dir = tmp_path / "data"
    env = _s3_env(moto_s3, data_dir, retry_s=2)
    moto_s3.stop()
    try:
        proc = subprocess.run(_digitise_card(card_jpeg), capture_output=True, text=True, env=env, timeout=120)
    finally:
        moto_s3.start()
    assert proc.returncode != 0
    assert proc.stdout == ""
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("sohoa:") and "unreachable" in last and "Traceback" not in proc.stderr
    audit = subprocess.run([*SOHOA, "audit", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert audit.returncode == 0, audit.stdout + audit.stderr  # nothing half-stored: no document, no object
    report = json.loads(audit.stdout)
    assert report["documents"] == 0 and report["objects"] == 0 and report["unclaimed_objects"] == []
