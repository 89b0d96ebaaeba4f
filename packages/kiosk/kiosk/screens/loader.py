"""Screens and their KV rules, loaded on first use: the first frame needs only the home screen.

A cold start pays for every screen it builds before the first frame (a dark lobby on a Pi after
a power cut); the other screens are built when first shown, or by ``prebuild`` one per frame
once the home screen is up, so the first tap on them does not pay either.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.uix.layout import Layout
from kivy.uix.screenmanager import Screen, ScreenManager

if TYPE_CHECKING:  # the panels' module loads it, when a panel is first shown
    from kivy.uix.modalview import ModalView

SCREENS_DIR = Path(__file__).resolve().parent
COMMON_KV = ("widgets.kv",)
# name: (module, class, KV files it needs, in order). KeypadKey's rule is in nik_entry.kv.
SCREENS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "home": ("home", "HomeScreen", ("home.kv",)),
    "nik": ("nik_entry", "NikEntryScreen", ("nik_entry.kv",)),
    "service": ("service_choice", "ServiceChoiceScreen", ("service_choice.kv",)),
    "ticket": ("ticket", "TicketScreen", ("ticket.kv",)),
    "priority": ("priority", "PriorityScreen", ("priority.kv",)),
    "guides": ("guides", "GuidesScreen", ("guides.kv",)),
    "guide": ("guides", "GuideScreen", ("guides.kv",)),
    "booking": ("booking", "BookingScreen", ("booking.kv",)),
    "pin": ("technician", "PinScreen", ("nik_entry.kv", "technician.kv")),
    "technician": ("technician", "TechnicianScreen", ("nik_entry.kv", "technician.kv")),
}
PANELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "rating_panel": ("rating_panel", "RatingPanel", ("rating_panel.kv",)),
    "idle_warning": ("idle_warning", "IdleWarning", ("idle_warning.kv",)),
}

_loaded_kv: set[str] = set()


def load_kv(*names: str) -> None:
    """Each KV file once per process: a file loaded twice applies its rules twice."""
    for name in names:
        if name not in _loaded_kv:
            Builder.load_file(str(SCREENS_DIR / name))
            _loaded_kv.add(name)


def _make(spec: tuple[str, str, tuple[str, ...]]):
    module, cls, kv = spec
    load_kv(*COMMON_KV, *kv)
    return getattr(importlib.import_module(f"kiosk.screens.{module}"), cls)()


def make_panel(name: str) -> ModalView:
    return _make(PANELS[name])


class LazyScreens(ScreenManager):
    """A ScreenManager whose screens are built the first time they are asked for.

    Every way in goes through ``get_screen`` (``current = name`` does too), so code and tests
    that name a screen never see the difference."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pending: list[str] = []

    def get_screen(self, name: str) -> Screen:
        if name in SCREENS and not self.has_screen(name):
            self.add_widget(_make(SCREENS[name]))
        return super().get_screen(name)

    def lay_out(self) -> None:
        """Lay out every widget now, top down, before the first frame renders any text: a
        label wrapped to its width is otherwise rendered first at the size every widget
        starts with (0 to 100 px: a word or a letter a line) and again a moment later."""
        for widget in self.walk(restrict=True):
            if isinstance(widget, Layout):
                widget.do_layout()

    def built(self, name: str) -> Screen | None:
        """The screen if it exists yet, without building it."""
        return super().get_screen(name) if self.has_screen(name) else None

    def prebuild(self, delay_s: float) -> None:
        """Build the screens not shown yet, one a frame, starting ``delay_s`` from now."""
        self._pending = [n for n in SCREENS if not self.has_screen(n)]
        Clock.schedule_once(self._build_next, delay_s)

    def _build_next(self, _dt) -> None:
        if self._pending:
            self.get_screen(self._pending.pop(0))
            Clock.schedule_once(self._build_next, 0)
