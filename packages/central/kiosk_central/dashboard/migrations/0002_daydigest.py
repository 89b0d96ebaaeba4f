import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DayDigest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("time_zone", models.CharField(max_length=64)),
                ("events", models.PositiveIntegerField()),
                ("last_event", models.BigIntegerField(null=True)),
                ("ratings", models.JSONField()),
                ("queue", models.JSONField()),
                ("times", models.BinaryField()),
                ("survey", models.JSONField()),
                ("made_at", models.DateTimeField(auto_now=True)),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="queue.office",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("office", "day"), name="one_digest_per_office_day"
                    )
                ],
            },
        ),
    ]
