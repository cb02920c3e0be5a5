from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "huurpad.tenancies"
    verbose_name = "Huurcontracten"
