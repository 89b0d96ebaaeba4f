"""Colours and type, in one place so every screen looks like one product."""

from kivy.utils import get_color_from_hex as _hex

COLORS = {
    "primary": _hex("#0B3D6E"),  # deep navy: public-service, high contrast with white
    "primary_dark": _hex("#082C50"),
    "accent": _hex("#F2B705"),  # warm gold for the one thing to touch next
    "accent_dark": _hex("#C99700"),
    "background": _hex("#EEF2F7"),
    "card": _hex("#FFFFFF"),
    "card_pressed": _hex("#DCE5F0"),
    "text": _hex("#13202E"),
    "muted": _hex("#506073"),
    "on_primary": _hex("#FFFFFF"),
    "danger": _hex("#B3261E"),
    "danger_bg": _hex("#FCE8E6"),
    "success": _hex("#1E7D3A"),
    "success_bg": _hex("#E3F4E8"),
    "info_bg": _hex("#E4EDF8"),
    "border": _hex("#C9D3DF"),
}


def pressed(rgba: list[float]) -> list[float]:
    """A darker shade for a button held down, so a touch is seen."""
    return [c * 0.82 for c in rgba[:3]] + [rgba[3]]
