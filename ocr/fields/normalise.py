"""Value normalisers: raw OCR text of one value → the contract's form, or None when unreadable.

Each returns the normalised string only; whether it is *valid* is `validate`'s business. Digit
normalisers read only characters that are digits or separators: repairing OCR letter/digit
confusions is done by `validate.repair`, and only where a validator proves the repair.
"""

from __future__ import annotations

import re

from ..text import fold, single_line

_TRAILING = " .,;:-–/|'\"‘’`"
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_NAME_JUNK = re.compile(r"[^\w\s'’-]|[\d_]")

ETHNIC_GROUPS = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Stiêng",
    "Khơ Mú",
    "Bru Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)
_ETHNIC_BY_KEY = {fold(name).replace(" ", ""): name for name in ETHNIC_GROUPS}
_ETHNIC_BY_KEY["hmong"] = "Mông"
# The commonest surnames, by folded spelling: each folded form has one usual written form, so a
# surname OCR read with a wrong or missing mark (NGUYÊN, TRAN) is respelled.
SURNAMES = {
    fold(s): s.upper()
    for s in (
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Đào",
        "Đoàn",
        "Trịnh",
        "Lương",
        "Vương",
        "Trương",
        "Lâm",
        "Quách",
        "Thái",
        "Châu",
        "Mạc",
        "Tạ",
        "Lưu",
        "Kiều",
        "Triệu",
    )
}


# Syllables common in Vietnamese middle and given names. A name word OCR read outside this list
# while a listed syllable has the same letters with other marks (`TRÌNH` where `TRINH` is the name,
# `HÃNG` for `HẰNG`, `MÃI` for `MAI`) is more likely a misread mark than a rare name: the word's marks
# have no evidence but the OCR's, so the name is not proven (`name_marks_doubtful`). A rare name
# whose letters no common name shares (`KHUÊ`) is not doubted.
NAME_SYLLABLES = frozenset(
    s.upper()
    for s in """
    An Anh Ánh Bá Bách Bạch Bảo Bắc Bằng Bích Biên Bình Bội Cẩm Cảnh Cát Chánh Châu Chi Chí Chiến Chinh
    Chính Chung Công Cúc Cung Cường Danh Đan Đào Đạo Đạt Đăng Điền Điệp Định Đình Đoan Đông Đồng Đức
    Diễm Diệp Diệu Doanh Dũng Dung Duy Duyên Dương Gấm Giang Giao Hà Hải Hạnh Hào Hảo Hằng Hân Hậu
    Hiền Hiển Hiệp Hiếu Hoa Hòa Hoà Hoài Hoan Hoàn Hoàng Học Hồng Hợp Huân Huệ Hùng Hưng Hương Hường
    Hữu Huy Huyền Khải Khang Khánh Khắc Khiêm Khoa Khôi Khuê Kiên Kiệt Kiều Kim Lam Lan Lâm Lập Lệ
    Liên Liễu Linh Loan Long Lộc Lợi Luân Lực Lương Ly Lý Mai Mạnh Minh My Mỹ Nam Nga Ngà Ngân Nghĩa
    Ngọc Nguyên Nguyệt Nhã Nhàn Nhân Nhật Nhi Nhung Như Ninh Oanh Phát Phi Phong Phú Phúc Phụng
    Phương Phước Phượng Quân Quang Quế Quốc Quý Quyên Quyết Quỳnh Sang Sơn Sương Tài Tâm Tân Tấn
    Thạch Thái Thắm Thắng Thanh Thành Thảo Thế Thi Thiên Thiện Thịnh Thoa Thông Thơ Thu Thuận Thúy
    Thuý Thủy Thuỷ Thư Thương Tiên Tiến Tín Toàn Trà Trâm Trang Trí Triết Trinh Trọng Trung Trúc
    Trường Tú Tuấn Tùng Tuyền Tuyết Tường Uyên Văn Vân Vi Việt Vinh Vĩnh Võ Vũ Vy Xuân Yến Thị
    """.split()
)
_NAME_FOLDS = frozenset(fold(s) for s in NAME_SYLLABLES)


def name_marks_doubtful(value: str) -> bool:
    """True when a middle or given name (a word past the surname, which `SURNAMES` respells) is no
    common name syllable but folds to one: its marks were likely misread, and nothing but the OCR
    says they are right."""
    return any(w not in NAME_SYLLABLES and fold(w) in _NAME_FOLDS for w in value.upper().split()[1:])


