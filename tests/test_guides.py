"""Guide content: the schema's errors name file, field and language; one broken file never
takes the others down; a downloaded bundle is installed whole or not at all."""

from __future__ import annotations

import copy
import json
import os
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_SERVICES
from kiosk.usecases.guide_library import BUNDLED, GuideLibrary, check_bundle, load_dir
from layanan_rules.guides import GuideError, parse_guide

TODAY = date(2026, 11, 28)
SERVICES = {s.code for s in DEFAULT_SERVICES}


def bundled(name: str) -> dict:
    return tomllib.loads((BUNDLED / f"{name}.toml").read_text(encoding="utf-8"))


def test_every_bundled_guide_is_valid_and_complete():
    loaded = load_dir(BUNDLED, TODAY, SERVICES)
    assert loaded.errors == []
    ids = [g.id for g in loaded.guides]
    assert ids == ["paspor_baru", "paspor_anak", "penggantian", "paspor_hilang", "paspor_rusak",
                   "izin_tinggal", "informasi"]  # fmt: skip
    for guide in loaded.guides:
        for lang in ("id", "en"):
            text = guide.text(lang)
            assert text.steps and text.fees and text.links, (guide.id, lang)
        assert guide.service in SERVICES


def mutate(data: dict, path: str, value) -> dict:
    data = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where", "problem"),
    [
        ("schema", 2, "schema", "expected 1"),
        ("id", "paspor", "id", "expected 'paspor_anak', the file's name"),
        ("icon", "smile", "icon", "expected one of passport"),
        ("checked", date(2027, 1, 1), "checked", "not in the future"),
        ("checked", "kemarin", "checked", "expected a date"),
        ("text.en", KeyError, "text.en", "missing"),
        ("text.en.title", "", "text.en.title", "expected text, not empty"),
        ("text.id.steps", [], "text.id.steps", "at least one"),
        ("text.en.documents.2.name", 7, "text.en.documents[2].name", "expected text"),
        ("text.id.documents.0.copies", 99, "text.id.documents[0].copies", "0 to 10"),
        ("text.en.links.0.url", "http://x", "text.en.links[0].url", "https://"),
        ("text.en.colour", "blue", "text.en.colour", "unknown field"),
        ("text.fr", {}, "text.fr", "unknown field"),
        ("text.en.steps", ["one"], "text.en.steps", "as many entries as text.id.steps"),
    ],
)
def test_schema_errors_name_file_field_and_language(path, value, where, problem):
    with pytest.raises(GuideError) as error:
        parse_guide(mutate(bundled("paspor_anak"), path, value), "paspor_anak.toml", TODAY)
    assert error.value.where == where
    assert str(error.value).startswith(f"paspor_anak.toml: {where}: ")
    assert problem in str(error.value)


def test_a_broken_file_is_reported_and_the_others_still_load(tmp_path):
    for file in BUNDLED.glob("*.toml"):
        shutil.copy(file, tmp_path)
    (tmp_path / "informasi.toml").write_text('schema = 1\nid = "informasi"\n[text')
    text = (tmp_path / "paspor_rusak.toml").read_text().replace('service = "hilang_rusak"',
                                                                'service = "visa"')  # fmt: skip
    (tmp_path / "paspor_rusak.toml").write_text(text)
    loaded = load_dir(tmp_path, TODAY, SERVICES)
    assert len(loaded.guides) == 5
    messages = sorted(str(e) for e in loaded.errors)
    assert messages[0].startswith("informasi.toml: (file): cannot be read as TOML")
    assert messages[1].startswith("paspor_rusak.toml: service: 'visa' is not a service")


def bundle(version: int, **changes) -> dict:
    guides = {name: bundled(name) for name in ("paspor_baru", "informasi")}
    for guide in guides.values():
        guide["checked"] = guide["checked"].isoformat()  # JSON has no dates
    guides["informasi"]["text"]["en"]["title"] = f"Information v{version}"
    for name, data in changes.items():
        guides[name] = data
    return json.loads(json.dumps({"version": version, "guides": guides}))


def test_install_switches_atomically_and_a_bad_bundle_changes_nothing(tmp_path):
    library = GuideLibrary(tmp_path, SERVICES)
    assert library.load(TODAY).source == "bundled"
    assert library.install(bundle(2), TODAY) == 2
    loaded = library.load(TODAY)
    assert loaded.source == "central v2" and len(loaded.guides) == 2
    assert os.readlink(tmp_path / "guides" / "current") == "v2"

    broken = bundle(3, informasi={"schema": 1, "id": "informasi"})
    with pytest.raises(GuideError):
        library.install(broken, TODAY)
    assert library.installed_version == 2
    assert not (tmp_path / "guides" / "v3").exists()
    titles = [g.text("en").title for g in library.load(TODAY).guides]
    assert "Information v2" in titles


def test_a_damaged_installed_bundle_falls_back_to_the_bundled_guides(tmp_path):
    library = GuideLibrary(tmp_path, SERVICES)
    library.install(bundle(2), TODAY)
    Path(tmp_path / "guides" / "v2" / "bundle.json").write_text("{not json")
    loaded = library.load(TODAY)
    assert loaded.source == "bundled" and len(loaded.guides) == 7


@pytest.mark.parametrize("bad", [[], {"version": 0, "guides": {}}, {"version": 4, "guides": {}}])
def test_bundle_shape(bad):
    with pytest.raises(GuideError):
        check_bundle(bad, TODAY, SERVICES)


def test_guides_check_command(tmp_path):
    from tests.test_cli import kiosk

    assert kiosk("guides", "check").returncode == 0
    shutil.copy(BUNDLED / "paspor_baru.toml", tmp_path)
    bad = (tmp_path / "paspor_baru.toml").read_text().replace('icon = "passport"', "icon = 3")
    (tmp_path / "paspor_baru.toml").write_text(bad)
    result = kiosk("guides", "check", "--dir", str(tmp_path))
    assert result.returncode == 1
    assert "ERROR  paspor_baru.toml: icon: expected text, not empty" in result.stdout


def test_unconfirmed_fees_are_flagged_for_the_office_and_kept_in_the_files():
    """Issue 16.10: the mark stays in the file and in `kiosk guides check`."""
    from tests.test_cli import kiosk

    loaded = load_dir(BUNDLED, TODAY, SERVICES)
    baru = next(g for g in loaded.guides if g.id == "paspor_baru").text("id")
    assert baru.unconfirmed_fees and "belum diverifikasi" in baru.unconfirmed_fees[0]
    assert all("diverifikasi" not in fee for fee in baru.confirmed_fees)
    output = kiosk("guides", "check").stdout
    assert "NOTE   paspor_baru: fee not confirmed" in output
