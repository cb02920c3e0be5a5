"""Property: for random households' histories, `huurpad retention` touches nothing a tenancy still
needs, removes everything past its term, and a second run the same day changes nothing."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from huurpad.cases.models import CaseEvent
from huurpad.core.calendar import add_months
from huurpad.messaging.models import OutboxMessage
from huurpad.portal import retention
from huurpad.tenancies.models import Tenant
from huurpad.testing.ledgers import book, make_tenancy

from . import history as h

FIRST = date(2024, 1, 1)
TERM = 24  # months: the package's term for contact notes, the timeline and messages
days = st.integers(min_value=0, max_value=6 * 365).map(lambda n: FIRST + timedelta(days=n))

NEEDS = ("arrears", "open case", "running arrangement", "running pause")
household = st.fixed_dictionaries(
    {
        "needs": st.sampled_from((None, None, *NEEDS)),  # what still needs the data, if anything
        "end": st.none() | days,
        "closed_cases": st.lists(
            st.tuples(days, st.integers(1, 400)), max_size=2
        ),  # opened, closed that many days later
        "arrangement": st.none() | days,  # ended on that day
        "pause": st.none() | days,
        "notes": st.lists(days, max_size=3),
        "messages": st.lists(days, max_size=2),
    }
)


def make(n: int, spec: dict):
    tenancy = make_tenancy(f"HC{n}", start=date(2020, 1, 1), end=spec["end"], surname=f"Huurder{n}")
    for opened, length in spec["closed_cases"]:
        h.case(tenancy, opened, opened + timedelta(days=length))
    for kind, make_one in (("arrangement", h.arrangement), ("pause", h.pause)):
        if spec[kind] is not None:
            make_one(tenancy, FIRST, spec[kind])
    match spec["needs"]:
        case "arrears":
            book(tenancy, "2023-12-01 rent 700.00")
        case "open case":
            h.case(tenancy, FIRST)
        case "running arrangement":
            h.arrangement(tenancy, FIRST, None)
        case "running pause":
            h.pause(tenancy, FIRST, None)
    for day in spec["notes"]:
        h.event(tenancy, day, CaseEvent.Type.NOTE, text="Gebeld")
    for day in spec["messages"]:
        h.message(tenancy, day)
    return tenancy


def still_needed(spec: dict, on: date) -> bool:
    """What the brief says: arrears, an open case, a running arrangement or pause; on a day in the
    past, also a case, arrangement or pause that ended after it."""
    ends = [o + timedelta(days=n) for o, n in spec["closed_cases"]] + [spec["arrangement"], spec["pause"]]
    return spec["needs"] is not None or any(end is not None and end > on for end in ends)


def settled(spec: dict, on: date) -> date | None:
    ends = [spec["end"]] + [o + timedelta(days=n) for o, n in spec["closed_cases"]]
    ends += [spec[k] for k in ("arrangement", "pause") if isinstance(spec[k], date)]
    ends = [d for d in ends if d is not None and d <= on]
    return max(ends, default=None)


def past(spec: dict, day: date, on: date) -> bool:
    since = max(day, settled(spec, on) or day)
    return not still_needed(spec, on) and add_months(since, TERM) <= on


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(household, min_size=1, max_size=3), st.integers(0, 9 * 365).map(lambda n: FIRST + timedelta(days=n)))
@example(  # run for a past day: the second case closed the day after it, so it was still open then
    [
        dict(
            needs=None,
            end=None,
            closed_cases=[(FIRST, 1), (date(2024, 11, 28), 400)],
            arrangement=None,
            pause=None,
            notes=[FIRST],
            messages=[FIRST],
        )
    ],
    date(2026, 1, 1),
)
def test_retention_keeps_what_is_needed_and_removes_what_is_past_its_term(db, households, on):
    with transaction.atomic():
        tenancies = [(make(n, spec), spec) for n, spec in enumerate(households, start=1)]
        retention.run(on)
        for tenancy, spec in tenancies:
            kept_notes = sorted(CaseEvent.objects.filter(tenancy=tenancy).values_list("date", flat=True))
            assert kept_notes == sorted(d for d in spec["notes"] if not past(spec, d, on)), (spec, on)
            kept_texts = sorted(
                OutboxMessage.objects.filter(tenancy=tenancy).exclude(body="").values_list("day", flat=True)
            )
            assert kept_texts == sorted(d for d in spec["messages"] if not past(spec, d, on)), (spec, on)
            if still_needed(spec, on):
                assert Tenant.objects.get(pk=tenancy.tenant_id).surname == f"Huurder{tenancy.ref[2:]}"
        assert all(c.count == 0 for c in retention.run(on))  # idempotent
        transaction.set_rollback(True)
