"""The policy run's messages written out from the day's facts (the worker's messages when it
sends them, the letters when the post room prints them), and the ones that cannot be written given
up with the reason."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from huurpad.cases.models import CaseEvent
from huurpad.collection.run import run_policy
from huurpad.messaging import compose, outbox
from huurpad.messaging.models import OutboxMessage, PayLink, Sender
from huurpad.tenancies.models import LedgerEntry, Municipality
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status
BASE = "https://huurpad.example"


@pytest.fixture
def corporation():
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )


def behind(ref="HC1", **tenant):
    tenancy = make_tenancy(ref, start=date(2023, 1, 1), **tenant)
    tenancy.municipality_code = "GM0599"
    tenancy.save()
    book(tenancy, "2026-10-01 rent 700.00\n2026-11-01 rent 700.00")
    return tenancy


def test_a_nudge_and_a_reminder_letter_are_written_from_todays_facts(corporation, settings, tmp_path):
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy = behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    run_policy(date(2026, 11, 5), full=True)  # a reminder letter
    composed, refused = compose.compose_due(date(2026, 11, 5), base_url=BASE)
    assert composed == 1 and refused.given_up == 0  # the worker writes the nudge; the letter waits for the post room
    nudge, letter = OutboxMessage.objects.order_by("id")
    link = PayLink.objects.get(tenancy=tenancy)
    assert nudge.recipient == "06 1234 5678" and nudge.body.startswith("Beste J. Jansen")
    assert "de huur van oktober is nog niet betaald. Het gaat om € 1.400,00." in nudge.body
    assert link.checkout_url in nudge.body and link.amount_cents == 140000
    assert letter.body == ""

    settings.VAR_DIR = tmp_path
    call_command("print-letters", "--date", "2026-11-05")
    letter.refresh_from_db()
    assert letter.status == S.SENT and (tmp_path / "print" / "brieven-2026-11-05.pdf").read_bytes().startswith(b"%PDF")
    assert letter.recipient.splitlines()[1:] == [f"Lindelaan {tenancy.house_number}", "1234 AB Lindestad"]
    assert "U hebt een achterstand van € 1.400,00. Het contractnummer is HC1." in letter.body
    assert PayLink.objects.get(message=letter).checkout_url in letter.body
    assert "ons rekeningnummer NL44 RABO 0123 4567 89. Vul dan als betalingskenmerk in: RF39 HC1." in letter.body
    assert "De gemeente Rotterdam helpt u gratis. U kunt daar zelf terecht: bel 14 010." in letter.body
    assert "Laat het ons dan uiterlijk 4 december 2026 weten." in letter.body  # before the earliest signal
    # The letter is the policy's step on the timeline, on the day it is dated, once.
    step = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.REMINDER_LETTER)
    assert step.date == date(2026, 11, 5) and step.params == {"offers_data_sharing": True, "points_to_debt_help": True}
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.MESSAGE_SENT, params__channel="letter").exists()
    call_command("print-letters", "--date", "2026-11-05")  # again: nothing is printed twice
    assert list((tmp_path / "print").iterdir()) == [tmp_path / "print" / "brieven-2026-11-05.pdf"]
    assert CaseEvent.objects.filter(type=CaseEvent.Type.REMINDER_LETTER).count() == 1


def test_what_cannot_be_written_is_given_up_with_the_reason(corporation, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    run_policy(date(2026, 11, 5), full=True)  # a reminder letter; no municipality set up
    composed, refused = compose.compose_due(date(2026, 11, 5), base_url=BASE)
    assert composed == 1 and refused.given_up == 0
    out = StringIO()
    call_command("print-letters", "--date", "2026-11-05", stdout=out)
    message = OutboxMessage.objects.get(action="reminder_letter")
    assert message.status == S.GIVEN_UP and "gemeente GM0599 is niet ingesteld" in message.last_error
    assert "not printed" in out.getvalue() and "No letters to print" in out.getvalue()
    event = CaseEvent.objects.get(type=CaseEvent.Type.MESSAGE_FAILED)
    assert "niet ingesteld" in event.params["reason"]
    assert PayLink.objects.count() == 1  # the nudge's; none kept for the letter that was not written
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.REMINDER_LETTER).exists()


def test_without_the_corporations_iban_a_request_to_pay_is_not_written(corporation):
    Sender.objects.update(iban="")
    behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)
    composed, refused = compose.compose_due(date(2026, 10, 20), base_url=BASE)
    message = OutboxMessage.objects.get()
    assert composed == 0 and message.status == S.GIVEN_UP
    assert "iban is '', verwacht het IBAN van de corporatie (beheer, Afzender)" in message.last_error


def test_the_demo_served_on_this_machine_writes_its_pay_links_too(corporation):
    behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)
    composed, _ = compose.compose_due(date(2026, 10, 20), base_url="http://127.0.0.1:8000")
    assert composed == 1 and "http://127.0.0.1:8000/betalen/demo/" in OutboxMessage.objects.get().body


def test_a_nudge_no_longer_needed_is_not_sent(corporation):
    tenancy = behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)
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
    run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
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
    assert list(paid.values_list("date", "amount_cents", "external_id")) == [
        (date(2026, 10, 21), 70000, link.ledger_id)
    ]
    nudge.proposal.refresh_from_db()
    assert nudge.proposal.status == "done"

    run_policy(date(2026, 11, 5), full=True)  # the day the reminder letter comes
    letters = OutboxMessage.objects.filter(action="reminder_letter")
    assert list(letters.values_list("tenancy__ref", flat=True)) == ["HC2"]


def test_a_letter_paid_before_the_post_room_prints_it_does_not_go(corporation, client, settings, tmp_path):
    """Written, then the print run stopped before the file was made: the letter waits with its
    pay link, and a payment through that link means it no longer goes."""
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy = behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)
    run_policy(date(2026, 11, 5), full=True)
    compose.write_letters(date(2026, 11, 5), base_url="http://localhost")
    letter = OutboxMessage.objects.get(action="reminder_letter")
    link = PayLink.objects.get(message=letter)
    client.post(link.checkout_url.removeprefix("http://localhost"))
    letter.refresh_from_db()
    assert letter.status == S.GIVEN_UP and letter.last_error == "niet meer nodig: betaald met de betaallink"
    assert letter.proposal.status == "done" and LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").count() == 1
    settings.VAR_DIR = tmp_path
    call_command("print-letters", "--date", "2026-11-05")
    assert (
        not (tmp_path / "print").exists() and not CaseEvent.objects.filter(type=CaseEvent.Type.REMINDER_LETTER).exists()
    )


def test_a_letter_written_again_keeps_its_pay_link_while_the_amount_stays(corporation):
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy = behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)
    run_policy(date(2026, 11, 5), full=True)
    compose.write_letters(date(2026, 11, 5), base_url=BASE)
    compose.write_letters(date(2026, 11, 6), base_url=BASE)  # the print run of the 5th did not finish
    letter = OutboxMessage.objects.get(action="reminder_letter")
    assert PayLink.objects.filter(message=letter).count() == 1 and "uiterlijk 5 december 2026" in letter.body
    book(tenancy, "2026-11-06 payment 100.00")
    compose.write_letters(date(2026, 11, 7), base_url=BASE)
    letter.refresh_from_db()
    new = PayLink.objects.filter(message=letter).order_by("-id").first()
    assert new.amount_cents == 130000 and new.checkout_url in letter.body and "€ 1.300,00" in letter.body


def test_a_broken_arrangement_gives_the_officer_a_task_and_the_tenant_a_notice(corporation):
    from huurpad.cases import events
    from huurpad.cases.models import Task

    tenancy = behind(phone="06 1234 5678")  # € 1.400 behind, then an arrangement: € 100 a month from 1 December
    events.arrangement_started(
        tenancy, date(2026, 11, 10), arrears_at_start="1400.00", instalment="100.00", first_due="2026-12-01", count=14
    ).save()
    book(tenancy, "2026-12-01 rent 700.00\n2026-12-01 payment 700.00")  # the rent, but not the instalment
    day = date(2026, 11, 11)
    while not OutboxMessage.objects.filter(action="arrangement_broken").exists() and day < date(2027, 1, 31):
        run_policy(day)
        day += timedelta(days=1)
    notice = OutboxMessage.objects.get(action="arrangement_broken")
    task = Task.objects.get(action="arrangement_broken")
    assert notice.proposal_id == task.proposal_id and notice.channel == "whatsapp" and task.status == Task.Status.OPEN
    composed, _ = compose.compose_due(notice.day, base_url=BASE)
    notice.refresh_from_db()
    assert composed >= 1 and notice.status == S.QUEUED and notice.recipient == "06 1234 5678"
    assert "we hebben uw termijn van € 100,00 van 1 december 2026 nog niet gekregen" in notice.body
    outbox.mark_sent(notice)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN  # the officer still calls
    assert CaseEvent.objects.filter(type=CaseEvent.Type.MESSAGE_SENT, params__action="arrangement_broken").count() == 1


def test_a_broken_arrangement_notice_waits_a_day_for_another_message_and_goes_no_more_once_kept(corporation):
    from huurpad.cases import events

    tenancy = behind(phone="06 1234 5678")
    events.arrangement_started(
        tenancy, date(2026, 11, 10), arrears_at_start="1400.00", instalment="100.00", first_due="2026-12-01", count=14
    ).save()
    book(tenancy, "2026-12-01 rent 700.00\n2026-12-01 payment 700.00")
    day = date(2026, 11, 11)
    while not OutboxMessage.objects.filter(action="arrangement_broken").exists() and day < date(2027, 1, 31):
        # the officer's message of the same day, written before the run
        OutboxMessage.objects.create(tenancy=tenancy, action="personal", channel="sms", day=day, body="Belt u ons?")
        run_policy(day)
        day += timedelta(days=1)
    notice = OutboxMessage.objects.get(action="arrangement_broken")
    assert notice.day == day  # the day after the run that proposed it
    book(tenancy, f"{day} payment 100.00")  # the instalment comes in after all
    compose.compose_due(day, base_url=BASE)
    notice.refresh_from_db()
    assert (
        notice.status == S.GIVEN_UP
        and notice.last_error == "niet meer nodig: de betalingsregeling loopt weer volgens afspraak"
    )


def test_a_reminder_before_the_rent_is_due_says_the_amount_the_day_and_where_to_pay(corporation):
    tenancy = make_tenancy(
        "HC5", start=date(2026, 6, 1), rent="712.35", service_costs="50.00", phone="06 1234 5678"
    )  # new: 3 days before
    book(tenancy, "2026-10-01 rent 762.35\n2026-10-01 payment 762.35")
    run_policy(date(2026, 10, 29), full=True)
    compose.compose_due(date(2026, 10, 29), base_url=BASE)
    message = OutboxMessage.objects.get(action="pre_due_reminder")
    assert message.body == (
        f"Beste {tenancy.tenant.name}, op 1 november 2026 moet de huur betaald zijn: € 762,35. Maak het over naar "
        "NL44 RABO 0123 4567 89, kenmerk RF28 HC5. Lukt het niet? Bel ons op 010 123 45 67. Groet, Woonstichting De Linde"
    )


def test_an_instalment_reminder_says_the_instalment_the_day_and_where_to_pay(corporation):
    from huurpad.cases import events

    tenancy = behind(phone="06 1234 5678")
    events.arrangement_started(
        tenancy, date(2026, 11, 10), arrears_at_start="1400.00", instalment="100.00", first_due="2026-12-01", count=14
    ).save()
    run_policy(date(2026, 11, 29), full=True)  # two days before the first instalment
    compose.compose_due(date(2026, 11, 29), base_url=BASE)
    message = OutboxMessage.objects.get(action="arrangement_reminder")
    assert "op 1 december 2026 betaalt u € 100,00 voor uw regeling, en de huur." in message.body
    assert "Maak het over naar NL44 RABO 0123 4567 89, kenmerk RF39 HC1." in message.body


def test_a_message_another_worker_wrote_meanwhile_is_left_to_it_and_no_pay_link_is_kept(corporation, monkeypatch):
    behind(phone="06 1234 5678")
    run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    compute = compose.arrears.compute

    def written_by_another_worker_meanwhile(*args, **kwargs):  # after this worker read its list
        OutboxMessage.objects.filter(body="").update(body="(de tekst van de andere)")
        return compute(*args, **kwargs)

    monkeypatch.setattr(compose.arrears, "compute", written_by_another_worker_meanwhile)
    composed, refused = compose.compose_due(date(2026, 10, 20), base_url=BASE)
    assert (composed, refused.given_up) == (0, 0)
    assert OutboxMessage.objects.get().body == "(de tekst van de andere)"
    assert not PayLink.objects.exists()  # this worker's pay link went with its text
