"""Channel limits recorded on the tenancy page reach the policy: no call for a tenant who cannot
be called, no message on a channel refused."""

from datetime import date, timedelta

import pytest

from huurpad.cases.models import CaseEvent
from huurpad.collection import proposals
from huurpad.collection.models import Proposal
from huurpad.collection.run import run_policy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def test_no_calls_and_no_whatsapp_are_honoured_by_the_next_run(client, officer):
    tenancy = make_tenancy("HC700", start=date(2020, 1, 1), phone="0612345678")
    book(tenancy, "2026-03-01 rent 700.00")
    client.force_login(officer)
    response = client.post(
        f"/huurcontract/{tenancy.ref}/bereikbaarheid/",
        {"no_calls": "on", "refused": ["sms", "whatsapp"], "interpreter_needed": "on", "language": "Arabisch"},
    )
    assert response.status_code == 302
    tenancy.tenant.refresh_from_db()
    assert (tenancy.tenant.no_calls, tenancy.tenant.refused_channels, tenancy.tenant.language) == (
        True,
        ["sms", "whatsapp"],
        "Arabisch",
    )
    event = CaseEvent.objects.get(type=CaseEvent.Type.CHANNEL_LIMITS)
    assert event.actor == officer and event.params["refused"] == "sms, whatsapp"

    day = date(2026, 3, 1)
    run_policy(day, full=True)
    while day < date(2026, 4, 20):
        day += timedelta(days=1)
        for tid, p in run_policy(day).new:
            proposals.carry_out(Proposal.objects.get(tenancy_id=tid, rule=p.rule, period=p.period), on=day)
    made = list(Proposal.objects.filter(tenancy=tenancy).values_list("action", "channel"))
    assert made and ("call", "phone") not in {(a, c) for a, c in made} and not any(a == "call" for a, _ in made)
    assert not {c for _, c in made} & {"sms", "whatsapp"}
    assert ("nudge", "letter") in made  # the nudge falls back to a channel the tenant accepts
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Niet bellen: ja" in page and "Voorkeurstaal: Arabisch" in page


def test_a_refused_channel_outside_the_choices_changes_nothing(client, officer):
    tenancy = make_tenancy("HC701")
    client.force_login(officer)
    client.post(f"/huurcontract/{tenancy.ref}/bereikbaarheid/", {"refused": ["post-duif"]})
    tenancy.tenant.refresh_from_db()
    assert tenancy.tenant.refused_channels == [] and not CaseEvent.objects.exists()
