"""Booking a bank file: each transaction once, on the right tenancy's ledger.

Who paid is found in this order (docs/bank.md, 'Who paid'):
1. the end-to-end id of one of our own direct debits (also for returned debits): our own id names
   one collection, so it goes before the steps that can point elsewhere (an account known on
   another tenancy of the same tenant); a tenant's transfer never carries one,
2. the structured payment reference (an RF creditor reference made from the contract number),
   else a contract number written in the description ("voor de huur van DEMO-01588-1"), when
   the description names exactly one,
3. the IBAN the money came from, when exactly one tenancy is known by it (the tenant's account
   or a mandate's);
for transfers that is issue 6's order (reference, IBAN, then our debits' ids). A batch credit of
our own direct debits that the bank did not split is split by the collections of the batch it
names, or of that day. What is not found waits as an unknown payment until an officer assigns it
(bank.views), with suggestions by name and amount. Money out that is not a return of ours is
kept, not booked.

An import is one transaction: a file with any error books nothing. Every bank transaction has
a key (the bank's reference, or what it holds), so the same or an overlapping statement books
only what is new.
"""

import hashlib
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace, Upper
from django.utils import timezone
from stdnum.iso7064 import mod_97_10

from huurpad import db
from huurpad.cases import events, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.core import bankfiles
from huurpad.core.bankfiles import MANDATE_PROBLEMS, RETURN_REASONS, Transaction
from huurpad.core.money import from_cents, to_cents
from huurpad.db import insert_rows
from huurpad.tenancies.imports import insert_entries
from huurpad.tenancies.models import Mandate, Tenancy, Tenant

from .models import BankStatement, BankTransaction, Collection

S, M = BankTransaction.Status, BankTransaction.MatchedBy

KEY_LENGTH = 32  # hex digits of SHA-256: 128 bits, no two transactions alike; a small unique index
COLUMNS = [
    "key",
    "statement_id",
    "booking_date",
    "value_date",
    "amount_cents",
    "credit_debit",
    "reversal",
    "return_reason",
    "end_to_end_id",
    "mandate_id",
    "counterparty_name",
    "counterparty_iban",
    "remittance",
    "structured_reference",
    "batch_id",
    "bank_reference",
    "status",
    "tenancy_id",
    "matched_by",
]


class Collected(NamedTuple):
    """What matching needs of one of our collections, read as a plain row (a statement names tens
    of thousands: model instances took seconds)."""

    id: int
    tenancy_id: int
    end_to_end_id: str
    amount_cents: int
    collection_date: date
    sequence_type: str
    payment_info_id: str
    returned_on: date | None

    @property
    def amount(self):
        return from_cents(self.amount_cents)


COLLECTED = ", ".join(Collected._fields)


@dataclass
class BankImport:
    statements: int = 0
    new: int = 0
    known: int = 0
    booked: int = 0
    returned: int = 0
    unknown: int = 0
    other: int = 0
    notes: list[str] = field(default_factory=list)
    statement_ids: list[int] = field(default_factory=list)  # the BankStatement rows this import made

    def summary(self) -> str:
        return (
            f"{self.new} new transactions ({self.booked} booked, {self.returned} returned debits, "
            f"{self.unknown} unknown, {self.other} not rent), {self.known} already imported"
        )


def payment_reference(tenancy_ref: str) -> str:
    """The structured reference (ISO 11649 'RF') tenants pay with: RF, two check digits, the
    contract number. Printed on letters and given to the tenant's bank."""
    body = "".join(ch for ch in tenancy_ref.upper() if ch.isalnum())
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def tenancy_ref_from(reference: str) -> str | None:
    """The contract number in a valid RF reference, else None. (ISO 11649: 'RF', two check
    digits, up to 21 letters and digits; stdnum's check, without its generic clean-up, which
    costs a second on a large statement.)"""
    compact = reference.replace(" ", "").upper()
    if not (compact.startswith("RF") and compact[2:4].isdigit() and compact[4:].isalnum() and len(compact) <= 25):
        return None
    return compact[4:] if mod_97_10.is_valid(compact[4:] + compact[:4]) else None


