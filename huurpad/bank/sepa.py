"""SEPA direct debits: which rents are collected on a day, the pain.008 file for the bank, and the
collection day a tenant may change (toolkit 1.6).

A batch for day D holds every direct-debit tenancy whose collection day of D's month, moved to the
next TARGET2 business day when needed, is D. Collection days are 1, 5, 10, 15, 20 or 25 and TARGET2
is closed at most four days in a row (Good Friday to Easter Monday), so a month's collection never
moves into the next month: D only collects for its own month. Several days may land on one D,
though: day 1 on a Saturday is collected on Monday the 3rd, and with Good Friday on 1 April days 1
and 5 are both collected on Tuesday 5 April. Each tenancy is looked at on its own day.
"""

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from lxml import etree
from schwifty import IBAN
from sepaxml import SepaDD
from sepaxml.validation import ValidationError as SepaValidationError

from huurpad.cases import events
from huurpad.core.calendar import collection_date, first_of_next_month
from huurpad.core.dutch import MONTHS, date_nl
from huurpad.core.money import from_cents, to_cents
from huurpad.tenancies.models import Mandate, Tenancy

from .models import Collection, CollectionDayChange, Creditor, SepaBatch

SCHEMA = "pain.008.001.02"
DIRECT_DEBIT = Tenancy.PaymentMethod.DIRECT_DEBIT
Seq = Collection.Sequence
CHUNK = 500  # ids per IN (...) query


class BatchError(Exception):
    """The batch could not be written; nothing was recorded and no file was left behind."""


@dataclass(frozen=True)
class Due:
    """One direct debit to collect: what goes into the file and into a Collection row."""

    tenancy: Tenancy
    mandate: Mandate
    period: date  # the first of the month collected for
    collection_date: date
    sequence_type: str
    amount_cents: int
    end_to_end_id: str

    @property
    def amount(self) -> Decimal:
        return from_cents(self.amount_cents)

    @property
    def description(self) -> str:
        """'Huur november 2026 HC00012', on the tenant's bank statement."""
        return f"Huur {MONTHS[self.period.month - 1]} {self.period.year} {self.tenancy.ref}"


# --- Collection days ---------------------------------------------------------------------------


def change_collection_day(tenancy: Tenancy, day: int, *, today: date, acting_user=None) -> CollectionDayChange:
    """A new collection day, from the first of next month on. It replaces a change made earlier
    that has not taken effect yet, and goes on the timeline."""
    if day not in Tenancy.COLLECTION_DAYS:
        raise ValueError(f"De incassodag moet een van {', '.join(map(str, Tenancy.COLLECTION_DAYS))} zijn, niet {day}.")
    if tenancy.payment_method != DIRECT_DEBIT:
        raise ValueError("Een incassodag hoort alleen bij betalen met automatische incasso.")
    effective_from = first_of_next_month(today)
    with transaction.atomic():
        CollectionDayChange.objects.filter(tenancy=tenancy, applied=False, effective_from__gte=effective_from).delete()
        change = CollectionDayChange.objects.create(
            tenancy=tenancy, day=day, effective_from=effective_from, made_by=acting_user
        )
        events.collection_day_changed(
            tenancy, today, collection_day=day, effective_from=effective_from, acting_user=acting_user
        ).save()
    return change


def apply_collection_day_changes(today: date) -> int:
    """Sets the collection day of each tenancy whose change took effect on or before today, and
    marks those changes applied. Returns how many were applied."""
    with transaction.atomic():
        pending = list(
            CollectionDayChange.objects.select_for_update()
            .filter(applied=False, effective_from__lte=today)
            .select_related("tenancy")
            .order_by("effective_from", "id")
        )
        for change in pending:  # oldest first, so the latest change is the one that stays
            change.tenancy.collection_day = change.day
            change.tenancy.save(update_fields=["collection_day", "updated_at"])
        CollectionDayChange.objects.filter(pk__in=[c.pk for c in pending]).update(applied=True)
    return len(pending)


def _pending_changes() -> dict[int, list[CollectionDayChange]]:
    """The changes not applied yet (few: they are applied every month), per tenancy, oldest first."""
    by_tenancy: dict[int, list[CollectionDayChange]] = {}
    for change in CollectionDayChange.objects.filter(applied=False).order_by("effective_from", "id"):
        by_tenancy.setdefault(change.tenancy_id, []).append(change)
    return by_tenancy


