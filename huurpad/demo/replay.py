"""The policy replayed over the demo's last days, carried out the way a team would.

The generator leaves the policy's own steps (letters, calls, visits, signals) out of its last
`days` days. Here the ordinary daily run makes them: one run per day from the demo day - `days`
up to the day before the demo day (the first full, the others the ordinary next days), and after
each run the team does the day's work, with seeded chance: messages and letters go out, early
signals are sent, calls and visits are made and sometimes reach the tenant, reviews are closed,
and some tasks wait a few days because people are busy. Finally the demo day itself is run and its
proposals are left open: the worklist of the morning.

Early signals take the real path: the day's run prepares them (collection.daily), the team
exports one batch per municipality (signals.export: the signal notice letter to the tenant goes
out the same day), and the municipality answers some of them days or weeks later, with a result
code drawn from MUNICIPALITY's shares (seeded apart from the team's chances), through the same
function as a feedback file (signals.apply_feedback): a pause when help is accepted, a home visit
when there was no contact, and so on (docs/signals.md).

The ledger is imported in full first; a run for day D counts only what is dated on or before D.
"""

import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from huurpad.accounts.roles import Role
from huurpad.cases import events, tasks
from huurpad.collection.daily import run_day
from huurpad.collection.models import Proposal
from huurpad.collection.proposals import carry_out
from huurpad.core.policy.proposal import MESSAGES, Action
from huurpad.messaging import outbox
from huurpad.messaging.models import OutboxMessage
from huurpad.signals import signals
from huurpad.signals.models import EarlySignal

# Chance that a person does a task on a given day it is open (the rest waits for another day).
DONE_TODAY = {
    Action.CALL: 0.6,
    Action.HOME_VISIT: 0.35,  # a visit is planned into a round of the neighbourhood
    Action.ARRANGEMENT_BROKEN: 0.5,
    Action.ESCALATION_REVIEW: 0.4,
    Action.REVIEW_PAUSE: 0.5,
    Action.FORMER_DECISION: 0.4,  # a former tenant's final bill: the team leader decides
}
# Chance that a call or visit reaches the tenant, and that the conversation points to debt help.
REACHED = {Action.CALL: 0.4, Action.HOME_VISIT: 0.6}
DEBT_HELP_WHEN_REACHED = 0.8

# The municipality's answers to the signals (VNG Eindresultaat, FACTS.md §1). No public figures
# give these shares; they are the demo's assumption: about a quarter accepts help, many are not
# reached, few signals are called a repeat or unjustified. A fifth is not answered within the
# replay. 'Inwoner is overleden' and 'Persoon is geen inwoner (meer)' are left out: the demo's
# tenants live on.
MUNICIPALITY = [
    ("Inwoner heeft hulp geaccepteerd", 25),
    ("Inwoner al bekend bij schuldhulpverlening", 10),
    ("Inwoner heeft al een ander lopend traject", 5),
    ("Inwoner hoeft geen hulp vanuit vroegsignalering", 15),
    ("Inwoner heeft zelf al betaald/betalingsregeling getroffen", 7),
    ("(Budget)advies en/of quick fix", 5),
    ("Definitief geen contact kunnen krijgen", 15),
    ("Geen reactie na eerder contact", 8),
    ("Niet opgepakt: herhaalde melding", 5),
    ("Niet opgepakt: onterecht signaal", 2),
    ("Niet opgepakt: andere reden", 3),
]
UNANSWERED = 0.2
ANSWER_AFTER = (5, 35)  # days from the signal to the municipality's answer
NOT_REACHED = {"Definitief geen contact kunnen krijgen"} | {
    code for code, _ in MUNICIPALITY if code.startswith("Niet opgepakt")
}
EXPORT_FORMAT = {"GM0599": "csv"}  # the others take JSON
# The answers that start help (a pause: signals.signals RESULTS), and the one a household on the
# demo's legal track gives instead.
HELP = {
    "Inwoner heeft hulp geaccepteerd",
    "Inwoner al bekend bij schuldhulpverlening",
    "Inwoner heeft al een ander lopend traject",
}
NO_HELP = "Geen reactie na eerder contact"


@dataclass
class Replay:
    runs: int = 0
    done: int = 0
    waiting: int = 0  # open at the end of the day before the demo day
    open_today: int = 0  # proposed on the demo day and left open
    seconds_runs: float = 0.0
    seconds_work: float = 0.0
    by_action: dict = field(default_factory=dict)
    signals_sent: int = 0
    answers: int = 0
    # Answers still to come: day -> [(signal id, result, first contact, creditors)].
    pending: dict = field(default_factory=dict)


