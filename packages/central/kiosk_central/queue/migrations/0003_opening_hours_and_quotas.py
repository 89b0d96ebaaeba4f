"""Opening hours per office (weekly periods with breaks), holidays, a cut-off and daily quotas
per service, and the flags on offline tickets honoured past them.

Each service's old opens_at/closes_at/open_days become the office's weekly hours (per weekday,
from the earliest opening to the latest closing among its offered services) and, where a
service closed earlier than the office, its cut-off (``last_issue``). What cannot be kept: a
service opening later than the others, or on fewer days. Reversible the same way back.
"""

from datetime import time

import django.db.models.deletion
from django.db import migrations, models

import kiosk_central.queue.models

# Frozen here: a migration must not change with the code.
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
END_OF_DAY = time(23, 59)


def _hm(t: time) -> str:
    return "24:00" if t >= END_OF_DAY else t.strftime("%H:%M")


def to_office_hours(apps, schema_editor):
    Office, Service = apps.get_model("queue", "Office"), apps.get_model("queue", "Service")
    for office in Office.objects.all():
        services = list(Service.objects.filter(office=office))
        shown = [s for s in services if s.enabled] or services
        if not shown:
            continue  # no services yet: the default hours
        hours = {}
        for i, day in enumerate(DAYS):
            open_then = [s for s in shown if str(i) in s.open_days and s.opens_at < s.closes_at]
            if open_then:
                start = min(s.opens_at for s in open_then)
                end = max(s.closes_at for s in open_then)
                hours[day] = [f"{_hm(start)}-{_hm(end)}"]
        office.hours = hours
        office.save(update_fields=["hours"])
        latest = max(s.closes_at for s in shown)
        for s in services:
            if s.closes_at < latest and s.closes_at < END_OF_DAY:
                s.last_issue = s.closes_at
                s.save(update_fields=["last_issue"])


def _time(text: str) -> time:
    return time(23, 59, 59) if text == "24:00" else time.fromisoformat(text)


def to_service_hours(apps, schema_editor):
    Office, Service = apps.get_model("queue", "Office"), apps.get_model("queue", "Service")
    for office in Office.objects.all():
        periods = {d: p for d, p in (office.hours or {}).items() if d in DAYS and p}
        if not periods:
            continue
        starts = [_time(p[0].replace(".", ":").split("-")[0]) for p in periods.values()]
        ends = [_time(p[-1].replace(".", ":").split("-")[1]) for p in periods.values()]
        days = "".join(str(DAYS.index(d)) for d in DAYS if d in periods)
        for s in Service.objects.filter(office=office):
            s.open_days, s.opens_at = days, min(starts)
            s.closes_at = min(s.last_issue or max(ends), max(ends))
            s.save(update_fields=["open_days", "opens_at", "closes_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("queue", "0002_default_office"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="hours",
            field=models.JSONField(
                default=kiosk_central.queue.models.default_hours,
                help_text='Periods per weekday; a break is the gap between two periods; a weekday not listed is closed. E.g. {"monday": ["08:00-12:00", "13:00-16:00"], "friday": ["08:00-11:30", "13:30-16:30"]}',
                verbose_name="opening hours",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="last_issue",
            field=models.TimeField(
                blank=True,
                help_text="No numbers from this time on (a booking within its slot still gets one).",
                null=True,
                verbose_name="last number at",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="quota_booking",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="daily quota: booking"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="quota_priority",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="daily quota: priority"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="quota_walk_in",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="daily quota: walk-in"
            ),
        ),
        migrations.AddField(
            model_name="ticket",
            name="outside_hours",
            field=models.BooleanField(default=False, editable=False, verbose_name="outside hours"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="over_quota",
            field=models.BooleanField(default=False, editable=False, verbose_name="over quota"),
        ),
        migrations.CreateModel(
            name="Holiday",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="holidays",
                        to="queue.office",
                        verbose_name="office",
                    ),
                ),
            ],
            options={
                "verbose_name": "holiday",
                "verbose_name_plural": "holidays",
                "ordering": ["office", "date"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("office", "date"), name="one_holiday_per_office_day"
                    )
                ],
            },
        ),
        migrations.RunPython(to_office_hours, to_service_hours),
        migrations.RemoveField(
            model_name="service",
            name="closes_at",
        ),
        migrations.RemoveField(
            model_name="service",
            name="open_days",
        ),
        migrations.RemoveField(
            model_name="service",
            name="opens_at",
        ),
    ]
