"""Intake: file type by content, limits and damaged files refused with actionable messages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from core.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    ImageTooLarge,
    TooManyPages,
    UnsupportedFileType,
)
from core.settings import Settings
from ingest.receiving import intake
from tests.conftest import blank_pdf

SETTINGS = Settings()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _jpeg(width: int = 400, height: int = 300) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="JPEG", dpi=(150, 150))
    return buffer.getvalue()


def test_type_comes_from_content_not_name(tmp_path: Path) -> None:
    lying = _write(tmp_path, "scan.pdf", _jpeg())
    source = intake.inspect(lying, "scan.pdf", SETTINGS)
    assert (source.kind, source.ext, source.pages) == ("jpeg", "jpg", 1)


def test_text_named_jpg_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "photo.jpg", b"<html>not a scan</html>")
    with pytest.raises(UnsupportedFileType, match="HTML or XML.*JPEG, PNG, TIFF or PDF"):
        intake.inspect(path, "photo.jpg", SETTINGS)


def test_truncated_jpeg_is_corrupt(tmp_path: Path) -> None:
    data = _jpeg(800, 600)
    path = _write(tmp_path, "cut.jpg", data[: len(data) // 2])
    with pytest.raises(CorruptFile, match="damaged or incomplete"):
        intake.inspect(path, "cut.jpg", SETTINGS)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile):
        intake.inspect(_write(tmp_path, "e.png", b""), "e.png", SETTINGS)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    small = Settings(max_file_bytes=1000)
    with pytest.raises(FileTooLarge, match="over the 0 MB limit|over the"):
        intake.inspect(_write(tmp_path, "big.jpg", _jpeg()), "big.jpg", small)


def test_sixty_thousand_pixel_wide_image(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("1", (60_000, 100), 1).save(path)
    with pytest.raises(ImageTooLarge, match="60000×100 pixels"):
        intake.inspect(path, "wide.png", SETTINGS)


def test_multi_page_tiff_counts_every_frame(tmp_path: Path) -> None:
    path = tmp_path / "stack.tif"
    frames = [Image.new("L", (300, 200), 255) for _ in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_deflate")
    assert intake.inspect(path, "stack.tif", SETTINGS).pages == 3
    assert [n for n, _img, _dpi in intake.iter_pages(intake.inspect(path, "s", SETTINGS), SETTINGS)] == [1, 2, 3]


def test_two_thousand_page_pdf_is_refused_before_rendering(tmp_path: Path) -> None:
    path = _write(tmp_path, "bomb.pdf", blank_pdf(2000))
    with pytest.raises(TooManyPages, match="2000 pages"):
        intake.inspect(path, "bomb.pdf", SETTINGS)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", blank_pdf(1, password="s3cret"))
    with pytest.raises(EncryptedPdf, match="password"):
        intake.inspect(path, "locked.pdf", SETTINGS)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj garbage\n")
    with pytest.raises(CorruptFile):
        intake.inspect(path, "broken.pdf", SETTINGS)


def test_pdf_pages_are_rendered_one_at_a_time(two_page_pdf: Path) -> None:
    source = intake.inspect(two_page_pdf, "dossier.pdf", SETTINGS)
    pages = intake.iter_pages(source, SETTINGS)
    number, image, dpi = next(pages)
    assert (number, dpi, image.ndim, image.shape[2]) == (1, SETTINGS.render_dpi, 3, 3)
    assert next(pages)[0] == 2
    assert next(pages, None) is None


@pytest.mark.parametrize("mode", ["L", "RGB", "1"])
def test_single_png_page_decodes_to_the_same_pixels_as_through_pil(tmp_path: Path, mode: str) -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (120, 90, 3), dtype=np.uint8)
    path = tmp_path / "page.png"
    Image.fromarray(pixels).convert(mode).save(path, dpi=(200, 200))
    source = intake.inspect(path, "page.png", Settings())
    [(number, image, dpi)] = list(intake.iter_pages(source, Settings()))
    opened = Image.open(path)
    if mode == "RGB":
        expected = np.asarray(opened.convert("RGB"))[:, :, ::-1]  # colour arrives as BGR
    else:
        expected = np.asarray(opened.convert("L"))  # gray and black-and-white stay one channel
    assert (number, dpi) == (1, 200)
    assert image.flags.c_contiguous
    assert image.shape == expected.shape and np.array_equal(image, expected)


def test_gray_tiff_pages_stay_one_channel(tmp_path: Path) -> None:
    import numpy as np

    frames = [Image.new("L", (100, 80), 200), Image.new("RGB", (100, 80), (200, 10, 10))]
    path = tmp_path / "stack.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    source = intake.inspect(path, "stack.tif", Settings())
    gray, colour = (image for _, image, _ in intake.iter_pages(source, Settings()))
    assert gray.shape == (80, 100) and int(gray[0, 0]) == 200
    assert colour.shape == (80, 100, 3) and tuple(int(v) for v in colour[0, 0]) == (10, 10, 200)
    assert np.all(colour[..., 2] == 200)


def test_header_only_inspection_trusts_what_was_checked_on_receipt(tmp_path: Path) -> None:
    path = _write(tmp_path, "scan.jpg", _jpeg())
    full = intake.inspect(path, "scan.jpg", Settings())
    assert intake.inspect(path, "scan.jpg", Settings(), decode=False) == full
