"""Validators, normalisers and OCR repairs: examples and properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from stdnum.vn import mst

from ocr.fields import normalise as norm
from ocr.fields import validate as val
from ocr.fields.values import read
from ocr.text import fold

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _with_check_digit(body: str) -> str | None:
    check = (10 - sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11) % 11
    return None if check == 10 or body[2:9] == "0000000" else body + str(check)


# Valid 10-digit codes built from the domain rule, independently of python-stdnum.
enterprise_codes = (
    st.integers(0, 10**9 - 1).map(lambda n: _with_check_digit(f"{n:09d}")).filter(lambda c: c is not None)
)


@given(enterprise_codes)
def test_any_generated_enterprise_code_passes(code: str) -> None:
    assert val.enterprise_code(code)


@given(enterprise_codes, st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_fails(code: str, position: int, delta: int) -> None:
    changed = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not val.enterprise_code(changed)


def test_branch_code_shape() -> None:
    assert val.enterprise_code("0100109106-001")
    assert not val.enterprise_code("0100109106-01")
    assert not val.enterprise_code("0100109106001")  # a branch is written with its dash


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_date_normaliser_round_trips(day: dt.date, sep: str) -> None:
    printed = f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"
    assert norm.date(printed) == day.isoformat()
    assert norm.date(f"ngày {day.day} tháng {day.month} năm {day.year}") == day.isoformat()
    assert val.calendar_date(norm.date(printed) or "")


def test_impossible_date_is_kept_but_invalid() -> None:
    reading = read("date", "31/02/1990")
    assert reading is not None and reading.value == "1990-02-31" and not reading.valid


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@st.composite
def people_ids(draw: st.DrawFn) -> tuple[str, str, str]:
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    sex = draw(st.sampled_from(["Nam", "Nữ"]))
    province = draw(st.sampled_from(sorted(val.PROVINCE_CODES)))
    rest = draw(st.text("0123456789", min_size=6, max_size=6))
    digit = val.century_digit(born.year, sex)
    assert digit is not None
    return f"{province}{digit}{born.year % 100:02d}{rest}", born.isoformat(), sex


@given(people_ids())
def test_personal_id_agrees_with_birth_and_sex(case: tuple[str, str, str]) -> None:
    number, born, sex = case
    assert val.personal_id(number, born, sex)
    other = "Nữ" if sex == "Nam" else "Nam"
    assert not val.personal_id(number, born, other)
    later = str(int(born[:4]) + 1) + born[4:] if born[5:] != "02-29" else str(int(born[:4]) + 4) + born[4:]
    assert not val.personal_id(number, later, sex)


def test_personal_id_structure() -> None:
    assert val.personal_id("068095001234", "1995-03-12", "Nam")
    assert not val.personal_id("099095001234")  # 099 is no province code
    assert not val.personal_id("068695001234")  # century digit 6 is not issued
    assert not val.personal_id("06809500123")  # 11 digits
    assert val.personal_id("123456789")  # an old 9-digit CMND passes on shape


def test_repair_only_when_the_validator_proves_it() -> None:
    # O/l read for 0/1 in an ID number: repaired, because the result is a valid ID.
    reading = read("id", "O68O95OOl234")
    assert reading is not None and reading.value == "068095001234" and reading.valid and reading.repaired
    # An enterprise code with a letter: repaired only if the check digit then holds.
    good = "0100109106"
    assert mst.is_valid(good)
    fixed = read("enterprise", "O1OO1O91O6")
    assert fixed is not None and fixed.value == good and fixed.valid
    broken = read("enterprise", "O1OO1O91O7")  # wrong check digit either way: kept, not guessed
    assert broken is not None and not broken.valid


def test_phone_and_email() -> None:
    assert norm.phone("+84 912 345 678") == "0912345678"
    assert val.phone("0912345678") and val.phone("0357123456")
    assert not val.phone("0212345678") and not val.phone("091234567")
    assert norm.email("Nguyen.An @ gmail . com") == "nguyen.an@gmail.com"
    assert val.email("an.nguyen90@gmail.com") and not val.email("an@gmail") and not val.email("@x.vn")


def test_number_normalisers() -> None:
    assert norm.money("1.500.000.000 đồng") == "1500000000"
    assert norm.area("125,5 m²") == "125.5"
    assert norm.area("1.250,75 m2") == "1250.75"
    assert norm.area("80 m²") == "80"
    assert norm.serial("CS 123456") == "CS123456"
    assert val.repair_serial("C5 12345б".replace("б", "6")) == "CS123456"
    assert norm.sex("Nữ") == "Nữ" and norm.sex("Nu") == "Nữ" and norm.sex("NAM") == "Nam"
    assert norm.nationality("Viet Nam") == "Việt Nam"
    assert norm.ethnicity("Tay") == "Tày"


@given(st.integers(1, 10**12))
def test_money_normaliser_reads_dotted_thousands(amount: int) -> None:
    assert norm.money(f"{amount:,}".replace(",", ".") + " đồng") == str(amount)


@given(st.integers(1, 99999), st.integers(0, 9))
def test_area_normaliser_reads_decimal_comma(whole: int, tenth: int) -> None:
    printed = f"{whole},{tenth}" if tenth else str(whole)
    expected = f"{whole}.{tenth}" if tenth else str(whole)
    assert norm.area(printed + " m²") == expected
