"""Plausible random Vietnamese data: people, addresses, ID numbers, tax codes, dates, numbers in words.

Everything takes a `random.Random` so that a seed fixes the output. Values are NFC text exactly as
they are printed on the documents; the contract's normalised forms are derived in `documents.py`.
This module draws nothing and touches no files.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from .places import PROVINCES

SURNAMES = (
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
    ("Lương", 1),
    ("Tạ", 1),
)
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thành", "Ngọc", "Xuân", "Đình", "Quang", "Trọng")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Minh", "Thanh", "Hồng", "Kim", "Phương", "Mỹ", "Bích", "Diệu")
GIVEN_MALE = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khang",
    "Khoa",
    "Kiên",
    "Long",
    "Lộc",
    "Mạnh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Thịnh",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
)
GIVEN_FEMALE = (
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Yến",
)
ETHNICITIES = (
    ("Kinh", 86),
    ("Tày", 2),
    ("Thái", 2),
    ("Mường", 2),
    ("Khmer", 2),
    ("Hoa", 1),
    ("Nùng", 1),
    ("Ê Đê", 1),
    ("Gia Rai", 1),
    ("K'Ho", 1),
)
STREETS = (
    "Trần Phú",
    "Lê Lợi",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Hùng Vương",
    "Nguyễn Trãi",
    "Lê Duẩn",
    "Phan Chu Trinh",
    "Điện Biên Phủ",
    "Trần Hưng Đạo",
    "Bà Triệu",
    "Nguyễn Văn Cừ",
    "Võ Thị Sáu",
    "Phạm Ngũ Lão",
    "Yersin",
    "Ba Tháng Hai",
    "Nguyễn Thị Minh Khai",
)
HAMLET_KINDS = ("Thôn", "Thôn", "Ấp", "Xóm", "Bản", "Tổ dân phố")
HAMLET_NAMES = (
    "Phú Thạnh",
    "Đông Hòa",
    "Tân Lập",
    "Bình An",
    "Hòa Bình",
    "Phước Lộc",
    "Trung Sơn",
    "An Phú",
    "Thống Nhất",
    "Quyết Thắng",
    "Đồng Tâm",
    "Vĩnh Hưng",
    "Tân Tiến",
    "Hiệp Hòa",
    "Đại Đồng",
)

#: Pre-2025 statistics codes of the province where a birth was registered (first three digits of a
#: personal ID number), and the province it belongs to after the 2025 merger.
BIRTH_PROVINCE_CODES: dict[str, str] = {
    "001": "Thành phố Hà Nội",
    "002": "Tỉnh Tuyên Quang",
    "004": "Tỉnh Cao Bằng",
    "006": "Tỉnh Thái Nguyên",
    "008": "Tỉnh Tuyên Quang",
    "010": "Tỉnh Lào Cai",
    "011": "Tỉnh Điện Biên",
    "012": "Tỉnh Lai Châu",
    "014": "Tỉnh Sơn La",
    "015": "Tỉnh Lào Cai",
    "017": "Tỉnh Phú Thọ",
    "019": "Tỉnh Thái Nguyên",
    "020": "Tỉnh Lạng Sơn",
    "022": "Tỉnh Quảng Ninh",
    "024": "Tỉnh Bắc Ninh",
    "025": "Tỉnh Phú Thọ",
    "026": "Tỉnh Phú Thọ",
    "027": "Tỉnh Bắc Ninh",
    "030": "Thành phố Hải Phòng",
    "031": "Thành phố Hải Phòng",
    "033": "Tỉnh Hưng Yên",
    "034": "Tỉnh Hưng Yên",
    "035": "Tỉnh Ninh Bình",
    "036": "Tỉnh Ninh Bình",
    "037": "Tỉnh Ninh Bình",
    "038": "Tỉnh Thanh Hóa",
    "040": "Tỉnh Nghệ An",
    "042": "Tỉnh Hà Tĩnh",
    "044": "Tỉnh Quảng Trị",
    "045": "Tỉnh Quảng Trị",
    "046": "Thành phố Huế",
    "048": "Thành phố Đà Nẵng",
    "049": "Thành phố Đà Nẵng",
    "051": "Tỉnh Quảng Ngãi",
    "052": "Tỉnh Gia Lai",
    "054": "Tỉnh Đắk Lắk",
    "056": "Tỉnh Khánh Hòa",
    "058": "Tỉnh Khánh Hòa",
    "060": "Tỉnh Lâm Đồng",
    "062": "Tỉnh Quảng Ngãi",
    "064": "Tỉnh Gia Lai",
    "066": "Tỉnh Đắk Lắk",
    "067": "Tỉnh Lâm Đồng",
    "068": "Tỉnh Lâm Đồng",
    "070": "Tỉnh Đồng Nai",
    "072": "Tỉnh Tây Ninh",
    "074": "Thành phố Hồ Chí Minh",
    "075": "Tỉnh Đồng Nai",
    "077": "Thành phố Hồ Chí Minh",
    "079": "Thành phố Hồ Chí Minh",
    "080": "Tỉnh Tây Ninh",
    "082": "Tỉnh Đồng Tháp",
    "083": "Tỉnh Vĩnh Long",
    "084": "Tỉnh Vĩnh Long",
    "086": "Tỉnh Vĩnh Long",
    "087": "Tỉnh Đồng Tháp",
    "089": "Tỉnh An Giang",
    "091": "Tỉnh An Giang",
    "092": "Thành phố Cần Thơ",
    "093": "Thành phố Cần Thơ",
    "094": "Thành phố Cần Thơ",
    "095": "Tỉnh Cà Mau",
    "096": "Tỉnh Cà Mau",
}

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


@dataclass(frozen=True)
class Place:
    """A ward or commune with its province, as printed: 'xã Đức Trọng', 'tỉnh Lâm Đồng'."""

    ward: str
    province: str

    @property
    def province_short(self) -> str:
        """'Lâm Đồng' from 'tỉnh Lâm Đồng' (used in '<place>, ngày … tháng … năm …')."""
        return self.province.removeprefix("thành phố ").removeprefix("tỉnh ")

    def text(self) -> str:
        """'xã Đức Trọng, tỉnh Lâm Đồng'."""
        return f"{self.ward}, {self.province}"


@dataclass(frozen=True)
class Person:
    """One citizen with everything the five document types may print about them."""

    full_name: str
    sex: str
    date_of_birth: date
    id_number: str
    ethnicity: str
    origin: Place
    residence: str
    phone: str
    email: str


def weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    """Pick one value of (value, weight) pairs."""
    values, weights = zip(*items, strict=True)
    return rng.choices(values, weights=weights)[0]


def lower_first(text: str) -> str:
    """'Xã Đức Trọng' -> 'xã Đức Trọng' (administrative unit words are lower case mid-sentence)."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """'xã Đức Trọng, ...' -> 'Xã Đức Trọng, ...' (a value that starts a printed field)."""
    return text[:1].upper() + text[1:]


def province_short(address: str) -> str:
    """'Lâm Đồng' from '…, xã Đức Trọng, tỉnh Lâm Đồng' (the place named in closing lines)."""
    return address.rsplit(", ", 1)[-1].removeprefix("thành phố ").removeprefix("tỉnh ")


def ascii_fold(text: str) -> str:
    """Strip Vietnamese diacritics: 'Nguyễn Đức' -> 'Nguyen Duc' (for e-mail addresses)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def random_place(rng: random.Random, province: str | None = None) -> Place:
    """A real post-2025 ward/commune of `province` (or of a random province)."""
    province = province or rng.choice(sorted(PROVINCES))
    return Place(lower_first(rng.choice(PROVINCES[province])), lower_first(province))


