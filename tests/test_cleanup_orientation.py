"""Up or down: ink balance on Vietnamese lines, and the OCR strip when the balance is unclear."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.cleanup import make_upright
from ocr.cleanup.geometry import ink_mask, rotate_quadrant, to_gray
from ocr.cleanup.orientation import decide_up_down, ink_balance
from ocr.cleanup.skew import analysis_view
from samples.generate import make_sample
from tests.test_cleanup_images import render_lines


@pytest.mark.parametrize("dpi", [300, 150])
def test_ink_balance_is_positive_upright_and_negative_upside_down(dpi: int) -> None:
    page = to_gray(render_lines(dpi=dpi))
    upright = ink_balance(ink_mask(analysis_view(page, dpi)[0]))
    flipped = ink_balance(ink_mask(analysis_view(rotate_quadrant(page, 180), dpi)[0]))
    assert upright.lines >= 8
    assert upright.balance > 0.4 and flipped.balance < -0.4
    assert min(upright.agreement, flipped.agreement) >= 0.75  # most lines lean the same way


def test_upside_down_page_is_flipped_without_ocr() -> None:
    page = rotate_quadrant(to_gray(render_lines()), 180)
    small, factor = analysis_view(page, 300)
    verdict = decide_up_down(page, small, factor, 300)
    assert verdict.flip and verdict.method == "ink balance"


def test_unclear_balance_falls_back_to_an_ocr_strip() -> None:
    # digits only: no marks, no ascenders above the core to tip the balance
    page = rotate_quadrant(to_gray(render_lines(("0123 4567 8901 2345",), width_in=5)), 180)
    small, factor = analysis_view(page, 300)
    verdict = decide_up_down(page, small, factor, 300)
    assert verdict.method.startswith("ocr strip")
    assert verdict.flip


def test_blank_page_is_left_alone() -> None:
    page = np.full((400, 300), 255, np.uint8)
    small, factor = analysis_view(page, 300)
    assert not decide_up_down(page, small, factor, 300).flip


@pytest.mark.parametrize("turn", [0, 180])
def test_close_set_card_header_does_not_outvote_the_lines_below(turn: int) -> None:
    # Seed 31's faxed chip card: at analysis size its three header lines touch and form one tall
    # band whose "core" is the first line alone, so the two lines under it counted as descender
    # ink and outweighed the other 12 lines; the page was turned upside down.
    sample = make_sample("citizen_id_card", "fax", 31, 87, "000.00.36.H36-251125-0001")
    page = cv2.imdecode(np.frombuffer(sample.data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert make_upright(rotate_quadrant(page, turn), sample.truth["dpi"]).rotation == turn
