"""``kiosk print-test`` and ``kiosk printer-status``: the technician's printer checks over SSH."""

from __future__ import annotations

import sys

from kiosk.config import Config
from kiosk.domain.tickets import PrintFailed


def build(config: Config):
    """The configured printer, as the kiosk builds it."""
    from kiosk.bootstrap import build_printer, logo_path, preflight, prepare_state_dir

    preflight(config)
    state_dir = prepare_state_dir(config)
    return build_printer(config, state_dir, logo_path(config))


def _running_kiosk(config: Config):
    """The running kiosk's live status when one runs on this state directory: it holds the
    printer, and a second process writing to it could cut into a visitor's ticket."""
    from kiosk.live_status import find_running

    return find_running(config.state_path())


def printer_status(config: Config) -> int:
    live = _running_kiosk(config)
    if live is not None:
        from kiosk.doctor import live_device

        row = live_device(config, "printer", live)
        print(f"printer: held by the running kiosk (pid {live.pid or '?'}); its last reading:")
        print(f"{row.status:<5} {row.shown}")
        return 0 if row.status != "FAIL" else 1
    printer = build(config)
    pc = config.printer
    print(f"printer: {pc.type} {pc.profile} {printer.renderer.paper.columns} columns")
    try:
        status = printer.status()
    except PrintFailed as exc:
        print(f"FAIL  {exc.fault}: {exc.detail or 'no detail'}")
        return 1
    print(("OK    " if status.fault is None else "FAIL  ") + status.describe())
    if status.warning:
        print(f"WARN  {status.warning}: load a new roll soon")
    return 0 if status.fault is None else 1


def print_test(config: Config) -> int:
    live = _running_kiosk(config)
    if live is not None:
        held = f"the running kiosk (pid {live.pid or '?'}) holds the printer"
        advice = "use the technician screen's test print, or stop kiosk.service first"
        print(f"kiosk: {held}: {advice}", file=sys.stderr)
        return 1
    printer = build(config)
    try:
        print_test_page(config, printer)
    except PrintFailed as exc:
        print(f"FAIL  {exc.fault}: {exc.detail or 'no detail'}")
        return 1
    if config.printer.type == "simulated":
        print(f"test page written to {printer.last_output} (and .png)")
    else:
        print("test page printed")
    return 0


def print_test_page(config: Config, printer) -> None:
    """Profile, columns, code page, QR and status on paper; raises PrintFailed."""
    from kiosk.domain.ticket_layout import test_page_blocks

    pc = config.printer
    paper = printer.renderer.paper
    try:
        status = printer.status().describe()
    except PrintFailed as exc:
        status = f"{exc.fault}"
    facts = {
        "Profil": pc.profile,
        "Kertas": f"{pc.paper_mm} mm, {paper.width_dots} dots",
        "Kolom": str(paper.columns),
        "Kode halaman": "0 (PC437, ASCII)",
        "QR": pc.qr,
        "Status": status,
        "Kiosk": config.kiosk.id,
    }
    url = config.ticket.status_url.format(ticket_id="test") if config.ticket.status_url else ""
    blocks = test_page_blocks(facts, paper.columns, url or f"kiosk:{config.kiosk.id}:test")
    renderer = printer.renderer
    if pc.type == "simulated":
        printer.print_bytes(renderer.escpos_bytes(blocks), renderer.preview(blocks))
    else:
        printer.print_bytes(renderer.escpos_bytes(blocks))
