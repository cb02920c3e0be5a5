"""One factory per kind of task; every kind's action, title, role and the facts that end it in
one table (KINDS). Callers never build Task rows by hand: a factory returns the task unsaved, as
the event factories do, and the caller stores it with `store` (or bulk-creates many, ignoring
conflicts). The policy run stores its tasks in one statement each (collection/run.py), with the
titles and roles of POLICY_STEPS.

Tasks keep themselves true: a household has at most one open task of a kind (`store`, and the
partial unique index one_open_task_per_kind), and when the fact that made a task is gone (Gone:
contact made, paid in full, an arrangement started, the pause ended, the tenancy ended) the task
closes itself in `close_gone`, with the reason on the timeline. Who learns such a fact calls it
with what it knows: the daily run (paid, tenancy ended), record_contact (contact), the
arrangements and the pause button (solutions.arrangements). `stale` counts the open tasks whose
reason is gone, read from the database, for the checks."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from huurpad.accounts.roles import Role
from huurpad.core import ledger
from huurpad.core.policy.calls import REACH_CHANNELS
from huurpad.core.policy.facts import SincePause
from huurpad.core.policy.proposal import Action
from huurpad.db import IN_CHUNKS
from huurpad.tenancies.arrears import owed

from . import events
from .models import CaseEvent, Task
from .timeline import EVICTION_TYPES


class Gone(StrEnum):
    """A fact after which a task no longer needs doing, with the reason the timeline gives."""

    CONTACT = "contact"
    PAID = "paid"
    # While a pause runs: the arrears are no higher than when it began (what fell due since is paid);
    # a call about the current rent is no longer needed (core.policy.rules.current_rent).
    CURRENT_RENT_PAID = "current_rent_paid"
    ARRANGEMENT = "arrangement"
    PAUSE_ENDED = "pause_ended"
    TENANCY_ENDED = "tenancy_ended"
    # The scheduled eviction is off: cancelled, carried out, or the case struck out (legal/track.py).
    EVICTION_OFF = "eviction_off"
    # A visit at the door reached the tenant (record_contact).
    VISITED = "visited"
    # A former tenant's final bill went to a collection agency (solutions/former.py).
    AGENCY = "agency"


REASONS = {
    Gone.CONTACT: "er is contact geweest met de huurder",
    Gone.PAID: "de huurder heeft geen achterstand meer",
    Gone.CURRENT_RENT_PAID: "er loopt een pauze en de huur van nu is betaald",
    Gone.ARRANGEMENT: "er is een betalingsregeling gestart",
    Gone.PAUSE_ENDED: "de pauze is voorbij",
    Gone.TENANCY_ENDED: "het huurcontract is beëindigd",
    Gone.EVICTION_OFF: "er is geen ontruiming meer gepland",
    Gone.VISITED: "er is een huisbezoek geweest",
    Gone.AGENCY: "de eindafrekening is overgedragen aan een incassobureau",
}
_ENDED = frozenset({Gone.TENANCY_ENDED})
_CHASING = frozenset({Gone.CONTACT, Gone.PAID, Gone.ARRANGEMENT, Gone.TENANCY_ENDED})


@dataclass(frozen=True)
class Kind:
    action: str  # Task.action: what 'Vandaag' sorts and filters on; kinds may share one
    title: str  # what the officer reads on 'Vandaag'
    role: Role  # who does it
    ends_when: frozenset[Gone] = _ENDED  # the facts after which the task no longer needs doing


# The kinds that are not steps of the policy, by name (for most the name is the action).
PROMISE_CHECK = "promise_check"
REFERRAL_FOLLOW_UP = "referral_follow_up"
ARRANGEMENT_REVIEW = "arrangement_review"
MANDATE_CHECK = "mandate_check"
DECEASED = "deceased"
TENANT_CALLBACK = "tenant_callback"
TENANT_ARRANGEMENT_CALLBACK = "tenant_arrangement_callback"
TENANT_MESSAGE = "tenant_message"
PORTAL_ARRANGEMENT = "portal_arrangement"
DOORBRAAK_ANSWER = "doorbraak_answer"
# A former tenant's call about the final bill (core.policy.former): a call, but the end of the
# tenancy does not end it.
FORMER_CALL = "former_call"
# Debt help through the Schuldenknooppunt (debthelp).
DEBT_HELP_KENNISGEVING = "debt_help_kennisgeving"
DEBT_HELP_ANSWER = "debt_help_answer"
DEBT_HELP_DECISION = "debt_help_decision"
DEBT_HELP_REVIEW = "debt_help_review"
# The legal track (legal/track.py): a step towards eviction meets a debt-help trajectory,
# moratorium or honoured arrangement.
LEGAL_HOLD = "legal_hold"
# An eviction scheduled (core/policy/eviction.py): the run makes these three of its proposal, each
# due its own number of days before the eviction date. Done by a person, or closed when the
# eviction is off.
EVICTION_CALL = "eviction_call"
EVICTION_VISIT = "eviction_visit"
EVICTION_OFFER = "eviction_offer"
_EVICTION = frozenset({Gone.EVICTION_OFF, Gone.TENANCY_ENDED})

KINDS: dict[str, Kind] = {
    # The policy's steps for people (core.policy): the run makes them, each with its proposal.
    # A call ends also when, during a pause, the current rent it was about is paid (the old arrears
    # are not chased then).
    Action.CALL: Kind(Action.CALL.value, "Bellen", Role.INCASSOMEDEWERKER, _CHASING | {Gone.CURRENT_RENT_PAID}),
    Action.HOME_VISIT: Kind(Action.HOME_VISIT.value, "Huisbezoek", Role.WOONCONSULENT, _CHASING),
    Action.ARRANGEMENT_BROKEN: Kind(
        Action.ARRANGEMENT_BROKEN.value, "Betalingsregeling loopt achter", Role.INCASSOMEDEWERKER, _CHASING
    ),
    Action.ESCALATION_REVIEW: Kind(
        Action.ESCALATION_REVIEW.value,
        "Beoordelen: volgende stap",
        Role.TEAMLEIDER,
        frozenset({Gone.PAID, Gone.ARRANGEMENT, Gone.TENANCY_ENDED}),
    ),
    Action.REVIEW_PAUSE: Kind(
        Action.REVIEW_PAUSE.value,
        "Pauze evalueren",
        Role.INCASSOMEDEWERKER,
        frozenset({Gone.PAUSE_ENDED, Gone.TENANCY_ENDED}),
    ),
    # From the officers' own work (cases, solutions) and from the bank.
    # A former tenant's final bill unpaid after its steps (core.policy.former): the team leader
    # hands it to a collection agency or proposes a write-off. Not ended by the tenancy's end.
    Action.FORMER_DECISION: Kind(
        Action.FORMER_DECISION.value,
        "Vertrokken huurder: incassobureau of kwijtschelden",
        Role.TEAMLEIDER,
        frozenset({Gone.PAID, Gone.ARRANGEMENT, Gone.AGENCY}),
    ),
    FORMER_CALL: Kind(
        Action.CALL.value,
        "Vertrokken huurder bellen over de eindafrekening",
        Role.INCASSOMEDEWERKER,
        frozenset({Gone.CONTACT, Gone.PAID, Gone.ARRANGEMENT, Gone.AGENCY}),
    ),
    PROMISE_CHECK: Kind(
        PROMISE_CHECK, "Betaalbelofte nakijken", Role.INCASSOMEDEWERKER, frozenset({Gone.PAID, Gone.TENANCY_ENDED})
    ),
    REFERRAL_FOLLOW_UP: Kind(REFERRAL_FOLLOW_UP, "Doorverwijzing nabellen", Role.INCASSOMEDEWERKER),
    ARRANGEMENT_REVIEW: Kind(ARRANGEMENT_REVIEW, "Betalingsregeling beoordelen", Role.TEAMLEIDER),
    MANDATE_CHECK: Kind(MANDATE_CHECK, "Incassomachtiging nakijken", Role.INCASSOMEDEWERKER),
    # From the municipality's feedback on an early signal (signals).
    DECEASED: Kind(DECEASED, "Gemeente meldt overlijden", Role.INCASSOMEDEWERKER),
    # Asked for by the tenant in Mijn Huurpad (portal).
    TENANT_CALLBACK: Kind(Action.CALL.value, "Terugbellen: de huurder vraagt erom", Role.INCASSOMEDEWERKER, _CHASING),
    TENANT_ARRANGEMENT_CALLBACK: Kind(
        Action.CALL.value, "Terugbellen: vraagt om een betalingsregeling", Role.INCASSOMEDEWERKER, _CHASING
    ),
    TENANT_MESSAGE: Kind(TENANT_MESSAGE, "Bericht van de huurder", Role.INCASSOMEDEWERKER),
    PORTAL_ARRANGEMENT: Kind(PORTAL_ARRANGEMENT, "Regeling via Mijn Huurpad: even nakijken", Role.INCASSOMEDEWERKER),
    # A coach's Doorbraak request in a household plan (plans), answered in writing by its due date.
    DOORBRAAK_ANSWER: Kind(DOORBRAAK_ANSWER, "Doorbraakverzoek beantwoorden", Role.TEAMLEIDER),
    # From a debt counsellor's messages (debthelp): the due date is the answer's deadline.
    DEBT_HELP_KENNISGEVING: Kind(DEBT_HELP_KENNISGEVING, "Kennisgeving schuldhulp: nakijken", Role.INCASSOMEDEWERKER),
    DEBT_HELP_ANSWER: Kind(DEBT_HELP_ANSWER, "Schuldhulp: antwoord versturen", Role.INCASSOMEDEWERKER),
    DEBT_HELP_DECISION: Kind(DEBT_HELP_DECISION, "Schuldhulp: besluit van de teamleider", Role.TEAMLEIDER),
    DEBT_HELP_REVIEW: Kind(DEBT_HELP_REVIEW, "Schuldhulp: verder helpen", Role.INCASSOMEDEWERKER),
    LEGAL_HOLD: Kind(
        LEGAL_HOLD, "Vraag de rechter of de deurwaarder het traject aan te houden", Role.INCASSOMEDEWERKER
    ),
    # Contact ends the call, a visit at the door the visit, an arrangement the offer: each step on its own.
    EVICTION_CALL: Kind(
        Action.CALL.value, "Ontruiming dreigt: bel de huurder", Role.INCASSOMEDEWERKER, _EVICTION | {Gone.CONTACT}
    ),
    EVICTION_VISIT: Kind(
        Action.HOME_VISIT.value, "Ontruiming dreigt: huisbezoek", Role.WOONCONSULENT, _EVICTION | {Gone.VISITED}
    ),
    EVICTION_OFFER: Kind(
        Action.EVICTION_PREVENTION.value,
        "Ontruiming dreigt: laatste aanbod",
        Role.TEAMLEIDER,
        _EVICTION | {Gone.ARRANGEMENT},
    ),
}
# The steps of the policy that are work for a person, in the order the run stores their tasks.
POLICY_STEPS = (
    Action.CALL,
    Action.HOME_VISIT,
    Action.ARRANGEMENT_BROKEN,
    Action.ESCALATION_REVIEW,
    Action.REVIEW_PAUSE,
    Action.FORMER_DECISION,
)
# Steps of the policy whose rule has a kind of task of its own: rule -> (kind, action).
RULE_STEPS = {"former_call": (FORMER_CALL, Action.CALL)}


# The callbacks a tenant asked for in Mijn Huurpad, promised "meestal binnen 2 werkdagen".
CALLBACKS = (TENANT_CALLBACK, TENANT_ARRANGEMENT_CALLBACK)
CALLBACK_PROMISED_WORKING_DAYS = 2


def callbacks(tasks):
    """The tasks among `tasks` that a tenant's callback request made (Task.kind: the kinds share
    the action of the policy's calls)."""
    return tasks.filter(kind__in=[str(kind) for kind in CALLBACKS])


