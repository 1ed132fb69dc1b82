"""Both sides of one ID card uploaded as two files: one card, with the fields of both.

Each file is digitised as its own document (its own original, pages and searchable PDF), often by
two workers at once. When a card document is digitised and shows only one side, the other side is
looked for among the dossier's card documents received in the same upload (within
`SAME_UPLOAD_S`, no parent, digitised, showing only the other side). The two are then one card: each
side's document carries the fields of both sides (each field from its most exact source, `qr` >
`mrz` > `ocr`, a disagreement between an exact source and the print a finding) and names the other
side's (`card_document_id`, in the catalogue and so in the API's JSON and result.json). Sides and
sources are read from the catalogue (pages' `side`, fields' `source`), not from result.json.

Whichever of the two finishes second pairs them, before its own document is marked digitised (so
whoever waits for both sees them paired): the partner, already digitised, is saved merged first.
Two sides finishing within the same few milliseconds may both miss each other: they then stay two
one-sided cards, each correct for its side.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ocr.text import fold
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.records import DocumentRecord, FieldRecord, PageRecord, ResultRecord, Status

from ..digitising.results import digitised, page_findings, result_json

SAME_UPLOAD_S = 600.0
CARD = "citizen_id_card"
_RANK = {"qr": 0, "mrz": 1, "text_layer": 2, "ocr": 3}
_EXACT = frozenset({"qr", "mrz"})
_SINGLE_SIDES = ({"front"}, {"back"})


def _sides(pages: tuple[PageRecord, ...]) -> set[str | None]:
    return {page.side for page in pages}


def merge_fields(
    front: dict[str, dict[str, Any]], back: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, str]]]:
    """The card's fields from its two sides' (result.json field objects with `source`), and the findings."""
    merged: dict[str, dict[str, Any]] = {}
    findings: list[dict[str, str]] = []
    for name in sorted(front.keys() | back.keys()):
        options = [f for f in (front.get(name), back.get(name)) if f is not None]
        options.sort(key=lambda f: _RANK.get(str(f.get("source", "ocr")), 9))
        best = dict(options[0])
        for other in options[1:]:
            if other["value"] == best["value"]:
                continue
            exact = best.get("source") in _EXACT
            if exact and (other.get("source") in _EXACT or other.get("valid")):
                code = (
                    "mrz_print_mismatch" if "mrz" in (best.get("source"), other.get("source")) else "qr_print_mismatch"
                )
                if best.get("source") in _EXACT and other.get("source") in _EXACT:
                    code = "qr_mrz_mismatch"
                findings.append(
                    {
                        "code": code,
                        "field": name,
                        "message": f"Hai mặt thẻ không khớp nhau ({name}: {best['value']!r}, {other['value']!r})",
                    }
                )
                best["valid"] = False
        merged[name] = best
    return merged, findings


def _field_dicts(fields: tuple[FieldRecord, ...], *, boxes: bool) -> dict[str, dict[str, Any]]:
    """Catalogue fields as `merge_fields` takes them; with `boxes` only for a document's own side (a box
    is in the pixels of the page it was read on, which the other side's document does not have)."""
    out: dict[str, dict[str, Any]] = {}
    for f in fields:
        out[f.name] = {"value": f.value, "confidence": f.confidence, "valid": f.valid, "page": f.page}
        out[f.name]["source"] = f.source or "ocr"
        if boxes and f.box:
            out[f.name]["box"] = f.box
    return out


def _field_records(fields: dict[str, dict[str, Any]]) -> tuple[FieldRecord, ...]:
    return tuple(
        FieldRecord(
            name,
            str(f["value"]),
            float(f.get("confidence", 0.0)),
            bool(f.get("valid")),
            int(f.get("page", 1)),
            box=f.get("box"),
            source=f.get("source"),
        )
        for name, f in sorted(fields.items())
    )


