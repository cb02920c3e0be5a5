"""The one owner of the legal track (LegalCase, LegalStep): every step, by a person on the tenancy
page, from the previous system's history (history.py) or from the bailiff's status file
(bailiff.py), goes through `record` or `from_elsewhere` here, with its timeline event
(cases/events.py) in the same transaction.

A person's step is checked against legal/rules.py on the day it is recorded: the order of the
track, the team leader's approved escalation with its conditions met again today (hand-over and
summons), and what holds the track (debt help, a moratorium, an honoured arrangement). A step
refused because the track is held leaves a task for an officer to ask the court or bailiff to hold
(cases/tasks.py legal_hold) and a line on the timeline. A step that happened elsewhere is a fact:
it is recorded, and when it met a hold the track is marked held, with the same task.

For the eviction prevention built on top: `scheduled_eviction(tenancy)` and
`scheduled_evictions(on)` give the eviction date of the running tracks.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from huurpad.accounts.roles import may
from huurpad.cases import events, tasks
from huurpad.cases.models import Case, CaseEvent
from huurpad.collection import proposals, snapshots
from huurpad.collection.models import PolicyVersion
from huurpad.core.dutch import EVICTION_CANCEL_REASONS, JUDGMENT_OUTCOMES, date_nl
from huurpad.core.money import fmt, fmt_eur, from_cents, to_cents
from huurpad.core.policy.guardrails import why_no_costs, why_no_escalation
from huurpad.debthelp.models import DebtHelp
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy

from . import rules
from .models import LegalCase, LegalStep, Stage


class Refused(Exception):
    """A step that may not be recorded today; the reasons in Dutch."""

    def __init__(self, reasons: list[str], held: bool = False):
        self.reasons = reasons
        self.held = held
        super().__init__("Dit kan niet: " + "; ".join(reasons) + ".")


@dataclass(frozen=True)
class Details:
    """What a step carries besides its stage and date; each stage uses its own."""

    court_date: date | None = None  # summons
    outcome: str = ""  # judgment
    conditions: str = ""  # judgment: the conditions the court set
    eviction_date: date | None = None  # eviction scheduled
    reason: str = ""  # eviction cancelled
    decided_by_name: str = ""  # the court or bailiff, as named
    document: str = ""  # the document's reference or name
    note: str = ""
    costs: Decimal | None = None  # the bailiff's costs as stated


def missing(stage: str, d: Details, day: date) -> list[str]:
    """What a stage must carry and does not (in Dutch)."""
    problems = []
    if stage == rules.SUMMONS and (d.court_date is None or d.court_date < day):
        problems.append("geef de datum van de zitting, op of na de dag van de dagvaarding")
    if stage == rules.JUDGMENT and d.outcome not in JUDGMENT_OUTCOMES:
        problems.append("kies de uitspraak van de rechter")
    if stage == rules.EVICTION_SCHEDULED and (d.eviction_date is None or d.eviction_date < day):
        problems.append("geef de datum van de ontruiming, op of na vandaag")
    if stage == rules.EVICTION_CANCELLED and d.reason not in EVICTION_CANCEL_REASONS:
        problems.append("kies waarom de ontruiming niet doorgaat")
    return problems


# --- Reading ------------------------------------------------------------------------------------


def running(tenancy) -> LegalCase | None:
    return LegalCase.objects.filter(tenancy=tenancy, ended_on__isnull=True).first()


def scheduled_eviction(tenancy) -> date | None:
    """The eviction date of the tenancy's running track, when an eviction is scheduled (and not
    cancelled or carried out): what the eviction prevention counts back from."""
    return (
        LegalCase.objects.filter(tenancy=tenancy, ended_on__isnull=True, stage=Stage.EVICTION_SCHEDULED)
        .values_list("eviction_date", flat=True)
        .first()
    )


def scheduled_evictions(on: date) -> dict[int, date]:
    """Per tenancy, the eviction date of every running track with an eviction scheduled on or after `on`."""
    return dict(
        LegalCase.objects.filter(
            ended_on__isnull=True, stage=Stage.EVICTION_SCHEDULED, eviction_date__gte=on
        ).values_list("tenancy_id", "eviction_date")
    )


def _snapshot(tenancy, day: date):
    entries = tenancy.core_entries(day)
    timeline = list(CaseEvent.objects.filter(tenancy=tenancy, date__lte=day).order_by("-date", "-id"))
    row = arrears.one(
        tenancy, entries, to_cents(tenancy.monthly_due_on(day)), [(e.date, e.type) for e in timeline], day
    )
    return snapshots.of_tenancy(tenancy, row, entries, timeline, day, PolicyVersion.current().load())


def escalation_approved(tenancy, day: date) -> bool:
    """The team leader's latest decision on the next step in the open case, up to `day`, is yes."""
    case = Case.objects.filter(tenancy=tenancy, closed_on__isnull=True).first()
    if case is None:
        return False
    latest = (
        CaseEvent.objects.filter(
            tenancy=tenancy, type=CaseEvent.Type.ESCALATION_DECIDED, date__gte=case.opened_on, date__lte=day
        )
        .order_by("-date", "-id")
        .first()
    )
    return bool(latest and latest.params.get("approved"))


