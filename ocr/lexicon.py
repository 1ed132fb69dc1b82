"""Marks the model weighed and dropped, put back where a two-syllable word of the dictionary proves them.

`vie` confuses the stacked marks of Vietnamese letters (`Ê`/`Ể`, `Ỏ`/`Ổ`, `ồ`/`ổ`): the dots and hooks
above a circumflex are a few pixels on a scan, and each syllable with either mark is a word, so the
model's own dictionary cannot tell them apart. Tesseract still reports the other marks it weighed for
each letter (`Word.marks`). Most Vietnamese words are two syllables, and the dictionary of them is the
context that settles it: `KIÊM SÁT` is no word, `KIỂM SÁT` is; `Tô chức` is none, `Tổ chức` is.

A line is read as a row of words of one or two syllables (each syllable in one word at most, as
Vietnamese is segmented) with as many dictionary words as possible, then with the least certainty
overruled. A syllable changes only inside such a word, only to a mark the model weighed for it at
`MIN_CERTAINTY` or more, within `MAX_COST`, only where no other reading of the pair is as likely, and
never when it makes a word as read with a neighbour (`settled`). Two lists (`data/README.txt`): a
misreading is changed only into a common word (pyvi's list, `compounds()`); a pair as read is vouched
for by that list or by the rarer words of Viet74K (`vouching()`). The tone's placement does not matter
(`hoá đơn` is `hóa đơn`). Names are left alone: a capitalised word in lowercase prose, two capitalised
words together (`Vi Nam` is not to become `Vi Nấm`), or a word after a name's label, a surname or
`ông`/`bà`; names are in no dictionary. What the lists lack they cannot defend: neither has `kỳ thi`,
so `kỳ thi theo` with a weighed `ị` becomes `kỳ thị theo` (bench/realdocs.py counts the net effect).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from .fields.syllable import is_syllable, spelling
from .glyphs import in_a_name, word_parts
from .tesseract import Line, Word
from .text import nfc

# A mark the model gave at least this certainty (0-100) is a reading it weighed; below, noise. Where the
# real set's misread marks had the right one weighed at all, it came 26-79 (`Ể` 47 under `Ê` 90 in KIÊM).
MIN_CERTAINTY = 20.0
MAX_CHANGED_LETTERS = 2  # per word: a syllable carries at most a shape mark and a tone
# The certainty the model may be overruled by for one word of the dictionary, its two syllables together:
# past it the letter as read was too clear (on the real set `TỔNG TIẾN` would become `TỐNG TIỀN` at 120).
MAX_COST = 80.0


def _words(name: str) -> frozenset[str]:
    text = resources.files("ocr").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line.count(" ") == 1)


@lru_cache(maxsize=1)
def compounds() -> frozenset[str]:
    """The two-syllable words a misread pair may be changed into (pyvi's list: common words),
    lower-case NFC, syllables joined by one space."""
    return _words("compounds.txt")


@lru_cache(maxsize=1)
def vouching() -> frozenset[str]:
    """Every two-syllable word that vouches for a pair as read: `compounds()` and the rarer words of
    Viet74K, which are not to be made out of a misreading (`cúng cấp` is a word, `cung cấp` likelier)."""
    return compounds() | _words("compounds_viet74k.txt")


def _key(syllable: str) -> str:
    """A syllable's spelling whatever the tone placement (`hoá` and `hóa` are one word)."""
    spelled = spelling(syllable.lower())
    return syllable.lower() if spelled is None else f"{spelled[0]}/{spelled[1]}"


def _keys(words: frozenset[str]) -> frozenset[tuple[str, str]]:
    return frozenset((_key(a), _key(b)) for a, b in (w.split() for w in words))


@lru_cache(maxsize=1)
def _target_keys() -> frozenset[tuple[str, str]]:
    return _keys(compounds())


@lru_cache(maxsize=1)
def _vouching_keys() -> frozenset[tuple[str, str]]:
    return _keys(vouching())


def _readings(word: Word) -> list[tuple[str, float]]:
    """The word's core as read (cost 0) and with other marks the model weighed, each with its cost:
    how much certainty the model gave up for it (the read letter's minus the other's, summed)."""
    lead, core, _tail = word_parts(word.text)
    offset = len(lead)
    options = []
    for at, choices in word.marks:
        # a mark still stands for the letter printed there (an earlier repair may have changed it)
        if offset <= at < offset + len(core) and core[at - offset] == choices[0][0]:
            top = choices[0][1]
            options.append(
                [(at - offset, None, 0.0)]
                + [(at - offset, letter, max(0.0, top - sure)) for letter, sure in choices[1:] if sure >= MIN_CERTAINTY]
            )
    readings = [(core, 0.0)]
    for combination in itertools.product(*options):
        changed = [(at, letter, cost) for at, letter, cost in combination if letter is not None]
        if not changed or len(changed) > MAX_CHANGED_LETTERS:
            continue
        letters = list(core)
        for at, letter, _cost in changed:
            letters[at] = letter
        reading = nfc("".join(letters))
        if is_syllable(reading):
            readings.append((reading, sum(cost for _at, _letter, cost in changed)))
    return readings


def _known(first: str, second: str) -> bool:
    """The pair as read is a word (of either list)."""
    return (_key(first), _key(second)) in _vouching_keys()


def _target(first: str, second: str) -> bool:
    """The pair is a common word a misreading may be changed into."""
    return (_key(first), _key(second)) in _target_keys()


def _name_syllable(words: list[Word], cores: list[str], at: int) -> bool:
    """A capitalised word in lowercase prose (a name's syllable, a place's), or a word after a name's
    label, a surname in capitals or `ông`/`bà` (`glyphs.in_a_name`)."""
    if in_a_name(words, at):
        return True
    core = cores[at]
    if core[:1].isupper() and not core.isupper():
        # a capitalised word opening a line or a sentence is not a name for that alone
        before = words[at - 1].text if at else ""
        return bool(before) and not before.endswith((".", ":", ";")) and before[:1].islower()
    return False


def _titled(core: str) -> bool:
    return core[:1].isupper() and (len(core) == 1 or core[1:].islower())


def _joins(first: Word, second: Word) -> bool:
    """The two words may be one compound: no punctuation between them, both made of letters."""
    _, a, tail = word_parts(first.text)
    head, b, _ = word_parts(second.text)
    return not tail and not head and a.isalpha() and b.isalpha()


def _pair_reading(words: list[Word], cores: list[str], i: int, settled: list[bool]) -> tuple[float, str, str] | None:
    """(cost, first, second): the cheapest reading of words `i` and `i + 1` that makes a dictionary
    word (cost 0: as read); None when the two cannot be one word, or when another reading is as cheap.
    A `settled` word (one in a dictionary word as read) keeps its reading."""
    a, b = cores[i], cores[i + 1]
    if not _joins(words[i], words[i + 1]) or _name_syllable(words, cores, i) or _name_syllable(words, cores, i + 1):
        return None
    if _known(a, b):
        return (0.0, a, b)
    if _titled(a) and _titled(b):
        return None  # `Vi Nam`, `Đông Nai`: every syllable capitalised is a name, and names are in no dictionary
    first = [(a, 0.0)] if settled[i] else _readings(words[i])
    second = [(b, 0.0)] if settled[i + 1] else _readings(words[i + 1])
    found = sorted(
        (cost_a + cost_b, x, y)
        for (x, cost_a), (y, cost_b) in itertools.product(first, second)
        if (x, y) != (a, b) and cost_a + cost_b <= MAX_COST and _target(x, y)
    )
    if not found or len(found) > 1 and found[1][0] == found[0][0]:
        return None
    return found[0]


def restore_marks(line: Line) -> Line:
    """Read the line as words of one or two syllables, as many two-syllable dictionary words as the
    marks the model weighed allow, then the cheapest: each word of a line belongs to one word of the
    language at most, so a syllable already part of a word as read is not taken for another."""
    words = list(line.words)
    if len(words) < 2 or not any(w.marks for w in words):
        return line
    n = len(words)
    cores = [word_parts(w.text)[1] for w in words]
    # a word in a dictionary word as read keeps its reading: `KỲ THI TUYỂN SINH` is not to become
    # `KỲ THỊ | TUYỂN SINH` for one word more (the lists lack `kỳ thi`, not `thi tuyển`)
    settled = [False] * n
    for i in range(n - 1):
        if _joins(words[i], words[i + 1]) and _known(cores[i], cores[i + 1]):
            settled[i] = settled[i + 1] = True
    pairs = [_pair_reading(words, cores, i, settled) for i in range(n - 1)]
    # best[k]: the words from k on, as (dictionary words, minus the cost, ((index, first, second), ...));
    # on a tie the row without the pair wins, so nothing changes for nothing
    best: list[tuple[int, float, tuple]] = [(0, 0.0, ())] * (n + 1)
    for k in range(n - 1, -1, -1):
        options = [best[k + 1]]
        pair = pairs[k] if k < n - 1 else None
        if pair is not None:
            cost, a, b = pair
            rest = best[k + 2]
            options.append((rest[0] + 1, rest[1] - cost, ((k, a, b), *rest[2])))
        best[k] = max(options, key=lambda o: (o[0], o[1]))
    changed = False
    for k, a, b in best[0][2]:
        for at, reading in ((k, a), (k + 1, b)):
            if reading != cores[at]:
                lead, _core, tail = word_parts(words[at].text)
                words[at] = replace(words[at], text=f"{lead}{reading}{tail}", marks=())
                changed = True
    return Line.of(words, line.page) if changed else line
