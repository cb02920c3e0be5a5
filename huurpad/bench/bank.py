"""A month of bank statement for the benchmark, in the mix a Dutch corporation receives.

Most rent comes in by direct debit, so most transactions are credits of our own collections:
Huurpad's SEPA batches (one per collection date and sequence type, as `sepa-batch` writes them)
credited as one entry each. The bank lists the transactions of the recurring batches (a TxDtls
per collection, as ING, ABN AMRO and Rabobank do); the small batches of first collections it
books without them, so the importer splits those by the batch Huurpad recorded. About 2 % of the
collections come back a few days later (AM04 mostly, MD06, MS02, and AC04/AC06, which ask for a
mandate check). Tenants who pay by transfer mostly use the RF payment reference; some pay from
their known account without it, a few from an account nobody knows; and the corporation pays its
suppliers. A statement of E transactions is filled up to E with extra transfers (arrears paid
off) or cut to E by leaving tenancies out.

`prepare` writes what the import needs to find in the database (accounts, mandates, batches,
collections); `statement` writes the file; `undo` removes what an import booked, so it can be
measured again doing the same work.
"""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q

from huurpad import db
from huurpad.bank.imports import payment_reference
from huurpad.bank.models import BankStatement, BankTransaction, Collection, SepaBatch
from huurpad.cases.models import CaseEvent, Task
from huurpad.core.calendar import collection_date
from huurpad.core.money import from_cents
from huurpad.db import insert_rows
from huurpad.tenancies.models import LedgerEntry, Mandate, RentComponent, Tenancy, Tenant
from huurpad.testing.camt import Detail, Entry
from huurpad.testing.camt import statement as write

DEBIT, RETURN, TRANSFER, PAYMENT_OUT = (
    ("PMNT", "RDDT", "ESDD"),
    ("PMNT", "RDDT", "UPDD"),
    ("PMNT", "RCDT", "ESCT"),
    ("PMNT", "ICDT", "ESCT"),
)
RETURN_SHARE = 0.02
REASONS = ["AM04"] * 70 + ["MD06"] * 14 + ["MS02"] * 6 + ["AC04"] * 5 + ["AC06"] * 5
FIRST_SHARE = 0.03  # collections on a new mandate (FRST): the batches the bank does not split
UNKNOWN_SHARE, OUT_SHARE = 0.03, 0.02  # of all transactions: payers nobody knows; money out


