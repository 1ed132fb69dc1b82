"""Official documents (Decree 30/2020/NĐ-CP): the two-column header, the parts, and the fields, on
text laid out as Tesseract returns real letters and on a generated page read by real Tesseract."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from ocr.classify import classify
from ocr.fields import FIELDS_BY_TYPE, extract_fields, needs_review
from ocr.fields import normalise as norm
from ocr.fields.official import find_parts, split_columns
from ocr.page import read_page
from ocr.tesseract import Line
from samples import generate

# A công văn as Tesseract reads a two-column letterhead: each row of both columns on one line.
CONG_VAN = """
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc
Số: 575 /UBND-KTTH Quảng Ngãi, ngày 04 tháng 02 năm 2025
V/v tham gia ý kiến các dự thảo
Nghị định của Chính phủ
Kính gửi: Sở Tài chính
Theo đề nghị của Bộ Tài chính tại Công văn số 1060/BTC-QLCS ngày 23/01/2025,
Chủ tịch UBND tỉnh có ý kiến như sau:
Nơi nhận: TL. CHỦ TỊCH
- Như trên; KT. CHÁNH VĂN PHÒNG
- Lưu: VT, KTTH. PHÓ CHÁNH VĂN PHÒNG
Hà Thị Lê Vân
"""

# A decision whose columns Tesseract read one after the other (left block, then right block).
QUYET_DINH = """
BỘ GIÁO DỤC VÀ ĐÀO TẠO
TRƯỜNG ĐẠI HỌC ĐÔNG NAM
Số: 542/QĐ-ĐHĐN
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đồng Nai, ngày 26 tháng 7 năm 2020
QUYẾT ĐỊNH
Về việc miễn giảm học phí cho sinh viên
HIỆU TRƯỞNG TRƯỜNG ĐẠI HỌC ĐÔNG NAM
Căn cứ Nghị định số 81/2021/NĐ-CP ngày 27/8/2021 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Miễn giảm học phí cho các sinh viên có tên trong danh sách kèm theo.
Nơi nhận: HIỆU TRƯỞNG
- Như Điều 3;
- Lưu: VT, KHTC.
TS. Lê Anh Đức
"""


def text_lines(block: str) -> list[Line]:
    """Lines as a text layer gives them: text only, no word boxes (so no layout to lean on)."""
    return [Line(t.strip(), 93.0, (), 1) for t in block.strip().splitlines() if t.strip()]


def test_two_column_header_lines_are_split() -> None:
    assert split_columns("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert split_columns("TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc") == [
        "TỈNH QUẢNG NGÃI",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert split_columns("Số: 04 /TTr-UBND Quảng Ngãi, ngày 07 tháng 01 năm 2025") == [
        "Số: 04 /TTr-UBND",
        "Quảng Ngãi, ngày 07 tháng 01 năm 2025",
    ]
    # misread, and the old tone placement: still cut
    assert split_columns("UY BAN NHÂN DÀN CỘNG HOÀ XÃ HỘI CHỦ NGHIA VIỆT NAM")[0] == "UY BAN NHÂN DÀN"
    # lines that are one column come back whole
    assert split_columns("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert split_columns("Quảng Ngãi, ngày 07 tháng 01 năm 2025") == ["Quảng Ngãi, ngày 07 tháng 01 năm 2025"]


def test_date_in_words() -> None:
    assert norm.date("ngày 26 tháng 7 năm 2020") == "2020-07-26"
    assert norm.date("Đà Nẵng, ngày 05 tháng 02 năm 2025") == "2025-02-05"


def test_cong_van_fields_from_a_side_by_side_header() -> None:
    fields = extract_fields("official_document", text_lines(CONG_VAN))
    assert {k: f.value for k, f in fields.items()} == {
        "issuing_authority": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "document_number": "575/UBND-KTTH",
        "issue_place": "Quảng Ngãi",
        "issue_date": "2025-02-04",
        "document_kind": "Công văn",  # no kind line: a "V/v" subject under the number
        "subject": "V/v tham gia ý kiến các dự thảo Nghị định của Chính phủ",
        "signer_title": "PHÓ CHÁNH VĂN PHÒNG",  # the signer's own position, under TL./KT.
        "signer_name": "Hà Thị Lê Vân",
    }
    assert set(fields) == set(FIELDS_BY_TYPE["official_document"])


def test_decision_fields_from_columns_read_one_after_the_other() -> None:
    fields = {k: f.value for k, f in extract_fields("official_document", text_lines(QUYET_DINH)).items()}
    assert fields["issuing_authority"] == "TRƯỜNG ĐẠI HỌC ĐÔNG NAM"  # the parent body above is not the issuer
    assert fields["document_number"] == "542/QĐ-ĐHĐN"
    assert (fields["issue_place"], fields["issue_date"]) == ("Đồng Nai", "2020-07-26")
    assert fields["document_kind"] == "Quyết định"
    assert fields["subject"] == "Về việc miễn giảm học phí cho sinh viên"  # not the signer's authority line below
    assert (fields["signer_title"], fields["signer_name"]) == ("HIỆU TRƯỞNG", "Lê Anh Đức")  # degree dropped


def test_handwritten_number_read_as_junk_is_kept_invalid() -> None:
    text = CONG_VAN.replace("Số: 575 /UBND-KTTH", "Số: đ@ /UBND-KTTH").replace("ngày 04 tháng", "ngày Ø4 tháng")
    fields = extract_fields("official_document", text_lines(text))
    assert fields["document_number"].value == "đ@/UBND-KTTH" and not fields["document_number"].valid
    assert "issue_date" not in fields  # a day that cannot be read gives no date rather than a wrong one
    assert needs_review("official_document", fields)


def test_parts_of_a_letter_and_of_a_form() -> None:
    letter = find_parts(CONG_VAN)
    assert letter.number and letter.subject_vv and letter.recipients and letter.national_name
    form = find_parts(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN ĐỀ NGHỊ\n"
        "Số điện thoại: 0912345678\nHà Nội, ngày 12 tháng 3 năm 2025"
    )
    assert form.strong == 0 and form.weak == 3


def test_official_documents_are_classified_by_kind_or_by_parts() -> None:
    assert classify(QUYET_DINH).doc_type == "official_document"
    assert classify(CONG_VAN).doc_type == "official_document"  # no kind line: its parts say so
    report = CONG_VAN.replace("V/v tham gia ý kiến các dự thảo", "BÁO CÁO\nTình hình cải cách hành chính")
    assert classify(report).doc_type == "official_document"


@pytest.fixture(scope="module")
def generated_page() -> tuple[dict, object]:
    """A generated official document (signature and red seal over the signer block), read by the
    page pipeline exactly as `sohoa digitise` reads it."""
    sample = generate.make_sample("official_document", "clean", 3, 0, "000.00.36.H36-251125-0001")
    image = np.asarray(Image.open(io.BytesIO(sample.data)))
    page = read_page(image, dpi=300, number=1, language="vie")
    return sample.truth, page


def test_generated_official_document_read_by_tesseract(generated_page: tuple[dict, object]) -> None:
    truth, page = generated_page
    assert classify(page.text).doc_type == "official_document"  # type: ignore[attr-defined]
    fields = extract_fields("official_document", page.lines)  # type: ignore[attr-defined]
    got = {k: f.value for k, f in fields.items()}
    assert got == truth["fields"]


def test_every_generated_kind_has_its_truth_fields() -> None:
    from samples.documents import official_document

    kinds = set()
    for seed in range(40):
        doc = official_document(random.Random(seed))
        assert set(doc.fields) == set(FIELDS_BY_TYPE["official_document"])
        kinds.add(doc.fields["document_kind"])
        assert ("V/v" in doc.fields["subject"]) == (doc.fields["document_kind"] == "Công văn")
    assert {"Công văn", "Quyết định", "Thông báo", "Tờ trình", "Giấy mời"} <= kinds


def test_a_two_page_letter_stays_one_document() -> None:
    from ocr.classify import split_pages

    first, _, rest = CONG_VAN.partition("Theo đề nghị")
    second = "Theo đề nghị" + rest
    segments = split_pages([first, second])
    assert [(s.first_page, s.last_page, s.doc_type) for s in segments] == [(1, 2, "official_document")]


def test_misread_small_v_of_the_subject() -> None:
    text = CONG_VAN.replace("V/v tham gia", "V/w tham gia")
    assert extract_fields("official_document", text_lines(text))["subject"].value.startswith("V/v tham gia")


def test_a_province_read_with_a_wrong_mark_is_spelled_officially() -> None:
    # generated letters (seed 54): `Cân Thơ` as the place of issue, `TỈNH HUNG YÊN` in the issuing body;
    # a province's name folds to one official spelling
    letter = CONG_VAN.replace("TỈNH QUẢNG NGÃI", "TỈNH HUNG YÊN").replace("Quảng Ngãi, ngày", "Cân Thơ, ngày")
    fields = extract_fields("official_document", text_lines(letter))
    assert fields["issuing_authority"].value == "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"
    assert fields["issue_place"].value == "Cần Thơ"
    unchanged = extract_fields("official_document", text_lines(CONG_VAN.replace("Quảng Ngãi, ngày", "Tân An, ngày")))
    assert unchanged["issue_place"].value == "Tân An"  # a town, not a province: left as read
