"""Payment arrangements and the pause button, as officers use them (toolkit 3.2 and 3.5).

An arrangement's terms go on the timeline when it starts (arrangement_started: arrears at the
start, instalment, first due date, count); the policy run reads them from there, reminds the
tenant before each instalment and proposes a follow-up for every instalment missed (with the
policy's grace days). How it stands (each instalment paid, late, missed or open; the arrangement
running, behind, broken or paid off) follows the ledger: core/calc/instalments.py. A pause goes on the timeline too (pause_started with its reason and review
date), and the policy's guardrails keep everything but the current rent quiet until it ends.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from huurpad.accounts.roles import may_decide_arrangement, may_extend_pause
from huurpad.cases import events, tasks
from huurpad.cases.models import Task
from huurpad.collection.models import PolicyVersion
from huurpad.core import calendar, ledger
from huurpad.core.calc import arrangement as sizing
from huurpad.core.calc import instalments
from huurpad.core.dutch import date_nl
from huurpad.core.money import from_cents, to_cents
from huurpad.core.policy.proposal import Action
from huurpad.messaging import compose
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Tenancy

from .models import Arrangement, Pause

A = Arrangement.Status
PAID_OFF, BROKEN, REPLACED = "afgelost", "afgebroken", "vervangen door een nieuwe regeling"


@dataclass(frozen=True)
class Span:
    """A stretch of time from a pause's first day: whole months, then days."""

    months: int = 0
    days: int = 0

    def after(self, day: date) -> date:
        return calendar.add_months(day, self.months) + timedelta(days=self.days)


@dataclass(frozen=True)
class PauseTerms:
    """How long one kind of pause lasts: `review` gives the review date it gets unless the officer
    picks one; `longest` is the latest review date it may have (None: no limit), `why` says so."""

    review: Span
    longest: Span | None = None
    why: str = ""


THIRTY_DAYS, FOUR_MONTHS, EIGHT_MONTHS, SIX_MONTHS = Span(days=30), Span(months=4), Span(months=8), Span(months=6)
# Each kind of pause, from its first day (toolkit 3.5; FACTS.md §1, §4): the municipality's 'hulp
# aanvaard' suspends collection up to 30 days (LCV); a Kennisgeving asks for 4 or 8 months depending
# on the covenant (4 in most, so that is the review, 8 at most); the court's breed moratorium lasts
# six months at most.
PAUSE_TERMS = {
    Pause.Reason.OFFICER: PauseTerms(review=THIRTY_DAYS),
    Pause.Reason.KENNISGEVING: PauseTerms(
        review=FOUR_MONTHS,
        longest=EIGHT_MONTHS,
        why="na een kennisgeving van de schuldhulpverlener duurt een pauze hoogstens acht maanden",
    ),
    Pause.Reason.MUNICIPAL_HELP: PauseTerms(
        review=THIRTY_DAYS,
        longest=THIRTY_DAYS,
        why="na de melding van de gemeente dat de huurder hulp aanvaardt, pauzeren we hoogstens 30 dagen",
    ),
    Pause.Reason.MORATORIUM: PauseTerms(
        review=SIX_MONTHS, longest=SIX_MONTHS, why="een moratorium van de rechter duurt hoogstens zes maanden"
    ),
    # A debt settlement runs its agreed term (NVVK: 18 months); debthelp sets the review date at its
    # end. No limit of its own: the old arrears wait as long as the settlement runs.
    Pause.Reason.DEBT_SETTLEMENT: PauseTerms(review=Span(months=18)),
}


class NotAllowed(ValueError):
    """A step the rules do not allow; the message says why, in Dutch."""


def first_due(tenancy: Tenancy, today: date) -> date:
    """The first instalment: with next month's rent (the collection date for direct debit, on the
    new collection day when a change takes effect by then, as the SEPA batch will)."""
    month = calendar.first_of_next_month(today)
    while tenancy.collections.filter(period=month).exists():  # that month's batch is written already
        month = calendar.first_of_next_month(month)
    if tenancy.payment_method == "direct_debit":
        change = (
            tenancy.collection_day_changes.filter(applied=False, effective_from__lte=month)
            .order_by("-effective_from", "-id")
            .first()
        )
        day = change.day if change else tenancy.collection_day
        if day:
            return calendar.collection_date(month.year, month.month, day)
    return month


