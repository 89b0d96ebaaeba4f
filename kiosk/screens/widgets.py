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
