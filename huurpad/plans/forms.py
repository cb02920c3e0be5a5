"""The plan's forms, in Dutch. Each has its own id prefix: they share the plan page."""

from django import forms

from huurpad.forms import Form, date_input

from .models import Contribution, Domain, DoorbraakRequest

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXT = {"class": "utrecht-textbox"}


def _area(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows, "class": "utrecht-textarea"})


class HelperForm(Form):
    id_prefix = "hulp"
    name = forms.CharField(
        label="Naam", max_length=100, widget=forms.TextInput(attrs=TEXT), error_messages={"required": "Vul de naam in."}
    )
    organisation = forms.CharField(
        label="Organisatie",
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Vul de organisatie in."},
    )
    role = forms.CharField(
        label="Wat doet deze hulpverlener", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    partner = forms.ModelChoiceField(
        label="Partner in Huurpad (ziet dan het plan)",
        queryset=None,
        required=False,
        empty_label="Geen",
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, **kwargs):
        from huurpad.cases.models import Partner

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(active=True)


class CoordinatorForm(Form):
    id_prefix = "regisseur"
    helper = forms.ModelChoiceField(
        label="Regisseur",
        queryset=None,
        empty_label="Kies een hulpverlener",
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Kies wie de regisseur is."},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = plan.helpers.filter(active=True)


class GoalForm(Form):
    id_prefix = "doel"
    domain = forms.ChoiceField(label="Leefgebied", choices=Domain.choices, widget=forms.Select(attrs=SELECT))
    situation = forms.CharField(
        label="Hoe gaat het nu", widget=_area(), error_messages={"required": "Schrijf op hoe het nu gaat."}
    )
    aim = forms.CharField(label="Doel", widget=_area(), error_messages={"required": "Schrijf het doel op."})


class ActionForm(Form):
    id_prefix = "actie"
    domain = forms.ChoiceField(label="Leefgebied", choices=Domain.choices, widget=forms.Select(attrs=SELECT))
    text = forms.CharField(
        label="Wat gaat er gebeuren",
        max_length=300,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Schrijf op wat er gaat gebeuren."},
    )
    helper = forms.ModelChoiceField(
        label="Wie doet het",
        queryset=None,
        empty_label="Kies een hulpverlener",
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Kies wie het doet."},
    )
    due_on = forms.DateField(
        label="Klaar op",
        required=False,
        widget=date_input(),
        error_messages={"invalid": "Vul een datum in, zoals 15-12-2026."},
    )

    def __init__(self, *args, helpers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers


class ContributionForm(Form):
    id_prefix = "bijdrage"
    kind = forms.ChoiceField(
        label="Wat doet de corporatie", choices=Contribution.choices, widget=forms.Select(attrs=SELECT)
    )
    text = forms.CharField(
        label="Toelichting",
        max_length=300,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Schrijf op wat de corporatie doet."},
    )
    due_on = forms.DateField(
        label="Klaar op",
        required=False,
        widget=date_input(),
        error_messages={"invalid": "Vul een datum in, zoals 15-12-2026."},
    )


class RequestForm(Form):
    id_prefix = "doorbraak"
    kind = forms.ChoiceField(
        label="Wat vraagt de coach", choices=Contribution.choices, widget=forms.Select(attrs=SELECT)
    )
    question = forms.CharField(
        label="Het verzoek", widget=_area(3), error_messages={"required": "Schrijf het verzoek van de coach op."}
    )
    asked_by = forms.CharField(
        label="Naam van de coach",
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Vul de naam van de coach in."},
    )
    asked_by_organisation = forms.CharField(
        label="Organisatie van de coach",
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Vul de organisatie van de coach in."},
    )


class PartnerRequestForm(Form):
    """A partner's own request: the coach is the partner's staff member, their organisation known."""

    id_prefix = "doorbraak"
    kind = RequestForm.base_fields["kind"]
    question = RequestForm.base_fields["question"]


class AnswerForm(Form):
    id_prefix = "antwoord"
    decision = forms.ChoiceField(
        label="Besluit",
        choices=DoorbraakRequest.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het besluit."},
    )
    answer = forms.CharField(
        label="Antwoord aan de coach (waarom)",
        widget=_area(4),
        error_messages={"required": "Schrijf het antwoord aan de coach."},
    )
    alternatives = forms.CharField(label="Alternatieven", required=False, widget=_area(3))

    def clean(self):
        data = super().clean()
        if data.get("decision") == DoorbraakRequest.Decision.REFUSED and not (data.get("alternatives") or "").strip():
            self.add_error("alternatives", "Bij een afwijzing noemt u de alternatieven.")
        return data
