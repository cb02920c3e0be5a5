"""A tenancy's timeline read in the policy's terms: the letters, contacts, signals, arrangements,
pauses and returned debits its events record (core.policy.facts). The policy run reads it for
every tenancy it looks at closely (collection.snapshots); a letter that names a missed instalment
reads the running arrangement from it (messaging.compose)."""

from datetime import date, timedelta
from decimal import Decimal

from huurpad.core.policy import facts

from .models import CaseEvent

T = CaseEvent.Type
# The legal track's events that schedule an eviction or take it off (legal/track.py writes them).
EVICTION_TYPES = [T.EVICTION_SCHEDULED, T.EVICTION_CANCELLED, T.EVICTION_EXECUTED, T.STRUCK_OUT]
TIMELINE_TYPES = [
    T.REMINDER_LETTER,
    T.WIK_LETTER,
    T.CONTACT_ATTEMPT,
    T.DEBT_HELP_POINTED,
    T.DATA_SHARING_OBJECTION,
    T.EARLY_SIGNAL_SENT,
    T.SIGNAL_FEEDBACK,
    T.ARRANGEMENT_STARTED,
    T.ARRANGEMENT_ENDED,
    T.PAUSE_STARTED,
    T.PAUSE_ENDED,
    T.PAUSE_EXTENDED,
    T.BAILIFF_HANDOVER,
    T.DEBIT_RETURNED,
    *EVICTION_TYPES,
    T.AGENCY_HANDOVER,
]
DEBT_HELP_PAUSES = {"kennisgeving", "municipal_help", "moratorium", "schuldhulp", "debt_settlement"}
DEFAULT_PAUSE_REVIEW = timedelta(days=30)


def _date(value, default: date | None = None) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return default


def _amount(value, default: Decimal) -> Decimal:
    try:
        return Decimal(str(value))
    except Exception:
        return default


class Timeline:
    """The events of one tenancy, read into the policy's terms."""

    def __init__(self):
        self.letters, self.wik, self.contacts, self.debt_help, self.signals = [], [], [], [], []
        self.objection = False
        # The running arrangement and pause (start day, terms), or None once ended. Events come in
        # (date, id) order, so an arrangement renegotiated on the day the old one ended, or a pause
        # that follows another on one day, is the one that runs.
        self.running_arrangement: tuple[date, dict] | None = None
        self.running_pause: tuple[date, dict] | None = None
        self.pause_ended: date | None = None  # the day the last pause ended
        self.bailiff: date | None = None
        self.eviction: facts.Eviction | None = None  # scheduled, not cancelled, carried out or struck out
        self.agency: date | None = None  # the final bill handed to a collection agency (the latest)
        self.repeat_answer: facts.Signal | None = None  # 'herhaalde melding' for the last signal sent
        self.returns: list[facts.ReturnedDebit] = []

    def add(self, day: date, kind: str, params: dict) -> None:
        if kind == T.REMINDER_LETTER:
            self.letters.append(
                facts.Letter(
                    date=day,
                    offers_data_sharing=bool(params.get("offers_data_sharing")),
                    points_to_debt_help=bool(params.get("points_to_debt_help")),
                )
            )
        elif kind == T.WIK_LETTER:
            self.wik.append(day)
        elif kind == T.CONTACT_ATTEMPT:
            self.contacts.append(
                facts.Contact(
                    date=day,
                    channel=str(params.get("channel", "")),
                    reached=bool(params.get("reached")),
                    day_part=str(params.get("day_part", "")),
                )
            )
        elif kind == T.DEBT_HELP_POINTED:
            self.debt_help.append(day)
        elif kind == T.DATA_SHARING_OBJECTION:
            self.objection = True
        elif kind == T.EARLY_SIGNAL_SENT:
            self.signals.append(facts.Signal(date=day, amount=_amount(params.get("amount"), Decimal("0"))))
            self.repeat_answer = None  # the municipality's answer was about an earlier signal
        elif kind == T.SIGNAL_FEEDBACK and "no_repeat_above" in params:
            self.repeat_answer = facts.Signal(date=day, amount=_amount(params["no_repeat_above"], Decimal("0")))
        elif kind == T.ARRANGEMENT_STARTED:
            self.running_arrangement = (day, params)
        elif kind == T.ARRANGEMENT_ENDED:
            self.running_arrangement = None
        elif kind == T.PAUSE_STARTED:
            self.running_pause = (day, params)
        elif kind == T.PAUSE_ENDED:
            self.running_pause, self.pause_ended = None, day
        elif kind == T.PAUSE_EXTENDED and self.running_pause is not None:
            start, terms = self.running_pause
            self.running_pause = (start, {**terms, "review_date": params.get("review_date")})
        elif kind == T.BAILIFF_HANDOVER:
            self.bailiff = max(day, self.bailiff or day)
        elif kind == T.EVICTION_SCHEDULED:
            when = _date(params.get("eviction_date"))
            self.eviction = facts.Eviction(scheduled_on=day, date=when) if when else None
        elif kind in EVICTION_TYPES:  # cancelled, carried out, or the case struck out
            self.eviction = None
        elif kind == T.AGENCY_HANDOVER:
            self.agency = max(day, self.agency or day)
        elif kind == T.DEBIT_RETURNED:
            self.returns.append(
                facts.ReturnedDebit(
                    date=day,
                    amount=_amount(params.get("amount"), Decimal("0")),
                    reason_code=str(params.get("reason_code", "")),
                    reason=str(params.get("reason", "")),
                )
            )

    def pause(self) -> facts.Pause | None:
        if self.running_pause is None:
            return None
        start, params = self.running_pause
        return facts.Pause(
            start=start,
            reason=str(params.get("reason", "")),
            review_date=_date(params.get("review_date"), start + DEFAULT_PAUSE_REVIEW),
        )

    def arrangement(self, arrears: Decimal) -> facts.Arrangement | None:
        """The running arrangement. Terms missing from imported history count as 'do not let the
        arrears grow': no instalment, twelve months from the month after the start."""
        if self.running_arrangement is None:
            return None
        start, params = self.running_arrangement
        first_due = _date(params.get("first_due"), (start.replace(day=1) + timedelta(days=32)).replace(day=1))
        return facts.Arrangement(
            start=start,
            arrears_at_start=_amount(params.get("arrears_at_start"), arrears),
            instalment=_amount(params.get("instalment"), Decimal("0")),
            first_due=first_due,
            count=int(params.get("count", 12)),
        )
