"""The rules of the collection policy. Each has the signature `rule(snapshot, today) -> proposals`,
proposes what the policy asks for, explains why in one Dutch sentence, and never raises for an
expected situation. What the law or kindness forbids is removed afterwards by the guardrails."""

from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from huurpad.core.bankfiles import MANDATE_PROBLEMS
from huurpad.core.calc import instalments
from huurpad.core.calc.wik import collection_costs
from huurpad.core.calendar import add_target2_business_days, next_due_date
from huurpad.core.dutch import MONTHS, date_nl, pause_reason_nl
from huurpad.core.ledger import CREDITS, Entry, Kind, Totals
from huurpad.core.money import ZERO, fmt_eur, from_cents, to_cents
from huurpad.core.segments import Segment

from . import bgs, eviction, former
from .calls import REACH_CHANNELS, next_attempt
from .config import Steps
from .facts import Snapshot
from .proposal import Action, Proposal

FALLBACK_CHANNELS = ("whatsapp", "sms", "email", "letter")


def _proposal(
    s: Snapshot, action: Action, today: date, period, explanation: str, *, channel="", legal_basis="", **facts
) -> Proposal:
    return Proposal(
        tenancy_ref=s.tenancy_ref,
        rule=action.value,
        action=action,
        channel=channel,
        due_date=today,
        period=str(period),
        explanation=explanation,
        legal_basis=legal_basis,
        facts=tuple((k, str(v)) for k, v in facts.items()),
    )


def message_channel(s: Snapshot, preferred: str) -> str:
    """The preferred channel if the tenant can receive it, else the next that works."""
    for channel in (preferred, *FALLBACK_CHANNELS):
        if channel in s.channels:
            return channel
    return ""


def _behind(s: Snapshot) -> str:
    p = s.position
    return f"achterstand {fmt_eur(p.arrears)}, {p.days_overdue} dagen, sinds {date_nl(p.oldest_unpaid_due_date)}"


def _keeping_arrangement(s: Snapshot, today: date) -> bool:
    """An arrangement is running and kept: its own reminders replace the chasing of old arrears."""
    a = s.arrangement
    return a is not None and s.position.arrears <= a.planned_arrears(today, s.policy.arrangement_grace_days)


def _resumed_on(s: Snapshot, today: date) -> date | None:
    """The day a pause in this episode ended, when one did: collection starts again from there."""
    ended = s.pause_ended
    if s.pause is None and ended is not None and s.episode_start is not None and s.episode_start <= ended <= today:
        return ended
    return None


def _in_arrears_for(s: Snapshot, days: int, today: date) -> bool:
    """Behind for at least `days` days in this episode, and not keeping an arrangement. After a
    pause the days count from its end: the steps start again from the first (after_pause), not
    where they stopped."""
    if days <= 0 or s.position.arrears <= 0 or s.episode_start is None:
        return False
    behind = s.position.days_overdue
    if (resumed := _resumed_on(s, today)) is not None:
        behind = min(behind, (today - resumed).days)
    return behind >= days and not _keeping_arrangement(s, today)


def _reached(s: Snapshot) -> bool:
    return any(c.reached and c.channel in REACH_CHANNELS for c in s.episode_contacts())


def pre_due_reminder(s: Snapshot, today: date) -> list[Proposal]:
    days = s.steps.pre_due_reminder_days
    if not days:
        return []
    due = next_due_date(today, s.payment_method, s.collection_day)
    if not due - timedelta(days=days) <= today < due or s.position.balance <= -s.monthly_due:
        return []
    verb = "afgeschreven" if s.payment_method == "direct_debit" else "betaald"
    return [
        _proposal(
            s,
            Action.PRE_DUE_REMINDER,
            today,
            due,
            f"De huur van {fmt_eur(s.monthly_due)} moet op {date_nl(due)} worden {verb}; "
            f"een herinnering {days} dagen vooraf helpt op tijd te betalen (Gereedschapskist 1.5).",
            channel=message_channel(s, s.steps.pre_due_channel),
            due=due,
        )
    ]


