"""What every transport of Schuldenknooppunt messages shares: the canonical form it maps to and from
(spec/CLI.md, "Debt help messages"), its checks, and the interface (docs/debt-help-transports.md).

A transport fetches the incoming messages as canonical dicts, acknowledges the ones that were
stored (the Schuldenknooppunt deletes what is not fetched and acknowledged within 5 working days),
and sends answers given as canonical dicts. It neither stores nor decides anything: the inbox does.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.utils import timezone

from huurpad.debthelp.canonical import (
    ANSWER_TYPES,
    COMMON_FIELDS,
    DECIDED_BY,
    INCOMING_FIELDS,
    ITEM_KINDS,
    OFFER_KINDS,
    OUTCOMES,
    REFUSAL_REASONS,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TransportError(Exception):
    """A message that cannot be mapped, or a service that refused or failed. Names the message and
    the field where it can; whatever raised it has stored, acknowledged and sent nothing more."""

    def __init__(self, text: str, *, message_id: str = "", field: str = ""):
        self.message_id = message_id
        self.field = field
        where = " ".join(part for part in (f"message {message_id}" if message_id else "", field) if part)
        super().__init__(f"{where}: {text}" if where else text)


class Transport(Protocol):
    def fetch(self) -> list[dict]:
        """Every message waiting, as canonical dicts; all or none (a bad one raises TransportError)."""

    def acknowledge(self, message_ids: list[str]) -> None:
        """Tell the Schuldenknooppunt these were received (after they were stored)."""

    def send(self, answer: dict) -> str | None:
        """Send one canonical answer; returns the service's receipt, if it gives one."""


def money(value, *, message_id: str = "", field: str = "") -> Decimal:
    """An amount of euros with at most two decimals, from a Decimal, int or a string "1234.56"."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise TransportError(f"{value!r} is not an amount", message_id=message_id, field=field) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise TransportError(f"{value!r} is not an amount in cents", message_id=message_id, field=field)
    return amount.quantize(Decimal("0.01"))


def check_incoming(message: dict) -> dict:
    """The message exactly in the canonical form: the fields of its type, each of the right shape.
    Raises TransportError naming the message and the field."""
    message_id = str(message.get("message_id") or "")
    if not message_id:
        raise TransportError("has no message_id", field="message_id")
    kind = message.get("type")
    if kind not in INCOMING_FIELDS:
        raise TransportError(f"unknown type {kind!r}", message_id=message_id, field="type")
    for name in COMMON_FIELDS + INCOMING_FIELDS[kind]:
        value = message.get(name)
        if value is None or value == "":
            raise TransportError("is missing", message_id=message_id, field=name)
    extra = set(message) - set(COMMON_FIELDS + INCOMING_FIELDS[kind])
    if extra:
        raise TransportError(f"fields not in the canonical form: {sorted(extra)}", message_id=message_id)
    for name in ("date", "start_date"):
        if name in message:
            _check_date(message[name], message_id, name)
    if "months" in message and (type(message["months"]) is not int or message["months"] <= 0):
        raise TransportError(f"{message['months']!r} is not a number of months", message_id=message_id, field="months")
    if kind == "betaalvoorstel":
        if message["kind"] not in OFFER_KINDS:
            raise TransportError(f"unknown kind {message['kind']!r}", message_id=message_id, field="kind")
        if not re.fullmatch(r"\d{1,3}\.\d{2}", message["percentage"]) or Decimal(message["percentage"]) > 100:
            raise TransportError(
                f"{message['percentage']!r} is not a percentage like 23.50", message_id=message_id, field="percentage"
            )
    if kind == "schuldregeling_beeindigd" and message["outcome"] not in OUTCOMES:
        raise TransportError(f"unknown outcome {message['outcome']!r}", message_id=message_id, field="outcome")
    return message


def _check_date(value, message_id, field):
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise TransportError(f"{value!r} is not a date (YYYY-MM-DD)", message_id=message_id, field=field)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise TransportError(f"{value!r} is not a date", message_id=message_id, field=field) from None


def check_answer(answer: dict) -> dict:
    """An answer that can be sent: its type's fields present and of the right shape (a betaalvoorstel
    answer still waiting for a person's decision cannot be). Raises TransportError."""
    message_id = str(answer.get("message_id") or "")
    kind = answer.get("type")
    if kind not in ANSWER_TYPES:
        raise TransportError(f"unknown answer type {kind!r}", message_id=message_id, field="type")
    for name in ("message_id", "in_reply_to", "tenancy_ref"):
        if not answer.get(name):
            raise TransportError("is missing", message_id=message_id, field=name)
    if answer.get("date"):
        _check_date(answer["date"], message_id, "date")
    if kind == "saldo_antwoord":
        claim = money(_required(answer, "claim"), message_id=message_id, field="claim")
        items = _required(answer, "items")
        if not isinstance(items, list) or (not items and claim != 0):
            raise TransportError("must list what the claim is made of", message_id=message_id, field="items")
        total = Decimal("0.00")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or item.get("kind") not in ITEM_KINDS:
                kind_ = item.get("kind") if isinstance(item, dict) else None
                raise TransportError(
                    f"unknown kind {kind_!r}, one of {', '.join(ITEM_KINDS)}",
                    message_id=message_id,
                    field=f"items[{i}].kind",
                )
            total += money(item.get("amount"), message_id=message_id, field=f"items[{i}].amount")
        if total != claim:
            raise TransportError(
                f"the items add up to {total}, not to the claim {claim}", message_id=message_id, field="items"
            )
        if not isinstance(answer.get("advance_consent"), bool):
            raise TransportError("must be true or false", message_id=message_id, field="advance_consent")
    elif kind == "betaalvoorstel_antwoord":
        if not isinstance(answer.get("accepted"), bool):
            raise TransportError(
                "is not decided yet (true or false): nothing is sent", message_id=message_id, field="accepted"
            )
        if answer.get("decided_by") not in DECIDED_BY:
            raise TransportError(
                f"must be one of {', '.join(DECIDED_BY)}, not {answer.get('decided_by')!r}",
                message_id=message_id,
                field="decided_by",
            )
    elif _required(answer, "reason") not in REFUSAL_REASONS:
        raise TransportError(
            f"unknown reason {answer['reason']!r}, one of {', '.join(REFUSAL_REASONS)}",
            message_id=message_id,
            field="reason",
        )
    return answer


def _required(answer, name):
    if answer.get(name) is None:
        raise TransportError("is missing", message_id=str(answer.get("message_id") or ""), field=name)
    return answer[name]


def answer_date(answer: dict, today: dt.date | None = None) -> dt.date:
    """The date the answer speaks for: its own `date` when it has one, else today (in Amsterdam,
    as every date in Huurpad: the server's clock may run on UTC)."""
    if answer.get("date"):
        return dt.date.fromisoformat(answer["date"])
    return today or timezone.localdate()


def claim_lines(answer: dict) -> list[dict]:
    """A checked saldo_antwoord's items as the Schuldenknooppunt's claim lines: a claim of 0.00 has
    no items, and the service wants at least one line, so it is one rent line of 0.00 (assumed:
    docs/debt-help-transports.md)."""
    return answer["items"] or [{"kind": ITEM_KINDS[0], "amount": "0.00"}]
