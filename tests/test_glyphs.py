"""Repairs of what `vie` cannot print or reliably misprints, on recognised lines."""

from __future__ import annotations

from ocr.glyphs import restore_square_metre, restore_surname
from ocr.tesseract import Line, Word


def line(*texts: str) -> Line:
    """A line of evenly spaced words, as Tesseract's TSV would give them."""
    words = tuple(Word(t, 96.0, 100 + 80 * i, 100, 70, 24, 1, 1, 1) for i, t in enumerate(texts))
    return Line(" ".join(texts), 96.0, words)


def test_surname_nguyen_gets_its_tilde_back_only_where_it_opens_a_name() -> None:
    assert restore_surname(line("Họ", "và", "tên:", "NGUYÊN", "CÔNG", "SƠN")).text == "Họ và tên: NGUYỄN CÔNG SƠN"
    assert restore_surname(line("NGUYÊN", "THÀNH", "HỮU")).words[0].text == "NGUYỄN"
    for kept in (("SỞ", "TÀI", "CHÍNH", "THÁI", "NGUYÊN"), ("TRẦN", "NGUYÊN", "KHANG"), ("NGUYÊN", "vẹn")):
        assert restore_surname(line(*kept)).text == " ".join(kept)


def test_square_metre_comes_back_only_after_a_number() -> None:
    # vie has no superscript two and writes "?" for it
    assert restore_square_metre(line("Diện", "tích:", "125,5", "m?")).text == "Diện tích: 125,5 m²"
    assert restore_square_metre(line("tích:", "80", "m2?,", "đất")).text == "tích: 80 m², đất"
    assert restore_square_metre(line("tích:", "96,4m?")).text == "tích: 96,4m²"
    for kept in (("Diện", "tích:", "80", "m2"), ("hỏi", "m?"), ("m?", "là"), ("tên", "Tâm?")):
        assert restore_square_metre(line(*kept)).text == " ".join(kept)
