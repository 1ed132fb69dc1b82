"""The content of the document types: what is printed, line by line, and the ground-truth fields.

A form is a list of pages, each a list of blocks (`Line`, `Columns`, `Gap`) that `render.py` lays out;
an ID card is a `Card` with its values, laid out by `render.py` as well. Fields are given in the
contract's normalised form (dates `YYYY-MM-DD`, codes digits only, areas with a dot). Nothing here draws.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from . import people
from .people import Person, dotted_thousands, long_date, upper_first

DOC_TYPES = (
    "citizen_id_card",
    "birth_registration_form",
    "application_form",
    "business_registration",
    "land_use_certificate",
    "official_document",
    "unknown",  # a receipt, an invoice, another card or a private letter: none of the types
)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Run:
    """A piece of text in one style; `tab` moves it to the next tab stop (a fraction of the width)."""

    text: str
    style: str = "regular"  # regular | bold | italic | bolditalic
    tab: float | None = None


@dataclass(frozen=True)
class Line:
    """One paragraph; wrapped by the renderer when too long (continuation lines start at the margin)."""

    runs: tuple[Run, ...]
    align: str = "left"  # left | center | right-half (centred in the right half of the page)
    size: float = 1.0
    indent: float = 0.0  # in em
    underline: bool = False
    role: str | None = None  # "signer" marks the line a seal is stamped over
    leader: bool = False  # dots from the end of the text to the right margin (a form's fill-in line)


@dataclass(frozen=True)
class Gap:
    """Vertical space of `lines` line heights; role "signature" marks where a signature goes."""

    lines: float = 1.0
    role: str | None = None


@dataclass(frozen=True)
class Columns:
    """Two blocks side by side (agency name beside the national motto); read left, then right."""

    left: tuple[Line | Gap, ...]
    right: tuple[Line | Gap, ...]
    split: float = 0.42


Block = Line | Gap | Columns


@dataclass(frozen=True)
class Card:
    """An ID card: `variant` is 'cccd' (chip card, front only) or 'cancuoc' (2024 card, front and back)."""

    variant: str
    person: Person
    issued: date
    expiry: date | None
    issuer: str


@dataclass(frozen=True)
class Document:
    """A document to render: its pages (blocks of a form, or a card), fields, and the seal's text."""

    doc_type: str
    pages: tuple[tuple[Block, ...] | Card, ...]
    fields: dict[str, str]
    person: Person
    seal_text: str
    signed: date
    extra: dict[str, str] = field(default_factory=dict)


def plain(text: str, **kw: object) -> Line:
    """A line of regular text."""
    return Line((Run(text),), **kw)  # type: ignore[arg-type]


def bold(text: str, **kw: object) -> Line:
    """A line of bold text."""
    return Line((Run(text, "bold"),), **kw)  # type: ignore[arg-type]


def italic(text: str, **kw: object) -> Line:
    """A line of italic text."""
    return Line((Run(text, "italic"),), **kw)  # type: ignore[arg-type]


def labelled(*pairs: tuple[str, str], stops: tuple[float, ...] = (0.0, 0.45, 0.72), indent: float = 0) -> Line:
    """'Label: value' pairs on one line, the values in bold; the second and third pairs at tab stops."""
    runs: list[Run] = []
    for i, (label, value) in enumerate(pairs):
        runs.append(Run(f"{label}: ", tab=stops[i] if i else None))
        runs.append(Run(value, "bold"))
    return Line(tuple(runs), indent=indent)


def dmy(day: date) -> str:
    """dd/mm/yyyy as dates are printed."""
    return f"{day:%d/%m/%Y}"


def national_header(size: float = 1.0) -> tuple[Block, ...]:
    """The two centred lines every administrative document opens with."""
    return (
        bold(NATIONAL_NAME, align="center", size=size),
        bold(NATIONAL_MOTTO, align="center", underline=True, size=size),
    )


def agency_header(agency: tuple[str, str]) -> Columns:
    """Agency name on the left (superior body, then the issuing office), national motto on the right."""
    return Columns(
        left=(plain(agency[0], align="center", size=0.92), bold(agency[1], align="center", underline=True, size=0.92)),
        right=(
            bold(NATIONAL_NAME, align="center", size=0.92),
            bold(NATIONAL_MOTTO, align="center", underline=True, size=0.92),
        ),
    )


def signature_block(place_date: str, title: tuple[str, ...], signer: str, note: str | None) -> tuple[Block, ...]:
    """Place and date, the signer's title, an optional '(Ký, ghi rõ họ tên)', room to sign, the name."""
    blocks: list[Block] = [Gap(0.5), italic(place_date, align="right-half")]
    blocks += [bold(t, align="right-half") for t in title]
    if note:
        blocks.append(italic(note, align="right-half", size=0.92))
    blocks += [Gap(3.2, role="signature"), bold(signer, align="right-half", role="signer")]
    return tuple(blocks)


