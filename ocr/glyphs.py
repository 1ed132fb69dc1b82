"""Words the `vie` model cannot print, or reliably misprints, put back where the context proves them.

Pure functions on recognised lines. Each repair names the weakness it answers and changes a word
only where the context leaves one plausible reading: these are not spelling corrections. They mend
the page's text and lines (what `result.json`, fields and search use); the searchable PDF's
invisible layer keeps Tesseract's own spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .fields.address import province_spelling
from .fields.normalise import BUSINESS_TERMS, SURNAMES
from .fields.official import KINDS, KNOWN_TITLES, NATIONAL_NAME
from .fields.syllable import is_syllable, legal_word, spelling
from .tesseract import Line, Word
from .text import fold, nfc

# `vie`'s character set has no superscript two: a printed `m²` comes out as `m?` or `m2?` (`?` is
# what the model writes for a raised glyph it cannot name). Plain `m2`, a spelling some forms use,
# is left as read.
_SQUARE_METRE = re.compile(r"^(?P<number>.*\d)?m(?:\?|2\?|\?2)(?P<tail>[.,;:)]*)$")


def restore_surname(line: Line) -> Line:
    """Put back the tilde Tesseract drops from the surname NGUYỄN at the start of a name in capitals.

    `vie` reads the stacked mark on a small capital Ễ as plain Ê (see domain notes), and NGUYÊN never
    opens a Vietnamese name while NGUYỄN opens two in five; elsewhere (THÁI NGUYÊN, a given name) the
    word is left as read.
    """
    words = list(line.words)
    changed = False
    for i, word in enumerate(words[:-1]):
        opens_name = i == 0 or words[i - 1].text.endswith(":")
        if word.text == "NGUYÊN" and opens_name and words[i + 1].text.isupper():
            words[i] = replace(word, text="NGUYỄN")
            changed = True
    return Line.of(words, line.page) if changed else line


def restore_square_metre(line: Line) -> Line:
    """`m?` or `m2?` after a number (or glued to one) is the `m²` the model has no glyph for."""
    words = list(line.words)
    changed = False
    for i, word in enumerate(words):
        match = _SQUARE_METRE.match(word.text)
        if match is None:
            continue
        after_number = match["number"] is not None or (i > 0 and words[i - 1].text[-1:].isdigit())
        if after_number:
            words[i] = replace(word, text=f"{match['number'] or ''}m²{match['tail']}")
            changed = True
    return Line.of(words, line.page) if changed else line


# The fixed capital phrases of administrative papers (Decree 30/2020/NĐ-CP): the state's name, the
# kinds of document, the signers' positions, the organs and the certificate and company headings.
# Set in bold capitals, they are where `vie` loses marks most (`QUYÉT ĐỊNH`, `UY BAN NHÂN DÀN`,
# `CÔNG TY CỔ PHÀN`). Only phrases of two words or more: one word alone (`TÍNH`) is too often another.
FIXED_PHRASES = tuple(
    dict.fromkeys(
        (
            NATIONAL_NAME,
            *(k.upper() for k in KINDS if " " in k and not k.endswith(".")),
            *(t for t in KNOWN_TITLES if " " in t),
            *(t for t in BUSINESS_TERMS.values() if " " in t),
            "ỦY BAN NHÂN DÂN",
            "HỘI ĐỒNG NHÂN DÂN",
            "VĂN PHÒNG",
            "ĐẠI HỌC",
            "HỌC VIỆN",
            "CÔNG AN",
            "GIẤY CHỨNG NHẬN",
            "ĐĂNG KÝ DOANH NGHIỆP",
            "QUYỀN SỬ DỤNG ĐẤT",
            "HÓA ĐƠN GIÁ TRỊ GIA TĂNG",
            "NƠI NHẬN",
            "VIỆT NAM",
        )
    )
)
# Two words can be a name or a place as well as a heading (`MAI VĂN PHONG`, `VÂN PHONG`, `HÀ VIẾT NAM`,
# `NGUYỄN PHƯƠNG AN`): a two-word phrase is respelled only where a heading stands, at the start of its
# line (after a dash or "on behalf of") or right after another fixed phrase; a longer one anywhere but
# after a name's label, a surname or a word that introduces a name.
_PHRASES: dict[int, dict[str, tuple[str, ...]]] = {}
for _phrase in FIXED_PHRASES:
    _by_key = _PHRASES.setdefault(len(_phrase.split()), {})
    _by_key[fold(_phrase)] = (*_by_key.get(fold(_phrase), ()), _phrase)
_PHRASE_LENGTHS = sorted(_PHRASES, reverse=True)  # longest first
_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$")
_LEAD = re.compile(r"^(?:\W+|(?:KT|TM|TL|TUQ|Q|K/T)\.?)$")
_KIN = frozenset({"ong", "ba", "anh", "chi", "em", "co", "chu", "bac"})  # ông, bà, anh, chị …: a name follows
_NAME_BEFORE = _KIN | {"ten", "name", "ho"}  # … or a name's label ends


def word_parts(text: str) -> tuple[str, str, str]:
    """A word's leading punctuation, its letters and its trailing punctuation."""
    match = _EDGES.match(text)
    assert match is not None
    return match.group(1), match.group(2), match.group(3)


