"""Image cleanup before OCR: pure functions on numpy images (OpenCV BGR or gray).

`prepare_page` runs the stages in order and records what each did (`make_upright` is 0–3 alone):

0. `fax`         scan lines lost in a fax transmission filled in (black-and-white pages only)
1. `photo`       find the sheet in a phone photo, correct perspective, crop the background and
                 the sheet's edge
2. `skew`        text-line angle (±15°) and whether the page lies on its side
3. `orientation` upright or upside down (ink balance; a small OCR strip only when unsure)
4. resolution    the stored colour page is brought to at least 200 dpi (the cleaning below works
                 on the page's own pixels)
5. `ink`         red and blue stamps and signatures lifted out of the OCR gray
6. `light`       shadows and uneven light divided away; ink a glare washed out on a card's tinted
                 paper deepened again
7. `speckle`     isolated specks removed, Vietnamese marks kept
8. `graphics`    portrait photos, QR codes and emblems blanked (Tesseract reads scraps out of them)
9. `scale`       text brought to the height Tesseract reads best and fastest (`ocr_scale`)
10. `layout`     the page segmentation mode for this page

Real pages (bench/realdocs.py) added two rules. A file without a usable dpi (phones, web copies and
screenshots say 72 or nothing) gets one from its print size (`scale.content_dpi`). And do no harm
(`harm`): coloured-ink suppression, despeckling and picture blanking are undone when they lose more
than 15% of the page's letter shapes (a blue colour cast is not a signature), despeckling is skipped
on letters under 12.5 px (their marks are speck-sized), and a photo's flattening is undone when it
makes the text lines less sharp (a table's frame taken for the sheet). Each is recorded in `steps`.

The colour page it returns (upright, deskewed, perspective-corrected, cropped) is the stored copy;
`ocr_image` is the same geometry scaled by `ocr_scale`, so Tesseract's text layer fits the colour page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .fax import repair_dropouts
from .geometry import ink_components, resize, rotate_quadrant, rotate_small, to_gray
from .graphics import find_graphics, paint_white
from .harm import kept, letters
from .ink import suppress_coloured_ink
from .layout import choose_psm
from .light import flatten_light
from .orientation import decide_up_down
from .photo import find_page, only_inside, warp_page
from .scale import content_dpi, early_shrink, is_bilevel, measure_text
from .skew import analysis_view, estimate_skew, steady_skew
from .speckle import Despeckled, despeckle

__all__ = ["PreparedPage", "Upright", "make_upright", "prepare_page", "rotate_quadrant", "to_gray"]

MIN_STORED_DPI = 200
WARP_KEEP = 0.9  # a flattened photo must keep this share of the lines' sharpness as photographed
SPECKLE_MIN_LETTER = 12.5  # px: below this letter height despeckling removes Vietnamese marks (realdocs)
_MIN_SKEW = 0.05  # degrees; below this a rotation would only blur


@dataclass(frozen=True)
class PreparedPage:
    """A page made ready for OCR, with a record of every step taken.

    `rotation` is the clockwise quarter turn applied; `skew` the text angle found (counter-clockwise
    positive) and removed; `dpi` the resolution of `colour`; `ocr_image` is `colour`'s geometry scaled
    by `ocr_scale`; `crop` the sheet's corners in the input when a photo was flattened.
    """

    colour: np.ndarray
    ocr_image: np.ndarray
    ocr_scale: float
    rotation: int
    skew: float
    steps: tuple[str, ...]
    dpi: int = 300
    psm: int = 3
    text_height: float = 0.0
    crop: tuple[tuple[float, float], ...] | None = None
    letters: int = 0  # letter-shaped ink components of the OCR gray: what OCR should read


def stored_scale(dpi: int) -> float:
    """Enlargement that brings a page below the archival minimum up to at least 200 dpi."""
    if dpi >= MIN_STORED_DPI:
        return 1.0
    return math.ceil(MIN_STORED_DPI / max(dpi, 1) * 4) / 4


def photo_dpi(width: int, height: int, dpi: int) -> int:
    """Resolution of a flattened photo: the file's word unless implausible (72/96), else from A4 or card size."""
    if dpi >= 150:
        return dpi
    long, short = max(width, height), max(1, min(width, height))
    aspect = long / short
    if abs(aspect - 297 / 210) < 0.08:
        return max(dpi, round(long / (297 / 25.4)))
    if abs(aspect - 85.6 / 54) < 0.08:
        return max(dpi, round(long / (85.6 / 25.4)))
    return dpi


