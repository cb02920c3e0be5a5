"""huurpad rent-increase --year Y --date D [--apply]"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.rents import run
from huurpad.rents.models import RentIncreaseProposal, RentPolicy
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = StringIO()
    call_command("rent-increase", *args, stdout=out)
    return out.getvalue()


def test_the_command_proposes_prints_a_summary_and_applies_what_is_approved_once():
    Sender.objects.create(
        name="De Linde", street_address="Lindeplein 1", postcode_city="1234 AB Lindestad", phone="010 123 45 67"
    )
    make_tenancy("PLAIN")
    labelled = make_tenancy("LABEL")
    labelled.energy_label = "E"
    labelled.save()
    RentPolicy.objects.create(year=2026, percent=Decimal("4.1"))
    out = command("--year", "2026", "--date", "2026-07-01")
    assert "Rent increase 2026, effective 2026-07-01: 2 proposals made or updated, 0 already decided." in out
    assert (
        "2 tenancies: 1 raised, 1 not raised, 0 discounted, 0 phased, 0 not in this round; average increase 2.05 %."
        in out
    )
    assert "not raised, energielabel: 1" in out
    run.approve(RentIncreaseProposal.objects.all(), acting_user=None)
    applied = command("--year", "2026", "--date", "2026-07-01", "--apply")
    assert "Applied: 2, letters queued: 2." in applied and "doorgevoerd 2" in applied
    assert "Applied: 0, letters queued: 0." in command("--year", "2026", "--date", "2026-07-01", "--apply")
    assert OutboxMessage.objects.count() == 2


def test_without_a_policy_the_command_stops_with_the_reason():
    with pytest.raises(CommandError, match="Er is nog geen huurbeleid voor 2026"):
        command("--year", "2026", "--date", "2026-07-01")
    RentPolicy.objects.create(year=2026, percent=Decimal("4.1"))
    with pytest.raises(CommandError, match="horen bij 2026"):
        command("--year", "2026", "--date", "2025-07-01")