def replay(on: date, days: int, seed: int, *, debt_help=None, legal=None) -> Replay:
    """Run the policy for the `days` days before `on` and carry it out; then run `on` itself.
    `debt_help` (debt_help.Script): each morning, before the run, what the Schuldenknooppunt, the
    bank and the team bring for the debt-help households (debt_help.Delivery). `legal`
    (legal.Script): after that, the day's steps of the legal track (legal.Court)."""
    from .debt_help import Delivery
    from .legal import Court
    from .setup import demo_folder, ensure_sender  # setup imports this module

    ensure_sender()  # the signal notice letter names the corporation and the municipality
    result = Replay()
    rng, municipality = random.Random(seed), random.Random(f"{seed}-gemeente")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[r.value for r in Role])}
    delivery = Delivery(debt_help, demo_folder(), users) if debt_help is not None else None
    court = Court(legal, demo_folder(), users, on, on - timedelta(days=days)) if legal is not None else None
    for n in range(days, 0, -1):
        day = on - timedelta(days=n)
        started = time.perf_counter()
        if delivery is not None:
            delivery.deliver(day)
        if court is not None:
            court.deliver(day)
        result.seconds_work += time.perf_counter() - started
        _run(day, result, full=n == days)
        started = time.perf_counter()
        answer(day, result, on_the_track=court.used if court is not None else frozenset())
        send_signals(day, municipality, users, result)
        work(day, rng, users, result)
        result.seconds_work += time.perf_counter() - started
    result.waiting = _open().count()
    before = _open().count()
    _run(on, result, full=days == 0)
    result.open_today = _open().count() - before
    return result


def _run(day: date, result: Replay, *, full: bool) -> None:
    started = time.perf_counter()
    run_day(day, full=full)  # as `huurpad run`: the policy, then the early signals prepared
    result.seconds_runs += time.perf_counter() - started
    result.runs += 1


def _open():
    return Proposal.objects.filter(status__in=[Proposal.Status.PROPOSED, Proposal.Status.QUEUED])


def work(day: date, rng: random.Random, users: dict, result: Replay) -> None:
    """The team's day: what is open, in a fixed order, done or left for another day."""
    for proposal in (
        _open().filter(due_date__lte=day).select_related("tenancy").order_by("tenancy__ref", "rule", "period")
    ):
        action = Action(proposal.action)
        if action == Action.EARLY_SIGNAL:
            continue  # not prepared (it waits for approval), or dismissed since: send_signals did the rest
        if action == Action.EVICTION_PREVENTION:
            continue  # its call, visit and offer are tasks; how each eviction ends is demo/legal.py's script
        if action in MESSAGES:
            carry_out(proposal, on=day)  # sent the same day
        elif rng.random() < DONE_TODAY[action]:
            user = users.get(tasks.KINDS[action].role.value)  # who does it, so the timeline names a person
            reached = action in REACHED and rng.random() < REACHED[action]
            carry_out(proposal, acting_user=user, on=day, reached=reached)
            if reached and rng.random() < DEBT_HELP_WHEN_REACHED:
                channel = "phone" if action == Action.CALL else "visit"
                events.debt_help_pointed(proposal.tenancy, day, channel=channel, acting_user=user).save()
        else:
            continue
        result.done += 1
        result.by_action[action.value] = result.by_action.get(action.value, 0) + 1


def send_signals(day: date, rng: random.Random, users: dict, result: Replay) -> None:
    """The day's batch per municipality (signals.export, as an officer makes it on the
    Vroegsignalen page), the signal notice letters posted, and when the municipality will answer."""
    officer = users.get(Role.INCASSOMEDEWERKER.value)
    codes = EarlySignal.objects.filter(status=EarlySignal.Status.PREPARED, signal_date__lte=day)
    for code in sorted(set(codes.values_list("municipality_code", flat=True))):
        batch = signals.export(code, EXPORT_FORMAT.get(code, "json"), day, acting_user=officer).batch
        if batch is None:
            continue
        for signal in batch.signals.order_by("id"):
            result.signals_sent += 1
            result.done += 1
            result.by_action["early_signal"] = result.by_action.get("early_signal", 0) + 1
            if rng.random() < UNANSWERED:
                continue
            outcome = rng.choices([c for c, _ in MUNICIPALITY], weights=[w for _, w in MUNICIPALITY])[0]
            answered = day + timedelta(days=rng.randint(*ANSWER_AFTER))
            contact = None if outcome in NOT_REACHED else day + timedelta(days=rng.randint(2, (answered - day).days))
            creditors = (
                rng.randint(1, 6) if outcome == "Inwoner heeft hulp geaccepteerd" and rng.random() < 0.5 else None
            )
            result.pending.setdefault(answered, []).append((signal.pk, outcome, contact, creditors))
    # The post room prints the day's notice letters, marked sent as print-letters marks the policy's.
    for letter in OutboxMessage.objects.filter(
        action="signal_notice", day=day, status=OutboxMessage.Status.QUEUED
    ).select_related("tenancy"):
        outbox.mark_sent(letter, day=day)


def answer(day: date, result: Replay, *, on_the_track=frozenset()) -> None:
    """The municipality's answers that arrive today, as a feedback file would bring them. A
    household the demo walks through the legal track (`on_the_track`, refs) does not take the help
    offered: an answer that would start help (a pause, which holds the track) is 'Geen reactie na
    eerder contact' for it, so the demo shows every stage of the track."""
    for pk, code, contact, creditors in result.pending.pop(day, []):
        signal = EarlySignal.objects.select_related("tenancy").get(pk=pk)
        if signal.tenancy.ref in on_the_track and code in HELP:
            code, creditors = NO_HELP, None
        row = {
            "kenmerk": signal.reference,
            "resultaat": code,
            "datum": day.isoformat(),
            "eerste_contact": contact.isoformat() if contact else "",
            "schuldeisers": str(creditors or ""),
        }
        signals.apply_feedback(
            signal, code, day, first_contact=contact, creditors=creditors, raw=json.dumps(row, ensure_ascii=False)
        )
        result.answers += 1
