from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "huurpad.collection"
    verbose_name = "Incassobeleid"
