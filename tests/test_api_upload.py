"""Uploads: 202 once stored, 200 for the same file again, and every refusal as a clear 4xx leaving nothing behind."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ingest import context
from tests.support.api import Api, jpeg_bytes

from .conftest import DOSSIER, blank_pdf


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, format="PNG")
    return buffer.getvalue()


def _nothing_stored(client: Api) -> None:
    assert not [p for p in (client.data_dir / "objects").rglob("*") if p.is_file() and not p.name.startswith(".tmp")]
    assert context.get_catalogue().all_documents() == []


def _refused(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    return body["error"]["message"]


def test_upload_answers_202_then_200_for_the_same_file(api: Api) -> None:
    first = api.upload([("scan-001.jpg", jpeg_bytes())])
    assert first.status_code == 202
    [doc] = first.json()["documents"]
    assert doc["status"] == "queued" and len(doc["document_id"]) == 32 and doc["duplicate"] is False
    stored = context.get_catalogue().get_document(doc["document_id"])
    assert context.get_store().exists(stored.objects["original"])
    again = api.upload([("renamed.jpg", jpeg_bytes())])
    assert again.status_code == 200
    assert again.json()["documents"][0]["document_id"] == doc["document_id"]
    assert again.json()["documents"][0]["duplicate"] is True
    assert len(context.get_catalogue().all_documents()) == 1
    other = api.upload([("scan-001.jpg", jpeg_bytes())], dossier="000.00.36.H36-251125-0002")
    assert other.status_code == 202 and other.json()["documents"][0]["document_id"] != doc["document_id"]


def test_several_files_in_one_request(api: Api) -> None:
    response = api.upload(
        [("a.jpg", jpeg_bytes()), ("b.jpg", jpeg_bytes(colour="yellow")), ("a2.jpg", jpeg_bytes())],
        role="reviewer",
        doc_type="citizen_id_card",
    )
    assert response.status_code == 202
    docs = response.json()["documents"]
    assert [d["duplicate"] for d in docs] == [False, False, True]
    assert docs[0]["document_id"] == docs[2]["document_id"]


def test_jpeg_with_a_lying_extension_is_judged_by_content(api: Api) -> None:
    response = api.upload([("scan.pdf", jpeg_bytes())])
    assert response.status_code == 202
    doc = context.get_catalogue().get_document(response.json()["documents"][0]["document_id"])
    assert doc.media_type == "image/jpeg" and doc.objects["original"].endswith("original.jpg")


@pytest.mark.parametrize(
    ("name", "content", "status", "code"),
    [
        ("photo.jpg", b"just some text, not a scan\n" * 10, 415, "unsupported_file_type"),
        ("bomb.pdf", blank_pdf(pages=2000), 413, "too_many_pages"),
        ("locked.pdf", blank_pdf(password="secret"), 422, "encrypted_pdf"),
        ("wide.png", _png(60_000, 100), 413, "image_too_large"),
        ("half.jpg", jpeg_bytes(800, 600)[:3000], 422, "corrupt_file"),
        ("empty.jpg", b"", 400, "empty_file"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    api: Api, name: str, content: bytes, status: int, code: str
) -> None:
    message = _refused(api.upload([(name, content)]), status, code)
    assert name in message
    _nothing_stored(api)


def test_oversized_file_is_refused_while_streaming(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOHOA_MAX_FILE_BYTES", "20000")
    context.reset()
    message = _refused(
        api.upload([("big.jpg", jpeg_bytes(2000, 2000, "blue") + b"\0" * 30_000)]), 413, "file_too_large"
    )
    assert "big.jpg" in message
    _nothing_stored(api)


def test_one_bad_file_refuses_the_whole_request(api: Api) -> None:
    response = api.upload([("good.jpg", jpeg_bytes()), ("notes.jpg", b"hello"), ("good2.jpg", jpeg_bytes(500, 400))])
    message = _refused(response, 415, "unsupported_file_type")
    assert "notes.jpg" in message and "nothing from this request was stored" in message
    _nothing_stored(api)


@pytest.mark.parametrize("dossier", ["bad-id", "000.00.36.H36-251399-0001", "..%2F..%2Fetc", "000.00.36.H36-251125-01"])
def test_bad_dossier_id(api: Api, dossier: str) -> None:
    response = api.upload([("a.jpg", jpeg_bytes())], dossier=dossier)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "invalid_dossier_id"
    _nothing_stored(api)


def test_malformed_requests(api: Api) -> None:
    url = f"/v1/dossiers/{DOSSIER}/documents"
    _refused(api.client.post(url, headers=api.auth("intake"), json={"files": []}), 400, "invalid_request")
    _refused(
        api.client.post(
            url,
            headers=api.auth("intake"),
            data={"doc_type": "citizen_id_card"},
            files=[("other", ("x.jpg", jpeg_bytes()))],
        ),
        400,
        "invalid_request",
    )
    _refused(api.upload([("a.jpg", jpeg_bytes())], doc_type="passport"), 400, "invalid_request")
    _nothing_stored(api)
