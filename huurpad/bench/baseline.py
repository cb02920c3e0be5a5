"""The near-physical baseline: the arrears of every active tenancy as one DuckDB query.

The rows are copied from the benchmark database into DuckDB first (not timed). The query follows
the definition in spec/CLI.md ("Arrears, defined") directly, without any of the shortcuts of
huurpad.tenancies.arrears, so agreement between the two is also a check on those shortcuts.

Figures are compared as one tuple per tenancy_ref, in whole cents:
(balance, arrears, oldest unpaid due date as ISO text or None, days overdue, months in arrears x 100).
"""

import csv
from datetime import date
from pathlib import Path

from django.db import connection

from huurpad.core import ledger
from huurpad.core.money import to_cents
from huurpad.tenancies.models import LedgerEntry, RentComponent, Tenancy

CHARGES = ", ".join(f"'{k.value}'" for k in sorted(ledger.CHARGES))
CREDITS = ", ".join(f"'{k.value}'" for k in sorted(ledger.CREDITS))

TABLES = {
    "ledger": (
        LedgerEntry._meta.db_table,
        {"tenancy_id": "BIGINT", "date": "DATE", "kind": "VARCHAR", "amount_cents": "BIGINT"},
    ),
    "tenancy": (
        Tenancy._meta.db_table,
        {"id": "BIGINT", "ref": "VARCHAR", "start_date": "DATE", "end_date": "DATE"},
    ),
    "rent": (
        RentComponent._meta.db_table,
        {"tenancy_id": "BIGINT", "valid_from": "DATE", "rent_cents": "BIGINT", "service_costs_cents": "BIGINT"},
    ),
}

QUERY = f"""
WITH
active AS (
    -- Active on D, and ended before D with the ledger up to D still owing (a former tenant's
    -- final bill keeps its position, as arrears.compute keeps it: owes_after_end).
    SELECT id, ref FROM tenancy
    WHERE start_date <= $on AND (end_date IS NULL OR end_date >= $on OR id IN (
        SELECT tenancy_id FROM ledger WHERE date <= $on GROUP BY tenancy_id
        HAVING sum(CASE WHEN kind IN ({CHARGES}) OR kind = 'reversal' THEN amount_cents ELSE -amount_cents END) > 0
    ))
),
due AS (
    SELECT tenancy_id, arg_max(rent_cents + service_costs_cents, valid_from) AS monthly
    FROM rent WHERE valid_from <= $on GROUP BY tenancy_id
),
entries AS (
    SELECT tenancy_id, date, kind, amount_cents, kind IN ({CHARGES}) AS is_charge
    FROM ledger WHERE date <= $on
),
sums AS (
    SELECT tenancy_id,
        sum(amount_cents) FILTER (is_charge AND date < $on) AS charges_before,
        sum(amount_cents) FILTER (is_charge AND date = $on) AS charges_on,
        sum(amount_cents) FILTER (kind IN ({CREDITS})) AS credits,
        sum(amount_cents) FILTER (kind = 'reversal') AS reversals
    FROM entries GROUP BY tenancy_id
),
totals AS (
    SELECT a.id, a.ref,
        coalesce(s.charges_before, 0) AS charges_before,
        coalesce(s.charges_before, 0) + coalesce(s.charges_on, 0) AS charges,
        coalesce(s.credits, 0) AS credits,
        coalesce(s.reversals, 0) AS reversals,
        greatest(coalesce(s.credits, 0) - coalesce(s.reversals, 0), 0) AS net_credits
    FROM active a LEFT JOIN sums s ON s.tenancy_id = a.id
),
oldest AS (
    -- Net credits pay charges oldest first: the first due date whose running total of charges
    -- exceeds the net credits is the oldest unpaid one.
    SELECT tenancy_id, min(date) AS oldest_unpaid
    FROM (
        SELECT c.tenancy_id, c.date, t.net_credits,
            sum(c.cents) OVER (PARTITION BY c.tenancy_id ORDER BY c.date) AS running
        FROM (SELECT tenancy_id, date, sum(amount_cents) AS cents
              FROM entries WHERE is_charge GROUP BY tenancy_id, date) c
        JOIN totals t ON t.id = c.tenancy_id
        WHERE t.charges > t.net_credits
    )
    WHERE running > net_credits
    GROUP BY tenancy_id
)
SELECT t.ref,
    t.charges + t.reversals - t.credits AS balance,
    greatest(t.charges_before - t.net_credits, 0) AS arrears,
    o.oldest_unpaid,
    CASE WHEN o.oldest_unpaid < $on THEN date_diff('day', o.oldest_unpaid, $on) ELSE 0 END,
    -- arrears / monthly due in hundredths, rounded half up, in whole numbers
    CASE WHEN coalesce(d.monthly, 0) > 0
        THEN (200 * greatest(t.charges_before - t.net_credits, 0) + d.monthly) // (2 * d.monthly)
        ELSE 0 END
FROM totals t
LEFT JOIN oldest o ON o.tenancy_id = t.id
LEFT JOIN due d ON d.tenancy_id = t.id
"""


def export(folder: Path) -> dict[str, Path]:
    """Write the three tables of the Django database to CSV files in `folder`."""
    paths = {}
    with connection.cursor() as cursor:
        for name, (table, columns) in TABLES.items():
            path = folder / f"{name}.csv"
            select = f"SELECT {', '.join(columns)} FROM {table}"
            with open(path, "w", newline="") as handle:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)") as copy:
                        for data in copy:
                            handle.write(bytes(data).decode())
                else:
                    writer = csv.writer(handle)
                    cursor.execute(select)
                    while batch := cursor.fetchmany(100_000):
                        writer.writerows(batch)
            paths[name] = path
    return paths


def load(duck, paths: dict[str, Path]) -> None:
    for name, (_, columns) in TABLES.items():
        types = ", ".join(f"'{column}': '{kind}'" for column, kind in columns.items())
        duck.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = false, columns = {{{types}}})",
            [str(paths[name])],
        )


def run(duck, on: date) -> list[tuple]:
    return duck.execute(QUERY, {"on": on}).fetchall()


def figures_from_baseline(rows: list[tuple]) -> dict[str, tuple]:
    return {
        ref: (balance, arrears, oldest.isoformat() if oldest else None, days, months)
        for ref, balance, arrears, oldest, days, months in rows
    }


def figures_from_compute(rows) -> dict[str, tuple]:
    """The same tuples from huurpad.tenancies.arrears.compute's results."""
    figures = {}
    for row in rows:
        p = row.position
        figures[row.ref] = (
            to_cents(p.balance),
            to_cents(p.arrears),
            p.oldest_unpaid_due_date.isoformat() if p.oldest_unpaid_due_date else None,
            p.days_overdue,
            to_cents(p.months_in_arrears),
        )
    return figures


FIELDS = ("balance", "arrears", "oldest_unpaid_due_date", "days_overdue", "months_in_arrears")


def disagreements(ours: dict[str, tuple], baseline: dict[str, tuple], limit: int = 10) -> list[str]:
    """What differs between two sets of figures, one line per difference (at most `limit`)."""
    found = []
    for ref in sorted(ours.keys() | baseline.keys()):
        a, b = ours.get(ref), baseline.get(ref)
        if a == b:
            continue
        if a is None or b is None:
            found.append(f"{ref}: only in {'the baseline' if a is None else 'arrears'}")
        else:
            diffs = [f"{name} {x!r} vs {y!r}" for name, x, y in zip(FIELDS, a, b) if x != y]
            found.append(f"{ref}: " + ", ".join(diffs))
        if len(found) >= limit:
            break
    return found
