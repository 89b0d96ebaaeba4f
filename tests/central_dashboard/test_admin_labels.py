"""The dashboard's, the opening hours' and the holidays' admin labels in Indonesian (they were
English in an Indonesian admin: the .po had no entries or wrong fuzzy ones)."""

from __future__ import annotations

from tests.central.test_admin import admin  # noqa: F401  (the signed-in admin, reused)


def test_the_dashboard_hours_and_holiday_labels_are_indonesian(admin):  # noqa: F811
    _, s, site = admin
    home = s.get(site, timeout=10).text
    for label in (
        "Dasbor supervisor",
        "Pengaturan dasbor",
        "Peringatan kios",
        "Hari libur",
        "Akses dasbor",
    ):
        assert label in home, label
    assert "Jam layanan" in s.get(site + "queue/office/1/change/", timeout=10).text
    service = s.get(site + "queue/service/1/change/", timeout=10).text
    for label in ("Kuota harian: tanpa NIK", "Kuota harian: janji temu"):
        assert label in service, label
    settings = s.get(site + "dashboard/dashboardsettings/add/", timeout=10).text
    for label in ("Target waktu tunggu (menit)", "Webhook peringatan", "NIP penanda tangan"):
        assert label in settings, label