def size_for(tenancy: Tenancy, today: date, **given) -> sizing.Sizing:
    """What the arrangement would be, from the tenant's proposal or the household's income."""
    policy = PolicyVersion.current().load()
    return sizing.size(
        arrears.owed(tenancy, today),
        tenancy.monthly_due_on(today),
        first_due(tenancy, today),
        sizing.Bounds.of(policy),
        **given,
    )


def propose(tenancy: Tenancy, *, acting_user, today: date, replaces: Arrangement | None = None, **given) -> Arrangement:
    """An arrangement as sized; it starts at once when it is within what an officer may agree,
    else it waits for a team leader (a task in their queue). A team leader starts it at once."""
    found = size_for(tenancy, today, **given)
    if not found.possible:
        raise NotAllowed(" ".join(found.reasons))
    source = Arrangement.Source.TENANT if given.get("proposed_instalment") is not None else Arrangement.Source.INCOME
    income = given.get("net_income")
    needs_decision = found.needs_team_leader and not may_decide_arrangement(acting_user)
    with transaction.atomic():
        if replaces is not None and not needs_decision:  # else it ends when the team leader agrees
            end(replaces, acting_user=acting_user, today=today, reason=REPLACED)
        arrangement = Arrangement.objects.create(
            tenancy=tenancy,
            status=A.AWAITING if needs_decision else A.RUNNING,
            source=source,
            arrears_at_start_cents=to_cents(found.total),
            instalment_cents=to_cents(found.instalment),
            count=found.count,
            first_due=found.first_due,
            net_income_cents=to_cents(income) if income is not None else None,
            household=given.get("household", "") if income is not None else "",
            reasons="\n".join(found.reasons),
            created_by=acting_user,
            replaces=replaces,
        )
        if needs_decision:
            tasks.store(tasks.arrangement_review(tenancy, today, explanation=" ".join(found.reasons)))
        else:
            _start(arrangement, acting_user=acting_user, today=today)
    return arrangement


def decide(arrangement: Arrangement, *, acting_user, approved: bool, today: date) -> Arrangement:
    """The team leader's decision on an arrangement outside the officer's bounds: one click wins.
    Either way it goes on the timeline: arrangement_started or arrangement_refused."""
    if not may_decide_arrangement(acting_user):
        raise NotAllowed("Alleen een teamleider beslist over deze regeling.")
    with transaction.atomic():
        if approved and arrangement.replaces_id:  # the arrangement it replaces ends now, not before
            if Arrangement.objects.filter(pk=arrangement.replaces_id, status=A.RUNNING).update(
                status=A.ENDED, ended_on=today, end_reason=REPLACED
            ):
                events.arrangement_ended(arrangement.tenancy, today, acting_user=acting_user, reason=REPLACED).save()
        moved = Arrangement.objects.filter(pk=arrangement.pk, status=A.AWAITING).update(
            status=A.RUNNING if approved else A.REFUSED, decided_by=acting_user
        )
        if not moved:
            raise NotAllowed("Over deze regeling is al beslist.")  # and the arrangement it replaces runs on
        Task.objects.filter(
            tenancy=arrangement.tenancy, action=tasks.ARRANGEMENT_REVIEW, status=Task.Status.OPEN
        ).update(status=Task.Status.DONE, closed_at=timezone.now(), assigned_to=acting_user)
        arrangement.refresh_from_db()
        if approved:
            _start(
                arrangement, acting_user=acting_user, today=today
            )  # arrangement_started, with the team leader as actor
        else:
            events.arrangement_refused(
                arrangement.tenancy,
                today,
                acting_user=acting_user,
                instalment=f"{arrangement.instalment:.2f}",
                count=arrangement.count,
            ).save()
    return arrangement


