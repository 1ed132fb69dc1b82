"""What arrived: file type by content, hash, size and page limits, and the pages themselves.

Everything a clerk can get wrong is refused here, before anything is stored, with a message
that says what to do. Pages are yielded one at a time so a 500-page PDF never sits in memory.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from core.errors import (
    CorruptFile,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    TooManyPages,
    UnsupportedFileType,
)
from core.settings import Settings

from . import poppler

ACCEPTED = "JPEG, PNG, TIFF or PDF"
# modes OpenCV decodes to the same pixels PIL gives (palette, CMYK and 16-bit files go through PIL)
_DIRECT_MODES = frozenset({"L", "RGB", "1"})
_GRAY_MODES = frozenset({"L", "1"})

# magic bytes → (kind, extension, media type)
_SIGNATURES: tuple[tuple[bytes, str, str, str], ...] = (
    (b"\xff\xd8\xff", "jpeg", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "png", "image/png"),
    (b"II*\x00", "tiff", "tif", "image/tiff"),
    (b"MM\x00*", "tiff", "tif", "image/tiff"),
    (b"%PDF-", "pdf", "pdf", "application/pdf"),
)
_LOOKS_LIKE: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP or Word/Excel document"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a WebP image or other RIFF file"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
    (b"<", "an HTML or XML file"),
)


@dataclass(frozen=True)
class SourceFile:
    """A received file that passed every check."""

    path: Path
    name: str
    kind: str
    ext: str
    media_type: str
    size_bytes: int
    sha256: str
    pages: int


def sniff(head: bytes, name: str) -> tuple[str, str, str]:
    """(kind, ext, media type) from the first bytes; `UnsupportedFileType` for anything else."""
    stripped = head.lstrip(b"\x00\t\r\n ") if head[:1] in b"\x00\t\r\n " else head
    for magic, kind, ext, media in _SIGNATURES:
        if head.startswith(magic) or (kind == "pdf" and magic in head[:1024]):
            return kind, ext, media
    looks = next((what for magic, what in _LOOKS_LIKE if stripped.startswith(magic)), "not an image or PDF")
    raise UnsupportedFileType(f"{name}: this file is {looks}; scan the paper as {ACCEPTED}")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def inspect(path: Path, name: str, settings: Settings, *, sha256: str | None = None, decode: bool = True) -> SourceFile:
    """Check a received file completely; return what it is or raise the error a clerk can act on.

    `sha256` is the file's hash when the caller already computed it (the API hashes uploads as they arrive).
    `decode=False` reads only the headers: for an original that passed the full check when it was received
    (the pipeline decodes every page anyway, and a damaged page fails there).
    """
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(f"{name}: the file is empty; scan the paper again")
    if size > settings.max_file_bytes:
        raise FileTooLarge(
            f"{name}: the file is {size / 1e6:.0f} MB, over the {settings.max_file_bytes / 1e6:.0f} MB limit; "
            "split it or scan at 300 dpi"
        )
    with open(path, "rb") as fh:
        head = fh.read(2048)
    kind, ext, media = sniff(head, name)
    pages = _check_pdf(path, name, settings) if kind == "pdf" else _check_image(path, name, settings, decode)
    return SourceFile(path, name, kind, ext, media, size, sha256 or sha256_of(path), pages)


def _check_pdf(path: Path, name: str, settings: Settings) -> int:
    info = poppler.pdf_info(path, name)
    if info.pages < 1:
        raise CorruptFile(f"{name}: the PDF has no pages")
    if info.pages > settings.max_pages:
        raise TooManyPages(
            f"{name}: the PDF has {info.pages} pages, over the limit of {settings.max_pages}; "
            "split the dossier into smaller files"
        )
    width = info.page_width_pt / 72 * settings.render_dpi
    height = info.page_height_pt / 72 * settings.render_dpi
    if max(width, height) > settings.max_image_side or width * height > settings.max_image_pixels:
        raise ImageTooLarge(
            f"{name}: the PDF page is {info.page_width_pt / 72 * 25.4:.0f}×{info.page_height_pt / 72 * 25.4:.0f} mm, "
            "far larger than any paper form; export it at A4 or A3 size"
        )
    return info.pages


def _limit_image(width: int, height: int, name: str, settings: Settings) -> None:
    if max(width, height) > settings.max_image_side or width * height > settings.max_image_pixels:
        raise ImageTooLarge(
            f"{name}: the image is {width}×{height} pixels, over the limit of "
            f"{settings.max_image_side} pixels a side and {settings.max_image_pixels / 1e6:.0f} megapixels; "
            "scan at 300 dpi"
        )
    if min(width, height) < settings.min_image_side:
        raise ImageTooLarge(f"{name}: the image is only {width}×{height} pixels, too small to read; scan at 300 dpi")


def _check_image(path: Path, name: str, settings: Settings, decode: bool = True) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                frames = 0
                for frame in ImageSequence.Iterator(image):
                    frames += 1
                    if frames > settings.max_pages:
                        raise TooManyPages(f"{name}: the TIFF has more than {settings.max_pages} pages; split it")
                    _limit_image(frame.width, frame.height, name, settings)
                    if not decode:
                        continue
                    if image.format == "JPEG":  # 1/8-scale decode still reads every byte, 4x cheaper
                        image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
                    frame.load()  # decode fully: a truncated or corrupt file fails here, not later
                return frames
    except (TooManyPages, ImageTooLarge):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLarge(f"{name}: the image has far too many pixels to be a scan; scan at 300 dpi") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile(
            f"{name}: the image is damaged or incomplete ({str(exc)[:120]}); scan the paper again"
        ) from None


def image_dpi(image: Image.Image, default: int = 300) -> int:
    """The dpi the file declares, or `default` when absent or implausible (phones say 72)."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 100 <= value <= 1200 else default


def iter_pages(source: SourceFile, settings: Settings) -> Iterator[tuple[int, np.ndarray, int]]:
    """Yield (page number, image, dpi) one page at a time: BGR, or 2-D gray for a gray or black-and-white
    scan (three equal channels would only triple the work of cleaning, encoding and storing it).

    dpi is 0 when the file gives none or an implausible one (a phone's 72): the cleanup measures it
    from the print."""
    if source.kind == "pdf":
        for number in range(1, source.pages + 1):
            rgb = poppler.render_page(source.path, number, settings.render_dpi)
            yield number, np.ascontiguousarray(rgb[:, :, ::-1]), settings.render_dpi
        return
    with Image.open(source.path) as image:
        if source.kind in ("jpeg", "png") and source.pages == 1 and image.mode in _DIRECT_MODES:
            # One JPEG or PNG frame: OpenCV decodes it straight to BGR or gray (libjpeg-turbo), without
            # PIL's copies; as received, not turned by an EXIF orientation (the cleanup finds it).
            flags = cv2.IMREAD_GRAYSCALE if image.mode in _GRAY_MODES else cv2.IMREAD_COLOR
            pixels = cv2.imread(str(source.path), flags | cv2.IMREAD_IGNORE_ORIENTATION)
            if pixels is not None:
                yield 1, pixels, image_dpi(image, default=0)
                return
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            dpi = image_dpi(frame, default=0)
            if frame.mode in _GRAY_MODES:
                yield number, np.asarray(frame.convert("L")), dpi
                continue
            rgb = np.asarray(frame.convert("RGB"))
            yield number, np.ascontiguousarray(rgb[:, :, ::-1]), dpi
