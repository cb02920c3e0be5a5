from django import forms

from huurpad.forms import Form


class PolicyForm(Form):
    text = forms.CharField(label="Beleid", strip=False, error_messages={"required": "De tekst van het beleid is leeg."})
    note = forms.CharField(
        label="Toelichting",
        max_length=300,
        error_messages={
            "required": "Schrijf in de toelichting waarom het beleid verandert.",
            "max_length": "Houd de toelichting kort: hoogstens %(limit_value)d tekens (nu %(show_value)d).",
        },
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)
