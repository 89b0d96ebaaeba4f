"""Shared widgets: buttons, cards and the header every screen carries."""

from kivy.core.image import Image as CoreImage
from kivy.properties import ColorProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.paths import ASSETS
from kiosk.screens.theme import COLORS

ICONS = ASSETS / "icons"


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
    sub_lines = NumericProperty(0)  # at most this many subtitle lines; 0: all
    icon = StringProperty("")  # a PNG in assets/icons, by name: drawn in the badge
    icon_texture = ObjectProperty(None, allownone=True)

    def on_icon(self, _card, name: str) -> None:
        path = ICONS / f"{name}.png"
        self.icon_texture = CoreImage(str(path)).texture if name and path.is_file() else None


class Header(BoxLayout):
    pass


class Message(Label):
    """A one-line status under an input: ``kind`` is info, error or ok."""

    kind = StringProperty("info")


class KeypadKey(KioskButton):
    """A key of the NIK keypad: a digit, ``del`` or ``clear``."""

    key = StringProperty("")


# Phone-keypad order; the two keys beside 0 edit instead of typing.
KEYPAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "del")


def fill_keypad(grid, on_key) -> None:
    """Twelve large keys into ``grid``; ``on_key`` gets "0"-"9", "del" or "clear"."""
    for key in KEYPAD_KEYS:
        button = KeypadKey(key=key)
        button.bind(on_release=lambda b: on_key(b.key))
        grid.add_widget(button)


def typed(digits: str, key: str, limit: int) -> str:
    """``digits`` after pressing ``key`` on the keypad, never longer than ``limit``.

    >>> typed("12", "3", 4), typed("12", "del", 4), typed("1234", "5", 4), typed("12", "clear", 4)
    ('123', '1', '1234', '')
    """
    if key == "del":
        return digits[:-1]
    if key == "clear":
        return ""
    return digits + key if len(digits) < limit else digits
