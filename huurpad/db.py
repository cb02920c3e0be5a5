"""Raw SQL for the bulk paths (arrears, the policy run, the bank import, the benchmark): asking
about long lists of ids, reading rows as tuples, telling SQLite's planner which index to use, and
writing many rows at once without model instances.

Plumbing only: this module names no table of its own. The queries that know the domain live with
it (huurpad/tenancies/arrears.py, huurpad/collection/snapshots.py, ...).
"""

from collections.abc import Iterable
from datetime import date

from django.db import connection

IN_CHUNKS = 5000


def chunks(items: list, size: int = IN_CHUNKS) -> Iterable[list]:
    """Slices of at most `size`: IN lists stay well inside the databases' limits."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def scopes(ids: list[int]) -> Iterable[list[int] | None]:
    """The id lists to ask about `ids` in, for where_ids; only None (every row) when there are more
    than IN_CHUNKS: a run that looks at nearly every tenancy reads everything faster than it asks."""
    return [None] if len(ids) > IN_CHUNKS else chunks(ids)


def where_ids(column: str, ids: list[int] | None) -> tuple[str, list]:
    """An extra condition limiting the rows to some ids (empty when `ids` is None)."""
    if ids is None:
        return "", []
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(%s)", [list(ids)]
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def indexed(table: str, index: str) -> str:
    """The table for a FROM clause, read through `index` on SQLite (INDEXED BY), where its planner
    would pick a worse one for a long list of ids; PostgreSQL plans these queries well itself."""
    if connection.vendor == "sqlite":
        return f"{table} INDEXED BY {index}"
    return table


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_date(value) -> date:
    """A date from a raw query: SQLite returns text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def insert_rows(table: str, columns: list[str], rows: list[tuple], *, per_statement: int = 1) -> None:
    """Insert many rows at once, without model instances: COPY on PostgreSQL. On SQLite one
    statement per row (executemany), or statements of `per_statement` rows each: a table with a
    trigger keeps a statement journal per statement, so fewer statements are faster there."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif per_statement == 1:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        else:
            values = f"({', '.join(['%s'] * len(columns))})"
            for start in range(0, len(rows), per_statement):
                batch = rows[start : start + per_statement]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([values] * len(batch))}",
                    [value for row in batch for value in row],
                )
