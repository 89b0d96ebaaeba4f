"""Scan payloads: an allow-list grammar, and a framer whose memory stays bounded."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.scan import (
    BookingCode,
    NikScan,
    ScanFramer,
    ScanRules,
    UnrecognisedScan,
    parse_scan,
)

VALID_NIK = "1701054101900001"  # Bengkulu Selatan, born 1 Jan 1990 (day + 40: female)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"MP-2026-00042", "MP-2026-00042"),
        (b"  ABC123  ", "ABC123"),
        (b"https://antrian.example/booking/MP2026X1", "MP2026X1"),
        (b"https://antrian.example/booking/MP2026X1/", "MP2026X1"),
        (b"https://antrian.example/b?code=MP2026X1&lang=id", "MP2026X1"),
        (b"http://antrian.example/x/y/ABCDEF", "ABCDEF"),
    ],
)
def test_recognised_codes(data, code):
    assert parse_scan(data) == BookingCode(code)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"x" * 513, "too_long"),
        (b"\xff\xfe", "not_utf8"),
        (b"ABC123\x00", "control_chars"),
        (b"ABC\x1b[2J123", "control_chars"),
        ("ABC\u202e123".encode(), "control_chars"),  # right-to-left override
        (b"abc", "no_match"),
        (b"javascript:alert(1)", "no_match"),
        (b"https://evil.example/b?code=ABC123&code=DEF456", "no_match"),
        (b"https://antrian.example/booking/", "no_match"),
        (b"ftp://antrian.example/ABC123", "no_match"),
        (b"https:///ABC123", "no_match"),
        (b"https://[::1/ABC123", "no_match"),
        (VALID_NIK.encode(), "nik_disabled"),
    ],
)
def test_refused_payloads(data, reason):
    with pytest.raises(UnrecognisedScan) as refused:
        parse_scan(data)
    assert refused.value.reason == reason
    assert refused.value.length == len(data)
    # What reaches the log: the reason and the length, never the payload.
    assert str(refused.value) == f"scan not recognised: {reason} ({len(data)} bytes)"


def test_url_hosts_allow_list():
    rules = ScanRules(url_hosts=("antrian.imigrasi.go.id",))
    assert parse_scan(b"https://antrian.imigrasi.go.id/b/ABC123", rules) == BookingCode("ABC123")
    with pytest.raises(UnrecognisedScan):
        parse_scan(b"https://antrian.imigrasi.go.id.evil.example/b/ABC123", rules)


def test_nik_qr_when_enabled():
    rules = ScanRules(accept_nik=True)
    scan = parse_scan(VALID_NIK.encode(), rules)
    assert isinstance(scan, NikScan) and scan.nik.masked.endswith("0001")
    with pytest.raises(UnrecognisedScan) as refused:
        parse_scan(b"9901054101900001", rules)
    assert refused.value.reason == "bad_nik"


@settings(max_examples=500)
@given(st.binary(max_size=700))
def test_random_bytes_are_recognised_or_refused_never_crash(data):
    for rules in (ScanRules(), ScanRules(accept_nik=True, url_hosts=("a.example",))):
        try:
            scan = parse_scan(data, rules)
        except UnrecognisedScan:
            continue
        if isinstance(scan, BookingCode):
            assert rules.is_code(scan.code)


@given(st.text(max_size=200))
def test_random_text_is_recognised_or_refused_never_crash(text):
    with contextlib.suppress(UnrecognisedScan):
        parse_scan(text.encode("utf-8", "surrogatepass"))


# --- framing ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("terminator", "stream", "frames"),
    [
        ("auto", b"AAA111\rBBB222\nCCC333\r\n", [b"AAA111", b"BBB222", b"CCC333"]),
        ("crlf", b"AAA111\r\nBBB\r222\r\n", [b"AAA111", b"BBB\r222"]),
        ("cr", b"AAA111\rBBB222\r", [b"AAA111", b"BBB222"]),
        ("lf", b"AAA111\nBBB222\n", [b"AAA111", b"BBB222"]),
    ],
)
def test_terminators(terminator, stream, frames):
    assert ScanFramer(terminator).feed(stream) == frames


@given(st.lists(st.binary(min_size=1, max_size=40), max_size=10), st.data())
def test_any_split_gives_the_same_frames(lines, data):
    lines = [line.replace(b"\r", b"").replace(b"\n", b"") or b"X" for line in lines]
    stream = b"".join(line + b"\r\n" for line in lines)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=8)))
    framer, got = ScanFramer(), []
    for start, end in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        got += framer.feed(stream[start:end])
    assert got == lines


def test_a_line_without_end_does_not_grow_memory():
    framer = ScanFramer(max_length=512)
    for _ in range(64):
        assert framer.feed(b"x" * 1024) == []
        assert len(framer._buffer) <= 512
    [refused] = framer.feed(b"tail\nABC123\n")[:1]
    assert isinstance(refused, UnrecognisedScan) and refused.reason == "too_long"
    assert refused.length == 64 * 1024 + 4
    assert framer.feed(b"DEF456\n") == [b"DEF456"]


# --- a NIK is never a booking code (issue 12, item 8) ------------------------------------------
DASHED = VALID_NIK[:4] + "-" + VALID_NIK[4:8] + "-" + VALID_NIK[8:12] + "-" + VALID_NIK[12:]
NIK_IN_CODES = [
    DASHED.encode(),
    f"https://antrian.example/booking/{VALID_NIK}".encode(),
    f"https://antrian.example/b?code={VALID_NIK}&lang=id".encode(),
    f"https://antrian.example/b?code={DASHED}".encode(),
    f"MP-{VALID_NIK}".encode(),
    f"{VALID_NIK[:8]} {VALID_NIK[8:]}".encode(),
]


@pytest.mark.parametrize("data", NIK_IN_CODES)
def test_a_nik_inside_a_code_is_refused_never_a_booking_code(data):
    with pytest.raises(UnrecognisedScan) as refused:
        parse_scan(data)
    assert refused.value.reason == "nik_in_code"
    assert VALID_NIK not in str(refused.value)


@pytest.mark.parametrize("data", NIK_IN_CODES)
def test_a_nik_inside_a_code_is_a_nik_scan_where_nik_codes_are_on(data):
    scan = parse_scan(data, ScanRules(accept_nik=True))
    assert isinstance(scan, NikScan) and scan.nik.digits == VALID_NIK


def test_a_longer_run_of_digits_is_refused_even_where_nik_codes_are_on():
    with pytest.raises(UnrecognisedScan) as refused:
        parse_scan(f"MP-{VALID_NIK}99".encode(), ScanRules(accept_nik=True))
    assert refused.value.reason == "nik_in_code"


@given(st.text(max_size=120))
def test_no_booking_code_ever_holds_a_nik(text):
    for rules in (ScanRules(), ScanRules(accept_nik=True)):
        with contextlib.suppress(UnrecognisedScan):
            scan = parse_scan(text.encode("utf-8", "surrogatepass"), rules)
            if isinstance(scan, BookingCode):
                assert not re.search(r"[0-9]{16}", re.sub(r"[^0-9A-Za-z]", "", scan.code))
