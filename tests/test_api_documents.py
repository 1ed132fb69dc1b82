"""Read, download, search, correct, count and audit a document that really went through OCR."""

from __future__ import annotations

from datetime import date

import pytest

from ingest import context
from tests.support.api import Api, card_bytes, jpeg_bytes
from tests.support.receiving import receive

from .conftest import DOSSIER


@pytest.mark.parametrize("backend", ["api", "pg_api"], ids=["sqlite", "postgresql"])
def test_a_digitised_document_end_to_end(backend: str, request: pytest.FixtureRequest) -> None:
    api: Api = request.getfixturevalue(backend)
    uploaded = api.upload([("cccd.jpg", card_bytes())], doc_type="citizen_id_card")
    assert uploaded.status_code == 202
    document_id = uploaded.json()["documents"][0]["document_id"]
    doc = api.wait(document_id)
    assert doc["status"] == "digitised", doc
    assert doc["dossier_id"] == DOSSIER and doc["doc_type"] == "citizen_id_card"
    assert doc["fields"]["id_number"]["value"] == "068195001234"
    assert doc["needs_review"] is True  # a card with five lines lacks most required fields
    assert "error" not in doc and "entities" not in doc

    # files, streamed with their content types
    reader = api.auth("reader")
    original = api.client.get(f"/v1/documents/{document_id}/files/original", headers=reader)
    assert original.status_code == 200 and original.headers["content-type"] == "image/jpeg"
    assert original.content == card_bytes()
    pdf = api.client.get(f"/v1/documents/{document_id}/files/searchable.pdf", headers=reader)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    page = api.client.get(f"/v1/documents/{document_id}/files/pages/1", headers=reader)
    assert page.headers["content-type"] == "image/png" and page.content.startswith(b"\x89PNG")
    for missing in ("pages/2", "result.json", "../../etc/passwd"):
        assert api.client.get(f"/v1/documents/{document_id}/files/{missing}", headers=reader).status_code == 404

    dossier = api.client.get(f"/v1/dossiers/{DOSSIER}", headers=reader).json()
    assert [d["document_id"] for d in dossier["documents"]] == [document_id]

    # search without diacritics, and by exact field value
    found = api.client.get("/v1/search", params={"q": "nguyen van duc"}, headers=reader).json()
    assert found["total"] == 1 and found["results"][0]["document_id"] == document_id
    assert "VĂN ĐỨC" in found["results"][0]["snippet"]  # the text as printed (OCR may miss a tone mark)
    by_field = api.client.get(
        "/v1/search", params={"field.id_number": "068195001234", "doc_type": "citizen_id_card"}, headers=reader
    ).json()
    assert by_field["total"] == 1
    assert api.client.get("/v1/search", params={"q": "tran thi"}, headers=reader).json()["total"] == 0
    assert api.client.get("/v1/search", params={"field.id_number": "1"}, headers=reader).json()["total"] == 0
    assert api.client.get("/v1/search", params={"field.shoe_size": "42"}, headers=reader).status_code == 400

    # a reviewer's corrections: normalised, re-checked, the OCR value kept beside them
    patch = {
        "fields": {
            "full_name": "nguyễn  văn đức",
            "date_of_birth": "20/08/1995",
            "sex": "nữ",
            "nationality": "Việt Nam",
            "place_of_origin": "Xã Tân Phú, Huyện Đồng Phú, Tỉnh Bình Phước",
            "place_of_residence": "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
            "date_of_expiry": "20/08/2035",
        }
    }
    assert api.client.patch(f"/v1/documents/{document_id}/fields", json=patch, headers=reader).status_code == 403
    corrected = api.client.patch(f"/v1/documents/{document_id}/fields", json=patch, headers=api.auth("reviewer"))
    assert corrected.status_code == 200, corrected.text
    fields = corrected.json()["fields"]
    assert fields["date_of_birth"]["value"] == "1995-08-20" and fields["date_of_birth"]["valid"] is True
    assert fields["sex"]["value"] == "Nữ"  # the ID number's 4th digit (1) says a woman born in the 1900s
    assert fields["full_name"]["value"] == "NGUYỄN VĂN ĐỨC"
    assert fields["full_name"]["corrected_by"].startswith("test reviewer")
    assert fields["full_name"]["corrected_at"]
    assert "ocr_value" in fields["full_name"]
    assert corrected.json()["needs_review"] is False
    stored = context.get_store().get_bytes(corrected.json()["objects"]["result"]).decode()
    assert '"needs_review": false' in stored

    wrong = api.client.patch(
        f"/v1/documents/{document_id}/fields", json={"fields": {"sex": "Nam"}}, headers=api.auth("reviewer")
    ).json()
    # the ID's century digit says female
    assert wrong["fields"]["sex"]["valid"] is False and wrong["needs_review"] is True
    assert wrong["fields"]["full_name"]["value"] == "NGUYỄN VĂN ĐỨC"
    bad = api.client.patch(
        f"/v1/documents/{document_id}/fields", json={"fields": {"shoe_size": "42"}}, headers=api.auth("reviewer")
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_request"
    empty = api.client.patch(f"/v1/documents/{document_id}/fields", json={"fields": {}}, headers=api.auth("admin"))
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_request"

    # stats: exact counts per day and type
    today = date.today().isoformat()
    stats = api.client.get("/v1/stats", params={"from": today, "to": today}, headers=api.auth("admin")).json()
    assert stats["totals"]["received"] == 1 and stats["totals"]["digitised"] == 1
    assert stats["totals"]["needs_review"] == 1
    assert stats["days"][0]["doc_types"]["citizen_id_card"]["received"] == 1

    # the audit log saw every read of personal data
    log = api.client.get(
        "/v1/audit-log", params={"document_id": document_id, "limit": 500}, headers=api.auth("admin")
    ).json()
    actions = {e["action"] for e in log["entries"]}
    assert {"document.read", "file.download", "fields.correct"} <= actions
    searches = api.client.get("/v1/audit-log", params={"action": "search"}, headers=api.auth("admin")).json()
    assert searches["total"] >= 4 and searches["entries"][0]["key_name"] == "test reader"

    metrics = api.client.get("/metrics", headers=reader).text
    assert 'sohoa_documents{status="digitised"} 1.0' in metrics
    assert "sohoa_queue_depth" in metrics and "sohoa_http_request_seconds_bucket" in metrics


def test_corrections_wait_for_digitisation(api: Api) -> None:

    accepted = receive(DOSSIER, _write(api, jpeg_bytes()), "blank.jpg", enqueue=False)
    response = api.client.patch(
        f"/v1/documents/{accepted.document.document_id}/fields",
        json={"fields": {"full_name": "AN"}},
        headers=api.auth("reviewer"),
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    pdf = api.client.get(
        f"/v1/documents/{accepted.document.document_id}/files/searchable.pdf", headers=api.auth("reader")
    )
    assert pdf.status_code == 404 and "queued" in pdf.json()["error"]["message"]


def test_stats_and_reads_refuse_bad_input(api: Api) -> None:
    admin = api.auth("admin")
    assert api.client.get("/v1/stats", params={"from": "2025-13-01"}, headers=admin).status_code == 400
    for first, last in (("2025-02-01", "2025-01-01"), ("2020-01-01", "2025-01-01")):
        assert api.client.get("/v1/stats", params={"from": first, "to": last}, headers=admin).status_code == 400
    empty = api.client.get("/v1/stats", params={"from": "2025-01-01", "to": "2025-01-03"}, headers=admin).json()
    assert [d["date"] for d in empty["days"]] == ["2025-01-01", "2025-01-02", "2025-01-03"]
    assert empty["totals"]["received"] == 0
    assert api.client.get("/v1/dossiers/nope", headers=admin).status_code == 400
    assert api.client.get("/v1/dossiers/000.00.36.H36-251125-0009", headers=admin).status_code == 404
    assert api.client.get("/v1/search", params={"limit": 0}, headers=admin).status_code == 400


def _write(client: Api, data: bytes):  # a Path
    path = client.data_dir.parent / "upload.jpg"
    path.write_bytes(data)
    return path
