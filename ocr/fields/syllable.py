"""A compact validator of Vietnamese spelling: is every syllable of a name or address a legal one?

Free text (names, addresses, company names) has no check digit; what can be checked is that it is
spelled like Vietnamese. A syllable is *onset + rhyme + tone*: an onset from the 27 written onsets
(or none), a rhyme from the closed list of Vietnamese rhymes, at most one tone mark, placed on the
vowel the spelling rules name, and only the acute or dot-below tone (never none) on a rhyme closed by p, t, c or ch.
Spelling rules between onset and rhyme are checked too (k/gh/ngh before i, e, ê; c/g/ng elsewhere).
Both the traditional (`hòa`, `thủy`) and the reformed (`hoà`, `thuỷ`) tone placement are accepted.

OCR misreadings that break a rule (`KIEN` is legal, `NGUYÊN` too, but `HUYỂN` misplaced or `ẤW`,
`ImM`, `Khươl` are not) are caught; a misreading into another legal syllable (`DỮNG` for `DŨNG`) is
not, which is why `valid` for free text also asks for high OCR confidence (see `ocr.fields`).
Syllables of minority-language place names (`Đắk`, `Krông`, `Khươl`) are accepted from the official
list of place names. Pure text work: no OCR, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)
_RHYMES = frozenset(
    """
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt u ua uc ui um un ung up ut uân uâng uât uây
uê uêch uên uênh uêt uôc uôi uôm uôn uông uôt uơ uy uya uych uyên uyêt uyn uynh uyp uyt uyu
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu y yêm yên yêng yêt yêu
""".split()
)
_STOP_CODAS = ("p", "t", "c", "ch")
_FRONT = ("i", "e", "ê", "y")  # vowels before which k, gh, ngh are written instead of c, g, ng
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_MODIFIED = "ăâêôơư"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_VOWELS = "aăâeêioôơuưy"
# Abbreviations printed in company names and addresses, accepted as words.
ABBREVIATIONS = frozenset({"tnhh", "mtv", "cp", "tm", "dv", "xd", "sx", "xnk", "tmdv", "jsc", "kcn", "tp", "ccn"})
# Foreign names that streets and peoples carry in Vietnam.
LOANWORDS = frozenset({"yersin", "pasteur", "calmette", "alexandre", "rhodes", "khmer", "hmông"})


def _split_tone(word: str) -> tuple[str, int, str] | None:
    """(toneless word, index of the toned letter or -1, tone name); None when two tones are marked."""
    letters: list[str] = []
    tone, where = "", -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            if tone or not letters:
                return None
            tone, where = _TONES[ch], len(letters) - 1
        elif unicodedata.combining(ch):
            if not letters:
                return None
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    return "".join(letters), where, tone


def spelling(word: str) -> tuple[str, str] | None:
    """A word's letters with their shape marks, and its tone, wherever the tone sits: `HOÁ` and `HÓA`,
    `UỶ` and `ỦY` spell alike in the old and the new placement. None when two tones are marked."""
    split = _split_tone(word)
    return None if split is None else (split[0], split[2])


def _tone_positions(nucleus: str, closed: bool) -> set[int]:
    """Indexes in the vowel cluster where the tone mark may sit."""
    modified = [i for i, ch in enumerate(nucleus) if ch in _MODIFIED]
    if modified:
        return {modified[-1]}  # ươ: on ơ; uyê: on ê
    if len(nucleus) == 1:
        return {0}
    if closed or len(nucleus) == 3:
        return {len(nucleus) - 1} if closed else {1}
    if nucleus in {"oa", "oe", "uy"}:
        return {0, 1}  # hòa / hoà, thủy / thuỷ
    return {0}


def _rhyme_ok(onset: str, rhyme: str, tone: str, where: int) -> bool:
    if rhyme not in _RHYMES:
        return False
    nucleus = re.match(f"[{_VOWELS}]+", rhyme)
    if nucleus is None:
        return False
    coda = rhyme[nucleus.end() :]
    if coda in _STOP_CODAS and tone not in {"acute", "dot"}:
        return False
    if onset in {"k", "gh", "ngh"} and not rhyme.startswith(_FRONT):
        return False
    if onset in {"c", "g", "ng"} and rhyme.startswith(("i", "e", "ê")):
        return False
    if onset == "q" or (onset == "qu" and rhyme.startswith(("u", "o"))):
        return False
    return where < 0 or where in _tone_positions(nucleus.group(), bool(coda))


@lru_cache(maxsize=8192)
def is_syllable(word: str) -> bool:
    """True when `word` (any case, NFC or not) is a legal Vietnamese syllable."""
    split = _split_tone(word.lower())
    if split is None or not split[0]:
        return False
    bare, where, tone = split
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        if onset == "gi" and (not rhyme or rhyme[0] not in _VOWELS or rhyme.startswith(("i", "ê"))):
            rhyme = "i" + rhyme  # gì, gìn: the i belongs to both
            if _rhyme_ok("gi", rhyme, tone, where - 1):
                return True
            continue
        if rhyme and _rhyme_ok(onset, rhyme, tone, where - len(onset)):
            return True
    return False


@lru_cache(maxsize=1)
def place_syllables() -> frozenset[str]:
    """Lower-case words of the official province, district and commune names that are not legal
    Vietnamese syllables (minority-language names: `Đắk`, `Krông`, `Khươl`), plus known loanwords."""
    try:
        from vietnamadminunits.parser import parser_from_2025 as new
        from vietnamadminunits.parser import parser_legacy as old
    except ImportError:  # pragma: no cover - a declared dependency
        return LOANWORDS
    names: set[str] = set()
    for mapping in (
        new.DICT_PROVINCE,
        new.DICT_PROVINCE_WARD_NO_ACCENTED,
        old.DICT_PROVINCE_DISTRICT,
        old.DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED,
    ):
        names |= {name for name in _strings(mapping) if " " in name}
    words = {_joined(w) for name in names for w in _WORD.findall(name)}
    return frozenset(w for w in words if len(w) > 1 and not is_syllable(w)) | LOANWORDS


def _strings(obj: object) -> Iterable[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _strings(item)


def legal_word(word: str) -> bool:
    """A letter word that is a legal syllable, a known abbreviation or a syllable of a place name."""
    low = _joined(word)
    return is_syllable(low) or low in ABBREVIATIONS or low in place_syllables()


def _joined(word: str) -> str:
    """A word lower-cased, NFC, with an inner apostrophe dropped (`K'Ho` → `kho`)."""
    return unicodedata.normalize("NFC", word.lower()).replace("’", "").replace("'", "")


def ill_formed_words(text: str) -> list[str]:
    """The letter words of `text` that are not legal (digits and punctuation are not words here)."""
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not legal_word(_joined(w))]


def well_formed(text: str) -> bool:
    """True when every letter word of `text` is legal (see `legal_word`) and there is at least one."""
    return bool(re.search(r"[^\W\d_]", text)) and not ill_formed_words(text)
