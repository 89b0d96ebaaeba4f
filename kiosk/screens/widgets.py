"""Shared widgets: buttons, cards and the header every screen carries."""

from kivy.properties import ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.screens.theme import COLORS


class KioskButton(ButtonBehavior, Label):
    bg = ColorProperty(COLORS["primary"])
    fg = ColorProperty(COLORS["on_primary"])
    radius = NumericProperty(14)


class CardButton(ButtonBehavior, BoxLayout):
    """A large card: a title and a line of explanation under it."""

    title = StringProperty("")
    subtitle = StringProperty("")
    badge = StringProperty("")
    bg = ColorProperty(COLORS["card"])
    fg = ColorProperty(COLORS["text"])
    sub_fg = ColorProperty(COLORS["muted"])
    # Sizes at the 800x480 base; the KV rule multiplies them by app.scale.
    title_size = NumericProperty(26)
    sub_size = NumericProperty(17)
    badge_size = NumericProperty(60)


class Header(BoxLayout):
    pass


class Message(Label):
    """A one-line status under an input: ``kind`` is info, error or ok."""

    kind = StringProperty("info")


class KeypadKey(KioskButton):
    """A key of the NIK keypad: a digit, ``del`` or ``clear``."""

    key = StringProperty("")
