"""`huurpad run` ends the day's run by preparing the early signals it proposed (collection.daily),
so the Vroegsignalen page has nothing to write; a dry run prepares nothing."""

from datetime import date

import pytest
from django.core.management import call_command

from huurpad.cases import events
from huurpad.collection.models import Proposal
from huurpad.signals.models import EarlySignal
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
DUE = date(2026, 4, 14)  # 30 days after the reminder letter with the offer


@pytest.fixture
def ready_to_signal():
    tenancy = make_tenancy("S1", start=date(2024, 1, 1), phone="0612345678")
    book(tenancy, "2026-02-01 rent 700.00\n2026-03-01 rent 700.00\n2026-04-01 rent 700.00")
    events.contact_attempt(tenancy, date(2026, 3, 10), channel="phone", reached=False).save()
    events.debt_help_pointed(tenancy, date(2026, 3, 10), channel="letter").save()
    events.reminder_letter(tenancy, date(2026, 3, 15), offers_data_sharing=True, points_to_debt_help=True).save()
    return tenancy


def test_the_days_run_prepares_the_early_signals_it_proposed(ready_to_signal):
    call_command("run", "--date", "2026-04-13")
    assert not EarlySignal.objects.exists()  # a day early: nothing proposed, nothing prepared
    call_command("run", "--date", DUE.isoformat())
    proposal = Proposal.objects.get(action="early_signal")
    signal = EarlySignal.objects.get()
    assert (signal.proposal, signal.status, signal.signal_date, signal.amount) == (proposal, "prepared", DUE, 2100)
    call_command("run", "--date", DUE.isoformat())  # the same day again: nothing twice
    assert EarlySignal.objects.count() == 1


def test_a_dry_run_prepares_nothing(ready_to_signal):
    call_command("run", "--date", DUE.isoformat(), "--dry-run")
    assert not Proposal.objects.exists() and not EarlySignal.objects.exists()