# -- citizen ID card --------------------------------------------------------------------------------


def citizen_id_card(rng: random.Random, person: Person | None = None) -> Document:
    """A chip CCCD (2021 layout, front) or a 2024 Căn cước (front and back), chosen at random."""
    variant = rng.choice(["cccd", "cancuoc"])
    born_latest = date(2010, 6, 30) if variant == "cancuoc" else date(2006, 12, 31)
    person = person or people.random_person(rng, (date(1967, 1, 1), born_latest))
    earliest = date(2021, 1, 15) if variant == "cccd" else date(2024, 7, 1)
    latest = date(2024, 6, 28) if variant == "cccd" else date(2025, 11, 20)
    fourteen = person.date_of_birth.replace(year=person.date_of_birth.year + 14)
    issued = people.random_date(rng, max(earliest, fourteen), max(latest, fourteen))
    expiry = people.card_expiry(person.date_of_birth, issued)  # None: printed "Không thời hạn"
    fields = {
        "id_number": person.id_number,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex": person.sex,
        "nationality": "Việt Nam",
        "place_of_residence": upper_first(person.residence),
    }
    if expiry is not None:
        fields["date_of_expiry"] = expiry.isoformat()
    if variant == "cccd":
        fields["place_of_origin"] = upper_first(person.origin.text())
        issuer = "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"
    else:
        issuer = "BỘ CÔNG AN"
    card = Card(variant, person, issued, expiry, issuer)
    return Document("citizen_id_card", (card,), fields, person, issuer, issued, {"variant": variant})


# -- birth registration -----------------------------------------------------------------------------


def birth_registration_form(rng: random.Random) -> Document:
    """Tờ khai đăng ký khai sinh (Circular 04/2020/TT-BTP) filled in by a parent."""
    father = people.random_person(rng, (date(1982, 1, 1), date(2001, 12, 31)), sex="Nam")
    mother = people.random_person(rng, (date(1984, 1, 1), date(2003, 12, 31)), sex="Nữ", residence=father.residence)
    requester = father if rng.random() < 0.6 else mother
    child_sex = rng.choice(["Nam", "Nữ"])
    surname = father.full_name.split()[0].title()
    child_born = people.random_date(rng, date(2024, 9, 1), date(2025, 10, 31))
    child_name = people.random_name(rng, child_sex, surname)
    ethnicity = father.ethnicity
    signed = people.random_date(rng, child_born, min(date(2025, 11, 24), date.fromordinal(child_born.toordinal() + 55)))
    home = requester.residence.split(", ")
    agency_place = ", ".join(home[1:])
    hospital = rng.choice(["Bệnh viện Đa khoa", "Trung tâm Y tế", "Bệnh viện Sản Nhi", "Trạm Y tế"])
    birth_place = f"{hospital} {people.province_short(requester.residence)}, {', '.join(home[1:])}"
    relation = "Cha" if requester is father else "Mẹ"
    body: list[Block] = [
        *national_header(),
        Gap(0.8),
        bold("TỜ KHAI ĐĂNG KÝ KHAI SINH", align="center", size=1.15),
        Gap(0.3),
        plain(f"Kính gửi: Ủy ban nhân dân {agency_place}", align="center"),
        Gap(0.6),
        labelled(("Họ, chữ đệm, tên người yêu cầu", requester.full_name)),
        labelled(("Số định danh cá nhân", requester.id_number)),
        labelled(("Nơi cư trú", requester.residence)),
        labelled(("Quan hệ với người được khai sinh", relation)),
        plain("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"),
        labelled(("Họ, chữ đệm, tên", child_name)),
        labelled(("Ngày, tháng, năm sinh", dmy(child_born))),
        Line((Run("(ghi bằng chữ: "), Run(people.date_words(child_born), "italic"), Run(")"))),
        labelled(("Giới tính", child_sex), ("Dân tộc", ethnicity), ("Quốc tịch", "Việt Nam")),
        labelled(("Nơi sinh", birth_place)),
        labelled(("Quê quán", upper_first(father.origin.text()))),
        labelled(("Họ, chữ đệm, tên người mẹ", mother.full_name)),
        labelled(
            ("Năm sinh", str(mother.date_of_birth.year)), ("Dân tộc", mother.ethnicity), ("Quốc tịch", "Việt Nam")
        ),
        labelled(("Nơi cư trú", mother.residence)),
        labelled(("Họ, chữ đệm, tên người cha", father.full_name)),
        labelled(
            ("Năm sinh", str(father.date_of_birth.year)), ("Dân tộc", father.ethnicity), ("Quốc tịch", "Việt Nam")
        ),
        labelled(("Nơi cư trú", father.residence)),
        Gap(0.4),
        plain(
            "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận "
            "nhất trí của các bên liên quan theo quy định pháp luật.",
            indent=1.5,
        ),
        plain("Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.", indent=1.5),
        *signature_block(
            f"Làm tại: {people.province_short(requester.residence)}, {long_date(signed)}",
            ("Người yêu cầu",),
            requester.full_name,
            "(Ký, ghi rõ họ, chữ đệm, tên)",
        ),
    ]
    fields = {
        "requester_name": requester.full_name,
        "requester_id_number": requester.id_number,
        "child_name": child_name,
        "child_date_of_birth": child_born.isoformat(),
        "child_sex": child_sex,
        "child_ethnicity": ethnicity,
        "place_of_birth": birth_place,
    }
    seal = f"ỦY BAN NHÂN DÂN {agency_place.split(', ')[0].upper()}"
    return Document("birth_registration_form", (tuple(body),), fields, requester, seal, signed)


