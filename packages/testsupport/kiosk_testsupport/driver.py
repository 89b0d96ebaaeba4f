"""Drive the real KioskApp in a real window: build it as ``App.run()`` does, pump frames,
tap widgets with synthetic touches and take screenshots.

Kivy must have been prepared (``kiosk.ui_env.prepare_kivy``) before this module is imported.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.config import Config


def start_app(config: Config, overrides=None, *, first_frame: bool = True):
    """The KioskApp built and on screen, ready for ``Driver.pump``; ``overrides`` as for
    :func:`kiosk.bootstrap.build_kiosk`. Its first frame is drawn, unless ``first_frame`` is
    False: the kiosk starts its threads there, as after ``App.run()``, and a harness that only
    ticks the clock would wait forever for a scan."""
    from kivy.base import EventLoop
    from kivy.clock import Clock

    from kiosk.app import KioskApp, install_exception_guard, post_to_ui
    from kiosk.bootstrap import build_kiosk
    from kiosk.ui_env import configure_input

    configure_input(config.display)
    app = KioskApp(build_kiosk(config, post_to_ui, overrides))
    install_exception_guard(app)
    app._run_prepare()  # what App.run() does before its loop
    Clock._max_fps = 0  # a pumped frame never sleeps
    while first_frame and app.first_frame_at is None:
        EventLoop.idle()
    return app


class Driver:
    """What a visitor does, and what a tester needs to watch it happen."""

    def __init__(self, app, shots: Path) -> None:
        from kivy.base import EventLoop
        from kivy.core.window import Window

        self.app = app
        self.window = Window
        self.event_loop = EventLoop
        self.shots = shots
        self.shots.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def serving(self, state_dir: Path, config: Config | None = None, **overrides) -> Iterator:
        """The running app served by a second kiosk, built like the first over ``state_dir``
        with ``overrides`` (e.g. ``central=``), until the block ends. One window per process:
        the app stays, its kiosk and check-in flow are the other's meanwhile."""
        from kiosk.app import post_to_ui
        from kiosk.bootstrap import build_kiosk

        app, config = self.app, config or self.app.kiosk.config
        config = dataclasses.replace(
            config, kiosk=dataclasses.replace(config.kiosk, state_dir=str(state_dir))
        )
        other = build_kiosk(config, post_to_ui, overrides)
        other.connect_buttons()  # as the app does after its first frame
        saved = app.kiosk, app.flow
        app.kiosk, app.flow = other, other.flow
        home = app.root.get_screen("home")
        home.refresh()  # its hours are the other kiosk's now
        try:
            yield other
        finally:
            app.kiosk, app.flow = saved
            home.refresh()
            other.close()

    def pump(self, frames: int = 3) -> None:
        for _ in range(frames):
            self.event_loop.idle()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                root = self.app.root
                raise AssertionError(
                    f"condition not reached in time (screen {root.current!r}, "
                    f"transition running: {root.transition.is_active})"
                )
            self.pump(1)
            time.sleep(0.005)
        self.pump(2)

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        assert widget.get_root_window() is not None, "widget is not on screen"
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        self.pump(1)
        touch.touch_up()
        self.pump(4)

    @property
    def screen(self):
        return self.app.root.current_screen

    def find(self, predicate, root=None):
        for widget in (root or self.screen).walk():
            if predicate(widget):
                return widget
        raise LookupError("no such widget on screen")

    def card(self, title: str):
        return self.find(lambda w: getattr(w, "title", None) == title)

    def answer_priority(self, priority: bool = False) -> None:
        """The question every new ticket asks first: tap Yes or No."""
        self.wait_for(lambda: self.settled_on("priority"))
        self.tap(self.screen.ids.yes if priority else self.screen.ids.no)

    def texts(self) -> str:
        return "\n".join(str(w.text) for w in self.screen.walk() if hasattr(w, "text"))

    def screenshot(self, name: str) -> Path:
        self.pump(2)
        self.window.dispatch("on_draw")
        # Kivy appends a counter to the name: find the file it wrote.
        written = Path(self.window.screenshot(str(self.shots / f"{name}.png")))
        target = self.shots / f"{name}.png"
        written.replace(target)
        return target

    def settled_on(self, name: str) -> bool:
        """``name`` is built (with its KV rules), current, and no transition is running."""
        root = self.app.root
        screen = root.built(name)
        return (
            screen is not None
            and root.current == name
            and root.current_screen is screen
            and not root.transition.is_active
        )

    def still_here(self) -> None:
        """What a visitor's touch does to the idle timer, for a test that moves the app by
        calls: on a loaded machine a long test would otherwise meet the idle reset midway."""
        self.app.last_activity = time.monotonic()

    def home(self) -> None:
        self.app.go_home()
        self.wait_for(lambda: self.settled_on("home"))
        self.still_here()  # the next test is a visitor who just arrived