def _start(arrangement: Arrangement, *, acting_user, today: date) -> None:
    tenancy = arrangement.tenancy
    Arrangement.objects.filter(pk=arrangement.pk).update(status=A.RUNNING, started_on=today)
    arrangement.refresh_from_db()
    events.arrangement_started(
        tenancy,
        today,
        acting_user=acting_user,
        arrears_at_start=f"{arrangement.arrears_at_start:.2f}",
        instalment=f"{arrangement.instalment:.2f}",
        first_due=arrangement.first_due.isoformat(),
        count=arrangement.count,
    ).save()
    tasks.close_gone(today, {tasks.Gone.ARRANGEMENT: [tenancy.id]})
    compose.queue_letter(
        tenancy,
        "arrangement_confirmation",
        acting_user=acting_user,
        day=today,
        amount=arrangement.arrears_at_start,
        ref=tenancy.ref,
        instalment=arrangement.instalment,
        last_instalment=arrangement.last_instalment,
        count=arrangement.count,
        due_date=arrangement.first_due,
        rent=tenancy.monthly_due_on(today),
    )


def end(arrangement: Arrangement, *, acting_user, today: date, reason: str) -> None:
    """Paid off, broken, or replaced: the arrangement ends and the policy chases again if needed."""
    with transaction.atomic():
        if not Arrangement.objects.filter(pk=arrangement.pk, status=A.RUNNING).update(
            status=A.ENDED, ended_on=today, end_reason=reason
        ):
            raise NotAllowed("Deze regeling loopt niet meer.")
        events.arrangement_ended(arrangement.tenancy, today, acting_user=acting_user, reason=reason).save()
    arrangement.refresh_from_db()


def from_history(tenancy_id: int, day: date, terms: dict) -> Arrangement:
    """An arrangement from the previous system, as its imported arrangement_started event says
    (the terms checked and completed by cases/imports.py). The event is on the timeline already
    and the tenant knew of it: no event and no letter here. One running at a time, as on the
    timeline: a later start replaces the running one."""
    Arrangement.objects.filter(tenancy_id=tenancy_id, status=A.RUNNING).update(
        status=A.ENDED, ended_on=day, end_reason=REPLACED
    )
    arrears_at_start = Decimal(str(terms["arrears_at_start"]))
    return Arrangement.objects.create(
        tenancy_id=tenancy_id,
        status=A.RUNNING,
        source=Arrangement.Source.HISTORY,
        arrears_at_start_cents=to_cents(arrears_at_start),
        instalment_cents=to_cents(Decimal(str(terms["instalment"]))),
        count=int(terms["count"]),
        first_due=date.fromisoformat(str(terms["first_due"])),
        reasons="Afgesproken in het vorige systeem.",
        started_on=day,
    )


def ended_in_history(tenancy_id: int, day: date, reason: str) -> int:
    """The running arrangement ends as an imported arrangement_ended event says (how many ended)."""
    return Arrangement.objects.filter(tenancy_id=tenancy_id, status=A.RUNNING).update(
        status=A.ENDED, ended_on=day, end_reason=reason[:200]
    )


@dataclass
class Standing:
    """How a running arrangement goes on a day, from the ledger (core/calc/instalments.py): each
    instalment paid, late, missed or open; the arrangement running, behind, broken (the policy's
    number of instalments missed and not made up) or paid off."""

    instalments: list[instalments.Instalment]
    state: str  # instalments.RUNNING | BEHIND | BROKEN | PAID_OFF
    behind_by: Decimal  # above what the plan allows today (with the grace days)
    missed: int
    broken_after: int  # the policy's limit

    @property
    def label(self) -> str:
        return instalments.STATE_LABELS[self.state]

    @property
    def broken(self) -> bool:
        return self.state == instalments.BROKEN


def standing(arrangement: Arrangement, entries: list[ledger.Entry], today: date, policy) -> Standing:
    """The standing on D from the tenancy's ledger entries, under `policy` (config.Policy)."""
    terms, grace = arrangement.terms(), policy.arrangement_grace_days
    arrears_now = from_cents(ledger.totals(entries, today).arrears)
    missed = instalments.missed(terms, arrears_now, today, grace)
    return Standing(
        instalments=instalments.statuses(terms, entries, today, grace),
        state=instalments.state(terms, arrears_now, today, grace, policy.arrangement_broken_after_missed),
        behind_by=max(arrears_now - terms.planned_arrears(today, grace), Decimal("0")),
        missed=len(missed),
        broken_after=policy.arrangement_broken_after_missed,
    )


