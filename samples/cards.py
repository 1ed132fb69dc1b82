"""Identity cards as they are really issued, both sides, and the ways they reach a counter.

Four generations (`KINDS`): the old 9-digit CMND, the 12-digit CCCD of 2016, the chip CCCD of 2021
(real QR code top right of the front, ICAO TD1 MRZ in OCR-B on the back) and the Căn cước of 2024
(QR on the front; residence, place of birth registration, issue and expiry dates and the MRZ on
the back). QR codes are real (OpenCV's `QRCodeEncoder`) and hold the real payload shape; MRZs have
correct check digits. `tamper` alters the print of a card after issue (its QR is left as issued).

Captures (`CAPTURES`): a 600-dpi scan, a small phone photo (600–700 px across), a photo with glare,
the card on a desk with its background, and a black-and-white photocopy of both sides on one A4
page at 150 dpi. `truth` gives the fields a reader should find on the whole card.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.idcard.mrz import mrz_lines

from . import people
from .card import (
    CARD_SIZE,
    RED,
    Face,
    _background,
    _chip,
    _emblem,
    _photo,
    _rounded,
    _Writer,
    can_cuoc_front,
    cccd_front,
    expiry_text,
    qr_image,
)
from .card import qr_text as card_qr_text
from .documents import NATIONAL_MOTTO, NATIONAL_NAME, dmy, upper_first
from .people import Person

KINDS = ("cmnd", "cccd", "cccd_chip", "can_cuoc")
CAPTURES = ("scan", "phone", "glare", "desk", "photocopy")
OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
MARKS = (
    "Nốt ruồi C:1cm trên sau đuôi mắt trái",
    "Sẹo chấm C:2cm dưới trước cằm",
    "Nốt ruồi C:1,5cm dưới sau mép phải",
    "Sẹo chấm C:3cm trên đầu mày phải",
    "Nốt ruồi C:2cm dưới trước cánh mũi trái",
)
OFFICERS = ("Nguyễn Văn Long", "Tô Văn Huệ", "Trần Quốc Hưng", "Lê Văn Phú")


@dataclass(frozen=True)
class IdCard:
    """One issued card; `printed` overrides what the print shows (a tampered card), QR and MRZ stay true."""

    kind: str
    person: Person
    number: str  # 9 digits on a cmnd, else the 12-digit personal ID
    old_number: str  # the holder's earlier CMND number, or ""
    issued: date
    expiry: date | None
    mark: str
    officer: str
    printed: dict[str, str] = field(default_factory=dict)

    def shown(self, name: str, value: str) -> str:
        """The value the print shows for a field (altered on a tampered card)."""
        return self.printed.get(name, value)


@lru_cache(maxsize=8)
def _ocrb(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(OCRB, size)


def random_card(rng: random.Random, kind: str) -> IdCard:
    """A card of `kind` for a random holder, issued when that generation was."""
    windows = {
        "cmnd": (date(2003, 1, 1), date(2015, 12, 31)),
        "cccd": (date(2016, 6, 1), date(2020, 12, 31)),
        "cccd_chip": (date(2021, 1, 15), date(2024, 6, 28)),
        "can_cuoc": (date(2024, 7, 1), date(2025, 11, 20)),
    }
    earliest, latest = windows[kind]
    person = people.random_person(rng, (date(1962, 1, 1), date(latest.year - 15, 12, 31)))
    fourteen = person.date_of_birth.replace(year=person.date_of_birth.year + 14)
    issued = people.random_date(rng, max(earliest, fourteen), max(latest, fourteen))
    expiry = None if kind == "cmnd" else people.card_expiry(person.date_of_birth, issued)
    cmnd = f"{rng.randint(1, 38):02d}{rng.randint(0, 9_999_999):07d}"
    old = cmnd if kind in {"cccd_chip", "can_cuoc"} and rng.random() < 0.6 else ""
    return IdCard(
        kind,
        person,
        cmnd if kind == "cmnd" else person.id_number,
        old,
        issued,
        expiry,
        rng.choice(MARKS),
        rng.choice(OFFICERS),
    )


def tamper(card: IdCard, rng: random.Random) -> tuple[IdCard, str]:
    """The card with one printed value altered (what a forged photocopy shows); the field altered."""
    p = card.person
    choice = rng.choice(["date_of_birth", "full_name", "id_number"])
    if choice == "date_of_birth":
        born = p.date_of_birth
        altered = born.replace(year=born.year - rng.choice([1, 2, 3, 5]))
        return replace(card, printed={"date_of_birth": dmy(altered)}), choice
    if choice == "full_name":
        words = p.full_name.split()
        other = people.random_name(rng, p.sex, surname=words[0].title()).split()
        words[-1] = other[-1] if other[-1] != words[-1] else "MINH"
        return replace(card, printed={"full_name": " ".join(words)}), choice
    digits = list(card.number)
    i = rng.randrange(len(digits) - 6, len(digits))
    digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
    return replace(card, printed={"id_number": "".join(digits)}), choice


def qr_text(card: IdCard) -> str:
    """The payload the card's QR code holds."""
    return card_qr_text(card.number, card.old_number, card.person, card.issued)


