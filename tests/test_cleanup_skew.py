"""Deskew: the angle of the text lines and whether the page lies on its side."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.cleanup.geometry import rotate_quadrant, to_gray
from ocr.cleanup.skew import estimate_skew
from tests.test_cleanup_images import render_lines, rotate_ccw


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return to_gray(render_lines())


@pytest.mark.parametrize("angle", [3.7, -3.7, 0.6, -11.2, 14.5])
def test_skew_found_within_a_third_of_a_degree(page: np.ndarray, angle: float) -> None:
    found = estimate_skew(rotate_ccw(page, angle), dpi=300)
    assert not found.sideways
    assert abs(found.angle - angle) < 0.3


def test_level_page_reads_zero(page: np.ndarray) -> None:
    assert abs(estimate_skew(page, dpi=300).angle) < 0.1


@pytest.mark.parametrize("turn", [90, 270])
def test_page_on_its_side_is_sideways_and_skew_still_measured(page: np.ndarray, turn: int) -> None:
    found = estimate_skew(rotate_quadrant(rotate_ccw(page, 2.5), turn), dpi=300)
    assert found.sideways
    assert abs(found.angle - 2.5) < 0.3


def test_blank_page_has_no_skew() -> None:
    found = estimate_skew(np.full((800, 600), 255, np.uint8), dpi=300)
    assert found.angle == 0.0 and not found.sideways
