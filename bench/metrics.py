"""Text accuracy metrics shared by the benchmarks: word-bag F1 and character error rate.

Both compare Unicode NFC text. Word F1 ignores order (a multiset of whitespace-separated words);
CER is the Levenshtein distance between the whitespace-normalised texts over the truth's length.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np


def normalise(text: str) -> str:
    """NFC, every run of whitespace a single space, ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def words(text: str) -> list[str]:
    """The NFC words of a text, in order."""
    return normalise(text).split(" ") if normalise(text) else []


@dataclass(frozen=True)
class WordScore:
    """Word-bag counts: words read right (multiset intersection), words read, words in the truth."""

    matched: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else float(self.expected == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: WordScore) -> WordScore:
        return WordScore(self.matched + other.matched, self.predicted + other.predicted, self.expected + other.expected)


def word_score(predicted: str, truth: str) -> WordScore:
    """Multiset word overlap between a reading and the truth."""
    got, want = Counter(words(predicted)), Counter(words(truth))
    return WordScore(sum((got & want).values()), sum(got.values()), sum(want.values()))


def word_f1(predicted: str, truth: str) -> float:
    """Word-bag F1 of a reading against the truth (1.0 is perfect)."""
    return word_score(predicted, truth).f1


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row per character of `a` (fast enough for whole pages)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    codes_b = np.array([ord(c) for c in b], dtype=np.int64)
    offsets = np.arange(len(b) + 1, dtype=np.int64)
    row = offsets.copy()
    for i, ch in enumerate(a, start=1):
        cost = (codes_b != ord(ch)).astype(np.int64)
        # best of deletion (row above) and substitution/match (diagonal), then insertions by running min
        candidate = np.empty_like(row)
        candidate[0] = i
        candidate[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(candidate - offsets) + offsets
    return int(row[-1])


def cer(predicted: str, truth: str) -> float:
    """Character error rate: edits between the whitespace-normalised texts per truth character."""
    p, t = normalise(predicted), normalise(truth)
    if not t:
        return float(len(p) > 0)
    return edit_distance(p, t) / len(t)
