from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "huurpad.casefile"
    verbose_name = "Dossier"
