"""Real page images for the cleanup tests, rendered with Pillow (DejaVu Serif has every Vietnamese mark).

Imported by the other `test_cleanup_*` modules and `test_page.py`; its own test checks the renderer.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

FORM_LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN",
    "Họ và tên người đề nghị: NGUYỄN VĂN AN",
    "Ngày, tháng, năm sinh: 12/03/1985 Giới tính: Nam",
    "Số định danh cá nhân: 068195001234",
    "Nơi cư trú: Thôn Phú Thạnh, xã Đức Trọng, tỉnh Lâm Đồng",
    "Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu",
    "trách nhiệm trước pháp luật về nội dung cam đoan của mình.",
    "Người đại diện theo pháp luật: TRẦN THỊ BÌNH, Giám đốc",
    "Lâm Đồng, ngày 20 tháng 8 năm 2025",
)


def render_lines(
    lines: tuple[str, ...] | list[str] = FORM_LINES,
    *,
    dpi: int = 300,
    points: float = 11.0,
    width_in: float = 7.0,
    margin_in: float = 0.5,
    spacing: float = 1.8,
) -> np.ndarray:
    """White BGR page just tall enough for `lines` of black DejaVu Serif at `points` size and `dpi`."""
    size = int(round(points * dpi / 72))
    margin = int(margin_in * dpi)
    height = 2 * margin + int(size * spacing * len(lines))
    image = Image.new("RGB", (int(width_in * dpi), height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    for i, line in enumerate(lines):
        draw.text((margin, margin + int(i * size * spacing)), line, font=font, fill=(0, 0, 0))
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def rotate_ccw(image: np.ndarray, degrees: float) -> np.ndarray:
    """Turn a page counter-clockwise by `degrees` on a canvas grown to hold it, white around."""
    h, w = image.shape[:2]
    rad = np.deg2rad(degrees)
    new_w = int(w * abs(np.cos(rad)) + h * abs(np.sin(rad)))
    new_h = int(w * abs(np.sin(rad)) + h * abs(np.cos(rad)))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    matrix[0, 2] += (new_w - w) / 2
    matrix[1, 2] += (new_h - h) / 2
    return cv2.warpAffine(image, matrix, (new_w, new_h), borderValue=(255, 255, 255))


def test_renderer_draws_dark_text_on_white() -> None:
    page = render_lines(FORM_LINES[:2], dpi=100)
    assert page.shape[2] == 3 and page.max() == 255 and page.min() < 50
