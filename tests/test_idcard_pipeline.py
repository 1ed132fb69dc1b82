"""ID cards through the whole pipeline (issue #15): a generated chip card, both sides as two pages of one
file; and the two sides as two files of one upload, paired into one card."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from core.settings import get_settings
from ingest.context import get_catalogue, get_store
from ingest.digitising import pipeline
from ingest.digitising.results import document_json
from samples import cards
from tests.conftest import DOSSIER
from tests.support.receiving import receive


def _result_json(doc_id: str) -> dict:
    doc = get_catalogue().get_document(doc_id)
    return json.loads(get_store().get_bytes(doc.objects["result"]))


def test_chip_card_both_sides_in_one_file(data_dir: Path, tmp_path: Path) -> None:
    card, capture, _ = cards.sample(15, 7, "cccd_chip", "scan")
    path = tmp_path / "card.tiff"
    front, back = (Image.fromarray(image) for image in capture.images)
    front.save(path, save_all=True, append_images=[back], dpi=(600, 600))
    accepted = receive(DOSSIER, path, "card.tiff", enqueue=False)
    doc = pipeline.digitise(accepted.document.document_id, get_store(), get_catalogue(), get_settings())
    truth = cards.truth(card)
    values = {f.name: f.value for f in doc.fields}
    assert doc.doc_type == "citizen_id_card"
    for name in (
        "id_number",
        "full_name",
        "date_of_birth",
        "sex",
        "place_of_residence",
        "issue_date",
        "old_id_number",
        "date_of_expiry",
    ):
        assert values[name] == truth[name], name
    result = _result_json(doc.document_id)
    assert result["card_type"] == "cccd_chip" and result["findings"] == []
    assert [p["side"] for p in result["pages"]] == ["front", "back"]
    assert result["fields"]["id_number"]["source"] == "qr"
    assert result["fields"]["date_of_expiry"]["source"] == "mrz"
    assert document_json(doc) == result  # the API's document object is result.json, from the catalogue


def test_front_and_back_as_two_files_become_one_card(data_dir: Path, tmp_path: Path) -> None:
    card, capture, _ = cards.sample(15, 8, "can_cuoc", "scan")
    ids = []
    for side, image in zip(("front", "back"), capture.images, strict=True):
        path = tmp_path / f"{side}.png"
        Image.fromarray(image).save(path)
        ids.append(receive(DOSSIER, path, path.name, enqueue=False).document.document_id)
    for doc_id in ids:
        pipeline.digitise(doc_id, get_store(), get_catalogue(), get_settings())
    front, back = (_result_json(doc_id) for doc_id in ids)
    assert front["card_document_id"] == ids[1] and back["card_document_id"] == ids[0]
    values = {f.name: f.value for f in get_catalogue().get_document(ids[0]).fields}
    truth = cards.truth(card)
    for name in ("id_number", "full_name", "date_of_birth", "issue_date", "place_of_birth", "date_of_expiry"):
        assert values[name] == truth[name], name  # both sides' fields on the front's document
    for doc_id, result in zip(ids, (front, back), strict=True):  # the pairing is in the catalogue too
        assert document_json(get_catalogue().get_document(doc_id)) == result
    assert front["card_type"] == back["card_type"] == "can_cuoc"
    assert [p["side"] for p in front["pages"]] == ["front"] and [p["side"] for p in back["pages"]] == ["back"]