def facts_on(tenancy, day: date, *, escalation: bool = True) -> rules.Facts:
    """The household on `day` as legal/rules.py reads it. Without `escalation` the escalation's
    conditions are not worked out (a step that does not need them)."""
    s = _snapshot(tenancy, day)
    policy = s.policy
    track = running(tenancy)
    done = frozenset(track.steps.values_list("stage", flat=True)) if track else frozenset()
    debt_help = (
        s.debt_help_trajectory
        or DebtHelp.objects.filter(tenancy=tenancy, ended_on__isnull=True, started_on__lte=day).exists()
    )
    honoured = s.arrangement is not None and s.position.arrears <= s.arrangement.planned_arrears(
        day, policy.arrangement_grace_days
    )
    return rules.Facts(
        running=track is not None,
        done=done,
        stage=track.stage if track else "",
        outcome=track.outcome if track else "",
        debt_help=bool(debt_help),
        moratorium=s.pause is not None and s.pause.reason == "moratorium",
        arrangement_honoured=honoured,
        escalation_approved=escalation_approved(tenancy, day) if escalation else False,
        escalation_reasons=tuple(why_no_escalation(s, day)) if escalation else (),
    )


# --- Writing ------------------------------------------------------------------------------------


def record(tenancy: Tenancy, stage: str, day: date, details: Details = Details(), *, acting_user) -> LegalStep:
    """A person records a step on `day`. Refused (Refused, in Dutch) when it may not be taken: then
    nothing of the step is stored, and when the track is held, a task asks an officer to ask the
    court or bailiff to hold, and the timeline says why."""
    action = "decide_court_step" if stage in rules.NEEDS_ESCALATION else "record_legal_step"
    if not may(acting_user, action):
        raise PermissionDenied("U mag deze stap niet vastleggen.")
    if problems := missing(stage, details, day):
        raise Refused(problems)
    with transaction.atomic():
        Tenancy.objects.select_for_update().filter(pk=tenancy.pk).first()  # one step at a time per tenancy
        f = facts_on(tenancy, day, escalation=stage in rules.NEEDS_ESCALATION)
        reasons = rules.why_not(stage, f)
        if not reasons:
            return _apply(tenancy, stage, day, details, acting_user=acting_user, source=LegalStep.Source.HUURPAD)
        # A hold asks the court or bailiff to wait: only where a track runs (else nothing started).
        holding = rules.holds(f) if stage in rules.TOWARDS_EVICTION and f.running else []
        if holding:
            _hold(tenancy, day, stage, holding, acting_user=acting_user)
    raise Refused(reasons, held=bool(holding))


def from_elsewhere(
    tenancy: Tenancy, stage: str, day: date, details: Details, *, source: str, event: CaseEvent | None = None
) -> LegalStep:
    """A step that happened outside Huurpad (the previous system's history, the bailiff's status
    file): recorded as a fact. `event` is its timeline event when it has one already (the event
    import); else one is made. When the step leads towards eviction and the track is held, the
    step and the track are marked held and a task asks to hold. Raises Refused when the step
    cannot follow from the track (no track to cancel an eviction of)."""
    f = facts_on(tenancy, day, escalation=False)
    if not f.running and stage in (rules.EVICTION_CANCELLED, rules.EVICTION_EXECUTED, rules.STRUCK_OUT):
        raise Refused(["no legal track runs for this tenancy"])
    holding = rules.held(stage, f)
    step = _apply(tenancy, stage, day, details, acting_user=None, source=source, event=event, held=bool(holding))
    if holding:
        _hold(tenancy, day, stage, holding, acting_user=None)
    return step


