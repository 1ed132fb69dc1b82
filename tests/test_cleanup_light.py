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


def _tinted(dpi: int = 200, tint: float = 225.0) -> np.ndarray:
    """Lines of text on a card's tinted paper: white becomes `tint`, ink keeps its darkness."""
    page = to_gray(render_lines(dpi=dpi)).astype(np.float32)
    return page * (tint / 255.0)


def _glare(page: np.ndarray, strength: float = 0.75) -> tuple[np.ndarray, np.ndarray]:
    """Added light as on a laminated card (`samples.cards`): seen = true + (255 - true) * wash, a spot."""
    h, w = page.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    spot = np.exp(-(((xx - 0.4 * w) / (0.16 * w)) ** 2 + ((yy - 0.5 * h) / (0.22 * h)) ** 2))
    return (page + (255 - page) * strength * spot).clip(0, 255).astype(np.uint8), spot


def test_glare_on_tinted_paper_is_lifted_and_its_text_dark_again(monkeypatch) -> None:
    import ocr.cleanup.light as light

    true = _tinted()
    seen, spot = _glare(true)
    ink_under = (true < 60) & (spot > 0.8)
    assert ink_under.sum() > 200  # there is text under the spot's centre
    out = flatten_light(seen, text_height=20)
    assert out.glare >= 2.5
    assert np.median(out.image[ink_under]) < 110
    assert np.percentile(out.image[(true > 200) & (spot > 0.8)], 5) > 200  # its paper stays paper
    monkeypatch.setattr(light, "GLARE_TINT_MOST", 0)  # without the lift the same text is faint
    assert np.median(flatten_light(seen, text_height=20).image[ink_under]) > 170


def test_brighter_light_on_tinted_paper_is_not_glare() -> None:
    """Light falling brighter on one side deepens the ink there: divided away, nothing lifted."""
    true = _tinted(tint=235.0)
    h, w = true.shape
    shade = np.linspace(0.78, 1.08, w, dtype=np.float32)[None, :]
    out = flatten_light((true * shade).clip(0, 255).astype(np.uint8), text_height=20)
    assert out.glare == 0.0


def test_glare_on_white_paper_and_a_band_printed_on_white_are_left_alone() -> None:
    """White paper gives a wash nothing to be measured against; on a tinted card a white band of dark text
    (the MRZ's) is brighter paper with ink as deep as elsewhere."""
    white, _ = _glare(to_gray(render_lines(dpi=200)).astype(np.float32))
    assert flatten_light(white, text_height=20).glare == 0.0
    card = _tinted()
    plain = to_gray(render_lines(dpi=200)).astype(np.float32)
    band = slice(card.shape[0] * 2 // 3, card.shape[0])
    card[band] = plain[band]  # the bottom third printed on white
    assert flatten_light(card.astype(np.uint8), text_height=20).glare == 0.0