def _only_name_syllables() -> dict[str, str]:
    spelled: dict[str, list[str]] = {}
    for syllable in NAME_SYLLABLES:
        spelled.setdefault(fold(syllable), []).append(syllable)
    return {key: names[0] for key, names in spelled.items() if len(names) == 1 and key not in SURNAMES}


_ONE_NAME_SYLLABLE = _only_name_syllables()  # `hai` → `HẢI`; not `hung` (HÙNG or HƯNG), `nguyen` (or NGUYỄN)
_SURNAME_SPELLINGS = frozenset(SURNAMES.values())


def respell_name_marks(value: str) -> str:
    """A name whose middle or given words `name_marks_doubtful` doubts respelled as the one common name
    syllable each folds to (`PHẠM TRONG VINH` → `PHẠM TRỌNG VINH`, `HÁI` → `HẢI`); a word whose letters
    two common syllables share (`HUNG`: HÙNG or HƯNG), or a surname (`LÊ NGUYỄN AN`: a mother's
    surname as a middle name), stays as read. A guess: never proof of the name."""
    first, *rest = value.split()
    kept = NAME_SYLLABLES | _SURNAME_SPELLINGS
    return " ".join([first, *(w if w in kept else _ONE_NAME_SYLLABLE.get(fold(w), w) for w in rest)])


# Words of trade printed in company names ("CÔNG TY TNHH THỰC PHẨM …"). Each folds to one spelling
# only, so a term read with a wrong or lost mark (THỤC PHẨM, THUONG MAI) is respelled.
BUSINESS_TERMS = {
    fold(t): t
    for t in (
        "CÔNG TY",
        "CỔ PHẦN",
        "TRÁCH NHIỆM HỮU HẠN",
        "MỘT THÀNH VIÊN",
        "HAI THÀNH VIÊN",
        "TRỞ LÊN",
        "THƯƠNG MẠI",
        "DỊCH VỤ",
        "SẢN XUẤT",
        "XÂY DỰNG",
        "ĐẦU TƯ",
        "PHÁT TRIỂN",
        "CÔNG NGHỆ",
        "THỰC PHẨM",
        "NÔNG SẢN",
        "THỦY SẢN",
        "VẬN TẢI",
        "XUẤT NHẬP KHẨU",
        "DU LỊCH",
        "BẤT ĐỘNG SẢN",
        "CƠ KHÍ",
        "ĐIỆN TỬ",
        "TƯ VẤN",
        "THIẾT KẾ",
        "VẬT LIỆU",
        "KỸ THUẬT",
        "GIẢI PHÁP",
        "TRUYỀN THÔNG",
        "QUẢNG CÁO",
        "GIÁO DỤC",
        "DƯỢC PHẨM",
        "MỸ PHẨM",
        "NỘI THẤT",
        "CÀ PHÊ",
        "TẬP ĐOÀN",
        "DOANH NGHIỆP TƯ NHÂN",
        "HỢP TÁC XÃ",
        "MÔI TRƯỜNG",
        "NĂNG LƯỢNG",
        "THIẾT BỊ",
        "VIỄN THÔNG",
    )
}
_TERM_LENGTHS = sorted({len(k.split()) for k in BUSINESS_TERMS}, reverse=True)


def respell_terms(value: str) -> str:
    """A company name with its words of trade spelled as the term list has them."""
    words = value.split()
    i = 0
    while i < len(words):
        for n in _TERM_LENGTHS:
            known = BUSINESS_TERMS.get(fold(" ".join(words[i : i + n]))) if i + n <= len(words) else None
            if known:
                words[i : i + n] = known.split()
                i += n - 1
                break
        i += 1
    return " ".join(words)


def text(raw: str) -> str | None:
    """NFC, single spaces, without the separators OCR leaves at either end."""
    value = single_line(raw).strip(_TRAILING + "*•")
    return value or None


def name(raw: str) -> str | None:
    """A person's or company's name in capitals; None unless it has at least two letter words."""
    value = text(_NAME_JUNK.sub(" ", raw))
    if value is None:
        return None
    words = value.split()
    letters = sum(ch.isalpha() for ch in value)
    if len(words) < 2 or letters < 4:
        return None
    return " ".join(words).upper()


def respell_surname(value: str) -> str:
    """A name with its first word respelled when it folds to one of the common surnames."""
    first, _, rest = value.partition(" ")
    known = SURNAMES.get(fold(first))
    return f"{known} {rest}" if known and rest else value