# --- every screen, and a check of what is on it -------------------------------------------------
NIK = "3171011708450001"
# Nothing a visitor must read is below this at the 800x480 base size (issue 16: ISO 9241-303);
# messages and body text are larger still. The technician's screens are for a trained reader.
MIN_TEXT_PX = 20
MIN_BODY_PX = 24
TECHNICIAN_SCREENS = ("pin", "technician")
MIN_TECHNICIAN_PX = 18


def every_screen(ui: Driver, lang: str) -> Iterator[str]:
    """Put the app in every screen and state a visitor can meet, in ``lang``, one after the
    other; yields a short name for each, for a screenshot or a check."""
    from kiosk.domain.bookings import Booking, Timing
    from kiosk.usecases.rating_flow import RatingEvent
    from layanan_rules.ratings import ELEMENTS, PressOutcome, Score

    app = ui.app

    def go(name: str) -> None:
        app.go(name)
        ui.wait_for(lambda: ui.settled_on(name))
        app.lang = lang
        ui.pump(2)

    ui.home()
    app.lang = lang
    ui.pump(2)
    yield "01-home"
    app.show_notice("scan.unrecognised")
    ui.pump(2)
    yield "02-home-scan-unrecognised"
    ui.home()
    app.lang = lang
    app.notice, app.printer_fault = "", "paper_out"
    ui.pump(2)
    yield "03-home-printer-fault"
    app.printer_fault = ""
    go("nik")
    nik = ui.screen
    for digits, name in ((NIK[:7], "04-nik-typing"), ("3171013002001234", "05-nik-error"),
                         (NIK, "06-nik-valid")):  # fmt: skip
        nik.press("clear")
        for digit in digits:
            nik.press(digit)
        ui.pump(2)
        yield name
    nik.submit(app)
    ui.wait_for(lambda: ui.settled_on("service"))
    yield "07-service-nik"
    ui.screen.error = "service.failed"
    ui.pump(2)
    yield "08-service-error"
    ui.screen.error = ""
    app.take_ticket("paspor_baru")
    ui.wait_for(lambda: ui.settled_on("priority"))
    yield "09-priority-question"
    app.last_activity = time.monotonic() - app.kiosk.config.kiosk.data_timeout_s + 5
    app._tick(0)
    ui.pump(2)
    yield "10-idle-warning"
    app.still_here()
    app.issue_ticket("paspor_baru", priority=True)
    ui.wait_for(lambda: ui.settled_on("ticket") and ui.screen.print_state != "printing")
    ticket_screen = ui.screen
    yield "11-ticket-printed"
    issued = ticket_screen.ticket
    ticket_screen.show(dataclasses.replace(issued, people_ahead=4, estimated_wait_minutes=35))
    ticket_screen.print_state = "printing"
    app.notice = "scan.wait_printing"
    ui.pump(2)
    yield "12-ticket-scan-while-printing"
    app.notice = ""
    ticket_screen.show(issued)
    ticket_screen.print_state = "failed"
    ui.pump(2)
    yield "13-ticket-print-failed"
    ui.home()
    go("guides")
    yield "14-guides"
    guide = next((g for g in app.guides if g.service), app.guides[0])
    app.show_guide(guide)
    ui.wait_for(lambda: ui.settled_on("guide"))
    app.lang = lang
    ui.pump(2)
    yield "15-guide"
    ui.screen.ids.scroll.scroll_y = 0
    ui.pump(3)
    yield "16-guide-end"
    ui.home()
    app.lang = lang
    start = app.kiosk.clock.now() + timedelta(minutes=95)
    booking = Booking(
        "MP-2026-00042", "penggantian", start, start + timedelta(minutes=30), "BUDI S***", True
    )
    app.root.get_screen("booking").show(booking, Timing.EARLY)
    go("booking")
    yield "17-booking-early"
    app.root.get_screen("booking").show(booking, Timing.ON_TIME)
    ui.pump(2)
    yield "18-booking-on-time"
    ui.home()
    app.lang = lang
    kc = app.kiosk.config
    app.rating_panel.present(
        RatingEvent(Score.SANGAT_PUAS, "overall", PressOutcome.COUNTED, None),
        lang, kc.ratings.thanks_s, kc.kiosk.survey_pause_s,
    )  # fmt: skip
    ui.pump(3)
    yield "19-rating-thanks"
    app.rating_panel.present(
        RatingEvent(Score.PUAS, "overall", PressOutcome.COUNTED, ELEMENTS[7]),
        lang, kc.ratings.thanks_s, kc.kiosk.survey_pause_s,
    )  # fmt: skip
    ui.pump(3)
    yield "20-rating-survey-question"
    # The survey's longest answers (U7's) on the four cards beside the buttons.
    app.rating_panel.present(
        RatingEvent(Score.PUAS, ELEMENTS[5], PressOutcome.COUNTED, ELEMENTS[6]),
        lang, kc.ratings.thanks_s, kc.kiosk.survey_pause_s,
    )  # fmt: skip
    ui.pump(3)
    yield "20-rating-survey-answers-u7"
    app.rating_panel.dismiss(animation=False)
    ui.pump(2)
    go("pin")
    yield "21-technician-pin"
    tech = app.root.get_screen("technician")
    go("technician")
    ui.wait_for(lambda: tech.results and not tech.busy)
    tech.outcome = ("tech.failed", {"action": "tech.test_print", "reason": "fault.paper_out"})
    ui.pump(2)
    yield "22-technician"
    ui.home()
    yield from _hours_states(ui, lang)


