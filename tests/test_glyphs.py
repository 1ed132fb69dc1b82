"""Repairs of what `vie` cannot print or reliably misprints, on recognised lines."""

from __future__ import annotations

from collections.abc import Callable

from ocr.glyphs import (
    restore_case,
    restore_date_digits,
    restore_english,
    restore_fixed_phrases,
    restore_place_names,
    restore_shape_mark,
    restore_square_metre,
    restore_surname,
    restore_symbols,
)
from ocr.tesseract import Line, Word


def line(*texts: str) -> Line:
    """A line of evenly spaced words, as Tesseract's TSV would give them."""
    words = tuple(Word(t, 96.0, 100 + 80 * i, 100, 70, 24, 1, 1, 1) for i, t in enumerate(texts))
    return Line(" ".join(texts), 96.0, words)


def test_surname_nguyen_gets_its_tilde_back_only_where_it_opens_a_name() -> None:
    assert restore_surname(line("Họ", "và", "tên:", "NGUYÊN", "CÔNG", "SƠN")).text == "Họ và tên: NGUYỄN CÔNG SƠN"
    assert restore_surname(line("NGUYÊN", "THÀNH", "HỮU")).words[0].text == "NGUYỄN"
    for kept in (("SỞ", "TÀI", "CHÍNH", "THÁI", "NGUYÊN"), ("TRẦN", "NGUYÊN", "KHANG"), ("NGUYÊN", "vẹn")):
        assert restore_surname(line(*kept)).text == " ".join(kept)


def test_square_metre_comes_back_only_after_a_number() -> None:
    # vie has no superscript two and writes "?" for it
    assert restore_square_metre(line("Diện", "tích:", "125,5", "m?")).text == "Diện tích: 125,5 m²"
    assert restore_square_metre(line("tích:", "80", "m2?,", "đất")).text == "tích: 80 m², đất"
    assert restore_square_metre(line("tích:", "96,4m?")).text == "tích: 96,4m²"
    for kept in (("Diện", "tích:", "80", "m2"), ("hỏi", "m?"), ("m?", "là"), ("tên", "Tâm?")):
        assert restore_square_metre(line(*kept)).text == " ".join(kept)


def _fixed(repair: Callable[[Line], Line], text: str) -> str:
    return repair(line(*text.split())).text


