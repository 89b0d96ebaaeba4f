"""The ``kiosk`` command: run the kiosk, and the technician's tools.

Errors a technician can fix (a broken config, a missing device) are one clear line on stderr and
a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.config import Config, load_config
from kiosk.errors import KioskError
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk")

EXIT_CONFIG = 2
EXIT_FAILURE = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Layanan Kiosk")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config", metavar="PATH", help="config file (default: $KIOSK_CONFIG, else built-in)"
    )
    parser.add_argument(
        "--override",
        metavar="PATH",
        help="a second file whose keys replace the config's (a test bench's devices)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the kiosk on screen")
    sub.add_parser(
        "check-config", help="read the config, report every problem (one line each), exit"
    )
    sub.add_parser("printer-status", help="read the printer's paper, cover and online status")
    sub.add_parser("print-test", help="print a test page: profile, columns, code page, QR")
    sub.add_parser("outbox", help="what waits for the central API, and what it refused")
    doctor = sub.add_parser("doctor", help="check everything a technician checks first (under 5 s)")
    doctor.add_argument(
        "--budget", type=float, default=None, metavar="S",
        help="seconds to wait for the checks (default 4.5; more on an emulated machine)",
    )  # fmt: skip
    sub.add_parser("technician-pin", help="make the pin_hash line for a new technician PIN")
    ratings = sub.add_parser("ratings", help="satisfaction ratings").add_subparsers(
        dest="ratings_command", required=True
    )
    rep = ratings.add_parser("report", help="the satisfaction index (IKM) per day, week, month")
    rep.add_argument("--from", dest="first", metavar="YYYY-MM-DD", required=True)
    rep.add_argument("--to", dest="last", metavar="YYYY-MM-DD", required=True)
    rep.add_argument("--by", choices=("day", "week", "month"), default="day")
    rep.add_argument("--csv", action="store_true", help="CSV on stdout instead of a table")
    guides = sub.add_parser("guides", help="procedure guides").add_subparsers(
        dest="guides_command", required=True
    )
    check = guides.add_parser("check", help="check guide files against the schema")
    check.add_argument("--dir", metavar="DIR", help="folder of .toml guides (default: bundled)")
    return parser


def _run(config: Config) -> int:
    from kiosk.parts import preflight, prepare_state_dir
    from kiosk.ui_env import configure_input, prepare_kivy

    # Before Kivy writes its folder there: a bad state_dir is one line, not Kivy's traceback.
    preflight(config)
    state_dir = prepare_state_dir(config)
    prepare_kivy(config.display, state_dir / "kivy")
    configure_input(config.display)
    from kiosk.app import KioskApp, install_exception_guard, post_to_ui
    from kiosk.bootstrap import build_kiosk

    kiosk = build_kiosk(config, post_to_ui)
    app = KioskApp(kiosk)
    install_exception_guard(app)
    app.run()
    return 0


def _check_guides(config: Config, folder: str | None) -> int:
    from datetime import datetime
    from pathlib import Path

    from kiosk.usecases.guide_library import BUNDLED, load_dir, unconfirmed_fee_notes

    path = Path(folder) if folder else BUNDLED
    if not path.is_dir():
        print(f"kiosk: guides folder {path}: not found", file=sys.stderr)
        return EXIT_FAILURE
    services = {s.code for s in config.services}
    loaded = load_dir(path, datetime.now(config.tz).date(), services)
    for error in loaded.errors:
        print(f"ERROR  {error}")
    for note in unconfirmed_fee_notes(loaded.guides):
        print(f"NOTE   {note}")
    print(f"{len(loaded.guides)} guides OK, {len(loaded.errors)} with errors in {path}")
    return EXIT_FAILURE if loaded.errors else 0


def _technician_pin() -> int:
    import getpass

    from kiosk.domain.pin import hash_pin

    def ask(prompt: str) -> str:
        return getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().strip()

    pin = ask("New technician PIN (4-8 digits): ")
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        print("kiosk: the PIN must be 4 to 8 digits", file=sys.stderr)
        return EXIT_CONFIG
    if ask("Again: ") != pin:
        print("kiosk: the two PINs differ", file=sys.stderr)
        return EXIT_CONFIG
    print("Put this line in the [technician] section of the config:")
    print(f'pin_hash = "{hash_pin(pin)}"')
    return 0


def _outbox(config: Config) -> int:
    from kiosk.store.database import Database
    from kiosk.store.outbox import Outbox

    with Database(config.state_path() / "kiosk.sqlite3") as db:
        outbox = Outbox(db)
        counts = outbox.counts()
        print(", ".join(f"{state}: {n}" for state, n in counts.items()))
        for kind, record_id, error in outbox.parked():
            voided = kind == "ticket" and outbox.is_voided(record_id)
            print(f"{'VOIDED' if voided else 'PARKED'}  {kind} {record_id}: {error}")
    return 1 if counts["parked"] else 0


def _print_doctor(report) -> int:
    print(report.source)
    width = max(len(r.check) for r in report.results)
    for r in report.results:
        print(f"{r.status:<5} {r.check:<{width}}  {r.shown}")
        if r.fix and r.status != "OK":
            print(f"{'':<5} {'':<{width}}  -> {r.fix}")
    ok = len(report.results) - report.failed - report.warned
    print(f"\n{ok} OK, {report.warned} WARN, {report.failed} FAIL")
    return 1 if report.failed else 0


def _print_printer(report) -> int:
    if report.refused:
        print(f"kiosk: {report.refused}", file=sys.stderr)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _ratings(config: Config, args) -> int:
    import csv
    from datetime import date

    from kiosk.parts import rating_store
    from kiosk.usecases.ratings_report import ratings_table

    try:
        start, end = date.fromisoformat(args.first), date.fromisoformat(args.last)
    except ValueError:
        print("kiosk: --from and --to: expected dates as YYYY-MM-DD", file=sys.stderr)
        return 2
    table = ratings_table(lambda: rating_store(config), start, end, args.by)
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return 0
    lines = (table.columns, *table.rows)
    widths = [max(len(str(x)) for x in column) for column in zip(*lines, strict=True)]
    for line in lines:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)))
    presses = table.presses
    print(f"\n{sum(presses.values())} button presses, {presses.get('counted', 0)} counted "
          f"({presses.get('in_window', 0)} within a visitor's window, "
          f"{presses.get('stuck', 0)} from a stuck button)")  # fmt: skip
    print("The exit index is one question on the IKM scale; the IKM needs all nine elements.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    setup_logging()
    try:
        config = load_config(args.config, args.override)
        if args.command == "check-config":
            from kiosk.parts import preflight

            preflight(config)
            print(f"config OK: {config.source}")
            return 0
        if args.command == "technician-pin":
            return _technician_pin()
        if args.command in ("outbox", "ratings"):
            from kiosk.parts import check_state_dir

            check_state_dir(config, writable=False)
        if args.command == "doctor":
            from kiosk.probes import ConfiguredProbes
            from kiosk.usecases.doctor import doctor_report

            return _print_doctor(doctor_report(config, ConfiguredProbes(config), args.budget))
        if args.command == "outbox":
            return _outbox(config)
        if args.command == "ratings":
            return _ratings(config, args)
        if args.command == "guides":
            return _check_guides(config, args.dir)
        if args.command in ("printer-status", "print-test"):
            from kiosk.probes import ConfiguredProbes
            from kiosk.usecases import printer_tools

            tool = {"printer-status": printer_tools.printer_status}.get(
                args.command, printer_tools.print_test
            )
            return _print_printer(tool(config, ConfiguredProbes(config)))
        return _run(config)
    except KioskError as exc:
        # One line per problem, once: on stderr, which the journal keeps under systemd too
        # (a log line beside it printed every problem twice on a terminal).
        for line in getattr(exc, "problems", None) or [str(exc)]:
            print(f"kiosk: {line}", file=sys.stderr)
        return EXIT_CONFIG if isinstance(exc, ValueError) else EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except (OSError, RecursionError, MemoryError) as exc:
        # The machine said no somewhere not foreseen above (a device, a folder, a file): still
        # one line for the technician, and no crash loop of tracebacks under Restart=always.
        line = f"{exc.__class__.__name__}: {exc}"
        print(f"kiosk: {line}", file=sys.stderr)
        log.error("%s", line)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
