from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "huurpad.signals"
    verbose_name = "Vroegsignalering"