# -- application form -------------------------------------------------------------------------------

APPLICATIONS = (
    (
        "CẤP BẢN SAO TRÍCH LỤC KHAI SINH",
        "cấp 02 bản sao trích lục khai sinh để bổ sung hồ sơ nhập học cho con tôi tại trường trung học "
        "cơ sở trên địa bàn.",
    ),
    (
        "HỖ TRỢ CHI PHÍ HỌC TẬP",
        "xem xét hỗ trợ chi phí học tập năm học 2025 - 2026 theo quy định của Nghị định số 81/2021/NĐ-CP "
        "cho gia đình tôi.",
    ),
    (
        "CẤP GIẤY PHÉP XÂY DỰNG",
        "cấp giấy phép xây dựng nhà ở riêng lẻ hai tầng trên thửa đất thuộc quyền sử dụng hợp pháp của gia đình tôi.",
    ),
    (
        "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
        "xác nhận thông tin về cư trú của tôi để hoàn thiện hồ sơ vay vốn tại Ngân hàng Chính sách xã hội.",
    ),
    (
        "CHUYỂN MỤC ĐÍCH SỬ DỤNG ĐẤT",
        "cho phép chuyển mục đích sử dụng 100 m² đất trồng cây lâu năm sang đất ở tại nông thôn.",
    ),
)


def application_form(rng: random.Random, person: Person | None = None) -> Document:
    """Đơn đề nghị …: the applicant's particulars, the request, and the signed closing line."""
    person = person or people.random_person(rng, (date(1960, 1, 1), date(2004, 12, 31)))
    subject, request = rng.choice(APPLICATIONS)
    signed = people.random_date(rng, date(2025, 7, 1), date(2025, 11, 24))
    agency_place = ", ".join(person.residence.split(", ")[1:])
    id_label = rng.choice(["Số định danh cá nhân", "Số CCCD"])
    dotted = rng.random() < 0.5  # a form printed with dotted fill-in lines, filled in by the office

    def fill(*pairs: tuple[str, str]) -> Line:
        return replace(labelled(*pairs), leader=dotted)

    body: list[Block] = [
        *national_header(),
        Gap(0.8),
        bold("ĐƠN ĐỀ NGHỊ", align="center", size=1.15),
        bold(subject, align="center"),
        Gap(0.3),
        plain(f"Kính gửi: Ủy ban nhân dân {agency_place}", align="center"),
        Gap(0.6),
        fill(("Họ và tên", person.full_name)),
        labelled(("Ngày sinh", dmy(person.date_of_birth)), ("Giới tính", person.sex)),
        fill((id_label, person.id_number)),
        fill(("Nơi cư trú", person.residence)),
        labelled(("Số điện thoại", person.phone), ("Email", person.email), stops=(0.0, 0.45)),
        Gap(0.3),
        plain(f"Tôi làm đơn này kính đề nghị Ủy ban nhân dân {agency_place} {request}", indent=1.5),
        plain("Lý do: để hoàn thiện hồ sơ theo hướng dẫn của bộ phận tiếp nhận và trả kết quả.", indent=1.5),
        plain(
            "Tôi xin cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật "
            "về nội dung đã khai.",
            indent=1.5,
        ),
        plain("Kính mong được xem xét, giải quyết. Tôi xin trân trọng cảm ơn!", indent=1.5),
        *signature_block(
            f"{people.province_short(person.residence)}, {long_date(signed)}",
            ("NGƯỜI LÀM ĐƠN",),
            person.full_name,
            "(Ký và ghi rõ họ tên)",
        ),
    ]
    fields = {
        "applicant_name": person.full_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex": person.sex,
        "id_number": person.id_number,
        "place_of_residence": person.residence,
        "phone": person.phone,
        "email": person.email,
    }
    seal = f"ỦY BAN NHÂN DÂN {agency_place.split(', ')[0].upper()}"
    return Document("application_form", (tuple(body),), fields, person, seal, signed)


# -- business registration --------------------------------------------------------------------------

