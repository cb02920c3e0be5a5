from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "huurpad.solutions"
    verbose_name = "Oplossingen"
