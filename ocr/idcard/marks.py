"""The identification marks on the back of a card ("Đặc điểm nhận dạng", "Dấu vết riêng và dị hình").

They are written in a small fixed vocabulary: a kind of mark ("Nốt ruồi", "Sẹo chấm", "Sẹo"), its
distance ("C:1,5cm"), where ("trên"/"dưới", "trước"/"sau") and a feature of the face ("đuôi mắt trái",
"cánh mũi", "mép phải", "đầu mày", "cằm"). Tesseract's `vie` loses the dot below and swaps the
circumflex's tones on this small print (`Seo`, `ruối`, `đấu`); a word that folds to exactly one word
of the vocabulary is respelled as it. `duoi` is two words: `đuôi` before an eye or eyebrow, else `dưới`.
"""

from __future__ import annotations

import re

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


def respell(value: str) -> str:
    """An identification mark with each word of its vocabulary spelt as the vocabulary spells it."""
    words = value.split(" ")
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
        elif _WORD.fullmatch(word) and key in _BY_FOLD:
            known = _BY_FOLD[key]
            out.append(known[:1].upper() + known[1:] if (i == 0 or word[:1].isupper()) else known.lower())
        else:
            out.append(word)
    return nfc(" ".join(out))
