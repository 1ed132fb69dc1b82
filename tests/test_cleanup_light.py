"""Uneven light: a shadowed page comes out with even white paper and dark text."""

from __future__ import annotations

import numpy as np

from ocr.cleanup.geometry import to_gray
from ocr.cleanup.light import flatten_light
from tests.test_cleanup_images import render_lines


def test_shadow_gradient_is_divided_away() -> None:
    page = to_gray(render_lines(dpi=200))
    h, w = page.shape
    shade = np.linspace(0.45, 1.0, w, dtype=np.float32)[None, :] * np.linspace(0.8, 1.0, h, dtype=np.float32)[:, None]
    shadowed = (page * shade).astype(np.uint8)
    out = flatten_light(shadowed, text_height=20)
    paper = page > 250
    assert out.unevenness > 80
    assert np.percentile(out.image[paper], 5) > 225
    assert np.median(out.image[page < 60]) < 100


def test_even_page_is_unchanged() -> None:
    page = to_gray(render_lines(dpi=150))
    out = flatten_light(page)
    assert out.unevenness < 5
    assert np.abs(out.image.astype(int) - page).mean() < 1.5
