"""Every PDF/A requirement of the stored copy, checked directly on the file (veraPDF cannot run here).

The signed copy from a real `sohoa digitise` run is read with poppler and pikepdf: XMP identification
and its agreement with the Info dictionary, the sRGB output intent, fonts embedded, no encryption,
no JavaScript or actions, no transparency, colour page images at ≥ 200 dpi, one page per physical
page in order, and the signature widget printable with an appearance. The PDF/A-1b variant is
checked for its PDF 1.4 structure.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from ocr import pdf as ocr_pdf
from ocr import pdfa

from .test_signing_support import DPI, PAGE_LINES, SignedCopy, make_signed_copy, signed_copy_fixture, tool  # noqa: F401

NS = {
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "sohoa": pdfa.SOHOA_NS,
}


def _xmp(pdf: pikepdf.Pdf) -> dict[str, object]:
    meta = pdf.open_metadata()
    return {
        key: meta.get(f"{{{uri}}}{name}")
        for key, (uri, name) in {
            "part": (NS["pdfaid"], "part"),
            "conformance": (NS["pdfaid"], "conformance"),
            "title": (NS["dc"], "title"),
            "creator": (NS["dc"], "creator"),
            "tool": (NS["xmp"], "CreatorTool"),
            "created": (NS["xmp"], "CreateDate"),
            "modified": (NS["xmp"], "ModifyDate"),
            "producer": (NS["pdf"], "Producer"),
            "procedure": (NS["sohoa"], "procedureCode"),
            "sha": (NS["sohoa"], "originalSha256"),
            "engine": (NS["sohoa"], "ocrEngine"),
            "pages": (NS["sohoa"], "pageCount"),
        }.items()
    }


def _info_date(value: str) -> str:
    """D:YYYYMMDDHHmmSS+07'00' as the ISO form XMP uses, to compare the two."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'", value)
    assert m, value
    y, mo, d, h, mi, s, sign, oh, om = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{sign}{oh}:{om}"


def test_the_stored_copy_says_it_is_pdfa_2b_and_its_xmp_agrees_with_the_info_dictionary(
    signed_copy: SignedCopy,
) -> None:
    with pikepdf.open(io.BytesIO(signed_copy.data)) as pdf:
        xmp = _xmp(pdf)
        info = pdf.trailer.Info
        assert (xmp["part"], xmp["conformance"]) == ("2", "B")
        assert str(info.Title) == xmp["title"] == signed_copy.document["source"]
        assert str(info.Creator) == xmp["tool"] == "sohoa"
        assert str(info.Producer) == xmp["producer"]
        assert _info_date(str(info.CreationDate)) == xmp["created"]
        assert _info_date(str(info.ModDate)) == xmp["modified"]
        assert set(info.keys()) <= {
            "/Title",
            "/Author",
            "/Subject",
            "/Creator",
            "/Producer",
            "/CreationDate",
            "/ModDate",
        }
        # the component metadata travels in the file, in a schema PDF/A knows about
        assert xmp["sha"] == signed_copy.document["sha256"]
        assert xmp["pages"] == "2"
        assert xmp["engine"].startswith("Tesseract ")
        raw = bytes(pdf.Root.Metadata.read_raw_bytes())
        assert "/Filter" not in pdf.Root.Metadata.stream_dict  # PDF/A-1: the XMP stream stays readable
        assert b"<pdfaSchema:namespaceURI>" + pdfa.SOHOA_NS.encode() in raw
        used = set(re.findall(rb"<sohoa:(\w+)>", raw))
        described = set(re.findall(rb"<pdfaProperty:name>(\w+)</pdfaProperty:name>", raw))
        assert used and used <= described


def test_the_output_intent_is_srgb_with_the_shipped_icc_profile(signed_copy: SignedCopy) -> None:
    with pikepdf.open(io.BytesIO(signed_copy.data)) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier) == pdfa.SRGB_CONDITION
        profile = intent.DestOutputProfile
        data = profile.read_bytes()
        assert int(profile.N) == 3 and data == pdfa.srgb_profile()
        assert data[36:40] == b"acsp" and data[16:20] == b"RGB " and data[8] == 2  # ICC v2, RGB


def test_every_font_is_embedded_and_nothing_is_encrypted_or_scripted(signed_copy: SignedCopy) -> None:
    fonts = tool("pdffonts", str(signed_copy.path)).splitlines()[2:]
    assert fonts, "the text layer and the stamp have fonts"
    for line in fonts:
        assert line.split()[-5] == "yes", f"not embedded: {line}"
    assert any(line.startswith("GlyphLessFont") for line in fonts)  # Tesseract's invisible layer
    info = tool("pdfinfo", str(signed_copy.path))
    assert re.search(r"^Encrypted:\s+no$", info, re.M)
    assert re.search(r"^JavaScript:\s+no$", info, re.M)
    assert re.search(r"^Pages:\s+2$", info, re.M)
    with pikepdf.open(io.BytesIO(signed_copy.data)) as pdf:
        assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert len(pdf.trailer.ID) == 2
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
                assert d.get("/S") != "/JavaScript"
                assert "/SMask" not in d or d.SMask == "/None"  # no transparency (PDF/A-1 forbids it)
                for alpha in ("/CA", "/ca"):
                    assert float(d.get(alpha, 1)) == 1.0


