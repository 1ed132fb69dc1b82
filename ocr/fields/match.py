"""Tolerant matching of printed labels in OCR text.

Text is compared as a *key*: folded (no diacritics, đ→d, lower case) and stripped of everything but
letters and digits, so `Họ, chữ đệm và tên` and `Ho chu dem va ten` and `Họchữ đệm vàtên` agree. Each
key character remembers where it came from in the original text, so a match maps back to a span.
Approximate search is Myers' bit-parallel edit distance (Hyyrö's formulation), cheap enough to try
every label of a document type on every line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..text import fold


@dataclass(frozen=True)
class Key:
    """A folded letters-and-digits key of a text, with each key character's index in the text."""

    text: str
    origin: tuple[int, ...]


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return ""
    folded = fold(ch)
    return "".join(c for c in folded if c.isalnum() and unicodedata.category(c)[0] in "LN")


def make_key(text: str) -> Key:
    """The key of `text`: folded letters and digits only, each mapped back to its position."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            chars.append(c)
            origin.append(i)
    return Key("".join(chars), tuple(origin))


def label_key(label: str) -> str:
    """The key text of a label as written in a spec (`"Họ và tên"` → `"hovaten"`)."""
    return make_key(label).text


def allowed_errors(length: int) -> int:
    """How many edits a label of this key length may carry and still count as found."""
    if length <= 5:
        return 0
    if length <= 8:
        return 1
    if length <= 12:
        return 2
    return min(4, length // 5)


def levenshtein(a: str, b: str) -> int:
    """Plain edit distance (insertions, deletions, substitutions all cost 1), in C via rapidfuzz."""
    return Levenshtein.distance(a, b)


def _myers_ends(pattern: str, text: str, k: int) -> list[tuple[int, int]]:
    """(end index, distance) of every text position where `pattern` ends with ≤ k edits."""
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = full, 0, m
    ends = []
    for j, c in enumerate(text):
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
        if score <= k:
            ends.append((j, score))
    return ends


@lru_cache(maxsize=4096)
def _pieces(pattern: str, k: int) -> tuple[tuple[int, str], ...]:
    """`pattern` cut into k + 1 nearly equal pieces, each with its offset in the pattern."""
    step = len(pattern) / (k + 1)
    return tuple((round(i * step), pattern[round(i * step) : round((i + 1) * step)]) for i in range(k + 1))


def _ends(pattern: str, text: str, k: int) -> list[tuple[int, int]]:
    """What `_myers_ends` returns, found by scanning only where a match can be (pigeonhole filter).

    Cut the pattern into k + 1 pieces: k edits touch at most k of them, so every match keeps one
    piece intact, and that piece occurs in `text` exactly. A piece at offset `o` of the pattern found
    at text position `p` puts the whole match inside text[p - o - k : p - o + m + k]. Only those
    windows (found by C substring search, merged where they overlap) are scanned; most labels are
    absent from most lines and need no scan at all.
    """
    m = len(pattern)
    if k + 1 > m:
        return _myers_ends(pattern, text, k)
    windows: list[tuple[int, int]] = []
    for offset, piece in _pieces(pattern, k):
        at = text.find(piece)
        while at >= 0:
            windows.append((max(0, at - offset - k), min(len(text), at - offset + m + k)))
            at = text.find(piece, at + 1)
    if not windows:
        return []
    windows.sort()
    merged = [list(windows[0])]
    for lo, hi in windows[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo + end, dist) for lo, hi in merged for end, dist in _myers_ends(pattern, text[lo:hi], k)]


def find_approx(pattern: str, text: str, k: int | None = None) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end-exclusive, distance) matches of `pattern` in `text`, best first."""
    if not pattern or not text:
        return []
    k = allowed_errors(len(pattern)) if k is None else k
    if k == 0:
        found, start = [], text.find(pattern)
        while start >= 0:
            found.append((start, start + len(pattern), 0))
            start = text.find(pattern, start + len(pattern))
        return found
    candidates = []
    for end, _dist in _ends(pattern, text, k):
        best: tuple[int, int] | None = None
        for length in range(max(1, len(pattern) - k), len(pattern) + k + 1):
            start = end + 1 - length
            if start < 0:
                continue
            d = levenshtein(pattern, text[start : end + 1])
            if best is None or (d, abs(length - len(pattern))) < (best[0], abs(end + 1 - best[1] - len(pattern))):
                best = (d, start)
        if best is not None and best[0] <= k:
            candidates.append((best[1], end + 1, best[0]))
    candidates.sort(key=lambda c: (c[2], -(c[1] - c[0])))
    chosen: list[tuple[int, int, int]] = []
    for cand in candidates:
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    return sorted(chosen)


def similarity(a: str, b: str) -> float:
    """1 − normalised edit distance of two keys (1.0 when equal)."""
    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))
