"""``kiosk print-test`` and ``kiosk printer-status``: the technician's printer checks over SSH."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.config import Config
from kiosk.domain.ports import Probes, TicketPrinter
from kiosk.domain.tickets import PrintFailed
from kiosk.usecases.doctor import live_device
from kiosk.usecases.live_status import find_running


@dataclass(frozen=True)
class PrinterReport:
    """What a printer tool found: the lines the technician reads, and whether all is well.
    ``refused`` says why the tool did not touch the printer at all."""

    lines: list[str] = field(default_factory=list)
    ok: bool = True
    refused: str = ""


def _running_kiosk(config: Config, probes: Probes):
    """The running kiosk's live status when one runs on this state directory: it holds the
    printer, and a second process writing to it could cut into a visitor's ticket."""
    return find_running(config.state_path(), probes.service_active)


def printer_status(config: Config, probes: Probes) -> PrinterReport:
    live = _running_kiosk(config, probes)
    if live is not None:
        row = live_device(config, "printer", live)
        return PrinterReport(
            [
                f"printer: held by the running kiosk (pid {live.pid or '?'}); its last reading:",
                f"{row.status:<5} {row.shown}",
            ],
            ok=row.status != "FAIL",
        )
    printer = probes.printer()
    pc = config.printer
    lines = [f"printer: {pc.type} {pc.profile} {printer.renderer.paper.columns} columns"]
    try:
        status = printer.status()
    except PrintFailed as exc:
        return PrinterReport([*lines, f"FAIL  {exc.fault}: {exc.detail or 'no detail'}"], False)
    lines.append(("OK    " if status.fault is None else "FAIL  ") + status.describe())
    if status.warning:
        lines.append(f"WARN  {status.warning}: load a new roll soon")
    return PrinterReport(lines, ok=status.fault is None)


def print_test(config: Config, probes: Probes) -> PrinterReport:
    live = _running_kiosk(config, probes)
    if live is not None:
        held = f"the running kiosk (pid {live.pid or '?'}) holds the printer"
        advice = "use the technician screen's test print, or stop kiosk.service first"
        return PrinterReport(ok=False, refused=f"{held}: {advice}")
    printer = probes.printer()
    try:
        print_test_page(config, printer)
    except PrintFailed as exc:
        return PrinterReport([f"FAIL  {exc.fault}: {exc.detail or 'no detail'}"], ok=False)
    if printer.last_output is not None:
        return PrinterReport([f"test page written to {printer.last_output} (and .png)"])
    return PrinterReport(["test page printed"])


def print_test_page(config: Config, printer: TicketPrinter) -> None:
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
    printer.print_page(blocks)
