"""read_page end to end on small real pages: upright text, recorded steps, stored geometry and dpi."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.cleanup.geometry import rotate_quadrant
from ocr.page import read_page, split_header_columns
from ocr.tesseract import Line, Word
from tests.test_cleanup_images import render_lines, rotate_ccw

LINES = ("Họ và tên: NGUYỄN VĂN AN", "Nơi cư trú: xã Đức Trọng, tỉnh Lâm Đồng", "Số định danh: 068195001234")


@pytest.mark.slow
def test_turned_and_skewed_page_reads_upright() -> None:
    page = rotate_quadrant(rotate_ccw(render_lines(LINES, width_in=5), 3.0), 90)
    result = read_page(page, dpi=300, number=2)
    assert result.number == 2
    assert result.rotation == 270
    assert abs(result.skew - 3.0) < 0.3
    for line in LINES:
        assert line in result.text
    assert any(step.startswith("rotate 270") for step in result.steps)
    assert result.text_layer_pdf and result.text_layer_pdf.startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.parametrize(("points", "enlarged"), [(10, False), (8, True)])
def test_low_dpi_page_is_stored_at_200_dpi_and_read_from_its_own_pixels(points: int, enlarged: bool) -> None:
    page = render_lines(LINES, dpi=150, points=points, width_in=5)
    result = read_page(page, dpi=150, number=1)
    assert result.dpi >= 200
    h, w = page.shape[:2]
    assert result.image.shape[:2] == (round(h * result.dpi / 150), round(w * result.dpi / 150))
    read_at = result.dpi * result.ocr_scale / 150  # the OCR image's scale against the scan itself
    if enlarged:  # 8 pt at 150 dpi is below the height Tesseract reads best
        assert read_at >= 1.15
    else:  # 10 pt is tall enough: read as scanned, not resampled up for storage and down again
        assert read_at == pytest.approx(1.0, abs=0.01)
    for line in LINES[1:]:  # the tilde on a 10 pt capital Ễ is Tesseract's own weak spot at this size
        assert line in result.text


@pytest.mark.slow
def test_ocr_image_has_the_stored_page_geometry() -> None:
    from ocr.cleanup import prepare_page

    prepared = prepare_page(render_lines(LINES, dpi=150, width_in=5), 150)
    h, w = prepared.colour.shape[:2]
    oh, ow = prepared.ocr_image.shape[:2]
    assert abs(oh - h * prepared.ocr_scale) <= 1 and abs(ow - w * prepared.ocr_scale) <= 1


def test_gray_input_is_accepted() -> None:
    from ocr.cleanup import prepare_page

    gray = cv2.cvtColor(render_lines(LINES, width_in=5), cv2.COLOR_BGR2GRAY)
    prepared = prepare_page(gray, 300)
    assert prepared.colour.ndim == 2 and prepared.rotation == 0
    assert np.array_equal(prepared.colour.shape, gray.shape)


def _words(spec: list[tuple[str, int, int]], height: int = 24) -> tuple[Word, ...]:
    return tuple(Word(text, 96.0, left, 100, width, height, 1, 1, 1) for text, left, width in spec)


def test_header_columns_split_even_when_a_long_agency_name_narrows_the_gap() -> None:
    # measured on a business registration: "SỞ TÀI CHÍNH THÁI NGUYÊN" leaves 52 px (2.2 heights) to the motto
    first = _words([("SỞ", 189, 32), ("TÀI", 229, 37), ("CHÍNH", 276, 82), ("THÁI", 367, 58), ("NGUYÊN", 435, 105),
                    ("CỘNG", 592, 74), ("HÒA", 677, 57), ("XÃ", 741, 34), ("HỘI", 783, 50)])  # fmt: skip
    second = _words([("PHÒNG", 161, 95), ("ĐĂNG", 265, 74), ("KÝ", 349, 35), ("Độc", 689, 46), ("lập", 744, 37)])
    lines = tuple(Line(" ".join(w.text for w in ws), 96.0, ws) for ws in (first, second))
    assert [line.text for line in split_header_columns(lines)] == [
        "SỞ TÀI CHÍNH THÁI NGUYÊN", "PHÒNG ĐĂNG KÝ", "CỘNG HÒA XÃ HỘI", "Độc lập",
    ]  # fmt: skip


def test_evenly_spaced_lines_are_not_split() -> None:
    words = _words([("Họ", 100, 40), ("và", 150, 40), ("tên:", 200, 60), ("NGUYỄN", 300, 120), ("AN", 430, 40)])
    lines = (Line("Họ và tên: NGUYỄN AN", 96.0, words),) * 2
    assert split_header_columns(lines) == lines


@pytest.mark.slow
def test_work_handed_to_meanwhile_runs_on_the_finished_colour_page() -> None:
    page = render_lines(LINES, width_in=5)
    seen: list[tuple[tuple[int, ...], int]] = []
    result = read_page(page, dpi=300, number=1, meanwhile=lambda colour, dpi: seen.append((colour.shape, dpi)))
    assert seen == [(result.image.shape, result.dpi)]
    assert LINES[2] in result.text


@pytest.mark.slow
def test_an_error_in_meanwhile_reaches_the_caller() -> None:
    def fail(colour: np.ndarray, dpi: int) -> None:
        raise OSError("storage went away")

    with pytest.raises(OSError, match="storage went away"):
        read_page(render_lines(LINES[:1], width_in=4), dpi=300, number=1, meanwhile=fail)
