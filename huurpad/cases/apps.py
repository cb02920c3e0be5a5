from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "huurpad.cases"
    verbose_name = "Dossiers"