TRADES = (
    ("THƯƠNG MẠI DỊCH VỤ", "TRADING SERVICES"),
    ("XÂY DỰNG", "CONSTRUCTION"),
    ("NÔNG SẢN", "AGRICULTURAL PRODUCTS"),
    ("DU LỊCH", "TRAVEL"),
    ("CÔNG NGHỆ", "TECHNOLOGY"),
    ("VẬN TẢI", "TRANSPORT"),
    ("CÀ PHÊ", "COFFEE"),
    ("THỰC PHẨM", "FOOD"),
)
BRANDS = (
    "MINH PHÁT",
    "AN KHANG",
    "HƯNG THỊNH",
    "PHÚ QUÝ",
    "THÀNH ĐẠT",
    "ĐẠI LỢI",
    "TÂN TIẾN",
    "HOÀNG GIA",
    "VIỆT HƯNG",
    "SAO MAI",
    "PHƯƠNG NAM",
    "LÂM VIÊN",
)


def business_registration(rng: random.Random) -> Document:
    """Giấy chứng nhận đăng ký doanh nghiệp of a limited company, issued by a provincial office."""
    person = people.random_person(rng, (date(1965, 1, 1), date(2000, 12, 31)))
    trade_vi, trade_en = rng.choice(TRADES)
    brand = rng.choice(BRANDS)
    kind_vi, kind_en, kind_title, short = rng.choice(
        [
            ("CÔNG TY TNHH", "COMPANY LIMITED", "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN", "CO., LTD"),
            ("CÔNG TY TNHH", "COMPANY LIMITED", "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN", "CO., LTD"),
            ("CÔNG TY CỔ PHẦN", "JOINT STOCK COMPANY", "CÔNG TY CỔ PHẦN", "JSC"),
        ]
    )
    company = f"{kind_vi} {trade_vi} {brand}"
    english = f"{people.ascii_fold(brand)} {trade_en} {kind_en}"
    domain = people.ascii_fold(brand).lower().replace(" ", "")
    office = people.random_place(rng)
    address = upper_first(people.random_address(rng, office))
    code = people.enterprise_code(rng)
    first = people.random_date(rng, date(2012, 1, 1), date(2024, 12, 31))
    changed = people.random_date(rng, max(first, date(2025, 7, 1)), date(2025, 11, 20))
    capital = rng.choice([5, 8, 10, 15, 20, 30, 50, 100, 150]) * 100_000_000
    title = rng.choice(["Giám đốc", "Tổng giám đốc", "Chủ tịch Hội đồng thành viên"])
    province = office.province.removeprefix("thành phố ").removeprefix("tỉnh ").upper()
    head = people.random_name(rng, rng.choice(["Nam", "Nữ"])).title()
    body: list[Block] = [
        agency_header((f"SỞ TÀI CHÍNH {province}", "PHÒNG ĐĂNG KÝ KINH DOANH")),
        Gap(0.8),
        bold("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", align="center", size=1.15),
        bold(kind_title, align="center"),
        Gap(0.4),
        labelled(("Mã số doanh nghiệp", code)),
        plain(f"Đăng ký lần đầu: {long_date(first)}"),
        plain(f"Đăng ký thay đổi lần thứ {rng.randint(1, 4)}: {long_date(changed)}"),
        Gap(0.3),
        bold("1. Tên công ty"),
        labelled(("Tên công ty viết bằng tiếng Việt", company)),
        labelled(("Tên công ty viết bằng tiếng nước ngoài", english)),
        labelled(("Tên công ty viết tắt", f"{people.ascii_fold(brand)} {short}")),
        bold("2. Địa chỉ trụ sở chính"),
        plain(address),
        labelled(("Điện thoại", people.phone_number(rng)), ("Email", f"info@{domain}.vn"), stops=(0.0, 0.45)),
        bold("3. Vốn điều lệ"),
        labelled(("Vốn điều lệ", f"{dotted_thousands(capital)} đồng")),
        plain(f"Bằng chữ: {upper_first(people.number_words(capital))} đồng"),
        bold("4. Người đại diện theo pháp luật của công ty"),
        labelled(("Họ và tên", person.full_name), ("Giới tính", person.sex)),
        labelled(("Chức danh", title)),
        labelled(("Sinh ngày", dmy(person.date_of_birth)), ("Dân tộc", person.ethnicity), ("Quốc tịch", "Việt Nam")),
        labelled(("Loại giấy tờ pháp lý của cá nhân", "Căn cước công dân")),
        labelled(("Số định danh cá nhân", person.id_number)),
        labelled(("Địa chỉ thường trú", person.residence)),
        labelled(("Địa chỉ liên lạc", person.residence)),
        *signature_block(f"{office.province_short}, {long_date(changed)}", ("TRƯỞNG PHÒNG",), head, None),
    ]
    fields = {
        "enterprise_code": code,
        "company_name": company,
        "head_office_address": address,
        "first_registration_date": first.isoformat(),
        "charter_capital": str(capital),
        "legal_representative": person.full_name,
        "representative_id_number": person.id_number,
    }
    seal = f"PHÒNG ĐĂNG KÝ KINH DOANH - SỞ TÀI CHÍNH {province}"
    return Document("business_registration", (tuple(body),), fields, person, seal, changed)


