"""Composing: the policy run's queued messages written out (texts.render) from today's facts, so
the worker can send them and the letters can be printed. A message that cannot be written (no
phone number, no municipality set up for the reminder letter) is given up with the reason, on
the timeline, where an officer sees it."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from huurpad.collection.models import PolicyVersion
from huurpad.core.dutch import MONTHS
from huurpad.core.money import from_cents
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Municipality, Tenancy

from . import outbox, paylinks, texts
from .models import OutboxMessage, Sender

SHORT = {"sms", "whatsapp"}
NEED_ARREARS = {"nudge", "reminder_letter", "wik_letter"}


def compose_due(on: date, *, base_url: str) -> tuple[int, outbox.Counts]:
    """Write out every queued message of D or before that has no text yet. Returns how many were
    written, and what was given up (and why)."""
    counts, composed = outbox.Counts(), 0
    waiting = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, body="", day__lte=on, proposal__isnull=False)
        .select_related("tenancy__tenant", "proposal")
        .order_by("id")
    )
    if not waiting:
        return 0, counts
    sender, policy = Sender.current(), PolicyVersion.current().load()
    rows = {r.tenancy_id: r for r in arrears.compute(on, Tenancy.objects.filter(id__in={m.tenancy_id for m in waiting}))}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in={m.tenancy.municipality_code for m in waiting})}
    for message in waiting:
        if message.action in NEED_ARREARS and rows[message.tenancy_id].position.arrears <= 0:
            outbox.give_up(message, "niet meer nodig: de achterstand is betaald", counts)
            continue
        try:
            with transaction.atomic():  # a pay link made for a message that cannot be written is not kept
                facts = _facts(message, rows[message.tenancy_id], sender, policy, municipalities, on, base_url)
                written = texts.render(message.action, "short" if message.channel in SHORT else "long", **facts)
                composed += OutboxMessage.objects.filter(pk=message.pk, body="").update(
                    recipient=recipient(message.tenancy, message.channel), subject=written.subject, body=written.body
                )
        except (texts.MessageError, KeyError, ValueError) as exc:
            outbox.give_up(message, f"niet te schrijven: {exc}", counts)
    return composed, counts


def recipient(tenancy, channel: str) -> str:
    """Where a message on `channel` goes: the tenant's phone, e-mail, or name and address (letter)."""
    tenant = tenancy.tenant
    if channel in SHORT:
        found = tenant.phone
    elif channel == "email":
        found = tenant.email
    else:
        found = "\n".join((tenant.name, *tenancy.address_lines))
    if not found.strip():
        raise ValueError(f"geen {'telefoonnummer' if channel in SHORT else 'e-mailadres'} bekend")
    return found


def _facts(message, row, sender, policy, municipalities, on: date, base_url: str) -> dict:
    tenancy, kind, proposal = message.tenancy, message.action, message.proposal.facts
    facts = {"name": tenancy.tenant.name, "corporation": sender.name, "phone": sender.phone}
    owed = row.position.arrears

    def pay_link() -> str:
        return paylinks.open_link(tenancy, owed, base_url=base_url, message=message).checkout_url

    def municipality() -> Municipality:
        found = municipalities.get(tenancy.municipality_code)
        if found is None:
            raise ValueError(f"gemeente {tenancy.municipality_code} is niet ingesteld (beheer, Gemeenten)")
        return found

    if kind == "pre_due_reminder":
        facts |= {"amount": from_cents(row.monthly_due_cents), "due_date": date.fromisoformat(proposal["due"]),
                  "direct_debit": tenancy.payment_method == "direct_debit"}  # fmt: skip
    elif kind == "nudge":
        oldest = row.position.oldest_unpaid_due_date
        facts |= {"amount": owed, "month": MONTHS[oldest.month - 1] if oldest else "", "pay_link": pay_link()}
    elif kind == "reminder_letter":
        place = municipality()
        facts |= {"amount": owed, "ref": tenancy.ref, "pay_link": pay_link(), "municipality": place.name,
                  "debt_help": place.debt_help,
                  # The tenant may object until the day before the earliest early signal.
                  "object_before": on + timedelta(days=policy.signal_after_reminder_days - 1)}  # fmt: skip
    elif kind == "wik_letter":
        facts |= texts.wik_terms(owed, on, policy.receipt_days) | {
            "ref": tenancy.ref, "pay_link": pay_link(), "debt_help": municipality().debt_help}
    elif kind == "arrangement_reminder":
        facts |= {"instalment": Decimal(proposal["instalment"]), "due_date": date.fromisoformat(proposal["due"])}
    return facts


def queue_letter(tenancy, kind: str, *, by, day: date, **facts) -> OutboxMessage:
    """A letter an officer's step sends (an arrangement's confirmation, a pause, a write-off),
    written now from `facts` and queued for the day's print batch. The corporation's name and
    phone number and the tenant's name are added here. Raises ValueError (in Dutch) when the
    corporation's details are not set up: the step it belongs to is then not taken."""
    try:
        sender = Sender.current()
    except Sender.DoesNotExist as exc:
        raise ValueError(str(exc)) from None
    written = texts.render(kind, "long", name=tenancy.tenant.name, corporation=sender.name, phone=sender.phone, **facts)
    return OutboxMessage.objects.create(
        tenancy=tenancy, action=kind, channel="letter", day=day, created_by=by,
        recipient=recipient(tenancy, "letter"), subject=written.subject, body=written.body,
    )  # fmt: skip