def _capitals(text: str) -> bool:
    return bool(text) and text.isalpha() and text.isupper()


def _marked(text: str) -> bool:
    """Whether `text` carries a tone or shape mark (`Đ` is a letter, not a mark: `HĐND` has none)."""
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text))


def _same_spelling(read: str, phrase: str) -> bool:
    """The same letters, shape marks and tones, the tone on whichever vowel (`HOÁ` is `HÓA`)."""
    return [spelling(w) for w in read.split()] == [spelling(w) for w in phrase.split()]


def in_a_name(words: list[Word], at: int) -> bool:
    """Whether one of the two words before `at` is a common surname in capitals, a name's label or a
    word that introduces a name (`ông`, `bà`): what follows is a name, not a heading."""
    for word in words[max(0, at - 2) : at]:
        core = word_parts(word.text)[1]
        if (_capitals(core) and fold(core) in SURNAMES) or fold(core) in _NAME_BEFORE:
            return True
    return False


def restore_fixed_phrases(line: Line) -> Line:
    """Give a run of capital words the marks of the fixed phrase it spells when its marks are none of
    that phrase's spellings. A run read without any mark is left alone: English (`VIET NAM`) or a
    print without marks is not to be given Vietnamese ones; nor is one where a name may stand."""
    words = list(line.words)
    changed, i, heading = False, 0, True  # `heading`: at the line's start or right after a fixed phrase
    while i < len(words):
        if _LEAD.match(words[i].text):
            i, heading = i + 1, True  # "K/T", "TM.", a dash: a title or heading follows
            continue
        matched = 0
        for n in _PHRASE_LENGTHS:
            run = [word_parts(w.text) for w in words[i : i + n]]
            if len(run) < n or not all(_capitals(core) for _, core, _ in run):
                continue
            read = " ".join(core for _, core, _ in run)
            spellings = _PHRASES[n].get(fold(read))
            if not spellings:
                continue
            if any(_same_spelling(read, spelled) for spelled in spellings):
                matched = n  # read right (a heading wherever it stands: what follows it may be one too)
                break
            if (n == 2 and not heading) or in_a_name(words, i) or not _marked(read):
                continue
            for j, (head, _, tail) in enumerate(run):
                words[i + j] = replace(words[i + j], text=f"{head}{spellings[0].split()[j]}{tail}")
            changed, matched = True, n
            break
        heading = bool(matched)
        i += matched or 1
    return Line.of(words, line.page) if changed else line


_SHAPES = {"A": "\u0302\u0306", "E": "\u0302", "O": "\u0302\u031b", "U": "\u031b"}  # â ă, ê, ô ơ, ư
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")


