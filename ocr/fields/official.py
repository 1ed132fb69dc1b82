"""Official documents (Decree 30/2020/NĐ-CP): their parts, the two-column header, and their fields.

Every administrative document has the same parts in fixed places: the issuing body top left (its
parent body above it), the national motto top right, the number and symbol under the issuing body
("Số: 1906/SGDĐT-CTrTT"), place and date under the motto ("Đà Nẵng, ngày 26 tháng 7 năm 2020"), the
kind in capitals (QUYẾT ĐỊNH, THÔNG BÁO, …) with its subject under it, or for a công văn the subject
"V/v …" under the number; the body; "Nơi nhận:" bottom left; the signer's title, seal and name
bottom right. Tesseract reads the two header columns either one after the other or side by side
on one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); `split_columns` cuts such a
line before the motto and before the place of the place-and-date line, so that both layouts give
the same lines.

Fields, as `extract` gives them (see docs/fields.md):
- `issuing_authority`: the issuing body's own name as printed, in capitals, without its parent body
  ("TRƯỜNG ĐẠI HỌC ĐẠI NAM" under "BỘ GIÁO DỤC VÀ ĐÀO TẠO"); a name wrapped over two lines
  ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NGÃI") is joined.
- `document_number`: the number and symbol as printed, without "Số:" and spaces ("575/UBND-KTTH").
- `issue_place`, `issue_date` (YYYY-MM-DD) from the place-and-date line.
- `document_kind`: the kind's name in sentence case from the decree's list ("Quyết định"); a
  document with a "V/v" subject and no kind line is a "Công văn".
- `subject`: the trích yếu as printed ("V/v …", or the line(s) under the kind), lines joined.
- `signer_title`: the signer's own position, the last line of the title block ("PHÓ CHỦ TỊCH" under
  "KT. CHỦ TỊCH"); `signer_name`: the name under the signature, without a degree ("TS.").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..tesseract import Line, Word
from ..text import fold
from . import normalise as norm
from . import validate as val
from .address import province_spelling
from .match import find_approx, label_key, levenshtein, make_key
from .values import plain_letters, plausible_name, swap_confusions

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
#: The kinds of administrative document (Decree 30/2020/NĐ-CP, Art. 7) and of legal documents that
#: share their layout, as their names are written in a sentence.
KINDS = (
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Quy chế",
    "Quy định",
    "Thông cáo",
    "Thông báo",
    "Hướng dẫn",
    "Chương trình",
    "Kế hoạch",
    "Phương án",
    "Đề án",
    "Dự án",
    "Báo cáo",
    "Biên bản",
    "Tờ trình",
    "Hợp đồng",
    "Công văn",
    "Công điện",
    "Bản ghi nhớ",
    "Bản thỏa thuận",
    "Giấy ủy quyền",
    "Giấy mời",
    "Giấy giới thiệu",
    "Giấy nghỉ phép",
    "Phiếu gửi",
    "Phiếu chuyển",
    "Phiếu báo",
    "Thư công",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Luật",
    "Pháp lệnh",
    "Lệnh",
    "Kết luận",
)
CONG_VAN = "Công văn"
#: The abbreviation of each kind in a number's symbol (Decree 30/2020/NĐ-CP, Appendix III).
KIND_ABBREVIATIONS = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Nghị định": "NĐ",
    "Thông tư": "TT",
}
# A body's name starts with one of these; a header line that does not is the wrapped end of the
# name above it ("TỈNH QUẢNG NGÃI" under "ỦY BAN NHÂN DÂN").
_BODY_WORDS = tuple(
    fold(w)
    for w in (
        "ỦY BAN",
        "UBND",
        "BỘ",
        "SỞ",
        "PHÒNG",
        "BAN",
        "CỤC",
        "TỔNG CỤC",
        "CHI CỤC",
        "VỤ",
        "VIỆN",
        "HỌC VIỆN",
        "TRƯỜNG",
        "ĐẠI HỌC",
        "TRUNG TÂM",
        "VĂN PHÒNG",
        "HỘI ĐỒNG",
        "CÔNG AN",
        "BỆNH VIỆN",
        "CÔNG TY",
        "TỔNG CÔNG TY",
        "TẬP ĐOÀN",
        "TÒA ÁN",
        "THANH TRA",
        "KHO BẠC",
        "NGÂN HÀNG",
        "BẢO HIỂM",
        "CHÍNH PHỦ",
        "THỦ TƯỚNG",
        "QUỐC HỘI",
        "ĐẢNG ỦY",
        "ĐOÀN",
        "HỘI",
        "LIÊN ĐOÀN",
        "BỘ CHỈ HUY",
        "ĐÀI",
        "BÁO",
        "KHOA",
        "CHI NHÁNH",
        "ĐỘI",
        "HẠT",
        "TRẠM",
        "BAN QUẢN LÝ",
    )
)
_DEGREES = re.compile(r"^(?:(?:GS|PGS|TS|ThS|Ths|THS|BS|CKII|CKI|KS|CN|LS|NCS)\.?\s*)+", re.UNICODE)
_AUTHORITY_PREFIX = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T\.M|K\.T)\s*[.,]", re.IGNORECASE)
_NUMBER = re.compile(r"\bS[ốoóòôổỐOÓ]\s*[:;.]?\s*(?P<value>[^\s/]{0,10}\s*/\s*(?:\d{4}\s*/\s*)?[^\s,;]+)", re.UNICODE)
_NUMBER_SHAPE = re.compile(r"\d{1,6}[a-z]?/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9&.]*(?:-[A-Za-zĐđ0-9&.]+)+")
_PLACE_DATE = re.compile(r"[,.]\s*ngay\b.{0,12}?\bthang\b.{0,10}?\bnam\b")
_VV = re.compile(r"^\W{0,3}V\s*/\s*[vVwWy]\b")  # `V/w`, `V/V`: the small v misread


def _fold_keep(text: str) -> str:
    """`text` folded character by character, so positions still match the original."""
    return "".join((fold(ch) or ch) if not ch.isspace() else " " for ch in text)


@lru_cache(maxsize=1)
def _header_keys() -> tuple[str, str]:
    return label_key(NATIONAL_NAME), label_key(NATIONAL_MOTTO)


def _split_at_motto(text: str) -> list[str]:
    key = make_key(text)
    for pattern in _header_keys():
        for start, _end, _dist in find_approx(pattern, key.text):
            at = key.origin[start]
            left = text[:at].strip(" _-–|")
            if at > 0 and sum(ch.isalpha() for ch in left) >= 2:
                return [left, text[at:].strip()]
    return [text]


def _split_at_place(text: str) -> list[str]:
    """ "Số: 04 /TTr-UBND Quảng Ngãi, ngày …" → the number, then the place and date."""
    folded = _fold_keep(text)
    match = _PLACE_DATE.search(folded)
    if match is None:
        return [text]
    words = list(re.finditer(r"\S+", text[: match.start()]))
    start = None
    for word in reversed(words[-4:]):
        token = word.group()
        if token[:1].isupper() and ((token.isalpha() and len(token) > 1) or token in {"TP.", "Tp."}):
            start = word.start()
        else:
            break
    if start is None or start == 0 or not any(ch.isalnum() for ch in text[:start]):
        return [text]
    return [text[:start].strip(), text[start:].strip()]


def split_columns(text: str) -> list[str]:
    """One OCR line of a two-column header cut into its columns' lines: before the national name or
    motto, and before the place of a "Số: … Place, ngày …" line. Other lines come back whole."""
    parts = []
    for part in _split_at_motto(text):
        parts.extend(_split_at_place(part) if _NUMBER.search(part) else [part])
    return parts


# -- parts of the document, for classification --------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """Which of the decree's parts a page shows."""

    national_name: bool
    motto: bool
    number: bool
    place_date: bool
    subject_vv: bool
    recipients: bool

    @property
    def strong(self) -> int:
        """Parts only an administrative document has: the number-and-symbol, "V/v", "Nơi nhận"."""
        return self.number + self.subject_vv + self.recipients

    @property
    def weak(self) -> int:
        """Parts forms share with administrative documents: the national motto, place and date."""
        return self.national_name + self.motto + self.place_date


