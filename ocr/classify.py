"""Document classification from OCR text: which of the contract's types a page or document is.

Two kinds of evidence, both matched tolerantly on folded text (see `ocr.fields.match`):
- a *title*: a line near the top of a page that is mostly a document title ("TỜ KHAI ĐĂNG KÝ KHAI
  SINH", "CĂN CƯỚC"). A title starts a document; the earliest title line on a page decides.
- *cues*: labels typical of one type anywhere on the page ("Thửa đất số", "Vốn điều lệ", the MRZ
  `IDVNM`). Cues type a page without a title, such as the back of an ID card.

When the title is unreadable (a seal over it) the cues decide; an inexact title match of a type
with no cue at all yields to a type with `OVERRULING_CUES` cues. Agency lines ("PHÒNG ĐĂNG KÝ KINH
DOANH", "SỞ TÀI CHÍNH") are never titles.

`split_pages` cuts a multi-page file (an application form followed by a copy of an ID card) into
segments: a page with a title opens a segment; a page without one continues the previous
segment unless its cues confidently say it is another type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .fields import official
from .fields.match import allowed_errors, find_approx, label_key, make_key

TITLE_LINES = 16  # a title is looked for among the first non-empty lines of a page (header lines split)
TITLE_START = 2  # ... starting within this many key characters of its line's start (junk before it)
TITLE_COVERAGE = 0.5  # ... and covering this share of its line, unless it opens the line
NEW_SEGMENT_CONFIDENCE = 0.6  # an untitled page of another type this sure starts a new segment
OVERRULING_CUES = 3  # an inexact title whose type has no cue yields to another type with this many cues
CUE_EVIDENCE = 3  # an untitled page gets a type only from this many distinct labels of it
OFFICIAL = "official_document"
UNKNOWN = "unknown"
_AGENCY_KEYS = tuple(
    label_key(x)
    for x in (
        "PHÒNG ĐĂNG KÝ",
        "SỞ TÀI CHÍNH",
        "SỞ KẾ HOẠCH",
        "SỞ TÀI NGUYÊN",
        "SỞ TƯ PHÁP",
        "ỦY BAN NHÂN DÂN",
        "UBND",
        "BỘ CÔNG AN",
        "CHI CỤC",
        "VĂN PHÒNG ĐĂNG KÝ",
        "TM",
        "KT",
        "TL",
    )
)

_TITLES: dict[str, tuple[str, ...]] = {
    "citizen_id_card": (
        "CĂN CƯỚC CÔNG DÂN",
        "CITIZEN IDENTITY CARD",
        "CĂN CƯỚC",
        "IDENTITY CARD",
        "CHỨNG MINH NHÂN DÂN",
    ),
    "birth_registration_form": ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH"),
    # a tờ khai or đơn is what a citizen files to start a procedure (the CC01 "Tờ khai căn cước")
    "application_form": (
        "ĐƠN ĐỀ NGHỊ",
        "ĐƠN XIN",
        "ĐƠN ĐĂNG KÝ",
        "ĐƠN KHIẾU NẠI",
        "ĐƠN TỐ CÁO",
        "ĐƠN KIẾN NGHỊ",
        "ĐƠN TRÌNH BÀY",
        "ĐƠN YÊU CẦU",
        "ĐƠN XÁC NHẬN",
        "ĐƠN ĐỀ XUẤT",
        "ĐƠN CAM KẾT",
        "TỜ KHAI",
    ),
    "business_registration": ("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "GIẤY CHỨNG NHẬN ĐĂNG KÝ KINH DOANH"),
    "land_use_certificate": (
        "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
        "QUYỀN SỬ DỤNG ĐẤT",
        "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
    ),
    OFFICIAL: tuple(k.upper() for k in official.KINDS),
    # titles of documents that are none of the types: a page titled so is `unknown` whatever labels it has
    UNKNOWN: (
        "GIẤY PHÉP LÁI XE",
        "DRIVER'S LICENSE",
        "DRIVING LICENCE",
        "HÓA ĐƠN",
        "HOÁ ĐƠN",
        "PHIẾU THU",
        "PHIẾU CHI",
        "PHIẾU XUẤT KHO",
        "PHIẾU NHẬP KHO",
        "BIÊN LAI",
        "HỘ CHIẾU",
        "PASSPORT",
        "BẰNG TỐT NGHIỆP",
        "GIẤY KHAI SINH",
        "THẺ BẢO HIỂM Y TẾ",
        "ĐỀ THI",
        "ĐỀ KIỂM TRA",
        "BẰNG LÁI XE",
        "GIẤY PHÉP KINH DOANH",
    ),
}
# Types whose title alone is not evidence enough: a card title must come with the card's labels.
_NEEDS_CUES = frozenset({"citizen_id_card"})
_CUES: dict[str, tuple[str, ...]] = {
    "citizen_id_card": (
        "Full name",
        "Date of birth",
        "Place of origin",
        "Place of residence",
        "Date of expiry",
        "Có giá trị đến",
        "Đặc điểm nhận dạng",
        "Personal identification",
        "IDVNM",
        "Ngón trỏ trái",
        "Nơi đăng ký khai sinh",
        "Ngày, tháng, năm hết hạn",
        "Quê quán",
    ),
    "birth_registration_form": (
        "Họ, chữ đệm, tên người yêu cầu",
        "Quan hệ với người được khai sinh",
        "Đề nghị cơ quan đăng ký khai sinh",
        "Họ, chữ đệm, tên người mẹ",
        "Họ, chữ đệm, tên người cha",
        "ghi bằng chữ",
        "Nơi sinh",
    ),
    "application_form": (
        "Tôi làm đơn này",
        "Người làm đơn",
        "Kính mong được xem xét",
        "Số điện thoại",
        "Tôi xin cam đoan",
        "Lý do",
        "Tên tôi là",
        "Tôi tên là",
        "Nơi ở hiện nay",
        "Người viết đơn",
    ),
    "business_registration": (
        "Mã số doanh nghiệp",
        "Vốn điều lệ",
        "Tên công ty viết bằng tiếng Việt",
        "Địa chỉ trụ sở chính",
        "Người đại diện theo pháp luật",
        "Phòng đăng ký kinh doanh",
        "Đăng ký lần đầu",
    ),
    "land_use_certificate": (
        "Thửa đất số",
        "Tờ bản đồ số",
        "Diện tích",
        "Mục đích sử dụng",
        "Thời hạn sử dụng",
        "Nguồn gốc sử dụng",
        "Số phát hành",
        "Người sử dụng đất",
        "Số vào sổ cấp",
        "Hình thức sử dụng",
        "Công trình xây dựng khác",
        "Cây lâu năm",
    ),
}
# Labels only an ID card prints: a page typed a card by its labels alone must show one of them
# (a driving licence or passport has the card's "Full name", "Date of birth", "Có giá trị đến").
_CARD_ONLY = tuple(
    label_key(x)
    for x in (
        "Đặc điểm nhận dạng",
        "Personal identification",
        "IDVNM",
        "Ngón trỏ trái",
        "Nơi đăng ký khai sinh",
        "Place of origin",
        "Quê quán",
    )
)


@dataclass(frozen=True)
class Classification:
    """A document type with a confidence in 0–1."""

    doc_type: str
    confidence: float


@dataclass(frozen=True)
class PageClass:
    """One page's type, confidence, and whether a title on it opens a new document."""

    doc_type: str
    confidence: float
    titled: bool


