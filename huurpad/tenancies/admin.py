from django.contrib import admin

from huurpad.accounts.admin import BeheerderAdmin, LoggedAdmin, ReadOnlyAdmin
from huurpad.core.money import fmt_eur

from .models import Household, LedgerEntry, Mandate, Municipality, RentComponent, Tenancy, Tenant


@admin.register(Household)
class HouseholdAdmin(BeheerderAdmin):
    list_display = ["id", "kind", "size"]
    list_filter = ["kind", "size"]


@admin.register(Tenant)
class TenantAdmin(LoggedAdmin):
    list_display = ["surname", "prefix", "initials", "birth_date", "household"]
    search_fields = ["surname", "email", "iban"]
    raw_id_fields = ["household"]
    list_select_related = ["household"]


class RentComponentInline(admin.TabularInline):
    model = RentComponent
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tenancy)
class TenancyAdmin(LoggedAdmin):
    list_display = [
        "ref",
        "tenant",
        "street",
        "house_number",
        "postcode",
        "city",
        "payment_method",
        "start_date",
        "end_date",
    ]
    list_filter = ["payment_method", "collection_day", "energy_label"]
    search_fields = ["ref", "street", "postcode", "tenant__surname"]
    raw_id_fields = ["household", "tenant"]
    list_select_related = ["tenant"]
    inlines = [RentComponentInline, MandateInline]
    show_full_result_count = False


@admin.register(RentComponent)
class RentComponentAdmin(BeheerderAdmin):
    list_display = ["tenancy", "valid_from", "rent_cents", "service_costs_cents"]
    search_fields = ["tenancy__ref"]
    raw_id_fields = ["tenancy"]
    list_select_related = ["tenancy"]
    show_full_result_count = False


@admin.register(Mandate)
class MandateAdmin(BeheerderAdmin):
    list_display = ["mandate_id", "tenancy", "signed_on", "revoked_on"]
    search_fields = ["mandate_id", "tenancy__ref"]
    raw_id_fields = ["tenancy"]
    list_select_related = ["tenancy"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "tenancy", "kind", "amount_display", "external_id", "description"]
    list_filter = ["kind"]
    search_fields = ["tenancy__ref", "external_id"]
    list_select_related = ["tenancy"]
    show_full_result_count = False

    @admin.display(description="bedrag", ordering="amount_cents")
    def amount_display(self, entry):
        return fmt_eur(entry.amount)


@admin.register(Municipality)
class MunicipalityAdmin(BeheerderAdmin):
    """Where tenants find debt help, per municipality; the letters point there."""

    list_display = ["code", "name", "debt_help"]
