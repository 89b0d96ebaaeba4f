"""Where the kiosk's shipped files live."""

from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
FONTS = ASSETS / "fonts"


def asset(path: str) -> Path:
    """An absolute path as given, else relative to the assets folder."""
    p = Path(path)
    return p if p.is_absolute() else ASSETS / p
