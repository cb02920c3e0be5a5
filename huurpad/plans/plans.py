"""What people do with a household plan, each in one transaction with its timeline event and task
(as cases/actions.py): start it, add helpers, goals and actions, choose the coordinator, mark an
action done, register a coach's Doorbraak request and answer it. The person acting is always
`acting_user=`. `make_plan` builds a whole plan in one call, for the demo and the tests."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from huurpad.cases import events, tasks
from huurpad.collection.models import PolicyVersion

from .models import Action, Contribution, Domain, DoorbraakRequest, Goal, Helper, Plan

# The Doorbraak finding (toolkit 3.8): "We weten dat gezinnen vanaf de 4e hulpverlener het
# overzicht kwijt zijn." From this many active helpers the plan warns.
TOO_MANY_HELPERS = 4


def too_many_helpers(active_helpers: int) -> bool:
    """Whether a household with this many active helpers gets the warning (the Doorbraak finding)."""
    return active_helpers >= TOO_MANY_HELPERS


def active_helpers(plan: Plan) -> list[Helper]:
    return [h for h in plan.helpers.all() if h.active]


def running_plan(tenancy) -> Plan | None:
    return Plan.objects.filter(tenancy=tenancy, ended_on__isnull=True).first()


def answer_days() -> int:
    """The corporation's term for a written answer to a Doorbraak request (policy: plan.doorbraak_answer_days)."""
    return PolicyVersion.current().load().doorbraak_answer_days


class PlanError(ValueError):
    """What someone asked cannot be done; the message says why, in Dutch, for the page."""


def start(tenancy, on: date, *, acting_user) -> Plan:
    """Start the household's plan; one runs at a time."""
    if running_plan(tenancy) is not None:
        raise PlanError("Er loopt al een plan van aanpak voor dit huishouden.")
    try:
        with transaction.atomic():
            plan = Plan.objects.create(tenancy=tenancy, started_on=on, started_by=acting_user)
            events.plan_started(tenancy, on, acting_user=acting_user).save()
    except IntegrityError:  # two at once: the index lets one in
        raise PlanError("Er loopt al een plan van aanpak voor dit huishouden.") from None
    return plan


def _running(plan: Plan) -> None:
    if not plan.running:
        raise PlanError("Dit plan is afgesloten. U kunt niets meer toevoegen.")


def add_helper(
    plan: Plan, on: date, *, name: str, organisation: str, role: str = "", partner=None, user=None, acting_user
) -> Helper:
    _running(plan)
    return Helper.objects.create(
        plan=plan,
        name=name.strip(),
        organisation=organisation.strip(),
        role=role.strip(),
        partner=partner,
        user=user,
        added_on=on,
        added_by=acting_user,
    )


@transaction.atomic
def stop_helper(helper: Helper, on: date, *, acting_user) -> None:
    """The helper steps out of the plan (stays on its record); the coordinator cannot."""
    if helper.plan.coordinator_id == helper.pk:
        raise PlanError("De regisseur kan niet stoppen. Kies eerst een andere regisseur.")
    Helper.objects.filter(pk=helper.pk).update(active=False, stopped_on=on)


@transaction.atomic
def set_coordinator(plan: Plan, helper: Helper, on: date, *, acting_user) -> None:
    """The plan's one coordinator (regisseur): one of its active helpers."""
    _running(plan)
    if helper.plan_id != plan.pk or not helper.active:
        raise PlanError("Kies als regisseur een hulpverlener die in het plan meedoet.")
    Plan.objects.filter(pk=plan.pk).update(coordinator=helper)
    plan.coordinator = helper
    events.plan_coordinator(plan.tenancy, on, coordinator=str(helper), acting_user=acting_user).save()


def add_goal(plan: Plan, *, domain: str, situation: str, aim: str, acting_user) -> Goal:
    _running(plan)
    return Goal.objects.create(
        plan=plan, domain=Domain(domain), situation=situation.strip(), aim=aim.strip(), created_by=acting_user
    )


def add_action(
    plan: Plan,
    *,
    domain: str,
    text: str,
    helper: Helper | None = None,
    goal: Goal | None = None,
    contribution: str = "",
    due_on: date | None = None,
    acting_user,
) -> Action:
    """An action by a helper of the plan, or (`contribution` set) one the corporation itself owes."""
    _running(plan)
    if helper is not None and helper.plan_id != plan.pk:
        raise PlanError("Deze hulpverlener doet niet mee in dit plan.")
    if goal is not None and goal.plan_id != plan.pk:
        raise PlanError("Dit doel hoort niet bij dit plan.")
    if contribution:
        Contribution(contribution)
    return Action.objects.create(
        plan=plan,
        domain=Domain(domain),
        text=text.strip(),
        helper=helper,
        goal=goal,
        contribution=contribution,
        due_on=due_on,
        created_by=acting_user,
    )


def mark_done(action: Action, on: date, *, acting_user) -> None:
    if action.done_on is None:
        Action.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=on, done_by=acting_user)
        action.done_on, action.done_by = on, acting_user


