"""Each field carries its page box (`box: [x0, y0, x1, y1]`), in the stored page image's pixels, for the
document page to outline where a value was read."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ingest.digitising.results import document_json, field_records, in_page_pixels
from ocr.fields import extract_fields
from storage.catalogue import Catalogue
from tests.test_catalogue import new_document, result_for
from tests.test_fields_forms import BIRTH
from tests.test_fields_helpers import ocr_lines


def test_a_field_box_surrounds_the_words_of_its_value() -> None:
    lines = ocr_lines(BIRTH)
    fields = extract_fields("birth_registration_form", lines)
    row = next(ln for ln in lines if ln.text.startswith("Số định danh"))
    number = next(w for w in row.words if w.text == "068095001234")
    assert fields["requester_id_number"].box == (
        number.left,
        number.top,
        number.left + number.width,
        number.top + number.height,
    )
    name_line = next(ln for ln in lines if ln.text.startswith("Họ, chữ đệm, tên người yêu cầu"))
    first, last = name_line.words[-3], name_line.words[-1]  # NGUYỄN VĂN AN
    assert fields["requester_name"].box == (first.left, first.top, last.left + last.width, last.top + last.height)
    assert all(f.box is not None for f in fields.values())


def test_boxes_move_to_page_pixels_and_survive_the_catalogue_and_the_json(tmp_path: Path) -> None:
    fields = extract_fields("birth_registration_form", ocr_lines(BIRTH))
    ocr_box = fields["child_name"].box
    assert ocr_box is not None
    scaled = in_page_pixels(fields, {1: 0.5})  # the page was read at half the stored page's size
    assert scaled["child_name"].box == tuple(2 * v for v in ocr_box)
    assert in_page_pixels(fields, {})["child_name"].box == ocr_box
    catalogue = Catalogue(f"sqlite:///{tmp_path / 'sohoa.db'}")
    doc, _ = catalogue.add_document(new_document())
    catalogue.save_result(doc.document_id, replace(result_for(doc.document_id), fields=field_records(scaled)))
    out = document_json(catalogue.get_document(doc.document_id))["fields"]
    assert out["child_name"]["box"] == [2 * v for v in ocr_box]
    catalogue.engine.dispose()
