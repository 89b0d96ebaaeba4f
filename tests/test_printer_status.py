"""DLE EOT replies decoded fail-closed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.printer_status import PrinterFault, StatusUnreadable, decode_status
from tests.fake_printers import COVER_OPEN, HEALTHY, PAPER_NEAR_END, PAPER_OUT


@pytest.mark.parametrize(
    ("replies", "fault", "warning"),
    [
        (HEALTHY, None, None),
        (PAPER_NEAR_END, None, "paper_near_end"),
        (PAPER_OUT, PrinterFault.PAPER_OUT, None),
        (COVER_OPEN, PrinterFault.COVER_OPEN, None),
        ({1: b"\x1e", 2: b"\x12", 4: b"\x12"}, PrinterFault.OFFLINE, None),
        ({1: b"\x1e", 2: b"\x52", 4: b"\x12"}, PrinterFault.ERROR, None),
        # Paper end reported only by "printing stopped" in the offline cause.
        ({1: b"\x1e", 2: b"\x32", 4: b"\x12"}, PrinterFault.PAPER_OUT, None),
        # Replies padded with an older byte: the last one counts.
        ({1: b"\x16\x16", 2: b"\x12", 4: b"\x12"}, None, None),
    ],
)
def test_decoded_status(replies, fault, warning):
    status = decode_status(replies)
    assert status.fault == fault
    assert status.warning == warning


@pytest.mark.parametrize(
    "replies",
    [
        {1: b"", 2: b"\x12", 4: b"\x12"},
        {1: b"\x16", 2: b"\x12"},
        {1: b"\x00", 2: b"\x12", 4: b"\x12"},
        {1: b"\x16", 2: b"\xff", 4: b"\x12"},
    ],
)
def test_silence_or_noise_is_never_fine(replies):
    with pytest.raises(StatusUnreadable):
        decode_status(replies)


@given(st.dictionaries(st.sampled_from([1, 2, 4]), st.binary(max_size=4)))
def test_any_reply_is_decoded_or_refused(replies):
    try:
        status = decode_status(replies)
    except StatusUnreadable:
        return
    assert all(replies[n] and replies[n][-1] & 0x93 == 0x12 for n in (1, 2, 4))
    assert status.fault is None or isinstance(status.fault, PrinterFault)
