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
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from .. import fields as fx
from ..fields import ident
from ..fields import normalise as norm
from ..fields import validate as val
from ..fields.address import province_named, province_of_commune, province_spelling
from ..fields.syllable import is_syllable
from ..tesseract import Line, Word, read_characters
from ..text import fold
from . import marks, ocrb, unlabelled
from .crosscheck import Printed, cross_check, number_part_disagrees
from .mrz import Mrz, MrzError, latin_name, read_td1
from .qr import QrPayload

BAND_HEIGHT = 200  # pixels of the re-read MRZ band (three lines and their margins: ~40 px a line)
MRZ_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
_MRZ_CHAR = re.compile(r"[0-9A-Z<«‹]")
_ISSUED_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_CUES = {
    "cmnd": (
        "giay chung minh nhan dan",
        "chung minh nhan dan",
        "nguyen quan",
        "dkhk",
        "dau vet rieng",
        "di hinh",
        "sinh ngay",
    ),
    "can_cuoc": (
        "so dinh danh ca nhan",
        "chu dem va ten khai sinh",
        "noi dang ky khai sinh",
        "nam het han",
        "ngay, thang, nam cap",
        "identity card",
    ),
    "cccd_chip": (
        "citizen identity card",
        "full name",
        "date of birth",
        "date, month, year",
        "place of origin",
        "personal identification",
        "date of expiry",
        "director general",
    ),
    "cccd": ("can cuoc cong dan", "dkql cu tru", "dlqg ve dan cu"),
}
_FRONT = (
    "ho va ten",
    "ho ten",
    "full name",
    "ngay sinh",
    "sinh ngay",
    "so dinh danh",
    "date of birth",
    "gioi tinh",
    "que quan",
    "nguyen quan",
)
_BACK = (
    "dac diem nhan dang",
    "dau vet rieng",
    "noi cu tru",
    "ngon tro",
    "noi dang ky khai sinh",
    "ngay, thang, nam cap",
    "date, month, year",
    "ton giao",
)
# Fields every card of a generation prints; the others may be absent without anything being wrong.
REQUIRED = {
    "cmnd": ("id_number", "full_name", "date_of_birth", "place_of_residence"),
    "cccd": ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence"),
    "cccd_chip": ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence"),
    "can_cuoc": ("id_number", "full_name", "date_of_birth", "sex", "place_of_residence"),
}
ADDRESS_FIELDS = ("place_of_origin", "place_of_residence", "place_of_birth")
_UNITS = {fold(u): u for u in ("Ấp", "Thôn", "Xóm", "Bản", "Tổ", "Khu", "Khóm", "Số", "Đường", "Xã", "Phường")}
MIN_REGION_LINES = 3  # a card side on a photocopy has at least this many lines (a stray mark is not one)
QR_CONFIDENCE = 1.0
MRZ_CONFIDENCE = 0.99
NAME = "full_name"  # the field judged word by word against the QR and the MRZ


@dataclass(frozen=True)
class CardPage:
    """What one page gives the card: its number, OCR lines, and the QR and MRZ read on it."""

    number: int
    lines: tuple[Line, ...]
    qr: QrPayload | None = None
    mrz: Mrz | None = None


@dataclass(frozen=True)
class Region:
    """One card side on a page holding both (a photocopy): its box in OCR pixels and its side."""

    box: tuple[int, int, int, int]
    side: str


@dataclass(frozen=True)
class CardReading:
    """A card read from all its pages; `regions` for the pages that hold both sides."""

    card_type: str
    sides: dict[int, str]
    fields: dict[str, fx.Field]
    findings: tuple[dict[str, str], ...]
    needs_review: bool
    regions: dict[int, tuple[Region, ...]] = field(default_factory=dict)


def mrz_lines_of(lines: Sequence[Line]) -> list[Line]:
    """The lines that look like MRZ text (long runs of `0-9A-Z<`), the last three of them."""
    found = []
    for line in lines:
        text = "".join(line.text.split())
        if (
            len(text) >= 20
            and len(_MRZ_CHAR.findall(text)) >= 0.8 * len(text)
            and (text.count("<") >= 2 or "VNM" in text)
        ):
            found.append(line)
    return found[-3:]


