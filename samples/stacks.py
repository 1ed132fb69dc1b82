"""Make test backlogs: small text cards in dossier folders, and scanner stacks split by QR receipts.

A stack is one multi-page PDF as a sheet-fed scanner makes it: for each dossier, its one-stop receipt
("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", QR code top left holding the dossier code), then the
dossier's pages. Cards are small (about 560×300 px) so a batch of 40 costs seconds of Tesseract, not
minutes. QR codes come from OpenCV's own `cv2.QRCodeEncoder` (OpenCV 4.8+), no extra dependency.

    python -m samples.stacks stack OUT.pdf --dossiers 3     # one stack, truth in OUT.pdf.truth.json
    python -m samples.stacks folder OUT_DIR --dossiers 8    # one sub-folder per dossier
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
)
BOLD_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
)
INK = (22, 22, 26)
CARD_SIZE = (560, 300)
CARD_DPI = 150

SURNAMES = ("NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "VŨ", "ĐẶNG", "BÙI", "ĐỖ", "HỒ")
MIDDLE = ("VĂN", "THỊ", "HỮU", "ĐỨC", "NGỌC", "MINH", "THANH")
GIVEN = ("AN", "BÌNH", "CƯỜNG", "DŨNG", "HÀ", "HẠNH", "LAN", "LONG", "MAI", "NAM", "PHƯƠNG", "TÚ")
PLACES = ("xã Đức Trọng, tỉnh Lâm Đồng", "phường Hải Châu, thành phố Đà Nẵng", "xã Phú Thạnh, tỉnh Gia Lai")
PROCEDURES = (
    ("1.001612", "Đăng ký khai sinh"),
    ("2.000046", "Cấp bản sao trích lục hộ tịch"),
    ("1.004227", "Đăng ký thành lập doanh nghiệp"),
)


@dataclass(frozen=True)
class SmallDocument:
    """A card's printed lines and the document type it should be read as."""

    doc_type: str
    lines: tuple[str, ...]


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    for path in BOLD_FILES if bold else FONT_FILES:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    raise FileNotFoundError("no DejaVu or Liberation font: apt-get install fonts-dejavu-core fonts-liberation")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _id_number(rng: random.Random, born: date) -> str:
    century = 0 if born.year < 2000 else 2
    return f"0{rng.choice(('01', '48', '68', '79'))}{century + rng.randint(0, 1)}{born:%y}{rng.randint(0, 999999):06d}"


def small_document(rng: random.Random) -> SmallDocument:
    """A few printed lines of a one-stop document (application, birth form, ID card), all different."""
    born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 16000))
    name = _name(rng)
    kind = rng.choice(("application_form", "birth_registration_form", "citizen_id_card"))
    if kind == "application_form":
        lines = (
            "ĐƠN ĐỀ NGHỊ",
            f"Họ và tên: {name}",
            f"Ngày sinh: {born:%d/%m/%Y}",
            f"Số CCCD: {_id_number(rng, born)}",
            f"Điện thoại: 09{rng.randint(0, 99999999):08d}",
        )
    elif kind == "birth_registration_form":
        child = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
        lines = (
            "TỜ KHAI ĐĂNG KÝ KHAI SINH",
            f"Họ tên người yêu cầu: {name}",
            f"Họ tên trẻ: {_name(rng)}",
            f"Ngày sinh của trẻ: {child:%d/%m/%Y}",
            f"Nơi sinh: {rng.choice(PLACES)}",
        )
    else:
        lines = (
            "CĂN CƯỚC CÔNG DÂN",
            f"Số: {_id_number(rng, born)}",
            f"Họ và tên: {name}",
            f"Ngày sinh: {born:%d/%m/%Y}",
            f"Quê quán: {rng.choice(PLACES)}",
        )
    return SmallDocument(kind, lines)


