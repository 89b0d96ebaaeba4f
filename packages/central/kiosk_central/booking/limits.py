"""The booking pages' limits. Per address: what a household or an office's shared connection
needs, far below what a script that books for resale needs. Per person: a NIK tried more often
than a person would (a calo trying a customer's NIK in many slots)."""

from __future__ import annotations

from datetime import timedelta

from kiosk_central.public.gate import Gate
from kiosk_central.public.limits import Limit

GATE = Gate(
    "booking",
    solved=Limit("book-ip", 10, timedelta(hours=1)),
    plain=Limit("book-plain-ip", 3, timedelta(hours=1)),
    plain_all=Limit("book-plain-all", 60, timedelta(minutes=10)),
)
PER_PERSON = Limit("book-person", 6, timedelta(days=1))
FIND_ADDRESS = Limit("find-ip", 30, timedelta(hours=1))
FIND_CODE = Limit("find-code", 5, timedelta(hours=1))  # wrong digits for one code
