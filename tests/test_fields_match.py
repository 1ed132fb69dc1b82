"""Approximate label search: scanning only the pigeonhole windows finds exactly what a full scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ocr.fields.match import _ends, _myers_ends, find_approx, levenshtein

ALPHABET = "abcdehnotuv0"


@settings(max_examples=400, deadline=None)
@given(
    pattern=st.text(ALPHABET, min_size=1, max_size=16),
    text=st.text(ALPHABET, max_size=40),
    k=st.integers(0, 4),
)
def test_windowed_scan_equals_the_full_scan(pattern: str, text: str, k: int) -> None:
    assert _ends(pattern, text, k) == _myers_ends(pattern, text, k)


@settings(max_examples=200, deadline=None)
@given(pattern=st.text(ALPHABET, min_size=6, max_size=16), data=st.data())
def test_a_planted_copy_with_few_edits_is_found(pattern: str, data: st.DataObject) -> None:
    k = 1 if len(pattern) <= 8 else 2
    copy = list(pattern)
    for _ in range(k):  # k substitutions
        i = data.draw(st.integers(0, len(copy) - 1))
        copy[i] = data.draw(st.sampled_from(ALPHABET))
    text = "xx" + "".join(copy) + "yy"
    found = find_approx(pattern, text)
    assert found, (pattern, text)
    start, end, distance = found[0]
    assert distance == levenshtein(pattern, text[start:end]) <= k


def test_label_in_ocr_line() -> None:
    assert find_approx("hovaten", "1hovatenkhaisinh") == [(1, 8, 0)]
    assert find_approx("noicutru", "8noicuttruthonthanh")[0][2] == 1
    assert find_approx("noicutru", "quoctichvietnam") == []


def test_a_short_label_with_one_misread_letter_counts_only_before_a_colon() -> None:
    """`Họ tên` read `nọ tên:` beside a card's photo is the label; `nọ tên` with no colon is left alone."""
    from ocr.fields.locate import find_hits

    assert [(h.spec.field, h.distance) for h in find_hits("nọ tên: NGUYỄN QUANG CƯỜNG", "citizen_id_card")] == [
        ("full_name", 1)
    ]
    assert find_hits("nọ tên NGUYỄN QUANG CƯỜNG", "citizen_id_card") == []
    assert [h.distance for h in find_hits("Họ tên: NGUYỄN VĂN AN", "citizen_id_card")] == [0]
