from django.contrib import admin

from huurpad.accounts.admin import BeheerderAdmin, ReadOnlyAdmin

from .models import CaseEvent, Measure, Partner


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["date", "tenancy", "type", "source", "actor"]
    list_filter = ["type", "source"]
    search_fields = ["tenancy__ref"]
    list_select_related = ["tenancy", "actor"]
    show_full_result_count = False


@admin.register(Partner)
class PartnerAdmin(BeheerderAdmin):
    """The beheerder configures the partner organisations and who works for each."""

    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    filter_horizontal = ["members"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["started_on", "tenancy", "kind", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["tenancy", "created_by"]