def _with_one_shape_mark_more(word: str) -> list[str]:
    """The word with one circumflex, breve or horn added to one unshaped vowel, its tone kept."""
    letters = [unicodedata.normalize("NFD", ch) for ch in word]
    found = []
    for k, parts in enumerate(letters):
        base, marks = parts[0], parts[1:]
        if any(m in _SHAPE_MARKS for m in marks):
            continue
        for shape in _SHAPES.get(base, ""):
            found.append(nfc("".join(letters[:k]) + base + shape + marks + "".join(letters[k + 1 :])))
    return found


def restore_shape_mark(line: Line) -> Line:
    """A capital word that is no Vietnamese syllable but becomes exactly one when a lost circumflex,
    breve or horn is put back on one vowel is spelt so (`QUYÉT` → `QUYẾT`): `vie`
    drops the shape mark under a tone on bold capitals. A word read without marks is left alone, and
    one that is a syllable as read (`GIÁY` is, by the rules of `fields.syllable`) is not guessed at."""
    words = list(line.words)
    changed = False
    for i, word in enumerate(words):
        head, core, tail = word_parts(word.text)
        if len(core) < 2 or not _capitals(core) or not _marked(core) or is_syllable(core):
            continue
        legal = [c for c in _with_one_shape_mark_more(core) if is_syllable(c)]
        if len(legal) == 1:
            words[i] = replace(word, text=f"{head}{legal[0]}{tail}")
            changed = True
    return Line.of(words, line.page) if changed else line


_UNITS = {"tinh": "tỉnh", "thanh pho": "thành phố"}  # what a province's name follows in a letterhead
_MIDDLE_NAMES = frozenset({"van", "thi"})


def _proper(core: str) -> bool:
    """Capitalised (`Đông`) or in capitals (`ĐÔNG`): how a place's name is printed."""
    return core.isalpha() and core[:1].isupper() and (core[1:].islower() or core.isupper())


def _cased(spelled: str, like: str) -> str:
    """`spelled` in the case `like` was read in: capitals, capitalised or lowercase."""
    if like.isupper():
        return spelled.upper()
    return spelled[:1].upper() + spelled[1:] if like[:1].isupper() else spelled.lower()


def restore_place_names(line: Line) -> Line:
    """A province's name read with wrong marks (`ĐÔNG NAI`, `Đông Nai`, `HÒ CHÍ MINH`) is spelt as the
    official list spells it, with `tỉnh` or `thành phố` before it when those fold so too (`TÍNH QUANG
    NGAI` → `TỈNH QUẢNG NGÃI`). Only a run of two or three capitalised words (or words in capitals)
    that folds to exactly one province's name, and that carries a mark as read: `QUANG NGAI` without
    any may be an unmarked print and is left alone, as English (`HO CHI MINH CITY`) is; never after
    a surname, `Văn` or `Thị`, or where `in_a_name` says a person's name stands (`Nguyễn Hải Phong`
    is a man, not a city)."""
    words = list(line.words)
    changed, i = False, 0
    while i < len(words):
        matched = 0
        for n in (3, 2):
            run = [word_parts(w.text) for w in words[i : i + n]]
            if len(run) < n or not all(_proper(core) for _, core, _ in run):
                continue
            if any(tail for _, _, tail in run[:-1]) or any(head for head, _, _ in run[1:]):
                continue  # punctuation inside: not one name
            read = " ".join(core for _, core, _ in run)
            spelled = province_spelling(read)
            previous = fold(word_parts(words[i - 1].text)[1]) if i else ""
            if spelled is None or previous in SURNAMES or previous in _MIDDLE_NAMES or in_a_name(words, i):
                continue
            start, unit = i, None
            for size in (2, 1):  # the unit before it: `THÀNH PHỐ`, `Tỉnh`
                before = [word_parts(w.text) for w in words[max(0, i - size) : i]]
                if len(before) == size and not before[-1][2] and fold(" ".join(c for _, c, _ in before)) in _UNITS:
                    start, unit = i - size, _UNITS[fold(" ".join(c for _, c, _ in before))]
                    break
            target = ([*unit.split()] if unit else []) + spelled.split()
            span = [word_parts(w.text) for w in words[start : i + n]]
            if not any(_marked(core) for _, core, _ in span):
                continue
            for j, (head, core, tail) in enumerate(span):
                fixed = _cased(target[j], core)
                if fixed != core:
                    words[start + j] = replace(words[start + j], text=f"{head}{fixed}{tail}")
                    changed = True
            matched = n
            break
        i += matched or 1
    return Line.of(words, line.page) if changed else line


