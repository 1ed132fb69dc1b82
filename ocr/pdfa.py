"""PDF/A for the searchable PDF: one pass with pikepdf over the finished file, bytes in, bytes out.

What it adds to what `ocr.pdf` builds (JPEG page images in DeviceRGB or DeviceGray, under
Tesseract's invisible text layer whose GlyphLessFont is already embedded):
- an sRGB output intent (`GTS_PDFA1`, the ICC v2 profile shipped in `ocr/data/sRGB.icc`),
- an XMP packet with `pdfaid:part`/`conformance`, the dc/xmp/pdf properties equal to the Info
  dictionary's entries, and the digitised copy's own metadata in a `sohoa:` schema described by a
  PDF/A extension schema (PDF/A rejects undescribed XMP properties),
- a trailer /ID (qpdf writes one), no encryption, no JavaScript or automatic actions;
- part 1: PDF 1.4 with a classic cross-reference table and no object streams.

Pages, images and the text layer are copied as they are: no pixel is re-encoded, so the cost is one
parse and one write of the file, whatever its page count. Must not import anything above `ocr`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from xml.sax.saxutils import escape

import pikepdf

SOHOA_NS = "urn:sohoa:digitised-copy:1.0/"
CREATOR_TOOL = "sohoa"
PRODUCER = f"sohoa (pikepdf {pikepdf.__version__})"
SRGB_CONDITION = "sRGB IEC61966-2.1"

# The sohoa: properties the XMP may carry, all Text (PDF/A wants each one described).
PROPERTIES: dict[str, str] = {
    "dossierId": "dossier code (MaHoSo)",
    "documentId": "sohoa document ID",
    "procedureCode": "national procedure code (MaTTHC)",
    "componentCode": "dossier component code (MaThanhPhanHoSo)",
    "componentName": "dossier component name",
    "retention": "retention period in years, or permanent",
    "accessLevel": "access level",
    "pageCount": "number of pages (one per physical page)",
    "dpi": "resolution of the page images",
    "digitisedBy": "who received and digitised the component",
    "digitisedAt": "when it was digitised",
    "ocrEngine": "OCR engine and version",
    "originalSha256": "SHA-256 of the received original",
}


@dataclass(frozen=True)
class CopyInfo:
    """The document information written to both the Info dictionary and the XMP packet."""

    title: str
    created: datetime  # timezone-aware
    author: str | None = None
    subject: str | None = None
    language: str = "vi"
    extra: dict[str, str] = field(default_factory=dict)  # PROPERTIES name -> value


def srgb_profile() -> bytes:
    """The sRGB ICC profile (version 2, zlib licence, from Debian's icc-profiles-free) shipped with sohoa."""
    return resources.files("ocr").joinpath("data/sRGB.icc").read_bytes()


_PROFILE: bytes | None = None


def _profile() -> bytes:
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = srgb_profile()
    return _PROFILE


def pdf_date(moment: datetime) -> str:
    """A PDF date string, D:YYYYMMDDHHmmSS+HH'mm' (the Info dictionary's form of `moment`)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("the PDF date needs a timezone-aware datetime")
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{mins:02d}'"


def xmp_date(moment: datetime) -> str:
    """The XMP form of `moment` (ISO 8601 to the second, with its offset): equal to `pdf_date`'s."""
    return moment.replace(microsecond=0).isoformat()


def _text(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>"


def _alt(tag: str, value: str) -> str:
    return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt></{tag}>'


def _extension_schema(names: list[str]) -> str:
    """The pdfaExtension description of the sohoa: properties in use (ISO 19005-1 6.7.8)."""
    props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(PROPERTIES[name])}</pdfaProperty:description></rdf:li>"
        for name in names
    )
    return (
        '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
        'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
        'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
        '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>sohoa digitised copy</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{SOHOA_NS}</pdfaSchema:namespaceURI>"
        "<pdfaSchema:prefix>sohoa</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
    )


