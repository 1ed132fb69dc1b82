"""Citizen ID cards: chip CCCD, 2024 Căn cước and old CMND, as Tesseract `vie` reads them."""

from __future__ import annotations

from ocr.fields import extract_fields, needs_review
from tests.test_fields_helpers import ocr_lines, values

CCCD = """
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Số / No.: 068095001234
Họ và tên / Full name:
NGUYỄN VĂN AN
Ngày sinh / Date of birth: 12/03/1995
Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin: Xã Đức Trọng, tỉnh Lâm Đồng
Nơi thường trú / Place of residence: Thôn Phú Thạnh,
xã Đức Trọng, tỉnh Lâm Đồng
Có giá trị đến / Date of expiry: 12/03/2035
"""


def test_chip_cccd_all_fields() -> None:
    fields = extract_fields("citizen_id_card", ocr_lines(CCCD))
    got = values(fields)
    assert got["id_number"] == "068095001234"
    assert got["full_name"] == "NGUYỄN VĂN AN"  # value on the line after its label
    assert got["date_of_birth"] == "1995-03-12"
    assert got["sex"] == "Nam" and got["nationality"] == "Việt Nam"  # two labels on one line
    assert got["place_of_origin"] == "Xã Đức Trọng, tỉnh Lâm Đồng"
    assert got["place_of_residence"] == "Thôn Phú Thạnh, xã Đức Trọng, tỉnh Lâm Đồng"  # broken line joined
    assert got["date_of_expiry"] == "2035-03-12"
    assert got["place_of_residence_province"] == "Tỉnh Lâm Đồng"
    assert got["place_of_residence_commune"] == "Xã Đức Trọng"
    assert all(f.valid for f in fields.values())
    assert not needs_review("citizen_id_card", fields)


def test_tesseract_errors_in_labels_and_values() -> None:
    noisy = """
    CAN CUOC CONG DAN
    Sô / No.: O68O95OOl234
    Ho và tèn / Full name: NGUYỄN VĂN AN
    Ngay sinh / Date of birth: 12/O3/1995
    Giói tính / Sex: Nam
    Quôc tịch / Nationality: Viet Nam
    Noi thuòng trú / Place of residence: Thôn Phú Thạnh, xa Đức Trọng, tinh Lâm Đồng
    Có giá trị dến / Date of expiry: 12/03/2035
    """
    fields = extract_fields("citizen_id_card", ocr_lines(noisy))
    got = values(fields)
    assert got["id_number"] == "068095001234" and fields["id_number"].valid
    assert fields["id_number"].confidence < 0.93  # repaired: a little less sure than OCR said
    assert got["full_name"] == "NGUYỄN VĂN AN"
    assert got["date_of_birth"] == "1995-03-12"
    assert got["nationality"] == "Việt Nam"
    # Commune and province respelled from the official list; the village is kept as printed.
    assert got["place_of_residence"] == "Thôn Phú Thạnh, xã Đức Trọng, tỉnh Lâm Đồng"
    assert got["date_of_expiry"] == "2035-03-12"


def test_can_cuoc_2024_labels() -> None:
    card = """
    CĂN CƯỚC
    IDENTITY CARD
    Số định danh cá nhân / Personal identification number:
    079301005678
    Họ, chữ đệm và tên khai sinh / Full name:
    TRẦN THỊ BÌNH
    Ngày, tháng, năm sinh / Date of birth: 05/11/2001
    Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam
    Nơi cư trú / Place of residence:
    12 Nguyễn Trãi, phường Bến Thành, thành phố Hồ Chí Minh
    Nơi đăng ký khai sinh / Place of birth:
    Phường Bến Thành, thành phố Hồ Chí Minh
    Ngày, tháng, năm cấp / Date of issue: 01/07/2024
    Ngày, tháng, năm hết hạn / Date of expiry: 05/11/2026
    """
    fields = extract_fields("citizen_id_card", ocr_lines(card))
    got = values(fields)
    assert got["id_number"] == "079301005678"
    assert got["full_name"] == "TRẦN THỊ BÌNH"
    assert got["sex"] == "Nữ"
    assert got["place_of_residence"] == "12 Nguyễn Trãi, phường Bến Thành, thành phố Hồ Chí Minh"
    assert got["date_of_expiry"] == "2026-11-05"  # not the date of issue on the line before
    assert "place_of_origin" not in got  # the place of birth registration is another fact
    assert got["place_of_birth"] == "Phường Bến Thành, thành phố Hồ Chí Minh"
    assert not needs_review("citizen_id_card", fields)


def test_id_contradicting_birth_date_is_invalid_and_reviewed() -> None:
    text = CCCD.replace("068095001234", "068195001234")  # century/sex digit says a woman
    fields = extract_fields("citizen_id_card", ocr_lines(text))
    assert fields["id_number"].value == "068195001234"  # kept as read
    assert not fields["id_number"].valid
    assert needs_review("citizen_id_card", fields)


def test_low_confidence_and_missing_fields_need_review() -> None:
    fields = extract_fields("citizen_id_card", ocr_lines(CCCD, low=("NGUYỄN", "VĂN", "AN")))
    assert fields["full_name"].confidence < 0.7
    assert needs_review("citizen_id_card", fields)
    without_expiry = "\n".join(line for line in CCCD.splitlines() if "expiry" not in line)
    assert needs_review("citizen_id_card", extract_fields("citizen_id_card", ocr_lines(without_expiry)))


def test_old_cmnd_labels() -> None:
    cmnd = """
    CHỨNG MINH NHÂN DÂN
    Số: 023456789
    Họ tên: LÊ THỊ HOA
    Sinh ngày: 02-09-1980
    Nguyên quán: Hà Tĩnh
    Nơi ĐKHK thường trú: Phường 4, Quận 5, TP Hồ Chí Minh
    """
    got = values(extract_fields("citizen_id_card", ocr_lines(cmnd)))
    assert got["id_number"] == "023456789"
    assert got["full_name"] == "LÊ THỊ HOA"
    assert got["date_of_birth"] == "1980-09-02"
    assert got["place_of_origin"] == "Hà Tĩnh"
    assert got["place_of_residence"] == "Phường 4, Quận 5, TP Hồ Chí Minh"
    assert got["place_of_residence_province"] == "Thành phố Hồ Chí Minh"  # a pre-2025 address, converted
