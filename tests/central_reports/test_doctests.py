"""The examples in the reports modules' docstrings hold (pytest collects doctests only under
kiosk/, so they are run from here)."""

from __future__ import annotations

import doctest

import pytest

from kiosk_central.reports import charts, queue_kpis, skm_pdf, survey


@pytest.mark.parametrize("module", [charts, queue_kpis, skm_pdf, survey], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failed, tried = doctest.testmod(module)
    assert tried and not failed
