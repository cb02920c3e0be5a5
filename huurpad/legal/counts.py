"""How many steps of the legal track happened in a period: the figures of the monitor
(spec/CLI.md "Monitor": `bailiff_handovers`, `summonses`, `judgments`, `evictions_scheduled`,
`evictions`, `evictions_prevented`) and of the report page (Rapportage, "Juridisch traject").

Pure reading. Each figure counts the timeline events of its kind (cases.CaseEvent) dated in the
period, whatever their source: a step recorded in Huurpad, one from the previous system's history
(the event import) and one from the bailiff's status file alike, each once (the track writes one
event per step; a file read twice adds nothing twice). An eviction prevented is a scheduled
eviction that was called off (`eviction_cancelled`, whatever its reason).

Counted by the day the step happened, not by when Huurpad heard of it: a month's figure depends
only on the events dated in that month, so it does not change when later steps arrive. A step that
is reported late but happened in an earlier month (an imported event, a status file weeks behind)
counts in the month it happened, the month it belongs to.
"""

from dataclasses import asdict, dataclass
from datetime import date

from huurpad.cases.models import CaseEvent

T = CaseEvent.Type
# The monitor's field for each kind of event.
FIELDS = {
    "bailiff_handovers": T.BAILIFF_HANDOVER,
    "summonses": T.SUMMONS_SERVED,
    "judgments": T.JUDGMENT,
    "evictions_scheduled": T.EVICTION_SCHEDULED,
    "evictions": T.EVICTION_EXECUTED,
    "evictions_prevented": T.EVICTION_CANCELLED,
}
_FIELD_OF = {kind.value: name for name, kind in FIELDS.items()}


@dataclass(frozen=True)
class Counts:
    bailiff_handovers: int = 0
    summonses: int = 0
    judgments: int = 0
    evictions_scheduled: int = 0
    evictions: int = 0
    evictions_prevented: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def counts(first: date, last: date) -> Counts:
    """The steps of the legal track dated from `first` up to and including `last`."""
    return per_period([(first, last)])[0]


def per_period(periods: list[tuple[date, date]]) -> list[Counts]:
    """The counts for each (first day, last day), in the order given; one query for all."""
    if not periods:
        return []
    found = [dict.fromkeys(FIELDS, 0) for _ in periods]
    rows = (
        CaseEvent.objects.filter(
            type__in=list(_FIELD_OF),
            date__gte=min(first for first, _ in periods),
            date__lte=max(last for _, last in periods),
        )
        .values_list("date", "type")
        .iterator()
    )
    for day, kind in rows:
        for n, (first, last) in enumerate(periods):
            if first <= day <= last:
                found[n][_FIELD_OF[kind]] += 1
    return [Counts(**figures) for figures in found]
