"""Is the state directory on storage that survives a reboot?

Raspberry Pi OS's "overlay file system" option puts a RAM layer over the root: everything
written is gone at the next boot. tmpfs is the same. The kiosk's database must not live there.
"""

from __future__ import annotations

import os
from pathlib import Path

VOLATILE = {"tmpfs", "ramfs", "overlay", "squashfs"}


def mount_of(path: Path, mountinfo: str | None = None) -> tuple[str, str, bool]:
    """(mount point, file system type, read-only) of the mount holding ``path``."""
    if mountinfo is None:
        mountinfo = Path("/proc/self/mountinfo").read_text()
    target = os.path.realpath(path)
    best = ("/", "unknown", False)
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 10:
            continue
        point = fields[4].replace("\\040", " ")
        right = line.split(" - ", 1)[1].split()
        fs_type, options = right[0], fields[5].split(",")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, fs_type, "ro" in options)
    return best


def existing(path: Path) -> Path:
    """``path``, or its nearest ancestor that exists (the state dir may not be made yet)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def storage_problem(path: Path, mountinfo: str | None = None) -> str | None:
    """Why ``path`` is no place for the kiosk's data, or None."""
    point, fs_type, read_only = mount_of(path, mountinfo)
    if read_only:
        return f"{path} is on a read-only file system ({fs_type} at {point})"
    if fs_type in VOLATILE:
        return f"{path} is on {fs_type} at {point}: it is lost at the next reboot"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is not writable by this user"
    return None
