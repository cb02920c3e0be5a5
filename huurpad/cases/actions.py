"""What people and the daily run do to cases: open and close them, record contact.

Every function writes in one transaction; state changes are conditional updates, so two clicks
or two runs cannot both win."""

from datetime import date, timedelta
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from huurpad.accounts.roles import LABELS, able_to_do, may_do_task, require
from huurpad.core.dutch import date_nl
from huurpad.core.policy.calls import REACH_CHANNELS
from huurpad.core.policy.proposal import Action
from huurpad.db import chunks, scopes

from . import events, tasks
from .models import Case, CaseEvent, Measure, Partner, Referral, Task

# The outcomes of a contact attempt an officer can record, in plain Dutch.
OUTCOMES = {
    "promise_to_pay": "Belooft te betalen",
    "arrangement_wanted": "Wil een betalingsregeling",
    "help_wanted": "Wil hulp",
    "paid_already": "Zegt al betaald te hebben",
    "callback": "Terugbellen",
    "wrong_number": "Verkeerd nummer",
    "refuses": "Wil niet praten",
    "other": "Anders",
}
# Which proposed steps a contact on a channel carries out.
CHANNEL_STEPS = {"phone": Action.CALL, "visit": Action.HOME_VISIT, "card": Action.HOME_VISIT}


class Proposals(Protocol):
    """What a contact or a decision here does to the policy's proposals: it carries out the call
    or visit proposed, or the escalation review. Proposals are collection's, a layer above cases,
    and only collection changes their status; cases does not import it. CollectionConfig.ready
    hands over collection.proposals, which has these functions: the one place where cases calls up."""

    def contact_made(self, tenancy, action: str) -> list[int]: ...

    def review_decided(self, proposal_id: int) -> bool: ...


proposals: Proposals | None = None  # collection/apps.py sets it when the apps are ready


def sync_with_arrears(on: date, owing: list[int], settled: list[int], close_after_days: int) -> None:
    """After a policy run: open a case for every tenancy in arrears without one, note since when a
    case's tenancy owes nothing (or that it owes again), and close the cases whose tenancy has
    owed nothing for `close_after_days`. `owing` and `settled` are the tenancies the run looked
    at, with and without arrears; the others did not change."""
    looked_at = sorted({*owing, *settled})
    still_open = Case.objects.filter(closed_on__isnull=True)
    open_cases = {}
    for ids in scopes(looked_at):  # a full run looks at every tenancy: then all open cases are read
        found = still_open if ids is None else still_open.filter(tenancy_id__in=ids)
        open_cases.update(found.values_list("tenancy_id", "cleared_since"))
    # A case a person opened in the meantime stays the open one (the partial unique index).
    Case.objects.bulk_create(
        (Case(tenancy_id=tid, opened_on=on) for tid in owing if tid not in open_cases), ignore_conflicts=True
    )
    owing_again = [tid for tid in owing if open_cases.get(tid) is not None]
    newly_cleared = [tid for tid in settled if tid in open_cases and open_cases[tid] is None]
    for ids in chunks(owing_again):
        Case.objects.filter(tenancy_id__in=ids, closed_on__isnull=True).update(cleared_since=None)
    for ids in chunks(newly_cleared):
        Case.objects.filter(tenancy_id__in=ids, closed_on__isnull=True, cleared_since__isnull=True).update(
            cleared_since=on
        )
    Case.objects.filter(closed_on__isnull=True, cleared_since__lte=on - timedelta(days=close_after_days)).update(
        closed_on=on
    )


@transaction.atomic
def open_case(tenancy, *, acting_user, on: date | None = None, note: str = "") -> Case:
    """A person opens a case (a signal from a neighbour, a worry): the open one if there is one.
    A case opened here goes on the timeline, with the note."""
    existing = Case.objects.select_for_update().filter(tenancy=tenancy, closed_on__isnull=True).first()
    if existing is not None:
        return existing
    on = on or timezone.localdate()
    case = Case.objects.create(
        tenancy=tenancy, opened_on=on, opened_because=Case.Opened.PERSON, opened_by=acting_user, note=note
    )
    events.case_opened(tenancy, on, note=note, acting_user=acting_user).save()
    return case


@transaction.atomic
def close_case(case: Case, *, acting_user, reason: str = "", on: date | None = None) -> bool:
    """A person closes an open case, saying why; the timeline says who and why. False when it was
    closed already (two clicks cannot both win)."""
    on = on or timezone.localdate()
    if not Case.objects.filter(pk=case.pk, closed_on__isnull=True).update(
        closed_on=on, closed_by=acting_user, close_reason=reason
    ):
        return False
    events.case_closed(case.tenancy, on, reason=reason, acting_user=acting_user).save()
    return True


