from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "huurpad.portal"
    label = "portal"
    verbose_name = "Mijn Huurpad (huurdersportaal)"
