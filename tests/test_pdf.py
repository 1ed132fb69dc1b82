"""The searchable PDF: a colour page image at the page's dpi, in order, with words on their ink."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.page import read_page
from ocr.pdf import merge_pdfs, page_pdf
from ocr.tesseract import recognise
from tests.test_cleanup_images import FORM_LINES, render_lines, rotate_ccw

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _words(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words with their boxes in points, from `pdftotext -bbox`."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = html.split("<page ")[1:]
    return [[(*map(float, m.groups()[:4]), m.group(5)) for m in _WORD.finditer(page)] for page in pages]


def _images(path: Path) -> list[list[str]]:
    """`pdfimages -list` rows: page, num, type, width, height, colour, ..., x-ppi, y-ppi, size, ratio."""
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def _ink_box(ink: np.ndarray, box: tuple[float, float, float, float], scale: float) -> tuple[int, int, int, int]:
    """Bounding box, in image pixels, of the ink inside a word's box widened by 2 pt (less than a space)."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    pad = round(2 * scale)
    window = ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
    ys, xs = np.nonzero(window)
    assert len(xs), f"no ink near the word box {box}"
    return (
        xs.min() + max(0, x0 - pad),
        ys.min() + max(0, y0 - pad),
        xs.max() + max(0, x0 - pad),
        ys.max() + max(0, y0 - pad),
    )


@pytest.mark.slow
def test_words_lie_on_their_ink_and_pages_keep_their_order(tmp_path: Path) -> None:
    first = read_page(rotate_ccw(render_lines(FORM_LINES[:6], width_in=6), 2.0), dpi=300, number=1)
    second = read_page(render_lines(FORM_LINES[6:], dpi=150, width_in=6), dpi=150, number=2)
    path = tmp_path / "searchable.pdf"
    path.write_bytes(merge_pdfs(page_pdf(p.image, p.dpi, p.text_layer_pdf) for p in (first, second)))

    images = _images(path)
    assert [row[0] for row in images] == ["1", "2"]  # one page image per page, in order
    for row, page in zip(images, (first, second), strict=True):
        assert row[3:6] == [str(page.image.shape[1]), str(page.image.shape[0]), "rgb"]
        assert int(row[-4]) >= 200 and int(row[-3]) >= 200  # x-ppi, y-ppi
    words = _words(path)
    assert "068195001234" in {w[4] for w in words[0]} and "2025" in {w[4] for w in words[1]}

    for page, page_words in zip((first, second), words, strict=True):
        scale = page.dpi / 72  # points → stored image pixels
        ink = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY) < 128
        assert len(page_words) >= 15
        for x0, y0, x1, y1, text in page_words:
            if len(text) < 2:
                continue  # Tesseract boxes a lone dash loosely
            ix0, iy0, ix1, iy1 = _ink_box(ink, (x0, y0, x1, y1), scale)
            # across, the word's box and its ink agree within 2.5 pt; up and down, the box (a line's
            # height, taller than capitals without marks) holds the ink with at most 8 pt to spare
            assert abs(x0 - ix0 / scale) <= 2.5 and abs(x1 - ix1 / scale) <= 2.5, (text, x0, x1, ix0 / scale)
            assert y0 - 2.5 <= iy0 / scale and iy1 / scale <= y1 + 2.5, (text, y0, y1, iy0 / scale)
            assert (y1 - y0) - (iy1 - iy0) / scale <= 8.0, (text, y0, y1, iy0 / scale)


def test_page_without_text_layer_is_the_image_at_its_dpi(tmp_path: Path) -> None:
    image = np.full((400, 300, 3), 255, np.uint8)
    image[100:300, 50:250] = (0, 0, 200)
    path = tmp_path / "page.pdf"
    path.write_bytes(page_pdf(image, 200, None))
    (row,) = _images(path)
    assert row[3:6] == ["300", "400", "rgb"] and row[-4:-2] == ["200", "200"]


@pytest.mark.slow
def test_a_text_layer_of_another_size_is_fitted_to_the_page(tmp_path: Path) -> None:
    image = render_lines(FORM_LINES[:2], width_in=5)
    layer = recognise(image, dpi=300).text_layer_pdf
    assert layer
    same, double = tmp_path / "same.pdf", tmp_path / "double.pdf"
    same.write_bytes(page_pdf(image, 300, layer))
    double.write_bytes(page_pdf(image, 150, layer))  # the page is twice as large as the layer says
    [words_same], [words_double] = _words(same), _words(double)
    assert len(words_same) == len(words_double) >= 6
    for a, b in zip(words_same, words_double, strict=True):
        assert a[4] == b[4]
        assert all(abs(2 * u - v) <= 0.5 for u, v in zip(a[:4], b[:4], strict=True)), (a, b)


def test_the_first_page_jpeg_comes_back_out_of_the_searchable_pdf() -> None:
    from ocr.pdf import encode_page_image, first_page_jpeg

    image = np.full((400, 300, 3), 255, np.uint8)
    image[100:300, 50:250] = (0, 0, 200)
    encoded = encode_page_image(image)
    both = merge_pdfs([page_pdf(encoded, 300, None), page_pdf(np.zeros((50, 60), np.uint8), 300, None)])
    assert first_page_jpeg(both) == encoded.jpeg
    assert cv2.imdecode(np.frombuffer(first_page_jpeg(both), np.uint8), cv2.IMREAD_COLOR).shape == (400, 300, 3)
    assert first_page_jpeg(b"%PDF-1.4 not really") is None
