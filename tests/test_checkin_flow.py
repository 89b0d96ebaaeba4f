"""The visitor's flow without a screen: commit first, print second, failures reported."""

from __future__ import annotations

import threading

from layanan_rules.nik import parse_nik
from layanan_rules.services import Lane
from tests.conftest import Recorder


def run(flow, code, recorder=None):
    recorder = recorder or Recorder()
    assert flow.take_ticket(code, recorder.callbacks())
    assert recorder.done.wait(5)
    return recorder


def test_ticket_is_committed_then_printed(parts):
    db, flow = parts.db, parts.flow
    flow.nik = parse_nik("3171011708450001")
    flow.lane = Lane.PRIORITY
    recorder = run(flow, "paspor_baru")
    assert recorder.events == [("issued", "A-001"), ("printed", "A-001")]
    row = db.query("SELECT number, lane, source, nik_last4, print_state FROM tickets")[0]
    assert tuple(row) == ("A-001", "priority", "nik", "0001", "printed")
    assert flow.nik is None  # forgotten as soon as the ticket exists
    # The full NIK is nowhere in the database file.
    db.close()
    assert b"3171011708450001" not in (db.path).read_bytes()


def test_print_fault_keeps_the_ticket_and_a_reprint_is_explicit(parts):
    desk, printer, db, flow = parts.desk, parts.printer, parts.db, parts.flow
    printer.faults = ["paper_out"]
    recorder = run(flow, "informasi")
    assert recorder.events == [("issued", "E-001"), ("failed", "E-001", "paper_out")]
    assert tuple(db.query("SELECT print_state, print_error FROM tickets")[0]) == (
        "failed",
        "paper_out",
    )
    assert printer.printed == []  # nothing retried behind the visitor's back
    again = Recorder()
    ticket = desk._store.tickets_on(desk._clock.now().date().isoformat())[0]
    flow.reprint(ticket, again.callbacks())
    assert again.done.wait(5)
    assert printer.printed == ["E-001"]
    assert db.query("SELECT print_state, print_count FROM tickets")[0][:] == ("printed", 1)


def test_a_double_tap_issues_one_ticket(parts):
    desk, db, flow = parts.desk, parts.db, parts.flow
    gate = threading.Event()
    original = desk.issue

    def slow_issue(*args):
        gate.wait(5)
        return original(*args)

    desk.issue = slow_issue
    recorder = Recorder()
    assert flow.take_ticket("paspor_baru", recorder.callbacks())
    assert not flow.take_ticket("paspor_baru", recorder.callbacks())
    gate.set()
    assert recorder.done.wait(5)
    assert db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1


def test_unknown_service_reports_issue_failed(parts):
    flow = parts.flow
    recorder = run(flow, "no_such_service")
    assert recorder.events == [("issue_failed", "UnknownService")]
    assert not flow.busy
