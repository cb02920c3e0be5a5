from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "huurpad.prevention"
    verbose_name = "Preventie"