def find_parts(text: str) -> Parts:
    """The parts of an administrative document found in a page's text."""
    lines = [piece for line in text.splitlines() for piece in split_columns(line)]
    name_key, motto_key = _header_keys()
    key = make_key(text).text
    number = any(_number_value(line) and _NUMBER_SHAPE.fullmatch(_number_value(line) or "") for line in lines)
    return Parts(
        national_name=bool(find_approx(name_key, key)),
        motto=bool(find_approx(motto_key, key)),
        number=number,
        place_date=any(_PLACE_DATE.search(_fold_keep(line)) for line in lines),
        subject_vv=any(_VV.match(line) for line in lines),
        recipients=bool(find_approx(label_key("Nơi nhận"), key, 1)) and "noi nhan" in fold(text).replace(":", " "),
    )


def kind_name(title_key: str) -> str | None:
    """The kind's name for a title's key (`quyetdinh` → `Quyết định`)."""
    return _KIND_BY_KEY.get(title_key)


_KIND_BY_KEY = {label_key(k): k for k in KINDS}


# -- fields ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One field's raw value: its text, the OCR words it came from, the page and its validity."""

    value: str
    words: tuple[Word, ...]
    page: int
    valid: bool
    confidence: float | None = None  # when not computed from the words (a kind from its title)