# --- the pause button --------------------------------------------------------------------------


def start_pause(
    tenancy: Tenancy, *, reason: str, acting_user, today: date, review_date: date | None = None, note: str = ""
) -> Pause:
    """Breathing room until the review date (by default as long as the kind of pause lasts). A
    pause for help accepted, a Kennisgeving or a moratorium lasts at most as long as PAUSE_TERMS says."""
    terms = PAUSE_TERMS[reason]
    review_date = review_date or terms.review.after(today)
    if review_date <= today:
        raise NotAllowed("Evaluatiedatum: die moet na vandaag liggen.")
    if terms.longest is not None and review_date > (limit := terms.longest.after(today)):
        raise NotAllowed(f"Evaluatiedatum te laat: {terms.why}. Kies uiterlijk {date_nl(limit)}.")
    with transaction.atomic():
        if Pause.objects.filter(tenancy=tenancy, ended_on__isnull=True).exists():
            raise NotAllowed("Er loopt al een pauze. Beëindig die eerst, of pas de evaluatiedatum aan.")
        pause = Pause.objects.create(
            tenancy=tenancy, reason=reason, note=note, start=today, review_date=review_date, created_by=acting_user
        )
        events.pause_started(
            tenancy, today, reason=reason, review_date=review_date.isoformat(), acting_user=acting_user
        ).save()
        compose.queue_letter(
            tenancy,
            "pause_confirmation",
            acting_user=acting_user,
            day=today,
            until=review_date,
            rent=tenancy.monthly_due_on(today),
        )
    return pause


def end_pause(pause: Pause, *, acting_user, today: date, reason: str = "") -> None:
    """The pause ends: the policy run takes up the arrears again; its review task is no longer needed."""
    with transaction.atomic():
        if not Pause.objects.filter(pk=pause.pk, ended_on__isnull=True).update(ended_on=today, ended_by=acting_user):
            raise NotAllowed("Deze pauze is al beëindigd.")
        events.pause_ended(pause.tenancy, today, reason=reason, acting_user=acting_user).save()
        tasks.close_gone(today, {tasks.Gone.PAUSE_ENDED: [pause.tenancy_id]})
    pause.refresh_from_db()


def pause_from_history(tenancy_id: int, day: date, reason: str, review_date: date) -> Pause:
    """A pause from the previous system, as its imported pause_started event says (on the timeline
    already: no event, no letter). A later start replaces the running one, as on the timeline."""
    Pause.objects.filter(tenancy_id=tenancy_id, ended_on__isnull=True).update(ended_on=day)
    return Pause.objects.create(
        tenancy_id=tenancy_id, reason=reason, start=day, review_date=review_date, from_history=True
    )


def pause_ended_in_history(tenancy_id: int, day: date) -> int:
    """The running pause ends as an imported pause_ended event says (how many ended)."""
    return Pause.objects.filter(tenancy_id=tenancy_id, ended_on__isnull=True).update(ended_on=day)


def pause_limit(pause: Pause) -> date | None:
    """The last review date a pause of its kind may have (PAUSE_TERMS), or None: no legal limit."""
    longest = PAUSE_TERMS[pause.reason].longest
    return longest.after(pause.start) if longest is not None else None


def extend_pause(pause: Pause, *, acting_user, today: date, review_date: date, reason: str) -> None:
    """A team leader lets a pause run on to a later review date, within its kind's limit, saying
    why; the timeline says so, and the review task is done."""
    if not may_extend_pause(acting_user):
        raise NotAllowed("Alleen een teamleider kan een pauze verlengen.")
    reason = reason.strip()
    if not reason:
        raise NotAllowed("Schrijf op waarom de pauze langer moet duren.")
    if review_date <= max(today, pause.review_date):
        raise NotAllowed(f"Nieuwe evaluatiedatum: die moet na {date_nl(max(today, pause.review_date))} liggen.")
    limit = pause_limit(pause)
    if limit is not None and review_date > limit:
        raise NotAllowed(f"Evaluatiedatum te laat: {PAUSE_TERMS[pause.reason].why}. Kies uiterlijk {date_nl(limit)}.")
    with transaction.atomic():
        if not Pause.objects.filter(pk=pause.pk, ended_on__isnull=True).update(review_date=review_date):
            raise NotAllowed("Deze pauze is al beëindigd.")
        events.pause_extended(
            pause.tenancy, today, review_date=review_date, reason=reason, acting_user=acting_user
        ).save()
        tasks.done(pause.tenancy, Action.REVIEW_PAUSE, acting_user=acting_user)
    pause.refresh_from_db()