def _hold(tenancy, day: date, stage: str, reasons: list[str], *, acting_user) -> None:
    label = Stage(stage).label.lower()
    why = "; ".join(reasons)
    latest = LegalCase.objects.filter(tenancy=tenancy).order_by("-id").values_list("pk", flat=True).first()
    # The track the step was for (also when that step ended it: an eviction carried out elsewhere).
    LegalCase.objects.filter(pk=latest, held_since__isnull=True).update(held_since=day, hold_reason=why)
    events.legal_hold(tenancy, day, reason=f"{Stage(stage).label}: {why}", acting_user=acting_user).save()
    tasks.store(
        tasks.legal_hold(
            tenancy,
            day,
            explanation=(
                f"Stap '{label}' op {date_nl(day)} terwijl {why}. Geen ontruiming en geen stap ernaartoe "
                "(afspraak december 2022): vraag de rechter of de deurwaarder de zaak aan te houden."
            ),
        )
    )


def _open_case(tenancy, day: date) -> LegalCase:
    track = LegalCase.objects.select_for_update().filter(tenancy=tenancy, ended_on__isnull=True).first()
    if track is not None:
        return track
    return LegalCase.objects.create(tenancy=tenancy, stage=Stage.BAILIFF_HANDOVER, opened_on=day)


def _apply(tenancy, stage, day, d: Details, *, acting_user, source, event=None, held=False) -> LegalStep:
    track = _open_case(tenancy, day)
    track.stage = stage
    fields = ["stage"]
    if stage == rules.HANDOVER:
        track.handed_over_on = day
        fields.append("handed_over_on")
    elif stage == rules.SUMMONS:
        track.summons_served_on, track.court_date = day, d.court_date
        fields += ["summons_served_on", "court_date"]
    elif stage == rules.HEARING:
        track.court_date = day
        fields.append("court_date")
    elif stage == rules.JUDGMENT:
        track.judgment_on, track.outcome, track.conditions = day, d.outcome, d.conditions
        fields += ["judgment_on", "outcome", "conditions"]
    elif stage == rules.JUDGMENT_SERVED:
        track.judgment_served_on = day
        fields.append("judgment_served_on")
    elif stage == rules.EVICTION_SCHEDULED:
        track.eviction_date, track.cancel_reason = d.eviction_date, ""
        fields += ["eviction_date", "cancel_reason"]
    elif stage == rules.EVICTION_CANCELLED:
        track.cancel_reason = d.reason
        fields.append("cancel_reason")
    if stage in rules.ENDS:
        track.ended_on = day
        fields.append("ended_on")
    track.save(update_fields=fields)
    if stage in rules.EVICTION_OFF:  # the prevention's tasks and proposal end with it
        tasks.close_gone(day, {tasks.Gone.EVICTION_OFF: [tenancy.pk]})
        proposals.eviction_off(tenancy)
    step = LegalStep.objects.create(
        legal_case=track,
        stage=stage,
        date=day,
        decided_by=acting_user,
        decided_by_name=d.decided_by_name,
        document=d.document,
        note=d.note,
        source=source,
        costs_cents=to_cents(d.costs) if d.costs is not None else None,
        held=held,
    )
    if event is None:
        _event(tenancy, stage, day, d, acting_user=acting_user, source=source).save()
    return step