def collection_day_for(tenancy: Tenancy, month: date, pending: list[CollectionDayChange]) -> int | None:
    """The collection day valid in `month` (its first): the latest change not yet applied that
    takes effect by then, else the tenancy's day. So a batch is right whether or not
    apply_collection_day_changes has run, and a batch made ahead of the first (for the 3rd, on
    the 31st) already uses the new day. (A change applied early, by running it with a later day
    than the batch's month, cannot be undone here: the tenancy keeps only its current day.)"""
    day = tenancy.collection_day
    for change in pending:  # oldest first
        if change.effective_from <= month:
            day = change.day
    return day


# --- What is due -------------------------------------------------------------------------------


def _agreed_instalment_cents(tenancy: Tenancy, period: date) -> int:
    """An agreed instalment due in `period`'s month, collected with the rent."""
    from huurpad.solutions.arrangements import agreed_instalment_cents

    return agreed_instalment_cents(tenancy, period)


def _end_to_end_id(tenancy: Tenancy, period: date) -> str:
    """'HP-HC00012-202611': who and which month, unique because one collection per tenancy per
    month. At most 35 characters of A-Z, a-z, 0-9 and '-' (the safe set for every bank): a
    contract number that needs changing to fit gets a short hash of itself, so two such numbers
    never end up the same."""
    ref = tenancy.ref
    safe = re.sub(r"[^A-Za-z0-9-]", "", ref)
    if safe != ref or len(safe) > 25:
        safe = f"{safe[:18]}-{hashlib.sha256(ref.encode()).hexdigest()[:6]}"
    return f"HP-{safe}-{period:%Y%m}"


def _mandate(tenancy: Tenancy, d: date) -> Mandate | None:
    """The mandate that holds on d: signed on or before d and not revoked on d (the newest)."""
    valid = [m for m in tenancy.mandates.all() if m.signed_on <= d and (m.revoked_on is None or m.revoked_on > d)]
    return max(valid, key=lambda m: (m.signed_on, m.pk), default=None)


def _sequence_type(tenancy: Tenancy, mandate: Mandate, collected_before: bool, next_collection: date | None) -> str:
    """FRST when nothing was collected on this mandate yet (a returned collection does not count),
    FNAL when there will be no collection next month (the tenancy ends or the mandate is revoked
    before it), else RCUR. First and last at once stays FRST: the bank needs a first one."""
    if not collected_before:
        return Seq.FRST
    if next_collection is not None:
        if tenancy.end_date is not None and tenancy.end_date < next_collection:
            return Seq.FNAL
        if mandate.revoked_on is not None and mandate.revoked_on <= next_collection:
            return Seq.FNAL  # not usable on the next collection date
    return Seq.RCUR


def due_collections(d: date) -> list[Due]:
    """Every direct debit to collect on d, by contract number. A tenancy already collected for
    this month (in any batch) is not in it again."""
    period = d.replace(day=1)
    next_month = first_of_next_month(d)
    tenancies = list(
        Tenancy.objects.filter(payment_method=DIRECT_DEBIT, start_date__lte=d)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=d))
        .exclude(collections__period=period)
        .select_related("tenant")
        .prefetch_related("mandates")
        .order_by("ref")
    )
    pending = _pending_changes()
    on_d = []
    for tenancy in tenancies:
        changes = pending.get(tenancy.pk, [])
        day = collection_day_for(tenancy, period, changes)
        if day is None or collection_date(d.year, d.month, day) != d:
            continue
        mandate = _mandate(tenancy, d)
        if mandate is None:
            continue
        on_d.append((tenancy, mandate, changes))

    mandate_ids = [m.pk for _, m, _ in on_d]
    collected = set()  # the mandates with a collection that did not come back
    for start in range(0, len(mandate_ids), CHUNK):
        collected.update(
            Collection.objects.filter(
                mandate__in=mandate_ids[start : start + CHUNK], returned_on__isnull=True
            ).values_list("mandate", flat=True)
        )
    due = []
    for tenancy, mandate, changes in on_d:
        amount_cents = to_cents(tenancy.monthly_due_on(period)) + _agreed_instalment_cents(tenancy, period)
        if amount_cents <= 0:
            continue
        next_day = collection_day_for(tenancy, next_month, changes)
        next_collection = collection_date(next_month.year, next_month.month, next_day) if next_day else None
        due.append(
            Due(
                tenancy=tenancy,
                mandate=mandate,
                period=period,
                collection_date=d,
                sequence_type=_sequence_type(tenancy, mandate, mandate.pk in collected, next_collection),
                amount_cents=amount_cents,
                end_to_end_id=_end_to_end_id(tenancy, period),
            )
        )
    return due