AUTO_END = (
    "De evaluatiedatum ({review}) is voorbij en de pauze is niet verlengd: de incasso gaat verder, "
    "eerst met een vriendelijk bericht."
)


def end_pauses_past_review(on: date) -> int:
    """Before the day's policy run: every running pause past its review date (or its kind's limit)
    ends, so the run takes the arrears up again that day. A team leader who wants it to run on
    extends it before (extend_pause). Returns how many ended."""
    ended = 0
    for pause in Pause.objects.filter(ended_on__isnull=True, review_date__lt=on).select_related("tenancy"):
        end_pause(pause, acting_user=None, today=on, reason=AUTO_END.format(review=date_nl(pause.review_date)))
        ended += 1
    for pause in Pause.objects.filter(ended_on__isnull=True).select_related("tenancy"):
        limit = pause_limit(pause)
        if limit is not None and limit < on:  # a review date set past the limit (imported history)
            end_pause(
                pause, acting_user=None, today=on, reason=f"De pauze is afgelopen: {PAUSE_TERMS[pause.reason].why}."
            )
            ended += 1
    return ended


def unreviewed_pauses(on: date) -> list[Pause]:
    """Running pauses at or past their review date without an open review task (should be none)."""
    reviewing = Task.objects.filter(kind=Action.REVIEW_PAUSE.value, status=Task.Status.OPEN).values("tenancy_id")
    return list(
        Pause.objects.filter(ended_on__isnull=True, review_date__lte=on)
        .exclude(tenancy_id__in=reviewing)
        .exclude(tenancy__end_date__lt=on)  # an ended tenancy needs no review
        .order_by("id")
    )


def review_tasks_for_pauses(on: date) -> int:
    """After the day's policy run: every running pause at its review date has a review task for
    its owner (the officer who made it; else the role). The run makes the task with its proposal
    on the review date; here the owner is named, and a pause whose review was marked done
    without a decision gets a new task. Returns how many tasks were made."""
    made = 0
    due = Pause.objects.filter(ended_on__isnull=True, review_date__lte=on).exclude(tenancy__end_date__lt=on)
    for pause in due.select_related("tenancy"):  # a tenancy that ended needs no review (its tasks closed)
        new = tasks.review_pause(
            pause.tenancy,
            pause.review_date,
            explanation=f"De pauze van {date_nl(pause.start)} is toe aan een evaluatie (evaluatiedatum "
            f"{date_nl(pause.review_date)}). Beëindig de pauze, of vraag de teamleider om haar te verlengen. "
            "Anders stopt de pauze morgen vanzelf.",
            assigned_to=pause.created_by,
        )
        task = tasks.store(new)
        made += task is new
        if task.assigned_to_id is None and pause.created_by_id is not None:
            Task.objects.filter(pk=task.pk, assigned_to__isnull=True).update(assigned_to=pause.created_by)
    return made


def agreed_instalment_cents(tenancy: Tenancy, period: date) -> int:
    """The instalment a running arrangement has due in the month of `period` (for the direct
    debit of that month): on top of the rent."""
    running = Arrangement.objects.filter(tenancy=tenancy, status=A.RUNNING).first()
    if running is None:
        return 0
    total = sum(
        to_cents(amount)
        for due, amount in running.terms().schedule()
        if (due.year, due.month) == (period.year, period.month)
    )
    if total:  # never more than is still owed: paid off early, written off, or the municipality paid
        total = min(total, max(to_cents(arrears.owed(tenancy, period)), 0))
    return total