@dataclass(frozen=True)
class Upright:
    """A page turned upright and level (and flattened from a photo), before any cleaning.

    `rotation` is the clockwise quarter turn applied, `skew` the angle removed, `dpi` the page's
    resolution (a photo's is re-estimated from the sheet), `crop` the sheet's corners in a photo.
    """

    colour: np.ndarray
    dpi: int
    rotation: int
    skew: float
    bilevel: bool
    steps: tuple[str, ...]
    crop: tuple[tuple[float, float], ...] | None = None


def make_upright(image: np.ndarray, dpi: int) -> Upright:
    """Fill fax dropouts, flatten a photographed sheet, deskew and turn the page the right way up.

    `dpi` 0 means the file gave none (or an implausible one): the resolution is then estimated from
    the size of the page's own print (`scale.content_dpi`), before and again after a photo is flattened.
    """
    steps: list[str] = []
    colour = image
    bilevel = is_bilevel(to_gray(image))
    crop = None
    unknown = dpi <= 0
    if unknown:
        dpi = _dpi_from_content(colour, steps)

    if bilevel and colour.ndim == 2:
        dropouts = repair_dropouts(colour)
        if dropouts.rows:
            colour = dropouts.image
            steps.append(f"fax dropouts filled: {len(dropouts.rows)} lost scan lines")

    skew = estimate_skew(to_gray(colour), dpi)
    outline = find_page(colour)
    if outline.found and outline.corners is not None:
        warped = warp_page(colour, outline.corners)
        warped_dpi = _dpi_from_content(warped, []) if unknown else photo_dpi(warped.shape[1], warped.shape[0], dpi)
        warped_skew, warped_sharp = steady_skew(to_gray(warped), warped_dpi)
        # do no harm: a right sheet outline makes the lines straighter; a wrong one (a table's frame
        # taken for the sheet) shears them, and the page is read better as photographed. Both are
        # judged on what lies inside the outline: a desk's wood grain or a tablecloth's stripes are
        # straighter than any print and would otherwise always win for the photo as taken.
        inside_skew, inside = steady_skew(to_gray(only_inside(colour, outline.corners)), dpi)
        if warped_sharp >= WARP_KEEP * inside:
            colour, dpi, skew = warped, warped_dpi, warped_skew
            crop = tuple((round(float(x), 1), round(float(y), 1)) for x, y in outline.corners)
            steps.append(
                f"photo: sheet covers {outline.area_fraction:.0%}, perspective corrected to "
                f"{colour.shape[1]}x{colour.shape[0]} at {dpi} dpi"
            )
        else:
            skew = inside_skew  # the sheet's lines, not the desk's grain
            steps.append(
                f"do no harm: photo flattening undone (line sharpness {inside} as photographed, "
                f"{warped_sharp} flattened)"
            )

    if skew.sideways:
        colour = rotate_quadrant(colour, 90)
    if abs(skew.angle) >= _MIN_SKEW:
        colour = rotate_small(colour, skew.angle * -1)
    steps.append(f"deskew {skew.angle:+.2f}° (sharpness {skew.sharpness}, {'sideways' if skew.sideways else 'level'})")

    gray = to_gray(colour)
    small, factor = analysis_view(gray, dpi)
    updown = decide_up_down(gray, small, factor, dpi)
    if updown.flip:
        colour = rotate_quadrant(colour, 180)
    rotation = ((90 if skew.sideways else 0) + (180 if updown.flip else 0)) % 360
    steps.append(f"rotate {rotation} ({updown.method}, ink balance {updown.balance:+.2f} over {updown.lines} lines)")
    return Upright(colour, dpi, rotation, skew.angle, bilevel, tuple(steps), crop)


