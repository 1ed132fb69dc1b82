"""Fax dropouts: a lost scan line through a line of print is filled, and the line is read again."""

from __future__ import annotations

import numpy as np

from ocr.cleanup.fax import repair_dropouts
from ocr.cleanup.geometry import to_gray
from ocr.page import read_page
from tests.test_cleanup_images import FORM_LINES, render_lines

LINES = FORM_LINES[3:9]


def _fax(lines: tuple[str, ...]) -> np.ndarray:
    """A 200 dpi black-and-white page of `lines`, as a fax machine prints it."""
    gray = to_gray(render_lines(lines, dpi=200, points=11))
    return np.where(gray < 150, 0, 255).astype(np.uint8)


def _middles(count: int) -> list[int]:
    """A row through the lower-case letters of each printed line (the layout of `render_lines` at 200 dpi)."""
    size = round(11 * 200 / 72)
    return [100 + int(i * size * 1.8) + 20 for i in range(count)]


def test_lost_scan_lines_through_print_are_filled_and_nothing_else_changes() -> None:
    page = _fax(LINES)
    rows = _middles(len(LINES))[1::2]
    cut = page.copy()
    cut[rows, :] = 255
    repaired = repair_dropouts(cut)
    assert repaired.rows == tuple(rows)
    unchanged = np.ones(page.shape[0], bool)
    unchanged[rows] = False
    assert np.array_equal(repaired.image[unchanged], page[unchanged])
    # a filled row is dark where the strokes above and below it are
    for r in rows:
        strokes = (page[r - 1] == 0) & (page[r + 1] == 0)
        assert (repaired.image[r][strokes] == 0).all()


def test_a_clean_fax_and_a_gray_page_are_left_alone() -> None:
    page = _fax(LINES)
    assert repair_dropouts(page).rows == ()
    assert repair_dropouts(page).image is page
    assert repair_dropouts(to_gray(render_lines(LINES))).rows == ()


def test_a_page_cut_by_dropouts_reads_like_the_uncut_page() -> None:
    page = _fax(LINES)
    cut = page.copy()
    cut[_middles(len(LINES)), :] = 255  # every printed line loses one scan line
    read = read_page(cut, dpi=200, number=1)
    assert any(step.startswith("fax dropouts filled: 6") for step in read.steps)
    text = read.text
    for line in ("Số định danh cá nhân: 068195001234", "Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu"):
        assert line in text
    assert len(text.splitlines()) == len(LINES)
