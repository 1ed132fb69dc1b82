"""Speckle: isolated specks go, Vietnamese marks (dots below, hooks, tildes) stay."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import ImageFont

from ocr.cleanup.geometry import ink_mask, to_gray
from ocr.cleanup.scale import measure_text
from ocr.cleanup.speckle import despeckle
from tests.test_cleanup_images import FONT, render_lines

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


STOPS = (
    "Kính gửi: Ủy ban nhân dân xã Tập Ngãi; Họ, tên: NGUYỄN VĂN A.",
    "I. II. 1.2 m² -/- (Ký, ghi rõ) đất: 432,1 khác: Số/No.: 0123-456/789",
    "Nghệ An, Quảng Ngãi; i j ï... 'a' \"b\" ! ?",
    "Họ và tên:.................... Ngày sinh:..........",
)


def test_punctuation_and_leaders_are_kept_at_every_size() -> None:
    for dpi, points in ((300, 8), (300, 10), (300, 12), (200, 10), (200, 12), (150, 10), (150, 12)):
        page = to_gray(render_lines(STOPS, dpi=dpi, points=points))
        height = measure_text(page).height
        out = despeckle(page, text_height=height)
        assert out.removed == 0, (dpi, points)
        assert out.kept_small > 40  # the stops, dots and leaders were looked at, and stayed


def _word_gap_specks(page: np.ndarray, line: str, dpi: int, points: float) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Put a 2x2 speck in the middle of every word gap of `line` (drawn by `render_lines`), a third of
    a letter above the baseline, and one just before the first word on the baseline: where fax noise
    made Tesseract read `ký.khai` and `.NGUYÊN`."""
    size = round(points * dpi / 72)
    font = ImageFont.truetype(FONT, size)
    margin = int(0.5 * dpi)
    baseline = margin + font.getmetrics()[0]
    spots = []
    for i, char in enumerate(line):
        if char == " ":
            middle = margin + font.getlength(line[:i]) + font.getlength(" ") / 2
            spots.append((int(middle) - 1, baseline - int(0.3 * size)))
    spots.append((margin - int(0.3 * size), baseline - 2))
    noisy = page.copy()
    for x, y in spots:
        noisy[y : y + 2, x : x + 2] = 0
    return noisy, spots


def test_specks_between_words_and_before_a_word_are_removed() -> None:
    line = "Nơi đăng ký khai sinh SẢN KHÁC"
    page = to_gray(render_lines((line,), dpi=200, points=10))
    noisy, spots = _word_gap_specks(page, line, 200, 10)
    assert len(spots) == len(line.split())  # one per gap, one before the line
    out = despeckle(noisy, text_height=measure_text(page).height)
    assert out.removed == len(spots)
    assert components(out.image) == components(page)
    assert np.array_equal(out.image, page)
