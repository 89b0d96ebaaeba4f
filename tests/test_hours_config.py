"""Issue 20: [hours], the holiday file and each service's cut-off and quota, each problem one
line naming the key."""

from datetime import date
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "kiosk.example.toml"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ({"hours": {"monday": ["08:00-12:60"]}},
         "hours.monday[0] = '08:00-12:60': expected a period"),
        ({"hours": {"monday": ["08:00-12:00", "11:00-16:00"]}},
         "hours.monday: 08.00-12.00 and 11.00-16.00 overlap"),
        ({"hours": {"senin": ["08:00-12:00"]}}, "hours.senin: unknown weekday; expected one of"),
        ({"services": [{"code": "a", "prefix": "A", "name_id": "A", "name_en": "A",
                        "last_issue": "25:00"}]},
         "services[0].last_issue = '25:00': expected a time as HH:MM"),
        ({"services": [{"code": "a", "prefix": "A", "name_id": "A", "name_en": "A",
                        "quota": {"walk_ins": 5}}]}, "services[0].quota.walk_ins: unknown lane"),
        ({"hours": {"holidays_file": "/nonexistent/holidays.toml"}},
         "hours.holidays_file = '/nonexistent/holidays.toml': cannot be read"),
        ({"hours": {"quota_url": "http://x"}}, "hours.quota_url = 'http://x': expected an https"),
    ],
)  # fmt: skip
def test_hours_are_named_in_one_line(data, line):
    with pytest.raises(ConfigError) as exc:
        parse_config(data)
    assert line in str(exc.value) and "\n" not in str(exc.value)


def test_the_holiday_file_beside_the_config_and_the_shipped_example(tmp_path):
    example = ROOT / "packages" / "kiosk" / "kiosk" / "assets" / "holidays.example.toml"
    (tmp_path / "holidays.toml").write_text(
        example.read_text(encoding="utf-8").replace(
            "holidays = []", '[[holidays]]\ndate = 2026-12-25\nname = "Hari Raya Natal"'
        ),
        encoding="utf-8",
    )
    path = tmp_path / "kiosk.toml"
    path.write_text('[hours]\nmonday = ["08:00-16:00"]\nholidays_file = "holidays.toml"\n')
    config = load_config(path)
    assert dict(config.hours.holidays.names) == {date(2026, 12, 25): "Hari Raya Natal"}
    (tmp_path / "holidays.toml").write_text('[[holidays]]\ndate = "2026-12-25"\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"holidays\[0\]\.date = '2026-12-25': expected a date"):
        load_config(path)


def test_check_config_names_an_overlapping_break(tmp_path):
    from kiosk.cli import main

    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nstate_dir = "{tmp_path}"\n[hours]\nfriday = ["08:00-12:00", "11:30-16:00"]\n'
    )
    assert main(["--config", str(path), "check-config"]) == 2
