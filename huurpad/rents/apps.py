from django.apps import AppConfig


class RentsConfig(AppConfig):
    name = "huurpad.rents"
    verbose_name = "Huurverhoging en verhuizen"
