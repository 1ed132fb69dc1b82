"""Draw a Vietnamese ID card: the 2021 chip CCCD front (with a real QR code), or both faces of the 2024
Căn cước. `samples.cards` draws all four generations, both sides, MRZs and captures (issue #15) with
the pieces said once here: the card's background, writer, emblem, photo and chip, the real QR code
(`qr_text`, `qr_image`), the national header and the CCCD and Căn cước fronts (`cccd_front`,
`can_cuoc_front`, from a `Face`: what the front prints, altered on a tampered card).

Cards are drawn as if scanned at 600 dpi (85.6 × 54 mm → 2022 × 1276 px) so that their 6–9 pt print
is legible; `on_a4` places a card photocopy on an A4 page at 300 dpi (for multi-page PDF/TIFF dossiers).
Lines are recorded in reading order. Nothing here adds noise: that is `degrade.py`'s job.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .documents import NATIONAL_MOTTO, NATIONAL_NAME, Card, dmy
from .people import Person, upper_first
from .render import A4_INCHES, Rendered, font, nfc

CARD_DPI = 600
CARD_SIZE = (2022, 1276)
RED = (196, 28, 36)
INK = (24, 24, 28)
LABEL = (44, 44, 52)


class _Writer:
    """Draws text on a card and keeps the printed lines in reading order."""

    def __init__(self, image: Image.Image) -> None:
        self.draw = ImageDraw.Draw(image)
        self.lines: list[str] = []

    def width(self, text: str, size: int, style: str = "regular", family: str = "dejavu-sans") -> int:
        return round(font(family, style, size).getlength(nfc(text)))

    def put(
        self,
        x: int,
        baseline: int,
        parts: list[tuple[str, str, int]],
        fill: tuple[int, int, int] = INK,
        family: str = "dejavu-sans",
        center: bool = False,
        record: bool = True,
    ) -> int:
        """Draw (text, style, size) parts on one baseline; return the x after the last part."""
        gap = round(parts[0][2] * 0.3)
        total = sum(self.width(t, s, st, family) for t, st, s in parts) + gap * (len(parts) - 1)
        if center:
            x -= total // 2
        for text, style, size in parts:
            colour = fill if style != "regular" else (LABEL if fill == INK else fill)
            self.draw.text((x, baseline), nfc(text), font=font(family, style, size), fill=colour, anchor="ls")
            x += self.width(text, size, style, family) + gap
        if record:
            self.lines.append(" ".join(nfc(t) for t, _, _ in parts))
        return x

    def wrapped(self, x: int, baseline: int, text: str, size: int, max_width: int, step: int) -> int:
        """Draw bold text wrapped at commas/spaces within max_width; return the next baseline."""
        words, row = nfc(text).split(" "), ""
        for word in words:
            trial = f"{row} {word}".strip()
            if row and self.width(trial, size, "bold") > max_width:
                self.put(x, baseline, [(row, "bold", size)])
                baseline += step
                row = word
            else:
                row = trial
        if row:
            self.put(x, baseline, [(row, "bold", size)])
            baseline += step
        return baseline


def _background(rng: random.Random, tint: tuple[int, int, int]) -> Image.Image:
    """Pale security print: a soft gradient, guilloche waves and a faint emblem watermark."""
    w, h = CARD_SIZE
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.empty((h, w, 3), np.float32)
    for c in range(3):
        base[..., c] = 247 - (247 - tint[c]) * (0.4 + 0.6 * xx / w) * (0.7 + 0.3 * yy / h)
    image = Image.fromarray(base.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    phase = rng.random() * math.tau
    for k in range(0, h + 200, 26):
        points = [(x, k + 38 * math.sin(x / 97 + phase + k / 55)) for x in range(0, w + 20, 20)]
        draw.line(points, fill=tuple(min(255, c + 6) for c in tint), width=2)
    cx, cy, r = w // 2 + 150, h // 2 + 80, 330
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=tuple(max(0, c - 10) for c in tint), width=6)
    return image


def _emblem(draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int) -> None:
    """A simplified national emblem: red disc, gold ring, yellow star."""
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(214, 168, 60))
    draw.ellipse((cx - r + 12, cy - r + 12, cx + r - 12, cy + r - 12), fill=RED)
    _star(draw, cx, cy - r // 8, r * 0.45, (250, 214, 40))


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: tuple[int, ...]) -> None:
    """A five-pointed star."""
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _qr(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, payload: str) -> None:
    """A QR-like block (three finder squares and data modules derived from the payload)."""
    n = 29
    cell = size // n
    bits = "".join(f"{b:08b}" for b in hashlib.sha256(payload.encode()).digest() * 4)
    draw.rectangle((x - cell, y - cell, x + n * cell + cell, y + n * cell + cell), fill="white")
    k = 0
    for row in range(n):
        for col in range(n):
            finder = (row < 8 and col < 8) or (row < 8 and col >= n - 8) or (row >= n - 8 and col < 8)
            if finder:
                continue
            if bits[k % len(bits)] == "1":
                draw.rectangle(
                    (x + col * cell, y + row * cell, x + (col + 1) * cell - 1, y + (row + 1) * cell - 1), fill="black"
                )
            k += 1
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        ox, oy = x + fx * cell, y + fy * cell
        draw.rectangle((ox, oy, ox + 7 * cell - 1, oy + 7 * cell - 1), fill="black")
        draw.rectangle((ox + cell, oy + cell, ox + 6 * cell - 1, oy + 6 * cell - 1), fill="white")
        draw.rectangle((ox + 2 * cell, oy + 2 * cell, ox + 5 * cell - 1, oy + 5 * cell - 1), fill="black")


def qr_text(number: str, old_number: str, person: Person, issued: date) -> str:
    """The payload a card's QR code holds (the real shape: `ocr.idcard.qr`)."""
    from ocr.idcard.qr import payload

    p = person
    return payload(
        number,
        old_number,
        p.full_name,
        p.date_of_birth.isoformat(),
        p.sex,
        upper_first(p.residence),
        issued.isoformat(),
    )


