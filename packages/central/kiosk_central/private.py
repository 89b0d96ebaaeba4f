"""The central's files are its own: the state directory 0700 and the files in it 0600.

The process's umask (settings) covers what it makes from now on; this covers what an earlier
start under a looser umask left behind (a manual ``serve`` from a shell with 022 made the
database, its -wal and -shm readable by every local account)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def private_state(state_dir: Path) -> None:
    try:
        entries = [state_dir, *state_dir.iterdir()]
    except OSError:
        return
    for path in entries:
        try:
            info = path.lstat()
            if info.st_uid != os.geteuid() or stat.S_ISLNK(info.st_mode):
                continue  # not ours to change (or a link we do not follow)
            wanted = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
            if stat.S_IMODE(info.st_mode) & 0o077:
                path.chmod(stat.S_IMODE(info.st_mode) & wanted)
                log.info("made %s private", path.name)
        except OSError as exc:
            log.warning("cannot make %s private: %s", path.name, exc.strerror)
