from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "huurpad.plans"
    label = "plans"
    verbose_name = "Plan van aanpak"
