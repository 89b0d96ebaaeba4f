"""Queue numbers: per service, per local day, ``A-001`` style.

The day is the office's local calendar day (WIB for Bengkulu): a UTC day boundary would reset
the numbers at 07:00 in the morning, in the middle of the queue.
"""

from __future__ import annotations


def format_number(prefix: str, n: int) -> str:
    """>>> format_number("A", 7)
    'A-007'
    """
    if n < 1:
        raise ValueError("queue numbers start at 1")
    return f"{prefix}-{n:03d}"