def _task(kind: str, tenancy, due_date, explanation: str, *, assigned_to=None) -> Task:
    k = KINDS[kind]
    return Task(
        tenancy=tenancy,
        kind=str(kind),
        action=k.action,
        role=k.role.value,
        title=k.title,
        explanation=explanation,
        due_date=due_date,
        assigned_to=assigned_to,
    )


def home_visit(tenancy, due_date, *, explanation: str) -> Task:
    """A visit outside the policy's own (the municipality got no contact after a signal)."""
    return _task(Action.HOME_VISIT, tenancy, due_date, explanation)


def review_pause(tenancy, due_date, *, explanation: str, assigned_to=None) -> Task:
    """A running pause past its review date without a review task (solutions.arrangements); the
    policy run makes the first one on the review date itself, with its proposal."""
    return _task(Action.REVIEW_PAUSE, tenancy, due_date, explanation, assigned_to=assigned_to)


def promise_check(tenancy, due_date, *, explanation: str, assigned_to) -> Task:
    return _task(PROMISE_CHECK, tenancy, due_date, explanation, assigned_to=assigned_to)


def referral_follow_up(tenancy, due_date, *, explanation: str, assigned_to) -> Task:
    return _task(REFERRAL_FOLLOW_UP, tenancy, due_date, explanation, assigned_to=assigned_to)