def card_image(document: SmallDocument, size: tuple[int, int] = CARD_SIZE) -> Image.Image:
    """Draw a document's lines on a small white card (the crop a clerk would scan of a form's head)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    y = 18
    for i, line in enumerate(document.lines):
        draw.text((22, y), line, font=_font(26 if i == 0 else 22, bold=i == 0), fill=INK)
        y += 52 if i == 0 else 44
    return image


def qr_image(payload: str, module_px: int) -> np.ndarray:
    """A QR code (gray, black on white, with its quiet zone) for `payload`, `module_px` pixels a module."""
    code = cv2.QRCodeEncoder.create().encode(payload)
    return cv2.resize(code, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


def receipt_page(dossier_id: str, rng: random.Random, dpi: int = 150) -> Image.Image:
    """An A4 one-stop receipt: QR code top left with the dossier code, title, dossier code, appointment."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    code, procedure = rng.choice(PROCEDURES)
    applicant = _name(rng)
    received = date(2000 + int(dossier_id[14:16]), int(dossier_id[16:18]), int(dossier_id[18:20]))
    payload = (
        f"MaHoSo:{dossier_id}\nMaTTHC:{code}\nNguoiNop:{applicant}\n"
        f"HeThong:Hệ thống thông tin giải quyết TTHC\nThoiGian:{received:%d/%m/%Y} 08:30"
    )
    qr = qr_image(payload, max(3, dpi // 30))
    margin = round(0.5 * dpi)
    image.paste(Image.fromarray(qr).convert("RGB"), (margin, margin))
    mm = dpi / 25.4
    x = margin + qr.shape[1] + round(8 * mm)
    draw.text((x, margin), "UBND XÃ ĐỨC TRỌNG", font=_font(round(dpi * 0.16), True), fill=INK)
    draw.text((x, margin + round(dpi * 0.25)), "BỘ PHẬN MỘT CỬA", font=_font(round(dpi * 0.14)), fill=INK)
    y = margin + max(qr.shape[0], round(dpi * 0.6)) + round(10 * mm)
    draw.text(
        (width // 2, y),
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        font=_font(round(dpi * 0.19), True),
        fill=INK,
        anchor="mt",
    )
    y += round(dpi * 0.5)
    body = (
        f"Mã hồ sơ: {dossier_id}",
        f"Tiếp nhận hồ sơ của: {applicant}",
        f"Thủ tục: {procedure} ({code})",
        f"Ngày nhận: {received:%d/%m/%Y}",
        f"Hẹn trả kết quả: {received + timedelta(days=5):%d/%m/%Y}",
    )
    for line in body:
        draw.text((margin, y), line, font=_font(round(dpi * 0.15)), fill=INK)
        y += round(dpi * 0.3)
    return image


def dossier_ids(count: int, received: date = date(2025, 11, 25)) -> list[str]:
    """`count` distinct dossier codes of one agency, numbered in order that day."""
    return [f"000.00.36.H36-{received:%y%m%d}-{n:04d}" for n in range(1, count + 1)]


def write_stack(path: Path, dossiers: list[tuple[str, list[Image.Image]]], rng: random.Random) -> dict:
    """Write receipt + pages for each dossier as one PDF; return the truth (where each dossier lies)."""
    pages: list[Image.Image] = []
    truth = []
    for dossier_id, images in dossiers:
        pages.append(receipt_page(dossier_id, rng))
        receipt = len(pages)
        pages.extend(images)
        truth.append({"dossier_id": dossier_id, "receipt": receipt, "pages": list(range(receipt + 1, len(pages) + 1))})
    path.parent.mkdir(parents=True, exist_ok=True)
    # Pillow sizes each PDF page by its pixels and this resolution; cards become small pages.
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=float(CARD_DPI))
    return {"file": path.name, "dossiers": truth}


def make_stack(path: Path, dossiers: int = 3, seed: int = 7, pages_per_dossier: tuple[int, int] = (1, 3)) -> dict:
    """A stack of `dossiers` dossiers with a few card pages each; the truth is also written beside it."""
    rng = random.Random(seed)
    content = []
    for dossier_id in dossier_ids(dossiers, date(2025, 11, 20 + seed % 5)):
        docs = [card_image(small_document(rng)) for _ in range(rng.randint(*pages_per_dossier))]
        content.append((dossier_id, docs))
    truth = write_stack(path, content, rng)
    path.with_name(path.name + ".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2))
    return truth


def make_folder(root: Path, dossiers: int = 8, files_per_dossier: int = 5, seed: int = 1) -> list[dict]:
    """One sub-folder per dossier holding small card scans (PNG and JPEG); returns one truth row per file."""
    rng = random.Random(seed)
    rows = []
    for dossier_id in dossier_ids(dossiers):
        folder = root / dossier_id
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, files_per_dossier + 1):
            document = small_document(rng)
            ext = "png" if n % 2 else "jpg"
            path = folder / f"scan-{n:03d}.{ext}"
            card_image(document).save(path, dpi=(CARD_DPI, CARD_DPI), **({"quality": 92} if ext == "jpg" else {}))
            rows.append({"file": f"{dossier_id}/{path.name}", "dossier_id": dossier_id, "doc_type": document.doc_type})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line: write a stack PDF or a dossier folder tree."""
    parser = argparse.ArgumentParser(prog="python -m samples.stacks", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("stack", "folder"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--dossiers", type=int, default=3)
    parser.add_argument("--files", type=int, default=5, help="files per dossier (folder)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.what == "stack":
        truth = make_stack(args.out, args.dossiers, args.seed)
        print(json.dumps(truth, ensure_ascii=False, indent=2))
    else:
        rows = make_folder(args.out, args.dossiers, args.files, args.seed)
        print(f"{len(rows)} files in {args.dossiers} dossier folders under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
