"""Cut OCR junk off the ends of free-text values, using Vietnamese spelling as the test.

On an ID card the photo, the emblem and the guilloche sit left of the text; Tesseract reads them as
short nonsense words (`ImM HỊ`, `é À`, `m ¬ [ml`, `X`) in front of an address or a name. A name is
made only of syllables, so words at either end that cannot be one even with its marks misread
(one letter, no vowel) are dropped, and a word
that is two syllables run together (`NGỌCLONG`) is split when exactly one split into parts of three
letters or more works. An address
that starts with a unit word (`Thôn`, `Xã`, `Số` …) a few words in has the junk before it dropped.
Nothing inside a value is ever removed: a misread word there makes the value ill-formed instead.
"""

from __future__ import annotations

import re

from ..text import fold
from .syllable import is_syllable, legal_word

_OPENERS = frozenset(
    {
        "so",
        "thon",
        "ap",
        "xom",
        "ban",
        "to",
        "xa",
        "phuong",
        "duong",
        "khu",
        "benh",
        "thi",
        "tinh",
        "thanh",
        "khom",
        "ngo",
        "hem",
        "kiet",
        "lang",
        "buon",
        "doi",
        "cum",
        "pho",
        "lo",
        "toa",
        "nha",
        "dac",
        "thua",
    }
)
_OPENER_WITHIN = 4  # junk before an address is at most this many words


def _letters(token: str) -> str:
    return "".join(ch for ch in token if ch.isalpha())


def _junk(token: str) -> bool:
    """A word OCR made of a picture: no letters or digits, one letter, or not a legal word."""
    letters = _letters(token)
    if not letters:
        return not re.fullmatch(r"\d[\d/.,\-]*", token)
    return len(letters) == 1 or not legal_word(letters) or letters != token.strip(".,;:")


def _picture_word(word: str) -> bool:
    """Not a syllable, and not one with a mark lost or misread either: one letter, no vowel, or
    something else than letters."""
    if legal_word(word):
        return False
    return len(word) < 2 or not word.isalpha() or not any(fold(ch) in "aeiouy" for ch in word.lower())


def _split_run(word: str) -> list[str]:
    """`NGỌCLONG` → `NGỌC LONG` when exactly one split makes two syllables; else the word."""
    if legal_word(word) or len(word) < 4:
        return [word]
    splits = [(word[:i], word[i:]) for i in range(3, len(word) - 2) if is_syllable(word[:i]) and is_syllable(word[i:])]
    return list(splits[0]) if len(splits) == 1 else [word]


def trim_name(value: str) -> str:
    """A name without non-syllable words at either end, and run-together syllables split."""
    words = [part for w in value.split() if w.strip("-'’") for part in _split_run(w.strip("-'’"))]
    while len(words) > 2 and _picture_word(words[0]):
        words.pop(0)
    while len(words) > 2 and _picture_word(words[-1]):
        words.pop()
    return " ".join(words)


def trim_address(value: str) -> str:
    """An address without picture junk in front of its first unit word, or after its last word."""
    tokens = [_unquoted(t) for t in value.split()]
    for i, token in enumerate(tokens[: _OPENER_WITHIN + 1]):
        letters = _letters(token)
        if letters[:1].isupper() and fold(letters) in _OPENERS and i < len(tokens) - 1:
            if i and all(_junk(t) or _caps_fragment(t, token) for t in tokens[:i]):
                tokens = tokens[i:]
            break
    while len(tokens) > 3 and (_junk(tokens[-1]) and not tokens[-1][:1].isdigit()):
        tokens.pop()
    value = " ".join(tokens)
    return re.sub(r"(?<=\w)\s*:\s*(?=\w)", " ", value)


_QUOTES = "'’‘\"`"


def _unquoted(token: str) -> str:
    """A word without a stray quote a seal or a speck left at its start or end (`'Phòng` → `Phòng`);
    an apostrophe inside a name (`Đắk R'Lấp`) stays."""
    bare = token.strip(_QUOTES)
    if bare == token or not bare[:1].isalpha():
        return token
    letters = _letters(bare)
    return bare if len(letters) > 1 and legal_word(letters) and letters == bare.strip(".,;:") else token


def _caps_fragment(token: str, opener: str) -> bool:
    """A word of one or two letters (`HỊ`, `để`) before a title-case unit word: a fragment of a picture."""
    letters = _letters(token)
    return len(letters) <= 2 and not opener.isupper()
