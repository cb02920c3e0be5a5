"""The portal's forms, in plain Dutch (B1)."""

from django import forms

from huurpad.forms import Form
from huurpad.tenancies.models import Tenancy

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}


class EmailForm(Form):
    id_prefix = "inloggen"
    email = forms.EmailField(
        label="Uw e-mailadres",
        max_length=254,
        widget=forms.EmailInput(
            attrs={**TEXTBOX, "autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Vul uw e-mailadres in.",
            "invalid": "Vul een e-mailadres in, zoals naam@voorbeeld.nl.",
        },
    )


class PhoneForm(Form):
    id_prefix = "inloggen-sms"
    phone = forms.CharField(
        label="Uw mobiele nummer",
        max_length=30,
        widget=forms.TextInput(attrs={**TEXTBOX, "type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": "Vul uw mobiele nummer in."},
    )

    def clean_phone(self):
        from .auth import phone_key

        if phone_key(self.cleaned_data["phone"]) is None:
            raise forms.ValidationError("Vul een mobiel nummer in, zoals 06 1234 5678.")
        return self.cleaned_data["phone"]


class CodeForm(Form):
    id_prefix = "inloggen-code"
    code = forms.CharField(
        label="De code uit de sms",
        max_length=20,
        widget=forms.TextInput(
            attrs={**TEXTBOX, "autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Vul de code in."},
    )


class CollectionDayForm(Form):
    id_prefix = "incassodag"
    day = forms.TypedChoiceField(
        label="Op welke dag schrijven we de huur af?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(d, f"De {d}e van de maand") for d in Tenancy.COLLECTION_DAYS],
        error_messages={"required": "Kies een dag.", "invalid_choice": "Kies een van de dagen in de lijst."},
    )


class ArrangementForm(Form):
    id_prefix = "regeling"
    amount = forms.DecimalField(
        label="Hoeveel kunt u elke maand extra betalen?",
        min_value=1,
        max_value=100000,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXTBOX, "step": "0.01", "min": "1", "inputmode": "decimal"}),
        error_messages={
            "required": "Vul een bedrag in.",
            "invalid": "Vul een bedrag in, zoals 50 of 75,50.",
            "min_value": "Vul een bedrag van minstens 1 euro in.",
            "max_value": "Dit bedrag is te hoog.",
            "max_decimal_places": "Gebruik hoogstens 2 cijfers na de komma.",
            "max_digits": "Dit bedrag is te hoog.",
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "amount" in data:  # '75,50' or '€ 1.075,50' as people write it
            data = data.copy()
            value = data["amount"].replace("€", "").replace(" ", "").strip()
            data["amount"] = value.replace(".", "").replace(",", ".") if "," in value else value
        super().__init__(data, *args, **kwargs)


class CallForm(Form):
    id_prefix = "bellen"
    when = forms.ChoiceField(
        label="Wanneer kunnen we u het best bellen?",
        widget=forms.RadioSelect,
        initial="maakt niet uit",
        choices=[
            ("'s ochtends", "'s Ochtends"),
            ("'s middags", "'s Middags"),
            ("maakt niet uit", "Het maakt niet uit"),
        ],
        error_messages={"required": "Kies wanneer we u kunnen bellen."},
    )
    phone = forms.CharField(
        label="Op welk nummer?",
        max_length=30,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        error_messages={"required": "Vul uw telefoonnummer in."},
    )
    about = forms.CharField(
        label="Waarover wilt u praten? (mag leeg)",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if sum(c.isdigit() for c in phone) < 8 or any(c not in "0123456789+-() " for c in phone):
            raise forms.ValidationError("Vul een telefoonnummer in, zoals 06 12345678.")
        return phone


class MessageForm(Form):
    id_prefix = "bericht"
    text = forms.CharField(
        label="Uw bericht",
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 6}),
        error_messages={
            "required": "Schrijf eerst uw bericht.",
            "max_length": "Uw bericht is te lang: hoogstens 1000 tekens.",
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Schrijf eerst uw bericht.")
        return text


class PayForm(Form):
    """Pay part of the arrears: at least selfservice.MIN_PART_PAYMENT, at most what is owed. The
    bounds are checked here, on the server; the field's min and max only help the browser."""

    id_prefix = "betalen"
    amount = forms.DecimalField(
        label="Welk bedrag wilt u nu betalen?",
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXTBOX, "step": "0.01", "inputmode": "decimal"}),
        error_messages={
            "required": "Vul een bedrag in.",
            "invalid": "Vul een bedrag in, zoals 50 of 75,50.",
            "max_decimal_places": "Gebruik hoogstens 2 cijfers na de komma.",
            "max_digits": "Dit bedrag is te hoog.",
        },
    )

    def __init__(self, data=None, *args, owed, minimum, **kwargs):
        if data is not None and "amount" in data:  # '75,50' or '€ 1.075,50' as people write it
            data = data.copy()
            value = data["amount"].replace("€", "").replace(" ", "").strip()
            data["amount"] = value.replace(".", "").replace(",", ".") if "," in value else value
        super().__init__(data, *args, **kwargs)
        self.owed, self.minimum = owed, minimum
        self.fields["amount"].widget.attrs.update(min=f"{minimum:.2f}", max=f"{owed:.2f}")

    def clean_amount(self):
        from huurpad.core.money import fmt_eur

        amount = self.cleaned_data["amount"]
        if amount < self.minimum:
            raise forms.ValidationError(f"Vul een bedrag van minstens {fmt_eur(self.minimum)} in.")
        if amount > self.owed:
            raise forms.ValidationError(f"U hoeft niet meer te betalen dan {fmt_eur(self.owed)}.")
        return amount
