from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "kiosk_central.backup"
    label = "backup"
    verbose_name = "Backups"