class FixedClock:
    """A kiosk clock stopped at one office-local moment (screenshots, layout checks)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def is_synced(self) -> bool:
        return True


def hours_demo(config: Config) -> Config:
    """``config`` with an office's week, a holiday, a cut-off and a quota used up."""
    from kiosk.config import HoursConfig
    from layanan_rules.opening import Holidays, ServiceRules, WeeklyHours

    week = {d: ["08:00-12:00", "13:00-16:00"] for d in ("monday", "tuesday", "wednesday")}
    hours = HoursConfig(
        WeeklyHours.parse(week | {"friday": ["08:00-11:30", "13:30-16:30"]}),
        Holidays({date(2026, 12, 25): "Hari Raya Natal"}),
        rules={
            "paspor_baru": ServiceRules.parse("", {"walk_in": 0, "priority": 0}, "paspor_baru"),
            "penggantian": ServiceRules.parse("09:30", {"walk_in": 40}, "penggantian"),
            "izin_tinggal": ServiceRules.parse("", {"walk_in": 30}, "izin_tinggal"),
        },
    )
    return dataclasses.replace(config, hours=hours)


def _hours_states(ui: Driver, lang: str) -> Iterator[str]:
    """Issue 20: the office closed (a Saturday), and the services on a Monday at 10.00 with
    one quota used up, one past its cut-off and one counting down."""
    import tempfile
    from zoneinfo import ZoneInfo

    app = ui.app
    config = hours_demo(app.kiosk.config)
    tz = ZoneInfo(config.office.timezone)
    with tempfile.TemporaryDirectory(prefix="kiosk-hours-") as state:
        saturday = FixedClock(datetime(2026, 11, 28, 10, 0, tzinfo=tz))
        with ui.serving(Path(state) / "closed", config, clock=saturday):
            ui.home()
            app.lang = lang
            app._tick(0)  # the header's clock from this kiosk's, now
            ui.pump(3)
            yield "23-home-office-closed"
        monday = FixedClock(datetime(2026, 11, 30, 10, 0, tzinfo=tz))
        with ui.serving(Path(state) / "open", config, clock=monday):
            ui.home()
            app.go("service")
            ui.wait_for(lambda: ui.settled_on("service"))
            app.lang = lang
            app._tick(0)
            ui.pump(3)
            yield "24-service-quota-reached"
        ui.home()


