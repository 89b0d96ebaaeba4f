"""Queue numbers: per service, per local day, ``A-001`` style.

The day is the office's local calendar day (WIB for Bengkulu): a UTC day boundary would reset
the numbers at 07:00 in the morning, in the middle of the queue.
"""

from __future__ import annotations


def format_number(prefix: str, n: int) -> str:
    """The number a visitor sees; past 999 it simply grows a digit.

    >>> format_number("A", 7), format_number("B", 1234)
    ('A-007', 'B-1234')
    """
    if n < 1:
        raise ValueError("queue numbers start at 1")
    return f"{prefix}-{n:03d}"


def parse_number(number: str) -> tuple[str, int]:
    """The prefix and the count of a number the central API gave.

    >>> parse_number("A-007")
    ('A', 7)
    """
    prefix, _, count = number.partition("-")
    if len(prefix) != 1 or not prefix.isupper() or not count.isdigit():
        raise ValueError(f"not a queue number: {number!r}")
    return prefix, int(count)