def arrangement_review(tenancy, due_date, *, explanation: str) -> Task:
    """An arrangement beyond the officer's bounds, for the team leader (solutions.arrangements)."""
    return _task(ARRANGEMENT_REVIEW, tenancy, due_date, explanation)


def mandate_check(tenancy, due_date, *, explanation: str) -> Task:
    """A direct debit returned for a reason that points at the mandate (bank.imports)."""
    return _task(MANDATE_CHECK, tenancy, due_date, explanation)


def deceased(tenancy, due_date, *, explanation: str) -> Task:
    return _task(DECEASED, tenancy, due_date, explanation)


def tenant_callback(tenancy, due_date, *, explanation: str) -> Task:
    return _task(TENANT_CALLBACK, tenancy, due_date, explanation)


def tenant_arrangement_callback(tenancy, due_date, *, explanation: str) -> Task:
    return _task(TENANT_ARRANGEMENT_CALLBACK, tenancy, due_date, explanation)


def tenant_message(tenancy, due_date, *, explanation: str) -> Task:
    return _task(TENANT_MESSAGE, tenancy, due_date, explanation)


def portal_arrangement(tenancy, due_date, *, explanation: str) -> Task:
    return _task(PORTAL_ARRANGEMENT, tenancy, due_date, explanation)


