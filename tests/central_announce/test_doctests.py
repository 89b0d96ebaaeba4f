"""The examples in the announce modules' docstrings hold (pytest collects doctests only under
kiosk/, so they are run from here)."""

from __future__ import annotations

import doctest

import pytest

from kiosk_central.announce import catalogue, speech, timing


@pytest.mark.parametrize("module", [speech, catalogue, timing], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failed, tried = doctest.testmod(module)
    assert tried and not failed
