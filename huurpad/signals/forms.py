from django import forms

from huurpad.forms import Form, date_input

from .signals import RESULTS


class FeedbackForm(Form):
    id_prefix = "terugkoppeling"
    result = forms.ChoiceField(label="Resultaat", choices=[(r.code, r.code) for r in RESULTS],
                               widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}))  # fmt: skip
    on = forms.DateField(label="Datum", widget=date_input())
    first_contact = forms.DateField(label="Eerste contact (als de gemeente dat meldt)", required=False, widget=date_input())
    creditors = forms.IntegerField(label="Aantal schuldeisers (als de gemeente dat meldt)", required=False, min_value=0,
                                   widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}))  # fmt: skip
