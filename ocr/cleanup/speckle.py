"""Fax and scanner speckle: remove ink specks that are tiny and not where a mark or a stop would be.

A median filter or a morphological opening would also erase Vietnamese marks — the dot below `ệ`, the
hook of `ở` — which are themselves tiny, no bigger than fax noise. So size alone never condemns a
speck; its place does. A tiny component is kept when it sits:

- within a letter's box (the hole of `o`, a broken stroke);
- over a letter (tone marks, the dot of `i`, within 0.4 letter sideways: accents lean off narrow stems);
- under a letter (the dot below `ệ`, `ạ`, `ỵ`);
- on the row's baseline, at most 0.6 letter after a letter or another stop (`.` `:` in `1.2`, `No.:`);
- hanging from the baseline just after a letter, nearer it than the next (`,`);
- straight over a kept stop (the upper dot of `:` and `;`);
- in a run of three or more dots on one line (leaders, `...`);
- or drawn long (a hyphen, a rule's fragment).

Anything else tiny goes: first specks farther than half a letter from anything larger (a quick test
at quarter size that settles most fax noise), then specks in the gap between two words at mid-height,
which Tesseract otherwise reads as `.` or `'` glued to a word (seed 99's fax pages: `ký.khai`,
`SẢN.KHÁC`, `.gửi:`, `.NGUYÊN`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .geometry import Components, ink_components


@dataclass(frozen=True)
class Despeckled:
    """The page with specks whitened, how many went, and how many tiny marks stayed."""

    image: np.ndarray
    removed: int
    kept_small: int


def despeckle(gray: np.ndarray, text_height: float, components: Components | None = None) -> Despeckled:
    """Whiten tiny components that are not placed like a Vietnamese mark or a punctuation stop."""
    n, labels, stats, centroids = components or ink_components(gray)
    if n <= 1:
        return Despeckled(gray, 0, 0)
    letter = max(text_height, 8.0)
    tiny_area = max(4, int((letter * 0.25) ** 2))
    tiny = stats[:, cv2.CC_STAT_AREA] <= tiny_area
    tiny[0] = False
    if not tiny.any():
        return Despeckled(gray, 0, 0)
    near = tiny & _near_solid(labels, tiny, centroids, letter * 0.6, gray.shape)
    keep = placed_like_text(stats, centroids, tiny, letter, judge=near)
    drop = tiny & ~keep
    if not drop.any():
        return Despeckled(gray, 0, int(tiny.sum()))
    cleaned = gray.copy()
    cleaned[drop[labels]] = 255
    return Despeckled(cleaned, int(drop.sum()), int((tiny & keep).sum()))


def _near_solid(
    labels: np.ndarray, tiny: np.ndarray, centroids: np.ndarray, reach: float, shape: tuple[int, ...]
) -> np.ndarray:
    """Which components lie within about `reach` pixels of a component that is not tiny.

    Computed at quarter size: a cheap, slightly generous distance test that settles most fax noise
    before the finer test of where each remaining speck sits.
    """
    solid = ((~tiny[labels]) & (labels > 0)).astype(np.uint8) * 255
    h, w = shape[:2]
    step = 4
    small = cv2.resize(solid, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA) > 0
    radius = int(np.ceil(reach / step)) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1,) * 2)
    halo = cv2.dilate(small.astype(np.uint8), kernel) > 0
    cx = np.clip((centroids[:, 0] / step).astype(int), 0, halo.shape[1] - 1)
    cy = np.clip((centroids[:, 1] / step).astype(int), 0, halo.shape[0] - 1)
    return halo[cy, cx]


@dataclass(frozen=True)
class _Boxes:
    """Every component's box (left, top, width, height) and centre, as float arrays, and the letter height."""

    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    h: np.ndarray
    cx: np.ndarray
    cy: np.ndarray
    letter: float


def placed_like_text(
    stats: np.ndarray, centroids: np.ndarray, tiny: np.ndarray, letter: float, judge: np.ndarray | None = None
) -> np.ndarray:
    """For each component, True when it is tiny and sits where a mark or a stop would (see module).

    Only the tiny components in `judge` (all of them by default) are looked at; the others stay False
    and do not count as stops before the next one.
    """
    x, y, w, h = (stats[:, i].astype(np.float64) for i in range(4))
    boxes = _Boxes(x, y, w, h, centroids[:, 0], centroids[:, 1], letter)
    letters = ~tiny & (h >= 0.4 * letter) & (h <= 3 * letter)
    letters[0] = False
    keep = np.zeros(len(stats), dtype=bool)
    specks = np.flatnonzero(tiny if judge is None else tiny & judge)
    found = np.flatnonzero(letters)
    if not len(found):
        return keep
    # letters sorted by their middle row, so each speck looks only at letters within two rows of it
    order = found[np.argsort(y[found] + h[found] / 2)]
    middles = y[order] + h[order] / 2
    lo = np.searchsorted(middles, centroids[specks, 1] - 2 * letter)
    hi = np.searchsorted(middles, centroids[specks, 1] + 2 * letter)
    for s, start, end in zip(specks, lo, hi, strict=True):
        keep[s] = _beside_letters(s, order[start:end], boxes)
    long_side = np.maximum(w, h)
    long = (w >= 2 * h) | (h >= 2 * w)
    keep[specks] |= (long & (long_side >= 0.25 * letter))[specks]
    # stops lead away from the text (`No.:`, a form's leaders) past the quick halo: follow them there
    every = np.flatnonzero(tiny)
    _keep_stops_after_stops(keep, every, boxes)
    _keep_colon_tops(keep, every, boxes)
    # a run of dots that starts among the judged is `...` or a leader; one off in a seal's remnants is not
    _keep_leaders(keep, every[~keep[every]], specks, boxes)
    return keep


