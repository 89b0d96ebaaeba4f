"""Run and look after the central queue service (kiosk-central).

kiosk-central --config /etc/kiosk-central/central.toml migrate
kiosk-central createsuperuser
kiosk-central register-kiosk kiosk-01          # prints the token once, on its own line
kiosk-central serve --host 0.0.0.0 --port 8000
kiosk-central import-bookings today.csv
kiosk-central backup                           # also run by a systemd timer
kiosk-central restore /var/lib/kiosk-central/backups/central-20261204T031500Z.sqlite3
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Sequence

from kiosk_central.backup import cli as backup_cli
from kiosk_central.config import ENV_CONFIG, CentralConfigError, load

EXIT_FAILURE, EXIT_CONFIG = 1, 2
PURGE_EVERY_S = 3600.0
log = logging.getLogger("kiosk_central")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-central", description=__doc__.splitlines()[0])
    parser.add_argument("--config", metavar="FILE", help=f"TOML config (default: ${ENV_CONFIG})")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or update the database")
    su = sub.add_parser("createsuperuser", help="make an admin account (asks for a password)")
    su.add_argument("--username")
    su.add_argument("--email", default="")
    su.add_argument(
        "--noinput", action="store_true", help="take the password from $DJANGO_SUPERUSER_PASSWORD"
    )
    reg = sub.add_parser("register-kiosk", help="register a kiosk and print its token once")
    reg.add_argument("name", metavar="NAME", help="the kiosk's [kiosk] id, e.g. kiosk-01")
    reg.add_argument("--office", metavar="CODE", help="office code (default: the only one)")
    reg.add_argument(
        "--block-start",
        type=int,
        metavar="N",
        help="offline block start (default: the next free block from 800)",
    )
    reg.add_argument("--block-size", type=int, default=100, metavar="N")
    rev = sub.add_parser("revoke-kiosk", help="revoke a kiosk's token at once")
    rev.add_argument("name", metavar="NAME")
    serve = sub.add_parser("serve", help="serve the API and the admin (gunicorn)")
    serve.add_argument("--host", help="address to listen on (default: config's host)")
    serve.add_argument("--port", type=int, help="port (default: config's port)")
    imp = sub.add_parser("import-bookings", help="import the day's bookings from a CSV file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--office", metavar="CODE", help="office code (default: the only one)")
    gui = sub.add_parser("upload-guides", help="make a new guide version from a zip of guides")
    gui.add_argument("file", metavar="ZIP")
    gui.add_argument("--office", metavar="CODE", help="office code (default: the only one)")
    sub.add_parser("purge-niks", help="erase NIKs older than each office's retention")
    sub.add_parser("demo-data", help="fill an empty central with an office's demo data")
    sub.add_parser(
        "generate-segments",
        help="make the display's spoken segments in STATE_DIR/announce (espeak-ng, sox)",
    )
    sub.add_parser("alerts", help="note kiosk problems and send due alerts (systemd timer)")
    st = sub.add_parser("collect-static", help="copy the static files where nginx serves them")
    st.add_argument("dir", metavar="DIR")
    ng = sub.add_parser("nginx-config", help="print the nginx site for this central")
    ng.add_argument("--server-name", required=True, metavar="NAME")
    ng.add_argument("--certificate", required=True, metavar="PEM")
    ng.add_argument("--key", required=True, metavar="PEM")
    ng.add_argument("--static", required=True, metavar="DIR", help="collect-static's DIR")
    ng.add_argument("--http-port", type=int, default=80)
    ng.add_argument("--https-port", type=int, default=443)
    dig = sub.add_parser("digest", help="digest the reports' closed days (systemd timer)")
    dig.add_argument("--days", type=int, default=7, help="how many days back (default 7)")
    backup_cli.add_parsers(sub)
    return parser


def _collect_static(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    target = os.path.abspath(args.dir)
    settings.STATIC_ROOT = target  # before the storage is first used, which reads it
    call_command("collectstatic", interactive=False, verbosity=0)
    # Public files for nginx's user, whatever this process's umask (077) made them.
    for root, dirs, files in os.walk(target):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    os.chmod(target, 0o755)
    print(f"static files in {target}")
    return 0


def _nginx(args, config) -> int:
    from kiosk_central.deploy.nginx import site

    print(
        site(
            config,
            server_name=args.server_name,
            certificate=os.path.abspath(args.certificate),
            key=os.path.abspath(args.key),
            static_dir=os.path.abspath(args.static),
            http_port=args.http_port,
            https_port=args.https_port,
        ),
        end="",
    )
    return 0


def _digest(args) -> int:
    from kiosk_central.dashboard.digest import digest_closed_days
    from kiosk_central.queue.models import Office

    made = sum(digest_closed_days(office, max(1, args.days)) for office in Office.objects.all())
    print(f"{made} days digested")
    return 0


def _segments(_args=None) -> int:
    """The display's announcement segments, with the office's named counters, where the
    display serves them; an office's own recordings in announce/office win (see its README)."""
    from django.conf import settings

    from kiosk_central.announce.generate import generate
    from kiosk_central.queue.models import Counter

    names = sorted({c.name for c in Counter.objects.exclude(name="") if not c.name.isdigit()})
    result = generate(settings.SEGMENTS_DIR, counter_names=names)
    print(
        f"segments in {settings.SEGMENTS_DIR}: {len(result.made)} made, "
        f"{len(result.unchanged)} unchanged, {len(result.kept)} kept, "
        f"{len(result.office)} office recordings"
    )
    return 0


