from decimal import Decimal

from django import forms
from django.contrib import admin

from huurpad.accounts.admin import BeheerderAdmin, LoggedAdmin
from huurpad.core.money import fmt_eur, from_cents, to_cents

from .models import HelpRequest, MunicipalScheme


class MunicipalSchemeForm(forms.ModelForm):
    """Amounts in euros for the beheerder; the database keeps cents."""

    income_limit = forms.DecimalField(
        label="Inkomensgrens (euro netto per maand)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text="Of een vast bedrag. Met allebei telt de laagste grens.",
    )
    amount_per_year = forms.DecimalField(
        label="Bedrag per jaar (euro)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text="Leeg als het bedrag niet vastligt.",
    )

    link = forms.URLField(label="Link", required=False, assume_scheme="https")

    class Meta:
        model = MunicipalScheme
        fields = [
            "municipality_code",
            "name",
            "description",
            "income_limit_percent",
            "income_limit",
            "amount_per_year",
            "link",
            "active",
            "example",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["income_limit"] = self.instance.income_limit
            self.initial["amount_per_year"] = self.instance.amount_per_year

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance.income_limit_cents = _cents(data.get("income_limit"))
        self.instance.amount_per_year_cents = _cents(data.get("amount_per_year"))
        return super().save(commit)


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else to_cents(value)


@admin.register(MunicipalScheme)
class MunicipalSchemeAdmin(BeheerderAdmin):
    """The municipality's schemes that the benefits scan (/geldcheck/) names."""

    form = MunicipalSchemeForm
    list_display = ["name", "municipality_code", "limit_display", "amount_display", "active", "example"]
    list_filter = ["municipality_code", "active", "example"]
    search_fields = ["name", "municipality_code"]

    @admin.display(description="inkomensgrens")
    def limit_display(self, scheme):
        parts = []
        if scheme.income_limit_percent is not None:
            parts.append(f"{scheme.income_limit_percent} % van de norm")
        if scheme.income_limit_cents is not None:
            parts.append(f"{fmt_eur(from_cents(scheme.income_limit_cents))} per maand")
        return " of ".join(parts) or "geen"

    @admin.display(description="per jaar", ordering="amount_per_year_cents")
    def amount_display(self, scheme):
        return "onbekend" if scheme.amount_per_year_cents is None else fmt_eur(from_cents(scheme.amount_per_year_cents))


@admin.register(HelpRequest)
class HelpRequestAdmin(LoggedAdmin):
    """Requests for help are left by households themselves: read here, handled on /hulpvragen/."""

    list_display = ["created_at", "name", "municipality_code", "handled_at"]
    list_filter = ["municipality_code"]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
