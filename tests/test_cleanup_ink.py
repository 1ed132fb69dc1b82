"""Stamps: red and blue ink leave the OCR gray; black text under a semi-transparent seal survives."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.cleanup.ink import suppress_coloured_ink
from ocr.tesseract import recognise
from tests.test_cleanup_images import render_lines


def stamp(page: np.ndarray, colour: tuple[int, int, int], alpha: float = 0.55) -> np.ndarray:
    """A thick seal ring and star drawn over the page, blended like ink over print (multiply)."""
    h, w = page.shape[:2]
    seal = np.full_like(page, 255)
    centre = (w // 3, h // 2)
    cv2.circle(seal, centre, int(h * 0.42), colour, thickness=14)
    cv2.circle(seal, centre, int(h * 0.30), colour, thickness=6)
    cv2.circle(seal, centre, int(h * 0.12), colour, thickness=-1)
    ink = 1 - alpha * (1 - seal.astype(np.float32) / 255)
    return (page.astype(np.float32) * ink).astype(np.uint8)


def test_red_seal_vanishes_and_black_text_stays() -> None:
    page = render_lines(("NGUYỄN VĂN AN",), width_in=4, points=14)
    sealed = stamp(page, (40, 40, 220))
    out = suppress_coloured_ink(sealed)
    ink = page.min(axis=2) < 100
    assert out.coloured_fraction > 0.01
    assert np.median(out.gray[~ink & (sealed.min(axis=2) < 200)]) > 200  # seal-only pixels are paper
    assert np.median(out.gray[ink]) < 80  # text pixels, seal or not, stay dark


def test_word_under_red_seal_reads_after_suppression() -> None:
    page = render_lines(("Giấy chứng nhận quyền sử dụng đất",), width_in=6.5, points=12)
    sealed = stamp(page, (30, 30, 200), alpha=0.8)
    text = recognise(suppress_coloured_ink(sealed).gray, dpi=300, psm=7, text_layer=False).text
    assert "Giấy chứng nhận quyền sử dụng đất" in text


def test_blue_signature_is_lifted_too() -> None:
    page = render_lines(("Số: 068195001234",), width_in=4)
    signed = page.copy()
    cv2.line(signed, (40, 60), (900, 120), (200, 60, 20), 8)
    out = suppress_coloured_ink(signed)
    stroke = (signed[:, :, 0] > 150) & (signed[:, :, 2] < 80)
    assert np.median(out.gray[stroke]) > 190


def test_gray_input_passes_through() -> None:
    gray = np.full((50, 50), 128, np.uint8)
    assert suppress_coloured_ink(gray).gray is gray


def jpeg(image: np.ndarray, quality: int = 85) -> np.ndarray:
    """The page after a JPEG round trip (4:2:0: colour smeared over two pixels past every sharp edge)."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def test_jpeg_seal_leaves_no_outline_and_text_under_it_keeps_its_strokes() -> None:
    page = render_lines(("Số / No.: 068195001234",), width_in=4, points=12)
    sealed = jpeg(stamp(page, (44, 32, 206), alpha=0.8))
    out = suppress_coloured_ink(sealed).gray
    ink = page.min(axis=2) < 128
    seal_only = ~cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & (
        stamp(np.full_like(page, 255), (44, 32, 206), alpha=0.8).min(axis=2) < 200
    )
    near_seal = cv2.dilate(seal_only.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~ink
    assert np.percentile(out[seal_only], 1) > 225  # not even the darkest seal pixels are left (was 203)
    assert np.count_nonzero(out[near_seal] < 200) < 0.005 * near_seal.sum()  # no ring of smeared edges (was 0.9%)
    assert np.median(out[ink]) < 90  # the letters under the seal keep their darkness
    text = recognise(out, dpi=300, psm=7, text_layer=False).text
    assert "068195001234" in text and "Số" in text


def test_signature_crossing_the_seal_is_lifted_too() -> None:
    page = render_lines(("NGUYỄN VĂN AN",), width_in=4, points=14)
    sealed = stamp(page, (44, 32, 206), alpha=0.8)
    blue = np.full_like(page, 255)
    cv2.line(blue, (40, 40), (1100, 200), (150, 48, 28), 5)  # a 0.45 mm pen at 300 dpi
    signed = jpeg((sealed.astype(np.float32) * (1 - 0.92 * (1 - blue / 255.0))).astype(np.uint8))
    out = suppress_coloured_ink(signed).gray
    crossing = (blue.min(axis=2) < 100) & (sealed.min(axis=2) < 150) & (page.min(axis=2) > 200)
    assert crossing.sum() > 50
    assert np.median(out[crossing]) > 200  # red under blue is near black, yet it is ink, not print


@pytest.mark.parametrize("points", [14, 20])
def test_two_red_lines_of_print_close_together_stay(points: int) -> None:
    """An old CMND's red title sits just above its red number: merged in the band around coloured marks
    they make a seal-sized blot, and a big red title's letters touch at the size marks are judged at;
    but each is print, and the number must still read."""
    page = render_lines(("GIẤY CHỨNG MINH NHÂN DÂN", "SỐ 023456789"), points=points, spacing=1.1, width_in=8)
    red = page.copy()
    red[page.min(axis=2) < 128] = (30, 30, 200)  # the same print, in red
    out = suppress_coloured_ink(red)
    assert np.median(out.gray[page.min(axis=2) < 128]) < 120  # the letters stay dark
    assert "023456789" in recognise(out.gray, dpi=300, psm=6).text.replace(" ", "")
    sealed = stamp(red, (40, 40, 220))  # and a seal next to them still goes
    seal_only = (sealed.min(axis=2) < 200) & (page.min(axis=2) >= 128)
    assert np.median(suppress_coloured_ink(sealed).gray[seal_only]) > 200
