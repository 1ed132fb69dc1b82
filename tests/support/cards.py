"""An ID card's catalogue result written straight into the catalogue (no OCR), for tests of what is served.

`card_result` is a digitised chip card whose print disagreed with its QR code on `full_name`: every
required field present and valid, so the finding alone keeps it in review; its one page is a
photocopy of both sides (`side` `both`, two regions). `store_card` saves it as the pipeline would:
result.json first, then the catalogue row.
"""

from __future__ import annotations

from ocr.fields import FIELDS_BY_TYPE, OPTIONAL_FIELDS
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.records import DocumentRecord, FieldRecord, PageRecord, ResultRecord

CARD = "citizen_id_card"
FINDING = {
    "code": "qr_print_mismatch",
    "field": "full_name",
    "message": "Giá trị in trên thẻ khác với mã QR (họ và tên: in 'NGUYỄN VĂN ANH', QR 'NGUYỄN VĂN AN')",
}
REGIONS = ({"side": "front", "box": [40, 60, 1040, 700]}, {"side": "back", "box": [40, 760, 1040, 1400]})
_VALUES = {
    "id_number": "068195001234",
    "full_name": "NGUYỄN VĂN AN",
    "date_of_birth": "1995-08-20",
    "sex": "Nữ",
}  # digit 4: a woman born in the 1900s
_FROM_QR = frozenset(_VALUES)


def card_result(doc: DocumentRecord) -> ResultRecord:
    """A chip card read from one photocopy page, with one `qr_print_mismatch` finding on `full_name`."""
    keys = DocumentKeys(doc.dossier_id, doc.document_id)
    page = PageRecord(1, "CĂN CƯỚC CÔNG DÂN", 91.0, 0, 0.2, 300, keys.page(1), ("deskew",), "both", REGIONS)
    required = [n for n in FIELDS_BY_TYPE[CARD] if n not in OPTIONAL_FIELDS.get(CARD, frozenset())]
    fields = tuple(
        FieldRecord(
            name,
            _VALUES.get(name, f"giá trị {name}"),
            0.99,
            True,
            1,
            box=(100, 100, 400, 130) if name == "id_number" else None,
            source="qr" if name in _FROM_QR else "ocr",
        )
        for name in sorted(required)
    )
    return ResultRecord(
        doc_type=CARD,
        doc_type_confidence=1.0,
        pages=(page,),
        fields=fields,
        text=page.text,
        search_text="can cuoc cong dan",
        confidence=91.0,
        needs_review=True,
        entities=None,
        objects={
            "original": doc.objects["original"],
            "pages": [page.key],
            "searchable_pdf": keys.searchable_pdf,
            "result": keys.result,
        },
        seconds=1.0,
        card_type="cccd_chip",
        findings=(dict(FINDING),),
    )


def store_card(catalogue: Catalogue, store: ObjectStore, document_id: str) -> ResultRecord:
    """Save `card_result` for a received document as the pipeline does: result.json, then the catalogue."""
    from ingest.digitising.results import digitised, result_json

    doc = catalogue.get_document(document_id)
    result = card_result(doc)
    store.put_bytes(result.objects["result"], result_json(digitised(doc, result)), "application/json")
    catalogue.save_result(document_id, result)
    return result