def nudge(s: Snapshot, today: date) -> list[Proposal]:
    """A message with a pay link once the arrears reach the set days; after a returned direct
    debit the day after the return when that is sooner, unless the return says the mandate or the
    account is the problem (then an officer checks the mandate, and collecting again waits)."""
    days = s.steps.nudge_after_days
    if _resumed_on(s, today) is not None:
        return []  # after a pause the friendly message is after_pause's
    returned = s.returned_debit()
    retry = returned is not None and returned.reason_code not in MANDATE_PROBLEMS
    early = retry and days > 0 and today > returned.date and _in_arrears_for(s, 1, today)
    if not (early or _in_arrears_for(s, days, today)):
        return []
    if returned is None:
        why = f"Huur niet (helemaal) betaald: {_behind(s)}. Een vriendelijk bericht met betaallink na {days} dagen"
    else:
        reason = f"{returned.reason or 'reden onbekend'} ({returned.reason_code or '-'})"
        what = (
            f"De incasso van {fmt_eur(returned.amount)} kwam op {date_nl(returned.date)} terug: {reason}; {_behind(s)}."
        )
        if retry:
            why = f"{what} Een vriendelijk bericht met betaallink de dag na de storno"
        else:
            why = f"{what} Opnieuw afschrijven kan pas als de machtiging is nagekeken: een bericht met betaallink na {days} dagen"
    return [
        _proposal(
            s,
            Action.NUDGE,
            today,
            s.episode_start,
            f"{why} (Gereedschapskist 1.5).",
            channel=message_channel(s, s.steps.nudge_channel),
            arrears=s.position.arrears,
            **({"return_reason": returned.reason_code} if returned else {}),
        )
    ]


def after_pause(s: Snapshot, today: date) -> list[Proposal]:
    """Once after a pause ended with arrears left, the first step is a friendly message with a pay
    link (toolkit 3.4, 3.5): the pause froze the arrears, collection takes them up kindly rather
    than with the next step where it stopped."""
    ended = _resumed_on(s, today)
    if ended is None or s.position.arrears <= 0:
        return []
    return [
        _proposal(
            s,
            Action.NUDGE,
            today,
            f"{s.episode_start}:na-pauze:{ended}",
            f"De pauze is op {date_nl(ended)} geëindigd en er is nog een achterstand: {_behind(s)}. "
            "Eerst een vriendelijk bericht met betaallink (Gereedschapskist 3.4, 3.5).",
            channel=message_channel(s, s.steps.nudge_channel),
            arrears=s.position.arrears,
        )
    ]


def call(s: Snapshot, today: date) -> list[Proposal]:
    steps = s.steps
    if not _in_arrears_for(s, steps.call_after_days, today) or _reached(s):
        return []
    attempt = next_attempt(s.episode_contacts(), steps.call_attempts, today)
    if attempt is None:
        return []
    number, day_part = attempt
    return [
        _proposal(
            s,
            Action.CALL,
            today,
            f"{s.episode_start}#{number}",
            f"Bellen, poging {number} van {steps.call_attempts} (liefst in de {day_part}): {_behind(s)}. "
            "Eerst een gesprek, dan pas een brief (Gereedschapskist 3.2, 3.4).",
            channel="phone",
            attempt=number,
            day_part=day_part,
        )
    ]


def reminder_letter(s: Snapshot, today: date) -> list[Proposal]:
    if not _in_arrears_for(s, s.steps.reminder_letter_after_days, today) or s.episode_letters():
        return []
    return [
        _proposal(
            s,
            Action.REMINDER_LETTER,
            today,
            s.episode_start,
            f"Schriftelijke herinnering: {_behind(s)}. De brief wijst op schuldhulp en biedt aan "
            "de gegevens aan de gemeente door te geven.",
            channel="letter",
            legal_basis=bgs.LEGAL_BASIS,
            arrears=s.position.arrears,
        )
    ]


def home_visit(s: Snapshot, today: date) -> list[Proposal]:
    if not _in_arrears_for(s, s.steps.home_visit_after_days, today) or _reached(s):
        return []
    return [
        _proposal(
            s,
            Action.HOME_VISIT,
            today,
            s.episode_start,
            f"Nog geen contact gehad: {_behind(s)}. Op huisbezoek; niemand thuis? "
            "Laat een kaartje achter (Gereedschapskist 3.2).",
            channel="visit",
        )
    ]


