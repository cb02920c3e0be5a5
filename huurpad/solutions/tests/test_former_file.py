"""The case file of a tenant who left (solutions/former.py): the banner, the final bill from the
ledger, the former policy's steps taken and the next one with its day, the checklist saying why
there is no early signal; the forwarding address recorded on the timeline and used by the final
bill's letter; and the team leader's hand-over to a collection agency, after which the policy
proposes nothing more and the report counts it."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from huurpad.accounts.roles import Role
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import Proposal
from huurpad.core.policy import former as policy
from huurpad.messaging import compose
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.solutions import former
from huurpad.solutions.reports import former_tenants
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

LEDGER = """
2026-01-01 rent 650.00
2026-01-01 service_costs 50.00
2026-02-01 rent 650.00
2026-02-01 service_costs 50.00
2026-03-01 rent 650.00
2026-03-01 service_costs 50.00
2026-01-02 payment 700.00
2026-02-02 payment 700.00
2026-04-10 deposit_settlement 700.00
2026-04-10 repair_charge 300.00
"""
# Days count from 10 April (the final bill): the letter on 24 April, the call on 1 May, the
# team leader's decision on 19 June (the default policy: 14, 21 and 70 days; no costs).
LETTER_DAY, CALL_DAY, DECISION_DAY = date(2026, 4, 24), date(2026, 5, 1), date(2026, 6, 19)


def at(day: date):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False
    )


def run(day: date, capsys) -> list[dict]:
    call_command("run", "--date", day.isoformat(), "--json")
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def left():
    tenancy = make_tenancy("LEFT", end=date(2026, 3, 31), phone="0612345678", initials="A.", surname="Jansen")
    tenancy.forwarding_address = "Dorpsstraat 5, 9999 ZZ Elders"
    tenancy.save(update_fields=["forwarding_address"])
    book(tenancy, LEDGER)
    return tenancy


@pytest.fixture
def controller(django_user_model):
    user = django_user_model.objects.create_user(username="carla", password="geheim-wachtwoord-1")
    user.groups.add(Group.objects.get(name=Role.CONTROLLER.value))
    return user


def page(client, user, tenancy, day: date):
    client.force_login(user)
    with at(day):
        return client.get(reverse("tenancy_detail", args=[tenancy.ref]))


# --- the final bill --------------------------------------------------------------------------


def test_the_final_bill_adds_up_from_the_end_date(left):
    bill = former.final_bill(left.core_entries(date(2026, 4, 30)), left.end_date, date(2026, 4, 30))
    assert bill.at_end == Decimal("700.00")  # March's rent and service costs, unpaid at the end
    assert (bill.last_rent, bill.last_rent_on) == (Decimal("700.00"), date(2026, 3, 1))
    assert [(line.label, line.amount) for line in bill.lines] == [
        ("Reparaties aan de woning", Decimal("300.00")),
        ("Waarborgsom verrekend", Decimal("-700.00")),
    ]
    assert bill.left == Decimal("300.00") and not bill.credit


def test_the_case_file_is_plainly_a_former_tenants(left, officer, client, capsys):
    run(LETTER_DAY, capsys)
    response = page(client, officer, left, date(2026, 4, 28))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vertrokken op 31 maart 2026." in text
    assert "Nieuw adres: Dorpsstraat 5, 9999 ZZ Elders." in text
    f = response.context["former_file"]
    assert f["bill"].left == Decimal("300.00")
    assert (
        "Reparaties aan de woning" in text
        and "Waarborgsom verrekend" in text
        and "min €\N{NO-BREAK SPACE}700,00" in text
    )
    # The steps taken, and the next one with its day: the policy's own answer.
    assert [(t["proposal"].rule, t["proposal"].due_date) for t in f["taken"]] == [("final_bill_letter", LETTER_DAY)]
    assert f["next"]["day"] == CALL_DAY and f["next"]["steps"][0]["label"] == "Bellen"
    assert "Volgende stap op 1 mei 2026: <strong>bellen</strong>" in text
    # No early signal, and the checklist says why; no court evidence pack, no lodger for a home left.
    assert policy.NO_SIGNAL in text
    assert "Voorwaarden voor een vroegsignaal" in text and "checklist__item" not in text
    assert reverse("signals:evidence_pack", args=[left.ref]) not in text
    assert 'id="kamerhuurder"' not in text
    # The officer records the address; only the team leader hands over (and not yet: no decision asked).
    assert reverse("solutions:record_forwarding_address", args=[left.ref]) in text
    assert reverse("solutions:hand_over_to_agency", args=[left.ref]) not in text
    assert "Dat kan pas als het beleid om het besluit van de teamleider vraagt." in text


def test_a_running_tenancy_has_no_former_file(officer, client):
    stays = make_tenancy("STAYS")
    book(stays, "2026-04-01 rent 650.00")
    response = page(client, officer, stays, date(2026, 4, 28))
    assert response.context["former_file"] is None
    assert "Vertrokken op" not in response.content.decode()


# --- the forwarding address ------------------------------------------------------------------


def test_an_officer_records_the_forwarding_address_and_the_letter_goes_there(left, officer, client, capsys):
    client.force_login(officer)
    url = reverse("solutions:record_forwarding_address", args=[left.ref])
    with at(date(2026, 4, 20)):
        response = client.post(url, {"address": " Kade 1 ,  1011 AA  Amsterdam "})
    assert response.status_code == 302 and response.url.endswith("#vertrokken")
    left.refresh_from_db()
    assert left.forwarding_address == "Kade 1, 1011 AA  Amsterdam"
    (event,) = CaseEvent.objects.filter(tenancy=left, type=CaseEvent.Type.FORWARDING_ADDRESS)
    assert event.actor == officer and event.date == date(2026, 4, 20)
    assert event.params == {"address": "Kade 1, 1011 AA  Amsterdam", "was": "Dorpsstraat 5, 9999 ZZ Elders"}
    text = page(client, officer, left, date(2026, 4, 20)).content.decode()
    assert "Nieuw adres vastgelegd" in text and "Was: Dorpsstraat 5, 9999 ZZ Elders" in text

    # The final bill's letter goes to the address now known.
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    run(LETTER_DAY, capsys)
    written, counts = compose.write_letters(LETTER_DAY, base_url="https://huurpad.example")
    (message,) = OutboxMessage.objects.filter(tenancy=left, action="final_bill_letter")
    assert message.pk in written, counts
    assert message.recipient == "A. Jansen\nKade 1\n1011 AA  Amsterdam"

    # The same address again changes nothing; an empty one clears it: letters go to the last address.
    with at(date(2026, 4, 25)):
        client.force_login(officer)  # signed in again: the session of 20 April ran out
        client.post(url, {"address": "Kade 1, 1011 AA  Amsterdam"})
        client.post(url, {"address": ""})
    left.refresh_from_db()
    assert left.forwarding_address == ""
    assert CaseEvent.objects.filter(tenancy=left, type=CaseEvent.Type.FORWARDING_ADDRESS).count() == 2
    assert compose.recipient(left, "letter", date(2026, 4, 25)).endswith(left.address_lines[1])
    text = page(client, officer, left, date(2026, 4, 25)).content.decode()
    assert "Het nieuwe adres is niet bekend: brieven gaan naar het laatste adres." in text


def test_who_may_record_the_forwarding_address(left, controller, officer, client):
    url = reverse("solutions:record_forwarding_address", args=[left.ref])
    client.force_login(controller)
    assert client.post(url, {"address": "Kade 1, 1011 AA Amsterdam"}).status_code == 403
    # A tenancy that has no end date has no forwarding address.
    stays = make_tenancy("STAYS")
    client.force_login(officer)
    client.post(reverse("solutions:record_forwarding_address", args=[stays.ref]), {"address": "Kade 1"})
    stays.refresh_from_db()
    assert stays.forwarding_address == ""
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.FORWARDING_ADDRESS).exists()
    left.refresh_from_db()
    assert left.forwarding_address == "Dorpsstraat 5, 9999 ZZ Elders"


# --- the hand-over to a collection agency ----------------------------------------------------

HAND_OVER = {"agency": "Incasso Noord BV", "amount": "300.00", "on": "2026-06-22", "reference": "INC-2026-0042"}


def test_the_team_leader_hands_over_and_no_former_step_follows(left, teamleader, officer, client, capsys):
    url = reverse("solutions:hand_over_to_agency", args=[left.ref])
    client.force_login(teamleader)
    # Before the policy asks for the decision, there is nothing to decide.
    run(LETTER_DAY, capsys)
    with at(date(2026, 4, 28)):
        client.post(url, HAND_OVER | {"on": "2026-04-28"})
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.AGENCY_HANDOVER).exists()

    run(CALL_DAY, capsys)
    run(DECISION_DAY, capsys)
    tasks = {t.kind: t for t in Task.objects.filter(tenancy=left, status=Task.Status.OPEN)}
    assert set(tasks) == {"former_call", "former_decision"}
    with at(date(2026, 6, 22)):  # on Vandaag the decision leads to the former tenant's part of the page
        client.force_login(teamleader)
        today_page = client.get(reverse("cases:today")).content.decode()
    assert reverse("tenancy_detail", args=[left.ref]) + "#vertrokken" in today_page
    text = page(client, teamleader, left, date(2026, 6, 22)).content.decode()
    assert url in text and "Het beleid vraagt de teamleider om een besluit" in text

    # An officer may not; more than is open may not be handed over.
    client.force_login(officer)
    with at(date(2026, 6, 22)):
        assert client.post(url, HAND_OVER).status_code == 403
    client.force_login(teamleader)
    with at(date(2026, 6, 22)):
        client.post(url, HAND_OVER | {"amount": "300.01"})
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.AGENCY_HANDOVER).exists()

    with at(date(2026, 6, 22)):
        response = client.post(url, HAND_OVER)
    assert response.status_code == 302 and response.url.endswith("#vertrokken")
    (event,) = CaseEvent.objects.filter(tenancy=left, type=CaseEvent.Type.AGENCY_HANDOVER)
    assert event.actor == teamleader and event.date == date(2026, 6, 22)
    assert event.params == {"agency": "Incasso Noord BV", "amount": "300.00", "reference": "INC-2026-0042"}
    # The decision is taken: its task and proposal are done; the call is no longer needed.
    decision = Task.objects.get(tenancy=left, kind="former_decision")
    assert decision.status == Task.Status.DONE and decision.assigned_to == teamleader
    assert Task.objects.get(tenancy=left, kind="former_call").status == Task.Status.OBSOLETE
    assert Proposal.objects.get(tenancy=left, rule="former_decision").status == Proposal.Status.DONE

    # Once only.
    with at(date(2026, 6, 23)):
        client.force_login(teamleader)
        client.post(url, HAND_OVER | {"on": "2026-06-23"})
    assert CaseEvent.objects.filter(type=CaseEvent.Type.AGENCY_HANDOVER).count() == 1

    # The case file shows it, on the timeline too; the policy proposes nothing more for this tenant.
    response = page(client, teamleader, left, date(2026, 6, 23))
    text = response.content.decode()
    assert "Overgedragen aan Incasso Noord BV op 22 juni 2026." in text
    assert "Overgedragen aan incassobureau" in text and "Kenmerk: INC-2026-0042" in text
    assert response.context["former_file"]["next"] is None
    assert "Het incassobureau int nu; het beleid stelt geen stappen meer voor." in text
    # The call proposed and not made is dismissed with its task; nothing new is proposed after.
    assert Proposal.objects.get(tenancy=left, rule="former_call").status == Proposal.Status.DISMISSED
    proposed_before = Proposal.objects.filter(tenancy=left).count()
    for day in (date(2026, 6, 23), date(2026, 7, 1), date(2026, 9, 1)):
        listed = [line for line in run(day, capsys) if line["tenancy_ref"] == "LEFT"]
        assert all(line["due_date"] <= "2026-06-19" for line in listed), listed  # only what was open before
    assert Proposal.objects.filter(tenancy=left).count() == proposed_before

    # The report counts it among the former tenants.
    figures = former_tenants(date(2026, 6, 30))
    assert (figures.handed_over, figures.handed_over_amount) == (1, Decimal("300.00"))
    assert figures.open_count == 1  # the claim stays on the ledger: the agency collects it


def test_the_print_says_so_too(left, officer, client):
    client.force_login(officer)
    with at(date(2026, 4, 28)):
        response = client.get(reverse("tenancy_print", args=[left.ref]))
    text = response.content.decode()
    assert "Vertrokken op 31 maart 2026." in text and "Nieuw adres: Dorpsstraat 5, 9999 ZZ Elders." in text
    assert "Eindafrekening, uit de huurrekening" in text and policy.NO_SIGNAL in text
