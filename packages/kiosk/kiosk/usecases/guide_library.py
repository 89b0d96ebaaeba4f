"""Where the guides come from: the bundled files in ``assets/guides``, or the newest bundle the
central API delivered, installed atomically beside the kiosk's state.

    <state_dir>/guides/v7/bundle.json     one directory per installed version
    <state_dir>/guides/current -> v7      swapped with one rename, never half-written

A downloaded bundle is checked whole before it is installed: one broken guide rejects it and
the last good version stays. A bundled file that is broken is reported and left out; the
others still show.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.paths import ASSETS

# The kiosk builds its library before the first frame and reads it after: the guides' own
# module is loaded by the read, where it is first needed.
if TYPE_CHECKING:
    from layanan_rules.guides import Guide, GuideError

log = logging.getLogger(__name__)

BUNDLED = ASSETS / "guides"


@dataclass
class Loaded:
    guides: list[Guide]
    errors: list[GuideError] = field(default_factory=list)
    source: str = "bundled"
    version: int = 0


def _check_service(guide: Guide, source: str, services: set[str] | None) -> None:
    from layanan_rules.guides import GuideError

    if services is not None and guide.service and guide.service not in services:
        known = ", ".join(sorted(services))
        raise GuideError(
            source, "service", f"{guide.service!r} is not a service in the config ({known})"
        )


def unconfirmed_fee_notes(guides: list[Guide]) -> list[str]:
    """One line per guide whose fees are marked unconfirmed: for `kiosk guides check`."""
    return [
        f"{guide.id}: fee not confirmed, visitors are told to ask at the counter: {fee}"
        for guide in guides
        for fee in guide.text("id").unconfirmed_fees
    ]


def load_dir(folder: Path, today: date, services: set[str] | None = None) -> Loaded:
    """Every ``*.toml`` in ``folder``; the broken ones reported, the rest loaded."""
    from layanan_rules.guides import GuideError, parse_guide, sort_guides

    guides, errors = [], []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            errors.append(GuideError(path.name, "(file)", f"cannot be read as TOML ({exc})"))
            continue
        try:
            guide = parse_guide(data, path.name, today)
            _check_service(guide, path.name, services)
        except GuideError as exc:
            errors.append(exc)
            continue
        guides.append(guide)
    ids = [g.id for g in guides]
    for dup in {i for i in ids if ids.count(i) > 1}:
        errors.append(GuideError(dup, "id", "used by more than one file"))
    return Loaded(sort_guides(guides), errors)


def check_bundle(bundle: Any, today: date, services: set[str] | None = None) -> list[Guide]:
    """All of the bundle's guides, or GuideError for the first that is wrong."""
    from layanan_rules.guides import GuideError, parse_guide, sort_guides

    if not isinstance(bundle, dict) or not isinstance(bundle.get("guides"), dict):
        raise GuideError("bundle", "guides", "expected a table of guides")
    version = bundle.get("version")
    if not isinstance(version, int) or version < 1:
        raise GuideError("bundle", "version", "expected a whole number from 1")
    guides = []
    for name, data in sorted(bundle["guides"].items()):
        guide = parse_guide(data, f"bundle v{version}/{name}", today)
        _check_service(guide, f"bundle v{version}/{name}", services)
        guides.append(guide)
    if not guides:
        raise GuideError("bundle", "guides", "expected at least one guide")
    return sort_guides(guides)


class GuideLibrary:
    def __init__(self, state_dir: Path, services: set[str], bundled: Path = BUNDLED) -> None:
        self.root = state_dir / "guides"
        self.services = services
        self.bundled = bundled

    @property
    def installed_version(self) -> int:
        try:
            return int(os.readlink(self.root / "current").removeprefix("v"))
        except (OSError, ValueError):
            return 0

    def load(self, today: date) -> Loaded:
        """The installed bundle if there is a good one, else the bundled files."""
        version = self.installed_version
        if version:
            path = self.root / "current" / "bundle.json"
            try:
                bundle = json.loads(path.read_text(encoding="utf-8"))
                guides = check_bundle(bundle, today, self.services)
                return Loaded(guides, source=f"central v{version}", version=version)
            except (OSError, ValueError) as exc:  # GuideError is a ValueError
                log.error("installed guides v%d unusable, using the bundled ones: %s", version, exc)
        loaded = load_dir(self.bundled, today, self.services)
        for error in loaded.errors:
            log.error("guide left out: %s", error)
        return loaded

    def install(self, bundle: Any, today: date) -> int:
        """Check, write and switch to ``bundle``; raises GuideError and changes nothing if bad."""
        check_bundle(bundle, today, self.services)
        version = bundle["version"]
        target = self.root / f"v{version}"
        staging = self.root / f".v{version}.partial"
        staging.mkdir(parents=True, exist_ok=True)
        _write_synced(staging / "bundle.json", json.dumps(bundle, ensure_ascii=False).encode())
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
        link = self.root / ".current.partial"
        link.unlink(missing_ok=True)
        os.symlink(target.name, link)
        os.replace(link, self.root / "current")  # the one atomic step
        _fsync_dir(self.root)
        log.info("guides v%d installed", version)
        return version


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
