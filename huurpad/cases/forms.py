from django import forms
from django.utils import timezone

from .actions import OUTCOMES

CHANNELS = [
    ("phone", "Telefoon"),
    ("whatsapp", "WhatsApp"),
    ("sms", "Sms"),
    ("email", "E-mail"),
    ("visit", "Huisbezoek"),
    ("card", "Kaartje aan de deur"),
    ("letter", "Brief"),
]
DAY_PARTS = [("ochtend", "Ochtend"), ("middag", "Middag"), ("avond", "Avond")]


SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class ContactForm(forms.Form):
    """One contact attempt, recorded in seconds: the usual case is two clicks and 'Opslaan'."""

    channel = forms.ChoiceField(label="Hoe", choices=CHANNELS, initial="phone", widget=forms.Select(attrs=SELECT))
    reached = forms.TypedChoiceField(
        label="Gesproken?",
        choices=[("ja", "Ja, gesproken"), ("nee", "Nee, niet bereikt")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of u de huurder hebt gesproken."},
    )
    day_part = forms.ChoiceField(label="Dagdeel", choices=DAY_PARTS, required=False, widget=forms.Select(attrs=SELECT))
    outcome = forms.ChoiceField(
        label="Uitkomst", choices=[("", "—"), *OUTCOMES.items()], required=False, widget=forms.Select(attrs=SELECT)
    )
    promise_date = forms.DateField(
        label="Betaalt op", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox"}),
        error_messages={"invalid": "Vul een datum in, zoals 15-12-2026."},
    )  # fmt: skip
    debt_help_pointed = forms.BooleanField(label="Gewezen op schuldhulp", required=False)
    objection = forms.BooleanField(label="Huurder wil niet dat we gegevens doorgeven aan de gemeente", required=False)
    note = forms.CharField(label="Notitie", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "promise_to_pay":
            promise = data.get("promise_date")
            if promise is None:
                self.add_error("promise_date", "Vul in op welke dag de huurder belooft te betalen.")
            elif promise < timezone.localdate():
                self.add_error("promise_date", "Die dag is al voorbij. Vul de dag in waarop de huurder gaat betalen.")
        if data.get("outcome") and data.get("reached") is False and data["outcome"] not in {"wrong_number", "other"}:
            self.add_error("outcome", "Een uitkomst als deze hoort bij een gesprek. Kies 'Ja, gesproken' of laat de uitkomst leeg.")
        return data
