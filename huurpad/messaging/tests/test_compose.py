"""The policy run's messages written out from today's facts, sent or printed, and the ones that
cannot be written given up with the reason."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from huurpad.cases.models import CaseEvent
from huurpad.collection import actions
from huurpad.messaging import compose, outbox
from huurpad.messaging.models import OutboxMessage, PayLink, Sender
from huurpad.tenancies.models import LedgerEntry, Municipality
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status
BASE = "https://huurpad.example"


@pytest.fixture
def corporation():
    Sender.objects.create(name="Woonstichting De Linde", street_address="Postbus 1", postcode_city="3000 AB Rotterdam",
                          phone="010 123 45 67")  # fmt: skip


def behind(ref="HC1", **tenant):
    tenancy = make_tenancy(ref, start=date(2023, 1, 1), **tenant)
    tenancy.municipality_code = "GM0599"
    tenancy.save()
    book(tenancy, "2026-10-01 rent 700.00\n2026-11-01 rent 700.00")
    return tenancy


def test_a_nudge_and_a_reminder_letter_are_written_from_todays_facts(corporation, settings, tmp_path):
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy = behind(phone="06 1234 5678")
    actions.run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    actions.run_policy(date(2026, 11, 5), full=True)  # a reminder letter
    composed, refused = compose.compose_due(date(2026, 11, 5), base_url=BASE)
    assert composed == 2 and refused.given_up == 0
    nudge, letter = OutboxMessage.objects.order_by("id")
    link = PayLink.objects.filter(tenancy=tenancy).order_by("id").first()
    assert nudge.recipient == "06 1234 5678" and nudge.body.startswith("Beste J. Jansen")
    assert "de huur van oktober is nog niet betaald. Het gaat om € 1.400,00." in nudge.body
    assert link.checkout_url in nudge.body and link.amount_cents == 140000
    assert letter.recipient.splitlines()[1:] == [f"Lindelaan {tenancy.house_number}", "1234 AB Lindestad"]
    assert "De gemeente Rotterdam helpt u gratis. U kunt daar zelf terecht: bel 14 010." in letter.body
    assert "Laat het ons dan uiterlijk 4 december 2026 weten." in letter.body  # before the earliest signal

    settings.VAR_DIR = tmp_path
    call_command("print-letters", "--date", "2026-11-05")
    letter.refresh_from_db()
    assert letter.status == S.SENT and (tmp_path / "print" / "brieven-2026-11-05.pdf").read_bytes().startswith(b"%PDF")
    assert CaseEvent.objects.filter(type=CaseEvent.Type.MESSAGE_SENT, params__channel="letter").count() == 1
    call_command("print-letters", "--date", "2026-11-05")  # again: nothing is printed twice
    assert list((tmp_path / "print").iterdir()) == [tmp_path / "print" / "brieven-2026-11-05.pdf"]


def test_what_cannot_be_written_is_given_up_with_the_reason(corporation):
    behind(phone="06 1234 5678")
    actions.run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    actions.run_policy(date(2026, 11, 5), full=True)  # a reminder letter; no municipality set up
    composed, refused = compose.compose_due(date(2026, 11, 5), base_url=BASE)
    message = OutboxMessage.objects.get(action="reminder_letter")
    assert composed == 1 and refused.given_up == 1 and message.status == S.GIVEN_UP
    assert "gemeente GM0599 is niet ingesteld" in message.last_error
    event = CaseEvent.objects.get(type=CaseEvent.Type.MESSAGE_FAILED)
    assert "niet ingesteld" in event.params["reason"]
    assert PayLink.objects.count() == 1  # the nudge's; none kept for the letter that was not written


def test_the_demo_served_on_this_machine_writes_its_pay_links_too(corporation):
    behind(phone="06 1234 5678")
    actions.run_policy(date(2026, 10, 20), full=True)
    composed, _ = compose.compose_due(date(2026, 10, 20), base_url="http://127.0.0.1:8000")
    assert composed == 1 and "http://127.0.0.1:8000/betalen/demo/" in OutboxMessage.objects.get().body


def test_a_nudge_no_longer_needed_is_not_sent(corporation):
    tenancy = behind(phone="06 1234 5678")
    actions.run_policy(date(2026, 10, 20), full=True)
    book(tenancy, "2026-10-21 payment 1400.00")
    compose.compose_due(date(2026, 10, 21), base_url=BASE)
    message = OutboxMessage.objects.get()
    assert message.status == S.GIVEN_UP and message.last_error == "niet meer nodig: de achterstand is betaald"
    assert not PayLink.objects.exists()


def test_paying_through_the_nudge_books_once_and_closes_it_and_the_next_step_never_comes(corporation, client):
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy, twin = (make_tenancy(ref, start=date(2023, 1, 1), phone="06 1234 5678") for ref in ("HC1", "HC2"))
    for each in (tenancy, twin):  # the twin does not pay
        each.municipality_code = "GM0599"
        each.save()
        book(each, "2026-10-01 rent 700.00")
    actions.run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    compose.compose_due(date(2026, 10, 20), base_url="http://localhost")
    nudge = OutboxMessage.objects.get(tenancy=tenancy)
    outbox.mark_sent(nudge)  # the console channel's "sent"
    link = PayLink.objects.get(message=nudge)
    checkout = link.checkout_url.removeprefix("http://localhost")
    assert checkout in nudge.body

    with time_machine.travel(datetime(2026, 10, 21, 19, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        client.post(checkout)  # the tenant pays in the demo checkout the next evening
        client.post(checkout)
        client.post("/betalen/webhook/demo/", {"id": link.provider_id})  # and the webhook comes again
    paid = LedgerEntry.objects.filter(tenancy=tenancy, kind="payment")
    assert list(paid.values_list("date", "amount_cents", "external_id")) == [(date(2026, 10, 21), 70000, link.ledger_id)]
    nudge.proposal.refresh_from_db()
    assert nudge.proposal.status == "done"

    actions.run_policy(date(2026, 11, 5), full=True)  # the day the reminder letter comes
    letters = OutboxMessage.objects.filter(action="reminder_letter")
    assert list(letters.values_list("tenancy__ref", flat=True)) == ["HC2"]


def test_a_letter_paid_before_the_post_room_prints_it_does_not_go(corporation, client):
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy = behind(phone="06 1234 5678")
    actions.run_policy(date(2026, 10, 20), full=True)
    actions.run_policy(date(2026, 11, 5), full=True)
    compose.compose_due(date(2026, 11, 5), base_url="http://localhost")
    letter = OutboxMessage.objects.get(action="reminder_letter")
    link = PayLink.objects.get(message=letter)
    client.post(link.checkout_url.removeprefix("http://localhost"))
    letter.refresh_from_db()
    assert letter.status == S.GIVEN_UP and letter.last_error == "niet meer nodig: betaald met de betaallink"
    assert letter.proposal.status == "done" and LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").count() == 1
