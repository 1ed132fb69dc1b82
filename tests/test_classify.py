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


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (CCCD, "citizen_id_card"),
        (BIRTH, "birth_registration_form"),
        (APPLICATION, "application_form"),
        (BUSINESS, "business_registration"),
        (LAND, "land_use_certificate"),
    ],
)
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
    text = HEADER + (
        "ĐƠN ĐỀ NGHỊ\nMã số doanh nghiệp: 0101234567\nVốn điều lệ: 1.000.000.000 đồng\nĐịa chỉ trụ sở chính: X"
    )
    assert classify(text).doc_type == "application_form"


# -- a type only on evidence ---------------------------------------------------------------------


def _printed(doc_type: str, seed: int, variant: str | None = None) -> str:
    """The printed lines of a generated document (of `variant`, for the non-administrative ones)."""
    import random

    from samples import documents, render

    for attempt in range(200):
        doc = documents.build(doc_type, random.Random(f"{seed}:{attempt}"))
        if variant and doc.extra.get("variant") != variant:
            continue
        page = doc.pages[0]
        if isinstance(page, documents.Card):
            lines = render.render_licence(page).lines
        else:
            lines = render.render_form(page, 100).lines
        return "\n".join(lines)
    raise AssertionError(f"no {variant} generated")


@pytest.mark.parametrize("seed", range(6))
def test_generated_official_documents_are_official(seed: int) -> None:
    assert classify(_printed("official_document", seed)).doc_type == "official_document"


@pytest.mark.parametrize("variant", ["receipt", "invoice", "licence", "letter"])
def test_receipts_invoices_licences_and_letters_are_unknown(variant: str) -> None:
    for seed in range(3):
        assert classify(_printed("unknown", seed, variant)).doc_type == "unknown"


@pytest.mark.parametrize(
    "doc_type", ["birth_registration_form", "application_form", "business_registration", "land_use_certificate"]
)
def test_generated_forms_keep_their_type(doc_type: str) -> None:
    for seed in range(3):
        assert classify(_printed(doc_type, seed)).doc_type == doc_type


def test_driving_licence_with_card_labels_is_not_an_id_card() -> None:
    licence = (
        "GIẤY PHÉP LÁI XE / DRIVER'S LICENSE\nSố/No: 790123456789\nHọ tên/Full name: NGUYỄN VĂN AN\n"
        "Ngày sinh/Date of Birth: 12/03/1990\nCó giá trị đến/Expires: 12/03/2030"
    )
    assert classify(HEADER + licence).doc_type == "unknown"
    untitled = licence.split("\n", 1)[1]  # title lost: three of the card's labels, none only a card prints
    assert classify(untitled).doc_type == "unknown"


def test_a_form_mentioning_a_certificate_in_its_body_is_not_one() -> None:
    text = (
        "Kính gửi: Ủy ban nhân dân xã Hòa Bình\nTôi đã được cấp giấy chứng nhận quyền sử dụng đất "
        "năm 2010 và giấy chứng nhận đăng ký doanh nghiệp năm 2015.\nDiện tích khoảng 200 m²."
    )
    assert classify(HEADER + text).doc_type == "unknown"


def test_one_or_two_labels_are_not_evidence() -> None:
    invoice = "Tên hàng hóa, dịch vụ\nLý do: thanh toán tiền hàng\nSố điện thoại: 0912345678"
    assert classify(invoice).doc_type == "unknown"
    notice = "Về việc thu hồi đất\nThửa đất số 12, tờ bản đồ số 5"  # two land labels
    assert classify(notice).doc_type == "unknown"


def test_citizen_id_declaration_is_an_application() -> None:
    text = HEADER + "TỜ KHAI CĂN CƯỚC CÔNG DÂN\n1. Họ, chữ đệm và tên khai sinh:\n12. Quê quán:\n13. Nơi thường trú:"
    assert classify(text).doc_type == "application_form"


def test_card_title_without_card_labels_is_unknown() -> None:
    assert classify("CĂN CƯỚC CÔNG DÂN\nHướng dẫn làm thủ tục cấp đổi tại Công an xã").doc_type == "unknown"


def test_titles_must_be_in_capitals_and_open_their_line() -> None:
    assert classify("Báo cáo tình hình thực hiện nhiệm vụ năm 2025\nNơi nhận: các phòng").doc_type == "unknown"
    assert classify(HEADER + "` Ố THÔNG BÁO\nVề việc nghỉ lễ\nNơi nhận:").doc_type == "official_document"
