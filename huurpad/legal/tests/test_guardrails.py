"""The guardrails of the legal track (PRODUCT.md), as properties.

Over every combination of facts (legal/rules.py): no hand-over or summons without the team
leader's yes and the escalation's conditions met on the day; no step towards eviction while debt
help, a moratorium or an honoured arrangement runs, and the refusal names each reason; what is not
a step towards eviction is never held. And over households in the database (legal/track.py): for
any hold and any step towards eviction, the step is refused or, when it happened elsewhere, held,
with a task to ask the court or bailiff to hold; never a scheduled eviction during a hold."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.cases import events
from huurpad.cases.models import Task
from huurpad.legal import rules, track
from huurpad.legal.models import LegalCase, LegalStep

from .scenario import approve, debt_help, ready_for_court, to_judgment_served

ESCALATION_REASONS = st.lists(
    st.sampled_from(
        [
            "de vier voorwaarden van Bgs art. 2 zijn niet aangetoond",
            "het vroegsignaal is minder dan 60 dagen oud",
            "de achterstand is minder dan 3 maanden huur",
            "het dossier staat op pauze",
        ]
    ),
    unique=True,
    max_size=3,
).map(tuple)


@st.composite
def facts(draw):
    done = frozenset(draw(st.sets(st.sampled_from(rules.STAGES))))
    return rules.Facts(
        running=draw(st.booleans()),
        done=done,
        stage=draw(st.sampled_from(["", *rules.STAGES])),
        outcome=draw(st.sampled_from(["", "ontbinding_ontruiming", "betalingsregeling", "afgewezen", "aangehouden"])),
        debt_help=draw(st.booleans()),
        moratorium=draw(st.booleans()),
        arrangement_honoured=draw(st.booleans()),
        escalation_approved=draw(st.booleans()),
        escalation_reasons=draw(ESCALATION_REASONS),
    )


@settings(max_examples=2000, deadline=None)
@given(facts(), st.sampled_from(sorted(rules.TOWARDS_EVICTION)))
def test_no_step_towards_eviction_while_the_track_is_held(f, step):
    reasons = rules.why_not(step, f)
    for hold in rules.holds(f):
        assert hold in reasons
    if f.debt_help or f.moratorium or f.arrangement_honoured:
        assert reasons and rules.held(step, f)


@settings(max_examples=2000, deadline=None)
@given(facts(), st.sampled_from(sorted(rules.NEEDS_ESCALATION)))
def test_no_hand_over_or_summons_without_the_yes_and_its_conditions_today(f, step):
    reasons = rules.why_not(step, f)
    if not f.escalation_approved or f.escalation_reasons:
        assert reasons
    for r in f.escalation_reasons:
        assert r in reasons


@settings(max_examples=1000, deadline=None)
@given(facts(), st.sampled_from(sorted(set(rules.STAGES) - rules.TOWARDS_EVICTION)))
def test_the_courts_steps_and_the_way_out_are_never_held(f, step):
    """A hearing, a judgment, a cancelled eviction and a strike-out are recorded whatever holds."""
    free = rules.Facts(**{**f.__dict__, "debt_help": False, "moratorium": False, "arrangement_honoured": False})
    assert rules.why_not(step, f) == rules.why_not(step, free)
    assert not rules.held(step, f)


@settings(max_examples=1000, deadline=None)
@given(facts(), st.sampled_from(rules.STAGES))
def test_a_step_that_may_be_taken_has_everything_before_it(f, step):
    if rules.why_not(step, f):
        return
    if step == rules.HANDOVER:
        assert not f.running and f.escalation_approved and not f.escalation_reasons and not rules.holds(f)
        return
    assert f.running and rules.BEFORE[step][0] & f.done
    if step in rules.TOWARDS_EVICTION:
        assert not rules.holds(f)
    if step == rules.EVICTION_SCHEDULED:
        assert f.outcome in rules.EVICTION_OUTCOMES


# --- In the database ----------------------------------------------------------------------------

HOLDS = ["debt_help", "kennisgeving", "moratorium", "arrangement"]
HELD_DAY = date(2026, 8, 10)


def _hold(tenancy, kind: str) -> str:
    """Make the household held on HELD_DAY; the words the refusal uses for it."""
    if kind == "debt_help":
        debt_help(tenancy, date(2026, 8, 3))
        return "schuldhulptraject"
    if kind in ("kennisgeving", "moratorium"):
        events.pause_started(tenancy, date(2026, 8, 3), reason=kind).save()
        return "moratorium" if kind == "moratorium" else "schuldhulptraject"
    # An arrangement for all of the arrears, its first instalment next month: kept.
    events.arrangement_started(
        tenancy, date(2026, 8, 3), arrears_at_start="4200.00", instalment="350.00", count=12, first_due="2026-09-01"
    ).save()
    return "betalingsregeling wordt nagekomen"


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    hold=st.sampled_from(HOLDS),
    by_person=st.booleans(),
    step=st.sampled_from(["eviction_scheduled", "eviction_executed"]),
)
def test_a_held_household_is_never_scheduled_for_eviction(teamleader, officer, hold, by_person, step):
    with transaction.atomic():
        tenancy = ready_for_court()
        to_judgment_served(tenancy, teamleader)
        if step == "eviction_executed":  # scheduled before the hold began
            track.record(
                tenancy,
                "eviction_scheduled",
                date(2026, 8, 2),
                track.Details(eviction_date=date(2026, 9, 1)),
                acting_user=officer,
            )
        words = _hold(tenancy, hold)
        details = track.Details(eviction_date=date(2026, 9, 15))
        if by_person:
            with pytest.raises(track.Refused) as refused:
                track.record(tenancy, step, HELD_DAY, details, acting_user=officer)
            assert words in str(refused.value) and refused.value.held
            assert not LegalStep.objects.filter(legal_case__tenancy=tenancy, stage=step, date=HELD_DAY).exists()
        else:
            made = track.from_elsewhere(tenancy, step, HELD_DAY, details, source=LegalStep.Source.BAILIFF)
            assert made.held
        found = LegalCase.objects.get(tenancy=tenancy)
        assert found.held_since == HELD_DAY and words in found.hold_reason
        assert Task.objects.filter(tenancy=tenancy, kind="legal_hold", status=Task.Status.OPEN).count() == 1
        if by_person and step == "eviction_scheduled":
            assert track.scheduled_eviction(tenancy) is None
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(approved=st.sampled_from([None, False, True]), paused=st.booleans(), early=st.booleans())
def test_a_hand_over_goes_only_with_the_yes_and_the_conditions_met_that_day(teamleader, approved, paused, early):
    with transaction.atomic():
        tenancy = ready_for_court()
        if approved is not None:
            approve(tenancy, approved=approved, on=date(2026, 3, 1))
        if paused:
            events.pause_started(tenancy, date(2026, 3, 5), reason="officer").save()
        day = date(2026, 3, 20) if early else date(2026, 6, 15)
        allowed = approved is True and not paused and not early
        try:
            track.record(tenancy, "bailiff_handover", day, acting_user=teamleader)
            went = True
        except track.Refused:
            went = False
        assert went == allowed
        assert LegalCase.objects.filter(tenancy=tenancy).exists() == allowed
        transaction.set_rollback(True)
