"""Pictures (portrait, QR code) are found and blanked for OCR; text, however bold, is left alone."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.cleanup.geometry import to_gray
from ocr.cleanup.graphics import find_graphics, paint_white
from ocr.cleanup.scale import early_shrink, is_bilevel
from tests.test_cleanup_images import FORM_LINES, render_lines


def _card_like() -> np.ndarray:
    """A form page with a framed portrait (dark hair and shirt) and a QR-like block beside the text."""
    page = render_lines(FORM_LINES[:6], width_in=7)
    page = np.vstack([page, np.full((700, page.shape[1], 3), 255, np.uint8)])
    top = page.shape[0] - 650
    cv2.rectangle(page, (150, top), (550, top + 520), (120, 120, 120), 3)  # photo frame
    cv2.ellipse(page, (350, top + 150), (110, 70), 0, 180, 360, (30, 30, 30), -1)  # hair
    cv2.ellipse(page, (350, top + 250), (80, 100), 0, 0, 360, (170, 190, 220), -1)  # face
    cv2.ellipse(page, (350, top + 520), (190, 150), 0, 180, 360, (60, 40, 30), -1)  # shirt
    rng = np.random.default_rng(3)
    modules = rng.random((25, 25)) < 0.5
    qr = np.where(np.kron(modules, np.ones((8, 8), bool)), 0, 255).astype(np.uint8)
    page[top + 100 : top + 300, 1500:1700] = qr[:, :, None]
    return page


def test_portrait_and_qr_are_found_and_text_is_not() -> None:
    page = _card_like()
    boxes = find_graphics(to_gray(page), text_height=30.0, dpi=300)
    top = page.shape[0] - 650
    assert len(boxes) == 2
    (px, py, pw, ph), (qx, qy, qw, qh) = sorted(boxes)
    assert px <= 200 and px + pw >= 500 and py <= top + 100 and py + ph >= top + 500  # hair to shirt
    assert qx <= 1500 and qx + qw >= 1700 and qy <= top + 100 and qy + qh >= top + 300
    assert all(y > top - 50 for _, y, _, _ in boxes)  # no text line was taken for a picture


def test_plain_form_has_no_pictures_and_painting_nothing_copies_nothing() -> None:
    gray = to_gray(render_lines(FORM_LINES, width_in=7))
    assert find_graphics(gray, text_height=30.0, dpi=300) == ()
    assert paint_white(gray, ()) is gray
    gray[60:70, 60:70] = 0
    painted = paint_white(gray, ((50, 50, 30, 30),))
    assert painted[60:70, 60:70].min() == 255 and gray[60:70, 60:70].max() == 0  # the input is not touched


def test_fax_page_is_bilevel_and_read_smaller() -> None:
    gray = to_gray(render_lines(FORM_LINES[:6], dpi=200, points=11))
    _, fax = cv2.threshold(gray, 128, 255, cv2.THRESH_BINARY)
    assert is_bilevel(fax) and not is_bilevel(gray)
    assert early_shrink(fax, 200, bilevel=True) < early_shrink(gray, 200) <= 1.0


def test_shadow_over_text_is_not_taken_for_a_picture() -> None:
    """A phone photo's light falls off towards a corner: pictures are measured against the paper
    around them, so the portrait in the shade is still found and the shaded text is not taken (seed
    123: four lines of a card photo were painted white as one 'picture'; with one page-wide paper
    level, this page's portrait was missed)."""
    page = to_gray(_card_like()).astype(np.float32)
    h, w = page.shape
    yy, xx = np.mgrid[0:h, 0:w]
    shade = 1.0 - 0.4 * np.clip((xx / w + yy / h) - 0.3, 0, None)  # up to two-thirds darker in one corner
    shaded = np.clip(page * shade, 0, 255).astype(np.uint8)
    top = h - 650
    boxes = find_graphics(shaded, text_height=30.0, dpi=300)
    assert all(y > top - 50 for _, y, _, _ in boxes)  # no text line was taken for a picture
    assert any(x <= 200 and x + bw >= 500 for x, _, bw, _ in boxes)  # the portrait still was
    assert sum(bw * bh for _, _, bw, bh in boxes) < 0.2 * h * w
