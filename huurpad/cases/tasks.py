"""One factory per kind of task; every kind's action, title and role in one table (KINDS).
Callers never build Task rows by hand: a factory returns the task unsaved, as the event factories
do, and the caller saves it (or bulk-creates many). The policy run stores its tasks in one
statement each (collection/run.py), with the titles and roles of POLICY_STEPS."""

from dataclasses import dataclass

from django.utils import timezone

from huurpad.accounts.roles import Role
from huurpad.core.policy.proposal import Action

from .models import Task


@dataclass(frozen=True)
class Kind:
    action: str  # Task.action: what 'Vandaag' sorts and filters on; kinds may share one
    title: str  # what the officer reads on 'Vandaag'
    role: Role  # who does it


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

KINDS: dict[str, Kind] = {
    # The policy's steps for people (core.policy): the run makes them, each with its proposal.
    Action.CALL: Kind(Action.CALL.value, "Bellen", Role.INCASSOMEDEWERKER),
    Action.HOME_VISIT: Kind(Action.HOME_VISIT.value, "Huisbezoek", Role.WOONCONSULENT),
    Action.ARRANGEMENT_BROKEN: Kind(
        Action.ARRANGEMENT_BROKEN.value, "Betalingsregeling loopt achter", Role.INCASSOMEDEWERKER
    ),
    Action.ESCALATION_REVIEW: Kind(Action.ESCALATION_REVIEW.value, "Beoordelen: volgende stap", Role.TEAMLEIDER),
    Action.REVIEW_PAUSE: Kind(Action.REVIEW_PAUSE.value, "Pauze evalueren", Role.INCASSOMEDEWERKER),
    # From the officers' own work (cases, solutions) and from the bank.
    PROMISE_CHECK: Kind(PROMISE_CHECK, "Betaalbelofte nakijken", Role.INCASSOMEDEWERKER),
    REFERRAL_FOLLOW_UP: Kind(REFERRAL_FOLLOW_UP, "Doorverwijzing nabellen", Role.INCASSOMEDEWERKER),
    ARRANGEMENT_REVIEW: Kind(ARRANGEMENT_REVIEW, "Betalingsregeling beoordelen", Role.TEAMLEIDER),
    MANDATE_CHECK: Kind(MANDATE_CHECK, "Incassomachtiging nakijken", Role.INCASSOMEDEWERKER),
    # From the municipality's feedback on an early signal (signals).
    DECEASED: Kind(DECEASED, "Gemeente meldt overlijden", Role.INCASSOMEDEWERKER),
    # Asked for by the tenant in Mijn Huurpad (portal).
    TENANT_CALLBACK: Kind(Action.CALL.value, "Terugbellen: de huurder vraagt erom", Role.INCASSOMEDEWERKER),
    TENANT_ARRANGEMENT_CALLBACK: Kind(
        Action.CALL.value, "Terugbellen: vraagt om een betalingsregeling", Role.INCASSOMEDEWERKER
    ),
    TENANT_MESSAGE: Kind(TENANT_MESSAGE, "Bericht van de huurder", Role.INCASSOMEDEWERKER),
    PORTAL_ARRANGEMENT: Kind(PORTAL_ARRANGEMENT, "Regeling via Mijn Huurpad: even nakijken", Role.INCASSOMEDEWERKER),
}
# The steps of the policy that are work for a person, in the order the run stores their tasks.
POLICY_STEPS = (
    Action.CALL,
    Action.HOME_VISIT,
    Action.ARRANGEMENT_BROKEN,
    Action.ESCALATION_REVIEW,
    Action.REVIEW_PAUSE,
)


# The callbacks a tenant asked for in Mijn Huurpad, promised "meestal binnen 2 werkdagen".
CALLBACKS = (TENANT_CALLBACK, TENANT_ARRANGEMENT_CALLBACK)
CALLBACK_PROMISED_WORKING_DAYS = 2


def callbacks(tasks):
    """The tasks among `tasks` that a tenant's callback request made: calls without a proposal,
    with one of the callback kinds' titles (the kinds share the action of the policy's calls)."""
    titles = [KINDS[kind].title for kind in CALLBACKS]
    return tasks.filter(action=KINDS[TENANT_CALLBACK].action, proposal__isnull=True, title__in=titles)


def _task(kind: str, tenancy, due_date, explanation: str, *, assigned_to=None) -> Task:
    k = KINDS[kind]
    return Task(
        tenancy=tenancy,
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


def done_for_proposals(proposal_ids: list[int]) -> None:
    """The open tasks of these proposals are done: the step they were made for was carried out."""
    Task.objects.filter(proposal_id__in=proposal_ids, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, closed_at=timezone.now()
    )
