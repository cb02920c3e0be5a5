from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "huurpad.bank"
    verbose_name = "Bank"