def read_mrz(
    lines: Sequence[Line],
    image: np.ndarray | None = None,
    ocr_scale: float = 1.0,
    reread: Callable[[np.ndarray], list[str]] | None = None,
) -> Mrz | None:
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
    crop = image[box[1] : box[3], box[0] : box[2]]
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


def _box(lines: Sequence[Line]) -> tuple[int, int, int, int]:
    words = [w for ln in lines for w in ln.words]
    return (
        min(w.left for w in words),
        min(w.top for w in words),
        max(w.left + w.width for w in words),
        max(w.top + w.height for w in words),
    )


def split_regions(page: CardPage) -> tuple[Region, ...]:
    """A page with both sides cut into its two card regions: at the widest gap between its lines, down
    the page (one side above the other, as counters copy them) or across it (side by side)."""
    lines = [ln for ln in page.lines if ln.words]
    if len(lines) < 4:
        return ()
    height = sorted(max(w.height for w in ln.words) for ln in lines)[len(lines) // 2]
    best: tuple[int, list[Line], list[Line]] | None = None
    for axis in (1, 0):  # tops (one above the other), then lefts (side by side)

        def start(ln: Line, axis: int = axis) -> int:
            return min(w.top if axis else w.left for w in ln.words)

        def end(ln: Line, axis: int = axis) -> int:
            return max((w.top + w.height) if axis else (w.left + w.width) for w in ln.words)

        ordered = sorted(lines, key=start)
        reach = end(ordered[0])
        for i in range(1, len(ordered)):
            gap = start(ordered[i]) - reach
            sides_big_enough = min(i, len(ordered) - i) >= MIN_REGION_LINES
            if gap > 3 * height and sides_big_enough and (best is None or gap > best[0]):
                best = (gap, ordered[:i], ordered[i:])
            reach = max(reach, end(ordered[i]))
        if best is not None:
            break
    if best is None:
        return ()
    out = []
    for part in best[1:]:
        part_page = CardPage(page.number, tuple(part))
        out.append(Region(_box(part), side(part_page)))
    return tuple(out)


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
    _mark_after_label_remains(lines, printed)
    if mark := printed.get("personal_identification"):
        printed["personal_identification"] = replace(mark, value=marks.respell(mark.value))
    qr = next((p.qr for p in pages if p.qr), None)
    mrz = next((p.mrz for p in pages if p.mrz), None)
    qr_page = next((p.number for p in pages if p.qr), 1)
    mrz_page = next((p.number for p in pages if p.mrz), 1)
    sure = _by_position(lines, printed, kind)  # before the cross-check: an altered name must meet the QR
    unlabelled.fill_addresses(lines, printed, kind)
    checked = cross_check(
        {
            k: Printed(f.value, f.valid or k in sure, f.confidence, _word_confidences(lines, f) if k == NAME else ())
            for k, f in printed.items()
        },
        qr,
        mrz,
    )
    out: dict[str, fx.Field] = {k: f for k, f in printed.items() if k not in checked.values}
    for name, chosen in checked.values.items():
        seen = printed.get(name)
        if chosen.source == "qr":
            out[name] = fx.Field(chosen.value, QR_CONFIDENCE, chosen.valid, qr_page, "qr")
        elif chosen.source == "mrz":
            out[name] = fx.Field(chosen.value, MRZ_CONFIDENCE, chosen.valid, mrz_page, "mrz")
        elif seen is not None:
            out[name] = replace(seen, value=chosen.value, valid=chosen.valid and seen.valid)
    _province_cut_short(lines, out)
    _province_of_the_commune(out)
    _check_addresses(out)
    number = out.get("id_number")
    if number and kind != "cmnd" and len(number.value) == 9 and number.source == "ocr":
        out["id_number"] = replace(number, valid=False)
    if kind == "cmnd" and "id_number" not in out:
        _cmnd_number(lines, out)
    _day_from_the_renewal_rule(out)
    _birth_date_unconfirmed(out)
    _issue_date_unconfirmed(out)
    if mrz is not None and not any(f.field == "full_name" for f in checked.findings):
        _name_from_mrz(lines, out, mrz)  # a name in dispute is the clerk's to settle, not this repair's
    _name_marks_respelled(out)
    found = list(checked.findings)
    if "id_number" not in printed and (part := _number_part(lines)) and (qr or mrz):
        if (disagreement := number_part_disagrees(part, qr, mrz)) is not None:
            found.append(disagreement)
            if "id_number" in out:
                out["id_number"] = replace(out["id_number"], valid=False)
    findings = tuple(f.as_json() for f in found)
    review = (
        bool(findings)
        or any(name not in out for name in REQUIRED[kind])
        or any(not f.valid or f.confidence < fx.REVIEW_BELOW for name, f in out.items() if name in fx.CARD_FIELDS)
    )
    sides = {p.number: side(p) for p in pages}
    regions = {p.number: split_regions(p) for p in pages if sides[p.number] == "both"}
    return CardReading(kind, sides, out, findings, review, {n: r for n, r in regions.items() if r})


_NUMBER_LABEL = re.compile(r"^\W*s\w?\b")  # "Số", "Số / No.", "sø", "s": the number's label, glare-spoilt
NUMBER_PART = 7  # digits of a number glare cut short that are enough to show an alteration
PART_SURE = 90.0  # and the confidence they must be read at (0-100)


def _number_part(lines: Sequence[Line]) -> str | None:
    """The digits left of a card number glare cut short, on the number's line, read sure: a word of
    `NUMBER_PART` to 11 digits only (a whole number is the print's `id_number`)."""
    for line in lines:
        if not _NUMBER_LABEL.match(fold(line.text)):
            continue
        for word in line.words:
            if word.text.isdigit() and NUMBER_PART <= len(word.text) <= 11 and word.confidence >= PART_SURE:
                return word.text
    return None


def _word_confidences(lines: Sequence[Line], value: fx.Field) -> tuple[float, ...]:
    """The confidence of each word of a printed value, from the first run of words on one of its page's
    lines that spells it letter for letter (marks aside: a respelt surname); none when no line does."""
    want = [fold(w) for w in value.value.split()]
    for line in lines:
        if line.page != value.page:
            continue
        got = [fold(w.text.strip(".,:;/")) for w in line.words]
        for i in range(len(got) - len(want) + 1):
            if got[i : i + len(want)] == want:
                return tuple(w.confidence for w in line.words[i : i + len(want)])
    return ()


_COMMUNE_UNITS = ("xa ", "phuong ", "thi tran ", "dac khu ")
_PROVINCE_PART = re.compile(r"^(tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def _names_a_province(text: str) -> bool:
    """The province part ends with a province's whole short name (`Điện Biên`, `Thừa Thiên Huế`), not
    with only its start (`Điện`)."""
    words = fold(text).split()
    return any(province_spelling(" ".join(words[i:])) for i in range(len(words)))


def _province_cut_short(lines: Sequence[Line], out: dict[str, fx.Field]) -> None:
    """A printed address whose province glare cut short or misread (`tỉnh Điện BiIên`, whose last word,
    no syllable, was trimmed as junk; `tỉnh Phú T`) ends with the one province its letters name, the
    trimmed word of its line taken back in. A province only begun (`Điện`) is a guess: not `valid`."""
    for name in ADDRESS_FIELDS:
        address = out.get(name)
        if address is None or address.source != "ocr":
            continue
        head, _, last = address.value.rpartition(", ")
        part = _PROVINCE_PART.match(last)
        if not head or part is None or _names_a_province(part.group(2)):
            continue
        line = next((ln.text for ln in lines if ln.page == address.page and address.value in ln.text), "")
        cut = line[line.find(address.value) + len(address.value) :].split()[:1] if line else []
        for words in ((part.group(2), *cut), (part.group(2),)):
            named = province_named(" ".join(words))
            if named is not None:
                spelled, whole = named
                value = f"{head}, {part.group(1)} {spelled}"
                out[name] = replace(
                    address,
                    value=value,
                    valid=address.valid and whole,
                    confidence=round(address.confidence * (1 if whole else fx.REPAIRED_FACTOR), 3),
                )
                break


def _province_of_the_commune(out: dict[str, fx.Field]) -> None:
    """A printed address whose province glare washed out or left unreadable (`Xã Thượng Hà, t Aí`
    trimmed to `Xã Thượng Hà`; `Xã Thanh Tùng, tin au`) ends, after its commune, with the province of
    the one commune in the country so named. A repair by the place list, not a reading: not `valid`."""
    for name in ADDRESS_FIELDS:
        address = out.get(name)
        if address is None or address.source != "ocr":
            continue
        parts = address.value.split(", ")
        named = _PROVINCE_PART.match(parts[-1])
        if named and _names_a_province(named.group(2)):
            continue
        communes = [i for i, p in enumerate(parts) if fold(p).startswith(_COMMUNE_UNITS)]
        if not communes or communes[-1] < len(parts) - 2:  # the commune last, or one unreadable part after it
            continue
        at = communes[-1]
        province = province_of_commune(parts[at])
        if province is None or (at == len(parts) - 2 and fold(parts[-1]).startswith(_COMMUNE_UNITS)):
            continue
        begun = _PROVINCE_PART.match(parts[-1]) if at == len(parts) - 2 else None
        short = fold(province.removeprefix("Tỉnh ").removeprefix("Thành phố "))
        if begun and not short.startswith(fold(begun.group(2))):  # the print begins another province
            continue
        value = ", ".join([*parts[: at + 1], province[:1].lower() + province[1:]])
        out[name] = replace(
            address, value=value, valid=False, confidence=round(address.confidence * fx.REPAIRED_FACTOR, 3)
        )


def _check_addresses(out: dict[str, fx.Field]) -> None:
    """A card's printed addresses: the first word respelt when it folds to a hamlet or street unit
    (`Áp` is `Ấp`), and valid only when they end with a province, unit word included, and name a commune
    with its unit word before it (every card address does: one cut short under glare, `Xã Gia Lâm, thà
    Nội`, or one whose `Xã` glare washed out, `8om Bo, tỉnh Đồng Nai`, spells well but is not the address)."""
    for name in ADDRESS_FIELDS:
        address = out.get(name)
        if address is None or address.source != "ocr":
            continue
        first, _, rest = address.value.partition(" ")
        unit = _UNITS.get(fold(first))
        if unit and unit != first and rest:
            address = out[name] = replace(address, value=f"{unit} {rest}")
        *head, last = (fold(part).strip() for part in address.value.split(","))
        whole = (
            last.startswith(("tinh ", "thanh pho "))
            and _names_a_province(last.partition(" ")[2].removeprefix("pho "))
            and any(p.startswith(_COMMUNE_UNITS) for p in head)
        )
        if address.valid and (f"{name}_province" not in out or not whole):
            out[name] = replace(address, valid=False)


def _mark_after_label_remains(lines: Sequence[Line], printed: dict[str, fx.Field]) -> None:
    """The English half of "Đặc điểm nhận dạng / Personal identification" misread is no mark: the mark
    is then the next line."""
    mark = printed.get("personal_identification")
    if mark is None or not fold(mark.value).startswith("personal"):
        return
    for line, following in zip(lines, lines[1:], strict=False):
        if mark.value in line.text and following.text.strip():
            printed["personal_identification"] = fx.Field(
                following.text.strip(), round(following.confidence / 100, 3), False, following.page
            )
            return
    del printed["personal_identification"]


def _day_from_the_renewal_rule(out: dict[str, fx.Field]) -> None:
    """A birth date or an expiry read as no calendar date (a photocopy's bold `02/06` read `82/06`)
    takes its day and month from the other, one digit apart at most: the 25/40/60 rule makes the
    expiry the holder's birthday. The year stays as read; the date is a repair, not `valid`."""
    for broken_name, sound_name in (("date_of_birth", "date_of_expiry"), ("date_of_expiry", "date_of_birth")):
        broken, sound = out.get(broken_name), out.get(sound_name)
        if broken is None or sound is None or broken.source != "ocr" or not sound.valid:
            continue
        if val.calendar_date(broken.value) or len(broken.value) != len(sound.value):
            continue
        if sum(a != b for a, b in zip(broken.value[5:], sound.value[5:], strict=True)) > 1:
            continue
        value = broken.value[:5] + sound.value[5:]
        born, expiry = (value, sound.value) if broken_name == "date_of_birth" else (sound.value, value)
        if val.calendar_date(value) and ident.expiry_matches_birth(born, expiry):
            conf = round(broken.confidence * fx.REPAIRED_FACTOR, 3)
            out[broken_name] = replace(broken, value=value, valid=False, confidence=conf)


def _birth_date_unconfirmed(out: dict[str, fx.Field]) -> None:
    """A birth date read from the print is checked against the 12-digit number's century and year;
    where there is none (an old CMND's number says nothing of the birth), it is like free text:
    valid only when read at least `fields.CONFIDENT_WORD` sure (glare turns 1995 into a clear 1935)."""
    born, number = out.get("date_of_birth"), out.get("id_number")
    if born is None or born.source != "ocr" or not born.valid:
        return
    if number is not None and len(number.value) == 12 and val.personal_id(number.value, born.value):
        return
    if born.confidence < fx.CONFIDENT_WORD / 100:
        out["date_of_birth"] = replace(born, valid=False)


def _issue_date_unconfirmed(out: dict[str, fx.Field]) -> None:
    """An issue date read from the print has no check of its own (no QR holds it on a CMND or a CCCD,
    no MRZ ever): like free text it is valid only when read at least `fields.CONFIDENT_WORD` sure, and
    only when it falls after the birth and not after the expiry (a phone photo turns 2025 into 2029)."""
    issued = out.get("issue_date")
    if issued is None or issued.source != "ocr" or not issued.valid:
        return
    born, expiry = out.get("date_of_birth"), out.get("date_of_expiry")
    out_of_order = (born is not None and issued.value <= born.value) or (
        expiry is not None and issued.value > expiry.value
    )
    if issued.confidence < fx.CONFIDENT_WORD / 100 or out_of_order:
        out["issue_date"] = replace(issued, valid=False)


def _cmnd_number(lines: Sequence[Line], out: dict[str, fx.Field]) -> None:
    """An old CMND prints its 9-digit number in red under the title: "SỐ 250123456"."""
    for line in lines:
        match = re.search(r"(?<!\d)(\d{9})(?!\d)", line.text.replace(" ", ""))
        if match and "<" not in line.text:
            out["id_number"] = fx.Field(match.group(1), round(line.confidence / 100, 3), True, line.page)
            return


# A card prints its front in one order: number, name, date of birth, then (after 2016) sex and
# nationality on one line. Labels a phone photo or glare misread past recognition ("Họ tê", "4a ~<4",
# "Ngày. tháng năm si", "Quốc tcn") leave their values unclaimed, but the values sit where the order
# puts them. Values found so are never `valid`: nothing but their place says what they are, so a
# clerk checks them (the document is in review for the lost label anyway).
_CARD_NUMBER = re.compile(r"(?<![\d<])(\d{12}|\d{9})(?![\d<])")
_NOT_BIRTH = re.compile(r"gia tri|het han|expiry|ngay cap|\bcap\b")
_NATIONALITY = re.compile(r"\bquoc\b.*\bviet\s?nam\W*$")
# The sex and the nationality share one line ("Giới tính: Nữ Quốc tịch: Việt Nam"): with the sex
# label washed out, the sex is the word before "Quốc"; with the nationality label lost or misread past
# recognition ("Quác ch. Nạoosa+y"), the line that holds the sex ends with "Việt Nam".
_SEX_BEFORE_NATIONALITY = re.compile(r"(?:^|[^\w])(nam|nu)\b.*\bviet\s?nam\W*$")
_CAPITAL_WORD = re.compile(r"[^\W\d_]+")
SEX_LINE_WITHIN = 5  # lines after the number (or the name) that may hold the sex and the nationality


def _name_at_end(text: str) -> str | None:
    """The run of capitalised Vietnamese syllables that ends a line and opens with a common surname."""
    words = text.split()
    run: list[str] = []
    for word in reversed(words):
        if not (_CAPITAL_WORD.fullmatch(word) and word.isupper() and is_syllable(word)):
            break
        run.insert(0, word)
    while run and fold(run[0]) not in norm.SURNAMES:
        run.pop(0)  # a misread label's capitals before the name ("NƠI"), or no surname at all
    return norm.respell_surname(" ".join(run)) if len(run) >= 2 else None


def _by_position(lines: Sequence[Line], out: dict[str, fx.Field], kind: str) -> set[str]:
    """Fill the name, the date of birth and the nationality a misread label left unclaimed; return the
    names of those read sure enough to be evidence against a QR code or an MRZ (an altered print whose
    label glare washed out must still meet the QR), though not valid values by themselves."""
    sure: set[str] = set()
    number_at = next(
        (i for i, ln in enumerate(lines) if _CARD_NUMBER.search(ln.text.replace(" ", "")) and "<" not in ln.text), None
    )
    if number_at is None:  # the number lost to glare or blur: the name's label, or its line, anchors the order
        named = out.get("full_name")
        number_at = next(
            (
                i - 1
                for i, ln in enumerate(lines)
                if i and (_NAME_LABEL.search(fold(ln.text)) or (named and named.value in ln.text))
            ),
            None,
        )
    if number_at is None:
        return sure
    after = number_at + 1
    if (labelled := out.get("full_name")) is not None:  # the birth date is looked for under the name's line
        after = next(
            (i + 1 for i in range(number_at + 1, min(len(lines), number_at + 4)) if labelled.value in lines[i].text),
            after,
        )
    else:
        for i in range(number_at + 1, min(len(lines), number_at + 3)):
            if norm.date(lines[i].text):
                break
            name = _name_at_end(lines[i].text)
            if name:
                conf = round(lines[i].confidence / 100 * fx.POSITION_FACTOR, 3)
                out["full_name"] = fx.Field(name, conf, False, lines[i].page)
                read = lines[i].words[-len(name.split()) :]
                if min(w.confidence for w in read) >= fx.CONFIDENT_WORD:
                    sure.add("full_name")
                after = i + 1
                break
    if "date_of_birth" not in out:
        for line in lines[after : after + 2]:
            value = norm.date(line.text)
            if value and not _NOT_BIRTH.search(fold(line.text)):
                if val.calendar_date(value):
                    conf = round(line.confidence / 100 * fx.POSITION_FACTOR, 3)
                    out["date_of_birth"] = fx.Field(value, conf, False, line.page)
                break
    _expiry_by_rule(lines[after:], out)
    if kind != "cmnd":  # an old CMND prints neither
        for line in lines[after : after + SEX_LINE_WITHIN]:
            folded = fold(line.text)
            shared = _SEX_BEFORE_NATIONALITY.search(folded)
            if not (shared or _NATIONALITY.search(folded)):
                continue
            conf = round(line.confidence / 100 * fx.POSITION_FACTOR, 3)
            if "nationality" not in out:
                out["nationality"] = fx.Field("Việt Nam", conf, False, line.page)
            if "sex" not in out and shared:
                out["sex"] = fx.Field(norm.sex(shared.group(1)) or "", conf, False, line.page)
            break
    return sure


def _expiry_by_rule(lines: Sequence[Line], out: dict[str, fx.Field]) -> None:
    """An expiry date whose label was washed out ("C6 g-a t¬ đến"): the one date among the lines that
    is the holder's birthday in a renewal year (the 25/40/60 rule) is the expiry; any other date (of
    issue, of birth) is not. Not `valid`: the rule ties it to a birth date only read from the print."""
    born = out.get("date_of_birth")
    if "date_of_expiry" in out or born is None:
        return
    found = {
        (value, line.page, line.confidence)
        for line in lines
        if (value := norm.date(line.text)) and value != born.value and ident.expiry_matches_birth(born.value, value)
    }
    if len({value for value, _, _ in found}) == 1:
        value, page, confidence = found.pop()
        out["date_of_expiry"] = fx.Field(value, round(confidence / 100 * fx.POSITION_FACTOR, 3), False, page)


MRZ_NAME_ROOM = 30  # characters of the TD1 name line: a name that fills it may be cut short
_NAME_LABEL = re.compile(r"\bho\b.{0,12}\bten\b|full ?name|chu dem")
_LABEL_ENDS = frozenset({"ten", "name", "sinh"})  # the last word of a name label ("… tên khai sinh")


def _name_from_mrz(lines: Sequence[Line], out: dict[str, fx.Field], mrz: Mrz) -> None:
    """The name as the MRZ spells it, with the marks of the printed words that spell the same letters.

    The MRZ holds the name's letters exactly but no marks; the print holds the marks but, on a phone
    photo, may have lost a word at the card's edge ("N ĐỨC HÙNG") or taken a label's English half for
    the name ("FƯII NAME"). The MRZ's words are looked for, in their order, among the printed words
    after the name's label and on the line under it (never the label's own words: `Họ` is also a
    surname); a surname not found is spelled as the common surname it folds to. Only a name whose
    every word was found so replaces the print, and it is valid only when each was read sure and none
    was guessed; a print whose letters the zone's disagree with is never valid (a card in doubt is
    the clerk's to look at).
    """
    name = out.get("full_name")
    if name is not None and (name.source != "ocr" or latin_name(name.value) == mrz.name):
        return
    if not mrz.name or len(mrz.surname) + 2 + len(mrz.given_names) >= MRZ_NAME_ROOM:
        return  # no name, or one the zone may have cut (`_name_matches_mrz` judges those)
    starts = [i for i, ln in enumerate(lines) if _NAME_LABEL.search(fold(ln.text))]
    if name is not None:
        starts += [i for i, ln in enumerate(lines) if name.value in ln.text.upper()]
    zone = [w for i in sorted(set(starts))[:2] for w in (*_after_label(lines[i]), *_next_words(lines, i))]
    spelled, sure, after = [], True, 0
    for at, letters in enumerate(mrz.name.split()):
        found = next((k for k in range(after, len(zone)) if latin_name(zone[k].text.strip(".,:;/")) == letters), None)
        if found is not None:
            spelled.append(zone[found].text.strip(".,:;/").upper())
            sure = sure and zone[found].confidence >= fx.CONFIDENT_WORD
            after = found + 1
        elif at == 0 and letters.lower() in norm.SURNAMES:
            spelled.append(norm.SURNAMES[letters.lower()])
            sure = False  # the mark is the common surname's, not one read
        else:
            if name is not None:  # the zone proves the print is not the whole name
                out["full_name"] = replace(name, valid=False)
            return
    page = name.page if name is not None else lines[starts[0]].page if starts else 1
    sure = sure and not norm.name_marks_doubtful(" ".join(spelled))  # the zone has the letters, not the marks
    out["full_name"] = fx.Field(" ".join(spelled), round(fx.REPAIRED_FACTOR * (0.9 if sure else 0.6), 3), sure, page)


def _name_marks_respelled(out: dict[str, fx.Field]) -> None:
    """A printed name with a middle or given word no common name spells but one common name folds to
    (`TRONG` for `TRỌNG`: a photocopy lost the dot) takes that one's marks; it stays not `valid` (the
    marks are a guess), and after the cross-check (an altered name is judged as printed)."""
    name = out.get(NAME)
    if name is None or name.source != "ocr" or not norm.name_marks_doubtful(name.value):
        return
    spelled = norm.respell_name_marks(name.value)
    if spelled != name.value:
        out[NAME] = replace(name, value=spelled, valid=False, confidence=round(name.confidence * fx.REPAIRED_FACTOR, 3))


def _after_label(line: Line) -> tuple[Word, ...]:
    """The words of `line` after its name label ("Họ và tên / Full name:", "Họ tên:"), or all of them."""
    words = line.words
    ends = [i for i, w in enumerate(words[:8]) if w.text.endswith(":") or fold(w.text).strip(".,/") in _LABEL_ENDS]
    return words[ends[-1] + 1 :] if ends else words


def _next_words(lines: Sequence[Line], at: int) -> tuple[Word, ...]:
    return lines[at + 1].words if at + 1 < len(lines) else ()
