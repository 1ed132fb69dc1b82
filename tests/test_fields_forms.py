"""Birth registration, application form, business registration and land use certificate."""

from __future__ import annotations

from ocr.fields import extract_entities, extract_fields, needs_review
from tests.test_fields_helpers import ocr_lines, values

BIRTH = """
TỜ KHAI ĐĂNG KÝ KHAI SINH
Kính gửi: Ủy ban nhân dân xã Đức Trọng, tỉnh Lâm Đồng
Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN AN
Số định danh cá nhân: 068095001234
Nơi cư trú: Thôn Phú Thạnh, xã Đức Trọng, tỉnh Lâm Đồng
Quan hệ với người được khai sinh: Cha
Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:
Họ, chữ đệm, tên: NGUYỄN MINH KHANG
Ngày, tháng, năm sinh: 20/08/2025
(ghi bằng chữ: Ngày hai mươi tháng tám năm hai nghìn không trăm hai mươi lăm)
Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam
Nơi sinh: Trung tâm Y tế Lâm Đồng, xã Đức Trọng, tỉnh Lâm Đồng
Quê quán: Xã Đức Trọng, tỉnh Lâm Đồng
Họ, chữ đệm, tên người mẹ: TRẦN THỊ BÌNH
Năm sinh: 1997 Dân tộc: Tày Quốc tịch: Việt Nam
"""


def test_birth_registration() -> None:
    fields = extract_fields("birth_registration_form", ocr_lines(BIRTH))
    assert {
        k: fields[k].value
        for k in (
            "requester_name",
            "requester_id_number",
            "child_name",
            "child_date_of_birth",
            "child_sex",
            "child_ethnicity",
            "place_of_birth",
        )
    } == {
        "requester_name": "NGUYỄN VĂN AN",
        "requester_id_number": "068095001234",
        "child_name": "NGUYỄN MINH KHANG",  # not the requester's or the mother's name
        "child_date_of_birth": "2025-08-20",
        "child_sex": "Nam",
        "child_ethnicity": "Kinh",  # the child's, not the mother's Tày
        "place_of_birth": "Trung tâm Y tế Lâm Đồng, xã Đức Trọng, tỉnh Lâm Đồng",
    }
    assert not needs_review("birth_registration_form", fields)


def test_birth_registration_label_and_value_on_separate_lines_without_marks() -> None:
    text = BIRTH.replace("Họ, chữ đệm, tên: NGUYỄN MINH KHANG", "Ho, chu dem, ten:\nNGUYỄN MINH KHANG")
    text = text.replace("Dân tộc: Kinh", "Dan toc: Kinh")
    got = values(extract_fields("birth_registration_form", ocr_lines(text)))
    assert got["child_name"] == "NGUYỄN MINH KHANG"
    assert got["child_ethnicity"] == "Kinh"


APPLICATION = """
ĐƠN ĐỀ NGHỊ
CẤP GIẤY PHÉP XÂY DỰNG
Kính gửi: Ủy ban nhân dân phường Bến Thành, thành phố Hồ Chí Minh
Họ và tên: LÊ THỊ HOA
Ngày sinh: 02/09/1980 Giới tính: Nữ
Số CCCD: 079180012345
Nơi cư trú: 12 Nguyễn Trãi, phường Bến Thành,
thành phố Hồ Chí Minh
Số điện thoại: 0912 345 678 Email: hoa.le80@gmail.com
Tôi làm đơn này kính đề nghị Ủy ban nhân dân phường Bến Thành cấp giấy phép.
"""


def test_application_form() -> None:
    fields = extract_fields("application_form", ocr_lines(APPLICATION))
    got = values(fields)
    assert got["applicant_name"] == "LÊ THỊ HOA"
    assert got["date_of_birth"] == "1980-09-02" and got["sex"] == "Nữ"
    assert got["id_number"] == "079180012345" and fields["id_number"].valid
    assert got["place_of_residence"] == "12 Nguyễn Trãi, phường Bến Thành, thành phố Hồ Chí Minh"
    assert got["phone"] == "0912345678" and fields["phone"].valid
    assert got["email"] == "hoa.le80@gmail.com"
    assert not needs_review("application_form", fields)


def test_application_with_bad_phone_is_flagged() -> None:
    fields = extract_fields("application_form", ocr_lines(APPLICATION.replace("0912 345 678", "0212 345 678")))
    assert fields["phone"].value == "0212345678" and not fields["phone"].valid
    assert needs_review("application_form", fields)


