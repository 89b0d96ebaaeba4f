"""Which kiosks have a problem now, from their last heartbeat, and what to do about each.

Plain values in, plain values out (the alerts command and the live page both read it).
"Sync backlog growing" is read as "more records pending than the office's limit": a kiosk
that keeps up sends its records within a heartbeat or two, so a backlog above the limit is
one that is not draining.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

PAPER_OUT, COVER_OPEN = "paper_out", "cover_open"

# problem -> (what it is, what to do), Indonesian first, then English
PROBLEMS = {
    "offline": (
        ("Kios tidak terhubung", "Kiosk offline"),
        (
            "Periksa listrik dan jaringan kios; kios tetap mencetak nomor secara luring.",
            "Check the kiosk's power and network; it keeps issuing numbers offline.",
        ),
    ),
    "paper_out": (
        ("Kertas printer habis", "Printer out of paper"),
        ("Ganti gulungan kertas (58/80 mm).", "Load a new paper roll (58/80 mm)."),
    ),
    "cover_open": (
        ("Penutup printer terbuka", "Printer cover open"),
        ("Tutup penutup printer sampai terkunci.", "Close the printer cover until it clicks."),
    ),
    "printer": (
        ("Printer bermasalah", "Printer fault"),
        (
            "Periksa kabel dan daya printer; lihat layar teknisi kios.",
            "Check the printer's cable and power; see the kiosk's technician screen.",
        ),
    ),
    "backlog": (
        ("Antrean sinkron menumpuk", "Sync backlog growing"),
        (
            "Periksa jaringan kios ke server pusat; data aman di kios sampai terkirim.",
            "Check the kiosk's network to the central; its data is safe until sent.",
        ),
    ),
    "clock": (
        ("Jam kios tidak tepat", "Kiosk clock skewed"),
        (
            "Pastikan kios mendapat waktu dari jaringan (NTP); nomor tetap sah.",
            "Make sure the kiosk gets network time (NTP); its numbers stay valid.",
        ),
    ),
}


@dataclass(frozen=True)
class Limits:
    offline_minutes: int = 10
    backlog_limit: int = 20
    clock_skew_limit_s: int = 120


@dataclass(frozen=True)
class Problem:
    kiosk: str
    code: str
    detail: str
    since: datetime | None  # when it is known to have begun (offline: the last heartbeat)

    def label(self, lang: str = "id") -> str:
        return PROBLEMS[self.code][0][lang == "en"]

    def advice(self, lang: str = "id") -> str:
        return PROBLEMS[self.code][1][lang == "en"]


def problems(kiosk: dict, limits: Limits, now: datetime) -> list[Problem]:
    """``kiosk``: name, last_seen, printer_fault, backlog_pending, clock_skew_s (a values() row).

    A kiosk that is offline reports nothing else: its last printer state may be stale.
    """
    name = kiosk["name"]
    seen = kiosk["last_seen"]
    if seen is None or now - seen > timedelta(minutes=limits.offline_minutes):
        gone = "belum pernah" if seen is None else f"{(now - seen).total_seconds() // 60:.0f}"
        detail = gone if seen is None else f"{gone} mnt"
        return [Problem(name, "offline", detail, seen)]
    found = []
    fault = kiosk["printer_fault"]
    if fault:
        code = fault if fault in (PAPER_OUT, COVER_OPEN) else "printer"
        found.append(Problem(name, code, fault, None))
    if kiosk["backlog_pending"] > limits.backlog_limit:
        found.append(Problem(name, "backlog", str(kiosk["backlog_pending"]), None))
    skew = kiosk["clock_skew_s"]
    if skew is not None and abs(skew) > limits.clock_skew_limit_s:
        found.append(Problem(name, "clock", f"{skew:+.0f} s", None))
    return found


KIOSK_FIELDS = ("name", "last_seen", "printer_fault", "backlog_pending", "clock_skew_s")