def layout_problems(ui: Driver) -> list[str]:
    """What a visitor could not read on the screen now: visible text below the minimum size,
    text cut off or spilling out of its box or its card. Empty when all is well."""
    from kivy.uix.modalview import ModalView

    app, window = ui.app, ui.window
    roots = [w for w in window.children if isinstance(w, ModalView)] or [ui.screen]
    problems = []
    for root in roots:
        technician = root is ui.screen and ui.screen.name in TECHNICIAN_SCREENS
        for label in _visible_labels(root):
            problems += _label_problems(label, app.scale, technician, root)
    return problems


def _visible_labels(root):
    from kivy.uix.label import Label

    for widget in root.walk(restrict=True):
        if isinstance(widget, Label) and str(widget.text).strip() and _shown(widget, root):
            yield widget


def _shown(widget, root) -> bool:
    node = widget
    while node is not None:
        if node.opacity <= 0.01 or node.width < 2 or node.height < 2:
            return False
        if node is root:
            return True
        node = node.parent
    return True


def _card_of(label, root):
    """The box the text must stay inside: its button or card, else the screen or dialog."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.scrollview import ScrollView

    node = label
    while node is not None and node is not root:
        if isinstance(node, ButtonBehavior) or getattr(node, "is_card", False):
            return node
        if isinstance(node, ScrollView):
            return None  # scrolled text may lie outside the window: its own box is checked
        node = node.parent
    return root


def _label_problems(label, scale: float, technician: bool, root) -> list[str]:
    from kivy.core.text import Label as CoreLabel

    from kiosk.screens.widgets import Message

    name = f"{type(label).__name__} {str(label.text)[:40]!r}"
    problems = []
    least = MIN_BODY_PX if type(label).__name__ in ("Message", "Paragraph") else MIN_TEXT_PX
    least = MIN_TECHNICIAN_PX if technician else least
    if label.font_size < least * scale - 0.5:
        problems.append(f"{name}: {label.font_size / scale:.0f} px, under {least} px")
    # The text as it would be laid out with no shortening: what the visitor should see whole.
    box_w = label.text_size[0] if label.text_size[0] else None
    options = dict(label._label.options)
    # max_lines cuts lines away (Kivy drops the first ones): a cut is a problem too.
    options.update(text_size=(box_w, None), shorten=False, max_lines=0)
    core = CoreLabel(**options)
    core.text = label.text
    core.refresh()
    text_w, text_h = core.texture.size if core.texture else (0, 0)
    room_w = box_w or label.width
    room_h = label.height if not isinstance(label, Message) else label.height + 1
    if text_w > room_w + 2 or (label.text_size[0] is None and text_w > label.width + 2):
        problems.append(f"{name}: {text_w:.0f} px wide in {min(room_w, label.width):.0f}")
    problems += _broken_word(label, options, room_w, name)
    one_line = text_h < label.font_size * 1.7
    # One line needs room for its letters, not the font's whole line box.
    if text_h > room_h + 2 and not (one_line and room_h >= label.font_size * 1.1):
        problems.append(f"{name}: {text_h:.0f} px high in {room_h:.0f}")
    card = _card_of(label, root)
    if card is not None and card is not label:
        lx, ly = label.to_window(*label.pos)
        cx, cy = card.to_window(*card.pos)
        top_gap = (cy + card.height) - (ly + label.height)
        if lx < cx - 1 or ly < cy - 1 or top_gap < -1 or lx + label.width > cx + card.width + 1:
            problems.append(f"{name}: outside its {type(card).__name__}")
    return problems


def _broken_word(label, options: dict, room_w: float, name: str) -> list[str]:
    """A word wider than its box is broken inside it ("Dissatisfie / d"): the longest one."""
    from kivy.core.text import Label as CoreLabel

    word = max(str(label.text).split(), key=len, default="")
    measured = CoreLabel(**{**options, "text_size": (None, None)})
    measured.text = word
    measured.refresh()
    if measured.texture and measured.texture.width > room_w + 2:
        return [f"{name}: the word {word!r} is wider than its box"]
    return []