def setup(config_path: str | None) -> None:
    """Check the config (one line on error), then start Django with it."""
    config = load(config_path)
    if config_path:
        os.environ[ENV_CONFIG] = os.path.abspath(config_path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk_central.project.settings")
    import django

    django.setup()
    return config


def _office(code: str | None):
    from kiosk_central.queue.models import Office

    offices = Office.objects.all()
    if code:
        office = offices.filter(code=code).first()
        if office is None:
            raise CentralConfigError(f"--office {code}: no such office")
        return office
    if offices.count() != 1:
        raise CentralConfigError("--office CODE: there is more than one office (or none)")
    return offices.first()


def _register(args) -> int:
    from django.core.exceptions import ValidationError

    from kiosk_central.queue.kiosks import register

    try:
        kiosk, token = register(_office(args.office), args.name, args.block_start, args.block_size)
    except ValidationError as exc:
        print(
            f"kiosk-central: register-kiosk {args.name}: {'; '.join(exc.messages)}", file=sys.stderr
        )
        return EXIT_FAILURE
    print(
        f"kiosk {kiosk.name} registered; offline numbers {kiosk.offline_block_start + 1}-"
        f"{kiosk.offline_block_end} (set [central] offline_block_start = "
        f"{kiosk.offline_block_start} in its kiosk.toml). Its token, shown this once:",
        file=sys.stderr,
    )
    print(token, flush=True)
    return 0


def _revoke(args) -> int:
    from kiosk_central.queue.kiosks import revoke
    from kiosk_central.queue.models import Kiosk

    kiosk = Kiosk.objects.filter(name=args.name).first()
    if kiosk is None:
        print(f"kiosk-central: revoke-kiosk {args.name}: no such kiosk", file=sys.stderr)
        return EXIT_FAILURE
    revoke(kiosk)
    print(f"kiosk {kiosk.name}: token revoked")
    return 0


def _import(args) -> int:
    from kiosk_central.queue.bookings_csv import BookingsError, import_bookings

    try:
        with open(args.file, "rb") as f:
            n = import_bookings(_office(args.office), f)
    except OSError as exc:
        print(f"kiosk-central: {args.file}: cannot read: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    except BookingsError as exc:
        for problem in exc.problems:
            print(f"kiosk-central: {args.file}: {problem}", file=sys.stderr)
        print(f"kiosk-central: {args.file}: nothing imported", file=sys.stderr)
        return EXIT_FAILURE
    print(f"{n} bookings imported")
    return 0


def _guides(args) -> int:
    from kiosk_central.queue.guides_zip import GuideBundleError, new_version

    try:
        with open(args.file, "rb") as f:
            data = f.read()
        version = new_version(_office(args.office), data, os.path.basename(args.file))
    except OSError as exc:
        print(f"kiosk-central: {args.file}: cannot read: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    except GuideBundleError as exc:
        for problem in exc.problems:
            print(f"kiosk-central: {args.file}: {problem}", file=sys.stderr)
        print(f"kiosk-central: {args.file}: no new version", file=sys.stderr)
        return EXIT_FAILURE
    print(f"guides v{version.version}: {len(version.bundle)} guides")
    return 0


def _purge(_args=None) -> int:
    from kiosk_central.queue.retention import purge_niks

    print(f"{purge_niks()} NIKs erased")
    return 0


def _purge_forever() -> None:
    from django.db import connection

    from kiosk_central.queue.retention import purge_niks

    stop = threading.Event()
    while not stop.wait(PURGE_EVERY_S):
        try:
            erased = purge_niks()
            if erased:
                log.info("retention: %d NIKs erased", erased)
        except Exception as exc:  # a busy database: try again next round
            log.warning("retention: purge failed: %s", type(exc).__name__)
        finally:
            connection.close()


def _alerts(_args=None) -> int:
    from django.utils import timezone

    from kiosk_central.booking.notify import run as notices
    from kiosk_central.complaints import upkeep
    from kiosk_central.dashboard.alerts import run

    print(f"{run(timezone.now())} alerts sent")
    from kiosk_central.queue.models import now  # the central's clock: service levels read it

    complaint_messages = upkeep.run(now())  # issue 30: overdue, answered, contact erased
    if complaint_messages:
        print(f"{complaint_messages} complaint messages sent")
    # issue 29: the booking notices ride the same minute timer (confirmations, reminders).
    sent = notices(timezone.now())
    if sent:
        print(f"{sent} booking notices sent")
    return 0


def _serve(args, config) -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("kiosk-central: the database needs `kiosk-central migrate` first", file=sys.stderr)
        return EXIT_FAILURE
    _purge()
    connection.close()  # no connection crosses the fork into the workers
    if hasattr(connection, "close_pool"):
        connection.close_pool()  # PostgreSQL: nor a pool (kiosk_central.server)
    from kiosk_central.server import serve

    threading.Thread(target=_purge_forever, name="retention", daemon=True).start()
    return serve(config, args.host or config.host, args.port or config.port)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = setup(args.config)
        from django.core.management import call_command

        if args.command == "migrate":
            call_command("migrate", interactive=False, verbosity=1)
            return 0
        if args.command == "createsuperuser":
            options = {"username": args.username, "email": args.email} if args.username else {}
            call_command("createsuperuser", interactive=not args.noinput, **options)
            return 0
        if args.command == "demo-data":
            from kiosk_central.queue.demo import demo_data

            print(demo_data())
            return 0
        return {
            "register-kiosk": _register,
            "revoke-kiosk": _revoke,
            "import-bookings": _import,
            "purge-niks": _purge,
            "upload-guides": _guides,
            "generate-segments": _segments,
            "alerts": _alerts,
            "digest": _digest,
            "backup": backup_cli.run,
            "restore": backup_cli.run,
            "collect-static": _collect_static,
            "nginx-config": lambda a: _nginx(a, config),
            "serve": lambda a: _serve(a, config),
        }[args.command](args)
    except CentralConfigError as exc:
        print(f"kiosk-central: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line for the technician, never a traceback
        from django.db import DatabaseError

        if isinstance(exc, DatabaseError):
            print(f"kiosk-central: database: {exc}".splitlines()[0], file=sys.stderr)
            return EXIT_FAILURE
        raise


if __name__ == "__main__":
    sys.exit(main())
