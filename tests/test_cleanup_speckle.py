"""Speckle: isolated specks go, Vietnamese marks (dots below, hooks, tildes) stay."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup.geometry import ink_mask, to_gray
from ocr.cleanup.speckle import despeckle
from tests.test_cleanup_images import render_lines

MARKS = ("Hệ thống Cộng Độc Lập Thị Bình ở ợ ự ỵ ậ ệ ộ", "Nghệ An, Quảng Ngãi, Hưng Yên, Đắk Lắk")


def components(gray: np.ndarray) -> int:
    return cv2.connectedComponents(ink_mask(gray).astype(np.uint8))[0] - 1


def sprinkle(gray: np.ndarray, count: int, seed: int = 0) -> np.ndarray:
    """Fax-like specks of 1–3 px scattered in the blank margin under the text."""
    noisy = gray.copy()
    rng = np.random.default_rng(seed)
    h, w = gray.shape
    for _ in range(count):
        y, x = int(rng.integers(h - 60, h - 5)), int(rng.integers(5, w - 5))
        size = int(rng.integers(1, 4))
        noisy[y : y + size, x : x + size] = 0
    return noisy


def test_marks_are_kept_on_a_clean_page() -> None:
    for dpi in (300, 150):
        page = to_gray(render_lines(MARKS, dpi=dpi, points=10))
        out = despeckle(page, text_height=24 * dpi / 300)
        assert components(out.image) == components(page)
        assert out.removed == 0


def test_isolated_specks_are_removed_and_marks_kept() -> None:
    page = to_gray(render_lines(MARKS, dpi=200, points=10))
    page = cv2.copyMakeBorder(page, 0, 80, 0, 0, cv2.BORDER_CONSTANT, value=255)
    noisy = sprinkle(page, 60)
    out = despeckle(noisy, text_height=16)
    assert out.removed >= 40
    assert components(out.image) == components(page)
