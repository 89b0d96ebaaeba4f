"""A batch's idempotency fingerprint was a SHA-256 of a body holding its tickets' NIKs, and no
retention pass erased it (a batch reply has no ticket). Batches are fingerprinted without the
NIKs from now on (api.batch.fingerprints); the ones stored before are erased here: a retry of
such a batch is then matched by its key alone, a random UUID of the kiosk's."""

from django.db import migrations


def erase(apps, schema_editor):
    replies = apps.get_model("queue", "IdempotentReply")
    replies.objects.filter(scope="batch").exclude(fingerprint="").update(fingerprint="")


class Migration(migrations.Migration):
    dependencies = [("queue", "0003_opening_hours_and_quotas")]

    operations = [migrations.RunPython(erase, migrations.RunPython.noop)]
