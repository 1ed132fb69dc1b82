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

from .fields.match import allowed_errors, find_approx, label_key, make_key

TITLE_LINES = 14  # a title is looked for among the first non-empty lines of a page
TITLE_COVERAGE = 0.5  # ... and must make up at least this share of its line
NEW_SEGMENT_CONFIDENCE = 0.6  # an untitled page of another type this sure starts a new segment
OVERRULING_CUES = 3  # an inexact title whose type has no cue yields to another type with this many cues
_AGENCY_KEYS = tuple(label_key(x) for x in (
    "PHÒNG ĐĂNG KÝ", "SỞ TÀI CHÍNH", "SỞ KẾ HOẠCH", "SỞ TÀI NGUYÊN", "SỞ TƯ PHÁP", "ỦY BAN NHÂN DÂN", "UBND",
    "BỘ CÔNG AN", "CHI CỤC", "VĂN PHÒNG ĐĂNG KÝ"))

_TITLES: dict[str, tuple[str, ...]] = {
    "citizen_id_card": ("CĂN CƯỚC CÔNG DÂN", "CITIZEN IDENTITY CARD", "CĂN CƯỚC", "IDENTITY CARD",
                        "CHỨNG MINH NHÂN DÂN"),
    "birth_registration_form": ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH"),
    "application_form": ("ĐƠN ĐỀ NGHỊ", "ĐƠN XIN", "ĐƠN ĐĂNG KÝ"),
    "business_registration": ("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "GIẤY CHỨNG NHẬN ĐĂNG KÝ KINH DOANH"),
    "land_use_certificate": ("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", "QUYỀN SỬ DỤNG ĐẤT",
                             "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"),
}
_CUES: dict[str, tuple[str, ...]] = {
    "citizen_id_card": ("Full name", "Date of birth", "Place of origin", "Place of residence", "Date of expiry",
                        "Có giá trị đến", "Đặc điểm nhận dạng", "Personal identification", "IDVNM",
                        "Ngón trỏ trái", "Nơi đăng ký khai sinh", "Ngày, tháng, năm hết hạn", "Quê quán"),
    "birth_registration_form": ("Họ, chữ đệm, tên người yêu cầu", "Quan hệ với người được khai sinh",
                                "Đề nghị cơ quan đăng ký khai sinh", "Họ, chữ đệm, tên người mẹ",
                                "Họ, chữ đệm, tên người cha", "ghi bằng chữ", "Nơi sinh"),
    "application_form": ("Tôi làm đơn này", "Người làm đơn", "Kính mong được xem xét", "Số điện thoại",
                         "Tôi xin cam đoan", "Lý do"),
    "business_registration": ("Mã số doanh nghiệp", "Vốn điều lệ", "Tên công ty viết bằng tiếng Việt",
                              "Địa chỉ trụ sở chính", "Người đại diện theo pháp luật",
                              "Phòng đăng ký kinh doanh", "Đăng ký lần đầu"),
    "land_use_certificate": ("Thửa đất số", "Tờ bản đồ số", "Diện tích", "Mục đích sử dụng",
                             "Thời hạn sử dụng", "Nguồn gốc sử dụng", "Số phát hành", "Người sử dụng đất",
                             "Số vào sổ cấp"),
}


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


def find_title(text: str) -> tuple[str, float] | None:
    """The type of the earliest title line among the page's first lines, and the match quality.

    Lines naming the issuing agency ("PHÒNG ĐĂNG KÝ KINH DOANH", "SỞ TÀI CHÍNH") are never titles."""
    titles, _ = _keys()
    lines = [k for k in (make_key(line).text for line in text.splitlines()) if k][:TITLE_LINES]
    for line in lines:
        if _is_agency_line(line):
            continue
        best: tuple[str, float] | None = None
        for doc_type, keys in titles.items():
            for key in keys:
                for start, end, dist in find_approx(key, line, _title_errors(key)):
                    if (end - start) < TITLE_COVERAGE * len(line):
                        continue
                    quality = 1.0 - dist / len(key)
                    if best is None or quality > best[1]:
                        best = (doc_type, quality)
        if best is not None:
            return best
    return None


def cue_counts(text: str) -> dict[str, int]:
    """How many distinct cues of each type appear anywhere in the text."""
    _, cues = _keys()
    key = make_key(text).text
    return {t: sum(bool(find_approx(c, key)) for c in keys) for t, keys in cues.items()}


def classify_page(text: str) -> PageClass:
    """The type of one page from its title, else from its cues; `unknown` when nothing fits."""
    counts = cue_counts(text)
    title = find_title(text)
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if title is not None:
        doc_type, quality = title
        if quality < 1.0 and counts[doc_type] == 0 and ranked[0][1] >= OVERRULING_CUES:  # a misread title
            doc_type, quality = ranked[0][0], 0.9
        return PageClass(doc_type, round(quality * (0.85 + 0.05 * min(3, counts[doc_type])), 3), True)
    (best, n), (_, runner_up) = ranked[0], ranked[1]
    if n == 0 or n == runner_up:
        return PageClass("unknown", 0.0, False)
    margin = n - runner_up
    return PageClass(best, round(min(0.85, 0.35 + 0.1 * n + 0.1 * margin), 3), False)


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