def _beside_letters(s: int, near: np.ndarray, boxes: _Boxes) -> bool:
    """Whether speck `s` sits in, over or under one of the letters `near`, or as a stop after one."""
    if not len(near):
        return False
    x, y, w, h, letter = boxes.x, boxes.y, boxes.w, boxes.h, boxes.letter
    cx, cy = boxes.cx[s], boxes.cy[s]
    top, bottom, left = y[s], y[s] + h[s], x[s]
    lx0, lx1, ly0, ly1 = x[near], x[near] + w[near], y[near], y[near] + h[near]
    inside = (cx >= lx0) & (cx <= lx1) & (cy >= ly0) & (cy <= ly1)
    over = (
        (cx >= lx0 - 0.4 * letter) & (cx <= lx1 + 0.4 * letter) & (bottom <= ly0 + 0.15 * letter) & (cy >= ly0 - letter)
    )
    under = (
        (cx >= lx0 - 0.1 * letter)
        & (cx <= lx1 + 0.1 * letter)
        & (top >= ly1 - 0.15 * letter)
        & (cy <= ly1 + 0.7 * letter)
    )
    if (inside | over | under).any():
        return True
    row = (cy >= ly0) & (cy <= ly1 + 0.3 * letter)  # letters whose height spans the speck
    if not row.any():
        return False
    # the baseline: descenders (g, y, p) reach lower, so the lower quartile of nearby letters' bottoms
    bottoms = ly1[row & (np.abs((lx0 + lx1) / 2 - cx) <= 4 * letter)]
    if not len(bottoms):
        return False
    base = float(np.percentile(bottoms, 25))
    before = row & (lx1 <= cx)
    after = row & (lx0 >= cx)
    gap_before = float((left - lx1[before]).min()) if before.any() else np.inf
    gap_after = float((lx0[after] - (left + w[s])).min()) if after.any() else np.inf
    if gap_before > 0.6 * letter:
        return False
    on_baseline = abs(bottom - base) <= 0.15 * letter
    hanging = base - 0.3 * letter <= top <= base + 0.1 * letter and bottom <= base + 0.5 * letter
    return bool(on_baseline or (hanging and gap_before <= gap_after + 0.1 * letter))


def _keep_stops_after_stops(keep: np.ndarray, specks: np.ndarray, boxes: _Boxes) -> None:
    """Keep each speck on a kept stop's baseline within 0.6 letter after it (`.:`, `...`, leaders)."""
    x, y, w, h, letter = boxes.x, boxes.y, boxes.w, boxes.h, boxes.letter
    kept = specks[keep[specks]]
    for _ in range(len(specks)):  # each round reaches one stop further along a run
        rest = specks[~keep[specks]]
        if not len(rest) or not len(kept):
            break
        gap = x[rest][:, None] - (x[kept] + w[kept])[None, :]
        level = np.abs((y[rest] + h[rest])[:, None] - (y[kept] + h[kept])[None, :])
        follows = ((gap >= 0) & (gap <= 0.6 * letter) & (level <= 0.15 * letter)).any(axis=1)
        if not follows.any():
            break
        keep[rest[follows]] = True
        # only the stops kept in this round can reach further: a speck after an older one was taken
        # in that one's round (the same result as comparing with every kept stop, without the
        # quadratic cost per round on a photo full of specks)
        kept = rest[follows]


def _keep_colon_tops(keep: np.ndarray, specks: np.ndarray, boxes: _Boxes) -> None:
    """Keep a speck straight over a kept stop, within a letter: the upper dot of `:` and `;`."""
    rest, kept = specks[~keep[specks]], specks[keep[specks]]
    if len(rest) and len(kept):
        dx = np.abs(boxes.cx[rest][:, None] - boxes.cx[kept][None, :])
        dy = boxes.cy[kept][None, :] - boxes.cy[rest][:, None]
        keep[rest] |= ((dx <= 0.25 * boxes.letter) & (dy > 0.2 * boxes.letter) & (dy <= boxes.letter)).any(axis=1)


def _keep_leaders(keep: np.ndarray, rest: np.ndarray, anchors: np.ndarray, boxes: _Boxes) -> None:
    """Keep runs of three or more dots on one line (`...` after a space, leaders) that start near text.

    A run is followed outwards from its members among `anchors` (near text), so a dotted remnant of a
    seal's ring, far from any letter, is not kept for a run of dots.
    """
    if len(rest) < 3:
        return
    cx, cy, letter = boxes.cx[rest], boxes.cy[rest], boxes.letter
    aligned = (np.abs(cy[:, None] - cy[None, :]) <= 0.15 * letter) & (np.abs(cx[:, None] - cx[None, :]) <= letter)
    np.fill_diagonal(aligned, False)
    links = aligned.sum(axis=1)
    in_run = (links >= 2) | (aligned & (links >= 2)[None, :]).any(axis=1)
    taken = in_run & np.isin(rest, anchors)
    for _ in range(len(rest)):
        grown = taken | (in_run & (aligned & taken[None, :]).any(axis=1))
        if np.array_equal(grown, taken):
            break
        taken = grown
    keep[rest[taken]] = True