def random_address(rng: random.Random, place: Place | None = None) -> str:
    """A street/hamlet line, ward, province: 'Số 12 đường Trần Phú, phường …, tỉnh …'."""
    place = place or random_place(rng)
    if place.ward.startswith("phường") and rng.random() < 0.75:
        number = str(rng.randint(1, 320))
        if rng.random() < 0.25:
            number += f"/{rng.randint(2, 40)}"
        street = f"Số {number} đường {rng.choice(STREETS)}"
    else:
        kind = rng.choice(HAMLET_KINDS)
        street = f"{kind} {rng.randint(1, 12)}" if kind == "Tổ dân phố" else f"{kind} {rng.choice(HAMLET_NAMES)}"
    return f"{street}, {place.text()}"


def random_name(rng: random.Random, sex: str, surname: str | None = None) -> str:
    """A full name in capitals with diacritics, e.g. 'NGUYỄN THỊ THU HƯƠNG'."""
    surname = surname or weighted(rng, SURNAMES)
    male = sex == "Nam"
    middles = [rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)]
    if middles[0] not in ("Văn", "Thị") and rng.random() < 0.25:
        second = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
        if second not in middles and second not in ("Văn", "Thị"):
            middles.append(second)
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    return unicodedata.normalize("NFC", " ".join([surname, *middles, given]).upper())


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A uniformly random day in [start, end]."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def id_number(rng: random.Random, province_code: str, sex: str, born: date) -> str:
    """A 12-digit personal ID `PPP G YY RRRRRR` consistent with the birth year and sex."""
    century = (born.year - 1900) // 100
    gender = century * 2 + (0 if sex == "Nam" else 1)
    return f"{province_code}{gender}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"


