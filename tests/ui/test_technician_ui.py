"""The technician screen: a hidden gesture, a hashed PIN with a lockout, then the checks and
the actions a technician needs in front of the kiosk."""

from __future__ import annotations

import pytest

from kiosk.domain.pin import MIN_ITERATIONS, PinGate, hash_pin

pytestmark = pytest.mark.ui
PIN = "482915"


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def gate(ui):
    clock = Clock()
    ui.app.pin_gate = PinGate(hash_pin(PIN, iterations=MIN_ITERATIONS), max_tries=3, lockout_s=60,
                              clock=clock)  # fmt: skip
    yield clock
    ui.app.pin_gate = None


def logo(ui):
    return ui.screen.ids.get("logo") or next(
        w for w in ui.screen.walk() if getattr(w, "source", "") == ui.app.logo_source
    )


def enter(ui, digits, wait=True):
    screen = ui.screen
    for digit in digits:
        ui.tap(ui.find(lambda w, d=digit: getattr(w, "key", None) == d and w.get_root_window()
                       and ui.screen in list(w.walk_reverse(loopback=True))))  # fmt: skip
    ui.tap(ui.screen.ids.ok)
    if wait:  # the PIN is checked off the UI thread
        ui.wait_for(lambda: not screen.checking)


def test_without_a_pin_the_gesture_does_nothing(ui):
    for _ in range(5):
        ui.tap(logo(ui))
    ui.pump(10)
    assert ui.screen.name == "home"


def test_pin_lockout_then_the_technician_screen(ui, gate):
    for _ in range(5):
        ui.tap(logo(ui))
    ui.wait_for(lambda: ui.settled_on("pin"))
    for _ in range(3):
        enter(ui, "1111")
    assert "Terkunci" in ui.screen.ids.message.text
    enter(ui, PIN)  # right, but locked
    assert ui.screen.name == "pin"
    ui.screenshot("technician-pin-locked-id")
    gate.now += 61
    enter(ui, PIN)
    ui.wait_for(lambda: ui.settled_on("technician"))
    screen = ui.screen
    ui.wait_for(lambda: len(screen.results) == 11 and not screen.busy)  # 11: opening hours
    checks = {r.check: r for r in screen.results}
    assert checks["opening hours"].said("id") == "tanpa [hours]: nomor kapan saja"
    # The kiosk's own devices come from its live state, never opened a second time.
    assert checks["printer"].source == "live" and checks["scanner"].source == "live"
    assert checks["printer"].status == "OK" and checks["central API"].status == "OK"
    assert screen.ids.summary.text.startswith("Hari ini: ")
    ui.pump(5)
    ui.screenshot("technician-id")

    ui.tap(screen.ids.test_print)
    ui.wait_for(lambda: screen.ids.action_result.text == "Tes Printer: selesai.")
    ui.tap(screen.ids.reload_guides)
    ui.wait_for(lambda: screen.ids.action_result.text == "Muat Ulang Panduan: selesai.")


class WatchedGate(PinGate):
    """A real PinGate that notes which thread hashed the PIN, and can be held mid-hash."""

    def __init__(self, *args, **kwargs):
        import threading

        super().__init__(*args, **kwargs)
        self.threads = []
        self.release = threading.Event()

    def try_pin(self, pin):
        import threading

        self.threads.append(threading.current_thread())
        self.release.wait(10)
        return super().try_pin(pin)


def test_the_pin_is_hashed_off_the_ui_thread(ui):
    import threading

    ui.app.pin_gate = gate = WatchedGate(hash_pin(PIN), max_tries=3, lockout_s=60)
    try:
        for _ in range(5):
            ui.tap(logo(ui))
        ui.wait_for(lambda: ui.settled_on("pin"))
        enter(ui, PIN, wait=False)  # returns while the hash is held: the UI did not wait
        assert gate.threads and gate.threads[0] is not threading.main_thread()
        assert ui.screen.checking
        enter(ui, PIN, wait=False)  # a second OK while the first is checked is no second try
        gate.release.set()
        ui.wait_for(lambda: ui.settled_on("technician"))
        assert len(gate.threads) == 1
        ui.app.go("home")
        ui.wait_for(lambda: ui.settled_on("home"))
    finally:
        gate.release.set()
        ui.app.pin_gate = None


# English words (and Python's) that must not reach the Indonesian technician screen.
ENGLISH = ("Today", "tickets", "ticket ", "ratings", "waiting", "refused", "printed", "Outbox",
           "fault", "for ", "none", "free", "synchronised", "standalone", "Error", "Exception",
           "Failed", "test_print", "OK:", "probe", "live", "paper", "seconds", "min ")  # fmt: skip


@pytest.fixture
def broken_printer(ui, tmp_path):
    """The kiosk's simulated printer, whose output folder is a file: every print fails (IO)."""
    from kiosk.hardware.printer import SimulatedPrinter

    relay = ui.app.kiosk.printer  # the session's PrinterRelay, which the desk prints through
    real = relay.target
    (tmp_path / "out").write_text("not a folder")
    broken = SimulatedPrinter(real.renderer, tmp_path / "out")
    broken.health = real.health  # the live state the technician screen reads
    # The kiosk's printer poll asks the relay's configured printer: pointed at the broken one
    # too, or a poll landing mid-test reports the healthy one and clears the fault the test reads.
    relay.target = relay.configured = broken
    yield
    relay.target = relay.configured = real
    real.health.report(None)


def test_the_indonesian_technician_screen_says_it_all_in_indonesian(ui, gate, broken_printer):
    app = ui.app
    ui.tap(ui.screen.ids.walk_in)  # a check-in, whose ticket the empty printer fails
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Paspor Baru"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket") and ui.screen.print_state == "failed")
    ui.home()
    app.go("pin")
    ui.wait_for(lambda: ui.settled_on("pin"))
    enter(ui, PIN)
    ui.wait_for(lambda: ui.settled_on("technician"))
    screen = ui.screen
    ui.wait_for(lambda: screen.results and not screen.busy)
    ui.tap(screen.ids.test_print)  # fails: the printer cannot be written to
    ui.wait_for(lambda: "gagal" in screen.ids.action_result.text)
    ui.pump(3)
    ui.screenshot("technician-after-failed-print-id")

    shown = ui.texts()
    rows = screen.ids.checks.data
    shown += "\n".join(f"{r['status_text']} {r['check']} {r['detail']}" for r in rows)
    assert "tiket (" in shown and "tidak tercetak" in shown
    assert screen.ids.action_result.text == (
        "Tes Printer gagal: data tak terkirim. Rinciannya ada di log."
    )
    printer = next(r for r in rows if r["check"] == "Printer")
    assert printer["status_text"] == "GAGAL" and "data tak terkirim selama" in printer["detail"]
    found = [word for word in ENGLISH if word in shown]
    assert not found, shown
    assert "<" not in shown and "Error(" not in shown and "Exception" not in shown

    app.lang = "en"  # the same screen in English, with its plurals
    ui.pump(3)
    assert "Test Print failed: cannot send data." in screen.ids.action_result.text
    assert screen.ids.summary.text.startswith("Today: ")
    ui.screenshot("technician-after-failed-print-en")
    app.lang = "id"