def _dpi_from_content(image: np.ndarray, steps: list[str]) -> int:
    """The page's resolution from its print size (300 when it has no measurable text); noted in `steps`."""
    found = content_dpi(to_gray(image))
    steps.append(
        f"no dpi in the file: {found} dpi estimated from the text size"
        if found
        else "no dpi in the file and no text to measure: 300 dpi assumed"
    )
    return found or 300


def prepare_page(image: np.ndarray, dpi: int) -> PreparedPage:
    """Straighten, crop and clean a page; return the colour copy to store and the gray copy to OCR."""
    upright = make_upright(image, dpi)
    steps = list(upright.steps)
    colour, dpi, bilevel = upright.colour, upright.dpi, upright.bilevel

    # A page below the archival minimum is stored enlarged, but cleaned and read from its own pixels:
    # an enlargement only for storage would be one more resampling between the scan and Tesseract.
    grow = stored_scale(dpi)
    stored = resize(colour, grow)
    if grow > 1:
        steps.append(f"stored page enlarged {grow}x to {round(dpi * grow)} dpi")
    out_dpi = round(dpi * grow)

    # Large text is read shrunk: clean the shrunk copy (a third of the pixels), not the full page.
    shrink = early_shrink(to_gray(colour), dpi, bilevel=bilevel) if grow == 1 else 1.0
    work_dpi = dpi * shrink
    ink = suppress_coloured_ink(resize(colour, shrink), work_dpi)
    flat = flatten_light(ink.gray, text_height=30.0 * work_dpi / 300)
    components = ink_components(flat.image)
    if ink.coloured_fraction:
        plain = flatten_light(to_gray(resize(colour, shrink)), text_height=30.0 * work_dpi / 300)
        plain_components = ink_components(plain.image)
        check = kept(
            "coloured-ink suppression", letters(plain.image, plain_components), letters(flat.image, components)
        )
        if check.ok:
            steps.append(f"coloured ink suppressed ({ink.coloured_fraction:.1%} of page)")
        else:
            steps.append(check.note())
            flat, components = plain, plain_components
    glare = f", glare lifted (ink deepened up to {flat.glare:.1f}x)" if flat.glare else ""
    steps.append(f"light flattened (background spread {flat.unevenness}{glare})")

    size = measure_text(flat.image, components)
    letter = size.height or 20.0 * work_dpi / 300
    if letter < SPECKLE_MIN_LETTER:
        # do no harm: on letters this small a diacritic is two or three pixels, the size of a speck
        clean = Despeckled(flat.image, 0, 0)
        steps.append(f"despeckle skipped (letters {letter:.0f}px tall: marks are speck-sized)")
    else:
        clean = despeckle(flat.image, letter, components)
    if clean.removed:
        check = kept("despeckle", letters(flat.image, components), letters(clean.image))
        if check.ok:
            steps.append(f"despeckle removed {clean.removed} specks, kept {clean.kept_small} marks")
        else:
            steps.append(check.note())
            clean = replace(clean, image=flat.image)
    pictures = find_graphics(ink.gray, letter, work_dpi)
    if pictures:
        before = letters(clean.image)
        check = kept("picture blanking", before, letters(paint_white(clean.image, pictures)))
        if check.ok:
            steps.append(f"pictures blanked: {len(pictures)} (photo, QR code, emblem)")
        else:
            steps.append(check.note())
            pictures = ()
    factor = size.factor if shrink == 1.0 or size.factor < 1.0 else 1.0  # never enlarge what was shrunk
    ocr_image = resize(paint_white(clean.image, pictures), factor)
    ocr_scale = round(shrink * factor / grow, 4)
    text_height = round(size.height * grow / shrink, 1)
    steps.append(f"text height {text_height}px, OCR scale {ocr_scale}{' (black and white)' if bilevel else ''}")

    psm = choose_psm(ocr_image)
    steps.append(f"psm {psm.psm} ({psm.reason})")
    return PreparedPage(
        colour=stored,
        ocr_image=ocr_image,
        ocr_scale=ocr_scale,
        rotation=upright.rotation,
        skew=upright.skew,
        steps=tuple(steps),
        dpi=out_dpi,
        psm=psm.psm,
        text_height=text_height,
        crop=upright.crop,
        letters=size.components,
    )
