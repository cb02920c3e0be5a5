from django.contrib import admin

from huurpad.accounts.admin import ReadOnlyAdmin

from .models import PortalAccount


@admin.register(PortalAccount)
class PortalAccountAdmin(ReadOnlyAdmin):
    """Which tenants logged in to Mijn Huurpad. Accounts are made by logging in; to stop one,
    make its user inactive."""

    list_display = ["tenant", "user", "created_at", "last_login_at"]
    search_fields = ["tenant__surname", "user__username"]
    list_select_related = ["tenant", "user"]