def wik_letter(s: Snapshot, today: date) -> list[Proposal]:
    if not s.policy.charge_costs or not _in_arrears_for(s, s.steps.wik_letter_after_days, today):
        return []
    if not s.episode_letters() or any(s._in_episode(d) for d in s.wik_letters):
        return []
    costs = collection_costs(s.position.arrears)
    return [
        _proposal(
            s,
            Action.WIK_LETTER,
            today,
            s.episode_start,
            f"Veertiendagenbrief: {_behind(s)}. Wie binnen 14 dagen betaalt, betaalt geen "
            f"incassokosten; daarna ten hoogste {fmt_eur(costs)} volgens de wettelijke staffel.",
            channel="letter",
            legal_basis="art. 6:96 BW",
            costs=costs,
        )
    ]


# After the municipality answered 'herhaalde melding', no new signal until the arrears are higher
# than that signal, also in a later stretch of arrears; for a year at most: after that, arrears
# that come back are a new situation for the municipality.
REPEAT_ANSWER_DAYS = timedelta(days=365)


def signal_blockers(s: Snapshot, today: date) -> list[str]:
    """What keeps an early signal back today, besides a missing condition of Bgs art. 2
    (bgs.conditions): the tenant's objection, arrears under the policy's minimum, a municipality
    without the covenant, the wait after the reminder with the offer, an arrangement being kept,
    and a signal sent already. One Dutch sentence each, for the checklist on the tenancy page;
    early_signal proposes a signal only when there is none."""
    p, policy = s.position, s.policy
    blockers = []
    if s.former:
        blockers.append(former.NO_SIGNAL)
    if s.objection:
        blockers.append("De huurder heeft bezwaar gemaakt tegen het doorgeven van gegevens aan de gemeente.")
    if p.arrears < policy.signal_min_arrears:
        blockers.append(
            f"De achterstand ({fmt_eur(p.arrears)}) is lager dan {fmt_eur(policy.signal_min_arrears)}: "
            "kleinere achterstanden meldt het beleid niet."
        )
    if not s.municipality_signed:
        blockers.append("De gemeente heeft het convenant vroegsignalering niet getekend: er gaan geen signalen heen.")
    offered = bgs.offered_on(s)
    if offered is not None and today < (ready := offered + timedelta(days=policy.signal_after_reminder_days)):
        blockers.append(
            f"Wachten tot {date_nl(ready)}: het beleid meldt pas {policy.signal_after_reminder_days} dagen na de "
            f"herinnering met het aanbod (brief van {date_nl(offered)})."
        )
    if _keeping_arrangement(s, today):
        blockers.append("De huurder houdt zich aan een betalingsregeling.")
    answer = s.repeat_answer
    if answer is not None and today < answer.date + REPEAT_ANSWER_DAYS and p.arrears <= answer.amount:
        blockers.append(
            f"De gemeente liet op {date_nl(answer.date)} weten dat het signaal van {fmt_eur(answer.amount)} een herhaalde "
            f"melding was. Opnieuw melden pas als de achterstand hoger is dan {fmt_eur(answer.amount)}."
        )
    if sent := _episode_signals(s):
        last = sent[-1]
        again = last.date + timedelta(days=policy.signal_repeat_after_days)
        if today < again:
            blockers.append(
                f"Al gemeld op {date_nl(last.date)}. Opnieuw melden kan vanaf {date_nl(again)}, als de achterstand dan hoger is."
            )
        elif p.arrears <= last.amount:
            blockers.append(
                f"Al gemeld op {date_nl(last.date)} met {fmt_eur(last.amount)}. Opnieuw melden alleen als de achterstand hoger wordt."
            )
    return blockers


def _episode_signals(s: Snapshot) -> list:
    return sorted((x for x in s.signals if s._in_episode(x.date)), key=lambda x: x.date)


