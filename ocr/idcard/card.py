"""One identity card read from its pages: which generation and side, its fields, and the findings.

`read_card` takes the OCR lines of every page of the card (front and back, as two pages or both on
one photocopy) with the QR payload decoded on each page's original pixels and the MRZ read on each
page (`read_mrz`), and returns the card's fields with the source of each (`qr`, `mrz`, `ocr`).

Generation (`card_type`) and side come from printed cues, the QR code and the MRZ:
- `cmnd`: "GIẤY CHỨNG MINH NHÂN DÂN", "Nguyên quán", "Nơi ĐKHK thường trú", "Dấu vết riêng";
- `can_cuoc` (2024): "Số định danh cá nhân", "Họ, chữ đệm và tên khai sinh", "Nơi đăng ký khai sinh";
- `cccd_chip` (2021): bilingual labels ("Full name", "Date, month, year"), a QR code or an MRZ;
- `cccd` (2016): "CĂN CƯỚC CÔNG DÂN" in Vietnamese only, neither QR nor MRZ.
The MRZ band is found among the page's lines (three lines of `0-9A-Z<` at the bottom) and, unless
the page's own reading already passes every check digit, read again: by the OCR-B template matcher
(`ocrb`, a few milliseconds), then by Tesseract with a character whitelist when that fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import fields as fx
from ..fields import validate as val
from ..tesseract import Line, read_characters
from ..text import fold
from . import ocrb
from .crosscheck import Printed, cross_check
from .mrz import Mrz, MrzError, read_td1
from .qr import QrPayload

BAND_HEIGHT = 200  # pixels of the re-read MRZ band (three lines and their margins: ~40 px a line)
MRZ_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
_MRZ_CHAR = re.compile(r"[0-9A-Z<«‹]")
_ISSUED_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_CUES = {
    "cmnd": ("giay chung minh nhan dan", "chung minh nhan dan", "nguyen quan", "dkhk", "dau vet rieng",
             "di hinh", "sinh ngay"),
    "can_cuoc": ("so dinh danh ca nhan", "chu dem va ten khai sinh", "noi dang ky khai sinh", "nam het han",
                 "ngay, thang, nam cap", "identity card"),
    "cccd_chip": ("citizen identity card", "full name", "date of birth", "date, month, year", "place of origin",
                  "personal identification", "date of expiry", "director general"),
    "cccd": ("can cuoc cong dan", "dkql cu tru", "dlqg ve dan cu"),
}
_FRONT = ("ho va ten", "ho ten", "full name", "ngay sinh", "sinh ngay", "so dinh danh", "date of birth",
          "gioi tinh", "que quan", "nguyen quan")
_BACK = ("dac diem nhan dang", "dau vet rieng", "noi cu tru", "ngon tro", "noi dang ky khai sinh",
         "ngay, thang, nam cap", "date, month, year", "ton giao")
# Fields every card of a generation prints; the others may be absent without anything being wrong.
REQUIRED = {
    "cmnd": ("id_number", "full_name", "date_of_birth", "place_of_residence"),
    "cccd": ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence"),
    "cccd_chip": ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence"),
    "can_cuoc": ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence"),
}
QR_CONFIDENCE = 1.0
MRZ_CONFIDENCE = 0.99


@dataclass(frozen=True)
class CardPage:
    """What one page gives the card: its number, OCR lines, and the QR and MRZ read on it."""

    number: int
    lines: tuple[Line, ...]
    qr: QrPayload | None = None
    mrz: Mrz | None = None


@dataclass(frozen=True)
class CardReading:
    """A card read from all its pages."""

    card_type: str
    sides: dict[int, str]
    fields: dict[str, fx.Field]
    findings: tuple[dict[str, str], ...]
    needs_review: bool


def mrz_lines_of(lines: Sequence[Line]) -> list[Line]:
    """The lines that look like MRZ text (long runs of `0-9A-Z<`), the last three of them."""
    found = []
    for line in lines:
        text = "".join(line.text.split())
        if len(text) >= 20 and len(_MRZ_CHAR.findall(text)) >= 0.8 * len(text) and (
                text.count("<") >= 2 or "VNM" in text):
            found.append(line)
    return found[-3:]


def read_mrz(lines: Sequence[Line], image: np.ndarray | None = None, ocr_scale: float = 1.0,
             reread: Callable[[np.ndarray], list[str]] | None = None) -> Mrz | None:
    """The page's MRZ: from its own OCR lines when they pass every check, else read again from the band
    of `image` (the page as OCR'd, word boxes at `ocr_scale`) with the MRZ characters only."""
    found = mrz_lines_of(lines)
    if not found:
        return None
    if len(found) == 3:
        try:
            return read_td1([ln.text for ln in found])
        except MrzError:
            pass
    if image is None:
        return None
    words = [w for ln in found for w in ln.words]
    x0, x1 = min(w.left for w in words), max(w.left + w.width for w in words)
    y0, y1 = min(w.top for w in words), max(w.top + w.height for w in words)
    line_h = max(w.height for w in words)
    pad = line_h
    top = y0 - (3 - len(found)) * 2 * line_h - pad if len(found) < 3 else y0 - pad
    bottom = y1 + (3 - len(found)) * 2 * line_h + pad if len(found) < 3 else y1 + pad
    box = [int(v / ocr_scale) for v in (max(0, x0 - 3 * pad), max(0, top), x1 + 3 * pad, bottom)]
    crop = image[box[1]:box[3], box[0]:box[2]]
    if crop.size == 0:
        return None
    for read in (ocrb.read_band, reread or _reread):  # the template matcher first: no process to start
        texts = [t for t in (re.sub(r"\s+", "", t) for t in read(crop)) if len(t) >= 15]
        zone = _combine(texts + [ln.text for ln in found])  # the band's reading first: the name has no check
        if zone is not None:
            return zone
    return None


def _combine(texts: Sequence[str]) -> Mrz | None:
    """The first combination of one line per TD1 row that passes every check digit."""
    rows: list[list[str]] = [[], [], []]
    for text in texts:
        rows[_row_of(text)].append(text)
    for one in rows[0] or [""]:
        for two in rows[1] or [""]:
            for three in rows[2] or [""]:
                try:
                    return read_td1([one, two, three])
                except MrzError:
                    continue
    return None


def _row_of(text: str) -> int:
    """Which TD1 row an OCR line is: 0 opens `ID VNM`, 1 has `VNM` after the dates, 2 is the name."""
    at = text.upper().find("VNM")
    if 0 <= at <= 7:
        return 0
    if 12 <= at <= 22:
        return 1
    return 2


def _reread(crop: np.ndarray) -> list[str]:
    """The MRZ band read by Tesseract with only MRZ characters allowed, scaled to ~40 px a line."""
    import cv2

    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    scale = BAND_HEIGHT / max(1, gray.shape[0])  # Tesseract's time grows with the pixels: no more than needed
    gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    return read_characters(gray, MRZ_CHARACTERS, psm=6, language="eng")


def _score(text: str, cues: Sequence[str]) -> int:
    return sum(cue in text for cue in cues)


def card_type(pages: Sequence[CardPage]) -> str:
    """The card's generation from its printed cues, its QR code and its MRZ."""
    text = fold("\n".join(ln.text for p in pages for ln in p.lines))
    scores = {kind: _score(text, cues) for kind, cues in _CUES.items()}
    if scores["cmnd"] >= 2 or (scores["cmnd"] and not any(p.qr or p.mrz for p in pages) and scores["cccd"] == 0):
        return "cmnd"
    if scores["can_cuoc"] >= 2:
        return "can_cuoc"
    if any(p.qr or p.mrz for p in pages) or scores["cccd_chip"] >= 2:
        return "cccd_chip"
    return "cccd"


def side(page: CardPage) -> str:
    """`front`, `back`, or `both` (a photocopy of both sides on one page)."""
    text = fold("\n".join(ln.text for ln in page.lines))
    front = _score(text, _FRONT) + (2 if page.qr else 0)
    back = _score(text, _BACK) + (2 if page.mrz or mrz_lines_of(page.lines) else 0)
    if front >= 2 and back >= 2:
        return "both"
    return "back" if back > front else "front"


def _issue_date_in_words(pages: Sequence[CardPage]) -> fx.Field | None:
    """An old card's back: "Ngày 20 tháng 08 năm 2010" above the officer's title."""
    for page in pages:
        for line in page.lines:
            match = _ISSUED_WORDS.search(fold(line.text))
            if match:
                day, month, year = (int(g) for g in match.groups())
                value = f"{year:04d}-{month:02d}-{day:02d}"
                return fx.Field(value, round(line.confidence / 100, 3), val.calendar_date(value), page.number)
    return None


def read_card(pages: Sequence[CardPage]) -> CardReading:
    """Fields, generation, sides and findings of one card from all its pages."""
    kind = card_type(pages)
    lines = [ln for p in pages for ln in p.lines]
    printed = fx.extract_fields("citizen_id_card", lines)
    if "issue_date" not in printed and (issued := _issue_date_in_words(pages)):
        printed["issue_date"] = issued
    qr = next((p.qr for p in pages if p.qr), None)
    mrz = next((p.mrz for p in pages if p.mrz), None)
    qr_page = next((p.number for p in pages if p.qr), 1)
    mrz_page = next((p.number for p in pages if p.mrz), 1)
    checked = cross_check({k: Printed(f.value, f.valid) for k, f in printed.items()}, qr, mrz)
    out: dict[str, fx.Field] = {k: f for k, f in printed.items() if k not in checked.values}
    for name, chosen in checked.values.items():
        seen = printed.get(name)
        if chosen.source == "qr":
            out[name] = fx.Field(chosen.value, QR_CONFIDENCE, chosen.valid, qr_page, "qr")
        elif chosen.source == "mrz":
            out[name] = fx.Field(chosen.value, MRZ_CONFIDENCE, chosen.valid, mrz_page, "mrz")
        elif seen is not None:
            confirmed = name in checked.confirmed
            out[name] = replace(seen, valid=chosen.valid and (seen.valid or confirmed),
                                confidence=max(seen.confidence, 0.9) if confirmed else seen.confidence)
    number = out.get("id_number")
    if number and kind != "cmnd" and len(number.value) == 9 and number.source == "ocr":
        out["id_number"] = replace(number, valid=False)
    if kind == "cmnd" and "id_number" not in out:
        _cmnd_number(lines, out)
    findings = tuple(f.as_json() for f in checked.findings)
    review = bool(findings) or any(name not in out for name in REQUIRED[kind]) or any(
        not f.valid or f.confidence < fx.REVIEW_BELOW for name, f in out.items() if name in fx.CARD_FIELDS)
    return CardReading(kind, {p.number: side(p) for p in pages}, out, findings, review)


def _cmnd_number(lines: Sequence[Line], out: dict[str, fx.Field]) -> None:
    """An old CMND prints its 9-digit number in red under the title: "SỐ 250123456"."""
    for line in lines:
        match = re.search(r"(?<!\d)(\d{9})(?!\d)", line.text.replace(" ", ""))
        if match and "<" not in line.text:
            out["id_number"] = fx.Field(match.group(1), round(line.confidence / 100, 3), True, line.page)
            return
