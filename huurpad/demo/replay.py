"""The policy replayed over the demo's last days, carried out the way a team would.

The generator leaves the policy's own steps (letters, calls, visits, signals) out of its last
`days` days. Here the ordinary daily run makes them: one run per day from the demo day - `days`
up to the day before the demo day (the first full, the others the ordinary next days), and after
each run the team does the day's work, with seeded chance: messages and letters go out, early
signals are sent, calls and visits are made and sometimes reach the tenant, reviews are closed,
and some tasks wait a few days because people are busy. Finally the demo day itself is run and its
proposals are left open: the worklist of the morning.

The ledger is imported in full first; a run for day D counts only what is dated on or before D.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from huurpad.accounts.roles import Role
from huurpad.cases import events
from huurpad.collection.actions import mark_done, run_policy
from huurpad.collection.models import Proposal
from huurpad.core.policy.proposal import MESSAGES, Action

# Chance that a person does a task on a given day it is open (the rest waits for another day).
DONE_TODAY = {
    Action.CALL: 0.6,
    Action.HOME_VISIT: 0.35,  # a visit is planned into a round of the neighbourhood
    Action.ARRANGEMENT_BROKEN: 0.5,
    Action.ESCALATION_REVIEW: 0.4,
    Action.REVIEW_PAUSE: 0.5,
}
# Chance that a call or visit reaches the tenant, and that the conversation points to debt help.
REACHED = {Action.CALL: 0.4, Action.HOME_VISIT: 0.6}
DEBT_HELP_WHEN_REACHED = 0.8
# Who does what, so the timeline names a person.
ROLES = {
    Action.CALL: Role.INCASSOMEDEWERKER,
    Action.HOME_VISIT: Role.WOONCONSULENT,
    Action.ARRANGEMENT_BROKEN: Role.INCASSOMEDEWERKER,
    Action.ESCALATION_REVIEW: Role.TEAMLEIDER,
    Action.REVIEW_PAUSE: Role.INCASSOMEDEWERKER,
}


@dataclass
class Replay:
    runs: int = 0
    done: int = 0
    waiting: int = 0  # open at the end of the day before the demo day
    open_today: int = 0  # proposed on the demo day and left open
    seconds_runs: float = 0.0
    seconds_work: float = 0.0
    by_action: dict = field(default_factory=dict)


def replay(on: date, days: int, seed: int) -> Replay:
    """Run the policy for the `days` days before `on` and carry it out; then run `on` itself."""
    result = Replay()
    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[r.value for r in Role])}
    for n in range(days, 0, -1):
        day = on - timedelta(days=n)
        _run(day, result, full=n == days)
        started = time.perf_counter()
        work(day, rng, users, result)
        result.seconds_work += time.perf_counter() - started
    result.waiting = _open().count()
    before = _open().count()
    _run(on, result, full=days == 0)
    result.open_today = _open().count() - before
    return result


def _run(day: date, result: Replay, *, full: bool) -> None:
    started = time.perf_counter()
    run_policy(day, full=full)
    result.seconds_runs += time.perf_counter() - started
    result.runs += 1


def _open():
    return Proposal.objects.filter(status__in=[Proposal.Status.PROPOSED, Proposal.Status.QUEUED])


def work(day: date, rng: random.Random, users: dict, result: Replay) -> None:
    """The team's day: what is open, in a fixed order, done or left for another day."""
    for proposal in _open().filter(due_date__lte=day).select_related("tenancy").order_by("tenancy__ref", "rule", "period"):
        action = Action(proposal.action)
        if action in MESSAGES or action == Action.EARLY_SIGNAL:
            mark_done(proposal, on=day)  # sent the same day (the batch to the municipality too)
        elif rng.random() < DONE_TODAY[action]:
            user = users.get(ROLES[action].value)
            reached = action in REACHED and rng.random() < REACHED[action]
            mark_done(proposal, acting_user=user, on=day, reached=reached)
            if reached and rng.random() < DEBT_HELP_WHEN_REACHED:
                channel = "phone" if action == Action.CALL else "visit"
                events.debt_help_pointed(proposal.tenancy, day, channel=channel, actor=user).save()
        else:
            continue
        result.done += 1
        result.by_action[action.value] = result.by_action.get(action.value, 0) + 1
