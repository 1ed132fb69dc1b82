"""One real signed copy for the PDF/A and signing tests: `sohoa digitise` on a two-page A4 scan.

The copy is made once per module (Tesseract and the whole pipeline run for real, in a subprocess
with its own data folder), then every test reads the stored `searchable.pdf` with independent
tools: poppler (`pdfsig`, `pdffonts`, `pdfinfo`, `pdfimages`, `pdftotext`, `pdftoppm`), pikepdf, pyHanko.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import DOSSIER, FONT

SOHOA = [sys.executable, "-m", "api.cli"]
PAGE_LINES = [
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN",
        "Họ và tên: TRẦN THỊ BÍCH NGỌC",
        "Số điện thoại: 0912345678",
    ],
    [
        "Nơi cư trú: Thôn Phú Thạnh, xã Đức Trọng, tỉnh Lâm Đồng",
        "Tôi xin cam đoan những lời khai trên là đúng sự thật.",
        "Người làm đơn ký và ghi rõ họ tên",
    ],
]
DPI = 200


def a4_page(lines: list[str]) -> Image.Image:
    """An A4 page at 200 dpi with its text from 1.5 inch down (clear of the stamp's corner)."""
    image = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(lines):
        draw.text((160, 300 + 90 * i), line, font=font, fill=(20, 20, 20))
    return image


def sohoa(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the `sohoa` command line on its own data folder (embedded defaults only)."""
    full = {**os.environ, "SOHOA_DATA_DIR": str(data_dir), "OMP_THREAD_LIMIT": "1", **env}
    for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL", "SOHOA_SIGNING_PKCS12"):
        if name not in env:
            full.pop(name, None)
    return subprocess.run([*SOHOA, *args], capture_output=True, text=True, env=full, timeout=300)


@dataclass(frozen=True)
class SignedCopy:
    """The stored signed copy of one digitised document, and where it came from."""

    data_dir: Path
    document: dict
    path: Path

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def unsigned_revision(self) -> bytes:
        """The PDF/A as it was before the signature was appended (its first revision)."""
        data = self.data
        end = data.index(b"%%EOF") + len(b"%%EOF")
        return data[: end + 1] if data[end : end + 1] == b"\n" else data[:end]


def make_signed_copy(folder: Path, *, pdfa_part: str = "2") -> SignedCopy:
    """Digitise the two-page scan with a procedure code, and return its stored signed copy."""
    scan = folder / "dossier.tif"
    first, second = (a4_page(lines) for lines in PAGE_LINES)
    first.save(scan, save_all=True, append_images=[second], dpi=(DPI, DPI), compression="tiff_deflate")
    data_dir = folder / "data"
    proc = sohoa(
        ["digitise", str(scan), "--dossier-id", DOSSIER, "--doc-type", "application_form", "--json"],
        data_dir,
        SOHOA_PDFA_PART=pdfa_part,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)["documents"][0]
    return SignedCopy(data_dir, document, data_dir / "objects" / document["objects"]["searchable_pdf"])


@pytest.fixture(scope="module", name="signed_copy")
def signed_copy_fixture(tmp_path_factory: pytest.TempPathFactory) -> SignedCopy:
    """A PDF/A-2b copy digitised and signed once for the module."""
    return make_signed_copy(tmp_path_factory.mktemp("signed"))


def tool(*args: str) -> str:
    """Run a poppler tool and return what it printed (it must succeed)."""
    proc = subprocess.run(list(args), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"{args[0]}: {proc.stderr}"
    return proc.stdout
