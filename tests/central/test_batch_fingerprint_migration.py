"""Migration 0004 on a database whose batch replies were fingerprinted with their NIKs: those
fingerprints are erased, a ticket's own (erased later, with its NIK) stays; on both engines."""

from __future__ import annotations

import json

SCRIPT = """
import json, uuid, django
django.setup()
from django.core.management import call_command
call_command("migrate", "queue", "0003", verbosity=0)
from kiosk_central.queue.models import IdempotentReply, Kiosk, Office
kiosk = Kiosk.objects.create(office=Office.objects.get(), name="kiosk-01", token_hash="0" * 64)
for scope, fingerprint in (("batch", "a" * 64), ("ticket", "b" * 64), ("batch", "")):
    IdempotentReply.objects.create(
        kiosk=kiosk, scope=scope, key=uuid.uuid4(), fingerprint=fingerprint, status=200, reply={}
    )
call_command("migrate", verbosity=0)
print(json.dumps(sorted(IdempotentReply.objects.values_list("scope", "fingerprint"))))
"""


def test_the_batch_fingerprints_stored_with_niks_are_erased(bare_central):
    out = bare_central.python(SCRIPT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout) == [["batch", ""], ["batch", ""], ["ticket", "b" * 64]]