@transaction.atomic
def register_request(
    plan: Plan,
    on: date,
    *,
    kind: str,
    question: str,
    asked_by: str,
    asked_by_organisation: str,
    acting_user,
    term_days: int | None = None,
) -> DoorbraakRequest:
    """A coach asks the corporation to break through its own rule. It is always taken up: the
    answer is due within the policy's term, a task for the team leader, on the timeline."""
    _running(plan)
    days = answer_days() if term_days is None else term_days
    request = DoorbraakRequest.objects.create(
        plan=plan,
        kind=Contribution(kind),
        question=question.strip(),
        asked_by=asked_by.strip(),
        asked_by_organisation=asked_by_organisation.strip(),
        received_on=on,
        answer_due=on + timedelta(days=days),
        registered_by=acting_user,
    )
    label = request.get_kind_display()
    events.doorbraak_requested(
        plan.tenancy,
        on,
        request=label,
        asked_by=f"{request.asked_by} ({request.asked_by_organisation})",
        answer_due=request.answer_due,
        acting_user=acting_user,
    ).save()
    tasks.store(
        tasks.doorbraak_answer(
            plan.tenancy,
            request.answer_due,
            explanation=f"{request.asked_by} ({request.asked_by_organisation}) vraagt: {label.lower()}. "
            f"Antwoord schriftelijk uiterlijk {request.answer_due:%d-%m-%Y}.",
        )
    )
    return request


@transaction.atomic
def answer_request(
    request: DoorbraakRequest, on: date, *, decision: str, answer: str, alternatives: str = "", acting_user
) -> DoorbraakRequest:
    """The corporation's written answer. A refusal names the alternatives (Almelo); a request
    granted, wholly or partly, becomes one of the corporation's contributions in the plan. When no
    request of the household is left open, the team leader's task is done."""
    decision = DoorbraakRequest.Decision(decision)
    answer, alternatives = answer.strip(), alternatives.strip()
    if not answer:
        raise ValidationError({"answer": "Schrijf het antwoord aan de coach."})
    if decision == DoorbraakRequest.Decision.REFUSED and not alternatives:
        raise ValidationError({"alternatives": "Bij een afwijzing noemt u de alternatieven."})
    fresh = DoorbraakRequest.objects.select_for_update().select_related("plan__tenancy").get(pk=request.pk)
    if not fresh.open:
        raise PlanError("Dit verzoek is al beantwoord.")
    fresh.decision, fresh.answer, fresh.alternatives = decision, answer, alternatives
    fresh.answered_on, fresh.answered_by = on, acting_user
    if decision != DoorbraakRequest.Decision.REFUSED:
        fresh.action = Action.objects.create(
            plan=fresh.plan,
            domain=Domain.HOUSING if fresh.kind == Contribution.OTHER_HOME else Domain.MONEY,
            contribution=fresh.kind,
            text=answer[:300],
            created_by=acting_user,
        )
    fresh.save()
    tenancy = fresh.plan.tenancy
    events.doorbraak_answered(
        tenancy,
        on,
        request=fresh.get_kind_display(),
        decision=fresh.get_decision_display().lower(),
        alternatives=alternatives,
        acting_user=acting_user,
    ).save()
    if not DoorbraakRequest.objects.filter(plan__tenancy=tenancy, answered_on__isnull=True).exists():
        tasks.done(tenancy, tasks.DOORBRAAK_ANSWER, acting_user=acting_user)
    return fresh


def overdue(on: date):
    """The Doorbraak requests whose written answer is late on `on`."""
    return DoorbraakRequest.objects.filter(answered_on__isnull=True, answer_due__lt=on)


@dataclass(frozen=True)
class HelperSpec:
    """A helper for make_plan: a person and organisation, perhaps a partner or a staff user."""

    name: str
    organisation: str
    role: str = ""
    partner: object = None
    user: object = None


def make_plan(
    tenancy,
    on: date,
    *,
    acting_user,
    helpers: list[HelperSpec] = (),
    coordinator: int | None = 0,
    goals: list[tuple[str, str, str]] = (),
    actions: list[tuple[str, str, int | None]] = (),
    contributions: list[tuple[str, str]] = (),
    requests: list[dict] = (),
) -> Plan:
    """A whole plan in one call (the demo, the tests): `helpers` in order; `coordinator` the index
    of the helper who coordinates (None: none yet); `goals` as (domain, situation now, aim);
    `actions` as (domain, text, index of the helper or None); `contributions` as (kind, text) of
    the corporation; `requests` as keyword arguments of register_request (kind, question,
    asked_by, asked_by_organisation), each perhaps with `answer` = keyword arguments of
    answer_request (decision, answer, alternatives) and `answered_on`."""
    with transaction.atomic():
        plan = start(tenancy, on, acting_user=acting_user)
        made = [
            add_helper(
                plan,
                on,
                name=h.name,
                organisation=h.organisation,
                role=h.role,
                partner=h.partner,
                user=h.user,
                acting_user=acting_user,
            )
            for h in helpers
        ]
        if coordinator is not None and made:
            set_coordinator(plan, made[coordinator], on, acting_user=acting_user)
        for domain, situation, aim in goals:
            add_goal(plan, domain=domain, situation=situation, aim=aim, acting_user=acting_user)
        for domain, text, index in actions:
            add_action(
                plan, domain=domain, text=text, helper=None if index is None else made[index], acting_user=acting_user
            )
        for kind, text in contributions:
            domain = Domain.HOUSING if kind == Contribution.OTHER_HOME else Domain.MONEY
            add_action(plan, domain=domain, text=text, contribution=kind, acting_user=acting_user)
        for spec in requests:
            spec = dict(spec)
            answer, answered_on = spec.pop("answer", None), spec.pop("answered_on", on)
            request = register_request(plan, on, acting_user=acting_user, **spec)
            if answer:
                answer_request(request, answered_on, acting_user=acting_user, **answer)
    return plan