# A word of a description that may be a contract number: letters and digits, maybe joined by
# '-', '_' or '.' (the shape of tenancies.fields.REF_SHAPE), without a full stop after it.
_WORD = re.compile(r"[A-Za-z0-9]+(?:[._-]+[A-Za-z0-9]+)*")
REF_SEPARATORS = "-_."


def ref_key(ref: str) -> str:
    """A contract number as it is compared with what payers write: capitals, without separators
    ('demo 01588-1', 'DEMO.01588.1' and 'DEMO-01588-1' are one)."""
    return "".join(ch for ch in ref.upper() if ch not in REF_SEPARATORS and not ch.isspace())


def contract_keys_in(text: str) -> set[str]:
    """The ref_keys a description may name a contract by: each word, two or three words written
    with a space between them ('DEMO 01588-1': a bank's wrap or the payer's hand), and the
    contract of an RF reference typed as text. A key must hold a digit (a word is no contract),
    and a key of digits alone at least six, from one word: a year, a house number, an amount or
    a date ('2026', '12', '766,26', '1-12') is never a contract. Which keys are contracts the
    database says (imports._Booking, suggestions)."""
    words = list(_WORD.finditer(text))
    keys = set()
    for i, word in enumerate(words):
        if ref := tenancy_ref_from(word.group()):
            keys.add(ref_key(ref))
        run = word.group()
        for n, after in enumerate(words[i : i + 3]):
            if n:
                if text[words[i + n - 1].end() : after.start()] != " ":
                    break
                run += after.group()
            key = ref_key(run)
            if not any(ch.isdigit() for ch in key) or (key.isdigit() and (n or len(key) < 6)):
                continue
            keys.add(key)
    return keys


def tenancies_by_key(keys: set[str]) -> dict[str, set[int]]:
    """ref_key -> the ids of the tenancies whose contract number has that key (one, unless two
    numbers differ only in their separators), for the keys that name a contract. One pass over
    the tenancies either way: a few keys are looked for in SQL (the key made the same way on
    SQLite and PostgreSQL); for more than one IN list holds, every contract number is read once
    and its key made here, rather than the table read again per chunk of keys."""
    found: dict[str, set[int]] = defaultdict(set)
    if not keys:
        return found
    if len(keys) > db.IN_CHUNKS:
        for ref, pk in Tenancy.objects.values_list("ref", "pk").iterator(chunk_size=10_000):
            if (name := ref_key(ref)) in keys:
                found[name].add(pk)
        return found
    key = Upper(F("ref"))
    for separator in REF_SEPARATORS:
        key = Replace(key, Value(separator), Value(""))
    for name, pk in (
        Tenancy.objects.annotate(contract_key=key).filter(contract_key__in=keys).values_list("contract_key", "pk")
    ):
        found[name].add(pk)
    return found


def read(path: Path) -> list[bankfiles.Statement]:
    return bankfiles.read(path.read_bytes(), path.name)


def import_file(path: Path, *, acting_user=None) -> BankImport:
    return import_data(path.read_bytes(), path.name, acting_user=acting_user)


def import_data(data: bytes, name: str, *, acting_user=None) -> BankImport:
    """A file's contents, by its name (the command line's file, the Bankafschriften page's upload)."""
    statements = bankfiles.read(data, name)  # raises BankFileError before anything is booked
    digest = hashlib.sha256(data).hexdigest()
    result = BankImport(statements=len(statements))
    with _page_cache(), transaction.atomic():
        for statement in statements:
            _import_statement(statement, name, digest, result, acting_user=acting_user)
    return result


PAGE_CACHE_KB = 131_072


