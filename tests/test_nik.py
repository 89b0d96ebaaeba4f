"""NIK rules from ../shared/design/REFERENCE.md, with its public test vectors."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layanan_rules.nik import InvalidNik, check_prefix, group, mask_nik, parse_nik
from layanan_rules.regions import PROVINCES

TODAY = date(2026, 11, 28)


def test_valid_vector():
    nik = parse_nik("3171011708450001", today=TODAY)
    assert (nik.province, nik.regency, nik.district) == ("31", "3171", "317101")
    assert nik.birth_date == date(1945, 8, 17)
    assert nik.sex == "M"
    assert nik.masked == "•••• •••• •••• 0001"


def test_female_day_plus_40():
    nik = parse_nik("3171015708450001", today=TODAY)
    assert nik.birth_date == date(1945, 8, 17)
    assert nik.sex == "F"


def test_leap_day_2000():
    assert parse_nik("3171012902001234", today=TODAY).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31710117084500", "length"),
        ("31710117084500011", "length"),
        ("", "length"),
        ("9971011708450001", "region"),
        ("3171013002001234", "birth_date"),  # 30 February
        ("7105102902020439", "birth_date"),  # 2002 is not a leap year
        ("7105101613610439", "birth_date"),  # month 13
        ("7105100607610000", "format"),  # serial 0000
        ("31710117O8450001", "format"),  # a letter O for a zero
        ("3170011708450001", "region"),  # regency 70 is neither kabupaten nor kota
        ("3100011708450001", "region"),  # regency 00
        ("3171001708450001", "region"),  # district 00
        ("3171013208450001", "birth_date"),  # day 32
        ("3171017208450001", "birth_date"),  # day 72 (32 + 40)
    ],
)
def test_invalid_vectors(text, reason):
    with pytest.raises(InvalidNik) as info:
        parse_nik(text, today=TODAY)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)
    # The digits never appear in the error, so logging it leaks nothing.
    assert not text or text not in str(info.value)


def test_century_is_the_latest_past_one():
    # 01-01-27 cannot be 2027 (future on 2026-11-28): it is 1927.
    assert parse_nik("1701010101270001", today=TODAY).birth_date == date(1927, 1, 1)
    assert parse_nik("1701010101260001", today=TODAY).birth_date == date(2026, 1, 1)


def test_new_papua_provinces_are_accepted():
    # python-stdnum's table lacks these; REFERENCE.md lists the 38 provinces in force.
    for code in ("65", "92", "93", "94", "95", "96"):
        assert parse_nik(f"{code}01011708450001", today=TODAY).province == code


def test_unknown_regency_in_known_province_is_a_warning():
    nik = parse_nik("1710011708450001", today=TODAY)  # Bengkulu has no regency 10
    assert nik.warnings == ("unknown regency",)
    assert parse_nik("1701041708450001", today=TODAY).warnings == ()


def test_spaces_and_dashes_between_groups():
    assert parse_nik("3171 0117 0845 0001", today=TODAY).digits == "3171011708450001"


def test_repr_and_str_never_show_the_digits():
    nik = parse_nik("3171011708450001", today=TODAY)
    assert "317101170845" not in repr(nik)
    assert "317101170845" not in str(nik)


def test_grouping_and_mask():
    assert group("3171011708") == "3171 0117 08"
    assert mask_nik("3171011708450001") == "•••• •••• •••• 0001"


def test_prefix_check_reports_early():
    assert check_prefix("") is None
    assert check_prefix("99") == "region"
    assert check_prefix("3170") == "region"
    assert check_prefix("317101") is None
    assert check_prefix("317101300200", today=TODAY) == "birth_date"
    assert check_prefix("3171a") == "format"


@st.composite
def valid_niks(draw):
    province = draw(st.sampled_from(sorted(PROVINCES)))
    regency = draw(st.integers(1, 99).filter(lambda n: n != 70))
    district = draw(st.integers(1, 99))
    born = draw(st.dates(min_value=date(1927, 1, 1), max_value=TODAY))
    female = draw(st.booleans())
    serial = draw(st.integers(1, 9999))
    day = born.day + (40 if female else 0)
    digits = f"{province}{regency:02d}{district:02d}{day:02d}{born:%m%y}{serial:04d}"
    return digits, born, "F" if female else "M"


@given(valid_niks())
def test_round_trip(case):
    digits, born, sex = case
    nik = parse_nik(digits, today=TODAY)
    assert (nik.digits, nik.birth_date, nik.sex) == (digits, born, sex)
    assert nik.masked.endswith(digits[-4:])
    assert sum(c.isdigit() for c in nik.masked) == 4


@given(st.text(max_size=40))
def test_any_text_is_parsed_or_rejected_with_a_reason(text):
    try:
        parse_nik(text, today=TODAY)
    except InvalidNik as exc:
        assert exc.reason in ("length", "format", "region", "birth_date")


@given(st.text(alphabet="0123456789", max_size=16))
def test_prefix_check_agrees_with_full_parse(digits):
    reason = check_prefix(digits, today=TODAY)
    if len(digits) == 16 and reason is not None:
        with pytest.raises(InvalidNik):
            parse_nik(digits, today=TODAY)