def company_name(raw: str) -> str | None:
    """A company name in capitals as printed (digits and `&`, `.`, `-` kept)."""
    value = text(raw)
    if value is None or sum(ch.isalpha() for ch in value) < 4:
        return None
    return value.upper()


def date(raw: str) -> str | None:
    """`YYYY-MM-DD` from `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or `ngày 20 tháng 8 năm 2025`.

    The calendar is not checked here (31/02 gives `yyyy-02-31`), so an impossible date is kept
    and reported invalid rather than lost.
    """
    folded = fold(raw)
    match = _DATE_NUMERIC.search(folded) or _DATE_WORDS.search(folded)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def sex(raw: str) -> str | None:
    """`Nam` or `Nữ` (also from `Male`/`Female` and diacritic-less OCR)."""
    words = fold(raw).replace("/", " ").split()
    if not words:
        return None
    first = re.sub(r"[^a-z]", "", words[0])
    if first in {"nam", "male", "m"}:
        return "Nam"
    if first in {"nu", "female", "f", "nn"} or first == "nuu":  # NữỮ: a doubled letter
        return "Nữ"
    return None


def digits(raw: str) -> str | None:
    """All the digits of the value, or None when it has none."""
    value = "".join(ch for ch in raw if ch.isdigit())
    return value or None


def digit_run(raw: str, lengths: tuple[int, ...]) -> str | None:
    """The first run of digits (spaces, dots and dashes inside allowed) of one of `lengths`."""
    for match in re.finditer(r"\d[\d .\-]*\d|\d", raw):
        run = re.sub(r"\D", "", match.group())
        if len(run) in lengths:
            return run
    return None


def money(raw: str) -> str | None:
    """An amount in đồng, digits only: `1.500.000.000 đồng` → `1500000000`."""
    match = re.search(r"\d{1,3}(?:[.,\s]\d{3})+|\d+", raw)
    return re.sub(r"\D", "", match.group()) if match else None


def area(raw: str) -> str | None:
    """An area in m² as a decimal with a dot: `125,5 m²` → `125.5`, `1.250,75` → `1250.75`."""
    match = re.search(r"\d[\d.,\s]*", raw)
    if match is None:
        return None
    number = re.sub(r"\s", "", match.group()).rstrip(".,")
    if "," in number:
        whole, _, fraction = number.rpartition(",")
        whole = whole.replace(".", "").replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", number):
        whole, fraction = number.replace(".", ""), ""
    else:
        whole, _, fraction = number.rpartition(".") if "." in number else (number, "", "")
        whole = whole.replace(".", "")
    fraction = fraction.rstrip("0")
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def serial(raw: str) -> str | None:
    """A certificate serial, two capitals and six digits: `CS 123456` → `CS123456`."""
    match = re.search(r"\b([A-Z]{2})\s*[-.]?\s*(\d{6})\b", raw.upper())
    return match.group(1) + match.group(2) if match else None


def phone(raw: str) -> str | None:
    """A phone number as its digits, `+84` written as the national `0`: `+84 912 345 678` → `0912345678`."""
    match = re.search(r"\+?\d[\d .\-()]{7,}\d", raw)
    if match is None:
        return None
    value = re.sub(r"\D", "", match.group())
    if match.group().startswith("+84") or (value.startswith("84") and len(value) == 11):
        value = "0" + value[2:]
    return value


def email(raw: str) -> str | None:
    """An e-mail address with OCR's stray spaces around `@` and `.` removed, lower case."""
    compact = re.sub(r"\s*([@.])\s*", r"\1", raw.strip())
    match = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", compact)
    return match.group().lower() if match else None


def nationality(raw: str) -> str | None:
    """A nationality as printed; Việt Nam restored when OCR dropped its diacritics."""
    value = text(raw)
    if value is None:
        return None
    folded = re.sub(r"[^a-z]", "", fold(value))  # `Việt'Nam`, `Viet Nam`
    last_two = fold(" ".join(value.split()[-2:]))  # junk of a misread label before it: `Nauấnallì) Việt Nam`
    return "Việt Nam" if folded in {"vietnam", "vietnamese"} or last_two == "viet nam" else value


def ethnicity(raw: str) -> str | None:
    """An ethnic group, restored to its official spelling when the folded name is one of the 54."""
    value = text(raw)
    if value is None:
        return None
    return _ETHNIC_BY_KEY.get(fold(value).replace(" ", ""), value)
