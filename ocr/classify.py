"""Document classification from OCR text: which of the contract's types a document is."""

from __future__ import annotations

from dataclasses import dataclass

from .text import fold

_MARKERS: dict[str, tuple[str, ...]] = {
    "citizen_id_card": ("can cuoc", "identity card", "so dinh danh ca nhan", "citizen identity"),
    "birth_registration_form": ("to khai dang ky khai sinh",),
    "application_form": ("don de nghi",),
    "business_registration": ("dang ky doanh nghiep", "ma so doanh nghiep"),
    "land_use_certificate": ("quyen su dung dat", "thua dat so"),
}


@dataclass(frozen=True)
class Classification:
    """A document type with a confidence in 0–1."""

    doc_type: str
    confidence: float


def classify(text: str) -> Classification:
    """The type whose markers appear in the text, or `unknown`."""
    folded = fold(text)
    scores = {t: sum(m in folded for m in markers) for t, markers in _MARKERS.items()}
    best = max(scores, key=scores.__getitem__)
    if scores[best] == 0:
        return Classification("unknown", 0.0)
    return Classification(best, min(1.0, 0.6 + 0.2 * scores[best]))