@dataclass(frozen=True)
class Segment:
    """Pages `first_page`..`last_page` (1-based, inclusive) forming one document."""

    first_page: int
    last_page: int
    doc_type: str
    confidence: float


@lru_cache(maxsize=1)
def _keys() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    titles = {t: tuple(label_key(x) for x in xs) for t, xs in _TITLES.items()}
    cues = {t: tuple(label_key(x) for x in xs) for t, xs in _CUES.items()}
    return titles, cues


def _title_errors(key: str) -> int:
    """Edits a title may carry: fewer than a label, so that a short title ("ĐƠN ĐĂNG KÝ") is not
    found inside an agency line ("PHÒNG ĐĂNG KÝ KINH DOANH")."""
    return min(allowed_errors(len(key)), len(key) // 6)


def _is_agency_line(key: str) -> bool:
    return key.startswith(_AGENCY_KEYS)


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _top_lines(text: str) -> list[str]:
    """The page's first lines with a two-column header split into its columns."""
    pieces = [p for line in text.splitlines() for p in official.split_columns(line) if make_key(p).text]
    return pieces[:TITLE_LINES]


def _match_title(line: str, following: str) -> tuple[str, float, str] | None:
    """The title a line opens (or, run on over the next line, "GIẤY CHỨNG NHẬN" / "QUYỀN SỬ DỤNG
    ĐẤT"): the longest match starting at the line's start. (type, quality, title key)"""
    titles, _ = _keys()
    line_key = make_key(line)
    key = line_key.text
    joined = key + make_key(following).text if following else None
    best: tuple[int, float, str, str] | None = None
    for doc_type, keys in titles.items():
        for title in keys:
            for text in (key, joined) if joined and len(title) > len(key) else (key,):
                for start, end, dist in find_approx(title, text, _title_errors(title)):
                    if text is joined and (start > TITLE_START or end <= len(key)):
                        continue  # a run-on title must open the first line and go on into the next
                    if text is key and start > TITLE_START and (end - start) < 0.75 * len(key):
                        continue  # a title inside a line must be most of it
                    if end < len(key) and not line[line_key.origin[end - 1] + 1 : line_key.origin[end]]:
                        continue  # ends inside a word ("BÁO" of "BÁOCHÍ")
                    quality = 1.0 - dist / len(title)
                    if best is None or (len(title) - dist, quality) > (best[0], best[1]):
                        best = (len(title) - dist, quality, doc_type, title)
    return None if best is None else (best[2], best[1], best[3])


def find_title(text: str) -> tuple[str, float] | None:
    """The type of the earliest title line among the page's first lines, and the match quality.

    A title is printed in capitals and opens its line (a little OCR junk before it allowed); lines
    naming the issuing agency ("PHÒNG ĐĂNG KÝ KINH DOANH", "SỞ TÀI CHÍNH") are never titles. The
    type may be `official_document` (a kind: QUYẾT ĐỊNH, THÔNG BÁO …) or `unknown` (a title of a
    document that is none of the types: HÓA ĐƠN, GIẤY PHÉP LÁI XE …)."""
    found = _find_title(text)
    return None if found is None else (found[0], found[1])


def _find_title(text: str) -> tuple[str, float, str] | None:
    lines = _top_lines(text)
    for i, line in enumerate(lines):
        key = make_key(line).text
        if _is_agency_line(key) or not _in_capitals(line):
            continue
        following = lines[i + 1] if i + 1 < len(lines) and _in_capitals(lines[i + 1]) else ""
        found = _match_title(line, following)
        if found is not None:
            return found
    return None


def cue_counts(text: str) -> dict[str, int]:
    """How many distinct cues of each type appear anywhere in the text."""
    _, cues = _keys()
    key = make_key(text).text
    return {t: sum(bool(find_approx(c, key)) for c in keys) for t, keys in cues.items()}


def _official_by_parts(parts: official.Parts) -> bool:
    """An untitled page (a công văn has no kind line) shows the decree's parts: its number and
    symbol, "V/v" or "Nơi nhận", with the motto or the place and date."""
    return parts.strong >= 2 or (parts.strong == 1 and parts.weak >= 2)


def classify_page(text: str) -> PageClass:
    """The type of one page, on evidence only: its title (a card's with the card's labels), else
    `CUE_EVIDENCE` labels of one type, else the parts of an official document; `unknown` when
    nothing says what it is."""
    counts = cue_counts(text)
    title = find_title(text)
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if title is not None:
        doc_type, quality = title
        if doc_type == UNKNOWN:
            return PageClass(UNKNOWN, 0.0, True)
        if doc_type == OFFICIAL:
            parts = official.find_parts(text)
            if parts.strong + parts.weak == 0:
                return PageClass(UNKNOWN, 0.0, True)
            return PageClass(OFFICIAL, round(quality * min(1.0, 0.8 + 0.04 * (parts.strong + parts.weak)), 3), True)
        if quality < 1.0 and counts[doc_type] == 0 and ranked[0][1] >= OVERRULING_CUES:  # a misread title
            doc_type, quality = ranked[0][0], 0.9
        if doc_type in _NEEDS_CUES and counts[doc_type] == 0:
            return PageClass(UNKNOWN, 0.0, True)
        return PageClass(doc_type, round(quality * (0.85 + 0.05 * min(3, counts[doc_type])), 3), True)
    (best, n), (_, runner_up) = ranked[0], ranked[1]
    if best == "citizen_id_card" and not any(find_approx(c, make_key(text).text) for c in _CARD_ONLY):
        n = 0  # labels any card has (a driving licence): not evidence of an ID card
    if n >= CUE_EVIDENCE and n > runner_up:
        margin = n - runner_up
        return PageClass(best, round(min(0.85, 0.35 + 0.1 * n + 0.1 * margin), 3), False)
    parts = official.find_parts(text)
    if _official_by_parts(parts):
        return PageClass(OFFICIAL, round(min(0.8, 0.4 + 0.1 * (parts.strong + parts.weak)), 3), False)
    return PageClass(UNKNOWN, 0.0, False)


def split_pages(page_texts: Sequence[str]) -> list[Segment]:
    """Cut a multi-page file into documents: a titled page opens one, an untitled page continues
    the previous one unless its cues confidently name another type."""
    segments: list[Segment] = []
    for number, text in enumerate(page_texts, 1):
        page = classify_page(text)
        if segments and not page.titled:
            last = segments[-1]
            same = page.doc_type in {"unknown", last.doc_type}
            if same or page.confidence < NEW_SEGMENT_CONFIDENCE or last.doc_type == "unknown":
                doc_type = page.doc_type if last.doc_type == "unknown" else last.doc_type
                confidence = max(last.confidence, page.confidence) if same else last.confidence
                if last.doc_type == "unknown":
                    confidence = page.confidence
                segments[-1] = Segment(last.first_page, number, doc_type, confidence)
                continue
        segments.append(Segment(number, number, page.doc_type, page.confidence))
    return segments


def classify(text: str) -> Classification:
    """The type of a whole document (pages separated by form feeds): its longest segment's."""
    segments = split_pages(text.split("\f")) if text.strip() else []
    if not segments:
        return Classification("unknown", 0.0)
    main = max(segments, key=lambda s: (s.last_page - s.first_page + 1, -s.first_page))
    return Classification(main.doc_type, main.confidence)
