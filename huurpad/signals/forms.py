from django import forms

from huurpad.forms import Form, date_input

from .signals import RESULTS


class FeedbackForm(Form):
    id_prefix = "terugkoppeling"
    result = forms.ChoiceField(
        label="Resultaat",
        choices=[(r.code, r.code) for r in RESULTS],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    on = forms.DateField(label="Datum", widget=date_input())
    first_contact = forms.DateField(
        label="Eerste contact (als de gemeente dat meldt)", required=False, widget=date_input()
    )
    creditors = forms.IntegerField(
        label="Aantal schuldeisers (als de gemeente dat meldt)",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )

    def clean_on(self):
        return _of_these_times(self.cleaned_data["on"])

    def clean_first_contact(self):
        return _of_these_times(self.cleaned_data["first_contact"])


def _of_these_times(day):
    """The same bounds as the feedback file (tenancies.fields.date_in_years): 9999-12-31 would give a
    pause that ends in the year 10000."""
    if day is not None and not 2000 <= day.year <= 2100:
        raise forms.ValidationError("Kies een datum tussen 2000 en 2100.")
    return day
