"""Every result code the municipality can send, read from a feedback file through `huurpad
signals import-feedback`, does what docs/signals.md says, and nothing else; 'herhaalde melding'
keeps the policy from signalling again until the arrears are higher than that signal."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from huurpad.cases import events
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import daily
from huurpad.collection.models import Proposal
from huurpad.collection.run import run_policy
from huurpad.signals import signals
from huurpad.signals.models import EarlySignal
from huurpad.solutions.models import Pause
from huurpad.testing.ledgers import book

from .test_signals import DUE, corporation, feedback_file, household  # noqa: F401 (corporation is a fixture)

pytestmark = pytest.mark.django_db
ANSWERED = date(2026, 4, 28)


@pytest.fixture
def sent(corporation):
    tenancy = household("FB")
    daily.run_day(DUE, full=True)
    signals.export("GM0599", "csv", DUE)
    return EarlySignal.objects.get(tenancy=tenancy)


# What each effect leaves behind besides the stored result: pauses (reason, start, review date),
# tasks outside the policy (action, role, due date), and the line the command prints.
EFFECTS = {
    "pause": ([("municipal_help", ANSWERED, ANSWERED + timedelta(days=30))], [], "pauze tot 2026-05-28"),
    "no_repeat": ([], [], "niet opnieuw melden tot de achterstand hoger is dan € 2.100,00"),
    "unjustified": ([], [], "genoteerd voor de evaluatie van de drempel"),
    "visit": ([], [("home_visit", "woonconsulent", ANSWERED)], "taak: huisbezoek"),
    "deceased": ([], [("deceased", "incassomedewerker", ANSWERED)], "taak: overlijden"),
    "none": ([], [], "vastgelegd"),
}


@pytest.mark.parametrize("result", signals.RESULTS, ids=[r.code for r in signals.RESULTS])
def test_each_result_code_in_a_feedback_file_has_its_documented_effect(sent, tmp_path, capsys, result):
    pauses, tasks, says = EFFECTS[result.effect]
    path = feedback_file(tmp_path, [(sent.reference, result.code, ANSWERED.isoformat(), "2026-04-21", "")])
    call_command("signals", "import-feedback", str(path))
    out = capsys.readouterr().out
    assert "1 results applied, 0 already known" in out and f"{sent.reference}: {says}" in out

    sent.refresh_from_db()
    tenancy = sent.tenancy
    # Stored as the municipality sent it, and on the timeline.
    assert (sent.result_code, sent.result_date, sent.first_contact) == (result.code, ANSWERED, date(2026, 4, 21))
    assert json.loads(sent.feedback_raw) == {
        "kenmerk": sent.reference,
        "resultaat": result.code,
        "datum": "2026-04-28",
        "eerste_contact": "2026-04-21",
        "schuldeisers": "",
    }
    event = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.SIGNAL_FEEDBACK)
    assert (event.date, event.params["result"]) == (ANSWERED, result.code)
    # The effect, and no other.
    assert list(Pause.objects.filter(tenancy=tenancy).values_list("reason", "start", "review_date")) == pauses
    assert CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.PAUSE_STARTED).count() == len(pauses)
    # A visit joins the policy's own open visit when there is one (one open task of a kind).
    made = Task.objects.filter(tenancy=tenancy, explanation__contains="De gemeente")
    assert [(a, r) for a, r, _ in tasks] == list(made.values_list("action", "role"))
    assert all(d <= ANSWERED for d in made.values_list("due_date", flat=True))
    assert event.params.get("no_repeat_above") == ("2100.00" if result.effect == "no_repeat" else None)
    figures = signals.by_municipality()[0]
    assert (figures.answered, figures.help, figures.unjustified) == (
        1,
        result.effect == "pause",
        result.effect == "unjustified",
    )
    assert figures.median_days == 7  # signal 14 April, first contact 21 April


# --- 'herhaalde melding' and the policy ---------------------------------------------------------


def steps_taken(tenancy, contact: date, letter: date) -> None:
    """The four Bgs conditions for a stretch of arrears: a call, debt help, the reminder with the offer."""
    events.contact_attempt(tenancy, contact, channel="phone", reached=False).save()
    events.debt_help_pointed(tenancy, contact, channel="letter").save()
    events.reminder_letter(tenancy, letter, offers_data_sharing=True, points_to_debt_help=True).save()


def signal_proposed(tenancy, day: date) -> bool:
    run_policy(day, full=True)
    return Proposal.objects.filter(tenancy=tenancy, action="early_signal", due_date=day).exists()


@pytest.mark.parametrize(
    "answer, repeat_held_back",
    [
        ("Niet opgepakt: herhaalde melding", True),
        ("Inwoner hoeft geen hulp vanuit vroegsignalering", False),
    ],
)
def test_after_a_repeat_answer_no_new_signal_until_the_arrears_are_higher_than_that_signal(
    sent, tmp_path, answer, repeat_held_back
):
    tenancy = sent.tenancy
    assert sent.amount == 2100  # February to April
    call_command(
        "signals", "import-feedback", str(feedback_file(tmp_path, [(sent.reference, answer, "2026-04-20", "", "")]))
    )
    # The household pays it all; the arrears come back with May's rent: a new stretch of arrears,
    # in which every step is taken again and 30 days pass after the reminder.
    book(tenancy, "2026-04-25 payment 2100.00\n" + "\n".join(f"2026-{m:02d}-01 rent 700.00" for m in (5, 6, 7, 8)))
    steps_taken(tenancy, contact=date(2026, 5, 5), letter=date(2026, 5, 6))

    # 5 June: € 1.400 behind, not more than the € 2.100 the municipality called a repeat.
    assert signal_proposed(tenancy, date(2026, 6, 5)) is not repeat_held_back
    if repeat_held_back:
        assert not signal_proposed(tenancy, date(2026, 7, 2))  # € 2.100: not higher
        assert signal_proposed(tenancy, date(2026, 8, 2))  # € 2.800: higher, so signal again
        proposal = Proposal.objects.get(tenancy=tenancy, action="early_signal", due_date=date(2026, 8, 2))
        assert proposal.facts["amount"] == "2800.00"


def test_a_repeat_answer_holds_for_a_year_at_most(sent, tmp_path):
    tenancy = sent.tenancy
    call_command(
        "signals",
        "import-feedback",
        str(feedback_file(tmp_path, [(sent.reference, "Niet opgepakt: herhaalde melding", "2026-04-20", "", "")])),
    )
    book(tenancy, "2026-04-25 payment 2100.00\n2027-05-01 rent 700.00\n2027-06-01 rent 700.00")
    steps_taken(tenancy, contact=date(2027, 5, 5), letter=date(2027, 5, 6))
    assert signal_proposed(tenancy, date(2027, 6, 5))  # € 1.400, more than a year after the answer