def early_signal(s: Snapshot, today: date) -> list[Proposal]:
    p = s.position
    if eviction.crisis_signal(s, today):  # an eviction is scheduled: the crisis signal goes instead
        return []
    if p.arrears <= 0 or s.episode_start is None or not bgs.proven(s) or signal_blockers(s, today):
        return []
    offered = bgs.offered_on(s)  # proven: offered, and no objection
    sent = _episode_signals(s)
    if sent:
        why = f"Opnieuw melden: de achterstand groeide van {fmt_eur(sent[-1].amount)} naar {fmt_eur(p.arrears)}"
    else:
        why = f"Vroegsignaal aan de gemeente: {_behind(s)}; de vier voorwaarden zijn vervuld"
    return [
        _proposal(
            s,
            Action.EARLY_SIGNAL,
            today,
            # Numbered within the episode: while signal n waits to be sent, n is not proposed again.
            f"{s.episode_start}#{len(sent) + 1}",
            f"{why} en de herinnering met het aanbod is van {date_nl(offered)}.",
            channel="municipality",
            legal_basis=bgs.LEGAL_BASIS,
            amount=p.arrears,
        )
    ]


def arrangement_reminder(s: Snapshot, today: date) -> list[Proposal]:
    a = s.arrangement
    if a is None:
        return []
    due = a.next_due(today)
    days = s.policy.arrangement_remind_days_before
    if due is None or not days or not due - timedelta(days=days) <= today < due:
        return []
    return [
        _proposal(
            s,
            Action.ARRANGEMENT_REMINDER,
            today,
            due,
            f"Herinnering aan de afspraak: op {date_nl(due)} {fmt_eur(a.amount_due(due))} bovenop de huur "
            "(Gereedschapskist 3.2).",
            channel=message_channel(s, "whatsapp"),
            due=due,
            instalment=a.amount_due(due),
        )
    ]


def arrangement_broken(s: Snapshot, today: date) -> list[Proposal]:
    """Once for every instalment missed (its due date plus the grace days passed, not paid): the
    proposal's period is that instalment's due date, so falling behind again gives a new task. At
    the policy's number of missed instalments the arrangement is broken (core/calc/instalments.py)."""
    a = s.arrangement
    if a is None:
        return []
    grace, limit = s.policy.arrangement_grace_days, s.policy.arrangement_broken_after_missed
    missed = instalments.missed(a, s.position.arrears, today, grace)
    if not missed:
        return []
    planned, latest = a.planned_arrears(today, grace), missed[-1]
    if len(missed) >= limit:
        what = (
            f"De betalingsregeling is afgebroken: {len(missed)} termijnen zijn niet betaald, de laatste van "
            f"{date_nl(latest)} (het beleid: afgebroken bij {limit})."
        )
    else:
        what = f"De betalingsregeling loopt achter: de termijn van {date_nl(latest)} is niet betaald."
    return [
        _proposal(
            s,
            Action.ARRANGEMENT_BROKEN,
            today,
            latest,
            f"{what} Afgesproken was ten hoogste {fmt_eur(planned)} achterstand, het is {fmt_eur(s.position.arrears)}. "
            "Neem contact op en bespreek wat nodig is.",
            planned=planned,
            missed=len(missed),
        )
    ]


def escalation_review(s: Snapshot, today: date) -> list[Proposal]:
    p = s.position
    if p.arrears <= 0 or s.episode_start is None or p.months_in_arrears < s.policy.escalation_min_months:
        return []
    first = s.first_episode_signal()
    return [
        _proposal(
            s,
            Action.ESCALATION_REVIEW,
            today,
            s.episode_start,
            f"Achterstand van {str(p.months_in_arrears).replace('.', ',')} maanden huur ({fmt_eur(p.arrears)}); vroegsignaal op "
            f"{date_nl(first.date) if first else '-'}. Teamleider beoordeelt of een volgende stap nodig is.",
            legal_basis="Bgs art. 2; art. 7:231 BW",
        )
    ]


@lru_cache(maxsize=4096)  # a run asks it for the same few collection days thousands of times
def debit_final_on(collected: date, business_days: int) -> date:
    """The first day a direct debit collected on `collected` is final: the day after the last
    TARGET2 business day on which the bank may still return it."""
    return add_target2_business_days(collected, business_days) + timedelta(days=1)


def money_final_on(s: Snapshot, today: date) -> date | None:
    """The day the last direct debit counted today becomes final, when that is after today; None
    when all the money counted is final (a transfer is final once booked)."""
    days = [debit_final_on(d, s.policy.debit_final_after_business_days) for d in s.recent_debits if d <= today]
    latest = max(days, default=None)
    return latest if latest is not None and latest > today else None


