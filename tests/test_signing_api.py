"""Component metadata at upload, the verification route and the portal's TaiLieuNop shape, over HTTP."""

from __future__ import annotations

import re

from ingest import context
from storage.keys import DocumentKeys
from tests.support.api import Api, card_bytes

from .conftest import DOSSIER

COMPONENT = {
    "procedure_code": "1.001612",
    "component_code": "TP01",
    "component_name": "Bản sao  Căn cước công dân",
    "retention": "20",
    "access_level": "internal",
}


def _upload(api: Api, data: dict[str, str]):
    parts = [("files", ("cccd.jpg", card_bytes(), "image/jpeg"))]
    return api.client.post(
        f"/v1/dossiers/{DOSSIER}/documents",
        headers=api.auth("intake"),
        files=parts,
        data={"doc_type": "citizen_id_card", **data},
    )


def test_component_metadata_verification_and_portal(api: Api) -> None:
    uploaded = _upload(api, COMPONENT)
    assert uploaded.status_code == 202, uploaded.text
    document_id = uploaded.json()["documents"][0]["document_id"]
    doc = api.wait(document_id)
    assert doc["status"] == "digitised", doc
    for name, value in COMPONENT.items():
        assert doc[name] == (" ".join(value.split()))
    assert doc["digitised_by"] == "test intake"  # the API key's name
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", doc["digitised_at"])
    assert doc["dpi"] == 300 and doc["page_count"] == 1 and doc["pdfa"] == "PDF/A-2b"
    assert doc["ocr_engine"].startswith("Tesseract ")
    reader = api.auth("reader")
    pdf = api.client.get(f"/v1/documents/{document_id}/files/searchable.pdf", headers=reader).content
    import hashlib

    assert doc["signed_sha256"] == hashlib.sha256(pdf).hexdigest()
    assert b"<sohoa:procedureCode>1.001612</sohoa:procedureCode>" in pdf
    assert b"<sohoa:componentCode>TP01</sohoa:componentCode>" in pdf

    verified = api.client.get(f"/v1/documents/{document_id}/verification", headers=reader)
    assert verified.status_code == 200, verified.text
    assert verified.json()["ok"] is True and verified.json()["problem"] is None
    assert verified.json()["signer"].startswith("sohoa development signer")

    portal = api.client.get(f"/v1/dossiers/{DOSSIER}/portal", headers=reader)
    assert portal.status_code == 200, portal.text
    body = portal.json()
    assert body["MaHoSo"] == DOSSIER and body["MaTTHC"] == "1.001612"
    assert re.fullmatch(r"\d{14}", body["NgayTiepNhan"])
    [entry] = body["TaiLieuNop"]
    assert entry["TepDinhKemId"] == document_id
    assert entry["TenTepDinhKem"] == "Bản sao Căn cước công dân"
    assert entry["MaThanhPhanHoSo"] == "TP01"
    assert entry["DuongDanTaiTepTin"].endswith(f"/v1/documents/{document_id}/files/searchable.pdf")
    link = entry["DuongDanTaiTepTin"].split("://", 1)[1].split("/", 1)[1]
    assert api.client.get(f"/{link}", headers=reader).content == pdf  # the link downloads the signed copy

    # a copy altered in the store is caught by the route
    key = DocumentKeys(DOSSIER, document_id).searchable_pdf
    altered = bytearray(pdf)
    altered[len(altered) // 3] ^= 0x01
    context.get_store().put_bytes(key, bytes(altered), "application/pdf")
    failed = api.client.get(f"/v1/documents/{document_id}/verification", headers=reader).json()
    assert failed["ok"] is False and failed["problem"] == "altered"


def test_bad_component_metadata_is_refused_with_the_field_named(api: Api) -> None:
    for field, value in (("procedure_code", "1.0016"), ("retention", "forever"), ("component_code", "TP 01/..")):
        refused = _upload(api, {field: value})
        assert refused.status_code == 400, refused.text
        assert field in refused.json()["error"]["message"]
    assert _upload(api, {"procedure_code": "1.001612.000.00.00.H48", "retention": "vĩnh viễn"}).status_code == 202


def test_verification_of_a_document_without_a_copy_yet_is_a_conflict(api: Api) -> None:
    from storage.records import NewDocument

    catalogue = context.get_catalogue()
    catalogue.add_document(
        NewDocument(
            document_id="a" * 32,
            dossier_id=DOSSIER,
            source="x.jpg",
            sha256="0" * 64,
            media_type="image/jpeg",
            ext="jpg",
            size_bytes=1,
            original_key=f"{DOSSIER}/{'a' * 32}/original.jpg",
        )
    )
    answer = api.client.get(f"/v1/documents/{'a' * 32}/verification", headers=api.auth("reader"))
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "conflict"
