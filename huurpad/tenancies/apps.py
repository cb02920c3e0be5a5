from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "huurpad.tenancies"
    verbose_name = "Huurcontracten"

    def ready(self):
        from . import converters

        converters.register()
