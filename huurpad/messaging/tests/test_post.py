"""The post room's print run (huurpad print-letters): the policy's letters written from the day
they are printed and dated, and a reminder or WIK letter that goes out becoming the policy's step
on the timeline, once, so the policy carries on from it (early signal, WIK letter)."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from huurpad.cases import events
from huurpad.cases.models import CaseEvent
from huurpad.collection import proposals
from huurpad.collection.models import PolicyVersion, Proposal
from huurpad.collection.run import run_policy
from huurpad.core.calc.wik import collection_costs, payment_deadline
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur
from huurpad.messaging import compose, outbox
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Municipality
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status
T = CaseEvent.Type
BASE = "https://huurpad.example"


@pytest.fixture
def corporation(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")


def charging_costs():
    """The default policy, with collection costs (the WIK letter) switched on."""
    v1 = PolicyVersion.current()
    PolicyVersion.objects.create(number=2, text=v1.text.replace("charge = false", "charge = true"), note="kosten")


def behind(ref="HC1", ledger="2026-10-01 rent 700.00\n2026-11-01 rent 700.00\n2026-12-01 rent 700.00"):
    tenancy = make_tenancy(ref, start=date(2023, 1, 1), phone="06 1234 5678")
    tenancy.municipality_code = "GM0599"
    tenancy.save()
    book(tenancy, ledger)
    return tenancy


def print_day(day: date) -> None:
    call_command("print-letters", "--date", day.isoformat(), stdout=StringIO())


def a_day_of_work(day: date) -> None:
    """The daily run, the officer's calls (nobody answers), the worker's messages, the post room."""
    run_policy(day)
    for call in Proposal.objects.filter(action="call", status=Proposal.Status.PROPOSED, due_date__lte=day):
        proposals.carry_out(call, on=day, reached=False)
    compose.compose_due(day, base_url=BASE)
    for message in OutboxMessage.objects.filter(status=S.QUEUED).exclude(channel="letter").exclude(body=""):
        outbox.mark_sent(message, day=day)  # what the worker's console channel does
    print_day(day)


def test_a_printed_reminder_letter_leads_the_policy_on_to_the_early_signal_and_the_wik_letter(corporation):
    charging_costs()
    tenancy = behind()
    day = date(2026, 10, 1)
    while day <= date(2026, 12, 31):
        a_day_of_work(day)
        day += timedelta(days=1)

    letter = OutboxMessage.objects.get(action="reminder_letter")
    (reminder,) = CaseEvent.objects.filter(tenancy=tenancy, type=T.REMINDER_LETTER)  # once, and only from the print run
    printed = reminder.date
    assert letter.status == S.SENT and printed == date(
        2026, 10, 15
    )  # 14 days overdue, and dated the day it was printed
    assert f"Laat het ons dan uiterlijk {date_nl(printed + timedelta(days=29))} weten." in letter.body

    # The early signal: 30 days after the reminder with the offer, not a day before.
    (signal,) = Proposal.objects.filter(tenancy=tenancy, action="early_signal")
    assert signal.due_date == printed + timedelta(days=30)

    # The WIK letter, once the reminder went out: its costs and last day from the day it was printed.
    wik = OutboxMessage.objects.get(action="wik_letter")
    (step,) = CaseEvent.objects.filter(tenancy=tenancy, type=T.WIK_LETTER)
    owed = arrears.owed(tenancy, step.date)
    assert wik.status == S.SENT and step.date >= date(2026, 11, 15)  # 45 days overdue
    assert step.params["costs"] == f"{collection_costs(owed):.2f}"
    assert f"incassokosten betalen: {fmt_eur(collection_costs(owed))}." in wik.body
    assert f"Betaal dit bedrag uiterlijk op {date_nl(payment_deadline(step.date, 2))}." in wik.body
    assert not CaseEvent.objects.filter(
        type=T.MESSAGE_SENT, params__action__in=["reminder_letter", "wik_letter"]
    ).exists()


def queue_wik_letter(on: date):
    """A household 57 days behind with a reminder letter sent: the nudge the day before, the WIK letter on D."""
    charging_costs()
    tenancy = behind(ledger="2026-10-01 rent 700.00")
    events.reminder_letter(tenancy, date(2026, 10, 15), offers_data_sharing=True, points_to_debt_help=True).save()
    run_policy(on - timedelta(days=1), full=True)
    run_policy(on, full=True)
    return tenancy, OutboxMessage.objects.get(action="wik_letter")


def test_a_wik_letter_printed_days_after_it_was_queued_gives_the_full_term_from_its_own_date(corporation):
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    tenancy, letter = queue_wik_letter(friday)
    assert letter.day == friday and letter.body == ""
    print_day(monday)  # the post room did not print on Friday
    letter.refresh_from_db()
    # Posted Monday, received Wednesday (2 postal delivery days), 14 days: Wednesday 16 December;
    # counted from Friday it would have been the 15th, a day short.
    assert payment_deadline(monday, 2) == date(2026, 12, 16) != payment_deadline(friday, 2)
    assert letter.subject == "Laatste herinnering: betaal uiterlijk 16 december 2026"
    assert "Betaal dit bedrag uiterlijk op 16 december 2026." in letter.body
    (step,) = CaseEvent.objects.filter(type=T.WIK_LETTER)
    assert step.date == monday and step.params["costs"] == "105.00"  # 15 % of € 700


def test_a_letter_written_on_one_day_and_printed_later_is_written_again(corporation):
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    tenancy, letter = queue_wik_letter(friday)
    compose.write_letters(friday, base_url=BASE)  # written on Friday, the print run stopped
    letter.refresh_from_db()
    assert "uiterlijk op 15 december 2026" in letter.body
    book(tenancy, "2026-11-28 payment 100.00")
    print_day(monday)
    letter.refresh_from_db()
    assert "uiterlijk op 16 december 2026" in letter.body and "€ 600,00" in letter.body
    assert CaseEvent.objects.get(type=T.WIK_LETTER).params["costs"] == "90.00"  # what the printed letter says


def test_a_letter_step_done_by_hand_and_printed_is_on_the_timeline_once(corporation):
    first, second = behind("HC1"), behind("HC2")
    run_policy(date(2026, 10, 20), full=True)  # nudges
    run_policy(date(2026, 11, 5), full=True)  # reminder letters
    by_hand, printed = (OutboxMessage.objects.get(tenancy=t, action="reminder_letter") for t in (first, second))
    assert proposals.carry_out(by_hand.proposal, on=date(2026, 11, 5))  # carried out by hand (the demo does this)
    print_day(date(2026, 11, 5))
    by_hand.refresh_from_db()
    printed.refresh_from_db()
    assert by_hand.body == "" and printed.status == S.SENT
    assert not proposals.carry_out(printed.proposal, on=date(2026, 11, 6))  # printed: done already
    assert sorted(CaseEvent.objects.filter(type=T.REMINDER_LETTER).values_list("tenancy__ref", flat=True)) == [
        "HC1",
        "HC2",
    ]


def test_when_someone_else_took_the_step_first_the_print_run_writes_no_second_event(corporation):
    behind()
    run_policy(date(2026, 10, 20), full=True)
    run_policy(date(2026, 11, 5), full=True)
    compose.write_letters(date(2026, 11, 5), base_url=BASE)
    letter = OutboxMessage.objects.get(action="reminder_letter")
    # carry_out took the proposal a moment before (and writes its own event); the message was not yet moved.
    Proposal.objects.filter(pk=letter.proposal_id).update(status=Proposal.Status.DONE)
    assert outbox.mark_sent(letter, day=date(2026, 11, 5), costs=Decimal("0"))
    assert not CaseEvent.objects.filter(type__in=[T.REMINDER_LETTER, T.MESSAGE_SENT]).exists()
