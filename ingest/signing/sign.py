"""Sign the finished PDF/A copy: PAdES B-B (B-T with a time-stamping server), visible stamp top-left of page 1.

Signing is the last write and is an incremental update: the pages, the text layer and the PDF/A
structure of the signed revision are left as they were, only a signature field, its widget (with
an appearance drawn in an embedded subset of DejaVu Sans, which has every Vietnamese letter) and
the AcroForm are appended. The document's Info and XMP are deliberately not touched by the update
(pyHanko would set a new Producer and ModDate in one and not the same in the other, which PDF/A
forbids); the signing time is in the signature itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.stamp import TextStampStyle

from .keys import CentreKey

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_NAME = "SohoaCentreSignature"
REASON = "Bản số hoá thành phần hồ sơ tiếp nhận (Thông tư 01/2023/TT-VPCP)"
# The stamp's place on page 1, in points from the top-left corner (the rules want it top left).
STAMP_MARGIN = 12
STAMP_WIDTH = 250
STAMP_HEIGHT = 52
B_B_RESERVED = 8192  # hex digits of /Contents for a B-B signature beside its certificates (RSA-4096 fits)


@dataclass(frozen=True)
class StampText:
    """What the stamp says besides the signer: who received the component and when it was signed."""

    operator: str
    signed_at: datetime  # timezone-aware

    def lines(self, signer: str) -> str:
        """The stamp's three lines, the time in Vietnam's time zone."""
        local = self.signed_at.astimezone(VIETNAM)
        return f"Ký số bởi: {signer}\nNgười tiếp nhận: {self.operator}\nThời gian: {local:%d/%m/%Y %H:%M:%S} (GMT+7)"


class _KeepMetadataWriter(IncrementalPdfFileWriter):
    """An incremental writer that leaves /Info, /Metadata and the PDF version alone, so PDF/A holds."""

    add_cid_set = False

    def _update_meta(self) -> None:
        return None

    def _prep_dom_for_writing(self) -> None:
        """Embed the stamp font's subset as pyHanko does, then (PDF/A-1) the /CIDSet it wants for a subset."""
        super()._prep_dom_for_writing()
        if not self.add_cid_set:  # PDF/A-2 makes it optional; without it there is nothing to get wrong
            return
        for collection in self._font_resources.values():
            for engine in collection.subsets.values():
                if isinstance(engine, GlyphAccumulator):
                    descriptor = engine.cidfont_obj["/FontDescriptor"].get_object()
                    if "/CIDSet" not in descriptor:
                        descriptor[pdf_name("/CIDSet")] = self.add_object(
                            generic.StreamObject(stream_data=cid_set(len(engine.tt.getGlyphOrder())))
                        )

    def ensure_output_version(self, version: tuple[int, int]) -> None:
        """Keep the copy's PDF version: a PDF/A-1 copy stays 1.4 (pyHanko would declare 1.7 in the catalog)."""
        return None


STAMP_FONT = Path(__file__).with_name("data") / "DejaVuSans-vi.ttf"  # DejaVu Sans cut to Latin + Vietnamese


def cid_set(glyphs: int) -> bytes:
    """A /CIDSet bit string for a font whose CIDs are 0 to `glyphs - 1` (identity CID-to-GID map)."""
    full, rest = divmod(glyphs, 8)
    return b"\xff" * full + (bytes([(0xFF << (8 - rest)) & 0xFF]) if rest else b"")


def stamp_box(page_width: float, page_height: float) -> tuple[int, int, int, int]:
    """The stamp's rectangle (x1, y1, x2, y2) in PDF points: top left of a page of that size."""
    width = min(STAMP_WIDTH, int(page_width) - 2 * STAMP_MARGIN)
    top = int(page_height) - STAMP_MARGIN
    return (STAMP_MARGIN, top - STAMP_HEIGHT, STAMP_MARGIN + width, top)


def _first_page_size(writer: IncrementalPdfFileWriter) -> tuple[float, float]:
    page = writer.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0].get_object()
    x0, y0, x1, y1 = (float(v) for v in page["/MediaBox"])
    return x1 - x0, y1 - y0


def sign_copy(
    pdf: bytes, key: CentreKey, stamp: StampText, *, tsa_url: str | None = None, location: str = "", pdfa_part: int = 2
) -> bytes:
    """The signed copy: `pdf` with one PAdES signature by `key` appended, its stamp top-left of page 1."""
    writer = _KeepMetadataWriter(io.BytesIO(pdf))
    writer.add_cid_set = pdfa_part == 1
    box = stamp_box(*_first_page_size(writer))
    style = TextStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT)), font_size=8, leading=11),
        border_width=1,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=REASON,
        location=location or None,
        name=key.signer_name,
    )
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=key.signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=box),
    )
    out = io.BytesIO()
    # B-B: room for the CMS is known (certificate chain + one signature), no dry run needed; B-T: let pyHanko
    # measure it, the time-stamp token's size depends on the server
    certificates = {c.dump() for c in (key.certificate, *key.signer.cert_registry)}
    reserved = None if tsa_url else B_B_RESERVED + 2 * sum(len(c) for c in certificates)
    pdf_signer.sign_pdf(
        writer, bytes_reserved=reserved, output=out, appearance_text_params={"lines": stamp.lines(key.signer_name)}
    )
    return out.getvalue()