@transaction.atomic
def record_contact(
    tenancy,
    *,
    acting_user,
    channel: str,
    reached: bool,
    day_part: str = "",
    outcome: str = "",
    promise_date: date | None = None,
    debt_help_pointed: bool = False,
    objection: bool = False,
    note: str = "",
    on: date | None = None,
) -> CaseEvent:
    """A contact attempt on the timeline, with what came of it. It carries out the open call or
    visit the policy proposed; a promise to pay becomes a task to check it the day after; debt
    help pointed out and an objection to passing data on go on the timeline as their own events
    (the Bgs checklist reads them)."""
    on = on or timezone.localdate()
    params = {"day_part": day_part, "outcome": outcome, "note": note}
    if promise_date is not None:
        params["promise_date"] = promise_date.isoformat()
    event = events.contact_attempt(
        tenancy, on, channel=channel, reached=reached, acting_user=acting_user, **{k: v for k, v in params.items() if v}
    )
    event.save()
    if debt_help_pointed:
        events.debt_help_pointed(tenancy, on, channel=channel, acting_user=acting_user).save()
    if objection:
        events.data_sharing_objection(tenancy, on, acting_user=acting_user).save()
    step = CHANNEL_STEPS.get(channel)
    if step is not None:
        proposals.contact_made(tenancy, step.value)
    if reached and channel in REACH_CHANNELS:  # the tenant was reached: calls and visits to get there close
        tasks.close_gone(
            on, {tasks.Gone.CONTACT: [tenancy.id], tasks.Gone.VISITED: [tenancy.id] if channel == "visit" else []}
        )
    if outcome == "promise_to_pay" and promise_date is not None:
        tasks.store(
            tasks.promise_check(
                tenancy,
                promise_date + timedelta(days=1),
                explanation=f"Beloofd te betalen op {date_nl(promise_date)}; kijk of het geld er is.",
                assigned_to=acting_user,
            )
        )
    return event


def _open_tasks(task_ids: list[int]) -> list[Task]:
    """The open ones of these tasks, held until the transaction ends: of two clicks, one changes them."""
    found = Task.objects.select_for_update(of=("self",)).filter(id__in=task_ids, status=Task.Status.OPEN)
    return list(found.select_related("tenancy").order_by("id"))


@transaction.atomic
def assign_tasks(task_ids: list[int], *, to_user, acting_user) -> int:
    """Give open tasks to a colleague (or to nobody: `to_user` None). Each task's tenancy's timeline
    says who gave it to whom. Returns how many changed."""
    found = _open_tasks(task_ids)
    Task.objects.filter(id__in=[t.id for t in found]).update(assigned_to=to_user)
    to = (to_user.get_full_name() or to_user.get_username()) if to_user else ""
    today = timezone.localdate()
    CaseEvent.objects.bulk_create(
        events.task_assigned(t.tenancy, today, title=t.title, to=to, acting_user=acting_user) for t in found
    )
    return len(found)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def reassign_tasks(task_ids: list[int], *, to_user, acting_user) -> int:
    """The team leader gives open tasks, anyone's, to a colleague able to do them (roles.TASK_NEEDS),
    also of another role. All or nothing: when the colleague may not do one of them, nothing
    changes (PermissionDenied, in Dutch, naming the task). Each task's timeline says who gave it
    from whom to whom. Returns how many changed."""
    require(acting_user, "reassign_tasks")
    found = _open_tasks(task_ids)
    for task in found:
        if not to_user.is_active or not may_do_task(to_user, task.action):
            able = ", ".join(sorted({_name(u) for u in able_to_do(task.action)})) or "niemand"
            raise PermissionDenied(
                f"{_name(to_user)} mag de taak '{task.title}' ({task.tenancy.ref}) niet doen. "
                f"Dat mogen: {able}. Er is niets veranderd."
            )
    Task.objects.filter(id__in=[t.id for t in found]).update(assigned_to=to_user)
    today = timezone.localdate()
    holders = {t.assigned_to_id for t in found if t.assigned_to_id}
    names = {u.pk: _name(u) for u in type(to_user).objects.filter(pk__in=holders)}
    CaseEvent.objects.bulk_create(
        events.task_reassigned(
            t.tenancy,
            today,
            title=t.title,
            was=names.get(t.assigned_to_id) or f"de lijst van de {LABELS.get(t.role, t.role).lower()}",
            to=_name(to_user),
            acting_user=acting_user,
        )
        for t in found
    )
    return len(found)