def qr_image(text: str, size: int, level: int = cv2.QRCodeEncoder_CORRECT_LEVEL_M) -> Image.Image:
    """A real QR code of `text` (UTF-8), `size` pixels square with its quiet zone, at error correction `level`."""
    params = cv2.QRCodeEncoder.Params()
    params.correction_level = level
    code = cv2.QRCodeEncoder.create(params).encode(text)
    code = cv2.copyMakeBorder(code, 3, 3, 3, 3, cv2.BORDER_CONSTANT, value=255)
    return Image.fromarray(cv2.resize(code, (size, size), interpolation=cv2.INTER_NEAREST)).convert("RGB")


def _photo(image: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """A portrait placeholder: pale background, dark hair, a face and shoulders in muted tones."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    portrait = Image.new("RGB", (w, h), (214, 224, 236))
    draw = ImageDraw.Draw(portrait)
    cx = w // 2
    skin = rng.choice([(226, 190, 160), (214, 176, 142), (236, 204, 178)])
    draw.ellipse((cx - w * 0.48, h * 0.7, cx + w * 0.48, h * 1.3), fill=(40, 48, 70))
    draw.rectangle((cx - w * 0.1, h * 0.55, cx + w * 0.1, h * 0.75), fill=skin)
    draw.ellipse((cx - w * 0.24, h * 0.14, cx + w * 0.24, h * 0.64), fill=skin)
    draw.chord((cx - w * 0.26, h * 0.1, cx + w * 0.26, h * 0.46), 180, 360, fill=(30, 26, 24))
    draw.rectangle((0, 0, w - 1, h - 1), outline=(150, 160, 170), width=3)
    image.paste(portrait, (x0, y0))


def _chip(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """The gold contact chip."""
    draw.rounded_rectangle((x, y, x + 200, y + 160), radius=24, fill=(212, 178, 96), outline=(150, 120, 60), width=4)
    for dx in (66, 134):
        draw.line([(x + dx, y + 10), (x + dx, y + 150)], fill=(150, 120, 60), width=4)
    draw.line([(x + 10, y + 80), (x + 190, y + 80)], fill=(150, 120, 60), width=4)


def expiry_text(expiry: date | None) -> str:
    """The printed expiry: a date, or 'Không thời hạn' for cards issued after 58."""
    return dmy(expiry) if expiry else "Không thời hạn"


@dataclass(frozen=True)
class Face:
    """What a card's front prints (on a tampered card, the altered values)."""

    number: str
    full_name: str
    born: str  # as printed, dd/mm/yyyy
    sex: str
    origin: str = ""
    residence: str = ""
    expiry: date | None = None


def header(w: _Writer, mid: int, bilingual: bool) -> None:
    """The national name and motto centred on `mid`, with their English lines on a bilingual card."""
    w.put(mid, 96, [(NATIONAL_NAME, "bold", 46)], center=True)
    w.put(mid, 154, [(NATIONAL_MOTTO, "bold", 42)], center=True)
    if bilingual:
        w.put(mid, 208, [("SOCIALIST REPUBLIC OF VIET NAM", "regular", 36)], center=True)
        w.put(mid, 254, [("Independence - Freedom - Happiness", "regular", 34)], center=True)


def cccd_front(
    face: Face, rng: random.Random, *, chip: bool, mid: int, qr: tuple[Image.Image, tuple[int, int]] | None
) -> tuple[Image.Image, list[str]]:
    """Front of the CCCD: the chip card of 2021 (Circular 06/2021/TT-BCA, bilingual) or the 2016 card."""
    image = _background(rng, (200, 226, 214) if chip else (214, 230, 206))
    w = _Writer(image)
    _emblem(w.draw, 170, 190, 120)
    if qr is not None:
        image.paste(*qr)
    header(w, mid, chip)
    w.put(mid, 336 if chip else 300, [("CĂN CƯỚC CÔNG DÂN", "bold", 66)], fill=RED, center=True)
    if chip:
        w.put(mid, 392, [("Citizen Identity Card", "bold", 40)], center=True)
    _photo(image, (70, 440, 470, 960), rng)
    x, en = 540, chip
    w.put(x, 490, [("Số / No.:" if en else "Số:", "regular", 36), (face.number, "bold", 60)])
    w.put(x, 568, [("Họ và tên / Full name:" if en else "Họ và tên:", "regular", 34)])
    w.put(x, 640, [(face.full_name, "bold", 54)])
    birth_label = "Ngày sinh / Date of birth:" if en else "Ngày, tháng, năm sinh:"
    w.put(x, 712, [(birth_label, "regular", 34), (face.born, "bold", 42)])
    sex_label, nat_label = ("Giới tính / Sex:", "Quốc tịch / Nationality:") if en else ("Giới tính:", "Quốc tịch:")
    w.put(x, 780, [(sex_label, "regular", 34), (face.sex, "bold", 42)], record=False)
    w.put(x + 560, 780, [(nat_label, "regular", 34), ("Việt Nam", "bold", 42)], record=False)
    w.lines.append(f"{sex_label} {face.sex} {nat_label} Việt Nam")
    w.put(x, 846, [("Quê quán / Place of origin:" if en else "Quê quán:", "regular", 34)])
    y = w.wrapped(x, 906, face.origin, 42, 1420, 60)
    w.put(x, y + 6, [("Nơi thường trú / Place of residence:" if en else "Nơi thường trú:", "regular", 34)])
    w.wrapped(x, y + 66, face.residence, 42, 1420, 60)
    w.put(60, 1150, [("Có giá trị đến / Date of expiry:" if en else "Có giá trị đến:", "regular", 30)])
    w.put(60, 1210, [(expiry_text(face.expiry), "bold", 42)])
    return image, w.lines


def can_cuoc_front(
    face: Face, rng: random.Random, *, mid: int, qr: tuple[Image.Image, tuple[int, int]] | None
) -> tuple[Image.Image, list[str]]:
    """Front of the 2024 Căn cước (Circular 16/2024/TT-BCA)."""
    front = _background(rng, (214, 222, 240))
    w = _Writer(front)
    _emblem(w.draw, 170, 180, 115)
    if qr is not None:
        front.paste(*qr)
    w.put(mid, 92, [(NATIONAL_NAME, "bold", 46)], center=True)
    w.put(mid, 144, [("SOCIALIST REPUBLIC OF VIET NAM", "regular", 36)], center=True)
    w.put(mid, 196, [(NATIONAL_MOTTO, "bold", 40)], center=True)
    w.put(mid, 240, [("Independence - Freedom - Happiness", "regular", 34)], center=True)
    w.put(mid, 330, [("CĂN CƯỚC", "bold", 74)], fill=RED, center=True)
    w.put(mid, 390, [("IDENTITY CARD", "bold", 42)], center=True)
    _photo(front, (70, 420, 470, 940), rng)
    _chip(w.draw, 170, 1010)
    x = 540
    w.put(x, 476, [("Số định danh cá nhân / Personal identification number:", "regular", 32)])
    w.put(x, 548, [(face.number, "bold", 60)])
    w.put(x, 626, [("Họ, chữ đệm và tên khai sinh / Full name:", "regular", 32)])
    w.put(x, 696, [(face.full_name, "bold", 54)])
    w.put(x, 776, [("Ngày, tháng, năm sinh / Date of birth:", "regular", 32), (face.born, "bold", 42)])
    w.put(x, 850, [("Giới tính / Sex:", "regular", 32), (face.sex, "bold", 42)], record=False)
    w.put(x + 560, 850, [("Quốc tịch / Nationality:", "regular", 32), ("Việt Nam", "bold", 42)], record=False)
    w.lines.append(f"Giới tính / Sex: {face.sex} Quốc tịch / Nationality: Việt Nam")
    return front, w.lines


def _face(card: Card) -> Face:
    p = card.person
    return Face(
        p.id_number,
        p.full_name,
        dmy(p.date_of_birth),
        p.sex,
        upper_first(p.origin.text()),
        upper_first(p.residence),
        card.expiry,
    )


def _cccd_front(card: Card, rng: random.Random) -> tuple[Image.Image, list[str]]:
    """Front of the 2021 chip CCCD, its real QR code (error correction L) top right."""
    code = qr_image(
        qr_text(card.person.id_number, "", card.person, card.issued), 230, cv2.QRCodeEncoder_CORRECT_LEVEL_L
    )
    return cccd_front(_face(card), rng, chip=True, mid=1040, qr=(code, (1760, 50)))


def _cancuoc_faces(card: Card, rng: random.Random) -> tuple[Image.Image, Image.Image, list[str]]:
    """Front and back of the 2024 Căn cước (the back with a QR-like block, not a real code)."""
    p = card.person
    front, lines = can_cuoc_front(_face(card), rng, mid=1100, qr=None)
    back = _background(rng, (226, 218, 236))
    b = _Writer(back)
    _qr(b.draw, 1760, 70, 200, p.id_number + card.issued.isoformat())
    x = 70
    b.put(x, 120, [("Nơi cư trú / Place of residence:", "regular", 34)])
    y = b.wrapped(x, 184, upper_first(p.residence), 42, 1600, 60)
    b.put(x, y + 10, [("Nơi đăng ký khai sinh / Place of birth:", "regular", 34)])
    y = b.wrapped(x, y + 74, upper_first(p.origin.text()), 42, 1600, 60)
    b.put(x, y + 20, [("Ngày, tháng, năm cấp / Date of issue:", "regular", 34), (dmy(card.issued), "bold", 42)])
    b.put(
        x,
        y + 90,
        [("Ngày, tháng, năm hết hạn / Date of expiry:", "regular", 34), (expiry_text(card.expiry), "bold", 42)],
    )
    b.put(1500, 1000, [("BỘ CÔNG AN", "bold", 44)], center=True)
    b.put(1500, 1054, [("MINISTRY OF PUBLIC SECURITY", "bold", 34)], center=True)
    return front, back, lines + b.lines


def _rounded(face: Image.Image, backdrop: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """Round the card corners (radius 3 mm) over the scanner's white backdrop."""
    mask = Image.new("L", face.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, face.width - 1, face.height - 1), radius=71, fill=255)
    out = Image.new("RGB", face.size, backdrop)
    out.paste(face, (0, 0), mask)
    ImageDraw.Draw(out).rounded_rectangle(
        (0, 0, face.width - 1, face.height - 1), radius=71, outline=(180, 180, 180), width=3
    )
    return out


def render_card(card: Card, rng: random.Random) -> Rendered:
    """The card as scanned at 600 dpi: one face (chip CCCD) or front above back (Căn cước)."""
    margin = 60
    if card.variant == "cccd":
        face, lines = _cccd_front(card, rng)
        page = Image.new("RGB", (CARD_SIZE[0] + 2 * margin, CARD_SIZE[1] + 2 * margin), "white")
        page.paste(_rounded(face), (margin, margin))
        faces = [(margin, margin)]
    else:
        front, back, lines = _cancuoc_faces(card, rng)
        page = Image.new("RGB", (CARD_SIZE[0] + 2 * margin, 2 * CARD_SIZE[1] + 3 * margin + 60), "white")
        page.paste(_rounded(front), (margin, margin))
        page.paste(_rounded(back), (margin, CARD_SIZE[1] + 2 * margin + 60))
        faces = [(margin, margin), (margin, CARD_SIZE[1] + 2 * margin + 60)]
    x, y = faces[-1]
    anchors = {
        "signer": (x + 1100, y + 820, x + 1900, y + 1120),
        "signature": (x + 1150, y + 1000, x + 1850, y + 1200),
        "card": (x, y, x + CARD_SIZE[0], y + CARD_SIZE[1]),
    }
    return Rendered(np.asarray(page), CARD_DPI, tuple(nfc(line) for line in lines), anchors)


def on_a4(card: Rendered, dpi: int = 300, enlarge: float = 1.5) -> Rendered:
    """A photocopy of the card(s) on an A4 page at `dpi`, enlarged 150% as counters usually copy cards
    (6 pt card print would otherwise be only 25 px tall), placed near the top."""
    scale = dpi * enlarge / card.dpi
    small = cv2.resize(card.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    page = np.full((height, width, 3), 255, np.uint8)
    x, y = (width - small.shape[1]) // 2, round(dpi * 1.0)
    page[y : y + small.shape[0], x : x + small.shape[1]] = small
    anchors = {
        k: (x + round(a * scale), y + round(b * scale), x + round(c * scale), y + round(d * scale))
        for k, (a, b, c, d) in card.anchors.items()
    }
    return Rendered(page, dpi, card.lines, anchors)
