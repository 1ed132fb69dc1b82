"""Stacks scanned in one go: split a multi-page PDF at the one-stop receipts that start each dossier.

A sheet-fed scanner turns a pile of dossiers into one PDF. Each dossier starts with its receipt
("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), whose QR code (top left, Circular 01/2023/TT-VPCP) holds
the dossier code. A page whose QR code carries a dossier code starts that dossier and is not a document
itself; the pages after it, up to the next receipt, belong to that dossier.

Grouping (`split`): `segment` (default) makes the pages between two receipts one document, classified
as a whole; `page` makes every page its own document. Segments are written as PDFs built from the
stack's own page objects (no re-encoding), byte-for-byte the same on every run, so a resumed batch
finds them by SHA-256 and never digitises them twice.

`find_dossier_code` is pure (numpy in, text out); the rest reads and writes PDFs through poppler/pypdf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from pypdf import PdfReader, PdfWriter

from core.errors import InvalidDossierId, SohoaError
from storage.keys import validate_dossier_id

from ..receiving import poppler

SCAN_DPI = 150  # enough for a receipt's QR code, cheap to render
# The dossier code anywhere in the QR payload (its other lines hold procedure, applicant, time…).
_CODE_IN_TEXT = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2}-\d{6}-\d{4,8}")


@dataclass(frozen=True)
class Segment:
    """One dossier's pages in a stack: `receipt` is the receipt's page, `pages` the document pages (1-based)."""

    dossier_id: str
    receipt: int
    pages: tuple[int, ...]


@dataclass(frozen=True)
class StackPlan:
    """How one stack splits, and what is wrong with it (each problem names its page)."""

    path: Path
    page_count: int
    segments: tuple[Segment, ...]
    problems: tuple[str, ...]


def find_dossier_code(image: np.ndarray) -> str | None:
    """The raw dossier code in a QR code on the page (top-left corner first), or None.

    OpenCV's two detectors miss different codes, so each is tried on the corner, then the whole page,
    then the corner enlarged; a page without any QR code costs a few milliseconds.
    """
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    corner = gray[: height // 3, : width // 2]
    aruco, classic = cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()
    attempts = (
        (aruco, corner),
        (classic, corner),
        (aruco, gray),
        (classic, cv2.resize(corner, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)),
    )
    for detector, region in attempts:
        try:
            text, _points, _ = detector.detectAndDecode(region)
        except cv2.error:
            text = ""
        match = _CODE_IN_TEXT.search(text or "")
        if match:
            return match.group(0)
    return None


def scan_stack(path: Path, name: str, page_count: int) -> StackPlan:
    """Render every page of the stack at low resolution and split it at its receipts."""
    codes: list[str | None] = []
    for number in range(1, page_count + 1):
        rgb = poppler.render_page(path, number, SCAN_DPI)
        codes.append(find_dossier_code(rgb[:, :, ::-1]))
    return split_codes(path, name, codes)


def split_codes(path: Path, name: str, codes: list[str | None]) -> StackPlan:
    """Group pages by the receipt codes found on them (None: not a receipt); list every problem."""
    problems: list[str] = []
    segments: list[Segment] = []
    current: tuple[str, int] | None = None
    pages: list[int] = []
    orphans: list[int] = []
    seen: dict[str, int] = {}
    bad_receipt = False

    def close() -> None:
        if current is not None and not bad_receipt:
            if not pages:
                problems.append(f"{name}: the receipt on page {current[1]} ({current[0]}) has no pages after it")
            else:
                segments.append(Segment(current[0], current[1], tuple(pages)))

    for number, code in enumerate(codes, start=1):
        if code is None:
            (pages if current is not None else orphans).append(number)
            continue
        close()
        pages = []
        try:
            current, bad_receipt = (validate_dossier_id(code), number), False
            if current[0] in seen:
                problems.append(
                    f"{name}: dossier {current[0]} starts twice (receipts on pages {seen[current[0]]} and {number}); "
                    "scan each dossier once"
                )
            seen.setdefault(current[0], number)
        except InvalidDossierId as exc:
            current, bad_receipt = (code, number), True
            problems.append(f"{name}: page {number}: the receipt's QR code holds a bad dossier code: {exc.message}")
    close()
    if orphans:
        problems.insert(
            0,
            f"{name}: {_pages(orphans)} come before any receipt; put the receipt (QR code top left) "
            "first or scan them separately",
        )
    if not codes or (current is None and not segments):
        problems.append(f"{name}: no receipt with a dossier QR code found on any page; is this a stack?")
    return StackPlan(path, len(codes), tuple(segments), tuple(problems))


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}–{numbers[-1]}"
    return "pages " + ", ".join(str(n) for n in numbers)


def document_groups(segment: Segment, split: str) -> list[tuple[int, ...]]:
    """The page groups of a segment that become documents, by the chosen split."""
    if split == "page":
        return [(n,) for n in segment.pages]
    return [segment.pages]


def group_name(stack_name: str, pages: tuple[int, ...]) -> str:
    """How a document cut from a stack is named: `stack.pdf#p3` or `stack.pdf#p3-5`."""
    return f"{stack_name}#p{pages[0]}" if len(pages) == 1 else f"{stack_name}#p{pages[0]}-{pages[-1]}"


def write_pages(stack: Path, pages: tuple[int, ...], target: Path) -> Path:
    """Copy `pages` (1-based) of the stack into a new PDF at `target`; the same bytes on every run."""
    reader = PdfReader(stack)
    writer = PdfWriter()
    for number in pages:
        writer.add_page(reader.pages[number - 1])
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as fh:
        writer.write(fh)
    return target


def plan_stack(path: Path, name: str) -> StackPlan:
    """Read the stack's page count and split it; a broken PDF becomes one problem, not an exception."""
    try:
        info = poppler.pdf_info(path, name)
        return scan_stack(path, name, info.pages)
    except SohoaError as exc:
        return StackPlan(path, 0, (), (exc.message if exc.message.startswith(name) else f"{name}: {exc.message}",))
