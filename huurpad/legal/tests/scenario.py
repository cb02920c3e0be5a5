"""A household on its way to court, as the tests of the legal track need it: six months of rent
unpaid from January 2026, the four Bgs conditions proven, an early signal in February, an open
case; `approve` adds the team leader's decision on the next step."""

from datetime import date
from decimal import Decimal

from huurpad.cases import events
from huurpad.cases.models import Case
from huurpad.collection.models import PolicyVersion
from huurpad.core.policy import config
from huurpad.debthelp.models import DebtHelp
from huurpad.legal import track
from huurpad.testing.ledgers import book, make_tenancy

DAY = date(2026, 6, 15)  # the day of the hand-over: more than 60 days after the signal
APPROVED_ON = date(2026, 5, 1)


def ready_for_court(ref: str | None = None):
    tenancy = make_tenancy(ref)
    book(tenancy, "\n".join(f"2026-{m:02d}-01 rent 700.00" for m in range(1, 7)))
    for event in (
        events.reminder_letter(tenancy, date(2026, 1, 20), offers_data_sharing=True, points_to_debt_help=True),
        events.contact_attempt(tenancy, date(2026, 1, 25), channel="phone", reached=False),
        events.early_signal_sent(tenancy, date(2026, 2, 10), municipality_code="GM0363", amount=Decimal("1400.00")),
    ):
        event.save()
    Case.objects.create(tenancy=tenancy, opened_on=date(2026, 1, 5))
    return tenancy


def approve(tenancy, *, approved: bool = True, on: date = APPROVED_ON, user=None) -> None:
    events.escalation_decided(tenancy, on, approved=approved, acting_user=user).save()


def to_judgment_served(tenancy, teamleader, *, outcome: str = "ontbinding_ontruiming"):
    """The track from the hand-over to the judgment served, each step on its own day."""
    approve(tenancy)
    track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    track.record(
        tenancy, "summons_served", date(2026, 6, 20), track.Details(court_date=date(2026, 7, 8)), acting_user=teamleader
    )
    track.record(tenancy, "hearing", date(2026, 7, 8), acting_user=teamleader)
    track.record(tenancy, "judgment", date(2026, 7, 22), track.Details(outcome=outcome), acting_user=teamleader)
    track.record(tenancy, "judgment_served", date(2026, 8, 1), acting_user=teamleader)


def debt_help(tenancy, since: date) -> DebtHelp:
    return DebtHelp.objects.create(
        tenancy=tenancy, counsellor="Schuldhulp Lindestad", counsellor_reference="SH-1", started_on=since
    )


def charging_policy() -> None:
    """A policy that charges costs (the default charges none)."""
    PolicyVersion.current()
    PolicyVersion.objects.create(
        number=2, text=config.default_text().replace("charge = false", "charge = true"), note="kosten aan"
    )
