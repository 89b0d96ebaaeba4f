"""Migration 0003 on a database that had the old per-service hours: the office's weekly hours
and the services' cut-offs keep what the old fields said, on both engines."""

from __future__ import annotations

import json

SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", "queue", "0002", verbosity=0)
rows = [
    # code, prefix, opens, closes, days, enabled
    ("paspor", "A", "08:00", "16:00", "01234", True),
    ("informasi", "E", "07:30", "12:00", "012345", True),  # also Saturday mornings
    ("lama", "Z", "06:00", "20:00", "0123456", False),  # switched off: not the office's hours
]
with connection.cursor() as c:
    for i, (code, prefix, opens, closes, days, enabled) in enumerate(rows):
        c.execute(
            "INSERT INTO queue_service (office_id, code, prefix, name_id, name_en, "
            "average_minutes, \\"order\\", enabled, opens_at, closes_at, open_days) "
            "VALUES (1, %s, %s, %s, %s, 10, %s, %s, %s, %s, %s)",
            [code, prefix, code, code, i, enabled, opens, closes, days],
        )
call_command("migrate", verbosity=0)
from kiosk_central.queue.models import Office, Service
print(json.dumps({
    "hours": Office.objects.get().hours,
    "last_issue": {s.code: s.last_issue and s.last_issue.strftime("%H:%M")
                   for s in Service.objects.all()},
}))
call_command("migrate", "queue", "0002", verbosity=0)  # and back
with connection.cursor() as c:
    c.execute("SELECT code, opens_at, closes_at, open_days FROM queue_service ORDER BY code")
    print(json.dumps([[str(v)[:5] if i in (1, 2) else v for i, v in enumerate(r)]
                      for r in c.fetchall()]))
"""


def test_old_service_hours_become_the_offices(bare_central):
    out = bare_central.python(SCRIPT)
    assert out.returncode == 0, out.stderr[-2000:]
    forward, back = (json.loads(line) for line in out.stdout.splitlines())
    weekday = ["07:30-16:00"]
    assert forward["hours"] == {
        "monday": weekday,
        "tuesday": weekday,
        "wednesday": weekday,
        "thursday": weekday,
        "friday": weekday,
        "saturday": ["07:30-12:00"],
    }
    assert forward["last_issue"] == {"paspor": None, "informasi": "12:00", "lama": None}
    assert back == [
        ["informasi", "07:30", "12:00", "012345"],
        ["lama", "07:30", "16:00", "012345"],
        ["paspor", "07:30", "16:00", "012345"],
    ]
