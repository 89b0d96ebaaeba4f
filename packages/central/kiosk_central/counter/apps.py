from django.apps import AppConfig


class CounterConfig(AppConfig):
    name = "kiosk_central.counter"
    label = "counter"
