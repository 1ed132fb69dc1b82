"""Degradation classes: pure, seeded functions from a clean rendered page to what a counter receives.

Each class takes the clean page (RGB uint8) and a `numpy.random.Generator` and returns a `Degraded`
page (pixels, the true dpi, the clockwise rotation applied, and how the file should be encoded).
They damage the image the way real scanners, phones, seals and fax machines do, but never beyond
recovery: seals are semi-transparent ink, blur stays below what merges diacritics, nothing is cropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .render import Rendered, font

SEAL_RED = np.array([206, 32, 44], np.float32)
SIGNATURE_BLUE = np.array([28, 48, 150], np.float32)


@dataclass(frozen=True)
class Degraded:
    """A degraded page: pixels (RGB, L, or L with only 0/255 for bilevel), true dpi, clockwise rotation,
    and the encoding the file should use ('png', 'jpeg', 'bilevel')."""

    image: np.ndarray
    dpi: int
    rotation: int = 0
    encoding: str = "png"
    jpeg_quality: int = 90
    file_dpi: int | None = None  # dpi written in the file's metadata, when it differs from the truth


def _gray_if_plain(image: np.ndarray) -> np.ndarray:
    """Keep colour only when the page has any (cards, seals); black-and-white forms become L."""
    sample = image[::3, ::3]
    spread = sample.max(axis=2).astype(np.int16) - sample.min(axis=2).astype(np.int16)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if int(spread.max()) < 12 else image


def _noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Additive gaussian sensor noise."""
    noisy = image.astype(np.float32) + rng.standard_normal(image.shape, dtype=np.float32) * np.float32(sigma)
    return noisy.clip(0, 255).astype(np.uint8)


def _rotate_expand(image: np.ndarray, angle: float, border: tuple[int, int, int]) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees, enlarging the canvas so nothing is cut off."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, matrix, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=border)


def _coarse(h: int, w: int, fn: object, step: int = 8) -> np.ndarray:
    """A smooth float32 field fn(yy, xx) in [0, 1] page coordinates, computed coarsely and upscaled."""
    yy, xx = np.mgrid[0:h:step, 0:w:step].astype(np.float32)
    field = fn(yy / h, xx / w).astype(np.float32)  # type: ignore[operator]
    return cv2.resize(field, (w, h), interpolation=cv2.INTER_LINEAR)


def _resample(image: np.ndarray, factor: float) -> np.ndarray:
    """Resample as a scanner at a lower resolution would (area averaging)."""
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


# -- classes ------------------------------------------------------------------------------------------


def clean(page: Rendered, rng: np.random.Generator) -> Degraded:
    """The rendered page as is (lossless)."""
    return Degraded(_gray_if_plain(page.image), page.dpi)


def scan(page: Rendered, rng: np.random.Generator) -> Degraded:
    """Flatbed scan: paper tint, skew up to ±5°, uneven illumination, sensor noise, JPEG 60–80."""
    image = page.image.astype(np.float32) * np.array([0.985, 0.975, 0.95], np.float32)
    h, w = image.shape[:2]
    theta = rng.uniform(0, math.tau)
    depth = rng.uniform(0.06, 0.16)
    light = _coarse(h, w, lambda y, x: 1.0 - depth * ((x - 0.5) * math.cos(theta) + (y - 0.5) * math.sin(theta) + 0.5))
    image = (image * light[..., None]).clip(0, 255).astype(np.uint8)
    angle = float(rng.uniform(1.0, 5.0) * rng.choice([-1, 1]))
    image = _rotate_expand(image, angle, (238, 238, 236))
    image = cv2.GaussianBlur(image, (0, 0), 0.6)
    image = _noise(image, rng, rng.uniform(2.5, 4.5))
    return Degraded(image, page.dpi, encoding="jpeg", jpeg_quality=int(rng.integers(60, 81)))


