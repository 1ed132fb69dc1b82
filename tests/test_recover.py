"""Lines Tesseract's layout drops are found from the ink no word covers, read again and put in place."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

from ocr.cleanup.geometry import to_gray
from ocr.cleanup.scale import measure_text
from ocr.recover import RECOVERED_BLOCKS, Region, find_unread, isolate, recover_lines, splice_words
from ocr.tesseract import Line, Word, recognise
from tests.test_cleanup_images import render_lines

LINES = ("Số định danh cá nhân:", "083187644329", "Họ, chữ đệm và tên khai sinh:", "HUỲNH KIM GIANG")


def word(text: str, left: int, top: int, width: int, height: int = 20, confidence: float = 90.0) -> Word:
    return Word(text, confidence, left, top, width, height, 1, 1, 1)


def _page() -> tuple[np.ndarray, float]:
    gray = to_gray(render_lines(LINES, dpi=300, points=10, width_in=5))
    return gray, measure_text(gray).height


def _line_boxes(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Each printed line's ink box (left, top, right, bottom), top to bottom."""
    rows = np.flatnonzero((gray < 128).any(axis=1))
    breaks = np.flatnonzero(np.diff(rows) > 5)
    boxes = []
    for top, bottom in zip(np.r_[rows[0], rows[breaks + 1]], np.r_[rows[breaks], rows[-1]], strict=True):
        cols = np.flatnonzero((gray[top : bottom + 1] < 128).any(axis=0))
        boxes.append((int(cols[0]), int(top), int(cols[-1]) + 1, int(bottom) + 1))
    return boxes


def test_only_the_line_no_word_covers_is_found() -> None:
    gray, letter = _page()
    boxes = _line_boxes(gray)
    assert len(boxes) == 4
    covered = [word("x", x0, t, r - x0, b - t) for i, (x0, t, r, b) in enumerate(boxes) if i != 1]
    regions = find_unread(gray, tuple(covered), letter)
    assert len(regions) == 1
    left, top, right, bottom = boxes[1]
    region = regions[0]
    assert abs(region.left - left) <= 2 and abs(region.right - right) <= 2
    assert region.top <= top + 2 and region.bottom >= bottom - 2
    everything = tuple(word("x", x0, t, r - x0, b - t) for x0, t, r, b in boxes)
    assert find_unread(gray, everything, letter) == ()


def test_specks_and_marks_alone_are_not_a_lost_line() -> None:
    gray, letter = _page()
    everything = tuple(word("x", x0, t, r - x0, b - t) for x0, t, r, b in _line_boxes(gray))
    noisy = gray.copy()
    rng = np.random.default_rng(5)
    for _ in range(200):  # fax specks all over the margin below the text
        y, x = int(rng.integers(gray.shape[0] - 100, gray.shape[0] - 5)), int(rng.integers(5, gray.shape[1] - 5))
        noisy[y : y + 3, x : x + 3] = 0
    assert find_unread(noisy, everything, letter) == ()


def test_a_scrap_read_out_of_a_word_is_read_again_with_the_whole_word() -> None:
    gray, letter = _page()
    *others, (left, top, right, bottom) = _line_boxes(gray)  # the last: HUỲNH KIM GIANG
    read = [word("x", x0, t, r - x0, b - t) for x0, t, r, b in others]
    scrap = word("k", right - 20, top, 15, bottom - top)  # only the end of the line was read, as a scrap
    regions = find_unread(gray, (*read, scrap), letter)
    assert len(regions) == 1
    assert regions[0].left <= left + 2  # the unread run, from the start of the line ...
    assert regions[0].right >= scrap.left + scrap.width  # ... took in the scrap, to be read again with it


def test_isolate_copies_only_the_regions_ink() -> None:
    gray, letter = _page()
    left, top, right, bottom = _line_boxes(gray)[1]
    page = isolate(gray, (Region(left, top, right, bottom),), letter)
    assert page.shape == gray.shape
    assert np.array_equal(page[top:bottom, left:right], gray[top:bottom, left:right])
    others = np.ones(gray.shape, bool)
    others[max(0, top - 10) : bottom + 10, max(0, left - 10) : right + 10] = False
    assert page[others].min() == 255  # nothing of the other lines came along


def test_splice_replaces_scraps_joins_rows_and_inserts_lines_in_order() -> None:
    first = Line.of([word("Độc", 10, 10, 40), word("lập", 60, 10, 40)])
    row = Line.of([word("k", 10, 50, 5, 8, 30.0), word("Freedom", 120, 50, 80)])  # "Independence" read as "k"
    half = Line.of([word("b)", 300, 100, 20), word("Tờ", 330, 100, 20)])  # the left half of the row was lost
    last = Line.of([word("cuối", 10, 200, 40)])
    found = (
        word("Independence", 10, 50, 100, 20, 93.0),
        word("a)", 10, 100, 20, 20, 95.0),
        word("440", 40, 100, 30, 20, 96.0),
        word("1.", 10, 150, 20, 20, 93.0),
        word("Thửa", 40, 150, 40, 20, 92.0),
    )
    regions = (Region(5, 45, 115, 72), Region(5, 95, 75, 122), Region(5, 145, 85, 172))
    lines, taken = splice_words((first, row, half, last), regions, found)
    assert taken == 3
    assert [line.text for line in lines] == ["Độc lập", "Independence Freedom", "a) 440 b) Tờ", "1. Thửa", "cuối"]
    # a block of their own, so a field value on the line above is not taken to run on into them
    assert {w.block for w in lines[3].words} == {RECOVERED_BLOCKS + 2}
    assert lines[3].words[0].block not in {w.block for w in lines[0].words}


def test_splice_keeps_what_was_read_with_more_confidence() -> None:
    row = Line.of([word("KIM", 10, 50, 40, 20, 96.0)])
    lines, taken = splice_words((row,), (Region(5, 45, 60, 72),), (word("KLM", 10, 50, 40, 20, 60.0),))
    assert taken == 0 and lines == (row,)
    unsure = splice_words((row,), (Region(200, 45, 260, 72),), (word("~~", 200, 50, 40, 20, 20.0),))
    assert unsure == ((row,), 0)  # a new line read this unsurely is noise, not a lost line


@pytest.mark.slow
def test_a_dropped_line_is_read_again_into_the_text_and_the_pdf_layer() -> None:
    gray, letter = _page()
    left, top, right, bottom = _line_boxes(gray)[1]
    blank = gray.copy()
    blank[top:bottom, left:right] = 255
    dropped = recognise(blank, dpi=300, psm=4)  # what a pass that lost the ID line reads
    assert not any("083187644329" in line.text for line in dropped.lines)
    recovered, count = recover_lines(dropped, gray, letter=letter, dpi=300, language="vie", page=1)
    assert count == 1
    assert [line.text for line in recovered.lines] == list(LINES)
    layer = PdfReader(io.BytesIO(recovered.text_layer_pdf or b"")).pages[0].extract_text()
    assert "083187644329" in layer and "GIANG" in layer
    full = recognise(gray, dpi=300, psm=4)
    untouched, none = recover_lines(full, gray, letter=letter, dpi=300, language="vie", page=1)
    assert none == 0 and untouched is full
