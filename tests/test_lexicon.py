"""Marks put back from the marks Tesseract weighed and the dictionary of two-syllable words."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.glyphs import repair_line
from ocr.lexicon import MAX_COST, MIN_CERTAINTY, compounds, restore_marks, vouching
from ocr.tesseract import Line, Word, _hocr_marks, recognise
from tests.test_cleanup_images import render_lines


def _word(text: str, i: int, marks: dict[int, list[tuple[str, float]]] | None = None) -> Word:
    weighed = tuple((at, tuple(choices)) for at, choices in (marks or {}).items())
    return Word(text, 90.0, 100 + 80 * i, 100, 70, 24, 1, 1, 1, marks=weighed)


def _line(*words: str | tuple[str, dict[int, list[tuple[str, float]]]]) -> Line:
    made = [_word(w, i) if isinstance(w, str) else _word(w[0], i, w[1]) for i, w in enumerate(words)]
    return Line.of(made)


def test_the_dictionary_holds_two_syllable_words_in_lower_case() -> None:
    words = compounds()
    assert len(words) > 20_000
    assert {"kiểm sát", "tổ chức", "cổ phần", "đề nghị"} <= words
    assert all(w == w.lower() and w.count(" ") == 1 for w in words)
    assert words < vouching() and "cúng cấp" in vouching() - words


def test_a_weighed_mark_that_makes_a_word_of_the_pair_is_put_back() -> None:
    # what vie printed on real scans, with the certainties it gave (KIÊM: Ê 90, Ể 47)
    fixed = restore_marks(_line("VIỆN", ("KIÊM", {2: [("Ê", 90.0), ("Ề", 78.0), ("Ể", 47.0)]}), "SÁT", "NHÂN", "DÂN"))
    assert fixed.text == "VIỆN KIỂM SÁT NHÂN DÂN"
    fixed = restore_marks(_line("Luật", ("Tô", {1: [("ô", 96.0), ("ổ", 60.0)]}), "chức", "Viện"))
    assert fixed.text == "Luật Tổ chức Viện"
    # the old tone placement is the same word (`hoá đơn` in the list)
    assert (
        restore_marks(_line(("hóa", {2: [("ó", 90.0), ("ò", 50.0)]}), ("đớn", {1: [("ớ", 90.0), ("ơ", 60.0)]}))).text
        == "hóa đơn"
    )
    # punctuation stays where it was
    fixed = restore_marks(_line("sửa", ("đối,", {1: [("ố", 92.0), ("ổ", 87.0)]}), "bổ", "sung"))
    assert fixed.text == "sửa đổi, bổ sung"


def test_the_line_is_read_with_the_most_words_and_then_the_least_overruled() -> None:
    # `cần kiệm` and `kiểm tra` are both words; the model weighed ể more than ệ
    read = ("kiêm", {2: [("ê", 92.0), ("ể", 70.0), ("ệ", 40.0)]})
    assert restore_marks(_line("Cần", read, "tra,", "đối", "chiếu")).text == "Cần kiểm tra, đối chiếu"


def test_what_is_left_as_read() -> None:
    weak = {2: [("ê", 95.0), ("ể", MIN_CERTAINTY - 1)]}  # a mark the model barely weighed
    too_clear = {1: [("ổ", 99.0), ("ố", 99.0 - MAX_COST - 20)]}
    kept = [
        _line("VIỆN", ("KIÊM", weak), "SÁT"),
        # a syllable already in a word as read (`phù hợp`) is not taken into another (`hợp đề`)
        _line("phù", "hợp", ("để", {1: [("ể", 90.0), ("ề", 80.0)]}), "đáp", "ứng"),
        # a letter read too clearly to be overruled for a word
        _line(("tổng", too_clear), "tiền"),
        # names: two capitalised words together, a capitalised word in prose, after a name's label
        _line("TMCP", "Vi", ("Nam", {1: [("a", 90.0), ("ấ", 60.0)]}), "Thương"),
        _line("gặp", "anh", ("Tô", {1: [("ô", 96.0), ("ổ", 60.0)]}), "chức"),
        _line("Họ", "và", "tên:", ("TÔ", {1: [("Ô", 96.0), ("Ổ", 60.0)]}), "CHỨC"),
        # a pair with punctuation between is two words
        _line(("Tô,", {1: [("ô", 96.0), ("ổ", 60.0)]}), "chức"),
        # a syllable in a word as read keeps its reading (`thi tuyển`), though the pair before it
        # (`kỳ thị`; the lists lack `kỳ thi`) would make the row one word longer
        _line("KỲ", ("THI", {2: [("I", 93.0), ("Ị", 60.0)]}), "TUYỂN", "SINH"),
        # a rare word (`cúng cấp`) vouches for a pair as read but is not made out of a misreading
        _line(("cưng", {1: [("ư", 90.0), ("ú", 70.0)]}), "cấp"),
        # two readings as likely (`thám sát`, `thảm sát`): no way to choose
        _line(("tham", {2: [("a", 90.0), ("á", 60.0), ("ả", 60.0)]}), "sát"),
    ]
    for line in kept:
        assert restore_marks(line).text == line.text, line.text


def test_hocr_choices_become_each_letters_other_marks() -> None:
    hocr = (
        "<span class='ocrx_word' id='word_1_1' title='bbox 1 1 9 9; x_wconf 90'>KIÊM\n"
        "<span class='ocrx_cinfo' id='lstm_choices_1_1_1'>"
        "<span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 92'> </span></span>"
        "<span class='ocrx_cinfo' id='lstm_choices_1_1_2'>"
        "<span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 95'>K</span>"
        "<span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 30'>X</span></span>"
        "<span class='ocrx_cinfo' id='lstm_choices_1_1_3'>"
        "<span class='ocrx_cinfo' id='choice_1_1_4' title='x_confs 94'>I</span></span>"
        "<span class='ocrx_cinfo' id='lstm_choices_1_1_4'>"
        "<span class='ocrx_cinfo' id='choice_1_1_5' title='x_confs 90'>Ê</span>"
        "<span class='ocrx_cinfo' id='choice_1_1_6' title='x_confs 47.5'>Ể</span>"
        "<span class='ocrx_cinfo' id='choice_1_1_7' title='x_confs 40'>ê</span>"
        "<span class='ocrx_cinfo' id='choice_1_1_8' title='x_confs 2'>Ế</span></span>"
        "<span class='ocrx_cinfo' id='lstm_choices_1_1_5'>"
        "<span class='ocrx_cinfo' id='choice_1_1_9' title='x_confs 92'>M</span></span></span>"
        "<span class='ocrx_word' id='word_1_2' title='bbox 1 1 9 9; x_wconf 90'>SÁT</span>"
    )
    # the leading space step is no letter; X is another letter and ê another case, not other marks;
    # Ế at 2 is below the floor; the second word had no choices at all
    assert _hocr_marks(hocr) == [("KIÊM", ((2, (("Ê", 90.0), ("Ể", 47.5))),)), ("SÁT", ())]


def _faint_marks(true: tuple[str, ...], plain: tuple[str, ...], ink: float) -> np.ndarray:
    """The lines with the marks that tell `true` from `plain` printed at `ink` of full black: the hook
    above a circumflex or the dot under it, a few pixels on a worn or light scan, is what goes first."""
    kwargs = {"dpi": 150, "points": 9, "width_in": 4.0, "margin_in": 0.2, "spacing": 1.6}
    marked = cv2.cvtColor(render_lines(true, **kwargs), cv2.COLOR_BGR2GRAY).astype(np.float32)
    bare = cv2.cvtColor(render_lines(plain, **kwargs), cv2.COLOR_BGR2GRAY).astype(np.float32)
    return (ink * marked + (1 - ink) * bare).astype(np.uint8)


def test_faint_stacked_marks_are_read_back_on_a_generated_page() -> None:
    # the cause on the real letters (KIÊM SÁT, Tô chức, Đây mạnh, kêt quả): a faint second mark; the
    # model prints the plainer letter and still weighs the marked one
    true = ("VIỆN KIỂM SÁT NHÂN DÂN", "Luật Tổ chức Viện kiểm sát", "báo cáo kết quả thẩm định")
    plain = ("VIỆN KIÊM SÁT NHÂN DÂN", "Luật Tô chức Viện kiêm sát", "báo cáo kêt quả thâm định")
    recognition = recognise(_faint_marks(true, plain, 0.3), dpi=150, psm=6, text_layer=False)
    read = [line.text for line in recognition.lines]
    assert len(read) == 3
    misread = [
        a for line, t in zip(read, true, strict=True) for a, b in zip(line.split(), t.split(), strict=False) if a != b
    ]
    assert len(misread) >= 3
    for word in recognition.words:
        for at, choices in word.marks:
            assert word.text[at] == choices[0][0]
    assert [restore_marks(repair_line(line)).text for line in recognition.lines] == list(true)
