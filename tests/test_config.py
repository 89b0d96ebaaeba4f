"""Every wrong key, type or value is one line naming the key, the value and the expectation."""

from dataclasses import replace

import pytest

from kiosk.config import Config, ConfigError, load_config, parse_config
from kiosk.hardware.connectors import CONNECTORS, PRINTER_TYPES

EXAMPLE = __import__("pathlib").Path(__file__).parent.parent / "kiosk.example.toml"


def test_defaults_run_standalone_with_simulated_hardware():
    config = Config()
    assert config.standalone
    assert config.printer.type == "simulated"
    assert [s.prefix for s in config.services] == ["A", "B", "C", "D", "E"]


def test_the_commented_example_is_valid_and_shows_the_defaults():
    assert replace(load_config(EXAMPLE), source="<defaults>") == Config()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"printer": {"type": "usbx"}}, "printer.type = 'usbx': expected one of simulated, usb"),
        ({"printer": {"paper_mm": 70}}, "printer.paper_mm = 70: expected one of 58, 80"),
        ({"kiosk": {"idle_timeout_s": "60"}}, "kiosk.idle_timeout_s = '60': expected a number"),
        ({"kiosk": {"idle_timeout_s": 2}}, "kiosk.idle_timeout_s = 2.0: expected at least 10"),
        ({"kiosk": {"language": "fr"}}, "kiosk.language = 'fr': expected one of id, en"),
        ({"kiosk": {"idel_timeout_s": 60}}, "kiosk.idel_timeout_s = 60: expected no such key"),
        ({"display": {"fullscreen": 1}}, "display.fullscreen = 1: expected true or false"),
        ({"display": {"width": True}}, "display.width = True: expected a whole number"),
        ({"offce": {}}, "offce = {}: expected no such section"),
        ({"office": {"timezone": "Asia/Bengkulu"}}, "office.timezone = 'Asia/Bengkulu'"),
        ({"office": {"name": ""}}, "office.name = '': expected not empty"),
        ({"office": "Kanim"}, "office = 'Kanim': expected a table"),
        ({"printer": {"type": "usb"}}, "printer.usb_vendor_id = 0: expected vendor and product"),
        ({"printer": {"type": "network"}}, "printer.host = '': expected a host"),
        ({"services": []}, "services = []: expected a non-empty array"),
        (
            {"complaints": {"url": "http://kanim.example.go.id/pengaduan"}},
            "complaints.url = 'http://kanim.example.go.id/pengaduan': expected an https://",
        ),
        ({"complaints": {"url": "kanim.example.go.id"}}, "complaints.url = 'kanim.example"),
        ({"complaints": {"url": "https://k.example/a b"}}, "(has spaces or control characters)"),
        ({"complaints": {"on_ticket": "yes"}}, "complaints.on_ticket = 'yes': expected true or"),
        ({"complaints": {"qr_s": 1}}, "complaints.qr_s = 1.0: expected at least 5"),
        (
            {"services": [{"code": "a", "prefix": "AB", "name_id": "x", "name_en": "x"}]},
            "services[0].prefix = 'AB': expected text matching [A-Z]",
        ),
        (
            {"services": [{"code": "a", "prefix": "A", "name_id": "x"}]},
            "services[0].name_en = None: expected a value (this key is required)",
        ),
        (
            {
                "services": [
                    {"code": "a", "prefix": "A", "name_id": "x", "name_en": "x"},
                    {"code": "b", "prefix": "A", "name_id": "y", "name_en": "y"},
                ]
            },
            "services[1].prefix = 'A': expected a letter no other service uses",
        ),
    ],
)
def test_errors_name_key_value_and_expectation(data, fragment):
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[printer\ntype = 1\n")
    with pytest.raises(ConfigError, match=r"kiosk.toml: not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")
    bad.write_text('[printer]\ntype = "lpt"\n')
    with pytest.raises(ConfigError, match=r"kiosk.toml: printer.type = 'lpt'"):
        load_config(bad)


def test_an_override_replaces_only_the_keys_it_names(tmp_path):
    main = tmp_path / "kiosk.toml"
    main.write_text(
        '[office]\nname = "Kanim Uji"\n[printer]\ntype = "device"\n'
        'device = "/dev/kiosk-printer"\nprofile = "TM-T20II"\n'
    )
    override = tmp_path / "bench.toml"
    override.write_text('[printer]\ntype = "simulated"\n[scanner]\ntype = "none"\n')
    config = load_config(main, override)
    assert (config.printer.type, config.printer.profile) == ("simulated", "TM-T20II")
    assert (config.scanner.type, config.office.name) == ("none", "Kanim Uji")
    assert config.source == str(main)  # relative names (the token file) stay beside it
    override.write_text('[printer]\ntype = "lpt"\n')
    with pytest.raises(ConfigError, match=r"kiosk.toml \+ .*bench.toml: printer.type = 'lpt'"):
        load_config(main, override)


def test_environment_variable_selects_the_file(tmp_path, monkeypatch):
    path = tmp_path / "k.toml"
    path.write_text('[office]\nname = "Kanim Uji"\n')
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    assert load_config().office.name == "Kanim Uji"


def test_state_dir_order(tmp_path, monkeypatch):
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert Config().state_path() == tmp_path / "layanan-kiosk"
    monkeypatch.setenv("STATE_DIRECTORY", "/var/lib/kiosk")
    assert str(Config().state_path()) == "/var/lib/kiosk"
    explicit = parse_config({"kiosk": {"state_dir": str(tmp_path / "x")}})
    assert explicit.state_path() == tmp_path / "x"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize(
    "key",
    [("kiosk", "idle_timeout_s"), ("kiosk", "ticket_timeout_s"), ("printer", "timeout_s"),
     ("printer", "poll_s"), ("booking", "early_minutes"), ("ratings", "window_s"),
     ("technician", "lockout_s"), ("central", "budget_s"), ("central", "heartbeat_s")],
)  # fmt: skip
def test_nan_and_infinity_are_refused(key, bad):
    section, name = key
    with pytest.raises(ConfigError, match=f"{section}.{name} = .*: expected a finite number"):
        parse_config({section: {name: bad}})


def test_every_float_setting_refuses_nan():
    import dataclasses
    import typing

    from kiosk.config import _SECTIONS

    checked = 0
    for section, cls in _SECTIONS.items():
        for f in dataclasses.fields(cls):
            if typing.get_type_hints(cls)[f.name] is float:
                with pytest.raises(ConfigError, match="finite"):
                    parse_config({section: {f.name: float("nan")}})
                checked += 1
    assert checked >= 12


def test_nan_in_a_toml_file_is_one_line(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_timeout_s = nan\n")
    with pytest.raises(ConfigError, match="idle_timeout_s = nan: expected a finite number"):
        load_config(config)


def test_a_config_nested_thousands_deep_is_one_line(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_timeout_s = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_config(config)
    config.write_text("[kiosk]\nidle_timeout_s = " + "[" * 300 + "1" + "]" * 300 + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert "expected a number" in str(info.value) and len(str(info.value)) < 200


@pytest.mark.parametrize("zone", ["Asia", "Asia/", "../../etc/passwd", "/etc/passwd", ""])
def test_a_timezone_that_names_a_folder_is_refused(zone):
    with pytest.raises(ConfigError, match=r"office\.timezone"):
        parse_config({"office": {"timezone": zone}})


@pytest.mark.parametrize("rounds", [10**9, 1_000_001, 9_999, 0])
def test_a_pin_hash_with_rounds_out_of_bounds_is_refused(rounds):
    from kiosk.domain.pin import PinGate, hash_pin, verify_pin

    stored = f"pbkdf2_sha256${rounds}$00$00"
    with pytest.raises(ConfigError, match=r"technician\.pin_hash = '\(hidden\)'.*10000 to 1000000"):
        parse_config({"technician": {"pin_hash": stored}})
    # A gate built some other way still never spends a billion rounds on one try.
    assert not verify_pin("1234", stored)
    assert PinGate(stored).try_pin("1234") == "wrong"
    assert parse_config({"technician": {"pin_hash": hash_pin("1234")}}).technician.pin_hash


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_each_printer_connector_names_the_key_it_needs(kind):
    key = CONNECTORS[kind].requires[0]
    with pytest.raises(ConfigError, match=rf"printer\.{key} = .*for type {kind}"):
        parse_config({"printer": {"type": kind}})


def test_the_printer_types_are_the_connectors_and_the_simulated_one():
    with pytest.raises(ConfigError) as refused:
        parse_config({"printer": {"type": "bluetooth"}})
    for kind in CONNECTORS:
        assert kind in str(refused.value)
    assert set(PRINTER_TYPES) == {"simulated", *CONNECTORS}