def phone_number(rng: random.Random) -> str:
    """A Vietnamese mobile number, 10 digits starting 03/05/07/08/09."""
    return "0" + rng.choice("35789") + "".join(str(rng.randint(0, 9)) for _ in range(8))


def email_for(rng: random.Random, full_name: str, born: date) -> str:
    """A plausible personal e-mail built from the name."""
    parts = ascii_fold(full_name).lower().split()
    local = rng.choice(
        [
            parts[-1] + "".join(p[0] for p in parts[:-1]),
            parts[0] + parts[-1],
            f"{parts[-1]}.{parts[0]}",
        ]
    ) + rng.choice(["", str(born.year % 100), str(born.year)])
    return f"{local}@{rng.choice(['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'])}"


def random_person(
    rng: random.Random,
    born_between: tuple[date, date] = (date(1960, 1, 1), date(2005, 12, 31)),
    sex: str | None = None,
    surname: str | None = None,
    residence: str | None = None,
) -> Person:
    """A citizen whose ID number agrees with birth year, sex and place of birth registration."""
    sex = sex or rng.choice(["Nam", "Nữ"])
    born = random_date(rng, *born_between)
    if born.day > 28:  # avoid 29 Feb birthdays making expiry dates awkward
        born = born.replace(day=28)
    code = rng.choice(sorted(BIRTH_PROVINCE_CODES))
    origin = random_place(rng, BIRTH_PROVINCE_CODES[code])
    name = random_name(rng, sex, surname)
    if residence is None:
        home = origin if rng.random() < 0.5 else random_place(rng, BIRTH_PROVINCE_CODES[code])
        residence = random_address(rng, home if rng.random() < 0.7 else None)
    return Person(
        full_name=name,
        sex=sex,
        date_of_birth=born,
        id_number=id_number(rng, code, sex, born),
        ethnicity=weighted(rng, ETHNICITIES),
        origin=origin,
        residence=residence,
        phone=phone_number(rng),
        email=email_for(rng, name, born),
    )


def card_expiry(born: date, issued: date) -> date | None:
    """Expiry per the 25/40/60 rule: the birthday at the next renewal age; a card issued within two
    years before a renewal age lasts until the following one; none after 60 (printed 'Không thời hạn')."""
    for age in (25, 40, 60):
        due = born.replace(year=born.year + age)
        if issued < due.replace(year=due.year - 2):
            return due
    return None


def enterprise_code(rng: random.Random) -> str:
    """A 10-digit enterprise/tax code with a correct check digit (regenerates when it would be 10)."""
    prefix = rng.choice(["01", "02", "03", "04", "31", "36", "42", "58", "56", "68", "79", "92"])
    while True:
        digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(7))
        check = (10 - sum(w * int(d) for w, d in zip(MST_WEIGHTS, digits, strict=True))) % 11
        if check != 10:
            return digits + str(check)


def dossier_id(rng: random.Random, received: date) -> str:
    """A one-stop dossier code `AAA.BB.CC.DNN-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP)."""
    agency = f"000.{rng.choice(['00', '20', '30'])}.{rng.randint(1, 40):02d}.H{rng.choice(['36', '48', '56', '29'])}"
    return f"{agency}-{received:%y%m%d}-{rng.randint(1, 250):04d}"


# -- numbers and dates in words -------------------------------------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_thousand(n: int, full: bool) -> str:
    """Words for 0 < n < 1000; `full` writes 'không trăm'/'linh' as inside a larger number."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words += ["linh", _DIGITS[units]]
        elif units:
            words.append(_DIGITS[units])
    else:
        words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("một" if tens == 1 else "mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return " ".join(words)


def number_words(n: int) -> str:
    """Vietnamese words for a non-negative integer: 2025 -> 'hai nghìn không trăm hai mươi lăm'."""
    if n == 0:
        return "không"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    scales = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ")
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i] == 0:
            continue
        words.append(_below_thousand(groups[i], full=bool(words)))
        if scales[i]:
            words.append(scales[i])
    return " ".join(words)


def date_words(day: date) -> str:
    """'Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi lăm'."""
    month = "giêng" if day.month == 1 else number_words(day.month)
    return f"Ngày {number_words(day.day)} tháng {month} năm {number_words(day.year)}"


def long_date(day: date) -> str:
    """'ngày 20 tháng 8 năm 2025' as closing lines and certificates write dates."""
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def dotted_thousands(n: int) -> str:
    """1500000000 -> '1.500.000.000' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")