def doorbraak_answer(tenancy, due_date, *, explanation: str) -> Task:
    """A coach asks the corporation to break through its own rule (plans): the team leader answers
    in writing by the policy's term."""
    return _task(DOORBRAAK_ANSWER, tenancy, due_date, explanation)


def debt_help_kennisgeving(tenancy, due_date, *, explanation: str) -> Task:
    return _task(DEBT_HELP_KENNISGEVING, tenancy, due_date, explanation)


def debt_help_answer(tenancy, due_date, *, explanation: str) -> Task:
    """A balance answer to look at and send before its deadline (debthelp)."""
    return _task(DEBT_HELP_ANSWER, tenancy, due_date, explanation)


def debt_help_decision(tenancy, due_date, *, explanation: str) -> Task:
    """A payment proposal outside the covenant, a request to reconsider, or the rest of the claim
    after a settlement: the team leader decides (debthelp)."""
    return _task(DEBT_HELP_DECISION, tenancy, due_date, explanation)


def debt_help_review(tenancy, due_date, *, explanation: str) -> Task:
    """A settlement that failed: the pause ended, the officer looks at what can be done now."""
    return _task(DEBT_HELP_REVIEW, tenancy, due_date, explanation)


def legal_hold(tenancy, due_date, *, explanation: str) -> Task:
    """A step towards eviction while debt help, a moratorium or an honoured arrangement runs: the
    officer asks the court or the bailiff to hold the case (legal/track.py)."""
    return _task(LEGAL_HOLD, tenancy, due_date, explanation)


# The steps of the eviction prevention: the proposal's fact that gives each one's due date.
EVICTION_STEPS = ((EVICTION_CALL, "call_by"), (EVICTION_VISIT, "visit_by"), (EVICTION_OFFER, "offer_by"))