def _number_value(line: str) -> str | None:
    match = _NUMBER.search(line)
    if match is None or match.start() > 3:
        return None
    value = re.sub(r"\s+", "", match.group("value")).rstrip(".,;:").replace("Ð", "Đ")
    return value or None


def _letters_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def _is_caps(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= 3 and _letters_ratio(text) >= 0.8


@dataclass(frozen=True)
class _Piece:
    text: str
    line: Line


def _pieces(lines: Sequence[Line]) -> list[_Piece]:
    out = []
    for line in lines:
        for part in split_columns(line.text):
            out.append(_Piece(part, line))
    return out


def _words_of(piece: _Piece, text: str) -> tuple[Word, ...]:
    wanted = set(text.split())
    return tuple(w for w in piece.line.words if w.text in wanted)


def _first(pieces: list[_Piece], test: Callable[[str], object]) -> int | None:
    return next((i for i, p in enumerate(pieces) if test(p.text)), None)


def _is_header(text: str) -> bool:
    key = make_key(text).text
    name_key, motto_key = _header_keys()
    return bool(find_approx(name_key, key) or find_approx(motto_key, key))


def _body_start(text: str) -> bool:
    folded = fold(text)
    return any(folded == w or folded.startswith(w + " ") for w in _BODY_WORDS)


def _authority(pieces: list[_Piece], stop: int) -> Value | None:
    """The issuing body: capital lines before the number (or the national name when the columns
    came one after the other), the parent body above dropped."""
    name_at = _first(pieces[:stop], _is_header)
    candidates = []
    if name_at is not None and name_at > 0 and pieces[name_at - 1].line is pieces[name_at].line:
        # side by side: the left halves of the header lines, from the national name's line down
        for piece in pieces[name_at - 1 : stop]:
            if _is_header(piece.text) or _NUMBER.search(piece.text):
                continue
            if _is_caps(piece.text):
                candidates.append(piece)
    else:
        end = name_at if name_at is not None and (name_at < stop) else stop
        for piece in reversed(pieces[:end]):
            if _is_header(piece.text) or _NUMBER.search(piece.text) or _PLACE_DATE.search(_fold_keep(piece.text)):
                if candidates:
                    break
                continue
            if not _is_caps(piece.text) or "@" in piece.text or "CÔNG BÁO" in piece.text.upper():
                break
            candidates.insert(0, piece)
        candidates = candidates[-3:]
    candidates = [p for p in candidates if "@" not in p.text and not re.search(r"\d{2}:\d{2}", p.text)]
    if not candidates:
        return None
    start = max((i for i, p in enumerate(candidates) if _body_start(p.text)), default=0)
    chosen = candidates[start:]
    value = norm.text(" ".join(p.text.strip(" _-–") for p in chosen))
    if value is None:
        return None
    words = tuple(w for p in chosen for w in _words_of(p, p.text))
    return Value(_province_respelled(value.upper()), words, chosen[0].line.page, _plain(value))


_PROVINCE_AFTER = re.compile(r"\b(TỈNH|THÀNH PHỐ|TP\.?) (.+)$")


def _province_respelled(authority: str) -> str:
    """An authority ending in its province (`ỦY BAN NHÂN DÂN TỈNH HUNG YÊN`) with the province's name
    spelled officially when it folds to exactly one."""
    match = _PROVINCE_AFTER.search(authority)
    official = province_spelling(match.group(2)) if match else None
    return authority[: match.start(2)] + official.upper() if match and official else authority


def _plain(value: str) -> bool:
    return plain_letters(value)


def _kind_and_subject(
    pieces: list[_Piece], title_at: int | None, vv_at: int | None
) -> tuple[Value | None, Value | None]:
    if vv_at is not None:
        kind = Value(CONG_VAN, (), pieces[vv_at].line.page, True, 0.9) if title_at is None else None
        return kind, _subject(pieces, vv_at, first_line=True)
    if title_at is None:
        return None, None
    piece = pieces[title_at]
    name = _kind_from_title(piece.text)
    kind = Value(name, _words_of(piece, piece.text), piece.line.page, True) if name else None
    return kind, _subject(pieces, title_at + 1, first_line=False)


def _kind_from_title(text: str) -> str | None:
    key = make_key(text).text
    best = None
    for kind_key, name in _KIND_BY_KEY.items():
        k = min(2, len(kind_key) // 5)
        for start, end, dist in find_approx(kind_key, key, k):
            if start <= 2 and end >= len(key) - 2 and (best is None or dist < best[0]):
                best = (dist, name)
    return best[1] if best else None


MAX_SUBJECT_LINES = 4
_SUBJECT_STOPS = tuple(fold(s) for s in ("Kính gửi", "Căn cứ", "Thực hiện", "Theo", "Xét", "Nơi nhận", "Điều"))


def _centred(line: Line, extent: tuple[int, int] | None) -> bool:
    if extent is None or not line.words:
        return True
    left = min(w.left for w in line.words)
    right = max(w.left + w.width for w in line.words)
    width = max(1, extent[1] - extent[0])
    gap_left, gap_right = left - extent[0], extent[1] - right
    return gap_left > 0.05 * width and abs(gap_left - gap_right) < 0.12 * width


def _subject(pieces: list[_Piece], at: int, first_line: bool) -> Value | None:
    """The trích yếu. Under a kind: the centred lines (when the layout is known) in sentence case,
    up to "Kính gửi", "Căn cứ", a line in capitals (the signer's authority of a decision) or the body.
    A "V/v" line: it and the lines that run on under it in the left column, skipping the lines of
    the right column Tesseract put between them."""
    extent = _extent([p.line for p in pieces])
    column = _hbox(pieces[at].line) if first_line and _is_whole(pieces[at]) else None
    chosen: list[_Piece] = []
    for piece in pieces[at : at + 8]:
        text = piece.text.strip(" -–_")
        folded = fold(text)
        if not re.search(r"[^\W_]{2}", text):
            if chosen:
                break
            continue
        if folded.startswith(_SUBJECT_STOPS) or re.match(r"ngay \d", folded) or _NUMBER.search(text):
            break
        if _is_header(text) or _PLACE_DATE.search(_fold_keep(text)) or (chosen and _right_column(piece, column)):
            if first_line and chosen:
                continue  # the right column's lines between the "V/v" lines
            break
        if chosen and first_line:
            if not _continues(chosen[-1].text, text) or (column and _wider(piece, column)):
                break
        elif chosen and (_is_caps(text) != _is_caps(chosen[0].text) or not _centred(piece.line, extent)):
            break
        chosen.append(piece)
        if len(chosen) == MAX_SUBJECT_LINES:
            break
    if not chosen:
        return None
    value = norm.text(" ".join(p.text.strip(" -–_") for p in chosen))
    if value is None:
        return None
    value = re.sub(r"^V\s*/\s*[vVwWy]\b", "V/v", value)
    words = tuple(w for p in chosen for w in _words_of(p, p.text))
    return Value(value, words, chosen[0].line.page, _plain(value) and len(value.split()) >= 2)


def _is_whole(piece: _Piece) -> bool:
    return bool(piece.line.words) and piece.text == piece.line.text


def _hbox(line: Line) -> tuple[int, int]:
    return min(w.left for w in line.words), max(w.left + w.width for w in line.words)


def _right_column(piece: _Piece, column: tuple[int, int] | None) -> bool:
    """A whole line that starts right of the "V/v" line's column."""
    if column is None or not _is_whole(piece):
        return False
    return _hbox(piece.line)[0] >= column[1] - 0.1 * (column[1] - column[0])


def _wider(piece: _Piece, column: tuple[int, int]) -> bool:
    """A whole line reaching well beyond the "V/v" column: the body, not a subject line."""
    if not _is_whole(piece):
        return False
    return _hbox(piece.line)[1] > column[1] + 0.25 * (column[1] - column[0])


def _continues(previous: str, text: str) -> bool:
    """A "V/v" line runs on (in the left column) when the next starts in lower case, or the line
    before did not end a sentence."""
    return text[:1].islower() or not previous.rstrip().endswith((".", ";", ":"))


def _extent(lines: Sequence[Line]) -> tuple[int, int] | None:
    lefts = [min(w.left for w in ln.words) for ln in lines if ln.words]
    rights = [max(w.left + w.width for w in ln.words) for ln in lines if ln.words]
    if len(lefts) < 5:
        return None
    lefts.sort()
    rights.sort()
    return lefts[len(lefts) // 10], rights[-1 - len(rights) // 10]


def _signer(pieces: list[_Piece], start: int) -> tuple[Value | None, Value | None]:
    """The signer's title (the last capital line of the block at the bottom right) and name."""
    tail = pieces[start:]
    recipients = _first(tail, lambda t: fold(t).startswith("noi nhan"))
    titles: list[_Piece] = []
    name: _Piece | None = None
    begin = recipients if recipients is not None else max(0, len(tail) - 12)
    for piece in tail[begin:]:
        text = piece.text.strip(" _-–|")
        if fold(text).startswith("noi nhan"):
            text = re.sub(r"^\W*N\S*\s+nh\S*\s*[:.]?\s*", "", text)
        elif text.startswith(("-", "_", "•", "+")) or fold(text).startswith(("luu", "nhu tren")):
            text = _caps_tail(text) or ""  # a recipient, then the title beside it: "- Như trên; PHÓ CHỦ TỊCH"
        if not text:
            continue
        caps = _caps_tail(text)
        if caps and not _is_position(caps):
            caps = None
        if caps and name is None:
            titles.append(_Piece(caps, piece.line))
            continue
        candidate = _name_tail(text)
        if candidate and titles:
            name = _Piece(candidate, piece.line)
    title = None
    if titles:
        last = titles[-1]
        read = norm.text(last.text)
        if read:
            value = respell_title(read)
            confidence = 0.85 if value != read else None  # a repair the list proves, a little less sure
            title = Value(value, _words_of(last, last.text), last.line.page, _plain(value), confidence)
    signer = None
    if name is not None:
        person = norm.text(_DEGREES.sub("", name.text))
        if person:
            first, _, rest = person.partition(" ")
            known = norm.SURNAMES.get(fold(first))  # a common surname with a mark misread: `Đỉnh` → `Đinh`
            if known and rest:
                person = f"{known.title()} {rest}"
            signer = Value(person, _words_of(name, name.text), name.line.page, plausible_name(person))
    return title, signer


_POSITIONS = (
    "chu tich",
    "giam doc",
    "truong",
    "chanh",
    "pho ",
    "tong",
    "bi thu",
    "chu nhiem",
    "ke toan",
    "uy vien",
    "tm.",
    "kt.",
    "tl.",
    "tuq.",
    "q.",
    "thu ky",
    "dai dien",
    "nguoi ky",
    "chi huy",
)


#: Signers' positions as printed; a title read within a few edits of exactly one of them is respelled.
KNOWN_TITLES = tuple(
    f"{deputy}{t}"
    for t in (
        "CHỦ TỊCH",
        "GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
        "HIỆU TRƯỞNG",
        "VIỆN TRƯỞNG",
        "CỤC TRƯỞNG",
        "VỤ TRƯỞNG",
        "TRƯỞNG PHÒNG",
        "TRƯỞNG BAN",
        "BỘ TRƯỞNG",
        "TỔNG GIÁM ĐỐC",
        "CHÁNH THANH TRA",
        "CHÁNH ÁN",
        "TRƯỞNG KHOA",
        "CHI CỤC TRƯỞNG",
        "TỔNG CỤC TRƯỞNG",
        "BÍ THƯ",
        "TRƯỞNG CÔNG AN",
        "THỦ TRƯỞNG",
        "GIÁM ĐỐC SỞ",
    )
    for deputy in ("", "PHÓ ")
) + ("THỨ TRƯỞNG",)
_TITLE_KEYS = {label_key(t): t for t in KNOWN_TITLES}


def respell_title(value: str) -> str:
    """A signer's title respelled as the list has it when its key is within a few edits of exactly
    one known title (`CHÁNH VĂN PIÒNG` → `CHÁNH VĂN PHÒNG`); else the value as read."""
    key = label_key(value)
    if key in _TITLE_KEYS:
        return _TITLE_KEYS[key]
    limit = min(2, len(key) // 6)
    near = [t for k, t in _TITLE_KEYS.items() if levenshtein(k, key) <= limit]
    return near[0] if len(near) == 1 else value


def _is_position(text: str) -> bool:
    """A signer's title names a position (CHỦ TỊCH, GIÁM ĐỐC, HIỆU TRƯỞNG …), not a recipient's acronym."""
    folded = fold(text) + " "
    return any(p in folded for p in _POSITIONS)


def _caps_tail(text: str) -> str | None:
    """The capital words at the end of a bottom line ("- Như trên; PHÓ CHỦ TỊCH" → "PHÓ CHỦ TỊCH")."""
    words = text.split()
    tail: list[str] = []
    for word in reversed(words):
        letters = [ch for ch in word if ch.isalpha()]
        plain = all(ch.isalpha() or ch in ".-" for ch in word)
        if word.endswith(".") and not _AUTHORITY_PREFIX.match(word):
            break  # the end of a recipient line ("- Lưu: VT, KTTH.")
        if (plain and letters and all(ch.isupper() for ch in letters)) or (tail and _AUTHORITY_PREFIX.match(word)):
            tail.insert(0, word)
        else:
            break
    caps = " ".join(tail)
    return caps if sum(ch.isalpha() for ch in caps) >= 4 and len(tail) >= 1 else None


def _name_tail(text: str) -> str | None:
    """A personal name in title case at the end of a line (2–5 words), with an optional degree."""
    match = re.search(
        r"((?:(?:GS|PGS|TS|ThS|BS|KS|CN|LS)\.\s*)*(?:[A-ZĐÀ-Ỹ][^\W\d_]*\s+){1,4}[A-ZĐÀ-Ỹ][^\W\d_]*)\s*$",
        text,
        re.UNICODE,
    )
    if match is None:
        return None
    words = _DEGREES.sub("", match.group(1)).split()
    if not 2 <= len(words) <= 5 or not all(w[:1].isupper() and not w[1:].isupper() or len(w) == 1 for w in words):
        return None
    return match.group(1)


def _symbol_with_kind(number: Value, kind: str) -> Value:
    """A symbol whose kind part is one edit from the kind printed as the title (`T1r` for `TTr`
    under TỜ TRÌNH) put right; the number stays as read."""
    abbreviation = KIND_ABBREVIATIONS.get(kind)
    head, slash, rest = number.value.rpartition("/")
    part, dash, tail = rest.partition("-")
    if not (abbreviation and slash and dash) or part == abbreviation or levenshtein(part, abbreviation) != 1:
        return number
    value = f"{head}/{abbreviation}-{tail}"
    if not _NUMBER_SHAPE.fullmatch(value):
        return number
    return Value(value, number.words, number.page, True, 0.8)


def extract(lines: Sequence[Line], title_key: str | None = None) -> dict[str, Value]:
    """The official-document fields found in `lines` (a field not found is absent)."""
    pieces = _pieces(lines)
    fields: dict[str, Value] = {}
    number_at = _first(pieces, lambda t: _number_value(t) is not None)
    title_at = _first(pieces[:40], lambda t: _is_caps(t) and _kind_from_title(t) is not None)
    if number_at is not None:
        piece = pieces[number_at]
        value = _number_value(piece.text) or ""
        fields["document_number"] = Value(
            value, _words_of(piece, piece.text), piece.line.page, bool(_NUMBER_SHAPE.fullmatch(value))
        )
    stop = min(x for x in (number_at, title_at, 14, len(pieces)) if x is not None)
    authority = _authority(pieces, stop)
    if authority:
        fields["issuing_authority"] = authority
    place_at = _first(pieces[:30], lambda t: bool(_PLACE_DATE.search(_fold_keep(t))))
    if place_at is not None:
        piece = pieces[place_at]
        folded = _fold_keep(piece.text)
        cut = _PLACE_DATE.search(folded)
        assert cut is not None
        place = norm.text(piece.text[: cut.start()])
        if place and (official := province_spelling(place)):
            place = official  # most letters are issued in a province's name: `Cân Thơ` is `Cần Thơ`
        if place:
            fields["issue_place"] = Value(
                place, _words_of(piece, piece.text[: cut.start()]), piece.line.page, _plain(place)
            )
        date = norm.date(piece.text[cut.start() :])
        if date is None:
            date = norm.date(swap_confusions(piece.text[cut.start() :]))
        if date:
            fields["issue_date"] = Value(
                date, _words_of(piece, piece.text[cut.start() :]), piece.line.page, val.calendar_date(date, 1945, 2100)
            )
    number = fields.get("document_number")
    vv_at = _first(pieces[:40], lambda t: bool(_VV.match(t)))
    if vv_at is not None and title_at is not None and title_at < vv_at:
        vv_at = None  # a "V/v" under a kind title is the title's subject line
    kind, subject = _kind_and_subject(pieces, title_at, vv_at)
    if kind:
        fields["document_kind"] = kind
        if number is not None:
            fields["document_number"] = _symbol_with_kind(number, kind.value)
    if subject:
        fields["subject"] = subject
    title, signer = _signer(pieces, max(x for x in (number_at, title_at, place_at, 0) if x is not None))
    if title:
        fields["signer_title"] = title
    if signer:
        fields["signer_name"] = signer
    return fields
