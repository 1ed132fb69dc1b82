"""Find labels in OCR lines and cut out the raw text of the value that follows each.

A value is what follows its label on the same line, up to the next label; when nothing follows,
it is on the next line. Addresses may run on over a further line or two. Each raw value keeps the
OCR words it came from, so its confidence can be computed from theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..tesseract import Line, Word
from ..text import fold
from .address import province_spelling
from .labels import SPECS, Spec
from .match import find_approx, make_key
from .values import read

_RUNS_ON = {"address", "company", "name"}  # kinds of value that may wrap onto the next line
_NUMERIC = {"date", "id", "digits", "money", "area", "phone", "enterprise"}
_SHORT = 4  # labels with a key this short must open a line or follow another label
_LEAD = re.compile(r"^[\s:;.,/|\-–—_)(\]\[*•…]+")
# The English half of a bilingual label misread past recognition ("/ PHace of bớt", "/Piacm c bớt:"
# for "/ Place of birth"): after the slash, a word, "of" (or the one or two letters a phone photo
# left of it) and a word; it is no part of the value.
_ENGLISH_HALF = re.compile(r"\s*/\s*[^\W\d_]+\s+(?:[oø]f|[^\W\d_]{1,2})\s+[^\W\d_]+\b[.:;,]?", re.IGNORECASE)
_CONTINUES = re.compile(
    r"^(xa|phuong|thi tran|tinh|thanh pho|tp|huyen|quan|thi xa|to|thon|ap|ban|khu|"
    r"khom|duong|pho|so|ngo|hem|kiet|viet nam)\b"
)


@dataclass(frozen=True)
class Hit:
    """A label found on a line: the spec, its span in the line text, and its edit distance."""

    spec: Spec
    start: int
    end: int
    distance: int


@dataclass(frozen=True)
class Candidate:
    """The raw text after one label occurrence, with the words it came from."""

    field: str
    raw: str
    words: tuple[Word, ...]
    line_confidence: float
    page: int
    order: int
    label_quality: float


@lru_cache(maxsize=16)
def _label_table(doc_type: str) -> tuple[tuple[Spec, str, bool], ...]:
    """(spec, label key, label printed in capitals) for every label of the type."""
    return tuple(
        (spec, key, label.isupper())
        for spec in SPECS.get(doc_type, ())
        for label, key in zip(spec.labels, spec.keys, strict=True)
        if key
    )


COLON_LABEL_LENGTH = 5  # key letters of the shortest labels read with one edit, and only before a colon


def _plausible_span(text: str, start: int, end: int, distance: int, upper_label: bool) -> bool:
    """A label starts a word and ends one (digits may follow); an inexact match in capitals is a
    value in capitals (a name), not a label printed in sentence case."""
    if start > 0 and text[start - 1].isalnum():
        return False
    if end < len(text) and text[end].isalpha():
        return False
    if distance and start > 2 and not re.match(r"\s*(?:[:/(]|$)", text[end:]):
        return False  # an inexact label inside a line must look like one: followed by ":" or "/"
    if distance and not upper_label:
        letters = [ch for ch in text[start:end] if ch.isalpha()]
        if len(letters) > 2 and all(ch.isupper() for ch in letters):
            return False
    return True


def find_hits(text: str, doc_type: str) -> list[Hit]:
    """All labels of `doc_type` on one line, non-overlapping, in reading order."""
    key = make_key(text)
    if not key.text:
        return []
    found: list[tuple[int, int, int, Spec, int]] = []  # key start, key end, distance, spec, key length
    for spec, label, upper in _label_table(doc_type):
        # a five-letter label ("Họ tên") may carry one misread letter ("nọ tên:", a photo's edge beside the
        # H) when a colon closes it, as labels are printed; without one, five letters are too easily a word
        edits = 1 if len(label) == COLON_LABEL_LENGTH else None
        for start, end, dist in find_approx(label, key.text, edits):
            o_start, o_end = key.origin[start], key.origin[end - 1] + 1
            if dist and len(label) <= COLON_LABEL_LENGTH and not re.match(r"\s*:", text[o_end:]):
                continue
            if _plausible_span(text, o_start, o_end, dist, upper):
                found.append((start, end, dist, spec, len(label)))
    found.sort(key=lambda f: (f[4] <= _SHORT, f[2] / f[4], -f[4]))
    chosen: list[tuple[int, int, int, Spec, int]] = []
    for cand in found:
        if any(not (cand[1] <= c[0] or cand[0] >= c[1]) for c in chosen):
            continue
        if cand[4] <= _SHORT:  # "Số", "Bà", "Sex": must open the line or follow a label, and end in ":" or "/"
            if cand[0] > 0 and not any(c[1] == cand[0] for c in chosen):
                continue
            if not re.match(r"\s*[:/.(]", text[key.origin[cand[1] - 1] + 1 :]):
                continue
        chosen.append(cand)
    chosen.sort()
    hits = []
    for start, end, dist, spec, _ in chosen:
        o_start = key.origin[start]
        o_end = key.origin[end - 1] + 1
        hits.append(Hit(spec, o_start, o_end, dist))
    return hits


def merge_rows(lines: Sequence[Line]) -> list[Line]:
    """Join lines that Tesseract split into blocks side by side (same page, overlapping heights).

    Only lines of about one height that do not overlap sideways are joined: a tall blob of photo or
    emblem "text" on an ID card spans several printed rows and must not glue them into one."""
    rows: list[list[Line]] = []
    for line in lines:
        box = _vbox(line)
        target = None
        if box is not None:
            for row in rows[-6:]:
                other = _vbox(row[0])
                if other and row[0].page == line.page and _side_by_side(line, box, row, other):
                    target = row
                    break
        if target is None:
            rows.append([line])
        else:
            target.append(line)
    merged = []
    for row in rows:
        if len(row) == 1:
            merged.append(row[0])
            continue
        row.sort(key=lambda ln: min(w.left for w in ln.words))
        words = tuple(w for ln in row for w in ln.words)
        text = " ".join(ln.text for ln in row)
        conf = sum(ln.confidence * len(ln.text) for ln in row) / max(1, sum(len(ln.text) for ln in row))
        merged.append(Line(text, conf, words, row[0].page))
    return merged


def _side_by_side(line: Line, box: tuple[int, int], row: list[Line], other: tuple[int, int]) -> bool:
    heights = (box[1] - box[0], other[1] - other[0])
    if _overlap(box, other) <= 0.6 or max(heights) > 1.8 * max(1, min(heights)):
        return False
    left, right = _hbox(line)
    return all(right <= _hbox(ln)[0] or left >= _hbox(ln)[1] for ln in row)


def _vbox(line: Line) -> tuple[int, int] | None:
    if not line.words:
        return None
    return min(w.top for w in line.words), max(w.top + w.height for w in line.words)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def _hbox(line: Line) -> tuple[int, int]:
    return min(w.left for w in line.words), max(w.left + w.width for w in line.words)


def _words_in(line: Line, start: int, end: int) -> tuple[Word, ...]:
    if not line.words or " ".join(w.text for w in line.words) != line.text:
        return ()
    picked, pos = [], 0
    for word in line.words:
        w_end = pos + len(word.text)
        if w_end > start and pos < end:
            picked.append(word)
        pos = w_end + 1
    return tuple(picked)


def _separator(between: str) -> bool:
    """What stands between the two halves of a bilingual label: the slash, or one mark or letter OCR
    made of it (`khai sinh j Place of birth`, `tên ¿ Full name`); never a word (a value)."""
    return not any(ch.isalnum() for ch in between) or len(between.strip()) == 1


def _groups(hits: list[Hit], text: str) -> list[tuple[Spec, int, int, float]]:
    """Consecutive hits of one spec (a bilingual label) merged: (spec, start, end, quality)."""
    groups: list[tuple[Spec, int, int, float]] = []
    for hit in hits:
        quality = 1.0 - hit.distance / max(1, len(make_key(text[hit.start : hit.end]).text) + hit.distance)
        if groups and groups[-1][0] is hit.spec and _separator(text[groups[-1][2] : hit.start]):
            spec, start, _, q = groups[-1]
            groups[-1] = (spec, start, hit.end, min(q, quality))
        else:
            groups.append((hit.spec, hit.start, hit.end, quality))
    return groups


def _segment(line: Line, start: int, end: int) -> tuple[str, tuple[Word, ...]]:
    raw = line.text[start:end]
    lead = _LEAD.match(raw)
    if lead:
        start += lead.end()
    raw = line.text[start:end].rstrip()
    return raw, _words_in(line, start, start + len(raw))


def candidates(doc_type: str, lines: Sequence[Line]) -> list[Candidate]:
    """Every (field, raw value) the labels of `doc_type` point to, in document order."""
    rows = merge_rows(lines)
    per_row = [_groups(find_hits(row.text, doc_type), row.text) for row in rows]
    found: list[Candidate] = []
    for i, (row, groups) in enumerate(zip(rows, per_row, strict=True)):
        for g, (spec, _, g_end, quality) in enumerate(groups):
            if not spec.field:
                continue
            stop = groups[g + 1][1] if g + 1 < len(groups) else len(row.text)
            english = _ENGLISH_HALF.match(row.text, g_end, stop)
            raw, words = _segment(row, english.end() if english else g_end, stop)
            used, j = row, i
            if _no_value(raw, spec.kind) and g + 1 == len(groups):
                raw, words, used, j = _next_line_value(rows, per_row, i, spec)
            if spec.kind in _RUNS_ON and raw and (used is not row or stop == len(row.text)):
                raw, words = _continue_value(rows, per_row, j, raw, words, spec.kind)
            if raw:
                found.append(Candidate(spec.field, raw, words, used.confidence, used.page, i, quality))
    return found


def _no_value(raw: str, kind: str) -> bool:
    """Nothing of the kind after a label: empty, or picture junk (`W\\ 1⁄4 vư` where a date belongs,
    a lone `b` where a name belongs) — the value is then on the next line."""
    if kind in _NUMERIC:
        return read(kind, raw) is None
    if kind == "name":
        return not re.search(r"[^\W\d_]{2}", raw)
    return not any(ch.isalnum() for ch in raw)


def _next_line_value(rows: list[Line], per_row: list, i: int, spec: Spec) -> tuple[str, tuple, Line, int]:
    for j in range(i + 1, min(i + 3, len(rows))):
        row, groups = rows[j], per_row[j]
        if not groups:
            raw, words = _segment(row, 0, len(row.text))
            if _no_value(raw, spec.kind) and j + 1 < min(i + 3, len(rows)):
                continue  # a line of picture junk (`: “>>`) between the label and its value
            return raw, words, row, j
        first = groups[0]
        if first[0] is spec and first[1] <= 2:  # the English half of the label on its own line
            stop = groups[1][1] if len(groups) > 1 else len(row.text)
            raw, words = _segment(row, first[2], stop)
            if raw:
                return raw, words, row, j
            continue
        raw, words = _segment(row, 0, first[1])
        return raw, words, row, j
    return "", (), rows[i], i


def _name_tail(kind: str, raw: str, nxt: str) -> bool:
    """A company name in capitals wrapped onto a short line of capitals (`TIẾN`), in another block."""
    return kind == "company" and raw.upper() == raw and len(nxt.split()) <= 3 and not any(ch.isdigit() for ch in nxt)


def _same_paragraph(a: Line, b: Line) -> bool:
    if not a.words or not b.words:
        return False
    last, first = a.words[-1], b.words[0]
    return (last.block, last.paragraph) == (first.block, first.paragraph)


def _ends_with_province(raw: str) -> bool:
    """An address whose last part is its province (`…, tỉnh Bắc Ninh.`): nothing of it follows but
    another unit part, so a next line of the same paragraph that opens none is not its continuation
    (a misread label under it, `ƠI đăng ky khái bên`)."""
    unit = re.match(r"\s*(tinh|thanh pho|tp\.?) (.+)", fold(raw.rsplit(",", 1)[-1]).strip(" .;"))
    return "," in raw and unit is not None and province_spelling(unit.group(2)) is not None


def _continue_value(rows, per_row, j, raw, words, kind) -> tuple[str, tuple[Word, ...]]:
    """Append the lines a long value wrapped onto: unlabelled lines of the same paragraph, or (for
    addresses without layout) lines that follow a trailing comma or open with an admin unit."""
    for k in range(j + 1, min(j + 3, len(rows))):
        if per_row[k] or rows[k].page != rows[j].page:
            break
        nxt = rows[k].text.strip()
        if kind == "address":
            wraps = raw.rstrip().endswith((",", "-")) or bool(_CONTINUES.match(fold(nxt)))
            if not (wraps or (_same_paragraph(rows[k - 1], rows[k]) and not _ends_with_province(raw))):
                break
        elif nxt.upper() != nxt or not (_same_paragraph(rows[k - 1], rows[k]) or _name_tail(kind, raw, nxt)):
            break
        raw = f"{raw} {nxt}"
        words = words + rows[k].words
    return raw, words
