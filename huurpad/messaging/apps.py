from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "huurpad.messaging"
    verbose_name = "Berichten"
