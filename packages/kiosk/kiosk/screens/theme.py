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
    # The edge of a white control on the light background: at least 3:1 against both (WCAG
    # 1.4.11), so a key or "Kembali" reads as a button to a visitor with low vision.
    "outline": _hex("#6B7A8C"),
    "warn": _hex("#8A5A00"),  # a warning's text on the light background, at least 4.5:1
}


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21).

    >>> round(contrast(COLORS["text"], COLORS["background"]), 1)
    14.7
    """

    def luminance(rgba: list[float]) -> float:
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


NO_EDGE = (0.0, 0.0, 0.0, 0.0)


def edge(fill: list[float]) -> tuple[float, ...]:
    """The outline a control of colour ``fill`` needs on the screen's background: none when the
    fill itself stands out 3:1, else the first of our edge colours that does against both.

    >>> edge(COLORS["primary"]) == NO_EDGE, edge(COLORS["card"]) == tuple(COLORS["outline"])
    (True, True)
    """
    background = COLORS["background"]
    if (len(fill) > 3 and fill[3] == 0) or contrast(fill, background) >= 3:
        return NO_EDGE
    for colour in (COLORS["outline"], COLORS["warn"], COLORS["text"]):
        if contrast(colour, fill) >= 3 and contrast(colour, background) >= 3:
            return tuple(colour)
    return tuple(COLORS["text"])


def pressed(rgba: list[float]) -> list[float]:
    """A darker shade for a button held down, so a touch is seen."""
    return [c * 0.82 for c in rgba[:3]] + [rgba[3]]