# Words after which a capital word is a name, not a misread one: `bà HÀ và`, `xã VÂN HÒA`.
_INTRODUCES_A_NAME = _KIN | {
    "xa", "thon", "phuong", "ap", "ban", "tinh", "huyen", "quan", "lang", "xom", "to", "duong", "pho", "khu",
    "song", "nui", "cau", "cho", "chua", "den",
}  # fmt: skip


def restore_case(line: Line) -> Line:
    """A lone marked capital word between two lowercase words is a lowercase word read as capitals
    (`quy định VỀ cơ`): administrative prose sets no single word in capitals, and acronyms (`HĐND`)
    carry no marks and are no syllable."""
    words = list(line.words)
    changed = False
    for i in range(1, len(words) - 1):
        core = word_parts(words[i].text)[1]
        before, after = word_parts(words[i - 1].text)[1], word_parts(words[i + 1].text)[1]
        if (
            _capitals(core)
            and _marked(core)
            and is_syllable(core)
            and fold(before) not in _INTRODUCES_A_NAME
            and all(len(n) >= 2 and n.isalpha() and n.islower() for n in (before, after))
        ):
            words[i] = replace(words[i], text=words[i].text.lower())
            changed = True
    return Line.of(words, line.page) if changed else line


_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Icelandic eth, drawn as Đ, never Vietnamese
_LOOKALIKE_DIGITS = str.maketrans("IlO", "110")
_SYMBOL_HEAD = re.compile(r"^\d+(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ][A-ZĐ0-9]*)*-$")  # "1572/QĐ-", "12/2024/TT-"
_EINVOICE = re.compile(r"^[Il|](?=[CK]\d{2}[A-Z]{3}$)")  # Ký hiệu of an e-invoice: 1 or 2, C or K, year, 3 letters


def _joined(first: Word, second: Word, text: str) -> Word:
    right = max(first.left + first.width, second.left + second.width)
    top = min(first.top, second.top)
    bottom = max(first.top + first.height, second.top + second.height)
    confidence = min(first.confidence, second.confidence)
    return replace(first, text=text, width=right - first.left, top=top, height=bottom - top, confidence=confidence)


def restore_symbols(line: Line) -> Line:
    """Characters and spaces `vie` gets wrong in numbers and symbols, where their form leaves one reading:
    - `Ð` (eth) for `Đ`, and an eth beside the `Đ` it doubles (`QĐ-ĐÐN`);
    - a space after the hyphen of a document symbol (`1572/QĐ- TTg`, `1743/QĐ- -BGTVT`);
    - `l`, `I` (and `O` among two digits or more) in a run of digits (`3l` → `31`), and an e-invoice
      symbol's leading `1` read `I`.
    A space after a thousands separator (`42, 000`) is left: `thửa 45, 123` is two numbers."""
    words: list[Word] = []
    for word in line.words:
        text = re.sub("ĐÐ|ÐĐ", "Đ", word.text).translate(_ETH)  # an eth beside the Đ it doubles
        digits = sum(ch.isdigit() for ch in text)
        if digits and re.fullmatch(r"[0-9IlO]+", text) and not text.isdigit() and (digits >= 2 or "O" not in text):
            text = text.translate(_LOOKALIKE_DIGITS)  # `3l` → 31, `2O25` → 2025; `O2` (oxygen) stays
        text = _EINVOICE.sub("1", text)
        previous = words[-1] if words else None
        if previous is not None and _SYMBOL_HEAD.match(previous.text) and re.match(r"-?[A-ZĐ]", text):
            words[-1] = _joined(previous, word, previous.text + text.lstrip("-"))
            continue
        words.append(replace(word, text=text) if text != word.text else word)
    if len(words) == len(line.words) and all(a is b for a, b in zip(words, line.words, strict=True)):
        return line
    return Line.of(words, line.page)


