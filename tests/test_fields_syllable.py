"""The Vietnamese syllable validator behind `valid` for names, addresses and company names."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.fields.syllable import is_syllable, legal_word, place_syllables, well_formed
from samples import people, places


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in _strings(k) + _strings(v)]
    if isinstance(obj, tuple | list):
        return [s for item in obj for s in _strings(item)]
    return []


def _words(*collections: object) -> list[str]:
    text = " ".join(s for c in collections for s in _strings(c))
    return sorted(set(re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text)))


place_syllables()  # load the official place names once, outside hypothesis' deadline
NAME_WORDS = _words(people.SURNAMES, people.MIDDLE_MALE, people.MIDDLE_FEMALE, people.GIVEN_MALE, people.GIVEN_FEMALE)
PLACE_WORDS = _words(
    people.STREETS, people.HAMLET_KINDS, people.HAMLET_NAMES, places.PROVINCES, people.BIRTH_PROVINCE_CODES
)


@given(st.sampled_from(NAME_WORDS), st.booleans())
def test_every_name_syllable_of_the_generator_is_legal(word: str, upper: bool) -> None:
    assert is_syllable(word.upper() if upper else word)


@given(st.sampled_from(PLACE_WORDS), st.booleans())
def test_every_place_word_of_the_generator_is_legal(word: str, upper: bool) -> None:
    assert legal_word(word.upper() if upper else word)  # Đắk, Lắk, Yersin: place names and loanwords


@given(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=8).filter(
        lambda s: any(c in "fjwz" for c in s)
    )
)
def test_ascii_with_letters_vietnamese_lacks_is_never_a_syllable(junk: str) -> None:
    assert not is_syllable(junk)


@given(
    st.text(st.sampled_from("abcdeghiklmnopqrstuvxy"), min_size=1, max_size=3),
    st.sampled_from("0123456789&.;:[]£¬/\\@#"),
    st.text(st.sampled_from("abcdeghiklmnopqrstuvxy"), min_size=0, max_size=3),
)
def test_a_symbol_inside_a_word_is_never_a_syllable(head: str, symbol: str, tail: str) -> None:
    assert not is_syllable(head + symbol + tail)


@given(st.text(st.sampled_from("bcdghklmnpqrstvx"), min_size=1, max_size=5))
def test_consonants_alone_are_never_a_syllable(junk: str) -> None:
    assert not is_syllable(junk)


@given(st.sampled_from(NAME_WORDS), st.sampled_from(["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]))
def test_two_tone_marks_are_never_legal(word: str, mark: str) -> None:
    decomposed = unicodedata.normalize("NFD", word)
    if not any(ch in "\u0300\u0301\u0309\u0303\u0323" for ch in decomposed):
        return
    vowel = next(i for i, ch in enumerate(decomposed) if ch.lower() in "aeiouy")
    doubled = decomposed[: vowel + 1] + mark + decomposed[vowel + 1 :]
    assert not is_syllable(unicodedata.normalize("NFC", doubled))


@pytest.mark.parametrize(
    "word",
    [
        "hoà",
        "hòa",
        "thuỷ",
        "thủy",
        "gì",
        "gìn",
        "quý",
        "người",
        "khuya",
        "kiến",
        "nghiêng",
        "ĐƯỜNG",
        "HUỲNH",
        "giữ",
        "oanh",
        "yến",
    ],
)
def test_legal_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "KIEN",  # iê without its circumflex: a lost mark
        "NGUYEN",
        "ci",
        "ge",
        "nge",
        "ka",  # c/k, g/gh, ng/ngh spelling rules
        "lảp",
        "tàt",
        "mãc",
        "sup",  # a stop coda takes only the acute or the dot
        "hóan",
        "múà",
        "ấWà",
        "ImM",
        "sø",
        "Nno",  # misplaced or doubled marks, OCR junk
    ],
)
def test_illegal_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_well_formed_text_allows_numbers_abbreviations_and_place_names() -> None:
    assert well_formed("Số 202/14 đường Quang Trung, phường Trường Thi, tỉnh Ninh Bình")
    assert well_formed("CÔNG TY TNHH THỰC PHẨM THÀNH ĐẠT")
    assert well_formed("Buôn Ea Súp, xã Krông Pắc, tỉnh Đắk Lắk")
    assert not well_formed("ImM HỊ Tổ dân phố 8")
    assert not well_formed("VŨ ĐỊNH KIEN")
    assert not well_formed("2024/08")
