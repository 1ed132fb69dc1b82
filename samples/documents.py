"""The content of the five document types: what is printed, line by line, and the ground-truth fields.

A form is a list of pages, each a list of blocks (`Line`, `Columns`, `Gap`) that `render.py` lays out;
an ID card is a `Card` with its values, laid out by `render.py` as well. Fields are given in the
contract's normalised form (dates `YYYY-MM-DD`, codes digits only, areas with a dot). Nothing here draws.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import people
from .people import Person, dotted_thousands, long_date, upper_first

DOC_TYPES = (
    "citizen_id_card",
    "birth_registration_form",
    "application_form",
    "business_registration",
    "land_use_certificate",
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
        right=(bold(NATIONAL_NAME, align="center", size=0.92),
               bold(NATIONAL_MOTTO, align="center", underline=True, size=0.92)),
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
        labelled(("Năm sinh", str(mother.date_of_birth.year)), ("Dân tộc", mother.ethnicity),
                 ("Quốc tịch", "Việt Nam")),
        labelled(("Nơi cư trú", mother.residence)),
        labelled(("Họ, chữ đệm, tên người cha", father.full_name)),
        labelled(("Năm sinh", str(father.date_of_birth.year)), ("Dân tộc", father.ethnicity),
                 ("Quốc tịch", "Việt Nam")),
        labelled(("Nơi cư trú", father.residence)),
        Gap(0.4),
        plain("Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận "
              "nhất trí của các bên liên quan theo quy định pháp luật.", indent=1.5),
        plain("Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.", indent=1.5),
        *signature_block(f"Làm tại: {people.province_short(requester.residence)}, {long_date(signed)}",
                         ("Người yêu cầu",), requester.full_name, "(Ký, ghi rõ họ, chữ đệm, tên)"),
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
    ("CẤP BẢN SAO TRÍCH LỤC KHAI SINH",
     "cấp 02 bản sao trích lục khai sinh để bổ sung hồ sơ nhập học cho con tôi tại trường trung học "
     "cơ sở trên địa bàn."),
    ("HỖ TRỢ CHI PHÍ HỌC TẬP",
     "xem xét hỗ trợ chi phí học tập năm học 2025 - 2026 theo quy định của Nghị định số 81/2021/NĐ-CP "
     "cho gia đình tôi."),
    ("CẤP GIẤY PHÉP XÂY DỰNG",
     "cấp giấy phép xây dựng nhà ở riêng lẻ hai tầng trên thửa đất thuộc quyền sử dụng hợp pháp của "
     "gia đình tôi."),
    ("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
     "xác nhận thông tin về cư trú của tôi để hoàn thiện hồ sơ vay vốn tại Ngân hàng Chính sách xã hội."),
    ("CHUYỂN MỤC ĐÍCH SỬ DỤNG ĐẤT",
     "cho phép chuyển mục đích sử dụng 100 m² đất trồng cây lâu năm sang đất ở tại nông thôn."),
)


def application_form(rng: random.Random, person: Person | None = None) -> Document:
    """Đơn đề nghị …: the applicant's particulars, the request, and the signed closing line."""
    person = person or people.random_person(rng, (date(1960, 1, 1), date(2004, 12, 31)))
    subject, request = rng.choice(APPLICATIONS)
    signed = people.random_date(rng, date(2025, 7, 1), date(2025, 11, 24))
    agency_place = ", ".join(person.residence.split(", ")[1:])
    id_label = rng.choice(["Số định danh cá nhân", "Số CCCD"])
    body: list[Block] = [
        *national_header(),
        Gap(0.8),
        bold("ĐƠN ĐỀ NGHỊ", align="center", size=1.15),
        bold(subject, align="center"),
        Gap(0.3),
        plain(f"Kính gửi: Ủy ban nhân dân {agency_place}", align="center"),
        Gap(0.6),
        labelled(("Họ và tên", person.full_name)),
        labelled(("Ngày sinh", dmy(person.date_of_birth)), ("Giới tính", person.sex)),
        labelled((id_label, person.id_number)),
        labelled(("Nơi cư trú", person.residence)),
        labelled(("Số điện thoại", person.phone), ("Email", person.email), stops=(0.0, 0.45)),
        Gap(0.3),
        plain(f"Tôi làm đơn này kính đề nghị Ủy ban nhân dân {agency_place} {request}", indent=1.5),
        plain("Lý do: để hoàn thiện hồ sơ theo hướng dẫn của bộ phận tiếp nhận và trả kết quả.", indent=1.5),
        plain("Tôi xin cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật "
              "về nội dung đã khai.", indent=1.5),
        plain("Kính mong được xem xét, giải quyết. Tôi xin trân trọng cảm ơn!", indent=1.5),
        *signature_block(f"{people.province_short(person.residence)}, {long_date(signed)}", ("NGƯỜI LÀM ĐƠN",),
                         person.full_name, "(Ký và ghi rõ họ tên)"),
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
    ("THƯƠNG MẠI DỊCH VỤ", "TRADING SERVICES"), ("XÂY DỰNG", "CONSTRUCTION"),
    ("NÔNG SẢN", "AGRICULTURAL PRODUCTS"), ("DU LỊCH", "TRAVEL"), ("CÔNG NGHỆ", "TECHNOLOGY"),
    ("VẬN TẢI", "TRANSPORT"), ("CÀ PHÊ", "COFFEE"), ("THỰC PHẨM", "FOOD"),
)
BRANDS = ("MINH PHÁT", "AN KHANG", "HƯNG THỊNH", "PHÚ QUÝ", "THÀNH ĐẠT", "ĐẠI LỢI", "TÂN TIẾN", "HOÀNG GIA",
          "VIỆT HƯNG", "SAO MAI", "PHƯƠNG NAM", "LÂM VIÊN")


def business_registration(rng: random.Random) -> Document:
    """Giấy chứng nhận đăng ký doanh nghiệp of a limited company, issued by a provincial office."""
    person = people.random_person(rng, (date(1965, 1, 1), date(2000, 12, 31)))
    trade_vi, trade_en = rng.choice(TRADES)
    brand = rng.choice(BRANDS)
    kind_vi, kind_en, kind_title, short = rng.choice([
        ("CÔNG TY TNHH", "COMPANY LIMITED", "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN", "CO., LTD"),
        ("CÔNG TY TNHH", "COMPANY LIMITED", "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN", "CO., LTD"),
        ("CÔNG TY CỔ PHẦN", "JOINT STOCK COMPANY", "CÔNG TY CỔ PHẦN", "JSC"),
    ])
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
        labelled(("Sinh ngày", dmy(person.date_of_birth)), ("Dân tộc", person.ethnicity),
                 ("Quốc tịch", "Việt Nam")),
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
        labelled(("h) Nguồn gốc sử dụng", "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất"),
                 indent=1.0),
        plain("2. Nhà ở: -/-"),
        plain("3. Công trình xây dựng khác: -/-"),
        plain("4. Rừng sản xuất là rừng trồng: -/-"),
        plain("5. Cây lâu năm: -/-"),
        plain("6. Ghi chú: -/-"),
        *signature_block(f"{place.province_short}, {long_date(issued)}",
                         ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), signer, None),
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


BUILDERS = {
    "citizen_id_card": citizen_id_card,
    "birth_registration_form": birth_registration_form,
    "application_form": application_form,
    "business_registration": business_registration,
    "land_use_certificate": land_use_certificate,
}


def build(doc_type: str, rng: random.Random) -> Document:
    """A random document of `doc_type` (one of DOC_TYPES)."""
    return BUILDERS[doc_type](rng)
