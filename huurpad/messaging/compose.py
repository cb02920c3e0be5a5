"""Composing: the policy run's queued messages written out (texts.render) from the day's facts,
so the worker can send them and the letters can be printed. A message that cannot be written (no
phone number, no municipality set up, no IBAN) is given up with the reason, on the timeline,
where an officer sees it.

The worker writes the messages it sends (compose_due); the policy's letters are written by the
post room's print run on the day they are printed and dated (write_letters), so the amount, the
day to object by and the WIK letter's 14-day term count from the letter's own date."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from huurpad.bank.imports import payment_reference
from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import Timeline
from huurpad.core.calc import instalments
from huurpad.core.dutch import MONTHS
from huurpad.core.money import from_cents, to_cents
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Municipality, Tenancy

from . import outbox, paylinks, texts
from .models import OutboxMessage, PayLink, Sender

SHORT = {"sms", "whatsapp"}


class NotNeeded(ValueError):
    """The message is no longer needed (the arrears paid, the arrangement kept again)."""


NEED_ARREARS = {"nudge", "reminder_letter", "wik_letter", "arrangement_broken", "final_bill_letter"}
# Steps whose rule has its own text (a former tenant's 14-day letter is a wik_letter step).
RULE_TEXTS = {"former_wik_letter"}


def text_kind(message) -> str:
    """The text a message of the policy is written with: its rule's own, where it has one."""
    rule = message.proposal.rule if message.proposal_id else ""
    return rule if rule in RULE_TEXTS else message.action


def compose_due(on: date, *, base_url: str) -> tuple[int, outbox.Counts]:
    """Write out every queued message of D or before that has no text yet, except the policy's
    letters (write_letters does those when they are printed). Returns how many were written, and
    what was given up (and why)."""
    waiting = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.QUEUED, body="", day__lte=on, proposal__isnull=False
    ).exclude(channel="letter")
    counts = outbox.Counts()
    written = _write(waiting, on, base_url, counts, rewrite=False)
    return len(written), counts


def write_letters(on: date, *, base_url: str) -> tuple[dict[int, dict], outbox.Counts]:
    """Write (again) every queued letter of the policy of D or before from D's facts, D being the
    day the post room prints them: the letter's date. A letter written earlier is written again
    (its open pay link for the same amount is kept). Returns the facts each letter states, by
    message id, and what was given up (and why)."""
    waiting = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.QUEUED, channel="letter", day__lte=on, proposal__isnull=False
    )
    counts = outbox.Counts()
    return _write(waiting, on, base_url, counts, rewrite=True), counts


def _write(queryset, on: date, base_url: str, counts: outbox.Counts, *, rewrite: bool) -> dict[int, dict]:
    """Write each message; only a message still queued (and, unless `rewrite`, still without text)
    takes the text, so two workers never both write one: the loser's pay link is not kept."""
    waiting = list(queryset.select_related("tenancy__tenant", "proposal").order_by("id"))
    if not waiting:
        return {}
    sender, policy = Sender.current(), outbox.policy_in_force()
    rows = {
        r.tenancy_id: r for r in arrears.compute(on, Tenancy.objects.filter(id__in={m.tenancy_id for m in waiting}))
    }
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in={m.tenancy.municipality_code for m in waiting})
    }
    written = {}
    for message in waiting:
        if message.action in NEED_ARREARS and rows[message.tenancy_id].position.arrears <= 0:
            outbox.give_up(message, "niet meer nodig: de achterstand is betaald", counts)
            continue
        try:
            with transaction.atomic():  # a pay link made for a message that cannot be written is not kept
                facts = _facts(message, rows[message.tenancy_id], sender, policy, municipalities, on, base_url)
                text = texts.render(text_kind(message), "short" if message.channel in SHORT else "long", **facts)
                still = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.QUEUED)
                if not rewrite:
                    still = still.filter(body="")
                if still.update(
                    recipient=recipient(message.tenancy, message.channel, on),
                    subject=text.subject,
                    body=text.body,
                ):
                    written[message.pk] = facts
                else:
                    transaction.set_rollback(True)  # written or sent by another worker meanwhile
        except NotNeeded as exc:
            outbox.give_up(message, f"niet meer nodig: {exc}", counts)
        except (texts.MessageError, KeyError, ValueError) as exc:
            outbox.give_up(message, f"niet te schrijven: {exc}", counts)
    return written


def recipient(tenancy, channel: str, on: date | None = None) -> str:
    """Where a message on `channel` goes: the tenant's phone, e-mail, or name and address (letter):
    after the tenancy ended (before D, default today), the forwarding address when known."""
    tenant = tenancy.tenant
    if channel in SHORT:
        found = tenant.phone
    elif channel == "email":
        found = tenant.email
    else:
        found = "\n".join((tenant.name, *tenancy.letter_address_lines(on or timezone.localdate())))
    if not found.strip():
        raise ValueError(f"geen {'telefoonnummer' if channel in SHORT else 'e-mailadres'} bekend")
    return found


