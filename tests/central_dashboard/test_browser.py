"""The dashboard in a real browser (Debian's chromium via Playwright) at an office PC's size,
with screenshots in artifacts/central/ (looked at)."""

from __future__ import annotations

import pytest

from tests.central_dashboard.conftest import ARTIFACTS, base, signed_in
from tests.central_dashboard.test_reports import D1


@pytest.fixture
def browser(browser_contexts):
    """``browser(scenario)`` runs ``scenario`` with this test's own contexts of the session's
    chromium (tests/chromium.py), closed when the test ends."""
    return lambda scenario: scenario(browser_contexts)


def _page(browser, central, user="kepala"):
    session = signed_in(central, user)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    context.add_cookies(
        [{"name": k, "value": v, "url": base(central)} for k, v in session.cookies.items()]
    )
    return context.new_page()


def test_live_page_refreshes_itself(browser, today, engine):
    browser(lambda b: _live(b, today, engine))


def _live(browser, today, engine):
    page = _page(browser, today)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base(today)}/dashboard/")
    assert page.locator("#t-issued").inner_text() == "5"
    assert page.get_by_text("Kertas printer habis").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"dashboard-live-{engine}.png")
    # The panel is fetched again every 10 s without a reload: its elements are new ones (the
    # stamp says the minute only, so its text may not change within the test).
    page.evaluate("document.getElementById('stamp').dataset.old = 'yes'")
    page.wait_for_function("() => !document.getElementById('stamp').dataset.old", timeout=25_000)
    assert "gagal" not in page.locator("#stamp").inner_text() and not errors


def test_period_page_with_charts_and_tables(browser, history, engine):
    browser(lambda b: _period(b, history, engine))


def _period(browser, history, engine):
    page = _page(browser, history)
    page.goto(f"{base(history)}/dashboard/period/?{D1}")
    assert page.locator("figure.chart svg").count() == 3  # hourly, waits, IKM trend
    assert page.locator("#tbl-kpi_by_service tbody tr").count() == 3  # A, B, Total
    assert page.locator("#sample-flag").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"dashboard-period-{engine}.png")
    page.screenshot(path=ARTIFACTS / f"dashboard-period-full-{engine}.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_text("Unduh XLSX (semua tabel)").click()
    assert download.value.suggested_filename == "laporan_kantor_2026-11-23_2026-11-23.xlsx"


def test_counter_staff_see_the_403_page(browser, history, engine):
    browser(lambda b: _forbidden(b, history, engine))


def _forbidden(browser, history, engine):
    page = _page(browser, history, "sari")
    reply = page.goto(f"{base(history)}/dashboard/")
    assert reply.status == 403 and page.locator("#forbidden").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"dashboard-forbidden-{engine}.png")
