"""Cut a page range out of a received file, in its own format (PDF through pypdf, TIFF through Pillow)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence
from pypdf import PdfReader, PdfWriter


def extract_pages(path: Path, kind: str, first: int, last: int, out: Path) -> None:
    """Write pages `first`..`last` (1-based, inclusive) of `path` to `out`."""
    if kind == "pdf":
        reader = PdfReader(path)
        writer = PdfWriter()
        for index in range(first - 1, last):
            writer.add_page(reader.pages[index])
        with open(out, "wb") as fh:
            writer.write(fh)
        return
    with Image.open(path) as image:
        frames = [frame.copy() for i, frame in enumerate(ImageSequence.Iterator(image), 1) if first <= i <= last]
    frames[0].save(out, format=image.format or "TIFF", save_all=len(frames) > 1, append_images=frames[1:])
