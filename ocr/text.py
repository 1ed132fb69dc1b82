"""Vietnamese text normalisation: NFC, whitespace, and diacritic folding for search.

`đ`/`Đ` are letters, not accents: NFD does not decompose them, so folding maps them explicitly.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    """Unicode NFC, the one form stored and compared everywhere."""
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """NFC with runs of spaces collapsed to one and the ends trimmed (line breaks kept)."""
    lines = (_SPACES.sub(" ", line).strip() for line in nfc(text).split("\n"))
    return "\n".join(lines).strip("\n")


def single_line(text: str) -> str:
    """NFC, every run of whitespace (line breaks included) a single space."""
    return " ".join(nfc(text).split())


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ→d: `NGUYỄN Văn Đức` → `nguyen van duc`."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
