"""Tasks keep themselves true (issue 22, item 3): over random days of payments, contacts,
arrangements, pauses, tenants' requests, ends of tenancy and the daily run, after every day no
open task's reason is gone (cases.tasks.stale reads the facts back from the database) and no
household has two open tasks of one kind. And the pieces one by one, each able to fail."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from huurpad.cases import actions, events, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.daily import run_day
from huurpad.messaging.models import Sender
from huurpad.solutions import arrangements
from huurpad.solutions.models import Pause
from huurpad.tenancies.arrears import owed
from huurpad.tenancies.models import Tenancy
from huurpad.testing.fuzz import rolled_back
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

START = date(2026, 11, 2)
REFS = ("KT1", "KT2")


def world(django_user_model):
    Sender.objects.get_or_create(
        name="De Linde",
        defaults={"street_address": "Postbus 1", "postcode_city": "3000 AB Rotterdam", "phone": "010 1"},
    )
    officer, _ = django_user_model.objects.get_or_create(username="ilse")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    leader, _ = django_user_model.objects.get_or_create(username="marieke")
    leader.groups.add(Group.objects.get(name="teamleider"))
    homes = []
    for ref in REFS:
        tenancy = make_tenancy(ref, start=date(2024, 1, 1), phone="06 1234 5678", rent="650.00")
        book(tenancy, "2026-09-01 rent 700.00\n2026-10-01 rent 700.00\n2026-11-01 rent 700.00")
        homes.append(tenancy)
    return officer, leader, homes


# One thing that happens to a household during a day, before the day's run.
happenings = st.one_of(
    st.tuples(st.just("pay"), st.sampled_from([100, 350, 700])),
    st.tuples(st.just("pay_all")),
    st.tuples(st.just("contact"), st.sampled_from(["phone", "visit", "card"]), st.booleans()),
    st.tuples(st.just("promise")),
    st.tuples(st.just("arrangement")),
    st.tuples(st.just("pause"), st.integers(1, 5)),
    st.tuples(st.just("end_pause")),
    st.tuples(st.just("callback")),
    st.tuples(st.just("visit_signal")),
    st.tuples(st.just("end_tenancy")),
    st.tuples(st.just("run")),  # an extra run during the day (the daily one ends every day)
)
days = st.lists(st.lists(st.tuples(st.integers(0, len(REFS) - 1), happenings), max_size=4), min_size=1, max_size=5)


def happen(what, tenancy: Tenancy, day: date, officer) -> None:
    kind = what[0]
    if kind == "pay":
        book(tenancy, f"{day} payment {what[1]}.00")
    elif kind == "pay_all" and (left := owed(tenancy, day)) > 0:
        book(tenancy, f"{day} payment {left}")
    elif kind == "contact":
        actions.record_contact(tenancy, acting_user=officer, channel=what[1], reached=what[2], on=day)
    elif kind == "promise":
        actions.record_contact(
            tenancy,
            acting_user=officer,
            channel="phone",
            reached=True,
            outcome="promise_to_pay",
            promise_date=day + timedelta(days=2),
            on=day,
        )
    elif kind == "arrangement":
        try:
            with transaction.atomic():
                arrangements.propose(tenancy, acting_user=officer, today=day, proposed_instalment=Decimal("150.00"))
        except (ValueError, IntegrityError):  # not possible now (nothing owed, one open already): nothing changed
            pass
    elif kind == "pause":
        try:
            with transaction.atomic():
                arrangements.start_pause(
                    tenancy,
                    reason="officer",
                    acting_user=officer,
                    today=day,
                    review_date=day + timedelta(days=what[1]),
                )
        except ValueError:  # one runs already
            pass
    elif kind == "end_pause":
        running = Pause.objects.filter(tenancy=tenancy, ended_on__isnull=True).first()
        if running is not None:
            arrangements.end_pause(running, acting_user=officer, today=day, reason="opgelost")
    elif kind == "callback":  # as Mijn Huurpad does it (portal.selfservice.ask_call): a task and a note
        tasks.store(tasks.tenant_callback(tenancy, day, explanation="Via Mijn Huurpad. Bellen: ochtend."))
        events.note(tenancy, day, text="Vraagt om teruggebeld te worden.").save()
    elif kind == "visit_signal":  # as the municipality's 'no contact' does it (signals.apply_feedback)
        tasks.store(tasks.home_visit(tenancy, day, explanation="De gemeente kreeg geen contact."))
        events.signal_feedback(tenancy, day, result="geen contact").save()
    elif kind == "end_tenancy" and tenancy.end_date is None:
        Tenancy.objects.filter(pk=tenancy.pk).update(end_date=day)
        tenancy.refresh_from_db()
    elif kind == "run":
        run_day(day)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days)
# Paid in full, then a callback asked for the same day: the callback stays (it came after the money).
@example(plan=[[(0, ("pay_all",)), (0, ("run",)), (0, ("callback",))]])
def test_after_every_day_no_open_task_outlives_its_reason(db, django_user_model, plan):
    with rolled_back():
        officer, _, homes = world(django_user_model)
        run_day(START - timedelta(days=1), full=True)
        for n, happenings_of_the_day in enumerate(plan):
            day = START + timedelta(days=n)
            for which, what in happenings_of_the_day:
                happen(what, homes[which], day, officer)
            run_day(day)
            gone = {t.id: (t.title, tasks.reasons_gone(t, day)) for t in tasks.stale(day)}
            assert gone == {}, f"day {n}: {gone}"
            assert tasks.doubles() == 0
            for pause in Pause.objects.filter(ended_on__isnull=True):  # reviewed on time, or ended
                assert pause.review_date >= day
                if pause.review_date == day and not (pause.tenancy.end_date and pause.tenancy.end_date < day):
                    assert Task.objects.filter(tenancy=pause.tenancy, kind="review_pause", status="open").exists()


# --- the pieces -------------------------------------------------------------------------------


def test_a_contact_that_reaches_the_tenant_closes_the_visit_with_the_reason_on_the_timeline(db, django_user_model):
    officer, _, (tenancy, other) = world(django_user_model)
    visit = tasks.store(tasks.home_visit(tenancy, START, explanation="Nog geen contact."))
    elsewhere = tasks.store(tasks.home_visit(other, START, explanation="Nog geen contact."))
    actions.record_contact(tenancy, acting_user=officer, channel="phone", reached=False, on=START)
    visit.refresh_from_db()
    assert visit.status == Task.Status.OPEN  # not reached: the visit is still needed
    actions.record_contact(tenancy, acting_user=officer, channel="phone", reached=True, on=START)
    visit.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (visit.status, elsewhere.status) == (Task.Status.OBSOLETE, Task.Status.OPEN)
    assert visit.closed_at is not None
    (event,) = CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.TASKS_CLOSED)
    assert event.params == {"tasks": "Huisbezoek: er is contact geweest met de huurder"}
    assert event.get_type_display() == "Taken vanzelf afgesloten"


def test_paid_in_full_closes_the_callback_in_the_daily_run(db, django_user_model):
    officer, _, (tenancy, other) = world(django_user_model)
    run_day(START, full=True)
    callback = tasks.store(tasks.tenant_callback(tenancy, START, explanation="Bellen: ochtend."))
    kept = tasks.store(tasks.tenant_callback(other, START, explanation="Bellen: middag."))
    book(tenancy, f"{START + timedelta(days=1)} payment 2100.00")
    run_day(START + timedelta(days=1))
    callback.refresh_from_db()
    kept.refresh_from_db()
    assert (callback.status, kept.status) == (Task.Status.OBSOLETE, Task.Status.OPEN)
    assert tasks.stale(START + timedelta(days=1)) == []


def test_never_two_open_tasks_of_one_kind_for_a_household(db, django_user_model):
    _, _, (tenancy, _) = world(django_user_model)
    first = tasks.store(tasks.home_visit(tenancy, START, explanation="Gemeente: geen contact."))
    again = tasks.store(tasks.home_visit(tenancy, START + timedelta(days=3), explanation="Nog eens."))
    assert again.pk == first.pk and Task.objects.filter(tenancy=tenancy).count() == 1
    # Kinds that share an action are kinds of their own: a tenant's callback next to the run's call.
    call = tasks.store(tasks.tenant_callback(tenancy, START, explanation="Bellen."))
    assert call.pk != first.pk
    with pytest.raises(IntegrityError), transaction.atomic():  # the index holds it too
        tasks.home_visit(tenancy, START, explanation="Buiten de winkel om.").save()
    run_day(START + timedelta(days=60), full=True)  # the policy's own visit joins the open one
    assert Task.objects.filter(tenancy=tenancy, kind="home_visit", status="open").count() == 1


def test_a_pause_gets_a_review_task_for_its_owner_then_ends_unless_extended(db, django_user_model):
    officer, leader, (tenancy, other) = world(django_user_model)
    run_day(START, full=True)
    review = START + timedelta(days=5)
    pause = arrangements.start_pause(tenancy, reason="officer", acting_user=officer, today=START, review_date=review)
    kept = arrangements.start_pause(other, reason="kennisgeving", acting_user=officer, today=START, review_date=review)
    run_day(review)
    task = Task.objects.get(tenancy=tenancy, kind="review_pause", status="open")
    assert task.assigned_to == officer and task.proposal is not None  # the run's task, for the officer
    with pytest.raises(arrangements.NotAllowed):  # only a team leader
        arrangements.extend_pause(
            kept, acting_user=officer, today=review, review_date=review + timedelta(days=30), reason="x"
        )
    with pytest.raises(arrangements.NotAllowed, match="hoogstens acht maanden"):  # within the limit
        arrangements.extend_pause(
            kept, acting_user=leader, today=review, review_date=START + timedelta(days=300), reason="x"
        )
    arrangements.extend_pause(
        kept, acting_user=leader, today=review, review_date=review + timedelta(days=30), reason="traject loopt"
    )
    assert Task.objects.get(tenancy=other, kind="review_pause").status == Task.Status.DONE
    assert CaseEvent.objects.filter(tenancy=other, type=CaseEvent.Type.PAUSE_EXTENDED).exists()

    run_day(review + timedelta(days=1))
    pause.refresh_from_db()
    kept.refresh_from_db()
    assert pause.ended_on == review + timedelta(days=1) and kept.ended_on is None
    task.refresh_from_db()
    assert task.status == Task.Status.OBSOLETE  # the pause is over: its review is no longer needed
    ended = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.PAUSE_ENDED)
    assert "niet verlengd" in ended.params["reason"]
    # Collection resumes with a friendly first step: a message with a pay link, once.
    (first,) = tenancy.proposals.filter(period__contains="na-pauze")
    assert (first.action, first.due_date) == ("nudge", review + timedelta(days=1))
    assert not other.proposals.filter(period__contains="na-pauze").exists()
    run_day(review + timedelta(days=2))
    assert tenancy.proposals.filter(period__contains="na-pauze").count() == 1


def test_a_review_marked_done_without_a_decision_comes_back(db, django_user_model):
    officer, _, (tenancy, _) = world(django_user_model)
    run_day(START, full=True)
    arrangements.start_pause(
        tenancy, reason="kennisgeving", acting_user=officer, today=START, review_date=START + timedelta(days=2)
    )
    run_day(START + timedelta(days=2))
    Task.objects.filter(kind="review_pause").update(status=Task.Status.DONE)  # as the demo's team did
    run_day(START + timedelta(days=2))
    assert Task.objects.filter(tenancy=tenancy, kind="review_pause", status="open").exists()


def test_the_check_counts_what_is_not_true_and_fails_on_it(db, django_user_model, capsys):
    import json

    from django.core.management import CommandError, call_command

    officer, _, (tenancy, other) = world(django_user_model)
    run_day(START, full=True)
    tasks.store(tasks.tenant_callback(tenancy, START, explanation="Bellen."))
    book(tenancy, f"{START} payment 2100.00")  # paid in full, and no run since
    arrangements.start_pause(
        other, reason="officer", acting_user=officer, today=START - timedelta(days=3), review_date=START
    )
    with pytest.raises(CommandError):
        call_command("check-tasks", "--date", START.isoformat())
    found = json.loads(capsys.readouterr().out)
    paid_for = Task.objects.filter(tenancy=tenancy, status="open").count()  # the run's call, and the callback
    assert paid_for >= 2
    assert (found["stale_tasks"], found["double_tasks"], found["pauses_past_review_without_task"]) == (paid_for, 0, 1)
    run_day(START)  # the run closes the callback; the pause at its review date gets its task
    call_command("check-tasks", "--date", START.isoformat())
    found = json.loads(capsys.readouterr().out)
    assert (found["stale_tasks"], found["pauses_past_review_without_task"]) == (0, 0)


def test_the_team_leader_extends_a_pause_from_the_pause_panel(db, django_user_model, client):
    from django.urls import reverse
    from django.utils import timezone

    officer, leader, (tenancy, _) = world(django_user_model)
    today = timezone.localdate()
    pause = arrangements.start_pause(tenancy, reason="kennisgeving", acting_user=officer, today=today)
    page = reverse("tenancy_detail", args=[tenancy.ref])
    client.force_login(officer)
    assert "Pauze verlengen" not in client.get(page).content.decode()
    client.force_login(leader)
    html = client.get(page).content.decode()
    assert "Pauze verlengen" in html and f'max="{arrangements.pause_limit(pause).isoformat()}"' in html
    later = pause.review_date + timedelta(days=30)
    client.post(reverse("solutions:extend_pause", args=[pause.pk]), {"review_date": later, "reason": "traject loopt"})
    pause.refresh_from_db()
    assert pause.review_date == later
    event = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.PAUSE_EXTENDED)
    assert (event.actor, event.params["reason"]) == (leader, "traject loopt")
    too_late = arrangements.pause_limit(pause) + timedelta(days=1)
    client.post(reverse("solutions:extend_pause", args=[pause.pk]), {"review_date": too_late, "reason": "nog langer"})
    pause.refresh_from_db()
    assert pause.review_date == later  # beyond the limit: refused, nothing changed


def test_a_call_marked_done_that_reached_the_tenant_closes_the_visit(db, django_user_model):
    from huurpad.collection.models import Proposal
    from huurpad.collection.proposals import carry_out

    officer, _, (tenancy, _) = world(django_user_model)
    run_day(START + timedelta(days=60), full=True)  # far enough behind for a call and a visit
    call = Proposal.objects.get(tenancy=tenancy, action="call")
    visit = Task.objects.get(tenancy=tenancy, kind="home_visit", status="open")
    carry_out(call, acting_user=officer, on=START + timedelta(days=60), reached=True)
    visit.refresh_from_db()
    assert visit.status == Task.Status.OBSOLETE
    assert Task.objects.get(proposal=call).status == Task.Status.DONE
