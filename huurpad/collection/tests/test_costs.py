"""Collection costs (art. 6:96 BW) are booked only by the officer's action on the tenancy page, and
only when the guardrail allows it: the policy charges costs, a fourteen-day letter went out for
these arrears, its term has passed, and the case is not paused. Never twice for one letter."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from huurpad.accounts.roles import Role
from huurpad.cases import events
from huurpad.cases.models import CaseEvent
from huurpad.collection import actions
from huurpad.collection.models import PolicyVersion
from huurpad.core.calc.wik import payment_deadline
from huurpad.core.policy.config import default_policy
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.ledgers import book, make_tenancy

LETTER = date(2026, 3, 20)  # a Friday; received on the 24th, paid by 7 April without costs
DEADLINE = payment_deadline(LETTER, default_policy().receipt_days)
MARCH = "2026-02-01 rent 650.00\n2026-02-01 service_costs 50.00\n2026-03-01 rent 650.00\n2026-03-01 service_costs 50.00"


def charging_costs():
    current = PolicyVersion.current()
    PolicyVersion.objects.create(
        number=current.number + 1, text=current.text.replace("charge = false", "charge = true"), note="kosten"
    )


def behind_with_a_letter(ref="K1", letter=LETTER):
    tenancy = make_tenancy(ref)
    book(tenancy, MARCH)
    events.wik_letter(tenancy, letter, costs=Decimal("210.00")).save()
    return tenancy


def costs_entries(tenancy):
    return list(
        LedgerEntry.objects.filter(tenancy=tenancy, kind="collection_costs").values_list(
            "date", "amount_cents", "external_id"
        )
    )


@pytest.mark.django_db
def test_costs_only_after_the_letters_term_and_only_once(officer):
    charging_costs()
    tenancy = behind_with_a_letter()
    with pytest.raises(actions.CostsRefused, match="de termijn van 14 dagen na ontvangst van de brief loopt nog"):
        actions.charge_collection_costs(tenancy, acting_user=officer, on=DEADLINE)
    assert costs_entries(tenancy) == []
    day = DEADLINE + timedelta(days=1)
    actions.charge_collection_costs(tenancy, acting_user=officer, on=day)
    assert costs_entries(tenancy) == [(day, 21000, f"wik-costs:{tenancy.pk}:{LETTER.isoformat()}")]
    note = CaseEvent.objects.get(tenancy=tenancy, type="note")
    assert note.actor == officer and "Incassokosten € 210,00 in rekening gebracht" in note.params["text"]
    with pytest.raises(actions.CostsRefused, match="staan al op de rekening"):
        actions.charge_collection_costs(tenancy, acting_user=officer, on=day + timedelta(days=1))
    assert len(costs_entries(tenancy)) == 1


@pytest.mark.django_db
def test_no_costs_when_the_policy_charges_none_or_during_a_pause(officer):
    tenancy = behind_with_a_letter()
    later = DEADLINE + timedelta(days=5)
    with pytest.raises(actions.CostsRefused, match="het beleid rekent ze niet"):
        actions.charge_collection_costs(tenancy, acting_user=officer, on=later)  # the default policy charges none
    charging_costs()
    events.pause_started(tenancy, later - timedelta(days=1), reason="officer").save()
    with pytest.raises(actions.CostsRefused, match="het dossier staat op pauze"):
        actions.charge_collection_costs(tenancy, acting_user=officer, on=later)
    assert costs_entries(tenancy) == []


@pytest.mark.django_db
def test_the_tenancy_page_offers_the_costs_once_they_may_be_charged(client, officer, django_user_model):
    assert timezone.localdate() > DEADLINE  # the page works on today's date, long after the letter
    charging_costs()
    tenancy = behind_with_a_letter()
    consultant = django_user_model.objects.create_user("wim")
    consultant.groups.add(Group.objects.get(name=Role.WOONCONSULENT.value))
    client.force_login(consultant)  # sees the costs, does not charge them
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "De veertiendagenbrief van 20 maart 2026 noemt €\N{NO-BREAK SPACE}210,00 incassokosten." in page
    assert "Deze kosten mogen nu op de rekening." in page and "in rekening brengen</button>" not in page
    assert client.post(f"/huurcontract/{tenancy.ref}/incassokosten/").status_code == 403
    client.force_login(officer)
    assert (
        "€\N{NO-BREAK SPACE}210,00 incassokosten in rekening brengen</button>"
        in client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    )
    response = client.post(f"/huurcontract/{tenancy.ref}/incassokosten/")
    assert response.status_code == 302 and response["Location"].endswith("#incassokosten")
    assert len(costs_entries(tenancy)) == 1
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Deze kosten staan op de huurrekening." in page and "in rekening brengen</button>" not in page


class CostsProperty(TestCase):
    """Over letter days, days of charging, pauses and policies: the costs are booked exactly when
    the policy charges them, the case is not paused, and the letter's own deadline has passed."""

    @settings(max_examples=40, deadline=None)
    @given(
        letter=st.integers(0, 40).map(lambda n: date(2026, 3, 2) + timedelta(days=n)),
        around=st.integers(-1, 1) | st.integers(-20, 20),  # days from the letter's own deadline
        charges=st.booleans(),
        paused=st.booleans(),
    )
    def test_costs_are_booked_exactly_when_the_guardrail_allows(self, letter, around, charges, paused):
        from django.contrib.auth import get_user_model

        with transaction.atomic():
            officer = get_user_model().objects.create_user("kees")
            if charges:
                charging_costs()
            tenancy = behind_with_a_letter(letter=letter)
            deadline = payment_deadline(letter, default_policy().receipt_days)
            day = max(deadline + timedelta(days=around), letter)
            if paused:
                events.pause_started(tenancy, letter, reason="kennisgeving").save()
            may = charges and not paused and day > deadline
            try:
                actions.charge_collection_costs(tenancy, acting_user=officer, on=day)
                booked = True
            except actions.CostsRefused:
                booked = False
            assert booked == may
            assert len(costs_entries(tenancy)) == int(may)
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_letter_that_stated_no_costs_gives_nothing_to_charge(officer):
    charging_costs()
    tenancy = make_tenancy("K0")
    book(tenancy, MARCH)
    CaseEvent.objects.create(
        tenancy=tenancy, date=LETTER, type="wik_letter", params={"costs": "0.00"}
    )  # imported history
    with pytest.raises(actions.CostsRefused, match="noemt geen bedrag"):
        actions.charge_collection_costs(tenancy, acting_user=officer, on=DEADLINE + timedelta(days=1))
    assert costs_entries(tenancy) == []