def eviction_prevention(tenancy, proposal) -> list[Task]:
    """The three tasks of an eviction_prevention proposal (its facts give the days). The team
    leader's offer, the last of them, carries the proposal."""
    made = [
        _task(kind, tenancy, date.fromisoformat(proposal.facts[fact]), proposal.explanation)
        for kind, fact in EVICTION_STEPS
    ]
    made[-1].proposal = proposal
    return made


def done(tenancy, kind: str, *, acting_user) -> int:
    """The household's open task of this kind is done by the person acting (a decision that was
    its purpose: a pause extended). Returns how many (0 or 1)."""
    return Task.objects.filter(tenancy=tenancy, kind=str(kind), status=Task.Status.OPEN).update(
        status=Task.Status.DONE, closed_at=timezone.now(), assigned_to=acting_user
    )


def done_for_proposals(proposal_ids: list[int]) -> None:
    """The open tasks of these proposals are done: the step they were made for was carried out."""
    Task.objects.filter(proposal_id__in=proposal_ids, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, closed_at=timezone.now()
    )


def store(task: Task) -> Task:
    """Save a task a factory made, unless its household has an open task of that kind already:
    then that one gets the new explanation added and is returned (never two open tasks of one
    kind; a tenant's second message is not lost)."""
    found = Task.objects.filter(tenancy_id=task.tenancy_id, kind=task.kind, status=Task.Status.OPEN).first()
    if found is not None:
        if task.explanation and task.explanation not in found.explanation:
            found.explanation = f"{found.explanation}\n{task.explanation}".strip()
            Task.objects.filter(pk=found.pk).update(explanation=found.explanation)
        return found
    try:
        with transaction.atomic():  # a savepoint: of two at once, the index lets one in
            task.save()
    except IntegrityError:
        return Task.objects.get(tenancy_id=task.tenancy_id, kind=task.kind, status=Task.Status.OPEN)
    return task


def close_gone(on: date, gone: dict[Gone, "set[int] | list[int]"]) -> int:
    """Close the open tasks whose reason is gone: `gone` gives, per fact, the tenancies for which it
    now holds (so: after every open task was made). A task ends on the facts its kind names
    (KINDS). Each household's timeline gets one event saying which tasks closed
    and why. Returns how many closed. Called inside the caller's transaction."""
    gone = {fact: set(ids) for fact, ids in gone.items() if ids}
    if not gone:
        return 0
    kinds = {name for name, kind in KINDS.items() if kind.ends_when & gone.keys()}
    open_tasks = Task.objects.select_for_update(of=("self",)).filter(status=Task.Status.OPEN, kind__in=kinds)
    closing: dict[int, tuple[Task, Gone]] = {}
    # A contact names one household: only its tasks are read. The run names thousands: then the
    # open tasks (few) are read once rather than asked for in thousands of ids.
    named = sorted(set().union(*gone.values()))
    batches = [open_tasks] if len(named) > IN_CHUNKS else [open_tasks.filter(tenancy_id__in=named)]
    for batch in batches:
        for task in batch.order_by("id"):
            for fact in sorted(KINDS[task.kind].ends_when & gone.keys()):
                if task.tenancy_id in gone[fact]:
                    closing[task.id] = (task, fact)
                    break
    if not closing:
        return 0
    Task.objects.filter(id__in=list(closing), status=Task.Status.OPEN).update(
        status=Task.Status.OBSOLETE, closed_at=timezone.now()
    )
    per_household: dict[int, list[tuple[Task, Gone]]] = defaultdict(list)
    for task, fact in closing.values():
        per_household[task.tenancy_id].append((task, fact))
    CaseEvent.objects.bulk_create(
        events.tasks_closed(
            found_tasks[0][0].tenancy,
            on,
            closed=[(task.title, REASONS[fact]) for task, fact in found_tasks],
        )
        for _, found_tasks in sorted(per_household.items())
    )
    return len(closing)


