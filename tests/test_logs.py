"""No NIK and no token reaches a log line, whatever path it takes there."""

import io
import logging

from kiosk.logs import redact, register_secret, setup_logging


def test_redaction_patterns():
    assert redact("nik=3171011708450001 ok") == "nik=[NIK] ok"
    assert redact("3171 0117 0845 0001") == "[NIK]"
    assert redact("3171-0117-0845-0001") == "[NIK]"
    assert redact("Authorization: Bearer abc.def-123") == "Authorization: Bearer [TOKEN]"
    assert redact("ticket A-001 seq 12345") == "ticket A-001 seq 12345"
    assert redact("31710117084500011") == "31710117084500011"  # 17 digits is not a NIK


def test_every_path_into_the_log_is_redacted():
    stream = io.StringIO()
    handler = setup_logging(logging.DEBUG, stream=stream)
    try:
        register_secret("s3cr3t-token-value")
        log = logging.getLogger("kiosk.test")
        log.info("as argument %s", "3171011708450001")
        log.info("inline 3171011708450001 and token s3cr3t-token-value")
        try:
            raise ValueError("bad nik 3171011708450001")
        except ValueError:
            log.exception("with traceback")
        logging.getLogger("some.library").warning("lib %s", "3171 0117 0845 0001")
    finally:
        logging.getLogger().removeHandler(handler)
    text = stream.getvalue()
    assert "3171011708450001" not in text
    assert "0845" not in text
    assert "s3cr3t-token-value" not in text
    # Four calls, and the traceback quotes the raising source line as well.
    assert text.count("[NIK]") == 5
