"""A fresh central has one office to register kiosks in; the admin renames it."""

from django.db import migrations


def create(apps, schema_editor):
    Office = apps.get_model("queue", "Office")
    if not Office.objects.exists():
        Office.objects.create(code="kantor", name="Kantor Imigrasi")


class Migration(migrations.Migration):
    dependencies = [("queue", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