def _face(card: IdCard) -> Face:
    """The front's print: true values, or the altered ones of a tampered card."""
    p = card.person
    return Face(
        card.shown("id_number", card.number),
        card.shown("full_name", p.full_name),
        card.shown("date_of_birth", dmy(p.date_of_birth)),
        p.sex,
        upper_first(p.origin.text()),
        upper_first(p.residence),
        card.expiry,
    )


def _mrz(image: Image.Image, card: IdCard) -> list[str]:
    p = card.person
    lines = mrz_lines(
        card.number, p.date_of_birth.isoformat(), p.sex, card.expiry.isoformat() if card.expiry else None, p.full_name
    )
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 960, CARD_SIZE[0], CARD_SIZE[1]), fill=(250, 250, 250))
    for i, line in enumerate(lines):
        draw.text((110, 1050 + i * 92), line, font=_ocrb(78), fill=(20, 20, 24), anchor="ls")
    return list(lines)


def _fingerprints(w: _Writer, x: int, y: int, bilingual: bool) -> None:
    for dx, label in ((0, "Ngón trỏ trái"), (330, "Ngón trỏ phải")):
        w.draw.rounded_rectangle((x + dx, y, x + dx + 280, y + 330), radius=30, outline=(120, 120, 130), width=4)
        for r in range(20, 120, 16):
            w.draw.arc(
                (x + dx + 140 - r, y + 190 - r, x + dx + 140 + r, y + 190 + r), 200, 340, fill=(150, 150, 160), width=3
            )
        w.put(x + dx + 140, y - 20, [(label, "regular", 28)], center=True, record=False)
    w.lines.append("Ngón trỏ trái Ngón trỏ phải")


def _cmnd(card: IdCard, rng: random.Random) -> tuple[Image.Image, Image.Image, list[str], list[str]]:
    p = card.person
    front = _background(rng, (196, 214, 236))
    w = _Writer(front)
    _emblem(w.draw, 250, 330, 170)
    mid = 1260
    w.put(mid, 110, [(NATIONAL_NAME, "bold", 44)], center=True)
    w.put(mid, 166, [(NATIONAL_MOTTO, "bold", 40)], center=True)
    w.put(mid, 270, [("GIẤY CHỨNG MINH NHÂN DÂN", "bold", 64)], fill=RED, center=True)
    w.put(mid, 370, [("SỐ", "bold", 56), (card.shown("id_number", card.number), "bold", 68)], fill=RED, center=True)
    _photo(front, (80, 560, 460, 1060), rng)
    x = 540
    w.put(x, 500, [("Họ tên:", "regular", 40), (card.shown("full_name", p.full_name), "bold", 54)])
    born = card.shown("date_of_birth", dmy(p.date_of_birth)).replace("/", "-")
    w.put(x, 600, [("Sinh ngày:", "regular", 40), (born, "bold", 48)])
    w.put(x, 700, [("Nguyên quán:", "regular", 40)])
    y = w.wrapped(x, 770, upper_first(p.origin.text()), 44, 1420, 64)
    w.put(x, y + 10, [("Nơi ĐKHK thường trú:", "regular", 40)])
    w.wrapped(x, y + 80, upper_first(p.residence), 44, 1420, 64)

    back = _background(rng, (200, 216, 236))
    b = _Writer(back)
    b.put(80, 130, [("Dân tộc:", "regular", 40), (p.ethnicity, "bold", 46)], record=False)
    b.put(900, 130, [("Tôn giáo:", "regular", 40), ("Không", "bold", 46)], record=False)
    b.lines.append(f"Dân tộc: {p.ethnicity} Tôn giáo: Không")
    b.put(80, 240, [("DẤU VẾT RIÊNG VÀ DỊ HÌNH", "bold", 40)])
    b.put(80, 310, [(card.mark, "bold", 42)])
    b.put(
        1300,
        470,
        [(f"Ngày {card.issued.day:02d} tháng {card.issued.month:02d} năm {card.issued.year}", "regular", 40)],
        center=True,
    )
    b.put(1300, 540, [("GIÁM ĐỐC CÔNG AN TỈNH", "bold", 40)], center=True)
    b.put(1300, 900, [(card.officer.upper(), "bold", 42)], center=True)
    _fingerprints(b, 90, 520, False)
    return front, back, w.lines, b.lines


