"""The identification marks on the back of a card ("Đặc điểm nhận dạng", "Dấu vết riêng và dị hình").

They are written in a small fixed vocabulary: a kind of mark ("Nốt ruồi", "Sẹo chấm", "Sẹo"), its
distance ("C:1,5cm"), where ("trên"/"dưới", "trước"/"sau") and a feature of the face ("đuôi mắt trái",
"cánh mũi", "mép phải", "đầu mày", "cằm"). Tesseract's `vie` loses the dot below and swaps the
circumflex's tones on this small print (`Seo`, `ruối`, `đấu`); a word that folds to exactly one word
of the vocabulary is respelled as it. `duoi` is two words: `đuôi` before an eye or eyebrow, else `dưới`.
"""

from __future__ import annotations

import re

from ..fields.match import levenshtein
from ..text import fold, nfc

VOCABULARY = (
    "Nốt",
    "ruồi",
    "Sẹo",
    "chấm",
    "trên",
    "trước",
    "sau",
    "đầu",
    "mày",
    "mắt",
    "mũi",
    "cánh",
    "mép",
    "cằm",
    "trái",
    "phải",
    "tai",
    "má",
    "gò",
    "trán",
    "cổ",
    "môi",
    "dái",
    "lông",
    "gáy",
    "thái",
    "dương",
    "vết",
    "bớt",
    "màu",
    "nâu",
    "đen",
    "cách",
    "của",
)
_BY_FOLD = {fold(word): word for word in VOCABULARY}
_WORD = re.compile(r"[^\W\d_]+")
_DOUBLED = re.compile(r"([aeiouy])\1")


# After the distance ("C:1cm") comes where the mark lies: above or below, in front or behind. A word
# there one edit from exactly one of them is it (`trán`, a forehead, read for `trên`).
POSITIONS = ("trên", "dưới", "trước", "sau")
_DISTANCE = re.compile(r"(?:C:|cách\s?)?\d+(?:[,.]\d+)?\s?cm", re.IGNORECASE)


def _position_word(word: str) -> str | None:
    near = [p for p in POSITIONS if levenshtein(nfc(word.lower()), p) <= 1]
    return near[0] if len(near) == 1 else None


def respell(value: str) -> str:
    """An identification mark with each word of its vocabulary spelt as the vocabulary spells it, the
    word after the distance as the one position word within one edit of it, and no full stop after it."""
    words = value.rstrip(" .,;").split(" ")
    out = []
    for i, word in enumerate(words):
        key = fold(word)
        if key not in _BY_FOLD and _DOUBLED.sub(r"\1", key) in _BY_FOLD:
            key = _DOUBLED.sub(r"\1", key)  # one vowel read twice with two marks on a photocopy: `Nổồt`
        following = fold(words[i + 1]) if i + 1 < len(words) else ""
        if key == "duoi":
            out.append(
                ("Đ" if word[:1].isupper() else "đ") + "uôi"
                if following in {"mat", "may"}
                else ("D" if word[:1].isupper() else "d") + "ưới"
            )
        elif i and _DISTANCE.fullmatch(words[i - 1]) and (place := _position_word(word)):
            out.append(place)
        elif _WORD.fullmatch(word) and key in _BY_FOLD:
            known = _BY_FOLD[key]
            out.append(known[:1].upper() + known[1:] if (i == 0 or word[:1].isupper()) else known.lower())
        else:
            out.append(word)
    return nfc(" ".join(out))
