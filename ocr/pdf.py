"""The searchable PDF: the colour page image with Tesseract's invisible text layer on top.

Pure bytes in, bytes out. The page image is embedded as the JPEG it is encoded to once (no PDF
rewrite of the pixels); it is drawn under Tesseract's own text-only page, whose size is
OCR-image pixels / OCR dpi — the same physical size as the colour page — so every invisible word
lies on its printed word. `merge_pdfs` joins one-page PDFs with one copy of the shared font.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, RectangleObject, StreamObject

JPEG_QUALITY = 80
_POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    """A page image encoded once as the baseline JPEG the PDF embeds, with its size and colour space."""

    jpeg: bytes
    width: int
    height: int
    gray: bool


def encode_page_image(image: np.ndarray) -> PageImage:
    """Encode a (BGR or gray) page for `page_pdf`; can run while the page is still being read."""
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("the page image could not be encoded as JPEG")
    return PageImage(jpeg.tobytes(), image.shape[1], image.shape[0], image.ndim == 2)


def _jpeg_xobject(image: PageImage) -> StreamObject:
    """A PDF image XObject holding the page's JPEG."""
    xobject = StreamObject()
    xobject.set_data(image.jpeg)
    xobject.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(image.width),
            NameObject("/Height"): NumberObject(image.height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray" if image.gray else "/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    return xobject


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream


def page_pdf(image: np.ndarray | PageImage, dpi: int, text_layer_pdf: bytes | None) -> bytes:
    """One PDF page: the (BGR or gray, or already encoded) image at `dpi`, with the text layer over it."""
    if not isinstance(image, PageImage):
        image = encode_page_image(image)
    width = image.width / dpi * _POINTS_PER_INCH
    height = image.height / dpi * _POINTS_PER_INCH
    writer = PdfWriter()
    fit_text = b""
    if text_layer_pdf:
        page = writer.add_page(PdfReader(io.BytesIO(text_layer_pdf)).pages[0])
        box = page.mediabox
        sx, sy = width / float(box.width), height / float(box.height)
        if abs(sx - 1) > 1e-6 or abs(sy - 1) > 1e-6 or float(box.left) or float(box.bottom):
            # Fit the layer to the page with one matrix around its content, not by rewriting every
            # operator (pypdf's page.scale parses the whole text stream: ~0.1 s of CPU a page).
            fit_text = f"{sx:.6f} 0 0 {sy:.6f} {-float(box.left) * sx:.4f} {-float(box.bottom) * sy:.4f} cm\n".encode()
            page.mediabox = RectangleObject((0, 0, width, height))
            for name in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
                if name in page:
                    del page[NameObject(name)]
    else:
        page = writer.add_blank_page(width, height)
    image_ref = writer._add_object(_jpeg_xobject(image))
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
    xobjects[NameObject("/SohoaPage")] = image_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    draw = StreamObject()
    draw.set_data(f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /SohoaPage Do Q\n".encode())
    contents = page.get("/Contents")
    layers = [writer._add_object(draw)]
    if contents is not None:
        existing = contents.get_object()
        text = list(existing) if isinstance(existing, ArrayObject) else [contents]
        if fit_text:
            text = [writer._add_object(_stream(b"q " + fit_text)), *text, writer._add_object(_stream(b"\nQ\n"))]
        layers += text
    page[NameObject("/Contents")] = ArrayObject(layers)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def overlay_text_layer(base: bytes, extra: bytes) -> bytes:
    """One text-only page: `extra`'s invisible words laid over `base`'s (two passes over the same image,
    so both pages have the same size; pypdf renames clashing font resources)."""
    writer = PdfWriter()
    page = writer.add_page(PdfReader(io.BytesIO(base)).pages[0])
    page.merge_page(PdfReader(io.BytesIO(extra)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def merge_pdfs(pages: Iterable[bytes]) -> bytes:
    """Concatenate one-page PDFs, in order, into one document (each page read, added and let go)."""
    writer = PdfWriter()
    for page in pages:
        writer.add_page(PdfReader(io.BytesIO(page)).pages[0])
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def first_page_jpeg(searchable_pdf: bytes) -> bytes | None:
    """The JPEG of the first page image in a PDF `page_pdf` made, as stored (no re-encoding); None if absent."""
    try:
        page = PdfReader(io.BytesIO(searchable_pdf)).pages[0]
        image = page["/Resources"]["/XObject"]["/SohoaPage"].get_object()
        if image.get("/Filter") != "/DCTDecode":
            return None
        return image._data  # the stream's encoded bytes: the JPEG itself
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, PdfReadError):
        return None


def open_source(path: str) -> PdfReader | None:
    """A received PDF for `original_page` (an encrypted one that opens without a password is decrypted)."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        return reader
    except (PdfReadError, ValueError, TypeError, KeyError, OSError, NotImplementedError):
        return None


def original_page(reader: PdfReader | None, number: int) -> bytes | None:
    """Page `number` (1-based) of a born-digital PDF as a one-page PDF, without annotations: laid over the
    page image as its (exact) text layer. None when it cannot be copied or is rotated."""
    if reader is None:
        return None
    try:
        page = reader.pages[number - 1]
        if int(page.get("/Rotate", 0) or 0) % 360:
            return None
        writer = PdfWriter()
        copy = writer.add_page(page)
        if "/Annots" in copy:
            del copy[NameObject("/Annots")]
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, NotImplementedError):
        return None