def _earns_compliment(s: Snapshot) -> bool:
    """The arrears are gone, and they had been overdue long enough for a compliment."""
    before = s.previous
    return (
        before is not None
        and s.position.arrears <= 0 < before.arrears
        and before.days_overdue >= s.policy.compliment_after_days_overdue
    )


def compliment_waits(s: Snapshot, today: date) -> bool:
    """A compliment is earned, but only thanks to a direct debit the bank may still return: it
    waits until the money is final (money_final_on). Until then the run keeps the position before
    (s.previous), so the compliment can still be given for it. Arrears cleared that earn no
    compliment (paid within the policy's days) have nothing to wait for and are not remembered:
    on a collection day that is most of the households paying by direct debit."""
    return _earns_compliment(s) and money_final_on(s, today) is not None


def compliment(s: Snapshot, today: date) -> list[Proposal]:
    """Only once the money is final: a direct debit can be returned for some business days after
    it is collected (the policy's debit_final_after_business_days, SEPA rulebook), and "your
    arrears are gone" followed by a returned debit helps no one. While it waits, nothing is
    proposed and the tenancy wakes on the day the money becomes final (compliment_wake)."""
    if not _earns_compliment(s) or compliment_waits(s, today):
        return []
    before = s.previous
    last_debit = max((d for d in s.recent_debits if d <= today), default=None)
    final = (
        f" Het geld van de incasso van {date_nl(last_debit)} is definitief binnen: de bank kan het na "
        f"{s.policy.debit_final_after_business_days} werkdagen niet meer terugboeken."
        if last_debit is not None
        else ""
    )
    return [
        _proposal(
            s,
            Action.COMPLIMENT,
            today,
            before.oldest_unpaid_due_date,
            f"De achterstand van {fmt_eur(before.arrears)} is weg.{final} Een compliment helpt het zo te houden "
            "(Gereedschapskist 3.4).",
            channel=message_channel(s, "whatsapp"),
        )
    ]


def review_pause(s: Snapshot, today: date) -> list[Proposal]:
    pause = s.pause
    if pause is None or pause.review_date is None or pause.review_date > today:
        return []
    return [
        _proposal(
            s,
            Action.REVIEW_PAUSE,
            today,
            f"{pause.start}:{pause.review_date}",
            f"De pauze ({pause_reason_nl(pause.reason).lower()}) van {date_nl(pause.start)} is toe aan een evaluatie "
            f"(evaluatiedatum {date_nl(pause.review_date)}).",
        )
    ]


def current_rent_unpaid(s: Snapshot, today: date) -> tuple[Decimal, list[Entry]]:
    """While a pause runs: what is unpaid of the charges that fell due since it began and are past
    the policy's days (pause_current_rent_call_after_days), with the charges that part sits in,
    newest first. (0, []) without a pause, its ledger, or such a charge unpaid.

    Measured as growth: credits pay the oldest charges first (core.ledger), so a payment during the
    pause pays the old arrears before the current rent, and the oldest unpaid charge says nothing
    about the current rent. What the household did not pay of it is how far the arrears, counting
    only the charges past their days, grew beyond the arrears when the pause began; at most those
    charges (a returned payment of the old arrears is no current rent), and it sits in the newest."""
    since = s.since_pause
    if s.pause is None or since is None:
        return ZERO, []
    last = today - timedelta(days=s.policy.pause_current_rent_call_after_days)
    late = sorted((e for e in since.charges() if e.date <= last), key=lambda e: e.date, reverse=True)
    if not late:
        return ZERO, []
    credits = sum(to_cents(e.amount) for e in since.entries if e.kind in CREDITS and e.date <= today)
    reversals = sum(to_cents(e.amount) for e in since.entries if e.kind == Kind.REVERSAL and e.date <= today)
    o = since.opening
    now = Totals(
        charges_before=o.charges_before + o.charges_on + sum(to_cents(e.amount) for e in late),
        credits=o.credits + credits,
        reversals=o.reversals + reversals,
    )
    grown = min(now.arrears - o.arrears, sum(to_cents(e.amount) for e in late))
    if grown <= 0:
        return ZERO, []
    walked, covered = [], 0
    for charge in late:
        walked.append(charge)
        covered += to_cents(charge.amount)
        if covered >= grown:
            break
    return from_cents(grown), walked


