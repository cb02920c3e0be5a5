from django.contrib import admin

from huurpad.accounts.admin import BeheerderAdmin, LoggedAdmin, ReadOnlyAdmin

from .models import HomeFacts, RentIncreaseProposal, RentPolicy, RentYearFacts


@admin.register(RentYearFacts)
class RentYearFactsAdmin(LoggedAdmin):
    """Income, a request for no increase or a discount, a tax remission: per household and year."""

    list_display = ["tenancy", "year", "income", "income_source", "declared_on", "low_income_request", "tax_remission"]
    list_filter = ["year", "income_source", "low_income_request", "tax_remission"]
    search_fields = ["tenancy__ref"]
    raw_id_fields = ["tenancy"]
    list_select_related = ["tenancy"]


@admin.register(HomeFacts)
class HomeFactsAdmin(BeheerderAdmin):
    list_display = ["tenancy", "rooms", "floor_area", "agreed_rent_cents", "agreed_on"]
    search_fields = ["tenancy__ref"]
    raw_id_fields = ["tenancy"]
    list_select_related = ["tenancy"]


@admin.register(RentPolicy)
class RentPolicyAdmin(BeheerderAdmin):
    list_display = [
        "year",
        "percent",
        "exempt_energy_labels",
        "exempt_low_income_on_request",
        "exempt_tax_remission",
        "discount_low_income",
        "max_step_cents",
    ]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RentIncreaseProposal)
class RentIncreaseProposalAdmin(ReadOnlyAdmin):
    """Made by the run and decided on the team leader's page; read-only here."""

    list_display = [
        "tenancy",
        "year",
        "status",
        "old_rent_cents",
        "new_rent_cents",
        "pay_cents",
        "exemption",
        "discount_kind",
        "phase",
    ]
    list_filter = ["year", "status", "exemption", "discount_kind"]
    search_fields = ["tenancy__ref"]
    list_select_related = ["tenancy"]
    show_full_result_count = False
