"""Signals from others (issue 8, item 5): what officers and neighbourhood staff hear about a
household from elsewhere (energy or water arrears, a job lost, a death in the family).

A signal goes on the timeline as an OUTSIDE_SIGNAL event. Signals heard in the last RECENT days
move a household up in 'Vandaag' (casefile/today.py), each with a tag that says why. They change
only the order of the work, never what the policy proposes. The order uses only the kind and the
day of a signal: never the note, who told us, or anything about the person (no nationality,
origin or language, nor a proxy for them)."""

from collections import defaultdict
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from huurpad.forms import Form, date_input

from . import events
from .models import CaseEvent

# How long a signal counts for the order of 'Vandaag': heard on or after this many days ago.
RECENT = timedelta(days=90)

OTHER = "other"
# Kind -> (label in plain Dutch, weight for the order of the work).
# Why these weights: a lost or dropped income and arrears with the energy or water company count
# most (3): the rent can no longer be paid from what comes in, or the trouble is spreading to
# other fixed costs; both get worse every month, and early contact (benefits, a coach, debt help)
# helps most then. Arrears on the health insurance and life events (a death, a separation, an
# illness) count less (2): they often lead to money trouble but are not it yet. 'Other' counts
# least (1): someone thought it worth writing down. Several kinds add up; the same kind twice
# counts once.
KINDS = {
    "energy_arrears": ("Energieachterstand", 3),
    "water_arrears": ("Achterstand water", 3),
    "health_insurance_arrears": ("Achterstand zorgverzekering", 2),
    "job_lost": ("Baan kwijt", 3),
    "income_dropped": ("Inkomen gedaald", 3),
    "death_in_family": ("Overlijden in de familie", 2),
    "separation": ("Scheiding of uit elkaar", 2),
    "illness": ("Ziek of in het ziekenhuis", 2),
    OTHER: ("Anders", 1),
}
ORDER = list(KINDS)


def label(kind: str) -> str:
    return KINDS[kind][0] if kind in KINDS else str(kind)


def weight(kind: str) -> int:
    return KINDS[kind][1] if kind in KINDS else 0


def record(tenancy, kind: str, note: str, day: date, *, acting_user, heard_from: str = "") -> CaseEvent:
    """Put a signal on the tenancy's timeline. `heard_from` is who told us (free text, optional);
    the event's own `source` field says which system wrote it, so the param has another name."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of outside signal: {kind!r}")
    extra = {k: v for k, v in (("note", note.strip()), ("heard_from", heard_from.strip())) if v}
    event = events.outside_signal(tenancy, day, kind=kind, acting_user=acting_user, **extra)
    event.save()
    return event


def counts(day: date, on: date) -> bool:
    """Whether a signal heard on `day` counts for the order of the work on `on`."""
    return on - RECENT <= day <= on


def _strongest_first(kinds) -> list[str]:
    return sorted(set(kinds), key=lambda k: (-weight(k), ORDER.index(k) if k in ORDER else len(ORDER), k))


def recent(on: date) -> dict[int, list[str]]:
    """Per tenancy, the kinds of the signals heard in the RECENT days up to `on`: each kind once,
    strongest first. One query on the (type, date) index; signals are few, recorded by hand."""
    found = defaultdict(list)
    rows = CaseEvent.objects.filter(
        type=CaseEvent.Type.OUTSIDE_SIGNAL, date__gte=on - RECENT, date__lte=on
    ).values_list("tenancy_id", "params")
    for tenancy_id, params in rows:
        found[tenancy_id].append((params or {}).get("kind", OTHER))
    return {tenancy_id: _strongest_first(kinds) for tenancy_id, kinds in found.items()}


def priority(kinds) -> int:
    """How far recent signals move a household up: the sum of their weights, each kind once."""
    return sum(weight(k) for k in set(kinds))


def tags(kinds) -> list[str]:
    """What 'Vandaag' shows for why a household is higher up: 'Signaal: baan kwijt'."""
    return [f"Signaal: {label(k).lower()}" for k in kinds]


class OutsideSignalForm(Form):
    id_prefix = "signaal"
    kind = forms.ChoiceField(
        label="Wat hebt u gehoord?",
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
        choices=[("", "Kies een signaal"), *((k, v[0]) for k, v in KINDS.items())],
        error_messages={"required": "Kies wat u hebt gehoord.", "invalid_choice": "Kies een signaal uit de lijst."},
    )
    day = forms.DateField(
        label="Gehoord op",
        widget=date_input(),
        error_messages={"required": "Vul in wanneer u het hoorde.", "invalid": "Vul een datum in, zoals 15-12-2026."},
    )
    heard_from = forms.CharField(
        label="Van wie", max_length=100, required=False, widget=forms.TextInput(attrs={"class": "utrecht-textbox"})
    )
    note = forms.CharField(
        label="Toelichting", max_length=300, required=False, widget=forms.TextInput(attrs={"class": "utrecht-textbox"})
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("Die dag is nog niet geweest. Vul de dag in waarop u het hoorde.")
        return day
