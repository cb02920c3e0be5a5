"""`huurpad run` over a sequence of days: each step on its day, not before, never twice."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import proposals
from huurpad.collection.models import PolicyRun, PolicyVersion, Proposal, TenancyState
from huurpad.collection.run import run_policy
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def run(capsys, day: str, *extra) -> list[dict]:
    call_command("run", "--date", day, "--json", *extra)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def missed_march(db):
    """A regular tenant who pays on time for years, then misses March."""
    t = make_tenancy("A1", start=date(2020, 1, 1), rent="650.00", service_costs="50.00", phone="0612345678")
    book(t, "2026-02-01 rent 650.00\n2026-02-01 service_costs 50.00\n2026-02-02 payment 700.00")
    book(t, "2026-03-01 rent 650.00\n2026-03-01 service_costs 50.00")
    return t


def first_days(capsys, start: date, end: date, *, carry_out=True) -> dict[str, date]:
    """Run every day; carry out each proposal the same day (nobody answers the phone)."""
    first = {}
    day = start
    while day <= end:
        result = run_policy(day)
        for tid, p in result.new:
            first.setdefault(p.action.value, day)
            if carry_out:
                proposals.carry_out(Proposal.objects.get(tenancy_id=tid, rule=p.rule, period=p.period), on=day)
        day += timedelta(days=1)
    return first


def test_each_step_fires_on_its_day(missed_march, capsys):
    first = first_days(capsys, date(2026, 3, 1), date(2026, 5, 15))
    # The segment is first_time: late now, no reminders in the past year.
    assert first == {
        "nudge": date(2026, 3, 4),  # 3 days overdue
        "call": date(2026, 3, 11),  # 10 days
        "reminder_letter": date(2026, 3, 15),  # 14 days
        # After the letter the tenant counts as 'occasional', whose policy reminds before the 1st:
        "pre_due_reminder": date(2026, 3, 29),
        "home_visit": date(2026, 4, 5),  # 35 days, nobody reached
        "early_signal": date(2026, 4, 14),  # 30 days after the reminder with the offer
    }


def test_not_before_its_day_and_rerunning_a_day_adds_nothing(missed_march, capsys):
    assert run(capsys, "2026-03-03") == []
    lines = run(capsys, "2026-03-04")
    assert [(x["tenancy_ref"], x["action"], x["status"]) for x in lines] == [("A1", "nudge", "queued")]
    assert lines[0]["explanation"].startswith("Huur niet (helemaal) betaald: achterstand € 700,00, 3 dagen")
    assert run(capsys, "2026-03-04") == lines  # still open, nothing new
    assert Proposal.objects.count() == 1 and OutboxMessage.objects.count() == 1
    assert PolicyRun.objects.filter(status="done").count() == 3


def test_proposals_carry_the_legal_basis_and_become_tasks_or_messages(missed_march, capsys):
    first_days(capsys, date(2026, 3, 1), date(2026, 3, 15))
    letter = Proposal.objects.get(action="reminder_letter")
    assert letter.legal_basis == "Bgs art. 2"
    assert letter.policy_version == PolicyVersion.current()
    assert CaseEvent.objects.filter(type="reminder_letter", params__offers_data_sharing=True).exists()
    calls = Task.objects.filter(action="call").order_by("due_date")
    assert [(c.role, c.status, c.due_date.day) for c in calls] == [
        ("incassomedewerker", "done", 11),
        ("incassomedewerker", "done", 12),
    ]
    assert OutboxMessage.objects.filter(action="nudge", channel="sms").exists()


def test_dry_run_stores_nothing(missed_march, capsys):
    lines = run(capsys, "2026-03-11", "--dry-run")
    assert {x["action"] for x in lines} == {"call", "nudge"}
    assert Proposal.objects.count() == 0 and PolicyRun.objects.count() == 0


def test_a_second_run_at_the_same_time_is_refused(missed_march, capsys):
    PolicyRun.objects.create(day=date(2026, 3, 4), policy_version=PolicyVersion.current())
    with pytest.raises(CommandError, match="Another policy run is busy") as failure:
        call_command("run", "--date", "2026-03-04")
    assert failure.value.returncode == 1
    assert Proposal.objects.count() == 0


def test_a_run_that_died_long_ago_does_not_block(missed_march, capsys):
    from django.utils import timezone

    PolicyRun.objects.create(
        day=date(2026, 3, 3), policy_version=PolicyVersion.current(), started_at=timezone.now() - timedelta(hours=7)
    )
    assert run(capsys, "2026-03-04")
    assert PolicyRun.objects.filter(status="failed").count() == 1


def test_a_new_policy_version_is_used_by_the_next_run(missed_march, capsys):
    v1 = PolicyVersion.current()
    PolicyVersion.objects.create(
        number=2,
        text=v1.text.replace(
            "nudge_after_days = 3        # a returned", "nudge_after_days = 8        # a returned"
        ).replace(
            "[steps.first_time]          # late for the first time in a year: a nudge is usually enough\nnudge_after_days = 3",
            "[steps.first_time]\nnudge_after_days = 8",
        ),
        note="later nudge",
    )
    assert run(capsys, "2026-03-04") == []
    assert run(capsys, "2026-03-09")[0]["action"] == "nudge"
    assert PolicyRun.objects.latest("started_at").policy_version.number == 2


def test_compliment_when_the_arrears_are_gone(missed_march, capsys):
    first_days(capsys, date(2026, 3, 1), date(2026, 3, 20))
    book(missed_march, "2026-03-21 payment 700.00")
    lines = run(capsys, "2026-03-21")
    assert "compliment" in [x["action"] for x in lines]
    assert not TenancyState.objects.filter(arrears_cents__gt=0).exists()


def test_a_pause_on_the_timeline_stops_the_steps(missed_march, capsys):
    from huurpad.cases import events

    events.pause_started(missed_march, date(2026, 3, 2), reason="officer", review_date="2026-03-20").save()
    first = first_days(capsys, date(2026, 3, 1), date(2026, 3, 25))
    assert first == {"review_pause": date(2026, 3, 20)}


def test_running_an_earlier_day_again_keeps_the_later_state(missed_march, capsys):
    run_policy(date(2026, 3, 20))
    run_policy(date(2026, 3, 10))
    state = TenancyState.objects.get()
    assert (state.day, state.days_overdue) == (date(2026, 3, 20), 19)
    run_policy(date(2026, 2, 20))  # nothing owed then: the later state still stays
    assert TenancyState.objects.get().day == date(2026, 3, 20)
