"""Lay out and draw a form page (A4) with Pillow, and record every printed line in reading order.

Only the DejaVu fonts are used: of the two font packages the install script provides, only DejaVu
carries every precomposed Vietnamese letter (the installed Liberation lacks Ơ, Ư, ạ, ả, ấ, …), and all
text is NFC before it is drawn. The result is a clean RGB page; scanning, photographing and stamping
are applied afterwards by `degrade.py`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .documents import NATIONAL_NAME, Block, Card, Columns, Gap, Line, Run, bold, dmy, plain

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
#: DejaVu only: the installed Liberation fonts lack Ơ, Ư and the dot-below/hook-above letters.
FAMILIES: dict[str, dict[str, str]] = {
    "dejavu-serif": {
        "regular": "DejaVuSerif.ttf",
        "bold": "DejaVuSerif-Bold.ttf",
        "italic": "DejaVuSerif-Italic.ttf",
        "bolditalic": "DejaVuSerif-BoldItalic.ttf",
    },
    "dejavu-serif-condensed": {
        "regular": "DejaVuSerifCondensed.ttf",
        "bold": "DejaVuSerifCondensed-Bold.ttf",
        "italic": "DejaVuSerifCondensed-Italic.ttf",
        "bolditalic": "DejaVuSerifCondensed-BoldItalic.ttf",
    },
    "dejavu-sans": {
        "regular": "DejaVuSans.ttf",
        "bold": "DejaVuSans-Bold.ttf",
        "italic": "DejaVuSans-Oblique.ttf",
        "bolditalic": "DejaVuSans-BoldOblique.ttf",
    },
    "dejavu-sans-condensed": {
        "regular": "DejaVuSansCondensed.ttf",
        "bold": "DejaVuSansCondensed-Bold.ttf",
        "italic": "DejaVuSansCondensed-Oblique.ttf",
        "bolditalic": "DejaVuSansCondensed-BoldOblique.ttf",
    },
}
FORM_FAMILIES = ("dejavu-serif-condensed", "dejavu-serif-condensed", "dejavu-serif", "dejavu-sans-condensed")
INK = (22, 22, 26)
A4_INCHES = (8.2677, 11.6929)

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Rendered:
    """A drawn page: RGB pixels, its true resolution, its text lines, and named regions (x0, y0, x1, y1)."""

    image: np.ndarray
    dpi: int
    lines: tuple[str, ...]
    anchors: dict[str, Box] = field(default_factory=dict)


#: The DejaVu files Debian ships in fonts-dejavu-core; every other face (italics, condensed) is in fonts-dejavu-extra.
_CORE_FONTS = frozenset({"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"})


@lru_cache(maxsize=128)
def font(family: str, style: str, size: int) -> ImageFont.FreeTypeFont:
    """A TrueType font of `family` in `style` at `size` pixels."""
    path = FONT_DIR / FAMILIES[family][style]
    if not path.exists():
        package = "fonts-dejavu-core" if path.name in _CORE_FONTS else "fonts-dejavu-extra"
        raise FileNotFoundError(f"font {path} missing: apt-get install {package} (or run `make system-deps`)")
    return ImageFont.truetype(str(path), size)


def nfc(text: str) -> str:
    """Unicode NFC with single spaces, the form every truth line is stored in."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class _Word:
    text: str
    style: str
    size: float
    tab: float | None
    glue: bool = False  # printed right after the previous word, without a space


