"""The period report from per-day digests equals the report from the rows, figure for figure,
and a digest goes stale when late data arrives for its day (see digest_check.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.central_dashboard.conftest import run_module, seed
from tests.central_dashboard.seed import D1


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar"])
def test_digests_equal_the_rows_and_late_data_makes_them_stale(central, zone):
    run = run_module(central, "digest_check", zone)
    phases = {line["phase"]: line for line in map(json.loads, run.stdout.splitlines())}
    for name, phase in phases.items():
        assert phase["dashboard"] == phase["reference"], name
    first, kept = phases["no digests yet"], phases["digests kept"]
    assert first["digests"] == 0 and kept["digests"] >= 25  # made by the first report
    job = phases["digests made by the job"]
    # the job covers 40 days: the day before the period too
    assert job["made"] == kept["digests"] + 1 and job["again"] == 0
    late = phases["late ticket and ratings for a digested day"]
    # the late ticket and nine answers of 1 are in the report: the day's digest was stale
    assert late["dashboard"]["tickets"] == job["dashboard"]["tickets"] + 1
    assert late["dashboard"]["respondents"] > job["dashboard"]["respondents"]
    assert late["dashboard"]["tables"]["ikm_elements"] != job["dashboard"]["tables"]["ikm_elements"]
    target = phases["target wait changed after the days were digested"]
    column = 7  # within target, in the KPI rows after the group's name
    before = [row[column] for row in late["dashboard"]["tables"]["kpi_by_service"]]
    after = [row[column] for row in target["dashboard"]["tables"]["kpi_by_service"]]
    assert after != before
    # the edges of the local day: a ticket at 00.00:30 is in hour 0 and the one at 23.59:59
    # in hour 23 of the office's zone
    hours = [row[0] for row in first["dashboard"]["tables"]["kpi_by_hour"]]
    assert hours[0] == 0 and hours[-2:] == [23, "Total"]


def test_the_timer_job_digests_the_closed_days_once(central):
    seed(central, "history")  # tickets and ratings on 23 and 24 November 2026
    days = str((date.today() - D1).days + 2)  # back to the seeded days
    assert central.cli("digest", "--days", days).stdout.strip() == "2 days digested"
    assert central.cli("digest", "--days", days).stdout.strip() == "0 days digested"
    assert central.query("SELECT count(*) FROM dashboard_daydigest") == [(2,)]


def test_a_first_call_between_the_reports_two_reads_is_no_traceback(central):
    """Today's tallies read the call times, then who made each call: a counter calling a
    ticket for the first time between the two reads once made the report a 500."""
    seed(central, "today")
    run = run_module(central, "call_between_reads")
    assert json.loads(run.stdout)["tickets"] >= 4  # every ticket of the day still counted


def test_a_report_does_not_queue_behind_a_busy_writer_to_keep_its_digests(central):
    """The figures stand; the digests wait for the next report or the timer. On PostgreSQL
    row locks, not the in-process writer, order the writes: there they are kept."""
    seed(central, "history")
    run = run_module(central, "busy_writer")
    out = json.loads(run.stdout)
    assert out["tickets"] > 0
    if central.database_url:
        assert out["kept"] > 0
    else:
        assert out["kept"] == 0
        assert run.stderr.count("not kept: writer busy") == 1  # one line for the technician
