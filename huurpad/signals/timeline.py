"""The timeline's event parameters in plain Dutch: for the tenancy page (huurpad/casefile) and the
court evidence pack (evidence.py). Here, not in cases, because the values are named by the apps
that write them: a step of the policy (collection), a step of a write-off (solutions)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from huurpad.cases import actions as case_actions
from huurpad.cases import outside
from huurpad.core.dutch import EVICTION_CANCEL_REASONS, JUDGMENT_OUTCOMES, channel_nl, date_nl, pause_reason_nl
from huurpad.core.money import fmt_eur
from huurpad.core.policy.labels import action_label
from huurpad.solutions.models import WriteOffStep

# The timeline's event parameters, in plain Dutch.
EVENT_PARAM_LABELS = {
    "action": "Stap",
    "day_part": "Dagdeel",
    "channel": "Kanaal",
    "reached": "Bereikt",
    "costs": "Aangekondigde kosten",
    "amount": "Bedrag",
    "reason": "Reden",
    "municipality_code": "Gemeente",
    "offers_data_sharing": "Gegevens delen aangeboden",
    "points_to_debt_help": "Gewezen op schuldhulp",
    "outcome": "Uitkomst",
    "result": "Uitkomst",
    "promise_date": "Betaalt op",
    "note": "Notitie",
    "partner": "Partner",
    "basis": "Grondslag",
    "text": "Bericht",
    "tasks": "Taken",
    "no_calls": "Niet bellen",
    "refused": "Geen berichten via",
    "interpreter_needed": "Tolk nodig",
    "language": "Voorkeurstaal",
    "measure": "Maatregel",
    "approved": "Akkoord",
    "reason_code": "Code",
    "counterparty": "Van",
    "collection_day": "Nieuwe incassodag",
    "effective_from": "Vanaf",
    "arrears_at_start": "Achterstand bij de start",
    "instalment": "Termijn",
    "first_due": "Eerste termijn",
    "count": "Aantal",
    "review_date": "Evaluatiedatum",
    "step": "Stap",
    "write_off": "Kwijtschelding nr.",
    "start": "Vanaf",
    "end": "Tot en met",
    "kind": "Signaal",
    "heard_from": "Gehoord van",
    "no_repeat_above": "Opnieuw melden als de achterstand hoger is dan",
    # The household plan (plans).
    "coordinator": "Regisseur",
    "request": "Verzoek",
    "asked_by": "Gevraagd door",
    "answer_due": "Antwoord uiterlijk",
    "decision": "Besluit",
    "alternatives": "Alternatieven",
    # The legal track (legal).
    "court_date": "Zitting op",
    "eviction_date": "Ontruiming op",
    "conditions": "Voorwaarden van de rechter",
    "decided_by": "Besloten door",
    "document": "Stuk",
    "bailiff_costs": "Kosten deurwaarder",
}
MONEY_PARAMS = {"bailiff_costs", "costs", "amount", "arrears_at_start", "instalment", "no_repeat_above"}
DATE_PARAMS = {
    "promise_date",
    "effective_from",
    "first_due",
    "review_date",
    "start",
    "end",
    "answer_due",
    "court_date",
    "eviction_date",
}
STEP_LABELS = dict(WriteOffStep.Step.choices)


def event_details(params: dict) -> list[tuple[str, str]]:
    """An event's parameters as (label, value) pairs for people to read."""
    details = []
    for key, value in params.items():
        if value in ("", None):
            continue  # e.g. no part of the day for a visit
        label = EVENT_PARAM_LABELS.get(key, key)
        if isinstance(value, bool):
            shown = "ja" if value else "nee"
        elif key == "channel":
            shown = channel_nl(str(value))
        elif key == "refused":  # the channels, stored as 'email, whatsapp'
            shown = ", ".join(channel_nl(part.strip()) for part in str(value).split(",") if part.strip())
        elif key == "action":
            shown = action_label(str(value)).lower()
        elif key == "outcome":
            shown = (case_actions.OUTCOMES | JUDGMENT_OUTCOMES).get(str(value), str(value)).lower()
        elif key == "reason":  # a pause's reason is stored as a code; other reasons are written out
            reason = EVICTION_CANCEL_REASONS.get(str(value)) or pause_reason_nl(str(value))
            shown = reason.lower() if reason != value else reason
        elif key == "kind":
            shown = outside.label(str(value)).lower()
        elif key == "step":
            shown = STEP_LABELS.get(str(value), str(value)).lower()
        elif key in DATE_PARAMS:
            try:
                shown = date_nl(date.fromisoformat(str(value)))
            except ValueError:
                shown = str(value)
        elif key in MONEY_PARAMS:
            try:
                shown = fmt_eur(Decimal(str(value)))
            except InvalidOperation:
                shown = str(value)
        else:
            shown = str(value)
        details.append((label, shown))
    return details
