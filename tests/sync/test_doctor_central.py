"""kiosk doctor against the central test server: a hang answered in seconds, a bad token named."""

from __future__ import annotations

import os
import time

from kiosk.config import parse_config
from kiosk.probes import ConfiguredProbes
from kiosk.usecases.doctor import run_checks
from tests.sync.conftest import TOKEN


def test_a_hanging_central_api_still_answers_in_seconds(tmp_path, server, token_file):
    server.hang_s = 30
    server.inject("hang", "hang", "hang")
    config = parse_config(
        {
            "kiosk": {"state_dir": str(tmp_path / "state")},
            "central": {"url": server.url, "token_file": str(token_file)},
        }
    )
    start = time.monotonic()
    results = {r.check: r for r in run_checks(config, ConfiguredProbes(config))}
    assert time.monotonic() - start < 10  # the server would hang for 30 s
    assert results["central API"].status == "FAIL"
    assert results["printer"].status == "OK"


def test_a_revoked_token(tmp_path, server):
    token = tmp_path / "token"
    token.write_text("revoked-" + TOKEN)
    os.chmod(token, 0o600)
    config = parse_config(
        {
            "kiosk": {"state_dir": str(tmp_path / "state")},
            "central": {"url": server.url, "token_file": str(token)},
        }
    )
    central = next(
        r for r in run_checks(config, ConfiguredProbes(config)) if r.check == "central API"
    )
    assert central.status == "FAIL" and "401" in central.detail
    assert central.fix == "token revoked or wrong"