@contextmanager
def _page_cache():
    """A larger SQLite page cache while an import runs. SQLite keeps 2 MB of pages by default; a
    large statement writes into the ledger's and the bank transactions' indexes all over, and with
    2 MB reads the same pages again and again (100,000 transactions: 17 s against 9.6 s with
    128 MB). The pages are only taken as they are read; the setting is put back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _import_statement(
    statement: bankfiles.Statement, name: str, digest: str, result: BankImport, *, acting_user
) -> None:
    keys = _keys(statement)
    # Before an MT940 entry's own text was its identity, its key was made from what the reader
    # made of it: a statement imported then is known by those keys.
    before = _keys(statement, by_text=False) if any(t.source for t in statement.transactions) else keys
    known = _known_keys(keys if before is keys else set(keys) | set(before))
    fresh = [(k, t) for k, b, t in zip(keys, before, statement.transactions) if k not in known and b not in known]
    row = BankStatement.objects.create(
        account_iban=statement.account_iban,
        statement_id=statement.statement_id,
        format=statement.format,
        file_name=name,
        file_sha256=digest,
        imported_by=acting_user,
        new=len(fresh),
        known=len(keys) - len(fresh),
    )
    result.new += len(fresh)
    result.known += len(keys) - len(fresh)
    result.statement_ids.append(row.pk)
    _Booking(row, fresh, result).run()


def _keys(statement: bankfiles.Statement, *, by_text: bool = True) -> list[str]:
    """The bank's reference where it gives one; else the entry's own text as the bank wrote it
    (MT940: white space left out, so a wrap elsewhere or a better reading changes nothing); else
    what the transaction holds. Identical ones within a statement are counted (two equal
    payments on one day are two payments, and a bank that repeats a reference does not make
    one of them disappear)."""
    seen: Counter = Counter()
    keys = []
    for t in statement.transactions:
        if t.bank_reference:  # with the day and the other side: banks repeat references in time
            parts = (
                statement.account_iban,
                "ref",
                t.bank_reference,
                t.booking_date,
                t.amount,
                t.credit_debit,
                t.end_to_end_id,
                t.counterparty_iban,
            )
        elif t.source and by_text:
            parts = (statement.account_iban, "text", t.source)
        else:
            parts = (
                statement.account_iban,
                t.booking_date,
                t.value_date,
                t.amount,
                t.credit_debit,
                t.reversal,
                t.return_reason,
                t.end_to_end_id,
                t.mandate_id,
                t.counterparty_iban,
                t.counterparty_name,
                t.remittance,
                t.structured_reference,
                t.batch_id,
                t.batch_count,
            )
        seen[parts] += 1
        keys.append(hashlib.sha256("|".join(map(str, (*parts, seen[parts]))).encode()).hexdigest()[:KEY_LENGTH])
    return keys


def _known_keys(keys: list[str]) -> set[str]:
    return {key for (key,) in _rows_where(f"SELECT key FROM {BankTransaction._meta.db_table} WHERE 1 = 1", "key", keys)}


def _rows_where(select: str, column: str, values) -> list[tuple]:
    """Rows of `select` (ending in a WHERE clause) whose `column` is one of `values`, a chunk at a
    time: in raw SQL, because the ORM takes seconds to build a query with a hundred thousand
    parameters."""
    found = []
    for chunk in db.chunks(list(values)):
        scope, params = db.where_ids(column, chunk)
        found += db.fetch(select + scope, params)
    return found


def _credited(end_to_end_ids: set[str]) -> set[str]:
    """Which of these end-to-end ids of our collections a bank statement credited before."""
    table = BankTransaction._meta.db_table
    select = f"SELECT end_to_end_id FROM {table} WHERE status = '{S.BOOKED}' AND credit_debit = 'CRDT'"
    return {e2e for (e2e,) in _rows_where(select, "end_to_end_id", end_to_end_ids)}


def _dated(row: tuple) -> tuple:
    """A Collected row with its dates as dates (SQLite gives text)."""
    return (*row[:4], db.as_date(row[4]), *row[5:7], None if row[7] is None else db.as_date(row[7]))


class _Booking:
    """Matches the new transactions of one statement and books them, in bulk."""

    def __init__(self, statement: BankStatement, fresh: list[tuple[str, Transaction]], result: BankImport):
        self.statement, self.fresh, self.result = statement, fresh, result
        self.rows: list[tuple] = []  # bank transactions, in COLUMNS order
        self.credited: set[str] = set()  # end-to-end ids of our debits credited in this statement
        self.entries: list[tuple] = []  # ledger rows for insert_entries
        self.timeline = []
        self.tasks = []
        self.returned_collections: list[Collection] = []

    def run(self) -> None:
        self.by_ref = self._tenancies_by_ref()
        self.collections = self._collections()
        self.by_text = self._tenancies_named()
        self.by_iban = self._tenancies_by_iban()
        # Batches after the single credits (by then the day's other credits of our debits are
        # known), returns last (by then every credit they may undo is booked).
        batches, returns = [], []
        for key, t in self.fresh:
            if t.return_reason or t.reversal:  # also money back in: a refund of ours that bounced
                returns.append((key, t))
            elif t.credit_debit == "CRDT" and t.batch_count > 1:
                batches.append((key, t))
            elif t.credit_debit == "CRDT":
                self.credit(key, t)
            else:
                self.keep(key, t, S.OTHER)
        if batches:  # which of the collections a batch may hold were credited before
            self.credited_before = _credited(
                {c.end_to_end_id for c in self.collections.values() if c.id in self.batch_members}
            )
        for key, t in batches:
            self.split_batch(key, t)
        ids = {t.end_to_end_id for _, t in returns if t.end_to_end_id}
        credited = self.credited | _credited(ids)
        self.returning = {
            c.end_to_end_id: c for c in Collection.objects.filter(end_to_end_id__in=ids).select_related("tenancy")
        }
        for key, t in returns:
            self.returned(key, t, credited)
        insert_rows(BankTransaction._meta.db_table, COLUMNS, self.rows)
        insert_entries(self.entries)
        CaseEvent.objects.bulk_create(self.timeline, batch_size=1000)
        Task.objects.bulk_create(self.tasks, ignore_conflicts=True)  # an open mandate check stays the one
        with connection.cursor() as cursor:  # bulk_update builds a CASE per row: 0.4 s for a thousand returns
            cursor.executemany(
                f"UPDATE {Collection._meta.db_table} SET returned_on = %s, return_reason = %s WHERE id = %s",
                [(c.returned_on, c.return_reason, c.pk) for c in self.returned_collections],
            )

    # --- lookups, each one query (or one per chunk) for the whole statement -----------------

    def _tenancies_by_ref(self) -> dict[str, int]:
        """Structured reference -> tenancy id, for the references that name a contract."""
        refs = {
            r: ref_key(ref)
            for r in {t.structured_reference for _, t in self.fresh if t.structured_reference}
            if (ref := tenancy_ref_from(r))
        }
        # An RF reference holds the contract number without its '-' or '.' (RF..DEMO015881 for
        # DEMO-01588-1), so it is compared as a key, and only where one contract has that key.
        ids = tenancies_by_key(set(refs.values()))
        return {reference: next(iter(ids[key])) for reference, key in refs.items() if len(ids.get(key, ())) == 1}

    def _tenancies_named(self) -> dict[str, set[int]]:
        """ref_key -> tenancy ids, for the contract numbers the descriptions of the credits not
        placed by our end-to-end id or a structured reference may name."""
        keys = set()
        for _, t in self.fresh:
            if t.remittance and t.end_to_end_id not in self.collections and t.structured_reference not in self.by_ref:
                keys |= contract_keys_in(t.remittance)
        return tenancies_by_key(keys)

    def named_in_text(self, t: Transaction) -> int | None:
        """The one tenancy whose contract number the description names; None when it names none,
        or two different ones (then an officer chooses)."""
        named = {pk for key in contract_keys_in(t.remittance) for pk in self.by_text.get(key, ())}
        return next(iter(named)) if len(named) == 1 else None

    def _tenancies_by_iban(self) -> dict[str, set[int]]:
        """IBAN -> the current tenancies known by it (the tenant's account, a mandate's), for
        the credits our end-to-end id or the reference does not already place."""
        ibans = {
            t.counterparty_iban.replace(" ", "").upper()
            for _, t in self.fresh
            if t.counterparty_iban
            and t.credit_debit == "CRDT"
            and t.end_to_end_id not in self.collections
            and t.structured_reference not in self.by_ref
        }
        since = timezone.localdate() - timedelta(days=366)  # a tenant who left may still pay off a debt
        tenancy, tenant, mandate = Tenancy._meta.db_table, Tenant._meta.db_table, Mandate._meta.db_table
        found: dict[str, set[int]] = defaultdict(set)
        rows = _rows_where(
            f"SELECT p.iban, t.id FROM {tenancy} t JOIN {tenant} p ON p.id = t.tenant_id "
            f"WHERE (t.end_date IS NULL OR t.end_date >= '{since.isoformat()}')",
            "p.iban",
            ibans,
        ) + _rows_where(f"SELECT iban, tenancy_id FROM {mandate} WHERE revoked_on IS NULL", "iban", ibans)
        for iban, tenancy_id in rows:
            found[iban].add(tenancy_id)
        return found

    def _collections(self) -> dict[str, Collected]:
        """Our collections the statement names (by end-to-end id), and those an unsplit batch
        may hold (its PmtInfId, or that day's), by end-to-end id."""
        table = Collection._meta.db_table
        ids = {t.end_to_end_id for _, t in self.fresh if t.end_to_end_id}
        found = _rows_where(f"SELECT {COLLECTED} FROM {table} WHERE 1 = 1", "end_to_end_id", ids)
        days = {t.value_date for _, t in self.fresh if t.batch_count > 1}
        batches = {t.batch_id for _, t in self.fresh if t.batch_count > 1 and t.batch_id}
        members = _rows_where(f"SELECT {COLLECTED} FROM {table} WHERE 1 = 1", "payment_info_id", batches)
        members += _rows_where(f"SELECT {COLLECTED} FROM {table} WHERE 1 = 1", "collection_date", days)
        self.batch_members = {row[0] for row in members}
        self.credited_before: set[str] = set()
        return {row[2]: Collected(*_dated(row)) for row in found + members}

    # --- what each transaction is -------------------------------------------------------

    def credit(self, key: str, t: Transaction) -> None:
        collection = self.collections.get(t.end_to_end_id)
        if collection is not None:  # our own end-to-end id names the collection: nothing to guess
            self.book(key, t, collection.tenancy_id, M.END_TO_END, "direct_debit")
        elif t.structured_reference in self.by_ref:
            self.book(key, t, self.by_ref[t.structured_reference], M.REFERENCE, "payment")
        elif t.remittance and (named := self.named_in_text(t)) is not None:
            self.book(key, t, named, M.TEXT, "payment")
        elif len(owners := self.by_iban.get(t.counterparty_iban.replace(" ", "").upper(), ())) == 1:
            self.book(key, t, next(iter(owners)), M.IBAN, "payment")
        else:
            self.keep(key, t, S.UNKNOWN)

    def split_batch(self, key: str, t: Transaction) -> None:
        """A batch credit of our own direct debits the bank booked as one amount: split over the
        collections of the batch it names (its PmtInfId), or, for a bank that names none, of the
        one batch of that day with that many transactions and that total."""
        cents = to_cents(t.amount)
        credited = self.credited | self.credited_before
        named = [c for c in self.collections.values() if t.batch_id and c.payment_info_id == t.batch_id]
        groups = defaultdict(list)
        for c in named or self.collections.values():  # the batch the bank names; else that day's
            if (
                (named or c.collection_date == t.value_date)
                and c.end_to_end_id not in credited
                and c.returned_on is None
            ):
                groups[c.sequence_type].append(c)  # sepaxml puts each sequence type in a batch of its own
        fits = [g for g in groups.values() if len(g) == t.batch_count and sum(c.amount_cents for c in g) == cents]
        if len(fits) != 1:
            self.result.notes.append(
                f"batch {t.batch_id or '?'} of {t.amount} on {t.value_date}: no batch of ours fits; left unknown"
            )
            return self.keep(key, t, S.UNKNOWN)
        for n, c in enumerate(sorted(fits[0], key=lambda c: c.end_to_end_id)):
            part = replace(t, amount=c.amount, end_to_end_id=c.end_to_end_id, batch_count=1)
            # The first part keeps the batch's key, so the batch is known when it comes again.
            self.book(f"{key[: KEY_LENGTH - 6]}{n:06d}" if n else key, part, c.tenancy_id, M.END_TO_END, "direct_debit")

    def returned(self, key: str, t: Transaction, credited: set[str]) -> None:
        collection = self.returning.get(t.end_to_end_id)
        if collection is None or collection.returned_on is not None or t.credit_debit != "DBIT":
            what = f"{t.end_to_end_id or '(no end-to-end id)'} of {t.amount} on {t.booking_date}"
            self.result.notes.append(f"returned or reversed {what}: not a direct debit of ours; kept, not booked")
            return self.keep(key, t, S.OTHER)
        code = t.return_reason or ""
        reason = RETURN_REASONS.get(code, "reden niet opgegeven" if not code else f"code {code}")
        ledger_id = self.keep(key, t, S.RETURNED, collection.tenancy_id, M.END_TO_END)
        if t.end_to_end_id in credited:  # undo the credit; refused before it was ever credited: nothing to undo
            self.entries.append(
                (
                    collection.tenancy_id,
                    t.booking_date,
                    "reversal",
                    to_cents(t.amount),
                    ledger_id,
                    f"Storno incasso {collection.period:%m-%Y}: {reason}"[:200],
                )
            )
        else:
            self.result.notes.append(f"returned debit {t.end_to_end_id} was never credited: nothing to reverse")
        collection.returned_on, collection.return_reason = t.booking_date, code
        self.returned_collections.append(collection)
        self.timeline.append(
            events.debit_returned(collection.tenancy, t.booking_date, amount=t.amount, reason_code=code, reason=reason)
        )
        if code in MANDATE_PROBLEMS:
            self.tasks.append(
                tasks.mandate_check(
                    collection.tenancy,
                    t.booking_date,
                    explanation=f"De bank stuurde de incasso van {collection.collection_date:%d-%m-%Y} terug: {reason} ({code}). "
                    "Vraag de huurder om een nieuwe machtiging of een ander rekeningnummer.",
                )
            )
        self.result.returned += 1

    # --- writing ------------------------------------------------------------------------

    def book(self, key: str, t: Transaction, tenancy_id: int, how: str, kind: str) -> None:
        ledger_id = self.keep(key, t, S.BOOKED, tenancy_id, how)
        text = (t.remittance or t.structured_reference or t.counterparty_name or "Betaling")[:200]
        self.entries.append((tenancy_id, t.booking_date, kind, to_cents(t.amount), ledger_id, text))
        if t.end_to_end_id:
            self.credited.add(t.end_to_end_id)
        self.result.booked += 1

    def keep(self, key: str, t: Transaction, status: str, tenancy_id: int | None = None, how: str = "") -> str:
        """Keep the transaction as the bank gave it; returns the id its ledger entry gets."""
        self.rows.append(
            (
                key,
                self.statement.pk,
                t.booking_date,
                t.value_date,
                to_cents(t.amount),
                t.credit_debit,
                t.reversal,
                t.return_reason or "",
                t.end_to_end_id[:35],
                t.mandate_id[:35],
                t.counterparty_name[:140],
                t.counterparty_iban[:34],
                t.remittance[:500],
                t.structured_reference[:35],
                t.batch_id[:35],
                t.bank_reference[:100],
                status,
                tenancy_id,
                how,
            )
        )
        if status == S.UNKNOWN:
            self.result.unknown += 1
        elif status == S.OTHER:
            self.result.other += 1
        return f"bank:{key}"


def assign(
    bank_transaction_id: int, tenancy: Tenancy, *, acting_user, today: date | None = None
) -> BankTransaction | None:
    """An officer says whose an unknown payment is: booked on that ledger once (two officers
    clicking at once book it once), with who did it on the transaction and on the timeline."""
    today = today or timezone.localdate()
    with transaction.atomic():
        claimed = BankTransaction.objects.filter(pk=bank_transaction_id, status=S.UNKNOWN).update(
            status=S.BOOKED, tenancy=tenancy, matched_by=M.OFFICER, assigned_by=acting_user, assigned_at=timezone.now()
        )
        if not claimed:
            return None
        row = BankTransaction.objects.get(pk=bank_transaction_id)
        text = (row.remittance or row.counterparty_name or "Betaling")[:200]
        insert_entries([(tenancy.id, row.booking_date, "payment", row.amount_cents, row.ledger_id, text)])
        events.payment_assigned(
            tenancy,
            today,
            amount=from_cents(row.amount_cents),
            counterparty=row.counterparty_name,
            acting_user=acting_user,
        ).save()
    return row


NOT_A_NAME = {
    "de",
    "den",
    "der",
    "van",
    "het",
    "ter",
    "ten",
    "en",
    "fam",
    "familie",
    "stichting",
    "mevrouw",
    "heer",
    "dhr",
    "mw",
}


def suggestions(rows: list[BankTransaction], today: date) -> dict[int, list[Tenancy]]:
    """For unknown payments, the tenancies an officer may mean: a contract number named in the
    description first, then tenants whose surname is in the payer's name, those whose monthly rent
    is the amount paid before the others. At most three each; nothing is booked by a suggestion."""
    tokens, words = {}, {}  # contract numbers as keys (ref_key); name parts, letters only ('Jong-de Wit')
    for row in rows:
        text = f"{row.counterparty_name} {row.remittance}"
        tokens[row.pk] = contract_keys_in(text)
        words[row.pk] = {w for w in re.findall(r"[^\W\d_]{3,}", text.lower()) if w not in NOT_A_NAME}
    every = set().union(*words.values()) if words else set()
    numbered = tenancies_by_key(set().union(*tokens.values()) if tokens else set())
    tenancies = Tenancy.objects.select_related("tenant").in_bulk({pk for pks in numbered.values() for pk in pks})
    by_ref = {key: [tenancies[pk] for pk in sorted(pks)] for key, pks in numbered.items()}
    by_name = defaultdict(list)
    named = (
        Tenancy.objects.annotate(name_key=Lower("tenant__surname"))
        .filter(name_key__in=every)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("tenant")
        .order_by("ref")[:500]
    )
    for tenancy in named:
        by_name[tenancy.name_key].append(tenancy)
    found = {}
    for row in rows:
        refs = [t for key in sorted(tokens[row.pk]) for t in by_ref.get(key, ())]
        people = [t for w in sorted(words[row.pk]) for t in by_name.get(w, [])]
        people.sort(key=lambda t: to_cents(t.monthly_due_on(today)) != row.amount_cents)
        unique = list(dict.fromkeys(refs + people))
        found[row.pk] = unique[:3]
    return found
