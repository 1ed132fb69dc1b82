"""Shared fixtures: an isolated embedded data folder, small real scans, and real-service gates.

Real-service fixtures (Redis, PostgreSQL, RabbitMQ) skip on a laptop without the service, but
fail when the `CI` environment variable is set: CI must never pass by skipping.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import context

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
DOSSIER = "000.00.36.H36-251125-0001"


def in_ci() -> bool:
    """Whether we run under CI (where a missing service is a failure, not a skip)."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require_service(name: str, host: str, port: int) -> None:
    """Skip (laptop) or fail (CI) unless something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return
    except OSError as exc:
        message = f"{name} is not reachable on {host}:{port} ({exc})"
        if in_ci():
            pytest.fail(f"{message}; CI must provide it")
        pytest.skip(message)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty embedded data folder (folder store + SQLite) used by settings, store and catalogue."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SOHOA_DATA_DIR", str(folder))
    for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    context.reset()
    yield folder
    context.reset()


def render_lines(lines: list[str], *, size: int = 34, width: int = 1300, margin: int = 50) -> Image.Image:
    """A small white page with the given text lines in DejaVu Serif (an honest, quick scan)."""
    font = ImageFont.truetype(FONT, size)
    height = margin * 2 + int(size * 1.9) * len(lines)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + int(size * 1.9) * i), line, font=font, fill=(20, 20, 20))
    return image


CARD_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CĂN CƯỚC CÔNG DÂN / CITIZEN IDENTITY CARD",
    "Số / No.: 068195001234",
    "Họ và tên / Full name: NGUYỄN VĂN ĐỨC",
    "Ngày sinh / Date of birth: 20/08/1995",
]

FORM_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN",
    "Họ và tên: TRẦN THỊ BÍCH NGỌC",
    "Số điện thoại: 0912345678",
]


@pytest.fixture
def card_jpeg(tmp_path: Path) -> Path:
    """A small citizen ID card scan as a 300 dpi JPEG."""
    path = tmp_path / "card.jpg"
    render_lines(CARD_LINES).save(path, quality=90, dpi=(300, 300))
    return path


@pytest.fixture
def two_page_pdf(tmp_path: Path) -> Path:
    """A scanned two-page PDF: an application form page and an ID card page."""
    path = tmp_path / "dossier.pdf"
    form, card = render_lines(FORM_LINES), render_lines(CARD_LINES)
    form.save(path, save_all=True, append_images=[card], resolution=300.0)
    return path