# The misreadings below are those `vie` made on real scanned letters and receipts (bench/realdocs.py
# counts them: a line is found only when every mark is right); each repair is proved on its cause.
def test_a_fixed_capital_phrase_gets_its_marks_back() -> None:
    assert _fixed(restore_fixed_phrases, "QUYÉT ĐỊNH") == "QUYẾT ĐỊNH"
    assert _fixed(restore_fixed_phrases, "UY BAN NHÂN DÀN TỈNH") == "ỦY BAN NHÂN DÂN TỈNH"
    assert _fixed(restore_fixed_phrases, "CÔNG TY CỔ PHÀN ABC") == "CÔNG TY CỔ PHẦN ABC"
    assert _fixed(restore_fixed_phrases, "CỘNG HÒA XÃ HỘI CHỦ NGHIA VIỆT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _fixed(restore_fixed_phrases, "KT. CHU TỊCH") == "KT. CHỦ TỊCH"


def test_what_is_not_a_misread_fixed_phrase_is_left_as_read() -> None:
    for kept in (
        "SOCIALIST REPUBLIC OF VIET NAM",  # English, read without any mark: given none
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",  # the older tone placement is a spelling, not a misreading
        "HOÁ ĐƠN GIÁ TRỊ GIA TĂNG",
        "GIẤY UỶ QUYỀN",
        "TÍNH QUANG NGAI",  # one word (TÍNH is also a word) and a place: no list vouches for them
        "NGUYỄN VĂN AN",
        "quyét định",  # prose, not the capital heading
    ):
        assert _fixed(restore_fixed_phrases, kept) == kept


def test_a_capital_word_that_is_no_syllable_gets_back_the_one_shape_mark_that_makes_it_one() -> None:
    assert _fixed(restore_shape_mark, "QUYÉT TOÁN") == "QUYẾT TOÁN"
    assert _fixed(restore_shape_mark, "PHÀN") == "PHÀN"  # a syllable as read (and PHẦN, PHẰN would both be)
    assert _fixed(restore_shape_mark, "THÉP") == "THÉP"  # a syllable as read
    assert _fixed(restore_shape_mark, "HĐND UBND") == "HĐND UBND"  # acronyms carry no marks
    assert _fixed(restore_shape_mark, "PEACH TEA") == "PEACH TEA"


def test_a_lone_marked_capital_syllable_inside_prose_is_lowercase() -> None:
    assert _fixed(restore_case, "quy định VỀ cơ cấu") == "quy định về cơ cấu"
    for kept in ("trình HĐND tỉnh", "ông NGUYỄN Văn An", "của UBND tỉnh", "TRƯỜNG ĐẠI HỌC", "bà HÀ và", "xã VÂN HÒA"):
        assert _fixed(restore_case, kept) == kept


def test_numbers_and_symbols_read_with_a_wrong_character_or_space() -> None:
    assert _fixed(restore_symbols, "số 1572/QĐ- TTg ngày") == "số 1572/QĐ-TTg ngày"
    assert _fixed(restore_symbols, "số 1743/QĐ- -BGTVT") == "số 1743/QĐ-BGTVT"
    assert _fixed(restore_symbols, "số 746/QĐ-ĐÐN") == "số 746/QĐ-ĐN"  # an eth read beside the Đ
    assert _fixed(restore_symbols, "số 12/2024/TT- BTC") == "số 12/2024/TT-BTC"
    assert _fixed(restore_symbols, "ngày 3l tháng") == "ngày 31 tháng"
    assert _fixed(restore_symbols, "năm 2O25") == "năm 2025"
    assert _fixed(restore_symbols, "Ký hiệu: IC25TLD") == "Ký hiệu: 1C25TLD"
    for kept in (
        "thửa 45, 123 và",  # two numbers, not a thousands group read with a space
        "BUN SING 42, 000",
        "khí O2",  # oxygen
        "ĐĐBQH tỉnh",  # a real abbreviation with two Đ
        "IOC",
        "Số: 12/QĐ-UBND",
        "SU0N",
    ):
        assert _fixed(restore_symbols, kept) == kept


def test_joined_words_keep_one_box_over_both() -> None:
    joined = restore_symbols(line("1572/QĐ-", "TTg"))
    assert [w.text for w in joined.words] == ["1572/QĐ-TTg"]
    assert joined.words[0].left == 100 and joined.words[0].width == 80 + 70


def test_a_name_that_spells_a_fixed_phrase_is_not_respelled() -> None:
    # "LÊ VĂN PHONG" holds the letters of VĂN PHÒNG, "NGUYỄN PHƯƠNG AN" those of PHƯƠNG ÁN
    for kept in (
        "Họ tên: LÊ VĂN PHONG",
        "NGUYỄN PHƯƠNG AN",
        "LÊ VĂN PHONG",
        "MAI VĂN PHONG",  # MAI is no surname of the list: the two-word phrase needs a heading's place
        "KHU KINH TẾ VÂN PHONG",
        "ông HÀ VIẾT NAM",
    ):
        assert _fixed(restore_fixed_phrases, kept) == kept
    assert _fixed(restore_fixed_phrases, "KT. CHU TỊCH") == "KT. CHỦ TỊCH"
    assert _fixed(restore_fixed_phrases, "- PHÓ CHU TỊCH") == "- PHÓ CHỦ TỊCH"


def test_a_fixed_phrase_is_respelled_after_a_label_or_beside_another_heading() -> None:
    # the left and right columns of a letterhead read as one line, and a title beside "Nơi nhận:"
    merged = "ỦY BAN NHÂN DÂN CỘNG HOA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _fixed(restore_fixed_phrases, merged) == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _fixed(restore_fixed_phrases, "Nơi nhân: K/T GIÁM ĐÓC") == "Nơi nhân: K/T GIÁM ĐỐC"
    # a phrase read right is a heading wherever it stands: the one after it is respelled too (an
    # invoice's buyer after its label)
    assert _fixed(restore_fixed_phrases, "Tên đơn vị: CÔNG TY CỎ PHÀN ABC") == "Tên đơn vị: CÔNG TY CỔ PHẦN ABC"
    assert _fixed(restore_fixed_phrases, "Địa chỉ: VÂN PHONG") == "Địa chỉ: VÂN PHONG"


def test_a_province_read_with_wrong_marks_is_spelt_as_the_official_list_spells_it() -> None:
    # what vie printed on real letterheads and decisions: the stacked marks of ĐỒNG and HỒ lost
    assert _fixed(restore_place_names, "UBND TỈNH ĐÔNG NAI") == "UBND TỈNH ĐỒNG NAI"
    assert _fixed(restore_place_names, "TRƯỜNG ĐẠI HỌC ĐÒNG NAI") == "TRƯỜNG ĐẠI HỌC ĐỒNG NAI"
    assert _fixed(restore_place_names, "của Trường Đại học Đông Nai được") == "của Trường Đại học Đồng Nai được"
    assert _fixed(restore_place_names, "THÀNH PHÓ HÒ CHÍ MINH") == "THÀNH PHỐ HỒ CHÍ MINH"
    # the unit before it folds with it: TÍNH is a word, but not before a province
    assert _fixed(restore_place_names, "TÍNH QUANG NGAI") == "TỈNH QUẢNG NGÃI"
    assert _fixed(restore_place_names, "Phường An Hải, TP Hải Phong, Việt Nam.") == (
        "Phường An Hải, TP Hải Phòng, Việt Nam."
    )


def test_what_only_looks_like_a_misread_province_is_left_as_read() -> None:
    for kept in (
        "HO CHI MINH CITY",  # English, no mark: given none
        "QUANG NGAI",  # a print without marks
        "Người đại diện: Nguyễn Hải Phong",  # a man's name after a surname
        "Họ và tên: HẢI PHONG",  # after a name's label
        "LÊ VĂN THÁI BINH",  # after the middle name Văn
        "có hai phòng ngủ",  # lowercase: words, not a name
        "Hải, Phong",  # punctuation inside: two names
        "TỈNH ĐỒNG NAI",  # spelt right already
    ):
        assert _fixed(restore_place_names, kept) == kept


def test_a_day_or_month_read_as_look_alike_letters_is_its_digits() -> None:
    # `vie` on real decisions: "tháng 11" read "tháng II" and "tháng 1 I"
    assert _fixed(restore_date_digits, "ngày 25 tháng II năm 2015;") == "ngày 25 tháng 11 năm 2015;"
    split = restore_date_digits(line("ngày", "24", "tháng", "1", "I", "năm", "2014"))
    assert split.text == "ngày 24 tháng 11 năm 2014"
    assert split.words[3].width == 80 + 70  # one word over both boxes
    assert _fixed(restore_date_digits, "Ngày l5 tháng 8 năm 2025") == "Ngày 15 tháng 8 năm 2025"
    assert _fixed(restore_date_digits, "ngày 3 1 tháng 12 năm 2020") == "ngày 31 tháng 12 năm 2020"


def test_what_is_not_a_whole_date_keeps_its_letters() -> None:
    for kept in (
        "Quý II năm 2025",  # a quarter in Roman numerals
        "tháng II",  # no year: not a whole date
        "tháng 1 I năm nay",
        "ngày 20 tháng 13 năm 2020",  # no month 13
        "Chương II năm 2020",
    ):
        assert _fixed(restore_date_digits, kept) == kept


def test_an_english_word_given_a_vietnamese_mark_loses_it_in_an_english_line() -> None:
    # a bilingual diploma's English line as vie read it
    assert _fixed(restore_english, "hâs conferred the degree of") == "has conferred the degree of"
    assert _fixed(restore_english, "Degree classificatión: Very Good") == "Degree classification: Very Good"
    for kept in (
        "VMNK Táo Braeburn NZL PG size",  # a Vietnamese word among English ones: not an English line
        "Ngày cấp hâs",  # too few English words
        "Full name Đinh",  # đ is a letter
        "the Bộ trưởng has said",  # a marked syllable: Vietnamese in it
    ):
        assert _fixed(restore_english, kept) == kept
