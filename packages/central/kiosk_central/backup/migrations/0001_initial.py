import uuid

from django.db import migrations, models
from django.utils import timezone


def first_generation(apps, schema_editor):
    apps.get_model("backup", "Generation").objects.create(started_at=timezone.now())


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("started_at", models.DateTimeField()),
                ("restored_from", models.DateTimeField(blank=True, null=True)),
                ("hold_until", models.DateTimeField(blank=True, null=True)),
                ("released_at", models.DateTimeField(blank=True, null=True)),
                ("note", models.CharField(blank=True, max_length=200)),
            ],
            options={"ordering": ["-started_at"], "get_latest_by": "started_at"},
        ),
        migrations.RunPython(first_generation, migrations.RunPython.noop),
    ]
