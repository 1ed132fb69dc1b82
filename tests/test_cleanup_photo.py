"""Phone photos: the sheet is found on a dark background and its perspective flattened."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup.photo import find_page, order_corners, warp_page
from tests.test_cleanup_images import render_lines

CORNERS = np.array([[300, 250], [2000, 380], [2150, 2750], [180, 2600]], np.float64)


def photograph(page: np.ndarray, corners: np.ndarray = CORNERS, size: tuple[int, int] = (2400, 3000)) -> np.ndarray:
    """The page warped onto a noisy dark table, lit more strongly from the right."""
    w, h = size
    ph, pw = page.shape[:2]
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    matrix = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    sheet = cv2.warpPerspective(page, matrix, (w, h))
    inside = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (w, h)) > 0
    rng = np.random.default_rng(0)
    table = np.clip(rng.normal((60, 80, 90), 8, (h, w, 3)), 0, 255).astype(np.uint8)
    photo = np.where(inside[..., None], sheet, table).astype(np.float32)
    light = 0.6 + 0.4 * np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    return np.clip(photo * light, 0, 255).astype(np.uint8)


def test_sheet_corners_found_within_a_few_pixels() -> None:
    page = render_lines(dpi=200, width_in=8.27)
    page = cv2.copyMakeBorder(page, 0, 1900 - page.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    outline = find_page(photograph(page))
    assert outline.found and outline.corners is not None
    assert np.abs(outline.corners - CORNERS).max() < 6


def test_warp_gives_an_upright_rectangle_of_the_sheet() -> None:
    page = render_lines(dpi=200, width_in=8.27)
    page = cv2.copyMakeBorder(page, 0, 1900 - page.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    photo = photograph(page)
    flat = warp_page(photo, find_page(photo).corners)
    h, w = flat.shape[:2]
    assert 0.75 < w / h < 0.95  # the sheet's 1654 x 1900 aspect, give or take the perspective stretch
    assert flat[:, :, 0].mean() > 150  # paper, not table


def test_scan_filling_the_image_is_left_alone() -> None:
    assert not find_page(render_lines(dpi=150)).found


def test_corners_are_ordered_clockwise_from_top_left() -> None:
    shuffled = CORNERS[[2, 0, 3, 1]]
    assert np.array_equal(order_corners(shuffled), CORNERS)


def test_flattened_sheet_keeps_no_table_at_its_edges() -> None:
    # Corners found a pixel or two off leave a line of table along an edge, which Tesseract reads
    # as "|" before every line of text beside it; the rim cut by warp_page must take it away.
    page = render_lines(dpi=200, width_in=8.27)
    page = cv2.copyMakeBorder(page, 0, 1900 - page.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    photo = photograph(page)
    corners = find_page(photo).corners
    outward = corners + np.array([[-2, -2], [2, -2], [2, 2], [-2, 2]])  # two pixels too generous
    gray = cv2.cvtColor(warp_page(photo, outward), cv2.COLOR_BGR2GRAY)
    light = 0.6 + 0.4 * np.linspace(0, 1, gray.shape[1])  # the photo's light falls off to the left
    edges = {"left": gray[:, 0], "right": gray[:, -1], "top": gray[0] / light, "bottom": gray[-1] / light}
    for side, pixels in edges.items():
        assert np.percentile(pixels, 5) > 140, side
