"""Document and page classification, and splitting multi-page files into documents."""

from __future__ import annotations

import pytest

from ocr.classify import classify, classify_page, split_pages
from tests.test_fields_forms import APPLICATION, BIRTH, BUSINESS, LAND
from tests.test_fields_id_card import CCCD

HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
ID_BACK = """
Đặc điểm nhận dạng / Personal identification: Nốt ruồi cách 2 cm trên đầu lông mày trái
Ngày, tháng, năm cấp / Date of issue: 12/03/2021
Ngón trỏ trái Ngón trỏ phải
IDVNM0950012340068095001234<<5
"""


@pytest.mark.parametrize(("text", "doc_type"), [
    (CCCD, "citizen_id_card"), (BIRTH, "birth_registration_form"), (APPLICATION, "application_form"),
    (BUSINESS, "business_registration"), (LAND, "land_use_certificate"),
])
def test_each_type_by_its_title(text: str, doc_type: str) -> None:
    result = classify(HEADER + text)
    assert result.doc_type == doc_type
    assert result.confidence >= 0.85


def test_titles_read_without_diacritics() -> None:
    assert classify(HEADER + "TO KHAI DANG KY KHAI SINH\nHo, chu dem, ten: AN").doc_type == "birth_registration_form"
    assert classify("GIAY CHUNG NHAN DANG KY DOANH NGHIEP").doc_type == "business_registration"


def test_application_about_land_is_an_application() -> None:
    text = HEADER + "ĐƠN ĐỀ NGHỊ\nCẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT\nHọ và tên: LÊ VĂN TÁM\nThửa đất số: 12"
    assert classify(text).doc_type == "application_form"


def test_untitled_page_typed_by_cues() -> None:
    page = classify_page(ID_BACK)
    assert page.doc_type == "citizen_id_card" and not page.titled
    assert 0 < page.confidence < 0.9


def test_nothing_fits_is_unknown() -> None:
    result = classify("Biên bản họp tổ dân phố\nNội dung: bàn việc vệ sinh môi trường")
    assert result.doc_type == "unknown" and result.confidence == 0.0
    assert classify("").doc_type == "unknown"


def test_split_application_then_id_card_front_and_back() -> None:
    continuation = "Tôi xin cam đoan những thông tin trên là đúng sự thật.\nNGƯỜI LÀM ĐƠN\nLÊ THỊ HOA"
    pages = [HEADER + APPLICATION, continuation, HEADER + CCCD, ID_BACK]
    segments = split_pages(pages)
    assert [(s.first_page, s.last_page, s.doc_type) for s in segments] == [
        (1, 2, "application_form"),  # a page without a title continues the document before it
        (3, 4, "citizen_id_card"),  # the back of the card stays with its front
    ]


def test_untitled_page_of_another_type_starts_a_segment() -> None:
    segments = split_pages([HEADER + APPLICATION, ID_BACK])
    assert [(s.first_page, s.doc_type) for s in segments] == [(1, "application_form"), (2, "citizen_id_card")]


def test_two_titled_documents_of_one_type_stay_apart() -> None:
    segments = split_pages([HEADER + CCCD, HEADER + CCCD.replace("068095001234", "001080004321")])
    assert [(s.first_page, s.last_page) for s in segments] == [(1, 1), (2, 2)]


def test_blank_first_page_then_a_document() -> None:
    segments = split_pages(["", HEADER + LAND])
    assert segments[-1].doc_type == "land_use_certificate"


def test_exact_title_stands_against_cues_of_another_type() -> None:
    text = HEADER + ("ĐƠN ĐỀ NGHỊ\nMã số doanh nghiệp: 0101234567\nVốn điều lệ: 1.000.000.000 đồng\n"
                     "Địa chỉ trụ sở chính: X")
    assert classify(text).doc_type == "application_form"
