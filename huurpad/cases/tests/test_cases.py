"""Cases open with arrears and close once the arrears stay cleared; officers record contact."""

from datetime import date, timedelta

import pytest

from huurpad.cases import actions, tasks
from huurpad.cases.models import Case, CaseEvent, Task
from huurpad.collection.models import Proposal
from huurpad.collection.run import run_policy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def run_days(first: date, last: date) -> None:
    day = first
    while day <= last:
        run_policy(day, full=day == first)
        day += timedelta(days=1)


def test_a_case_opens_with_arrears_and_closes_after_they_stay_cleared():
    tenancy = make_tenancy("HC1", start=date(2020, 1, 1), phone="0612345678")
    book(tenancy, "2026-03-01 rent 700.00\n2026-04-01 rent 700.00\n2026-04-01 payment 700.00")
    run_days(date(2026, 2, 27), date(2026, 3, 10))
    (case,) = Case.objects.all()
    assert case.opened_on == date(2026, 3, 2) and case.is_open  # the day the rent is overdue
    assert case.opened_because == Case.Opened.ARREARS

    book(tenancy, "2026-03-12 payment 700.00")
    run_days(date(2026, 3, 11), date(2026, 4, 10))
    case.refresh_from_db()
    assert case.cleared_since == date(2026, 3, 12) and case.is_open  # 30 days not yet passed
    run_days(date(2026, 4, 11), date(2026, 4, 11))
    case.refresh_from_db()
    assert case.closed_on == date(2026, 4, 11)

    book(tenancy, "2026-05-01 rent 700.00")  # behind again: a new case
    run_days(date(2026, 4, 12), date(2026, 5, 3))
    assert Case.objects.filter(closed_on__isnull=True).get().opened_on == date(2026, 5, 2)
    assert Case.objects.count() == 2


def test_arrears_that_return_within_the_period_keep_the_case_open():
    tenancy = make_tenancy("HC2", start=date(2020, 1, 1))
    book(tenancy, "2026-03-01 rent 700.00\n2026-03-05 payment 700.00\n2026-04-01 rent 700.00")
    run_days(date(2026, 3, 1), date(2026, 4, 3))
    (case,) = Case.objects.all()
    assert case.opened_on == date(2026, 3, 2) and case.is_open and case.cleared_since is None


def test_a_person_opens_and_closes_a_case_once(officer):
    tenancy = make_tenancy("HC3")
    first = actions.open_case(tenancy, acting_user=officer, note="Buurman maakt zich zorgen")
    assert actions.open_case(tenancy, acting_user=officer) == first
    assert first.opened_because == Case.Opened.PERSON and first.opened_by == officer
    assert actions.close_case(first, acting_user=officer) is True
    assert actions.close_case(first, acting_user=officer) is False  # two clicks, one close
    assert Case.objects.get().closed_by == officer


def test_recording_a_call_carries_out_the_proposed_call_and_a_promise_becomes_a_task(officer):
    tenancy = make_tenancy("HC4", start=date(2020, 1, 1), phone="0612345678")
    book(tenancy, "2026-03-01 rent 700.00")
    run_days(date(2026, 3, 1), date(2026, 3, 12))  # calls come after 10 days
    call = Proposal.objects.get(tenancy=tenancy, action="call")
    assert Task.objects.get(proposal=call).status == Task.Status.OPEN

    actions.record_contact(
        tenancy, acting_user=officer, channel="phone", reached=False, day_part="ochtend", on=date(2026, 3, 12)
    )
    call.refresh_from_db()
    assert call.status == Proposal.Status.DONE
    assert Task.objects.get(proposal=call).status == Task.Status.DONE

    actions.record_contact(
        tenancy,
        acting_user=officer,
        channel="phone",
        reached=True,
        day_part="middag",
        outcome="promise_to_pay",
        promise_date=date(2026, 3, 15),
        debt_help_pointed=True,
        note="Salaris komt de 15e",
        on=date(2026, 3, 13),
    )
    attempts = CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.CONTACT_ATTEMPT).order_by("id")
    assert [(e.params["reached"], e.params.get("outcome")) for e in attempts] == [
        (False, None),
        (True, "promise_to_pay"),
    ]
    assert attempts[1].params["promise_date"] == "2026-03-15" and attempts[1].actor == officer
    assert CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.DEBT_HELP_POINTED).count() == 1
    check = Task.objects.get(action=tasks.PROMISE_CHECK)
    assert (check.due_date, check.assigned_to, check.status) == (date(2026, 3, 16), officer, Task.Status.OPEN)
