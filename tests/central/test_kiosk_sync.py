"""The real kiosk sync stack against the real central: a day of check-ins from two kiosks, an
outage in the middle, the central SIGKILLed mid-write and restarted. Afterwards both sides
agree on every number, the central holds each record once, and no number repeats."""

from __future__ import annotations

import contextlib
import random
import threading

from kiosk.config import DEFAULT_SERVICES
from kiosk.domain.bookings import Booking
from kiosk.paths import ASSETS
from kiosk.sync.worker import LinkDown
from layanan_rules.nik import parse_nik
from layanan_rules.services import Lane
from tests.central.kiosk_side import RealClock, drain, make_kiosk

NIKS = ["1701054101900001", "3171011708450001"]


def _issue(kiosk, rng, i):
    booking = Booking(f"MP-{kiosk.id}-{i:04d}", "paspor_baru") if i % 6 == 0 else None
    service = "paspor_baru" if booking else rng.choice(["paspor_baru", "penggantian"])
    lane = Lane.APPOINTMENT if booking else rng.choice([Lane.REGULAR, Lane.PRIORITY])
    nik = parse_nik(rng.choice(NIKS)) if i % 2 else None
    return kiosk.desk.issue(service, lane, nik, booking)


def test_a_day_from_two_kiosks_with_an_outage_and_a_sigkill(central, tmp_path):
    tokens = {name: central.register(name) for name in ("kiosk-01", "kiosk-02")}
    blocks = {"kiosk-01": 800, "kiosk-02": 900}
    central.start()
    kiosks = [
        make_kiosk(tmp_path / f"{n}.sqlite3", central.url, tokens[n], n, blocks[n]) for n in tokens
    ]
    rng = random.Random(13)
    issued = []
    for i in range(12):  # the morning, online
        for k in kiosks:
            issued.append(_issue(k, rng, i))
    assert all(t.number.split("-")[1] < "800" for t in issued)
    central.kill()  # outage: the kiosks number from their own blocks
    for i in range(12, 20):
        for k in kiosks:
            issued.append(_issue(k, rng, i))
    central.start()
    _issue_through_a_sigkill(central, kiosks, rng, issued)
    central.start()
    for k in kiosks:
        counts = drain(k)
        assert counts["parked"] == 0, k.outbox.parked()
    _assert_both_sides_agree(central, issued)
    for k in kiosks:
        k.client.close()
        k.db.close()


def _issue_through_a_sigkill(central, kiosks, rng, issued) -> None:
    """SIGKILL the central while both kiosks drain their backlog and keep issuing."""
    stop = threading.Event()

    def work(k):
        j = 100
        while not stop.is_set():
            issued.append(_issue(k, rng, j))
            j += 1

    threads = [threading.Thread(target=work, args=(k,)) for k in kiosks]
    for t in threads:
        t.start()
    for _ in range(3):  # the backlog drains while the central is killed under it
        for k in kiosks:
            with contextlib.suppress(LinkDown):
                k.worker.run_once()
    central.kill()
    stop.set()
    for t in threads:
        t.join()


def _assert_both_sides_agree(central, issued) -> None:
    rows = central.query("SELECT t.uid, t.number, t.superseded, t.state FROM queue_ticket t")
    live = {str(r[0]).replace("-", ""): r[1] for r in rows if not r[2]}
    kiosk_side = {t.id.replace("-", ""): t.number for t in issued}
    assert live == kiosk_side  # both sides agree, every ticket once
    numbers = central.query("SELECT service_id, day, seq FROM queue_ticket")
    assert len(numbers) == len(set(numbers))  # no number repeats, voided ones included
    checkins = central.query("SELECT ticket_uid FROM queue_checkin")
    assert sorted(str(c[0]).replace("-", "") for c in checkins) == sorted(
        t.id.replace("-", "") for t in issued if t.booking_code
    )


def test_heartbeat_booking_and_guides_through_the_kiosks_own_parts(central, tmp_path):
    import logging
    import zipfile
    from datetime import date

    from kiosk.domain.faults import FaultLatch
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.usecases.guide_library import GuideLibrary
    from kiosk.usecases.guide_updates import GuideUpdater

    guides = tmp_path / "guides.zip"
    with zipfile.ZipFile(guides, "w") as z:
        for path in sorted((ASSETS / "guides").glob("*.toml")):
            z.write(path, path.name)
    assert central.cli("upload-guides", str(guides)).stdout.startswith("guides v1:")
    token = central.register("kiosk-01")
    central.start()
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    printer = FaultLatch("printer", logging.getLogger("test"))
    printer.report("paper_out", "no paper")
    installed = []
    beat = Heartbeat(
        kiosk.central,
        RealClock(),
        kiosk.outbox,
        {"printer": printer},
        on_reply=lambda reply: installed.append(reply["guides_version"]),
    )
    beat.beat()
    assert installed == [1] and abs(beat.skew_s) < 5
    [(fault, pending, skew)] = central.query(
        "SELECT printer_fault, backlog_pending, clock_skew_s FROM queue_kiosk"
    )
    assert fault == "paper_out" and pending == 0 and abs(skew) < 5
    services = {s.code for s in DEFAULT_SERVICES}
    library = GuideLibrary(tmp_path / "state", services)
    updater = GuideUpdater(kiosk.central, library, date.today, lambda v: None)
    assert updater.offer(1) and library.installed_version == 1
    booking = kiosk.central.lookup_booking("MP-2026-00042")
    assert booking.service_code == "penggantian" and booking.holder_masked == "BUDI S***"
