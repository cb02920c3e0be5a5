from django.contrib import admin

from huurpad.accounts.admin import ReadOnlyAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """What went out and what did not: filter on 'Onzeker of verstuurd' and 'Opgegeven' to check."""

    list_display = ["day", "tenancy", "action", "channel", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "action"]
    search_fields = ["tenancy__ref", "provider_ref"]
    list_select_related = ["tenancy"]
    show_full_result_count = False
