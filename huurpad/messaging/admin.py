from django.contrib import admin

from huurpad.accounts.admin import BeheerderAdmin, ReadOnlyAdmin

from .models import OutboxMessage, Sender


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """What went out and what did not: filter on 'Onzeker of verstuurd' and 'Opgegeven' to check."""

    list_display = ["day", "tenancy", "action", "channel", "status", "attempts", "sent_at", "delivered_at"]
    list_filter = ["status", "channel", "action"]
    search_fields = ["tenancy__ref", "provider_ref"]
    list_select_related = ["tenancy"]
    show_full_result_count = False


@admin.register(Sender)
class SenderAdmin(BeheerderAdmin):
    """The corporation on letters and messages: name, address, phone. One row."""

    list_display = ["name", "phone", "email"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Sender.objects.exists()