def _facts(message, row, sender, policy, municipalities, on: date, base_url: str) -> dict:
    tenancy, kind, proposal = message.tenancy, text_kind(message), message.proposal.facts
    facts = {"name": tenancy.tenant.name, "corporation": sender.name, "phone": sender.phone}
    owed = row.position.arrears

    def pay_link() -> str:
        """The message's open link for this amount (a letter written again), else a new one."""
        kept = PayLink.objects.filter(message=message, status=PayLink.Status.OPEN, amount_cents=to_cents(owed))
        link = kept.exclude(checkout_url="").order_by("-id").first()
        return (link or paylinks.open_link(tenancy, owed, base_url=base_url, message=message)).checkout_url

    def municipality() -> Municipality:
        found = municipalities.get(tenancy.municipality_code)
        if found is None:
            raise ValueError(f"gemeente {tenancy.municipality_code} is niet ingesteld (beheer, Gemeenten)")
        return found

    if kind == "pre_due_reminder":
        facts |= {"amount": from_cents(row.monthly_due_cents), "due_date": date.fromisoformat(proposal["due"])}
    elif kind == "nudge":
        oldest = row.position.oldest_unpaid_due_date
        facts |= {"amount": owed, "month": MONTHS[oldest.month - 1] if oldest else "", "pay_link": pay_link()}
    elif kind == "reminder_letter":
        place = municipality()
        facts |= {
            "amount": owed,
            "ref": tenancy.ref,
            "pay_link": pay_link(),
            "municipality": place.name,
            "debt_help": place.debt_help,
            # The tenant may object until the day before the earliest early signal.
            "object_before": on + timedelta(days=policy.signal_after_reminder_days - 1),
        }
    elif kind == "wik_letter":
        facts |= texts.wik_terms(owed, on, policy.receipt_days) | {
            "ref": tenancy.ref,
            "pay_link": pay_link(),
            "debt_help": municipality().debt_help,
        }
    elif kind == "final_bill_letter":
        facts |= {"amount": owed, "ref": tenancy.ref, "ended_on": tenancy.end_date, "pay_link": pay_link()}
        facts |= final_bill(tenancy, on)
    elif kind == "former_wik_letter":
        facts |= texts.wik_terms(owed, on, policy.receipt_days) | {"ref": tenancy.ref, "pay_link": pay_link()}
    elif kind == "arrangement_reminder":
        facts |= {"instalment": Decimal(proposal["instalment"]), "due_date": date.fromisoformat(proposal["due"])}
    elif kind == "arrangement_broken":
        facts |= missed_instalment(tenancy, owed, on, policy.arrangement_grace_days)
    return facts | how_to_pay(tenancy, kind, sender)


def final_bill(tenancy, on: date) -> dict:
    """What the final bill letter names: the deposit settled and the repairs charged (ledger
    kinds deposit_settlement and repair_charge, up to D); None where there are none."""
    sums = dict(
        tenancy.ledger_entries.filter(kind__in=["deposit_settlement", "repair_charge"], date__lte=on)
        .values_list("kind")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    deposit, repairs = sums.get("deposit_settlement"), sums.get("repair_charge")
    return {"deposit": from_cents(deposit) if deposit else None, "repairs": from_cents(repairs) if repairs else None}


def how_to_pay(tenancy, kind: str, sender: Sender) -> dict:
    """The facts a text asking for payment needs besides a pay link: the corporation's IBAN, the
    contract's payment reference (the RF reference the bank import matches first) and whether
    the household pays by direct debit. Only those the kind uses."""
    needs = texts.KINDS[kind].needs
    facts = {
        "iban": sender.iban,
        "payment_reference": payment_reference(tenancy.ref),
        "direct_debit": tenancy.payment_method == "direct_debit",
    }
    return {key: value for key, value in facts.items() if key in needs}


def missed_instalment(tenancy, owed: Decimal, on: date, grace_days: int) -> dict:
    """The last instalment of the running arrangement that is missed (instalments.missed): what
    the broken-arrangement notice names. The arrangement as the policy reads it,
    from the timeline. Raises NotNeeded when the arrangement is kept again or has ended."""
    timeline = Timeline()
    for day, type_, params in (
        CaseEvent.objects.filter(
            tenancy=tenancy,
            type__in=[CaseEvent.Type.ARRANGEMENT_STARTED, CaseEvent.Type.ARRANGEMENT_ENDED],
            date__lte=on,
        )
        .order_by("date", "id")
        .values_list("date", "type", "params")
    ):
        timeline.add(day, type_, params)
    running = timeline.arrangement(owed)
    if running is None:
        raise NotNeeded("er loopt geen betalingsregeling meer")
    missed = instalments.missed(running, owed, on, grace_days)
    if not missed:
        raise NotNeeded("de betalingsregeling loopt weer volgens afspraak")
    return {"instalment": dict(running.schedule())[missed[-1]], "due_date": missed[-1]}


def queue_letter(tenancy, kind: str, *, acting_user, day: date, **facts) -> OutboxMessage:
    """A letter an officer's step sends (an arrangement's confirmation, a pause, a write-off),
    written now from `facts` and queued for the day's print batch. The corporation's name and
    phone number, the tenant's name and, for a letter asking for payment, how to pay (IBAN,
    payment reference, direct debit or not) are added here. Raises ValueError (in Dutch) when the
    corporation's details are not set up: the step it belongs to is then not taken."""
    try:
        sender = Sender.current()
    except Sender.DoesNotExist as exc:
        raise ValueError(str(exc)) from None
    facts = how_to_pay(tenancy, kind, sender) | facts
    written = texts.render(kind, "long", name=tenancy.tenant.name, corporation=sender.name, phone=sender.phone, **facts)
    return OutboxMessage.objects.create(
        tenancy=tenancy,
        action=kind,
        channel="letter",
        day=day,
        created_by=acting_user,
        recipient=recipient(tenancy, "letter"),
        subject=written.subject,
        body=written.body,
    )