_DATE_PART = re.compile(r"[0-9IlO|]{1,2}")
_DATE_LIMITS = {"ngay": ("thang", 31), "thang": ("nam", 12)}  # a part's word → (the next part's word, its largest)
_YEAR = re.compile(r"^\d{4}\W*$")


def restore_date_digits(line: Line) -> Line:
    """In a date spelt out (`ngày 24 tháng 11 năm 2014`), a day or month read with look-alike letters
    or split (`tháng II`, `tháng 1 I`, `ngày l5`) is its digits: between `tháng` and `năm` nothing but a
    number stands. Only in a whole date (the next part's word follows, and `năm` has four digits after
    it), and only for a day of 1-31 or a month of 1-12; a Roman numeral elsewhere (`Quý II`) is left."""
    words = list(line.words)
    changed, i = False, 0
    while i < len(words):
        unit = fold(word_parts(words[i].text)[1])
        if unit not in _DATE_LIMITS:
            i += 1
            continue
        following, largest = _DATE_LIMITS[unit]
        for size in (1, 2):
            parts, after = words[i + 1 : i + 1 + size], i + 1 + size
            if len(parts) < size or after >= len(words) or fold(word_parts(words[after].text)[1]) != following:
                continue
            read = "".join(w.text for w in parts)
            year_at = (
                after
                if following == "nam"
                else next(
                    (
                        k
                        for k in range(after + 1, min(len(words), after + 4))
                        if fold(word_parts(words[k].text)[1]) == "nam"
                    ),
                    None,
                )
            )
            if year_at is None or year_at + 1 >= len(words) or not _YEAR.match(words[year_at + 1].text):
                continue
            if not all(_DATE_PART.fullmatch(w.text) for w in parts) or len(read) > 2:
                continue
            digits = read.translate(_LOOKALIKE_DIGITS).replace("|", "1")
            if digits == read and size == 1 or not 1 <= int(digits) <= largest:
                continue
            merged = parts[0] if size == 1 else _joined(parts[0], parts[1], digits)
            words[i + 1 : i + 1 + size] = [replace(merged, text=digits)]
            changed = True
            break
        i += 1
    return Line.of(words, line.page) if changed else line


ENGLISH_WORDS = 3  # plain-letter words that are no Vietnamese syllable, for a line to be English


def _unmarked(text: str) -> str:
    return nfc("".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)))


def restore_english(line: Line) -> Line:
    """In an English line of a bilingual paper (a diploma's `has conferred the degree of`, a card's
    `Date of birth`), a word `vie` gave a Vietnamese mark that makes it no syllable (`hâs`) is read
    without the mark. A line is English when it has `ENGLISH_WORDS` words of plain letters that are no
    Vietnamese syllable and not one marked Vietnamese syllable (`Táo Braeburn` is not English);
    `đ` is a letter, not a mark, and stays."""
    cores = [word_parts(w.text)[1] for w in line.words]
    english = sum(1 for c in cores if len(c) >= 2 and c.isascii() and c.isalpha() and not legal_word(c))
    if english < ENGLISH_WORDS or any(_marked(c) and legal_word(c) for c in cores if c.isalpha()):
        return line
    words = list(line.words)
    changed = False
    for i, (word, core) in enumerate(zip(words, cores, strict=True)):
        plain = _unmarked(core)
        if core.isalpha() and plain != core and plain.isascii() and not legal_word(core):
            head, _, tail = word_parts(word.text)
            words[i] = replace(word, text=f"{head}{plain}{tail}")
            changed = True
    return Line.of(words, line.page) if changed else line


def repair_line(line: Line) -> Line:
    """Every repair of this module, in turn."""
    line = restore_date_digits(restore_square_metre(restore_surname(line)))
    line = restore_place_names(restore_case(restore_shape_mark(restore_fixed_phrases(restore_symbols(line)))))
    return restore_english(line)
