"""The backup and restore subcommands of kiosk-central (imports Django only when run)."""

from __future__ import annotations

import sys

EXIT_FAILURE = 1


def add_parsers(sub) -> None:
    sub.add_parser("backup", help="back up the database now, keep the rotation (systemd timer)")
    res = sub.add_parser("restore", help="restore a backup (stop the server first)")
    res.add_argument("file", metavar="FILE", help="a central-*.sqlite3 / .pgdump (.enc) backup")
    res.add_argument(
        "--other-office", action="store_true", help="restore a backup of another office's codes"
    )


def run(args) -> int:
    from kiosk_central.backup.commands import backup, restore
    from kiosk_central.backup.copies import BackupError

    try:
        if args.command == "backup":
            made = backup()
            print(f"backup {made.path} ({made.path.stat().st_size} bytes)")
        else:
            for line in restore(args.file, force_office=args.other_office):
                print(line)
    except BackupError as exc:
        print(f"kiosk-central: {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return 0
