from django import forms

from huurpad.forms import Form, date_input

from .models import Pause, WriteOff

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"rows": 3, "class": "utrecht-textarea"}
MONEY = TEXTBOX | {"step": "0.01", "inputmode": "decimal"}
DATE_INVALID = "Vul een datum in, zoals 15-12-2026."
AMOUNT_INVALID = "Vul een bedrag in, zoals 650,00."
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
        label="Hoe bepaalt u de termijn?",
        widget=forms.RadioSelect,
        choices=[("tenant", "De huurder stelt een bedrag voor"), ("income", "Uit het inkomen van het huishouden")],
        initial="tenant",
    )
    instalment = forms.DecimalField(
        label="Bedrag per maand (voorstel huurder)",
        min_value=1,
        max_digits=9,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={**TEXTBOX, "step": "0.01", "inputmode": "decimal"}),
    )
    net_income = forms.DecimalField(
        label="Netto inkomen per maand",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={**TEXTBOX, "step": "0.01", "inputmode": "decimal"}),
    )
    household = forms.ChoiceField(
        label="Huishouden", choices=HOUSEHOLDS, initial="single", widget=forms.Select(attrs=SELECT)
    )

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
    reason = forms.ChoiceField(
        label="Waarom een pauze?",
        choices=[c for c in Pause.Reason.choices if c[0] != Pause.Reason.DEBT_SETTLEMENT],
        widget=forms.Select(attrs=SELECT),
    )
    review_date = forms.DateField(
        label="Evaluatiedatum (leeg: de gewone termijn voor deze reden)",
        required=False,
        widget=date_input(),
        error_messages={"invalid": DATE_INVALID},
    )
    note = forms.CharField(label="Toelichting", max_length=300, required=False, widget=forms.TextInput(attrs=TEXTBOX))


class PauseExtendForm(Form):
    """A team leader's extension of a running pause (solutions.arrangements.extend_pause)."""

    id_prefix = "verlengen"
    review_date = forms.DateField(
        label="Nieuwe evaluatiedatum", widget=date_input(), error_messages={"invalid": DATE_INVALID}
    )
    reason = forms.CharField(
        label="Waarom langer?",
        max_length=300,
        widget=forms.TextInput(attrs=TEXTBOX),
        error_messages={"required": "Schrijf op waarom de pauze langer moet duren."},
    )


class BenefitForm(Form):
    id_prefix = "geregeld"
    municipality_code = forms.CharField(
        label="Gemeentecode",
        max_length=6,
        widget=forms.TextInput(attrs=TEXTBOX | {"size": 8}),
        error_messages={"required": "Vul de gemeentecode in, zoals GM0363."},
    )
    amount = forms.DecimalField(
        label="Bedrag per maand",
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages={
            "required": "Vul in hoeveel de gemeente elke maand betaalt.",
            "invalid": AMOUNT_INVALID,
            "max_decimal_places": AMOUNT_INVALID,
            "max_digits": AMOUNT_INVALID,
        },
    )
    day = forms.IntegerField(
        label="Rond de dag",
        min_value=1,
        max_value=28,
        widget=forms.NumberInput(attrs=TEXTBOX),
        error_messages={
            "required": "Vul in rond welke dag de gemeente betaalt.",
            "invalid": "Kies een dag van 1 tot en met 28.",
            "min_value": "Kies een dag van 1 tot en met 28.",
            "max_value": "Kies een dag van 1 tot en met 28.",
        },
    )
    payer_iban = forms.CharField(
        label="Rekening van de gemeente",
        required=False,
        max_length=42,
        widget=forms.TextInput(attrs=TEXTBOX | {"size": 24, "autocomplete": "off"}),
    )
    start = forms.DateField(
        label="Vanaf",
        widget=date_input(),
        error_messages={
            "required": "Vul in vanaf wanneer. Dat is de eerste dag van een maand.",
            "invalid": DATE_INVALID,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="geregeld_%s", **kwargs)  # ids of their own on a page with many forms


class LodgerForm(Form):
    id_prefix = "kamerhuurder"
    lodger_name = forms.CharField(
        label="Naam kamerhuurder",
        max_length=100,
        widget=forms.TextInput(attrs=TEXTBOX),
        error_messages={"required": "Vul de naam van de kamerhuurder in."},
    )
    start = forms.DateField(
        label="Vanaf",
        widget=date_input(),
        error_messages={"required": "Vul in vanaf wanneer.", "invalid": DATE_INVALID},
    )
    end = forms.DateField(
        label="Tot en met",
        widget=date_input(),
        error_messages={"required": "Vul in tot wanneer. Dat is hoogstens een jaar later.", "invalid": DATE_INVALID},
    )
    purpose = forms.CharField(label="Doel", max_length=200, required=False, widget=forms.TextInput(attrs=TEXTBOX))
    monthly_income = forms.DecimalField(
        label="Huur van de kamerhuurder per maand",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages={
            "invalid": AMOUNT_INVALID,
            "min_value": "Het bedrag kan niet minder dan € 0 zijn.",
            "max_decimal_places": AMOUNT_INVALID,
            "max_digits": AMOUNT_INVALID,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="kamer_%s", **kwargs)


class ProposeForm(Form):
    id_prefix = "kwijtschelding"
    amount = forms.DecimalField(
        label="Bedrag",
        min_value=0.01,
        max_digits=11,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages={"required": "Vul het bedrag in.", "invalid": "Vul een bedrag in, zoals 250.00."},
    )
    reason_category = forms.ChoiceField(
        label="Soort reden",
        choices=[
            ("", "Kies de soort reden"),
            *(c for c in WriteOff.ReasonCategory.choices if c[0] != WriteOff.ReasonCategory.DEBT_SETTLEMENT),
        ],
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Kies de soort reden.", "invalid_choice": "Kies de soort reden."},
    )
    reason = forms.CharField(
        label="Waarom",
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Schrijf kort waarom terugbetalen niet lukt, en welk perspectief er is."},
    )
    conditions = forms.CharField(
        label="Afspraken met de huurder (mag leeg)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class ForwardingAddressForm(Form):
    """Where letters go after the tenancy ended (solutions/former.py): empty means unknown."""

    id_prefix = "nieuw-adres"
    address = forms.CharField(
        label="Nieuw adres (mag leeg: onbekend)",
        help_text="Zoals op een envelop, de regels gescheiden door komma's: Dorpsstraat 5, 9999 ZZ Elders",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX | {"autocomplete": "off"}),
        error_messages={"max_length": "Een adres is ten hoogste 200 tekens."},
    )


class HandOverForm(Form):
    """The team leader hands a former tenant's final bill to a collection agency (incassobureau)."""

    id_prefix = "incassobureau"
    agency = forms.CharField(
        label="Incassobureau",
        max_length=100,
        widget=forms.TextInput(attrs=TEXTBOX),
        error_messages={"required": "Vul de naam van het incassobureau in."},
    )
    amount = forms.DecimalField(
        label="Overgedragen bedrag",
        min_value=0.01,
        max_digits=11,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages={"required": "Vul het bedrag in.", "invalid": AMOUNT_INVALID},
    )
    on = forms.DateField(
        label="Datum van de overdracht",
        widget=date_input(),
        error_messages={"required": "Vul de datum in.", "invalid": DATE_INVALID},
    )
    reference = forms.CharField(
        label="Kenmerk van het incassobureau (mag leeg)",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
