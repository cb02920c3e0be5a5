from django import forms

from huurpad.forms import Form, date_input

from .models import Pause

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
HOUSEHOLDS = [
    ("single", "Alleenstaand"),
    ("couple", "Samenwonend of getrouwd"),
    ("single_pension_age", "Alleenstaand, AOW-leeftijd"),
    ("couple_pension_age", "Samen, AOW-leeftijd"),
]


class ArrangementForm(Form):
    """Size an arrangement from the tenant's proposal or from the household's income."""

    id_prefix = "regeling"

    basis = forms.ChoiceField(
        label="Hoe bepaalt u de termijn?", widget=forms.RadioSelect,
        choices=[("tenant", "De huurder stelt een bedrag voor"), ("income", "Uit het inkomen van het huishouden")],
        initial="tenant",
    )  # fmt: skip
    instalment = forms.DecimalField(label="Bedrag per maand (voorstel huurder)", min_value=1, max_digits=9, decimal_places=2,
                                    required=False, widget=forms.NumberInput(attrs={**TEXTBOX, "step": "0.01", "inputmode": "decimal"}))  # fmt: skip
    net_income = forms.DecimalField(label="Netto inkomen per maand", min_value=0, max_digits=9, decimal_places=2,
                                    required=False, widget=forms.NumberInput(attrs={**TEXTBOX, "step": "0.01", "inputmode": "decimal"}))  # fmt: skip
    household = forms.ChoiceField(label="Huishouden", choices=HOUSEHOLDS, initial="single", widget=forms.Select(attrs=SELECT))

    def clean(self):
        data = super().clean()
        if data.get("basis") == "tenant" and data.get("instalment") is None:
            self.add_error("instalment", "Vul het bedrag in dat de huurder voorstelt.")
        if data.get("basis") == "income" and data.get("net_income") is None:
            self.add_error("net_income", "Vul het netto inkomen per maand in.")
        return data

    def given(self) -> dict:
        data = self.cleaned_data
        if data["basis"] == "tenant":
            return {"proposed_instalment": data["instalment"]}
        return {"net_income": data["net_income"], "household": data["household"]}


class PauseForm(Form):
    id_prefix = "pauze"
    reason = forms.ChoiceField(label="Waarom een pauze?", choices=Pause.Reason.choices, widget=forms.Select(attrs=SELECT))
    review_date = forms.DateField(
        label="Evaluatiedatum (leeg: de gewone termijn voor deze reden)", required=False,
        widget=date_input(),
        error_messages={"invalid": "Vul een datum in, zoals 15-12-2026."},
    )  # fmt: skip
    note = forms.CharField(label="Toelichting", max_length=300, required=False, widget=forms.TextInput(attrs=TEXTBOX))
