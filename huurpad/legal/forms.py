"""The form on the tenancy page that records a step of the legal track (views.record)."""

from django import forms

from huurpad.core.dutch import EVICTION_CANCEL_REASONS, JUDGMENT_OUTCOMES
from huurpad.forms import Form, date_input

from .models import Stage

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE_INVALID = "Vul een datum in, zoals 15-12-2026."
EMPTY = [("", "—")]


class StepForm(Form):
    id_prefix = "juridisch"
    stage = forms.ChoiceField(label="Welke stap?", choices=Stage.choices, widget=forms.Select(attrs=SELECT))
    date = forms.DateField(label="Datum van de stap", widget=date_input(), error_messages={"invalid": DATE_INVALID})
    court_date = forms.DateField(
        label="Datum van de zitting (bij de dagvaarding)",
        required=False,
        widget=date_input(),
        error_messages={"invalid": DATE_INVALID},
    )
    outcome = forms.ChoiceField(
        label="Uitspraak (bij het vonnis)",
        choices=EMPTY + list(JUDGMENT_OUTCOMES.items()),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    conditions = forms.CharField(
        label="Voorwaarden van de rechter", max_length=2000, required=False, widget=forms.TextInput(attrs=TEXTBOX)
    )
    eviction_date = forms.DateField(
        label="Datum van de ontruiming (bij een geplande ontruiming)",
        required=False,
        widget=date_input(),
        error_messages={"invalid": DATE_INVALID},
    )
    reason = forms.ChoiceField(
        label="Waarom gaat de ontruiming niet door?",
        choices=EMPTY + list(EVICTION_CANCEL_REASONS.items()),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    decided_by_name = forms.CharField(
        label="Besloten door (rechtbank, deurwaarder)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    document = forms.CharField(
        label="Stuk (kenmerk of naam)", max_length=200, required=False, widget=forms.TextInput(attrs=TEXTBOX)
    )
    costs = forms.DecimalField(
        label="Kosten deurwaarder (euro)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXTBOX | {"step": "0.01", "min": "0"}),
        error_messages={"invalid": "Vul een bedrag in, zoals 95,00."},
    )
    note = forms.CharField(label="Toelichting", max_length=2000, required=False, widget=forms.TextInput(attrs=TEXTBOX))