def _desk(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A darker textured desk: wood grain or grey laminate with a lighting falloff."""
    if rng.random() < 0.6:
        base = np.array([96, 66, 44], np.float32) * rng.uniform(0.8, 1.15)
    else:
        base = np.array([70, 72, 76], np.float32) * rng.uniform(0.8, 1.2)
    grain = rng.normal(0, 1, (h // 8 + 1, max(2, w // 160))).astype(np.float32)
    grain = cv2.resize(grain, (w, h), interpolation=cv2.INTER_CUBIC)
    fine = rng.standard_normal((h // 2, w // 2), dtype=np.float32)
    fine = cv2.resize(cv2.GaussianBlur(fine, (0, 0), 0.8), (w, h), interpolation=cv2.INTER_LINEAR)
    texture = 1 + 0.10 * grain + 0.05 * fine
    falloff = _coarse(h, w, lambda y, x: 1.1 - 0.35 * ((x - 0.4) ** 2 + (y - 0.35) ** 2) ** 0.5)
    return (base * (texture * falloff)[..., None]).clip(0, 255)


def photo(page: Rendered, rng: np.random.Generator) -> Degraded:
    """Phone photo: page in perspective on a desk, soft shadow, uneven light, slight blur, JPEG."""
    src = page.image
    h, w = src.shape[:2]
    out_w = 2600 if w > 2300 else 2400
    scale = out_w * rng.uniform(0.74, 0.82) / w
    pw, ph = w * scale, h * scale
    out_h = int(ph / 0.82) if h > w else int(out_w * 0.75)
    cx, cy = out_w / 2 + rng.uniform(-0.04, 0.04) * out_w, out_h / 2 + rng.uniform(-0.03, 0.03) * out_h
    jitter = 0.045 * min(pw, ph)
    corners = np.array([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]], np.float32)
    spin = math.radians(rng.uniform(-4, 4))
    rot = np.array([[math.cos(spin), -math.sin(spin)], [math.sin(spin), math.cos(spin)]], np.float32)
    dst = corners @ rot.T + np.array([cx, cy], np.float32) + rng.uniform(-jitter, jitter, (4, 2)).astype(np.float32)
    top_shrink = rng.uniform(0.0, 0.05) * pw  # the phone tilted: the far edge looks narrower
    dst[0, 0] += top_shrink
    dst[1, 0] -= top_shrink
    matrix = cv2.getPerspectiveTransform(np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), dst)
    warped = cv2.warpPerspective(src, matrix, (out_w, out_h), flags=cv2.INTER_AREA).astype(np.float32)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    alpha = cv2.GaussianBlur(mask, (0, 0), 0.8).astype(np.float32)[..., None] / 255
    desk = _desk(rng, out_h, out_w)
    shadow = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (out_w, out_h))
    shift = np.float32([[1, 0, rng.uniform(10, 30)], [0, 1, rng.uniform(15, 40)]])
    shadow = cv2.resize(
        cv2.warpAffine(shadow, shift, (out_w, out_h)), (out_w // 4, out_h // 4), interpolation=cv2.INTER_AREA
    )
    shadow = cv2.resize(cv2.GaussianBlur(shadow, (0, 0), 6), (out_w, out_h)).astype(np.float32) / 255
    desk *= (1 - 0.55 * shadow)[..., None]
    image = warped * alpha + desk * (1 - alpha)
    gx, gy, depth = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.10, 0.22)
    light = _coarse(
        out_h, out_w, lambda y, x: 1.0 - depth * np.exp(-(((x - gx) / 0.35) ** 2 + ((y - gy) / 0.3) ** 2)) - 0.08 * y
    )
    image = image * light[..., None] * np.array([1.0, 0.985, 0.955], np.float32)  # warm indoor light
    image = cv2.GaussianBlur(image.clip(0, 255).astype(np.uint8), (0, 0), rng.uniform(0.7, 1.1))
    image = _noise(image, rng, 3.0)
    dpi = round(page.dpi * scale)
    return Degraded(image, dpi, encoding="jpeg", jpeg_quality=82, file_dpi=72)


def _arc_text(size: int, radius: float, text: str, font_px: int) -> np.ndarray:
    """Capital text running clockwise around the upper rim of a seal, as an alpha mask."""
    layer = Image.new("L", (size, size), 0)
    fnt: ImageFont.FreeTypeFont = font("dejavu-sans", "bold", font_px)
    widths = [fnt.getlength(ch) for ch in text]
    total = sum(widths) * 1.08
    span = min(total / radius, math.radians(300))
    spacing = span / total
    angle = -math.pi / 2 - span / 2
    c = size / 2
    for ch, width in zip(text, widths, strict=True):
        angle += width * 1.08 * spacing / 2
        glyph = Image.new("L", (font_px * 2, font_px * 2), 0)
        ImageDraw.Draw(glyph).text((font_px, font_px), ch, font=fnt, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        layer.paste(255, (int(x - font_px), int(y - font_px)), glyph)
        angle += width * 1.08 * spacing / 2
    return np.asarray(layer, np.float32) / 255


def seal_mask(text: str, diameter: int, rng: np.random.Generator) -> np.ndarray:
    """Alpha mask (0..1) of a round seal: two rims, the agency name around, a star in the middle,
    with the uneven coverage of real stamp ink."""
    size = diameter + 8
    layer = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(layer)
    c, r = size / 2, diameter / 2
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=max(3, round(diameter * 0.028)))
    inner = r * 0.66
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=max(2, round(diameter * 0.012)))
    points = []
    for i in range(10):
        radius = r * 0.3 if i % 2 == 0 else r * 0.12
        a = -math.pi / 2 + i * math.pi / 5
        points.append((c + radius * math.cos(a), c + radius * math.sin(a)))
    draw.polygon(points, fill=255)
    alpha = np.asarray(layer, np.float32) / 255
    alpha = np.maximum(alpha, _arc_text(size, r * 0.83, text, max(10, round(diameter * 0.075))))
    mottle = cv2.GaussianBlur(rng.normal(0, 1, (size, size)).astype(np.float32), (0, 0), diameter / 60)
    mottle = 0.78 + 0.18 * mottle / (np.abs(mottle).max() + 1e-6)
    angle = float(rng.uniform(-30, 30))
    matrix = cv2.getRotationMatrix2D((c, c), angle, 1.0)
    alpha = cv2.warpAffine(alpha * mottle, matrix, (size, size))
    return cv2.GaussianBlur(alpha, (0, 0), 0.8).clip(0, 1)


def _catmull_rom(points: np.ndarray, steps: int = 12) -> np.ndarray:
    """A smooth curve through the control points."""
    padded = np.vstack([points[0], points, points[-1]])
    t = np.linspace(0, 1, steps, endpoint=False)[:, None]
    curve = []
    for k in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[k - 1], padded[k], padded[k + 1], padded[k + 2]
        curve.append(
            0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (3 * p1 - p0 - 3 * p2 + p3) * t**3)
        )
    return np.vstack([*curve, points[-1:]])


def signature_mask(width: int, height: int, rng: np.random.Generator, stroke: int) -> np.ndarray:
    """Alpha mask of a hand signature: slanted loops of varying height, then a flourish back under them."""
    layer = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(layer)
    n = int(rng.integers(7, 13))
    xs = np.cumsum(rng.uniform(0.5, 1.4, n))
    xs = width * (0.06 + 0.72 * (xs - xs[0]) / (xs[-1] - xs[0]))
    ups = np.where(np.arange(n) % 2 == 0, -1.0, 1.0) * rng.uniform(0.12, 0.38, n)
    ys = height * (0.5 + ups - 0.12 * np.linspace(0, 1, n))
    xs = xs + (0.5 - ys / height) * height * 0.35  # slant to the right
    pts = _catmull_rom(np.stack([xs, ys], axis=1))
    tail_y = height * rng.uniform(0.68, 0.82)
    tail = _catmull_rom(
        np.array(
            [
                pts[-1],
                [width * 0.92, tail_y - height * 0.08],
                [width * 0.55, tail_y],
                [width * 0.12, tail_y + height * 0.06],
            ]
        )
    )
    path = np.vstack([pts, tail])
    widths = stroke * (0.7 + 0.6 * np.abs(np.sin(np.linspace(0, rng.uniform(6, 12), len(path)))))
    for k in range(len(path) - 1):
        draw.line([tuple(path[k]), tuple(path[k + 1])], fill=255, width=max(2, int(widths[k])))
    return cv2.GaussianBlur(np.asarray(layer, np.float32) / 255, (0, 0), 0.7)


def _ink(image: np.ndarray, alpha: np.ndarray, x: int, y: int, colour: np.ndarray, opacity: float) -> None:
    """Multiply ink of `colour` through `alpha` onto image at (x, y), in place; text below stays visible."""
    h, w = alpha.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(image.shape[1], x + w), min(image.shape[0], y + h)
    if x1 <= x0 or y1 <= y0:
        return
    a = alpha[y0 - y : y1 - y, x0 - x : x1 - x, None] * opacity
    region = image[y0:y1, x0:x1].astype(np.float32)
    tinted = region * (colour / 255)
    image[y0:y1, x0:x1] = (region * (1 - a) + tinted * a).clip(0, 255).astype(np.uint8)


def stamp(page: Rendered, rng: np.random.Generator, seal_text: str) -> Degraded:
    """A red round seal over the signer's name (and nearby lines) and a blue signature scrawl."""
    image = page.image.copy()
    mm = page.dpi / 25.4
    signer = page.anchors.get("signer")
    area = page.anchors.get("signature")
    if area is not None:
        x0, y0, x1, y1 = area
        sw, sh = min(x1 - x0, round(55 * mm)), y1 - y0
        sig = signature_mask(sw, sh, rng, max(3, round(0.45 * mm)))
        _ink(image, sig, (x0 + x1) // 2 - sw // 2 + int(rng.integers(-40, 40)), y0 + sh // 8, SIGNATURE_BLUE, 0.92)
    if signer is not None:
        on_card = "card" in page.anchors  # a card carries a smaller seal, over its lower right lines
        diameter = round(rng.uniform(22, 25) * mm) if on_card else round(rng.uniform(34, 38) * mm)
        seal = seal_mask(seal_text, diameter, rng)
        sx, sy = signer[0] - diameter // 3 + int(rng.integers(-20, 20)), (signer[1] + signer[3]) // 2 - diameter // 2
        sy -= round(rng.uniform(0.1, 0.3) * diameter)
        if on_card:
            sx = (signer[0] + signer[2]) // 2 - diameter // 2 + int(rng.integers(-60, 60))
            sy = (signer[1] + signer[3]) // 2 - diameter // 2
        _ink(image, seal, sx, sy, SEAL_RED, float(rng.uniform(0.72, 0.85)))
    image = _noise(image, rng, 1.5)
    return Degraded(image, page.dpi, encoding="jpeg", jpeg_quality=85)


def rotated(page: Rendered, rng: np.random.Generator, rotation: int | None = None) -> Degraded:
    """The page turned 90, 180 or 270 degrees clockwise (recorded, so the pipeline turns it back)."""
    turn = rotation if rotation is not None else int(rng.choice([90, 180, 270]))
    image = _gray_if_plain(np.ascontiguousarray(np.rot90(page.image, k=-(turn // 90))))
    return Degraded(image, page.dpi, rotation=turn)


def lowdpi(page: Rendered, rng: np.random.Generator) -> Degraded:
    """Scanned at half the resolution: 150 dpi for A4 forms (300 for cards, whose native scan is 600)."""
    return Degraded(_gray_if_plain(_resample(page.image, 0.5)), page.dpi // 2)


def fax(page: Rendered, rng: np.random.Generator) -> Degraded:
    """Fax: two-thirds resolution (200 dpi forms), slight blur, global threshold, speckle noise and a few
    one-pixel dropout lines."""
    gray = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    gray = _resample(gray, 2 / 3)
    gray = cv2.GaussianBlur(gray, (0, 0), rng.uniform(0.5, 0.8))
    gray = _noise(gray, rng, 6.0)
    binary = np.where(gray < int(rng.integers(135, 165)), 0, 255).astype(np.uint8)
    h, w = binary.shape
    for _ in range(int(h * w * 2e-4)):
        y, x = int(rng.integers(0, h - 2)), int(rng.integers(0, w - 2))
        binary[y : y + int(rng.integers(1, 3)), x : x + int(rng.integers(1, 3))] = 0
    for _ in range(int(rng.integers(2, 6))):  # transmission dropouts: one-pixel white scan lines
        binary[int(rng.integers(0, h)), :] = 255
    return Degraded(binary, round(page.dpi * 2 / 3), encoding="bilevel")


def light_scan(page: Rendered, rng: np.random.Generator, noise: bool = True) -> Degraded:
    """A mild office scan for the pages of PDF and TIFF dossiers: skew ≤ 1.5°, light noise (none for
    TIFF pages, which a document scanner stores losslessly)."""
    angle = float(rng.uniform(-1.5, 1.5))
    image = _rotate_expand(page.image, angle, (250, 250, 250))
    h, w = page.image.shape[:2]
    dy, dx = (image.shape[0] - h) // 2, (image.shape[1] - w) // 2
    image = _gray_if_plain(np.ascontiguousarray(image[dy : dy + h, dx : dx + w]))
    if noise:
        image = _noise(image, rng, 2.0)
    return Degraded(image, page.dpi, encoding="jpeg" if noise else "png", jpeg_quality=80)


CLASSES = ("clean", "scan", "photo", "stamp", "rotated", "lowdpi", "fax", "pdf", "tiff")


# --- what the real development set showed (bench/realdocs.py): not generator classes, building blocks for tests


def web_copy(page: Rendered, rng: np.random.Generator, dpi: int = 72) -> Degraded:
    """A low-resolution web or screen copy: resampled to `dpi`, JPEG, and no dpi in the file (`file_dpi` 0)."""
    image = _resample(page.image, dpi / page.dpi)
    return Degraded(_gray_if_plain(image), dpi, encoding="jpeg", jpeg_quality=int(rng.integers(70, 86)), file_dpi=0)


def bilevel(page: Rendered, rng: np.random.Generator) -> Degraded:
    """A 1-bit scan (fax-like TIFF): gray thresholded to pure black and white, with a little edge noise."""
    gray = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gray += rng.normal(0, 18, gray.shape).astype(np.float32)
    return Degraded(np.where(gray < 150, 0, 255).astype(np.uint8), page.dpi, encoding="bilevel")


def show_through(page: Rendered, rng: np.random.Generator, back: np.ndarray | None = None) -> Degraded:
    """Thin paper scanned: the back page's print shows through, mirrored, faint and blurred."""
    front = page.image.astype(np.float32)
    reverse = np.ascontiguousarray((back if back is not None else page.image)[:, ::-1])
    reverse = cv2.resize(reverse, (front.shape[1], front.shape[0]))
    shift = np.float32([[1, 0, rng.uniform(-40, 40)], [0, 1, rng.uniform(20, 60)]])
    reverse = cv2.warpAffine(reverse, shift, (front.shape[1], front.shape[0]), borderValue=(255, 255, 255))
    ghost = cv2.GaussianBlur(reverse, (0, 0), rng.uniform(1.5, 2.5)).astype(np.float32)
    strength = rng.uniform(0.18, 0.28)
    image = front * (1 - strength * (1 - ghost / 255))
    image = _noise(image.clip(0, 255).astype(np.uint8), rng, 2.5)
    return Degraded(_gray_if_plain(image), page.dpi, encoding="jpeg", jpeg_quality=85)


EXIF_TURN = {90: 6, 180: 3, 270: 8}  # clockwise turn needed to view the pixels upright → EXIF Orientation


def exif_rotated(page: Rendered, rng: np.random.Generator, turn: int = 90) -> tuple[Degraded, int]:
    """A phone JPEG stored sideways with an EXIF tag saying so: (the page with pixels turned back by
    `turn`, the Orientation tag that tells a viewer to turn them `turn` clockwise)."""
    pixels = np.ascontiguousarray(np.rot90(page.image, k=turn // 90))  # counter-clockwise: the sensor's view
    return Degraded(_gray_if_plain(pixels), page.dpi, rotation=(360 - turn) % 360, encoding="jpeg"), EXIF_TURN[turn]


def upside_down_photo(page: Rendered, rng: np.random.Generator) -> Degraded:
    """A phone photo taken upside down (a receipt on a table photographed from across it)."""
    shot = photo(page, rng)
    return Degraded(
        np.ascontiguousarray(shot.image[::-1, ::-1]),
        shot.dpi,
        rotation=180,
        encoding="jpeg",
        jpeg_quality=shot.jpeg_quality,
        file_dpi=shot.file_dpi,
    )


def ocr_pdf(image: np.ndarray, dpi: int, language: str) -> bytes:
    """A PDF of the page image with Tesseract's invisible text layer in `language`: with `vie` on a clean
    page it stands for a document with a real layer; with `eng` on a Vietnamese page it is the scanner's
    own poor OCR layer ("CONG HOA XA HOI ..." without the marks, misread letters)."""
    import pytesseract

    return pytesseract.image_to_pdf_or_hocr(
        Image.fromarray(image), lang=language, extension="pdf", config=f"--dpi {dpi}"
    )
