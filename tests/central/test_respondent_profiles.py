"""The SKM's respondent profiles on the central (issue 27, item 5): supervisors list them
read-only in the admin with the month and the answers only, and the NIK retention (one day by
default) never erases them: they stay with the survey's data for the semester's report."""

from __future__ import annotations

import re

import pytest
import requests

from tests.central.conftest import Central

PASSWORD = "rahasia-Kantor-42"
OLD, NEW = "7d4c1b9e-0000-4000-8000-000000000001", "7d4c1b9e-0000-4000-8000-000000000002"
_SETUP = f"""
import django
django.setup()
from django.contrib.auth.models import Group, User
from kiosk_central.queue.models import Kiosk, Office, Rating, RespondentProfile
from kiosk_central.queue.retention import purge_niks
office = Office.objects.get()
office.nik_retention_days = 1
office.save()
kiosk = Kiosk.objects.get()
RespondentProfile.objects.create(id="{OLD}", office=office, kiosk=kiosk, month="2025-06",
                                 sex="P", age="55+", education="SMA", occupation="")
RespondentProfile.objects.create(id="{NEW}", office=office, kiosk=kiosk,
                                 month=office.local_now().strftime("%Y-%m"), sex="L")
for name, group in (("spv", "supervisor"), ("petugas", "loket")):
    user = User.objects.create_user(name, password="{PASSWORD}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
ratings = Rating.objects.count()
purge_niks()
print(RespondentProfile.objects.count(), Rating.objects.count() == ratings)
"""


@pytest.fixture
def central(tmp_path):
    central = Central(tmp_path / "central").setup()
    central.register("kios-lobi")
    run = central.python(_SETUP)
    assert run.returncode == 0, run.stderr[-2000:]
    central.purged = run.stdout.split()
    central.start()
    yield central
    central.kill()


def _signed_in(central, username: str) -> tuple[requests.Session, str]:
    site = f"http://127.0.0.1:{central.port}/admin/"
    s = requests.Session()
    page = s.get(site + "login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    s.post(
        site + "login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf,
              "next": "/admin/"},
        headers={"Referer": site},
        timeout=30,
    )  # fmt: skip
    return s, site


def test_the_nik_retention_leaves_the_profiles_with_the_survey_data(central):
    """A profile from last year's June outlives a one-day NIK retention, as the ratings do."""
    assert central.purged == ["2", "True"]


def test_a_supervisor_lists_the_profiles_read_only_with_nothing_that_names_a_visit(central):
    s, site = _signed_in(central, "spv")
    page = s.get(site + "queue/respondentprofile/", timeout=30)
    assert page.status_code == 200, page.status_code
    assert "2025-06" in page.text and "Perempuan" in page.text and "55 tahun ke atas" in page.text
    assert "SMA/SMK" in page.text and "Laki-laki" in page.text
    # no id, no kiosk, no page of a row's own, no way to add, change or delete
    own = "queue/respondentprofile/"
    for leak in (OLD, NEW, "kios-lobi", own + "add/", "/change/", "delete_selected"):
        assert leak not in page.text, leak
    assert s.get(site + f"queue/respondentprofile/{OLD}/change/", timeout=30).status_code in (
        302,
        403,
        404,
    )
    s.cookies.set("django_language", "en")
    english = s.get(site + "queue/respondentprofile/", timeout=30)
    assert "Female" in english.text and "55 and over" in english.text


def test_a_loket_clerk_does_not_see_them(central):
    s, site = _signed_in(central, "petugas")
    assert s.get(site + "queue/respondentprofile/", timeout=30).status_code == 403


def test_the_listing_at_pc_size(central, browser_contexts, artifacts):
    site = f"http://127.0.0.1:{central.port}/admin/"
    page = browser_contexts.new_page(1366, 768)
    page.goto(site + "login/?next=/admin/queue/respondentprofile/")
    page.fill("#id_username", "spv")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/respondentprofile/")
    assert "Perempuan" in page.inner_text("#result_list")
    page.screenshot(path=str(artifacts / "admin-respondent-profiles-pc.png"), full_page=True)
