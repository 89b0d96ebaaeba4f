"""The backups' state where the office sees it: an alert to the webhook when the last backup
is too old or failed, one when it is fine again, and a tile on today's dashboard."""

from __future__ import annotations

import pytest

from tests.central_dashboard.conftest import base, seed, signed_in
from tests.central_dashboard.test_pdf_alerts import Webhook, webhook  # noqa: F401 (fixture)


def _sent(central) -> list[tuple[str, str, str]]:
    run = central.cli("alerts")
    assert run.returncode == 0, run.stderr
    got = [(m["event"], m["kiosk"], m["problem"]) for m in Webhook.received]
    Webhook.received.clear()
    return got


@pytest.mark.parametrize("engine", ["sqlite"])
def test_a_missing_or_failed_backup_is_alerted_and_shown_until_a_backup_works(
    central,
    webhook,  # noqa: F811 (the fixture imported above)
):
    Webhook.fail_first = 0
    seed(central, "backup_alerting", webhook)
    assert _sent(central) == [("started", "server pusat", "backup_old")]  # none made yet
    assert central.cli("backup").returncode == 0
    assert _sent(central) == [("cleared", "server pusat", "backup_old")]
    assert _sent(central) == []
    good = central.config.read_text()
    central.config.write_text(good + 'backup_dir = "/dev/null/backups"\n')  # a disk gone
    failed = central.cli("backup", check=False)
    assert failed.returncode == 1 and failed.stderr.startswith("kiosk-central: backup: ")
    assert _sent(central) == [("started", "server pusat", "backup_failed")]
    central.start()
    page = signed_in(central, "kepala").get(f"{base(central)}/dashboard/", timeout=30).text
    tile = page[page.index('id="t-backup"') :][:600]
    assert "Cadangan data gagal" in tile and "/dev/null/backups" in tile
    central.kill()
    central.config.write_text(good)
    central.start()  # the config is read at start
    assert central.cli("backup").returncode == 0
    assert _sent(central) == [("cleared", "server pusat", "backup_failed")]
    page = signed_in(central, "kepala").get(f"{base(central)}/dashboard/", timeout=30).text
    tile = page[page.index('id="t-backup"') :][:600]
    assert "menit lalu" in tile and "gagal" not in tile
