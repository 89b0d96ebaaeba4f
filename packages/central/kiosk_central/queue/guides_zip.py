"""A zip of guide files (``*.toml``, as in the kiosk's ``assets/guides``) into a bundle the
kiosks download, checked whole by the kiosk's own guide checker (``layanan_rules.guides``, what
``kiosk guides check`` runs) before it becomes a version: one broken guide refuses the upload."""

from __future__ import annotations

import io
import tomllib
import zipfile
from datetime import date
from pathlib import PurePosixPath

from layanan_rules.guides import GuideError, parse_guide

MAX_FILES, MAX_BYTES = 200, 1024 * 1024


class GuideBundleError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _jsonable(value):
    """TOML dates become ISO text, as the kiosk's JSON bundles carry them."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def bundle_from_zip(data: bytes, version: int, services: set[str], today: date) -> dict:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if m.filename.endswith(".toml")]
    except zipfile.BadZipFile:
        raise GuideBundleError(["not a zip file"]) from None
    if not members or len(members) > MAX_FILES:
        raise GuideBundleError([f"expected 1 to {MAX_FILES} .toml guide files in the zip"])
    guides, problems, ids = {}, [], {}
    for member in members:
        name = PurePosixPath(member.filename).stem
        if member.file_size > MAX_BYTES:
            problems.append(f"{member.filename}: larger than {MAX_BYTES} bytes")
            continue
        try:
            raw = tomllib.loads(archive.read(member).decode("utf-8"))
            guide = parse_guide(raw, member.filename, today)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{member.filename}: cannot be read as TOML ({exc})")
            continue
        except GuideError as exc:
            problems.append(str(exc))
            continue
        if guide.service and guide.service not in services:
            problems.append(f"{member.filename}: service: {guide.service!r} is not a service here")
        elif guide.id in ids:
            problems.append(f"{member.filename}: id {guide.id!r} also in {ids[guide.id]}")
        else:
            ids[guide.id] = member.filename
            guides[name] = _jsonable(raw)
    if problems:
        raise GuideBundleError(problems)
    return {"version": version, "guides": guides}


def new_version(office, data: bytes, note: str = ""):
    """The office's next guide version from a zip, or GuideBundleError (no version made)."""
    from django.db import transaction

    from kiosk_central.queue.models import GuideVersion

    services = set(office.services.values_list("code", flat=True))
    with transaction.atomic():
        latest = office.guide_versions.order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        bundle = bundle_from_zip(data, version, services, office.local_now().date())
        return GuideVersion.objects.create(
            office=office, version=version, bundle=bundle["guides"], note=note[:200]
        )
