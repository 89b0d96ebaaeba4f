from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="photo_erased_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