def account(n: int, bank: str = "INGB") -> str:
    """A valid Dutch IBAN for number n (the ISO 7064 check digits, computed here: fast)."""
    body = f"{bank}{n:010d}"
    digits = "".join(str(int(ch, 36)) for ch in body + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{body}"


def prepare(on: date, seed: int) -> None:
    """Every tenant an account; every direct-debit tenancy active in D's month a mandate and a
    collection on its collection day, in the SEPA batches of that month."""
    month = on.replace(day=1)
    rng = random.Random(seed)
    tenancy, tenant = Tenancy._meta.db_table, Tenant._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {tenant}")
        cursor.executemany(
            f"UPDATE {tenant} SET iban = %s WHERE id = %s", [(account(t), t) for (t,) in cursor.fetchall()]
        )
        due = _monthly_due(month)
        rows = db.fetch(
            f"SELECT id, ref, tenant_id, collection_day, start_date FROM {tenancy} WHERE payment_method = 'direct_debit'"
            " AND collection_day IS NOT NULL AND (end_date IS NULL OR end_date >= %s)",
            [month],
        )
        mandates, collections, batches = [], [], {}
        for n, (tid, ref, person, day, start) in enumerate(rows, 1):
            mandates.append((n, tid, f"HP-M-{ref}", db.as_date(start).isoformat(), account(person)))
            when = collection_date(month.year, month.month, day)
            if when > on:
                continue
            sequence = "FRST" if rng.random() < FIRST_SHARE else "RCUR"
            if when not in batches:
                batches[when] = SepaBatch.objects.create(
                    collection_date=when, message_id=f"HP-{when:%Y%m%d}", file_name=f"incasso-{when}.xml"
                ).pk
            collections.append(
                (
                    batches[when],
                    tid,
                    n,
                    month.isoformat(),
                    when.isoformat(),
                    sequence,
                    due[tid],
                    f"HP-{ref}-{month:%Y%m}",
                    f"HP-{when:%Y%m%d}-{sequence}",
                    "",
                )
            )
        first = Mandate.objects.order_by("-id").values_list("id", flat=True).first() or 0
        mandates = [(first + n, *rest) for n, *rest in mandates]
        insert_rows(Mandate._meta.db_table, ["id", "tenancy_id", "mandate_id", "signed_on", "iban"], mandates)
        collections = [(b, tid, first + n, *rest) for b, tid, n, *rest in collections]
        insert_rows(
            Collection._meta.db_table,
            [
                "batch_id",
                "tenancy_id",
                "mandate_id",
                "period",
                "collection_date",
                "sequence_type",
                "amount_cents",
                "end_to_end_id",
                "payment_info_id",
                "return_reason",
            ],
            collections,
        )
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            for sql in connection.ops.sequence_reset_sql(no_style(), [Mandate]):
                cursor.execute(sql)


def _monthly_due(month: date) -> dict[int, int]:
    """Rent and service costs in force in `month`, in cents, per tenancy."""
    due = {}
    for tid, _valid_from, rent, service in db.fetch(
        f"SELECT tenancy_id, valid_from, rent_cents, service_costs_cents FROM {RentComponent._meta.db_table}"
        " WHERE valid_from <= %s ORDER BY tenancy_id, valid_from",
        [month],
    ):
        due[tid] = rent + service
    return due


def statement(entries: int, on: date, seed: int) -> tuple[bytes, Counter]:
    """A statement of D's month with `entries` transactions, and what it holds, by kind."""
    rng = random.Random(seed)
    month = on.replace(day=1)
    due = _monthly_due(month)
    collections = list(
        Collection.objects.filter(period=month)
        .order_by("id")
        .values_list(
            "tenancy_id",
            "end_to_end_id",
            "mandate__mandate_id",
            "mandate__iban",
            "collection_date",
            "sequence_type",
            "amount_cents",
            "payment_info_id",
            "tenancy__tenant__surname",
        )
    )
    debited = {c[0] for c in collections}
    others = list(
        Tenancy.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .exclude(id__in=debited)
        .order_by("id")
        .values_list("id", "ref", "tenant_id", "tenant__surname")
    )
    unknown, out = round(entries * UNKNOWN_SHARE), round(entries * OUT_SHARE)
    returns = round(len(collections) * RETURN_SHARE)
    room = entries - unknown - out - returns  # for the month's rent: collections first, then transfers
    if room < len(collections):
        collections = sorted(rng.sample(collections, max(room, 0)), key=lambda c: c[1])
        returns = min(returns, len(collections))
    transfers = room - len(collections) if others else 0
    unknown += room - len(collections) - transfers  # every tenancy pays by direct debit: strangers fill up
    kinds = Counter()

    rows: list[Entry] = []
    by_batch = defaultdict(list)
    for c in collections:
        by_batch[c[7]].append(c)
    for batch_id, members in sorted(by_batch.items()):
        when, total = members[0][4], sum(c[6] for c in members)
        if members[0][5] == "FRST":  # one credit, no transactions: the importer splits it
            rows.append(
                Entry(
                    from_cents(total),
                    family=DEBIT,
                    booked=when,
                    bank_reference=f"D-{batch_id}",
                    batch_id=batch_id,
                    batch_count=len(members),
                )
            )
            kinds["debit_batch_unsplit"] += len(members)
            continue
        rows.append(
            Entry(
                from_cents(total),
                family=DEBIT,
                booked=when,
                bank_reference=f"D-{batch_id}",
                batch_id=batch_id,
                details=[
                    Detail(
                        from_cents(c[6]),
                        end_to_end_id=c[1],
                        mandate_id=c[2],
                        name=f"A. {c[8]}",
                        iban=c[3],
                        remittance=f"Huur {month:%m-%Y}",
                    )
                    for c in members
                ],
            )
        )
        kinds["debit_batch_split"] += len(members)
    for n, c in enumerate(rng.sample(collections, returns)):
        code = rng.choice(REASONS)
        when = min(c[4] + timedelta(days=rng.choice((1, 2, 3, 4, 5))), on)
        rows.append(
            Entry(
                from_cents(c[6]),
                side="DBIT",
                family=RETURN,
                booked=when,
                bank_reference=f"R{n}",
                details=[Detail(end_to_end_id=c[1], mandate_id=c[2], name=f"A. {c[8]}", iban=c[3], return_reason=code)],
            )
        )
        kinds[f"return_{code}"] += 1
    for n in range(transfers):
        tid, ref, person, name = others[n % len(others)] if n < len(others) else rng.choice(others)
        amount = from_cents(due.get(tid, 70000)) if n < len(others) else Decimal(rng.randrange(2500, 50000)) / 100
        when = month + timedelta(days=min(rng.randrange(0, 10), (on - month).days))
        draw = rng.random()
        if draw < 0.65:  # the payment reference, from any account
            detail = Detail(name=f"A. {name}", iban=account(10_000_000 + n, "RABO"), reference=payment_reference(ref))
            kinds["transfer_reference"] += 1
        else:  # the tenant's known account, the contract in free text
            detail = Detail(name=f"A. {name}", iban=account(person), remittance=f"huur {month:%m-%Y} {ref}")
            kinds["transfer_known_account"] += 1
        rows.append(Entry(amount, booked=when, bank_reference=f"T{n}", details=[detail]))
    for n in range(unknown):
        when = month + timedelta(days=rng.randrange(0, (on - month).days + 1))
        rows.append(
            Entry(
                Decimal(rng.randrange(2500, 90000)) / 100,
                booked=when,
                bank_reference=f"U{n}",
                details=[
                    Detail(
                        name="Stichting Onbekend",
                        iban=account(20_000_000 + n, "ABNA"),
                        remittance="voor de huur van mijn zoon",
                    )
                ],
            )
        )
        kinds["unknown"] += 1
    for n in range(out):
        when = month + timedelta(days=rng.randrange(0, (on - month).days + 1))
        rows.append(
            Entry(
                Decimal(rng.randrange(5000, 500000)) / 100,
                side="DBIT",
                family=PAYMENT_OUT,
                booked=when,
                bank_reference=f"O{n}",
                details=[Detail(name="Onderhoud BV", iban=account(30_000_000 + n, "TRIO"))],
            )
        )
        kinds["money_out"] += 1
    rows.sort(key=lambda e: e.booked)  # a statement lists its entries by day
    return write(rows, statement_id=f"bench-{on:%Y%m}"), kinds


def undo() -> None:
    """Remove what the imports booked (bank transactions and statements, ledger entries, timeline
    events, tasks, returns on the collections)."""
    with transaction.atomic():
        LedgerEntry.objects.filter(external_id__startswith="bank:").delete()
        BankTransaction.objects.all().delete()
        BankStatement.objects.all().delete()
        CaseEvent.objects.filter(type=CaseEvent.Type.DEBIT_RETURNED).delete()
        Task.objects.filter(action="mandate_check").delete()
        Collection.objects.exclude(returned_on=None).update(returned_on=None, return_reason="")