def reasons_gone(task: Task, on: date) -> list[Gone]:
    """The facts of the task's kind that hold on `on`, read from the database: what `close_gone`
    should have acted on. For the checks (`stale`) and the tests."""
    tenancy, found = task.tenancy, []
    # Contact and arrangements count from when the task was made (the run's day is not enough: a
    # task made in the evening after a call in the morning is not answered by that call).
    timeline = CaseEvent.objects.filter(tenancy=tenancy, created_at__gte=task.created_at, date__lte=on)
    for fact in sorted(KINDS[task.kind].ends_when) if task.kind in KINDS else ():
        if fact == Gone.TENANCY_ENDED:
            holds = tenancy.end_date is not None and tenancy.end_date < on
        elif fact == Gone.PAID:  # paid since it was made: a tenant who paid may still ask for a call
            holds = owed(tenancy, on) <= 0 < _owed_when_made(task, on)
        elif fact == Gone.CURRENT_RENT_PAID:
            holds = _current_rent_paid(tenancy, on)
        elif fact in (Gone.CONTACT, Gone.VISITED):
            channels = REACH_CHANNELS if fact == Gone.CONTACT else {"visit"}
            holds = any(
                e.params.get("reached") and e.params.get("channel") in channels
                for e in timeline.filter(type=CaseEvent.Type.CONTACT_ATTEMPT)
            )
        elif fact == Gone.ARRANGEMENT:
            holds = timeline.filter(type=CaseEvent.Type.ARRANGEMENT_STARTED).exists()
        elif fact == Gone.EVICTION_OFF:
            last = (
                CaseEvent.objects.filter(tenancy=tenancy, date__lte=on, type__in=EVICTION_TYPES)
                .order_by("date", "id")
                .last()
            )
            holds = last is None or last.type != CaseEvent.Type.EVICTION_SCHEDULED
        elif fact == Gone.AGENCY:
            holds = timeline.filter(type=CaseEvent.Type.AGENCY_HANDOVER).exists()
        else:  # PAUSE_ENDED: no pause runs on the timeline
            last = (
                CaseEvent.objects.filter(
                    tenancy=tenancy, date__lte=on, type__in=[CaseEvent.Type.PAUSE_STARTED, CaseEvent.Type.PAUSE_ENDED]
                )
                .order_by("date", "id")
                .last()
            )
            holds = last is None or last.type == CaseEvent.Type.PAUSE_ENDED
        if holds:
            found.append(fact)
    return found


def _owed_when_made(task: Task, on: date):
    """The arrears on `on` counting only the entries booked before the task was made: what it was
    made about (a payment booked after it may have cleared them; one before it did not)."""
    entries = task.tenancy.ledger_entries.filter(date__lte=on, booked_at__lt=task.created_at)
    return ledger.totals([e.to_core() for e in entries], on).arrears


def _current_rent_paid(tenancy, on: date) -> bool:
    """A pause runs on `on` and the arrears are no higher than when it began: everything that fell
    due since is paid (so also what was past the policy's days, which the run closes on)."""
    running = None
    for kind, day in (
        CaseEvent.objects.filter(
            tenancy=tenancy, date__lte=on, type__in=[CaseEvent.Type.PAUSE_STARTED, CaseEvent.Type.PAUSE_ENDED]
        )
        .order_by("date", "id")
        .values_list("type", "date")
    ):
        running = day if kind == CaseEvent.Type.PAUSE_STARTED else None
    if running is None:
        return False
    entries = tenancy.core_entries(on)
    since = SincePause.of(entries, running, on)
    return ledger.totals(entries, on).arrears <= since.opening.arrears


def stale(on: date) -> list[Task]:
    """The open tasks whose reason is gone on `on` (should be none)."""
    open_tasks = Task.objects.filter(status=Task.Status.OPEN).select_related("tenancy").order_by("id")
    return [task for task in open_tasks if reasons_gone(task, on)]


def open_count() -> int:
    return Task.objects.filter(status=Task.Status.OPEN).count()


def doubles() -> int:
    """Open tasks beyond the first of their kind per household (the index keeps this at 0)."""
    seen, extra = set(), 0
    for key in Task.objects.filter(status=Task.Status.OPEN).values_list("tenancy_id", "kind"):
        extra += key in seen
        seen.add(key)
    return extra