# -- land use right certificate ---------------------------------------------------------------------

PURPOSES = ("Đất ở tại nông thôn", "Đất ở tại đô thị", "Đất trồng cây lâu năm", "Đất trồng lúa")


def land_use_certificate(rng: random.Random) -> Document:
    """Giấy chứng nhận quyền sử dụng đất (Circular 23/2014/TT-BTNMT layout), page 1 and 2 content."""
    person = people.random_person(rng, (date(1955, 1, 1), date(1995, 12, 31)))
    honorific = "Ông" if person.sex == "Nam" else "Bà"
    place = people.random_place(rng, people.BIRTH_PROVINCE_CODES[person.id_number[:3]])
    land_address = upper_first(people.random_address(rng, place))
    parcel, sheet = rng.randint(1, 980), rng.randint(1, 75)
    area_tenths = rng.randint(400, 6000)
    area = f"{area_tenths // 10},{area_tenths % 10}" if area_tenths % 10 else str(area_tenths // 10)
    area_words = people.number_words(area_tenths // 10)
    if area_tenths % 10:
        area_words += f" phẩy {people.number_words(area_tenths % 10)}"
    serial_letters = rng.choice(["CS", "CT", "CH", "DA", "DB", "BX"])
    serial_digits = f"{rng.randint(0, 999_999):06d}"
    issued = people.random_date(rng, date(2016, 1, 1), date(2025, 6, 30))
    purpose = rng.choice(PURPOSES)
    term = "Lâu dài" if purpose.startswith("Đất ở") else f"Đến ngày {dmy(issued.replace(year=issued.year + 50))}"
    signer = people.random_name(rng, rng.choice(["Nam", "Nữ"])).title()
    body: list[Block] = [
        *national_header(),
        Gap(0.8),
        bold("GIẤY CHỨNG NHẬN", align="center", size=1.3),
        bold("QUYỀN SỬ DỤNG ĐẤT", align="center", size=1.15),
        bold("QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", align="center"),
        Gap(0.6),
        bold("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất"),
        labelled((honorific, person.full_name), ("Năm sinh", str(person.date_of_birth.year))),
        labelled(("Số định danh cá nhân", person.id_number)),
        labelled(("Địa chỉ thường trú", person.residence)),
        Gap(0.3),
        bold("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất"),
        bold("1. Thửa đất:"),
        labelled(("a) Thửa đất số", str(parcel)), ("b) Tờ bản đồ số", str(sheet)), indent=1.0),
        labelled(("c) Địa chỉ", land_address), indent=1.0),
        labelled(("d) Diện tích", f"{area} m²"), indent=1.0),
        plain(f"(Bằng chữ: {upper_first(area_words)} mét vuông)", indent=1.0),
        labelled(("đ) Hình thức sử dụng", "Sử dụng riêng"), indent=1.0),
        labelled(("e) Mục đích sử dụng", purpose), indent=1.0),
        labelled(("g) Thời hạn sử dụng", term), indent=1.0),
        labelled(
            ("h) Nguồn gốc sử dụng", "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất"), indent=1.0
        ),
        plain("2. Nhà ở: -/-"),
        plain("3. Công trình xây dựng khác: -/-"),
        plain("4. Rừng sản xuất là rừng trồng: -/-"),
        plain("5. Cây lâu năm: -/-"),
        plain("6. Ghi chú: -/-"),
        *signature_block(
            f"{place.province_short}, {long_date(issued)}",
            ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
            signer,
            None,
        ),
        Gap(0.2),
        labelled(("Số phát hành", f"{serial_letters} {serial_digits}")),
        labelled(("Số vào sổ cấp GCN", f"CS {rng.randint(100, 9999):05d}")),
    ]
    fields = {
        "owner_name": person.full_name,
        "owner_id_number": person.id_number,
        "parcel_number": str(parcel),
        "map_sheet_number": str(sheet),
        "area_m2": area.replace(",", "."),
        "land_address": land_address,
        "certificate_serial": serial_letters + serial_digits,
    }
    seal = f"ỦY BAN NHÂN DÂN {place.ward.upper()}"
    return Document("land_use_certificate", (tuple(body),), fields, person, seal, issued)


# -- official documents (Decree 30/2020/NĐ-CP) ---------------------------------------------------------

SERVICES = (  # (name in capitals, abbreviation in the symbol, unit abbreviations for công văn)
    ("SỞ TÀI CHÍNH", "STC", ("NS", "QLG", "TCDN")),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT", ("CTrTT", "GDTrH", "KHTC")),
    ("SỞ Y TẾ", "SYT", ("NVY", "KHTC", "TCCB")),
    ("SỞ NỘI VỤ", "SNV", ("TCBC", "CCHC", "VP")),
    ("SỞ XÂY DỰNG", "SXD", ("QLXD", "KTQH", "VP")),
    ("SỞ TƯ PHÁP", "STP", ("HCTP", "BTTP", "VP")),
)
OFFICIAL_KINDS = ("Công văn", "Quyết định", "Thông báo", "Tờ trình", "Giấy mời", "Kế hoạch", "Báo cáo")
KIND_ABBREVIATIONS = {
    "Quyết định": "QĐ",
    "Thông báo": "TB",
    "Tờ trình": "TTr",
    "Giấy mời": "GM",
    "Kế hoạch": "KH",
    "Báo cáo": "BC",
}
SUBJECTS = (
    "triển khai thực hiện Đề án 06 về ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
    "tăng cường công tác số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "tổ chức kiểm tra công tác cải cách hành chính năm 2025",
    "góp ý dự thảo Quy chế tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
    "phân bổ kinh phí thực hiện chương trình chuyển đổi số năm 2025",
    "kiện toàn Tổ công tác triển khai Bộ phận Một cửa các cấp",
    "công bố Danh mục thủ tục hành chính được chuẩn hóa",
    "tổ chức Hội nghị sơ kết công tác chuyển đổi số sáu tháng đầu năm",
)
POSITIONS: tuple[tuple[str | None, str], ...] = (  # (authority line or None, the signer's own position)
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    (None, "GIÁM ĐỐC"),
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
)


def _issuer(rng: random.Random, place: people.Place) -> tuple[tuple[str, ...], str, str, str, tuple[str | None, str]]:
    """(left header lines: parent plain then body bold, the body's name, its symbol abbreviation,
    a unit abbreviation, the signer's (authority, position))."""
    province = place.province_short.upper()
    level = "THÀNH PHỐ" if place.province.lower().startswith("thành phố") else "TỈNH"
    if rng.random() < 0.45:
        name = f"ỦY BAN NHÂN DÂN {level} {province}"
        position = rng.choice([p for p in POSITIONS if "GIÁM ĐỐC" not in p[1]])
        return ("", "ỦY BAN NHÂN DÂN", f"{level} {province}"), name, "UBND", rng.choice(["KTTH", "TH", "NC"]), position
    service, abbr, units = rng.choice(SERVICES)
    position = rng.choice([p for p in POSITIONS if "GIÁM ĐỐC" in p[1]])
    return (f"UBND {level} {province}", service), service, abbr, rng.choice(units), position


def official_document(rng: random.Random) -> Document:
    """A công văn (subject "V/v …" under the number), quyết định (Căn cứ …, Điều 1 …), thông báo,
    tờ trình, giấy mời, kế hoạch or báo cáo of a provincial body, laid out as the decree says: two-column
    header, number and symbol, place and date in italics, kind and subject, body, "Nơi nhận:" bottom left,
    signer's title and name bottom right (the seal and signature are added when the page is drawn)."""
    place = people.random_place(rng)
    left, authority, abbr, unit, (over, position) = _issuer(rng, place)
    kind = rng.choice(OFFICIAL_KINDS)
    number = rng.randint(1, 2999)
    symbol = f"{abbr}-{unit}" if kind == "Công văn" else f"{KIND_ABBREVIATIONS[kind]}-{abbr}"
    signed = people.random_date(rng, date(2023, 1, 1), date(2025, 11, 24))
    subject_text = rng.choice(SUBJECTS)
    place_date = f"{place.province_short}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"
    signer = people.random_name(rng, rng.choice(["Nam", "Nữ"])).title()
    header_left: list[Line | Gap] = [plain(left[0], align="center", size=0.92)] if left[0] else []
    header_left += [bold(x, align="center", size=0.92, underline=i == len(left) - 2) for i, x in enumerate(left[1:])]
    header_left.append(plain(f"Số: {number}/{symbol}", align="center", size=0.92))
    if kind == "Công văn":
        subject = f"V/v {subject_text}"
        header_left.append(plain(subject, align="center", size=0.85))
    header = Columns(
        left=tuple(header_left),
        right=(
            bold(NATIONAL_NAME, align="center", size=0.92),
            bold(NATIONAL_MOTTO, align="center", underline=True, size=0.92),
            Gap(0.3),
            italic(place_date, align="center", size=0.92),
        ),
        split=0.4,
    )
    body: list[Block] = [header, Gap(0.8)]
    recipient = rng.choice(
        ["Ủy ban nhân dân các xã, phường", "Các sở, ban, ngành tỉnh", "Trung tâm Phục vụ hành chính công"]
    )
    if kind != "Công văn":
        subject = upper_first(subject_text) if kind in {"Kế hoạch", "Báo cáo"} else f"Về việc {subject_text}"
        body += [bold(kind.upper(), align="center", size=1.1), bold(subject, align="center"), Gap(0.4)]
    if kind in {"Công văn", "Tờ trình", "Giấy mời"}:
        body += [plain(f"Kính gửi: {recipient}", align="center"), Gap(0.4)]
    if kind == "Quyết định":
        head = "CHỦ TỊCH" if abbr == "UBND" else "GIÁM ĐỐC"
        body += [
            bold(f"{head} {authority}", align="center"),
            Gap(0.3),
            italic("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", indent=1.5),
            italic(
                "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
                indent=1.5,
            ),
            italic("Theo đề nghị của Chánh Văn phòng.", indent=1.5),
            bold("QUYẾT ĐỊNH:", align="center"),
            plain(f"Điều 1. Ban hành kèm theo Quyết định này kế hoạch {subject_text}.", indent=1.5),
            plain("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", indent=1.5),
            plain(
                "Điều 3. Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
                indent=1.5,
            ),
        ]
    else:
        body += [
            plain(
                f"Thực hiện chỉ đạo của cấp trên về việc {subject_text}, {authority.title()} đề nghị các "
                "cơ quan, đơn vị khẩn trương triển khai, báo cáo kết quả đúng thời hạn.",
                indent=1.5,
            ),
            plain(
                "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời để được "
                "hướng dẫn, giải quyết./.",
                indent=1.5,
            ),
        ]
    titles = ([over] if over else []) + [position]
    closing = Columns(
        left=(
            Line((Run("Nơi nhận:", "bolditalic"),), size=0.85),
            plain("- Như trên;", size=0.8),
            plain(f"- Lưu: VT, {unit}.", size=0.8),
        ),
        right=(
            *(bold(t, align="center") for t in titles),
            Gap(3.4, role="signature"),
            bold(signer, align="center", role="signer"),
        ),
        split=0.45,
    )
    body += [Gap(0.6), closing]
    fields = {
        "issuing_authority": authority,
        "document_number": f"{number}/{symbol}",
        "issue_place": place.province_short,
        "issue_date": signed.isoformat(),
        "document_kind": kind,
        "subject": subject,
        "signer_name": signer,
        "signer_title": position,
    }
    person = people.random_person(rng, (date(1965, 1, 1), date(1995, 12, 31)))
    return Document("official_document", (tuple(body),), fields, person, authority, signed, {"kind": kind})


# -- documents that are none of the types ----------------------------------------------------------

GOODS = (
    ("Gạo ST25 túi 5kg", 185_000),
    ("Dầu ăn 1 lít", 52_000),
    ("Nước mắm 500ml", 38_000),
    ("Sữa tươi hộp 1 lít", 32_000),
    ("Mì gói thùng 30 gói", 115_000),
    ("Đường trắng 1kg", 24_000),
    ("Cà phê rang xay 500g", 140_000),
    ("Bánh quy hộp", 65_000),
)


def _receipt(rng: random.Random, person: Person) -> tuple[Block, ...]:
    shop = f"CỬA HÀNG TẠP HÓA {rng.choice(BRANDS)}"
    place = people.random_place(rng)
    day = people.random_date(rng, date(2024, 1, 1), date(2025, 11, 24))
    items = rng.sample(GOODS, rng.randint(3, 6))
    address = upper_first(people.random_address(rng, place))
    rows: list[Block] = [
        bold(shop, align="center"),
        plain(address, align="center"),
        plain(f"Điện thoại: {people.phone_number(rng)}", align="center"),
        Gap(0.5),
        bold("PHIẾU THU TIỀN", align="center", size=1.1),
        plain(f"Ngày: {dmy(day)} - Số: {rng.randint(1000, 99999)}", align="center"),
        Gap(0.4),
    ]
    total = 0
    for name, price in items:
        quantity = rng.randint(1, 4)
        total += quantity * price
        rows.append(
            Line(
                (
                    Run(name),
                    Run(f"{quantity} x {dotted_thousands(price)}", tab=0.5),
                    Run(dotted_thousands(quantity * price), tab=0.8),
                )
            )
        )
    rows += [
        Gap(0.3),
        Line((Run("Tổng cộng:", "bold"), Run(f"{dotted_thousands(total)} đồng", "bold", tab=0.8))),
        plain(f"Khách hàng: {person.full_name.title()}"),
        Gap(0.4),
        italic("Cảm ơn quý khách. Hẹn gặp lại!", align="center"),
    ]
    return tuple(rows)


def _invoice(rng: random.Random, person: Person) -> tuple[Block, ...]:
    seller = f"CÔNG TY TNHH {rng.choice(TRADES)[0]} {rng.choice(BRANDS)}"
    day = people.random_date(rng, date(2024, 1, 1), date(2025, 11, 24))
    items = rng.sample(GOODS, rng.randint(2, 5))
    subtotal = sum(price * 10 for _, price in items)
    rows: list[Block] = [
        bold("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", align="center", size=1.15),
        italic(f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", align="center"),
        plain(f"Ký hiệu: 1C{day.year % 100}TAA - Số: {rng.randint(1, 99_999_999):08d}", align="center"),
        Gap(0.4),
        labelled(("Đơn vị bán hàng", seller)),
        labelled(("Mã số thuế", people.enterprise_code(rng))),
        labelled(("Địa chỉ", upper_first(people.random_address(rng)))),
        Gap(0.3),
        labelled(("Họ tên người mua hàng", person.full_name.title())),
        labelled(("Địa chỉ", person.residence)),
        labelled(("Hình thức thanh toán", "TM/CK")),
        Gap(0.3),
        Line(
            (
                Run("STT", "bold"),
                Run("Tên hàng hóa, dịch vụ", "bold", tab=0.08),
                Run("Số lượng", "bold", tab=0.55),
                Run("Thành tiền", "bold", tab=0.78),
            )
        ),
    ]
    for i, (name, price) in enumerate(items, 1):
        rows.append(
            Line((Run(str(i)), Run(name, tab=0.08), Run("10", tab=0.55), Run(dotted_thousands(price * 10), tab=0.78)))
        )
    rows += [
        Gap(0.3),
        labelled(("Cộng tiền hàng", dotted_thousands(subtotal))),
        labelled(("Thuế suất GTGT", "8%"), ("Tiền thuế GTGT", dotted_thousands(subtotal * 8 // 100))),
        labelled(("Tổng cộng tiền thanh toán", dotted_thousands(subtotal * 108 // 100))),
        Gap(0.6),
        Columns(
            left=(bold("Người mua hàng", align="center"),), right=(bold("Người bán hàng", align="center"),), split=0.5
        ),
    ]
    return tuple(rows)


def _letter(rng: random.Random, person: Person) -> tuple[Block, ...]:
    place = people.random_place(rng)
    day = people.random_date(rng, date(2024, 1, 1), date(2025, 11, 24))
    friend = people.random_name(rng, rng.choice(["Nam", "Nữ"])).title().split()[-1]
    return (
        italic(f"{place.province_short}, {people.long_date(day)}", align="right-half"),
        Gap(0.6),
        plain(f"{friend} thân mến,"),
        Gap(0.3),
        plain(
            "Đã lâu rồi mình không viết thư cho bạn. Dạo này công việc ở cơ quan bận rộn, nhưng cả nhà "
            "mình vẫn khỏe. Mùa này quê mình lúa đã chín vàng, chiều chiều bọn trẻ lại thả diều trên đê.",
            indent=1.5,
        ),
        plain(
            "Tết này bạn có về quê không? Nếu về thì nhớ ghé nhà mình chơi, mẹ mình vẫn hay hỏi thăm bạn. "
            "Mình gửi kèm theo thư mấy tấm ảnh chụp hồi học cấp ba để bạn xem lại cho vui.",
            indent=1.5,
        ),
        plain("Chúc bạn và gia đình luôn mạnh khỏe, hạnh phúc.", indent=1.5),
        Gap(0.5),
        italic("Bạn của bạn,", align="right-half"),
        Gap(1.5),
        bold(person.full_name.title(), align="right-half"),
    )


def non_administrative(rng: random.Random) -> Document:
    """A document none of the types fits: a shop receipt, a VAT invoice, a driving licence (a card
    with an ID card's labels but not one) or a private letter. Its truth type is `unknown`."""
    person = people.random_person(rng, (date(1960, 1, 1), date(2004, 12, 31)))
    variant = rng.choice(["receipt", "invoice", "licence", "letter"])
    if variant == "licence":
        issued = people.random_date(rng, date(2021, 1, 1), date(2025, 11, 20))
        page: tuple[Block, ...] | Card = Card(
            "licence", person, issued, issued.replace(year=issued.year + 10), "SỞ XÂY DỰNG"
        )
    else:
        page = {"receipt": _receipt, "invoice": _invoice, "letter": _letter}[variant](rng, person)
    return Document("unknown", (page,), {}, person, "", date(2025, 1, 1), {"variant": variant})


BUILDERS = {
    "citizen_id_card": citizen_id_card,
    "birth_registration_form": birth_registration_form,
    "application_form": application_form,
    "business_registration": business_registration,
    "land_use_certificate": land_use_certificate,
    "official_document": official_document,
    "unknown": non_administrative,
}


def build(doc_type: str, rng: random.Random) -> Document:
    """A random document of `doc_type` (one of DOC_TYPES)."""
    return BUILDERS[doc_type](rng)
