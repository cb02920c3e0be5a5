from django.apps import AppConfig


class DebtHelpConfig(AppConfig):
    name = "huurpad.debthelp"
    label = "debthelp"
    verbose_name = "Schuldhulp"
