from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "huurpad.accounts"
    verbose_name = "Gebruikers en toegang"
