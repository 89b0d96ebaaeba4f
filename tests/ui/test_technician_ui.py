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
    ui.wait_for(lambda: len(screen.rows) == 10 and not screen.busy)
    checks = {check: status for status, check, _ in screen.rows}
    details = {check: detail for _, check, detail in screen.rows}
    # The kiosk's own devices come from its live state, never opened a second time.
    assert details["printer"].startswith("[live] ") and details["scanner"].startswith("[live] ")
    assert checks["printer"] == "OK" and checks["central API"] == "OK"
    assert screen.summary.startswith("Today: ")
    ui.pump(5)
    ui.screenshot("technician-id")

    ui.tap(screen.ids.test_print)
    ui.wait_for(lambda: screen.action_result == "test_print: OK")
    ui.tap(screen.ids.reload_guides)
    ui.wait_for(lambda: screen.action_result == "reload_guides: OK")


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
