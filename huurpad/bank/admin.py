from django.contrib import admin

from huurpad.accounts.admin import BeheerderAdmin

from .models import Creditor


@admin.register(Creditor)
class CreditorAdmin(BeheerderAdmin):
    """Who collects the direct debits: name, account and incassant-ID, as on the bank contract.
    One row; HUURPAD_CREDITOR_* environment variables override it."""

    list_display = ["name", "iban", "bic", "creditor_id"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Creditor.objects.exists()
