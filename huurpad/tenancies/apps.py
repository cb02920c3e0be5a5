from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "huurpad.tenancies"
    verbose_name = "Huurcontracten"

    def ready(self):
        from django.db.models.signals import post_save

        from . import converters, search
        from .models import Tenancy, Tenant

        converters.register()
        post_save.connect(search.saved, sender=Tenant, dispatch_uid="search_keys_tenant")
        post_save.connect(search.saved, sender=Tenancy, dispatch_uid="search_keys_tenancy")