def _month_names_nl(days: list[date]) -> str:
    """'juli 2026', 'juni en juli 2026', 'december 2025 en januari 2026': the months, oldest first."""
    months = sorted({(d.year, d.month) for d in days})
    years = {y for y, _ in months}
    names = [MONTHS[m - 1] + ("" if len(years) == 1 else f" {y}") for y, m in months]
    text = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    return f"{text} {months[0][0]}" if len(years) == 1 else text


def current_rent(s: Snapshot, today: date) -> list[Proposal]:
    """While a pause runs the old arrears wait, but the current rent is watched (toolkit 3.5): rent
    that fell due after the pause began and is unpaid past the policy's days gives one call by an
    officer, about that rent only, once a month (the period is the month of the newest such rent).
    Never a letter, costs or a signal; for debt help, the counsellor is told too (NVVK: new arrears
    during a settlement endanger it)."""
    unpaid, charges = current_rent_unpaid(s, today)
    if not charges:
        return []
    pause, newest = s.pause, charges[0].date
    kinds = {e.kind.value for e in charges}
    what = "de huur" if kinds <= {"rent", "service_costs"} else "de huur en kosten"
    counsellor = (
        " Laat het ook de schuldhulpverlener weten: nieuwe achterstand tijdens de schuldhulp kan de "
        "schuldregeling in gevaar brengen (NVVK)."
        if s.debt_help_trajectory
        else ""
    )
    return [
        Proposal(
            tenancy_ref=s.tenancy_ref,
            rule="current_rent",
            action=Action.CALL,
            channel="phone",
            due_date=today,
            period=f"{pause.start}:{newest:%Y-%m}",
            explanation=(
                f"Tijdens de pauze ({pause_reason_nl(pause.reason).lower()}, sinds {date_nl(pause.start)}) is "
                f"{what} van {_month_names_nl([e.date for e in charges])} nog niet (helemaal) betaald: {fmt_eur(unpaid)}. "
                "Bel de huurder over de huur van nu: vraag hoe het gaat en wat nodig is om die te betalen. "
                f"De oude achterstand blijft op pauze; daarover gaat dit gesprek niet (Gereedschapskist 3.5).{counsellor}"
            ),
            facts=(
                ("unpaid", str(unpaid)),
                ("month", f"{newest:%Y-%m}"),
                ("pause_start", pause.start.isoformat()),
                ("pause_reason", pause.reason),
            ),
        )
    ]


# In order: when two messages compete for the same day, the first one goes.
RULES = [
    eviction.prevention,
    eviction.crisis_signal,
    review_pause,
    current_rent,
    arrangement_broken,
    escalation_review,
    early_signal,
    after_pause,
    call,
    home_visit,
    arrangement_reminder,
    nudge,
    reminder_letter,
    wik_letter,
    pre_due_reminder,
    compliment,
]
# Every other rule asks first for arrears, a pause or an arrangement; most tenancies a run looks
# at have none of these (test_rules_without_arrears checks the list).
RULES_WITHOUT_ARREARS = [eviction.prevention, pre_due_reminder, compliment]


# --- When each rule may next decide differently ------------------------------------------------
# Without new facts (no ledger entries, no events) a snapshot only ages: days overdue grow by one
# a day, everything else stays. Each function below gives the days on which its rule's answer can
# change; between two such days a rule proposes the same. engine.next_wake uses them.
#
# The segment can change with time too, but only down the order of segments.Segment: 'new' ends a
# year after the start; reminders, arrangements and bailiff cases leave the 365-day window; the
# arrears, and so first_time, stay. So the steps of every segment from the current one on count.


def later_segments(s: Snapshot) -> list[str]:
    """The segments the tenancy can be in from today on, one per distinct set of steps."""
    order = [seg.value for seg in Segment]
    by_steps = {}
    for seg in order[order.index(s.segment) :]:
        by_steps.setdefault(s.policy.steps_for(seg, s.payment_method), seg)
    return list(by_steps.values())


def later_steps(s: Snapshot) -> list[Steps]:
    """The steps the wake-up days are computed from. When the day the segment can change is known,
    the current steps suffice: engine.next_wake never sleeps past that day."""
    if s.segment_until is not None:
        return [s.steps]
    return [s.policy.steps_for(seg, s.payment_method) for seg in later_segments(s)]