@dataclass
class _Canvas:
    """Layout state: draws when `draw` is set, otherwise only measures."""

    family: str
    base: int
    draw: ImageDraw.ImageDraw | None
    lines: list[str] = field(default_factory=list)
    anchors: dict[str, Box] = field(default_factory=dict)

    def f(self, style: str, size: float) -> ImageFont.FreeTypeFont:
        return font(self.family, style, max(8, round(self.base * size)))

    @property
    def leading(self) -> int:
        return round(self.base * 1.5)

    def _wrap(self, words: list[_Word], x: int, x0: int, x1: int, tabs: bool) -> list[list[tuple[int, _Word]]]:
        """Place words left to right, breaking rows at x1; tab words jump to their stop (or, without
        `tabs`, keep three spaces' distance)."""
        rows: list[list[tuple[int, _Word]]] = [[]]
        for word in words:
            width = round(self.f(word.style, word.size).getlength(word.text))
            space = round(self.f("regular", word.size).getlength(" "))
            start = x + (space if rows[-1] and not word.glue else 0)
            if word.tab is not None and rows[-1] and len(rows) == 1:
                start = max(start + space, x0 + round(word.tab * (x1 - x0))) if tabs else start + 2 * space
            if rows[-1] and start + width > x1 and not word.glue:
                rows.append([])
                start = x0
            rows[-1].append((start, word))
            x = start + width
        return rows

    def line(self, item: Line, x0: int, x1: int, y: int) -> int:
        """Lay out one paragraph between x0 and x1 from top y; return the next free y."""
        words: list[_Word] = []
        previous = " "
        for run in item.runs:
            glue = run.tab is None and not previous[-1:].isspace() and not run.text[:1].isspace()
            for i, w in enumerate(nfc(run.text).split(" ")):
                if w:
                    words.append(_Word(w, run.style, item.size, run.tab if i == 0 else None, glue and i == 0))
            previous = run.text
        rows = self._wrap(words, x0 + round(item.indent * self.base), x0, x1, tabs=True)
        if len(rows) > 1 and any(w.tab is not None for w in words):
            # label/value pairs that do not fit at their tab stops move closer rather than wrap
            rows = self._wrap(words, x0 + round(item.indent * self.base), x0, x1, tabs=False)
        height = round(self.leading * item.size)
        for row in rows:
            if not row:
                continue
            shift = 0
            right = row[-1][0] + round(self.f(row[-1][1].style, row[-1][1].size).getlength(row[-1][1].text))
            if item.align == "center":
                shift = (x0 + x1) // 2 - (x0 + right) // 2
            elif item.align == "right-half":
                mid = x0 + (x1 - x0) * 3 // 4 - 40
                shift = min(mid - (row[0][0] + right) // 2, x1 - right)
            baseline = y + round(self.base * item.size * 1.05)
            if self.draw is not None:
                for start, word in row:
                    self.draw.text(
                        (start + shift, baseline), word.text, font=self.f(word.style, word.size), fill=INK, anchor="ls"
                    )
                if item.leader and row is rows[-1]:
                    dot = round(self.f("regular", item.size).getlength("."))
                    x = right + shift + dot * 2
                    while x + dot <= x1:
                        self.draw.text((x, baseline), ".", font=self.f("regular", item.size), fill=INK, anchor="ls")
                        x += round(dot * 1.6)
                if item.underline:
                    uy = baseline + round(self.base * 0.22)
                    self.draw.line(
                        [(row[0][0] + shift, uy), (right + shift, uy)], fill=INK, width=max(2, self.base // 20)
                    )
            if item.role:
                self.anchors[item.role] = (row[0][0] + shift, y, right + shift, y + height)
            self.lines.append("".join((w.text if w.glue or i == 0 else " " + w.text) for i, (_, w) in enumerate(row)))
            y += height
        return y

    def block(self, block: Block, x0: int, x1: int, y: int) -> int:
        """Lay out a line, gap or pair of columns; return the next free y."""
        if isinstance(block, Gap):
            height = round(self.leading * block.lines)
            if block.role:
                self.anchors[block.role] = ((x0 + x1) // 2, y, x1, y + height)
            return y + height
        if isinstance(block, Columns):
            split = x0 + round((x1 - x0) * block.split)
            y_left = y_right = y
            for item in block.left:
                y_left = self.block(item, x0 - self.base, split, y_left)
            for item in block.right:
                y_right = self.block(item, split, x1 + self.base // 2, y_right)
            return max(y_left, y_right)
        return self.line(block, x0, x1, y)


def render_form(blocks: tuple[Block, ...], dpi: int = 300, family: str = "dejavu-serif-condensed") -> Rendered:
    """Draw one A4 page of a form at `dpi`, shrinking the 13 pt body text until everything fits."""
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    mm = dpi / 25.4
    x0, x1, top, bottom = round(30 * mm), width - round(18 * mm), round(18 * mm), height - round(15 * mm)
    points = 13.0
    while True:
        base = round(points * dpi / 72)
        canvas = _Canvas(family, base, None)
        y = top
        for block in blocks:
            y = canvas.block(block, x0, x1, y)
        if y <= bottom or points <= 9:
            break
        points -= 0.5
    page = Image.new("RGB", (width, height), "white")
    canvas = _Canvas(family, base, ImageDraw.Draw(page))
    y = top
    for block in blocks:
        y = canvas.block(block, x0, x1, y)
    return Rendered(np.asarray(page), dpi, tuple(canvas.lines), dict(canvas.anchors))


LICENCE_SIZE = (2022, 1276)  # 85.6 × 54 mm at 600 dpi, like the ID cards


def render_licence(card: Card) -> Rendered:
    """A driving licence (the 2021 PET card) as scanned at 600 dpi: an ID card's labels ("Họ tên /
    Full name", "Ngày sinh / Date of birth", "Có giá trị đến") under a title that says it is none."""
    margin = 60
    width, height = LICENCE_SIZE
    page = Image.new("RGB", (width + 2 * margin, height + 2 * margin), "white")
    face = Image.new("RGB", (width, height), (250, 236, 232))
    draw = ImageDraw.Draw(face)
    draw.rounded_rectangle((4, 4, width - 5, height - 5), radius=60, outline=(196, 160, 150), width=6)
    draw.rectangle((70, 420, 470, 920), fill=(205, 210, 220), outline=(150, 150, 160), width=4)  # photo
    person = card.person
    blocks: tuple[Block, ...] = (
        bold(NATIONAL_NAME, align="center", size=0.9),
        plain("SOCIALIST REPUBLIC OF VIET NAM", align="center", size=0.8),
        bold("GIẤY PHÉP LÁI XE / DRIVER'S LICENSE", align="center", size=1.15),
        Line((Run("Số/No: "), Run(person.id_number, "bold"))),
        Line((Run("Họ tên/Full name: "), Run(person.full_name, "bold"))),
        Line((Run("Ngày sinh/Date of Birth: "), Run(dmy(person.date_of_birth), "bold"))),
        Line((Run("Quốc tịch/Nationality: "), Run("VIỆT NAM", "bold"))),
        Line((Run("Nơi cư trú/Address: "), Run(person.residence, "bold")), size=0.9),
        Line(
            (
                Run("Hạng/Class: "),
                Run("B", "bold"),
                Run("Có giá trị đến/Expires: ", tab=0.42),
                Run(dmy(card.expiry or card.issued), "bold"),
            )
        ),
    )
    canvas = _Canvas("dejavu-sans-condensed", 50, ImageDraw.Draw(face))
    y = 40
    for i, block in enumerate(blocks):
        x0 = 90 if i < 3 else 520
        y = canvas.block(block, x0, width - 80, y)
    page.paste(face, (margin, margin))
    return Rendered(np.asarray(page), 600, tuple(canvas.lines), {})
