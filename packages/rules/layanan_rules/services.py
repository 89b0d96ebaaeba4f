"""The services an office offers at its kiosk, and the lanes a ticket can be issued in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Lane(StrEnum):
    REGULAR = "regular"
    PRIORITY = "priority"  # elderly, disabled, pregnant, with small children ("layanan ramah HAM")
    APPOINTMENT = "appointment"  # booked online (M-Paspor)


@dataclass(frozen=True)
class Service:
    """One service line; ``prefix`` is the letter on its queue numbers (A-001)."""

    code: str
    prefix: str
    name_id: str
    name_en: str
    average_minutes: float = 10.0
    icon: str = ""
    wait_at: str = ""  # where its visitors wait; empty: the kiosk's general waiting area

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


class UnknownService(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown service code {code!r}")
        self.code = code


class ServiceCatalogue:
    """The office's services in display order, looked up by code."""

    def __init__(self, services: tuple[Service, ...]) -> None:
        self._services = services
        self._by_code = {s.code: s for s in services}

    def __iter__(self):
        return iter(self._services)

    def __len__(self) -> int:
        return len(self._services)

    def get(self, code: str) -> Service:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownService(code) from None