def xmp_packet(info: CopyInfo, part: int) -> bytes:
    """The XMP packet: PDF/A identification, the Info dictionary's properties, the sohoa: schema."""
    created = xmp_date(info.created)
    dc = [_alt("dc:title", info.title)]
    if info.author:
        dc.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        dc.append(_alt("dc:description", info.subject))
    dc.append(f"<dc:language><rdf:Bag><rdf:li>{escape(info.language)}</rdf:li></rdf:Bag></dc:language>")
    dc.append(_text("dc:format", "application/pdf"))
    unknown = sorted(set(info.extra) - set(PROPERTIES))
    if unknown:
        raise ValueError(f"no XMP property described for {', '.join(unknown)}")
    names = [name for name in PROPERTIES if info.extra.get(name)]
    own = "".join(_text(f"sohoa:{name}", info.extra[name]) for name in names)
    body = (
        f'<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
        f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">{"".join(dc)}</rdf:Description>'
        f'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"{_text('xmp:CreatorTool', CREATOR_TOOL)}{_text('xmp:CreateDate', created)}"
        f"{_text('xmp:ModifyDate', created)}{_text('xmp:MetadataDate', created)}</rdf:Description>"
        f'<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"{_text('pdf:Producer', PRODUCER)}</rdf:Description>"
    )
    if names:
        body += f'<rdf:Description rdf:about="" xmlns:sohoa="{SOHOA_NS}">{own}</rdf:Description>'
        body += _extension_schema(names)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{body}</rdf:RDF>'
        "</x:xmpmeta>" + "\n" + " " * 512 + '\n<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _strip_actions(pdf: pikepdf.Pdf) -> None:
    """No JavaScript, no automatic actions (PDF/A forbids both); our own PDFs have none, input may."""
    root = pdf.Root
    for name in ("/OpenAction", "/AA"):
        if name in root:
            del root[name]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        del names["/JavaScript"]
    for page in pdf.pages:
        if "/AA" in page.obj:
            del page.obj["/AA"]


def make_pdfa(searchable_pdf: bytes, info: CopyInfo, part: int = 2) -> bytes:
    """The same PDF as PDF/A-`part`b (1 or 2): output intent, XMP = Info, no encryption, no actions."""
    if part not in (1, 2):
        raise ValueError(f"PDF/A part {part} is not supported; use 1 or 2")
    with pikepdf.open(io.BytesIO(searchable_pdf)) as pdf:
        _strip_actions(pdf)
        profile = pikepdf.Stream(pdf, _profile())
        profile["/N"] = 3
        pdf.Root.OutputIntents = pikepdf.Array(
            [
                pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.OutputIntent,
                        S=pikepdf.Name.GTS_PDFA1,
                        OutputConditionIdentifier=SRGB_CONDITION,
                        Info=SRGB_CONDITION,
                        DestOutputProfile=pdf.make_indirect(profile),
                    )
                )
            ]
        )
        metadata = pikepdf.Stream(pdf, xmp_packet(info, part))
        metadata["/Type"] = pikepdf.Name.Metadata
        metadata["/Subtype"] = pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(metadata)
        pdf.Root.Lang = pikepdf.String(info.language)
        date = pdf_date(info.created)
        docinfo = pikepdf.Dictionary(
            Title=pikepdf.String(info.title),
            Creator=pikepdf.String(CREATOR_TOOL),
            Producer=pikepdf.String(PRODUCER),
            CreationDate=pikepdf.String(date),
            ModDate=pikepdf.String(date),
        )
        if info.author:
            docinfo.Author = pikepdf.String(info.author)
        if info.subject:
            docinfo.Subject = pikepdf.String(info.subject)
        pdf.trailer.Info = pdf.make_indirect(docinfo)
        out = io.BytesIO()
        if part == 1:
            pdf.save(
                out,
                force_version="1.4",
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                encryption=False,
                fix_metadata_version=False,
            )
        else:
            pdf.save(out, min_version="1.7", encryption=False, fix_metadata_version=False)
        return out.getvalue()