def _event(tenancy, stage, day, d: Details, *, acting_user, source) -> CaseEvent:
    extra = {
        k: v
        for k, v in {
            "decided_by": d.decided_by_name,
            "document": d.document,
            "note": d.note,
            "bailiff_costs": fmt(d.costs) if d.costs is not None else "",
        }.items()
        if v
    }
    kw = {"acting_user": acting_user, "source": "huurpad" if source == LegalStep.Source.HUURPAD else source, **extra}
    made = {
        rules.HANDOVER: lambda: events.bailiff_handover(tenancy, day, **kw),
        rules.SUMMONS: lambda: events.summons_served(tenancy, day, court_date=d.court_date, **kw),
        rules.HEARING: lambda: events.hearing(tenancy, day, **kw),
        rules.JUDGMENT: lambda: events.judgment(
            tenancy, day, outcome=d.outcome, **({"conditions": d.conditions} if d.conditions else {}), **kw
        ),
        rules.JUDGMENT_SERVED: lambda: events.judgment_served(tenancy, day, **kw),
        rules.EVICTION_SCHEDULED: lambda: events.eviction_scheduled(tenancy, day, eviction_date=d.eviction_date, **kw),
        rules.EVICTION_CANCELLED: lambda: events.eviction_cancelled(tenancy, day, reason=d.reason, **kw),
        rules.EVICTION_EXECUTED: lambda: events.eviction_executed(tenancy, day, **kw),
        rules.STRUCK_OUT: lambda: events.struck_out(tenancy, day, **kw),
    }[stage]()
    if source != LegalStep.Source.HUURPAD:  # a file read twice adds nothing twice
        made.dedupe_key = hashlib.sha256(
            f"legal:{source}:{tenancy.pk}:{stage}:{day}:{sorted(made.params.items())}".encode()
        ).hexdigest()
    return made


@transaction.atomic
def release(track: LegalCase, day: date, *, acting_user) -> bool:
    """The hold ends (the debt help, moratorium or arrangement is over): only when nothing holds
    the track any more today. False when something still holds it, or nothing held it."""
    if track.held_since is None:
        return False
    if rules.holds(facts_on(track.tenancy, day, escalation=False)):
        return False
    LegalCase.objects.filter(pk=track.pk).update(held_since=None, hold_reason="")
    events.note(
        track.tenancy, day, text="Het juridisch traject wordt niet meer aangehouden.", acting_user=acting_user
    ).save()
    return True


@transaction.atomic
def charge_costs(step: LegalStep, *, acting_user, on: date) -> LedgerEntry:
    """Book the bailiff's costs a step states onto the tenant's account: only by the team leader,
    never while the track is held or a pause runs, only when the policy charges costs; costs of
    the hand-over (before a summons, extrajudicial: WIK) only after the fourteen-day letter's term
    passed unpaid; the costs of the court case only as the judgment awards them (a judgment that
    did not reject the claim). Never twice for one step."""
    if not may(acting_user, "decide_court_step"):
        raise PermissionDenied("Alleen de teamleider brengt de kosten van de deurwaarder in rekening.")
    step = LegalStep.objects.select_for_update().get(pk=step.pk)  # as it stands now: two clicks book once
    track = LegalCase.objects.select_related("tenancy").get(pk=step.legal_case_id)
    tenancy = track.tenancy
    if step.costs_cents is None or step.costs_cents <= 0:
        raise Refused(["deze stap noemt geen kosten van de deurwaarder"])
    if step.costs_charged_on is not None:
        raise Refused(["deze kosten staan al op de rekening"])
    reasons = []
    if track.held_since is not None:
        reasons.append(f"het traject wordt aangehouden ({track.hold_reason})")
    s = _snapshot(tenancy, on)
    if step.stage == rules.HANDOVER:
        reasons += why_no_costs(s, on)
    else:
        if not s.policy.charge_costs:
            reasons.append("het beleid rekent geen incassokosten")
        if s.pause is not None:
            reasons.append("het dossier staat op pauze")
        if track.outcome in ("", "afgewezen", "aangehouden"):
            reasons.append("de rechter heeft (nog) geen proceskosten toegewezen")
    if reasons:
        raise Refused(reasons)
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                tenancy=tenancy,
                date=on,
                kind="other_charge",
                amount_cents=step.costs_cents,
                external_id=f"bailiff-costs:{step.pk}",
                description=f"Kosten deurwaarder: {step.get_stage_display().lower()} van {date_nl(step.date)}",
            )
    except IntegrityError:
        raise Refused(["deze kosten staan al op de rekening"]) from None
    LegalStep.objects.filter(pk=step.pk).update(costs_charged_on=on)
    events.note(
        tenancy,
        on,
        acting_user=acting_user,
        text=f"Kosten deurwaarder {fmt_eur(from_cents(step.costs_cents))} in rekening gebracht "
        f"({step.get_stage_display().lower()} van {date_nl(step.date)}).",
    ).save()
    return entry