def test_one_colour_page_image_of_at_least_200_dpi_per_physical_page_in_order(signed_copy: SignedCopy) -> None:
    images = [line.split() for line in tool("pdfimages", "-list", str(signed_copy.path)).splitlines()[2:]]
    assert [int(row[0]) for row in images] == [1, 2]  # one image per page
    for row in images:
        page, kind, colour, x_ppi, y_ppi = int(row[0]), row[2], row[5], int(row[12]), int(row[13])
        assert kind == "image" and colour == "rgb", row
        assert x_ppi >= 200 and y_ppi >= 200, f"page {page} at {x_ppi}x{y_ppi} ppi"
    texts = [tool("pdftotext", "-f", str(n), "-l", str(n), str(signed_copy.path), "-") for n in (1, 2)]
    assert "TRẦN THỊ BÍCH NGỌC" in texts[0] and "Lâm Đồng" in texts[1]  # the pages in the original order


def test_the_signature_widget_prints_and_has_an_appearance(signed_copy: SignedCopy) -> None:
    with pikepdf.open(io.BytesIO(signed_copy.data)) as pdf:
        assert "/NeedAppearances" not in pdf.Root.AcroForm or not pdf.Root.AcroForm.NeedAppearances
        widgets = [a for a in pdf.pages[0].get("/Annots", []) if a.get("/FT") == "/Sig"]
        assert len(widgets) == 1
        flags = int(widgets[0].F)
        assert flags & 4 and not flags & (1 | 2 | 32)  # Print; not Invisible, Hidden, NoView
        assert "/N" in widgets[0].AP
        for page in pdf.pages[1:]:
            assert "/Annots" not in page


def _page_pdf(lines: list[str]) -> bytes:
    import numpy as np

    from .test_signing_support import a4_page

    image = np.asarray(a4_page(lines))[:, :, ::-1].copy()
    return ocr_pdf.page_pdf(image, DPI, None)


def test_pdfa_1b_is_pdf_1_4_without_object_or_cross_reference_streams() -> None:
    merged = ocr_pdf.merge_pdfs(_page_pdf(lines) for lines in PAGE_LINES)
    info = pdfa.CopyInfo(title="Đơn đề nghị", created=datetime(2026, 12, 2, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    out = pdfa.make_pdfa(merged, info, part=1)
    assert out.startswith(b"%PDF-1.4\n%") and max(out[10:14]) > 127  # the binary comment line
    assert b"/ObjStm" not in out and b"/XRef" not in out and b"\nxref\n" in out
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert pdf.open_metadata()[f"{{{NS['pdfaid']}}}part"] == "1"
        assert str(pdf.trailer.Info.CreationDate) == "D:20261202093000+07'00'"
        assert len(pdf.pages) == 2


def test_an_undescribed_xmp_property_is_refused() -> None:
    info = pdfa.CopyInfo(title="x", created=datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")), extra={"shoeSize": "42"})
    with pytest.raises(ValueError, match="shoeSize"):
        pdfa.xmp_packet(info, 2)


def test_pdfa_1b_setting_reaches_the_stored_copy(tmp_path) -> None:
    copy = make_signed_copy(tmp_path, pdfa_part="1")
    assert copy.data.startswith(b"%PDF-1.4")
    signature = copy.data[len(copy.unsigned_revision) :]
    assert b"/XRef" not in signature and b"/ObjStm" not in signature  # the update keeps PDF 1.4's xref table
    with pikepdf.open(io.BytesIO(copy.data)) as pdf:
        assert pdf.open_metadata()[f"{{{NS['pdfaid']}}}part"] == "1"
        assert "/Version" not in pdf.Root
        # PDF/A-1 wants a /CIDSet for the stamp's subset font: every CID of its font program
        [stamp_font] = [
            d
            for d in pdf.objects
            if isinstance(d, pikepdf.Dictionary) and d.get("/Type") == "/FontDescriptor" and "+" in str(d.FontName)
        ]
        glyphs = len(TTFont(io.BytesIO(stamp_font.FontFile2.read_bytes())).getGlyphOrder())
        bits = "".join(f"{b:08b}" for b in stamp_font.CIDSet.read_bytes())
        assert bits[:glyphs] == "1" * glyphs and set(bits[glyphs:]) <= {"0"}
    assert copy.document["pdfa"] == "PDF/A-1b"
    assert "Signature is Valid." in tool("pdfsig", str(copy.path))