# --- The file ----------------------------------------------------------------------------------


def build_xml(due: list[Due], creditor: Creditor) -> tuple[bytes, str]:
    """The pain.008.001.02 document and its message id, checked against the schema.

    sepaxml makes one PmtInf per sequence type and date, sets the control sums from the amounts in
    cents, makes the message id (timestamp and random, 27 characters) and, without a debtor BIC,
    writes NOTPROVIDED (IBAN-only, fine within SEPA). It checks the schema in export(); its error
    says only that something is wrong, so the reason is taken from the xmlschema error beneath."""
    sdd = SepaDD(
        {
            "name": creditor.name,
            "IBAN": creditor.iban,
            "BIC": creditor.bic,
            "creditor_id": creditor.creditor_id,
            "currency": "EUR",
            "batch": True,
        },
        schema=SCHEMA,
    )
    for c in due:
        sdd.add_payment(
            {
                "name": c.tenancy.tenant.name,
                "IBAN": IBAN(c.mandate.iban).compact,
                "amount": c.amount_cents,
                "type": c.sequence_type,
                "collection_date": c.collection_date,
                "mandate_id": c.mandate.mandate_id,
                "mandate_date": c.mandate.signed_on,
                "description": c.description,
                "endtoend_id": c.end_to_end_id,
            }
        )
    try:
        xml = sdd.export(validate=True)
    except SepaValidationError as exc:
        cause = exc.__cause__
        reason = getattr(cause, "reason", None) or str(cause or exc)
        where = getattr(cause, "path", None)
        raise BatchError(
            f"The batch does not validate against {SCHEMA}: {reason}{f' (at {where})' if where else ''}. Nothing was written."
        ) from exc
    return xml, sdd.msg_id


def payment_info_ids(xml: bytes) -> dict[str, str]:
    """Sequence type -> the PmtInfId sepaxml gave its batch in the file (one batch per type)."""
    ns = {"p": f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"}
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    return {
        info.findtext("p:PmtTpInf/p:SeqTp", namespaces=ns): info.findtext("p:PmtInfId", namespaces=ns)
        for info in root.iterfind(".//p:PmtInf", ns)
    }


def write_batch(d: date, path) -> SepaBatch | None:
    """Writes the direct debits due on d to `path` (a new file) and records the batch and its
    collections, all or nothing. None when nothing is due; so a second call for the same d writes
    nothing. Raises CreditorNotConfigured or BatchError."""
    creditor = Creditor.current()
    due = due_collections(d)
    if not due:
        return None
    xml, message_id = build_xml(due, creditor)  # validated before anything is written

    path = Path(path)
    if path.exists():
        raise BatchError(f"{path} already exists; nothing was written.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(xml)
        f.flush()
        os.fsync(f.fileno())
    renamed = False
    try:
        with transaction.atomic():
            batch = SepaBatch.objects.create(
                collection_date=d,
                message_id=message_id,
                file_name=str(path)[-255:],
                count=len(due),
                total_cents=sum(c.amount_cents for c in due),
            )
            batch_ids = payment_info_ids(xml)
            Collection.objects.bulk_create(
                [
                    Collection(
                        batch=batch,
                        tenancy=c.tenancy,
                        mandate=c.mandate,
                        period=c.period,
                        collection_date=c.collection_date,
                        sequence_type=c.sequence_type,
                        amount_cents=c.amount_cents,
                        end_to_end_id=c.end_to_end_id,
                        payment_info_id=batch_ids.get(c.sequence_type, ""),
                    )
                    for c in due
                ]
            )
            os.replace(tmp, path)  # last, so a failure above leaves no file
            renamed = True
    except BaseException:
        if renamed:  # the commit failed after the file was in place
            path.unlink(missing_ok=True)
        raise
    finally:
        if not renamed:
            Path(tmp).unlink(missing_ok=True)
    return batch


def effective_message(change: CollectionDayChange) -> str:
    """For the officer: from when the new day holds, in plain Dutch."""
    return f"De incassodag wordt de {change.day}e van de maand, vanaf {date_nl(change.effective_from)}."
