from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "huurpad.demo"
    verbose_name = "Demo"
