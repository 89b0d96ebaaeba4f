"""The public pages' tests: the real central's fixtures (tests/central/conftest.py, imported)."""

from tests.central.conftest import (  # noqa: F401
    Central,
    bare_central,
    central,
    engine,
    postgres,
)
