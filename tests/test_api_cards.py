"""ID cards through the API (issue #15): the document object carries `card_type`, `findings`, each page's
`side` and each field's `source` exactly as result.json does, from the catalogue; a finding about a field
keeps the card in review until a reviewer has corrected that field; the document page shows the findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from ingest import context
from ingest.digitising.results import document_json
from samples import cards
from storage.catalogue import Catalogue
from storage.users import Users
from tests.support.api import Api, jpeg_bytes
from tests.support.cards import FINDING, REGIONS, card_result, store_card
from tests.support.receiving import receive
from tests.test_web_support import csrf_of

from .conftest import DOSSIER


def _both_sides_tiff(capture: cards.Capture) -> bytes:
    front, back = (Image.fromarray(image) for image in capture.images)
    buffer = io.BytesIO()
    front.save(buffer, format="TIFF", save_all=True, append_images=[back], dpi=(600, 600))
    return buffer.getvalue()


def _result_json(doc: dict) -> dict:
    return json.loads(context.get_store().get_bytes(doc["objects"]["result"]))


def _signed_in_reviewer(api: Api) -> None:
    """Sign the test client in through `/login` as a staff reviewer (the page's session cookie is kept)."""
    Users(context.get_database()).create_user("nv-kiem-tra", "reviewer", "mat-khau-kiem-tra-2026")
    token = csrf_of(api.client.get("/login").text)
    form = {"username": "nv-kiem-tra", "password": "mat-khau-kiem-tra-2026", "csrf_token": token}
    assert api.client.post("/login", data=form, follow_redirects=False).status_code == 303


def test_a_tampered_card_reaches_the_api_with_its_finding(api: Api) -> None:
    card, capture, altered = cards.sample(15, 7, "cccd_chip", "scan", tampered=True)
    assert altered is not None
    uploaded = api.upload([("card.tiff", _both_sides_tiff(capture))], doc_type="citizen_id_card")
    document_id = uploaded.json()["documents"][0]["document_id"]
    doc = api.wait(document_id)
    assert doc["status"] == "digitised", doc

    assert doc == _result_json(doc)  # card_type, findings, sides and sources included, and nothing else differs
    assert [p["side"] for p in doc["pages"]] == ["front", "back"]
    assert doc["card_type"] == "cccd_chip" and doc["needs_review"] is True
    disputed = {f["field"] for f in doc["findings"] if f["code"] in ("qr_print_mismatch", "mrz_print_mismatch")}
    assert altered in disputed
    assert doc["fields"][altered]["source"] == "qr"
    assert doc["fields"][altered]["value"] == cards.truth(card)[altered]  # the QR's value, not the altered print

    dossier = api.client.get(f"/v1/dossiers/{DOSSIER}", headers=api.auth("reader")).json()
    assert dossier["documents"] == [doc]

    _signed_in_reviewer(api)
    page = api.client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert "Chữ in trên thẻ khác mã QR" in page.text and f'href="#field-{altered}"' in page.text
    assert f'id="field-{altered}" class="field flagged"' in page.text  # a valid QR value, flagged by its finding
    assert "Mặt trước" in page.text and "Mặt sau" in page.text and "gắn chip" in page.text


@pytest.mark.parametrize("backend", ["api", "pg_api"], ids=["sqlite", "postgresql"])
def test_a_finding_keeps_the_card_in_review_until_its_field_is_corrected(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    api: Api = request.getfixturevalue(backend)
    scan = tmp_path / "copy.jpg"
    scan.write_bytes(jpeg_bytes())
    document_id = receive(DOSSIER, scan, "copy.jpg", enqueue=False).document.document_id
    store_card(context.get_catalogue(), context.get_store(), document_id)

    doc = api.client.get(f"/v1/documents/{document_id}", headers=api.auth("reader")).json()
    assert doc["card_type"] == "cccd_chip" and doc["findings"] == [FINDING] and doc["needs_review"] is True
    assert doc["pages"][0]["side"] == "both" and doc["pages"][0]["regions"] == list(REGIONS)
    assert doc["fields"]["id_number"]["source"] == "qr" and doc["fields"]["id_number"]["box"] == [100, 100, 400, 130]
    assert doc["fields"]["nationality"]["source"] == "ocr"
    assert doc == {**_result_json(doc), "received_at": doc["received_at"]}

    reviewer = api.auth("reviewer")
    other = api.client.patch(f"/v1/documents/{document_id}/fields", json={"fields": {"sex": "nữ"}}, headers=reviewer)
    assert other.status_code == 200, other.text
    assert other.json()["needs_review"] is True  # every field is valid: only the finding on full_name keeps it
    fixed = api.client.patch(
        f"/v1/documents/{document_id}/fields", json={"fields": {"full_name": "Nguyễn Văn An"}}, headers=reviewer
    ).json()
    assert fixed["needs_review"] is False
    assert fixed["fields"]["full_name"]["source"] == "reviewer" and fixed["fields"]["sex"]["source"] == "reviewer"
    assert fixed["findings"] == [FINDING]  # what was found stays on record
    stored = _result_json(fixed)  # rewritten from the catalogue: the card's data survive a correction
    assert stored["card_type"] == "cccd_chip" and stored["findings"] == [FINDING]
    assert stored["pages"][0]["side"] == "both" and stored["fields"]["full_name"]["source"] == "reviewer"


def test_an_older_sqlite_file_gains_the_card_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sohoa.db'}"
    catalogue = Catalogue(url)
    with catalogue.engine.begin() as conn:  # back to the schema before the card columns
        for table, column in (
            ("documents", "card_type"),
            ("documents", "card_document_id"),
            ("documents", "findings"),
            ("pages", "side"),
            ("pages", "regions"),
            ("fields", "source"),
        ):
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
    catalogue.engine.dispose()
    reopened = Catalogue(url)
    from tests.test_catalogue import new_document

    doc, _ = reopened.add_document(new_document())
    reopened.save_result(doc.document_id, card_result(doc))
    out = document_json(reopened.get_document(doc.document_id))
    assert out["card_type"] == "cccd_chip" and out["findings"] == [FINDING] and out["pages"][0]["side"] == "both"
    reopened.engine.dispose()
