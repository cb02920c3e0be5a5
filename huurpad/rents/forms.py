"""The team leader's rules for a year, and the run's effective date."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from huurpad.core.money import from_cents, to_cents
from huurpad.forms import Form, date_input
from huurpad.tenancies.models import Household

from .models import RentPolicy

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
NUMBER = {**TEXTBOX, "inputmode": "decimal"}
CHECK = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


class PolicyForm(Form):
    id_prefix = "regels"

    percent = forms.DecimalField(
        label="Verhoging (%)",
        min_value=0,
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**NUMBER, "step": "0.01"}),
        error_messages={"required": "Vul het percentage in.", "invalid": "Vul een getal in, zoals 4.1."},
    )
    exempt_energy_labels = forms.CharField(
        label="Geen verhoging bij energielabel (met komma's)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    exempt_low_income_on_request = forms.BooleanField(
        label="Geen verhoging bij laag inkomen en huur boven de aftoppingsgrens, als de huurder erom vraagt",
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    exempt_tax_remission = forms.BooleanField(
        label="Geen verhoging bij kwijtschelding van gemeentelijke belastingen",
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    exempt_household_kinds = forms.MultipleChoiceField(  # stored as the kinds' codes, with commas
        label="Geen verhoging voor soort huishouden",
        choices=Household.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        error_messages={"invalid_choice": "Onbekende soort huishouden: %(value)s."},
    )
    exempt_refs = forms.CharField(
        label="Geen verhoging voor deze contracten",
        required=False,
        help_text="Contractnummers, met komma's of één per regel.",
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
    )
    discount_low_income = forms.BooleanField(
        label="Tijdelijke korting tot de aftoppingsgrens bij laag inkomen, als de huurder erom vraagt",
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )
    discount_months = forms.IntegerField(
        label="Korting duurt (maanden, 1 tot 12)",
        min_value=1,
        max_value=12,
        initial=12,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    max_step = forms.DecimalField(
        label="Huurgewenning: wat de huurder betaalt gaat per jaar ten hoogste zoveel omhoog (euro; leeg: geen)",
        required=False,
        min_value=1,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**NUMBER, "step": "0.01"}),
    )

    FIELDS = [
        "percent",
        "exempt_energy_labels",
        "exempt_low_income_on_request",
        "exempt_tax_remission",
        "exempt_household_kinds",
        "exempt_refs",
        "discount_low_income",
        "discount_months",
    ]

    @classmethod
    def for_policy(cls, policy: RentPolicy | None, data=None) -> "PolicyForm":
        if policy is None:
            return cls(
                data,
                initial={
                    "exempt_energy_labels": "E,F,G",
                    "exempt_low_income_on_request": True,
                    "exempt_tax_remission": True,
                    "discount_months": 12,
                },
            )
        initial = {name: getattr(policy, name) for name in cls.FIELDS}
        initial["exempt_household_kinds"] = sorted(policy.household_kinds)
        initial["max_step"] = from_cents(policy.max_step_cents) if policy.max_step_cents else None
        return cls(data, initial=initial)

    def save(self, year: int, *, acting_user) -> RentPolicy:
        """The year's policy, checked by the model's own rules (never above the legal maximum)."""
        policy = RentPolicy.objects.filter(year=year).first() or RentPolicy(year=year)
        for name in self.FIELDS:
            setattr(policy, name, self.cleaned_data[name])
        policy.exempt_household_kinds = ",".join(self.cleaned_data["exempt_household_kinds"])
        step = self.cleaned_data["max_step"]
        policy.max_step_cents = to_cents(step) if step is not None else None
        policy.updated_by = acting_user
        try:
            policy.full_clean()
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
            raise
        policy.save()
        return policy


class RunForm(Form):
    id_prefix = "ronde"
    effective = forms.DateField(
        label="Ingangsdatum",
        widget=date_input(),
        error_messages={"required": "Vul de ingangsdatum in.", "invalid": "Vul een datum in."},
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["effective"].initial = date(year, 7, 1)

    def clean_effective(self):
        day = self.cleaned_data["effective"]
        if day.year != self.year:
            raise ValidationError(f"De ingangsdatum ligt in {self.year}.")
        return day
