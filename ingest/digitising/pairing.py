"""Both sides of one ID card uploaded as two files: one card, with the fields of both.

Each file is digitised as its own document (its own original, pages and searchable PDF), often by
two workers at once. When a card document is digitised and shows only one side, the other side is
looked for among the dossier's card documents received in the same upload (within
`SAME_UPLOAD_S`, no parent, digitised, showing only the other side). The two are then one card: the
front's document carries the fields of both sides (each field from its most exact source, `qr` >
`mrz` > `ocr`, a disagreement between an exact source and the print a finding), and the back's
document names it (`card_document_id` in both result.json files, each naming the other side).

Whichever of the two finishes second pairs them, before its own document is marked digitised (so
whoever waits for both sees them paired): the partner, already digitised, is saved merged first.
Two sides finishing within the same few milliseconds may both miss each other: they then stay two
one-sided cards, each correct for its side.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ocr.text import fold
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.records import DocumentRecord, FieldRecord, ResultRecord, Status

SAME_UPLOAD_S = 600.0
CARD = "citizen_id_card"
_RANK = {"qr": 0, "mrz": 1, "text_layer": 2, "ocr": 3}
_EXACT = frozenset({"qr", "mrz"})
_SINGLE_SIDES = ({"front"}, {"back"})


def _card_json(store: ObjectStore, doc: DocumentRecord) -> dict[str, Any] | None:
    key = doc.objects.get("result")
    if not key:
        return None
    try:
        payload = json.loads(store.get_bytes(key))
    except (OSError, ValueError, KeyError):
        return None
    return payload if isinstance(payload, dict) and "card_type" in payload else None


def _sides(card: dict[str, Any]) -> set[str]:
    return {str(page.get("side")) for page in card.get("pages", [])}


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


def _field_records(fields: dict[str, dict[str, Any]]) -> tuple[FieldRecord, ...]:
    return tuple(
        FieldRecord(name, str(f["value"]), float(f.get("confidence", 0.0)), bool(f.get("valid")), int(f.get("page", 1)))
        for name, f in sorted(fields.items())
    )


def _merged_result(
    doc: DocumentRecord, result: ResultRecord | None, fields: dict[str, dict[str, Any]], findings: list[dict[str, str]]
) -> ResultRecord:
    """The catalogue result of one side's document with the card's merged fields."""
    records = _field_records(fields)
    review = bool(findings) or any(not f.get("valid") for f in fields.values())
    if result is not None:
        return replace(result, fields=records, search_text=_search_text(result.text, records), needs_review=review)
    return ResultRecord(
        doc_type=CARD,
        doc_type_confidence=doc.doc_type_confidence or 0.0,
        pages=doc.pages,
        fields=records,
        text=doc.text,
        search_text=_search_text(doc.text, records),
        confidence=doc.confidence or 0.0,
        needs_review=review,
        entities=doc.entities,
        objects=doc.objects,
        seconds=doc.seconds or 0.0,
    )


def _search_text(text: str, fields: tuple[FieldRecord, ...]) -> str:
    return fold(f"{text} {' '.join(f.value for f in fields)}")


def pair_sides(
    doc: DocumentRecord, mine: dict[str, Any], result: ResultRecord, store: ObjectStore, catalogue: Catalogue
) -> tuple[ResultRecord, dict[str, Any]] | None:
    """Pair a one-sided card document about to be saved (`result`, result.json object `mine`) with the
    other side, already digitised: the partner is saved merged here, and this document's merged result
    and result.json object are returned for the caller to save (None when there is no partner)."""
    if doc.parent_id or _sides(mine) not in _SINGLE_SIDES:
        return None
    wanted = {"back"} if _sides(mine) == {"front"} else {"front"}
    for other in catalogue.dossier_documents(doc.dossier_id):
        if (
            other.document_id == doc.document_id
            or other.doc_type != CARD
            or other.parent_id
            or other.status != Status.DIGITISED
            or abs((other.created_at - doc.created_at).total_seconds()) > SAME_UPLOAD_S
        ):
            continue
        theirs = _card_json(store, other)
        if theirs is None or _sides(theirs) != wanted or theirs.get("card_document_id") not in (None, doc.document_id):
            continue
        front, back = (mine, theirs) if wanted == {"back"} else (theirs, mine)
        fields, findings = merge_fields(front["fields"], back["fields"])
        findings = list(front.get("findings", [])) + list(back.get("findings", [])) + findings
        card_type = _card_type(front.get("card_type"), back.get("card_type"))
        partner = _merged_result(other, None, fields, findings)
        catalogue.save_result(other.document_id, partner)
        _put(
            store,
            other,
            {
                **theirs,
                "card_type": card_type,
                "fields": fields,
                "findings": findings,
                "needs_review": partner.needs_review,
                "card_document_id": doc.document_id,
            },
        )
        merged = _merged_result(doc, result, fields, findings)
        return merged, {
            **mine,
            "card_type": card_type,
            "fields": fields,
            "findings": findings,
            "needs_review": merged.needs_review,
            "card_document_id": other.document_id,
        }
    return None


def _put(store: ObjectStore, doc: DocumentRecord, payload: dict[str, Any]) -> None:
    key = DocumentKeys(doc.dossier_id, doc.document_id).result
    store.put_bytes(key, json.dumps(payload, ensure_ascii=False, indent=2).encode(), "application/json")


def _card_type(front: Any, back: Any) -> str:
    """The pair's generation: a back with an MRZ or a 2024 back's labels says more than a front alone."""
    for kind in ("can_cuoc", "cmnd", "cccd_chip"):
        if kind in (front, back):
            return kind
    return str(front or back or "cccd")
