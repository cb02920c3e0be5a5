"""The demo replays the policy over its last days: timelines hold the policy's steps, the demo
day's work is open, and the same seed gives the same history."""

from datetime import date, timedelta

import pytest

from huurpad.cases.models import CaseEvent
from huurpad.collection.models import PolicyRun, Proposal
from huurpad.demo import generator, setup
from huurpad.messaging.models import OutboxMessage

DAY = date(2026, 11, 16)  # a Monday in the middle of the month
DAYS = 20
SIZE = {"tenancies": 150, "months": 6, "seed": 4, "on": DAY, "replay_days": DAYS}
EVENT_OF = {
    "reminder_letter": "reminder_letter",
    "call": "contact_attempt",
    "home_visit": "contact_attempt",
    "early_signal": "early_signal_sent",
    "nudge": "message_sent",
    "pre_due_reminder": "message_sent",
    "compliment": "message_sent",
    "arrangement_reminder": "message_sent",
    "final_bill_letter": "message_sent",  # a tenant who left (former.py): the letter with the final bill
}


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def build(**changes):
    return setup.build(**{**SIZE, **changes}, log=lambda text: None)


def history():
    """What the replay left behind, without database ids."""
    proposals = sorted(
        Proposal.objects.values_list("tenancy__ref", "rule", "period", "status", "due_date", "explanation")
    )
    events = sorted(
        (ref, day, kind, sorted(params.items()), actor or "")
        for ref, day, kind, params, actor in CaseEvent.objects.filter(source="huurpad").values_list(
            "tenancy__ref", "date", "type", "params", "actor__username"
        )
    )
    return proposals, events


@pytest.mark.django_db
def test_timelines_hold_the_steps_the_policy_proposed_and_the_team_carried_out(var_dir):
    build()
    start = DAY - timedelta(days=DAYS)
    assert list(PolicyRun.objects.order_by("day").values_list("day", flat=True)) == [
        start + timedelta(days=n) for n in range(DAYS + 1)
    ]
    done = Proposal.objects.filter(status=Proposal.Status.DONE)
    assert {"reminder_letter", "call", "nudge"} <= set(done.values_list("action", flat=True))
    made = CaseEvent.objects.filter(source="huurpad")
    assert made.exists() and all(start <= e.date < DAY for e in made)
    for proposal in done:
        assert proposal.explanation and proposal.due_date < DAY
        kind = EVENT_OF.get(proposal.action)
        if kind:  # the step is on the timeline, on or after the day it was proposed
            assert made.filter(tenancy=proposal.tenancy, type=kind, date__gte=proposal.due_date).exists(), proposal
    # One event per step done, and no more.
    for kind in ("reminder_letter", "early_signal_sent", "message_sent"):
        actions = [a for a, k in EVENT_OF.items() if k == kind]
        # Those letters follow a signal, or a pause a debt counsellor's message started (debt_help.py).
        steps = [
            e for e in made.filter(type=kind) if e.params.get("action") not in ("signal_notice", "pause_confirmation")
        ]
        assert len(steps) == done.filter(action__in=actions).count(), kind
    calls = made.filter(type="contact_attempt")
    assert calls.count() == done.filter(action__in=["call", "home_visit"]).count()
    assert {e.actor.username for e in calls} <= {"incassomedewerker", "woonconsulent"}
    assert {e.params["reached"] for e in calls} == {True, False}
    # The generator left these steps to the replay: none was imported for the replayed days.
    imported = CaseEvent.objects.filter(source="import", date__gte=start)
    assert not imported.filter(type__in=generator.POLICY_EVENTS).exists()


@pytest.mark.django_db
def test_the_demo_days_work_is_left_open(var_dir):
    build()
    today = Proposal.objects.filter(run__day=DAY)
    assert today.exists()
    assert set(today.values_list("status", flat=True)) <= {Proposal.Status.PROPOSED, Proposal.Status.QUEUED}
    assert not CaseEvent.objects.filter(source="huurpad", date__gte=DAY).exists()
    # Its messages wait in the outbox; those of the days before went out.
    assert set(OutboxMessage.objects.filter(day=DAY).values_list("status", flat=True)) == {OutboxMessage.Status.QUEUED}
    assert set(OutboxMessage.objects.filter(day__lt=DAY).values_list("status", flat=True)) == {
        OutboxMessage.Status.SENT
    }


@pytest.mark.django_db
def test_the_same_seed_replays_the_same_history(var_dir):
    build()
    first = history()
    setup.wipe()
    build()
    assert history() == first
    setup.wipe()
    build(seed=5)
    assert history() != first
