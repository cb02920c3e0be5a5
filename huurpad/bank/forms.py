from django import forms

from huurpad.tenancies.models import Tenancy


class CollectionDayForm(forms.Form):
    day = forms.TypedChoiceField(
        label="Nieuwe incassodag", coerce=int, choices=[(d, f"de {d}e van de maand") for d in Tenancy.COLLECTION_DAYS]
    )
