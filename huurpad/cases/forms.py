from django import forms
from django.utils import timezone

from huurpad.forms import Form, date_input

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
# The channels a message to the tenant can go by (not a letter: that is the policy's).
MESSAGE_CHANNELS = [("sms", "Sms"), ("whatsapp", "WhatsApp"), ("email", "E-mail")]


class ContactForm(Form):
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
        label="Betaalt op",
        required=False,
        widget=date_input(),
        error_messages={"invalid": "Vul een datum in, zoals 15-12-2026."},
    )
    debt_help_pointed = forms.BooleanField(label="Gewezen op schuldhulp", required=False)
    objection = forms.BooleanField(label="Huurder wil niet dat we gegevens doorgeven aan de gemeente", required=False)
    note = forms.CharField(
        label="Notitie",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "promise_to_pay":
            promise = data.get("promise_date")
            if promise is None:
                self.add_error("promise_date", "Vul in op welke dag de huurder belooft te betalen.")
            elif promise < timezone.localdate():
                self.add_error("promise_date", "Die dag is al voorbij. Vul de dag in waarop de huurder gaat betalen.")
        if data.get("outcome") and data.get("reached") is False and data["outcome"] not in {"wrong_number", "other"}:
            self.add_error(
                "outcome", "Een uitkomst als deze hoort bij een gesprek. Kies 'Ja, gesproken' of laat de uitkomst leeg."
            )
        return data


class FeedbackForm(Form):
    text = forms.CharField(
        label="Uw terugkoppeling",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "utrecht-textarea"}),
        error_messages={"required": "Schrijf kort wat er is gebeurd of afgesproken."},
    )
    close = forms.BooleanField(label="De doorverwijzing is afgerond", required=False)


class ReferralForm(Form):
    partner = forms.ModelChoiceField(
        label="Naar",
        queryset=None,
        empty_label="Kies een partner",
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Kies naar wie u doorverwijst."},
    )
    reason = forms.CharField(
        label="Waarom",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
        error_messages={"required": "Schrijf kort waarom, zodat de partner weet waar het om gaat."},
    )
    basis = forms.ChoiceField(
        label="Mag dit?",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de grondslag: toestemming of de wet."},
    )
    follow_up_on = forms.DateField(
        label="Nabellen op",
        widget=date_input(),
        error_messages={"required": "Kies wanneer u nabelt.", "invalid": "Vul een datum in, zoals 15-12-2026."},
    )

    def __init__(self, *args, **kwargs):
        from .models import Partner, Referral

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(active=True)
        self.fields["basis"].choices = Referral.Basis.choices

    def offer_partners(self) -> bool:
        """Read the active partners once for the menu; False when there is none to refer to."""
        field = self.fields["partner"]
        field.choices = [("", field.empty_label), *((p.pk, str(p)) for p in field.queryset)]
        return len(field.choices) > 1

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        if day < timezone.localdate():
            raise forms.ValidationError("Die dag is al voorbij.")
        return day


class ChannelLimitsForm(Form):
    no_calls = forms.BooleanField(label="Niet bellen (doof of slechthorend, of op verzoek)", required=False)
    refused = forms.MultipleChoiceField(
        label="Geen berichten via",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=MESSAGE_CHANNELS,
    )
    interpreter_needed = forms.BooleanField(label="Tolk nodig", required=False)
    language = forms.CharField(
        label="Voorkeurstaal", max_length=40, required=False, widget=forms.TextInput(attrs={"class": "utrecht-textbox"})
    )


class MeasureForm(Form):
    kind = forms.ChoiceField(
        label="Maatregel", widget=forms.Select(attrs=SELECT), error_messages={"required": "Kies welke maatregel."}
    )
    started_on = forms.DateField(
        label="Gestart op",
        widget=date_input(),
        error_messages={
            "required": "Vul in wanneer de maatregel begon.",
            "invalid": "Vul een datum in, zoals 15-12-2026.",
        },
    )
    note = forms.CharField(
        label="Toelichting", max_length=300, required=False, widget=forms.TextInput(attrs={"class": "utrecht-textbox"})
    )

    def __init__(self, *args, **kwargs):
        from .models import Measure

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Kies een maatregel"), *Measure.Kind.choices]


class NoteForm(Form):
    text = forms.CharField(
        label="Notitie",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
        error_messages={"required": "Schrijf eerst wat u wilt vastleggen."},
    )


class PersonalMessageForm(Form):
    """A message the officer writes to the tenant (toolkit 3.2), sent through the outbox."""

    channel = forms.ChoiceField(
        label="Via", widget=forms.Select(attrs=SELECT), error_messages={"required": "Kies hoe het bericht gaat."}
    )
    text = forms.CharField(
        label="Bericht",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4, "class": "utrecht-textarea"}),
        error_messages={"required": "Schrijf eerst het bericht.", "max_length": "Houd het kort: hoogstens 600 tekens."},
    )
    pay_link = forms.BooleanField(label="Betaallink voor de achterstand toevoegen", required=False)

    def __init__(self, *args, reachable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, label) for c, label in MESSAGE_CHANNELS if c in reachable]


class OpenCaseForm(Form):
    """A person opens a case: a worry, a signal from a neighbour, before any arrears."""

    id_prefix = "dossier-openen"
    note = forms.CharField(
        label="Waarom",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
    )


class CloseCaseForm(Form):
    id_prefix = "dossier-sluiten"
    reason = forms.CharField(
        label="Waarom sluit u het dossier?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
        error_messages={"required": "Schrijf kort waarom u het dossier sluit. Uw collega's lezen het op de tijdlijn."},
    )
