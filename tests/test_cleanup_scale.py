"""Low resolution: small text is measured and enlarged; comfortable text is left as it is."""

from __future__ import annotations

import numpy as np

from ocr.cleanup import stored_scale
from ocr.cleanup.geometry import to_gray
from ocr.cleanup.scale import measure_text
from tests.test_cleanup_images import render_lines


def test_150_dpi_text_is_enlarged_at_least_one_and_a_half_times() -> None:
    size = measure_text(to_gray(render_lines(dpi=150, points=10)))
    assert size.factor >= 1.5
    assert 8 < size.height < 17


def test_300_dpi_body_text_is_never_enlarged_and_shrunk_at_most_by_half() -> None:
    size = measure_text(to_gray(render_lines(dpi=300, points=11)))
    assert 0.5 <= size.factor <= 1.0
    assert 14 <= size.height * size.factor <= 21


def test_blank_page_is_not_scaled() -> None:
    assert measure_text(np.full((300, 300), 255, np.uint8)).factor == 1.0


def test_stored_copy_reaches_200_dpi() -> None:
    assert stored_scale(300) == 1.0
    assert 150 * stored_scale(150) >= 200
    assert 96 * stored_scale(96) >= 200
