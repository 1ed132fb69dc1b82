"""Shared builders for field-extraction tests: OCR lines as ocr.tesseract returns them."""

from __future__ import annotations

from ocr.tesseract import Line, Word


def ocr_lines(block: str, page: int = 1, low: tuple[str, ...] = (), paragraph_per_line: bool = True) -> list[Line]:
    """One `Line` per text line; words in `low` get a low OCR confidence (45), the rest 93."""
    lines = []
    for i, text in enumerate(t.strip() for t in block.strip().splitlines()):
        if not text:
            continue
        words = tuple(
            Word(w, 45.0 if w in low else 93.0, 20 * n, 50 * i, 18, 30, 1, i if paragraph_per_line else 1, 1)
            for n, w in enumerate(text.split())
        )
        conf = sum(w.confidence for w in words) / len(words)
        lines.append(Line(" ".join(w.text for w in words), conf, words, page))
    return lines


def values(fields: dict) -> dict[str, str]:
    """Field name → value."""
    return {name: f.value for name, f in fields.items()}