def _cccd(card: IdCard, rng: random.Random, chip: bool) -> tuple[Image.Image, Image.Image, list[str], list[str]]:
    qr = (qr_image(qr_text(card), 300), (1690, 30)) if chip else None
    front, front_lines = cccd_front(_face(card), rng, chip=chip, mid=1000 if chip else 1080, qr=qr)
    en = chip

    back = _background(rng, (214, 226, 222))
    b = _Writer(back)
    b.put(80, 120, [("Đặc điểm nhận dạng / Personal identification:" if en else "Đặc điểm nhận dạng:", "regular", 36)])
    b.put(80, 186, [(card.mark, "bold", 42)])
    issued = dmy(card.issued)
    if en:
        b.put(80, 290, [("Ngày, tháng, năm / Date, month, year:", "regular", 36), (issued, "bold", 42)])
        b.put(1280, 380, [("CỤC TRƯỞNG CỤC CẢNH SÁT", "bold", 36)], center=True)
        b.put(1280, 430, [("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", "bold", 36)], center=True)
        b.put(1280, 480, [("DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "regular", 28)], center=True)
        b.put(1280, 830, [(card.officer.upper(), "bold", 42)], center=True)
        _chip(b.draw, 1760, 300)
        _fingerprints(b, 90, 420, True)
        b.lines.extend(_mrz(back, card))
    else:
        b.put(
            80,
            290,
            [(f"Ngày {card.issued.day:02d} tháng {card.issued.month:02d} năm {card.issued.year}", "regular", 40)],
        )
        b.put(1280, 400, [("CỤC TRƯỞNG CỤC CẢNH SÁT", "bold", 38)], center=True)
        b.put(1280, 452, [("ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ", "bold", 38)], center=True)
        b.put(1280, 900, [(card.officer.upper(), "bold", 42)], center=True)
        _fingerprints(b, 90, 470, False)
        for i in range(60):  # the 2016 card's one-dimensional barcode
            bx = 1300 + i * 11
            if (i * 7 + len(card.number)) % 3:
                b.draw.rectangle((bx, 1050, bx + 5, 1200), fill=(20, 20, 20))
    return front, back, front_lines, b.lines


def _can_cuoc(card: IdCard, rng: random.Random) -> tuple[Image.Image, Image.Image, list[str], list[str]]:
    p = card.person
    front, front_lines = can_cuoc_front(_face(card), rng, mid=1000, qr=(qr_image(qr_text(card), 300), (1690, 30)))

    back = _background(rng, (226, 218, 236))
    b = _Writer(back)
    x = 70
    b.put(x, 110, [("Nơi cư trú / Place of residence:", "regular", 34)])
    y = b.wrapped(x, 172, upper_first(p.residence), 42, 1600, 58)
    b.put(x, y + 4, [("Nơi đăng ký khai sinh / Place of birth:", "regular", 34)])
    y = b.wrapped(x, y + 66, upper_first(p.origin.text()), 42, 1600, 58)
    b.put(x, y + 10, [("Ngày, tháng, năm cấp / Date of issue:", "regular", 34), (dmy(card.issued), "bold", 42)])
    b.put(
        x,
        y + 74,
        [("Ngày, tháng, năm hết hạn / Date of expiry:", "regular", 34), (expiry_text(card.expiry), "bold", 42)],
    )
    b.put(1500, y + 150, [("BỘ CÔNG AN", "bold", 40)], center=True)
    b.put(1500, y + 196, [("MINISTRY OF PUBLIC SECURITY", "bold", 30)], center=True)
    b.lines.extend(_mrz(back, card))
    return front, back, front_lines, b.lines


def draw(card: IdCard, rng: random.Random) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Front and back of the card at 600 dpi (RGB, rounded corners on white) and their printed lines."""
    if card.kind == "cmnd":
        front, back, fl, bl = _cmnd(card, rng)
    elif card.kind == "can_cuoc":
        front, back, fl, bl = _can_cuoc(card, rng)
    else:
        front, back, fl, bl = _cccd(card, rng, chip=card.kind == "cccd_chip")
    return np.asarray(_rounded(front)), np.asarray(_rounded(back)), fl, bl


def truth(card: IdCard) -> dict[str, str]:
    """The fields a reader should return for the whole card (both sides), true values, not the print."""
    p = card.person
    out = {
        "id_number": card.number,
        "full_name": p.full_name,
        "date_of_birth": p.date_of_birth.isoformat(),
        "place_of_residence": upper_first(p.residence),
    }
    if card.kind != "cmnd":
        out |= {"sex": p.sex, "nationality": "Việt Nam"}
        if card.expiry:
            out["date_of_expiry"] = card.expiry.isoformat()
    if card.kind != "can_cuoc":
        out["place_of_origin"] = upper_first(p.origin.text())
        out["personal_identification"] = card.mark
    else:
        out["place_of_birth"] = upper_first(p.origin.text())
    out["issue_date"] = card.issued.isoformat()
    if card.old_number:
        out["old_id_number"] = card.old_number
    return out


# ---- captures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capture:
    """What is uploaded: one or two images (RGB), their dpi, and whether they are JPEG photos."""

    images: tuple[np.ndarray, ...]
    dpi: int
    photo: bool


def _on_background(
    face: np.ndarray, rng: np.random.Generator, width: int, margin: float, desk: bool, angle: float
) -> np.ndarray:
    scale = width / face.shape[1]
    small = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    pad_x, pad_y = int(w * margin), int(h * margin)
    out_h, out_w = h + 2 * pad_y, w + 2 * pad_x
    if desk:
        base = np.array([96, 70, 48] if rng.random() < 0.6 else [80, 82, 86], np.float32)
        grain = cv2.resize(
            rng.normal(0, 1, (out_h // 6 + 1, max(2, out_w // 90))).astype(np.float32),
            (out_w, out_h),
            interpolation=cv2.INTER_CUBIC,
        )
        canvas = (base * (1 + 0.12 * grain)[..., None]).clip(0, 255)
    else:
        canvas = np.full((out_h, out_w, 3), rng.uniform(150, 200), np.float32)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[:, 2] += (pad_x, pad_y)
    warped = cv2.warpAffine(small, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR).astype(np.float32)
    mask = cv2.warpAffine(np.full((h, w), 1, np.float32), matrix, (out_w, out_h))[..., None]
    return warped * mask + canvas * (1 - mask)


def _glare(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx, gy = rng.uniform(0.25, 0.6) * w, rng.uniform(0.3, 0.7) * h
    spot = np.exp(-(((xx - gx) / (0.16 * w)) ** 2 + ((yy - gy) / (0.22 * h)) ** 2))
    return image + (255 - image) * (0.75 * spot)[..., None]


def _finish_photo(image: np.ndarray, rng: np.random.Generator, blur: float) -> np.ndarray:
    image = cv2.GaussianBlur(image.clip(0, 255).astype(np.uint8), (0, 0), blur)
    noise = rng.normal(0, 2.5, image.shape).astype(np.float32)
    return (image.astype(np.float32) + noise).clip(0, 255).astype(np.uint8)


def capture(front: np.ndarray, back: np.ndarray, kind: str, rng: np.random.Generator) -> Capture:
    """The card as it is uploaded in the capture `kind` (one of `CAPTURES`)."""
    if kind == "scan":
        pad = [cv2.copyMakeBorder(f, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=(255, 255, 255)) for f in (front, back)]
        return Capture(tuple(pad), 600, False)
    if kind == "photocopy":
        return Capture((_photocopy(front, back, rng),), 150, False)
    width = {"phone": int(rng.uniform(600, 700)), "glare": 1100, "desk": int(rng.uniform(950, 1250))}[kind]
    out = []
    for face in (front, back):
        image = _on_background(face, rng, width, 0.08 if kind != "desk" else 0.25, kind == "desk", rng.uniform(-3, 3))
        if kind == "glare":
            image = _glare(image, rng)
        out.append(_finish_photo(image, rng, rng.uniform(0.5, 0.9) if kind == "phone" else 0.7))
    return Capture(tuple(out), round(600 * width / front.shape[1]), True)


def _photocopy(front: np.ndarray, back: np.ndarray, rng: np.random.Generator, dpi: int = 150) -> np.ndarray:
    """Both sides copied at 150% on one A4 page, black and white, at `dpi`."""
    scale = dpi * 1.5 / 600
    faces = [
        cv2.resize(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        for f in (front, back)
    ]
    width, height = round(8.2677 * dpi), round(11.6929 * dpi)
    page = np.full((height, width), 255, np.uint8)
    x = (width - faces[0].shape[1]) // 2
    y = round(dpi * 0.8)
    for face in faces:
        page[y : y + face.shape[0], x : x + face.shape[1]] = face
        y += face.shape[0] + round(dpi * 0.6)
    gray = cv2.GaussianBlur(page, (0, 0), 0.5).astype(np.float32) * rng.uniform(0.95, 1.05)
    bw = np.where(gray < 165, 0, 255).astype(np.uint8)
    return cv2.cvtColor(bw, cv2.COLOR_GRAY2RGB)


def sample(
    seed: int, index: int, kind: str, capture_kind: str, tampered: bool = False
) -> tuple[IdCard, Capture, str | None]:
    """One generated card: the card, its capture, and the field altered on a tampered card."""
    rng = random.Random(seed * 100_003 + index)
    card = random_card(rng, kind)
    altered = None
    if tampered:
        card, altered = tamper(card, rng)
    front, back, _, _ = draw(card, rng)
    return card, capture(front, back, capture_kind, np.random.default_rng(seed * 7919 + index)), altered
