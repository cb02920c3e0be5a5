"""A synthetic corporation for the benchmark: tenancies, rents over time and a realistic ledger.

Every tenancy is charged rent and service costs on the first of each month. Most households pay
on time (by direct debit on their collection day, by transfer around the first, or partly through
a benefit), some pay late, some pay only part and catch up now and then, some skip months and get
collection costs or a write-off. Direct debits are sometimes returned (a reversal) and usually
paid again. Rents go up every July and service costs are re-estimated every January.

Rows go in with bulk SQL (executemany on SQLite, COPY on PostgreSQL) through the same
`insert_entries` the ledger import uses, in chunks of one transaction each.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from huurpad.db import insert_rows
from huurpad.tenancies import search
from huurpad.tenancies.imports import insert_entries
from huurpad.tenancies.models import Household, RentComponent, Tenancy, Tenant

CHUNK_TENANCIES = 2000
COLLECTION_DAYS = (1, 5, 10, 15, 20, 25)


def months_back(on: date, months: int) -> list[date]:
    """The first days of the `months` months that end with the month of D, oldest first."""
    index = on.year * 12 + on.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


class Generator:
    """Makes one tenancy at a time from a single seeded random stream (so a seed reproduces it)."""

    def __init__(self, *, months: int, seed: int, on: date):
        self.rng = random.Random(seed)
        self.firsts = months_back(on, months)
        last = self.firsts[-1]
        self.until = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        first_ord = self.firsts[0].toordinal() - 10
        self.iso = {o: date.fromordinal(o).isoformat() for o in range(first_ord, self.until.toordinal() + 1)}
        self.last_ord = self.until.toordinal()
        self.seq = 0

    def tenancy(self, tid: int) -> tuple[dict, list[tuple], list[tuple]]:
        """One tenancy: its fields, its rent components and its ledger rows."""
        rng, firsts = self.rng, self.firsts
        r = rng.random()
        if r < 0.10:  # moved in during the period
            start = firsts[int(rng.random() * len(firsts))]
        else:
            start = date(2000, 1, 1) + timedelta(days=int(rng.random() * (firsts[0] - date(2000, 1, 1)).days))
        end = None
        if rng.random() < 0.03 and len(firsts) > 2:  # moved out before the month of D
            month = firsts[1 + int(rng.random() * (len(firsts) - 2))]
            if month > start:
                end = month - timedelta(days=1)
        r = rng.random()
        method = "direct_debit" if r < 0.55 else "transfer" if r < 0.90 else "benefit_deduction"
        collection_day = COLLECTION_DAYS[int(rng.random() * 6)] if method == "direct_debit" else None
        r = rng.random()
        profile = "punctual" if r < 0.885 else "late" if r < 0.945 else "partial" if r < 0.975 else "struggling"
        rent = 45000 + int(rng.random() * 50000)
        service = 1500 + int(rng.random() * 7500)

        fields = {
            "start_date": start,
            "end_date": end,
            "payment_method": method,
            "collection_day": collection_day,
        }
        rents = [(tid, start.isoformat(), rent, service)]
        rows: list[tuple] = []
        iso, last_ord = self.iso, self.last_ord
        owed = 0
        pay_share = 0.6 + rng.random() * 0.35  # for partial payers
        delay = 5 + int(rng.random() * 26)  # for late payers

        def add(ordinal: int, kind: str, cents: int) -> None:
            if ordinal <= last_ord and cents > 0:
                self.seq += 1
                rows.append((tid, iso[ordinal], kind, cents, f"B{self.seq}", ""))

        for first in firsts:
            if first < start.replace(day=1) or (end is not None and first > end):
                continue
            if first > start:
                if first.month == 7:
                    rent = round(rent * (1.02 + rng.random() * 0.04))
                    rents.append((tid, first.isoformat(), rent, service))
                elif first.month == 1:
                    service = round(service * (0.9 + rng.random() * 0.2))
                    rents.append((tid, first.isoformat(), rent, service))
            day1 = first.toordinal()
            due = rent + service
            add(day1, "rent", rent)
            add(day1, "service_costs", service)
            owed += due
            if rng.random() < 0.004:  # a repair the tenant pays for
                cost = 2500 + int(rng.random() * 12500)
                add(day1 + 9, "other_charge", cost)
                owed += cost
            if rng.random() < 0.002:
                discount = 1000 + int(rng.random() * 4000)
                add(day1 + 11, "discount", discount)
                owed -= discount

            to_pay = due
            if method == "benefit_deduction":  # part of the rent comes straight from the benefit
                benefit = due * 45 // 100
                add(day1, "benefit_payment", benefit)
                owed -= benefit
                to_pay = due - benefit
            if profile in ("punctual", "late"):
                to_pay = owed  # what the statement says, including extra charges and returned debits
            elif profile == "partial":
                to_pay = int(to_pay * (pay_share + rng.random() * 0.05))
                if owed > to_pay and rng.random() < 0.12:  # catching up
                    to_pay = owed
            elif profile == "struggling":
                x = rng.random()
                if x < 0.30:
                    to_pay = 0
                elif x < 0.45 and owed > to_pay:
                    to_pay += min(owed - to_pay, due)
                if owed > 2 * due and rng.random() < 0.2:
                    add(day1 + 19, "collection_costs", 4000)
                    owed += 4000
                if owed > due and rng.random() < 0.01:
                    write_off = min(owed, 10000 + int(rng.random() * 40000))
                    add(day1 + 24, "write_off", write_off)
                    owed -= write_off
            if to_pay <= 0:
                continue
            if method == "direct_debit":
                pay_day = day1 + collection_day - 1 + (delay if profile == "late" else 0)
                add(pay_day, "direct_debit", to_pay)
                owed -= to_pay
                if rng.random() < 0.02:  # returned by the bank, usually paid again
                    add(pay_day + 4, "reversal", to_pay)
                    owed += to_pay
                    if rng.random() < 0.75:
                        add(pay_day + 8 + int(rng.random() * 18), "payment", to_pay)
                        owed -= to_pay
            else:
                offset = delay if profile == "late" else -3 + int(rng.random() * 9)
                add(day1 + offset, "payment", to_pay)
                owed -= to_pay
        return fields, rents, rows


def build(
    *, tenancies: int, months: int, seed: int, on: date, progress: Callable[[int, int], None] | None = None
) -> int:
    """Fill an empty, migrated database. Returns the number of ledger rows."""
    gen = Generator(months=months, seed=seed, on=on)
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    total = 0
    for low in range(1, tenancies + 1, CHUNK_TENANCIES):
        ids = range(low, min(low + CHUNK_TENANCIES, tenancies + 1))
        households, tenants, tenancy_rows, rent_rows, ledger_rows = [], [], [], [], []
        for tid in ids:
            fields, rents, rows = gen.tenancy(tid)
            households.append((tid, 1 + tid % 4, "single"))
            # Most can be called or texted, many e-mailed (from the id: the random stream stays the same).
            email = f"rekenaar{tid}@example.nl" if tid % 10 < 7 else ""
            phone = f"06{tid:08d}" if tid % 10 else ""
            tenants.append((tid, tid, "A.", "", f"Rekenaar{tid}", email, phone, "", False, "[]", False, "", stamp))
            tenancy_rows.append(
                (
                    tid,
                    f"B{tid:07d}",
                    tid,
                    tid,
                    "Rekenlaan",
                    tid,
                    "",
                    "1234 AB",
                    "Rekenstad",
                    "GM0363",
                    fields["start_date"].isoformat(),
                    fields["end_date"].isoformat() if fields["end_date"] else None,
                    fields["payment_method"],
                    fields["collection_day"],
                    "",
                    stamp,
                )
            )
            rent_rows.extend(rents)
            ledger_rows.extend(rows)
        with transaction.atomic():
            insert_rows(Household._meta.db_table, ["id", "size", "kind"], households)
            insert_rows(
                Tenant._meta.db_table,
                [
                    "id",
                    "household_id",
                    "initials",
                    "prefix",
                    "surname",
                    "email",
                    "phone",
                    "iban",
                    "no_calls",
                    "refused_channels",
                    "interpreter_needed",
                    "language",
                    "updated_at",
                ],
                tenants,
            )
            insert_rows(
                Tenancy._meta.db_table,
                [
                    "id",
                    "ref",
                    "household_id",
                    "tenant_id",
                    "street",
                    "house_number",
                    "house_number_suffix",
                    "postcode",
                    "city",
                    "municipality_code",
                    "start_date",
                    "end_date",
                    "payment_method",
                    "collection_day",
                    "energy_label",
                    "updated_at",
                ],
                tenancy_rows,
            )
            insert_rows(
                RentComponent._meta.db_table,
                ["tenancy_id", "valid_from", "rent_cents", "service_costs_cents"],
                rent_rows,
            )
            insert_entries(ledger_rows)
        total += len(ledger_rows)
        if progress:
            progress(ids[-1], total)
    if connection.vendor == "postgresql":  # ids were given explicitly; move the sequences on
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Household, Tenant, Tenancy]):
                cursor.execute(sql)
    search.refresh()  # the rows went in by COPY: no post_save made their search keys
    with connection.cursor() as cursor:
        # Statistics for the planner, and on PostgreSQL the visibility map that index-only scans
        # need: what autovacuum would have done by the time anyone asks for arrears.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return total