@transaction.atomic
def dismiss_tasks(task_ids: list[int], *, acting_user) -> int:
    """Tasks that no longer need doing (the proposal they came from stays as it was); each task's
    tenancy's timeline says who let it lapse. Returns how many changed."""
    found = _open_tasks(task_ids)
    Task.objects.filter(id__in=[t.id for t in found]).update(status=Task.Status.DISMISSED, closed_at=timezone.now())
    today = timezone.localdate()
    CaseEvent.objects.bulk_create(
        events.task_dismissed(t.tenancy, today, title=t.title, acting_user=acting_user) for t in found
    )
    return len(found)


@transaction.atomic
def refer(tenancy, *, partner: Partner, reason: str, basis: str, follow_up_on: date, acting_user) -> Referral:
    """A warm handover: the referral, a line on the timeline, and a task for the officer to ask
    the partner and the household how it went on the follow-up date."""
    today = timezone.localdate()
    referral = Referral.objects.create(
        tenancy=tenancy, partner=partner, reason=reason, basis=basis, follow_up_on=follow_up_on, created_by=acting_user
    )
    events.referral_made(
        tenancy, today, partner=partner.name, reason=reason, basis=Referral.Basis(basis).label, acting_user=acting_user
    ).save()
    tasks.store(
        tasks.referral_follow_up(
            tenancy,
            follow_up_on,
            explanation=f"Doorverwezen naar {partner.name} op {date_nl(today)}: {reason}",
            assigned_to=acting_user,
        )
    )
    return referral


@transaction.atomic
def record_feedback(referral: Referral, *, text: str, acting_user, close: bool = False) -> CaseEvent:
    """What a partner reports back; it appears on the household's timeline. `close` ends the
    referral (two clicks cannot both close it)."""
    event = events.partner_feedback(
        referral.tenancy, timezone.localdate(), partner=referral.partner.name, text=text, acting_user=acting_user
    )
    event.save()
    if close:
        Referral.objects.filter(pk=referral.pk, status=Referral.Status.OPEN).update(status=Referral.Status.CLOSED)
    return event


@transaction.atomic
def set_channel_limits(
    tenancy, *, no_calls: bool, refused: list[str], interpreter_needed: bool, language: str, acting_user
) -> None:
    """Record how the tenant may (not) be reached; the next policy run honours it (the tenant's
    change wakes the tenancy) and the timeline says who changed it."""
    tenant = tenancy.tenant
    tenant.no_calls, tenant.refused_channels = no_calls, sorted(refused)
    tenant.interpreter_needed, tenant.language = interpreter_needed, language
    tenant.save(update_fields=["no_calls", "refused_channels", "interpreter_needed", "language", "updated_at"])
    events.channel_limits(
        tenancy,
        timezone.localdate(),
        no_calls=no_calls,
        refused=", ".join(sorted(refused)),
        interpreter_needed=interpreter_needed,
        language=language,
        acting_user=acting_user,
    ).save()


@transaction.atomic
def apply_measure(tenancy, *, kind: str, started_on: date, note: str, acting_user) -> Measure:
    measure = Measure.objects.create(
        tenancy=tenancy, kind=kind, started_on=started_on, note=note, created_by=acting_user
    )
    events.measure_applied(
        tenancy, started_on, measure=measure.get_kind_display(), note=note, acting_user=acting_user
    ).save()
    return measure


@transaction.atomic
def decide_escalation(task: Task, *, approved: bool, note: str, acting_user) -> bool:
    """The team leader's decision on an escalation review: on to the next step towards court or
    bailiff, or not now. The review's task and proposal are done; the decision is on the timeline.
    False when the review was decided already (two clicks cannot both win)."""
    if not Task.objects.filter(pk=task.pk, action=Action.ESCALATION_REVIEW.value, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, closed_at=timezone.now(), assigned_to=acting_user
    ):
        return False
    if task.proposal_id:
        proposals.review_decided(task.proposal_id)
    events.escalation_decided(
        task.tenancy, timezone.localdate(), approved=approved, note=note, acting_user=acting_user
    ).save()
    return True


def add_note(tenancy, *, text: str, acting_user) -> CaseEvent:
    """A note on the timeline: what an officer wants colleagues to know, outside a contact."""
    event = events.note(tenancy, timezone.localdate(), text=text, acting_user=acting_user)
    event.save()
    return event