def _distinct(findings: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Findings once each, in order (a side paired before already carries the card's findings)."""
    seen: set[tuple[tuple[str, str], ...]] = set()
    out = []
    for finding in findings:
        key = tuple(sorted((k, str(v)) for k, v in finding.items()))
        if key not in seen:
            seen.add(key)
            out.append(dict(finding))
    return tuple(out)


def _as_result(doc: DocumentRecord) -> ResultRecord:
    """A digitised document's catalogue result as it stands (the partner's, to merge into)."""
    return ResultRecord(
        doc_type=CARD,
        doc_type_confidence=doc.doc_type_confidence or 0.0,
        pages=doc.pages,
        fields=doc.fields,
        text=doc.text,
        search_text="",
        confidence=doc.confidence or 0.0,
        needs_review=doc.needs_review,
        entities=doc.entities,
        objects=doc.objects,
        seconds=doc.seconds or 0.0,
        card_type=doc.card_type,
        card_document_id=doc.card_document_id,
        findings=doc.findings,
    )


def _merged(
    own: ResultRecord, other: ResultRecord, other_id: str, findings: tuple[dict[str, Any], ...]
) -> ResultRecord:
    """`own` side's result as one card with the `other` side: both sides' fields (each from its most exact
    source), the card's generation and findings, and the other side's document named."""
    mine, theirs = _field_dicts(own.fields, boxes=True), _field_dicts(other.fields, boxes=False)
    front, back = (own, other) if _sides(own.pages) == {"front"} else (other, own)
    fields = _field_records(merge_fields(*((mine, theirs) if front is own else (theirs, mine)))[0])
    return replace(
        own,
        fields=fields,
        search_text=fold(f"{own.text} {' '.join(f.value for f in fields)}"),
        needs_review=bool(findings) or bool(page_findings(own.pages)) or any(not f.valid for f in fields),
        card_type=_card_type(front.card_type, back.card_type),
        card_document_id=other_id,
        findings=findings,
    )


def pair_sides(
    doc: DocumentRecord, result: ResultRecord, store: ObjectStore, catalogue: Catalogue
) -> ResultRecord | None:
    """Pair a one-sided card document about to be saved (`result`) with the other side, already digitised:
    the partner is saved merged here (catalogue row and result.json), and this document's merged result
    is returned for the caller to save (None when there is no partner)."""
    if doc.parent_id or _sides(result.pages) not in _SINGLE_SIDES:
        return None
    wanted = {"back"} if _sides(result.pages) == {"front"} else {"front"}
    for other in catalogue.dossier_documents(doc.dossier_id):
        if (
            other.document_id == doc.document_id
            or other.doc_type != CARD
            or other.card_type is None
            or other.parent_id
            or other.status != Status.DIGITISED
            or abs((other.created_at - doc.created_at).total_seconds()) > SAME_UPLOAD_S
            or _sides(other.pages) != wanted
            or other.card_document_id not in (None, doc.document_id)
        ):
            continue
        theirs = _as_result(other)
        front, back = (result, theirs) if wanted == {"back"} else (theirs, result)
        conflicts = merge_fields(_field_dicts(front.fields, boxes=False), _field_dicts(back.fields, boxes=False))[1]
        findings = _distinct([*(front.findings or ()), *(back.findings or ()), *conflicts])
        partner = _merged(theirs, result, doc.document_id, findings)
        key = other.objects.get("result") or DocumentKeys(other.dossier_id, other.document_id).result
        store.put_bytes(key, result_json(digitised(other, partner)), "application/json")
        catalogue.save_result(other.document_id, partner)
        return _merged(result, theirs, other.document_id, findings)
    return None


def _card_type(front: Any, back: Any) -> str:
    """The pair's generation: a back with an MRZ or a 2024 back's labels says more than a front alone."""
    for kind in ("can_cuoc", "cmnd", "cccd_chip"):
        if kind in (front, back):
            return kind
    return str(front or back or "cccd")