BUSINESS = """
GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN
Mã số doanh nghiệp: 0100109106
Đăng ký lần đầu: ngày 3 tháng 1 năm 2015
Đăng ký thay đổi lần thứ 3: ngày 2 tháng 10 năm 2025
1. Tên công ty
Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH XÂY DỰNG HƯNG THỊNH
Tên công ty viết bằng tiếng nước ngoài: HUNG THINH CONSTRUCTION COMPANY LIMITED
2. Địa chỉ trụ sở chính
Thôn Hiệp Hòa, xã Hồng Vân, thành phố Hà Nội
Điện thoại: 0886958969 Email: info@hungthinh.vn
3. Vốn điều lệ
Vốn điều lệ: 1.5OO.000.000 đồng
Bằng chữ: Một tỷ năm trăm triệu đồng
4. Người đại diện theo pháp luật của công ty
Họ và tên: TRẦN ĐÌNH PHONG Giới tính: Nam
Sinh ngày: 02/08/1991 Dân tộc: Kinh Quốc tịch: Việt Nam
Loại giấy tờ pháp lý của cá nhân: Căn cước công dân
Số định danh cá nhân: 052091245713
"""


def test_business_registration() -> None:
    fields = extract_fields("business_registration", ocr_lines(BUSINESS))
    got = values(fields)
    assert got["enterprise_code"] == "0100109106" and fields["enterprise_code"].valid
    assert got["first_registration_date"] == "2015-01-03"  # not the later change
    assert got["company_name"] == "CÔNG TY TNHH XÂY DỰNG HƯNG THỊNH"
    assert got["head_office_address"] == "Thôn Hiệp Hòa, xã Hồng Vân, thành phố Hà Nội"
    assert got["charter_capital"] == "1500000000"  # O read for 0, repaired
    assert got["legal_representative"] == "TRẦN ĐÌNH PHONG"
    assert got["representative_id_number"] == "052091245713"


def test_wrong_check_digit_is_kept_invalid() -> None:
    fields = extract_fields("business_registration", ocr_lines(BUSINESS.replace("0100109106", "0100109107")))
    assert fields["enterprise_code"].value == "0100109107" and not fields["enterprise_code"].valid
    assert needs_review("business_registration", fields)


LAND = """
GIẤY CHỨNG NHẬN
QUYỀN SỬ DỤNG ĐẤT
I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất
Ông: PHẠM QUỐC HÙNG Năm sinh: 1975
Số định danh cá nhân: 001075004321
Địa chỉ thường trú: Số 5 ngõ 12, phường Láng, thành phố Hà Nội
II. Thửa đất, nhà ở và tài sản khác gắn liền với đất
a) Thửa đất số: 125 b) Tờ bản đồ số: 15
c) Địa chỉ: Thôn Đông, xã Sóc Sơn, thành phố Hà Nội
d) Diện tích: 125,5 m²
(Bằng chữ: Một trăm hai mươi lăm phẩy năm mét vuông)
e) Mục đích sử dụng: Đất ở tại nông thôn
Số phát hành: CS 012345
Số vào sổ cấp GCN: CS 00123
"""


def test_land_use_certificate() -> None:
    fields = extract_fields("land_use_certificate", ocr_lines(LAND))
    got = values(fields)
    assert got["owner_name"] == "PHẠM QUỐC HÙNG"
    assert got["owner_id_number"] == "001075004321"
    assert got["parcel_number"] == "125" and got["map_sheet_number"] == "15"
    assert got["land_address"] == "Thôn Đông, xã Sóc Sơn, thành phố Hà Nội"  # not the owner's address
    assert got["area_m2"] == "125.5"
    assert got["certificate_serial"] == "CS012345"
    assert not needs_review("land_use_certificate", fields)


def test_land_serial_with_ocr_confusions() -> None:
    got = values(extract_fields("land_use_certificate", ocr_lines(LAND.replace("CS 012345", "C5 O12345"))))
    assert got["certificate_serial"] == "CS012345"


def test_unknown_documents_get_entities_and_review() -> None:
    text = "Liên hệ 0912 345 678 hoặc an@gmail.com trước ngày 5 tháng 9 năm 2025; CCCD 068095001234, 31/02/2020"
    entities = extract_entities(text)
    assert entities["phones"] == ["0912345678"]
    assert entities["emails"] == ["an@gmail.com"]
    assert entities["dates"] == ["2025-09-05"]  # 31/02 is no date
    assert entities["id_numbers"] == ["068095001234"]
    assert needs_review("unknown", {})
    assert extract_fields("unknown", ocr_lines(text)) == {}


def test_surname_read_with_wrong_mark_is_respelled() -> None:
    fields = extract_fields("application_form", ocr_lines(APPLICATION.replace("LÊ THỊ HOA", "NGUYÊN THỊ HOA")))
    assert fields["applicant_name"].value == "NGUYỄN THỊ HOA"
    assert fields["applicant_name"].confidence < 0.93  # a repair is a little less sure


def test_wrapped_land_heading_is_not_the_owner() -> None:
    text = LAND.replace(
        "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất",
        "I. Người sử dụng đất, chủ sở hữu nhà ở\nvà tài sản khác gắn liền với đất",
    )
    assert extract_fields("land_use_certificate", ocr_lines(text))["owner_name"].value == "PHẠM QUỐC HÙNG"