def _overdue_on(s: Snapshot, today: date, days: int) -> date:
    """The day days_overdue reaches `days`."""
    return today + timedelta(days=days - s.position.days_overdue)


def _arrangement_days(s: Snapshot) -> list[date]:
    """Days an arrangement changes what is planned, or whether it is kept."""
    a = s.arrangement
    if a is None:
        return []
    grace = timedelta(days=s.policy.arrangement_grace_days)
    return [d + grace for d in a.due_dates()]


def pre_due_reminder_wake(s: Snapshot, today: date) -> list[date]:
    reach = [steps.pre_due_reminder_days for steps in later_steps(s) if steps.pre_due_reminder_days]
    if not reach:
        return []
    dues, due = [], today
    for _ in range(3):
        due = next_due_date(due, s.payment_method, s.collection_day)
        dues.append(due)
    return dues + [due - timedelta(days=days) for due in dues for days in reach]


def step_wake(s: Snapshot, today: date) -> list[date]:
    """nudge, call, reminder_letter, home_visit, wik_letter: days overdue pass a step's days."""
    if s.position.arrears <= 0:
        return []
    days = set()
    for steps in later_steps(s):
        days |= {
            steps.nudge_after_days,
            steps.call_after_days,
            steps.reminder_letter_after_days,
            steps.home_visit_after_days,
        }
        if s.policy.charge_costs:
            days.add(steps.wik_letter_after_days)
    calls = [c.date + timedelta(days=1) for c in s.contacts]  # a call waits for the day after the last
    returns = [r.date + timedelta(days=1) for r in s.returned_debits]  # the nudge after a returned debit
    resumed = _resumed_on(s, today)  # after a pause the steps count from its end
    again = [resumed + timedelta(days=n) for n in days] if resumed is not None else []
    return [_overdue_on(s, today, n) for n in days] + calls + returns + again + _arrangement_days(s)


def early_signal_wake(s: Snapshot, today: date) -> list[date]:
    offered, policy = bgs.offered_on(s), s.policy
    if offered is None:
        return []
    days = [offered + timedelta(days=policy.signal_after_reminder_days)]
    days += [x.date + timedelta(days=policy.signal_repeat_after_days) for x in s.signals]
    if s.repeat_answer is not None:
        days.append(s.repeat_answer.date + REPEAT_ANSWER_DAYS)
    return days + _arrangement_days(s)


def arrangement_wake(s: Snapshot, today: date) -> list[date]:
    """arrangement_reminder and arrangement_broken."""
    a = s.arrangement
    if a is None:
        return []
    before = timedelta(days=s.policy.arrangement_remind_days_before)
    return [d for due in a.due_dates() for d in (due - before, due, due + timedelta(days=1))] + _arrangement_days(s)


def escalation_wake(s: Snapshot, today: date) -> list[date]:
    """months_in_arrears does not change without new entries; the signal's age does."""
    after = timedelta(days=s.policy.escalation_after_signal_days)
    return [x.date + after for x in s.signals] + _arrangement_days(s)


def review_pause_wake(s: Snapshot, today: date) -> list[date]:
    return [s.pause.review_date] if s.pause is not None and s.pause.review_date else []


def current_rent_wake(s: Snapshot, today: date) -> list[date]:
    """current_rent: a charge since the pause began passes the policy's days."""
    if s.pause is None or s.since_pause is None:
        return []
    days = timedelta(days=s.policy.pause_current_rent_call_after_days)
    return [e.date + days for e in s.since_pause.charges()]


def messages_wake(s: Snapshot, today: date) -> list[date]:
    """The one-message-a-day guardrail counts the messages of one day."""
    return [d + timedelta(days=n) for d in s.message_dates for n in (0, 1)]


def compliment_wake(s: Snapshot, today: date) -> list[date]:
    """The compliment needs the arrears to fall (new entries), or, when it waits for a direct
    debit to become final, that day."""
    final = money_final_on(s, today) if compliment_waits(s, today) else None
    return [final] if final else []


WAKES = [
    pre_due_reminder_wake,
    step_wake,
    early_signal_wake,
    arrangement_wake,
    escalation_wake,
    review_pause_wake,
    current_rent_wake,
    messages_wake,
    compliment_wake,
    former.wake,
    eviction.wake,
]
