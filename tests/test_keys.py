"""Dossier IDs and the object key layout."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidDossierId
from storage.keys import DocumentKeys, parse_key, validate_dossier_id


@pytest.mark.parametrize(
    "good", ["000.00.36.H36-251125-0001", "000.00.53.H48-220921-0099", "000.00.36.h36-251125-12345"]
)
def test_one_stop_codes_are_accepted(good: str) -> None:
    assert validate_dossier_id(good) == good.upper()


@pytest.mark.parametrize(
    "bad",
    [
        "../x",
        "abc",
        "",
        "000.00.36.H36-251125-0001/../../etc",
        "000.00.36.H36-251125-01",
        "000.00.36.H36-251345-0001",
        "000.00.36.H36-251125-0001\n",
        "000.00.36.H36-251125-0001\x00",
    ],
)
def test_anything_else_is_refused_with_the_expected_shape(bad: str) -> None:
    with pytest.raises(InvalidDossierId) as info:
        validate_dossier_id(bad)
    assert "AAA.BB.CC.DNN-YYMMDD-NNNN" in info.value.message or "impossible date" in info.value.message


@given(st.text(max_size=40))
def test_no_accepted_id_can_escape_a_key(raw: str) -> None:
    try:
        accepted = validate_dossier_id(raw)
    except InvalidDossierId:
        return
    assert "/" not in accepted and ".." not in accepted and accepted.isprintable()


def test_key_layout_round_trips() -> None:
    keys = DocumentKeys("000.00.36.H36-251125-0001", "a" * 32)
    assert keys.original("pdf") == "000.00.36.H36-251125-0001/" + "a" * 32 + "/original.pdf"
    assert keys.page(3).endswith("/pages/0003.png")
    assert parse_key(keys.searchable_pdf) == ("000.00.36.H36-251125-0001", "a" * 32, "searchable.pdf")
    assert parse_key("other/thing") is None
