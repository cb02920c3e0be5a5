"""Per-tenancy ledger totals kept by triggers, and an index on what is dated on or after a day.

The triggers classify kinds as huurpad.core.ledger does (charges, credits, reversals); the test
tests/test_ledger_totals.py checks the totals against the ledger after every kind of write.
SQLite fires a trigger per row; PostgreSQL once per statement, over the rows the statement
wrote (a transition table), so COPY of a million lines adds one grouped upsert, not a million.
"""

from django.db import migrations, models

LEDGER = "tenancies_ledgerentry"
TOTALS = "tenancies_ledgertotals"
GROUPS = (  # charges, credits, reversals
    "('rent', 'service_costs', 'other_charge', 'collection_costs')",
    "('payment', 'direct_debit', 'benefit_payment', 'write_off', 'discount')",
    "('reversal')",
)


COLUMNS = ("charges_cents", "credits_cents", "reversals_cents")


def _cases(row: str = "") -> list[str]:
    """The charge, credit and reversal amount of one row (each 0 when the kind is another)."""
    return [f"CASE WHEN {row}kind IN {kinds} THEN {row}amount_cents ELSE 0 END" for kinds in GROUPS]


def _parts(row: str = "", wrap: str = "{}") -> str:
    """The three amounts as a list for SQL; `wrap` puts each in e.g. SUM()."""
    return ", ".join(wrap.format(case) for case in _cases(row))


SQLITE_ADD = f"""
    INSERT INTO {TOTALS} (tenancy_id, charges_cents, credits_cents, reversals_cents)
    VALUES (NEW.tenancy_id, {_parts("NEW.")})
    ON CONFLICT (tenancy_id) DO UPDATE SET
        charges_cents = charges_cents + excluded.charges_cents,
        credits_cents = credits_cents + excluded.credits_cents,
        reversals_cents = reversals_cents + excluded.reversals_cents;
"""
SQLITE_REMOVE = f"""
    UPDATE {TOTALS} SET {", ".join(f"{c} = {c} - {case}" for c, case in zip(COLUMNS, _cases("OLD.")))}
    WHERE tenancy_id = OLD.tenancy_id;
"""
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER ledger_totals_insert AFTER INSERT ON {LEDGER} BEGIN {SQLITE_ADD} END",
    f"CREATE TRIGGER ledger_totals_delete AFTER DELETE ON {LEDGER} BEGIN {SQLITE_REMOVE} END",
    f"CREATE TRIGGER ledger_totals_update AFTER UPDATE OF tenancy_id, kind, amount_cents ON {LEDGER}"
    f" BEGIN {SQLITE_REMOVE} {SQLITE_ADD} END",
]


def _pg_apply(rows: str, sign: str) -> str:
    return f"""
        INSERT INTO {TOTALS} AS t (tenancy_id, charges_cents, credits_cents, reversals_cents)
        SELECT tenancy_id, {_parts(wrap=sign + "SUM({})")} FROM {rows} GROUP BY tenancy_id ORDER BY tenancy_id
        ON CONFLICT (tenancy_id) DO UPDATE SET
            charges_cents = t.charges_cents + EXCLUDED.charges_cents,
            credits_cents = t.credits_cents + EXCLUDED.credits_cents,
            reversals_cents = t.reversals_cents + EXCLUDED.reversals_cents;
    """


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION huurpad_ledger_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN {_pg_apply("removed", "-")} END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {_pg_apply("added", "")} END IF;
    RETURN NULL;
END $$
"""
PG_TRIGGERS = [
    PG_FUNCTION,
    f"CREATE TRIGGER ledger_totals_insert AFTER INSERT ON {LEDGER} REFERENCING NEW TABLE AS added"
    " FOR EACH STATEMENT EXECUTE FUNCTION huurpad_ledger_totals()",
    f"CREATE TRIGGER ledger_totals_delete AFTER DELETE ON {LEDGER} REFERENCING OLD TABLE AS removed"
    " FOR EACH STATEMENT EXECUTE FUNCTION huurpad_ledger_totals()",
    f"CREATE TRIGGER ledger_totals_update AFTER UPDATE ON {LEDGER} REFERENCING OLD TABLE AS removed"
    " NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION huurpad_ledger_totals()",
]
FILL = f"""
    INSERT INTO {TOTALS} (tenancy_id, charges_cents, credits_cents, reversals_cents)
    SELECT tenancy_id, {_parts(wrap="SUM({})")} FROM {LEDGER} GROUP BY tenancy_id
"""


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TOTALS}")
        cursor.execute(FILL)
        for statement in PG_TRIGGERS if connection.vendor == "postgresql" else SQLITE_TRIGGERS:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for name in ("ledger_totals_insert", "ledger_totals_delete", "ledger_totals_update"):
            on = f" ON {LEDGER}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS huurpad_ledger_totals()")


class Migration(migrations.Migration):
    dependencies = [
        ("tenancies", "0003_updated_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="LedgerTotals",
            fields=[
                (
                    "tenancy",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="tenancies.tenancy",
                    ),
                ),
                ("charges_cents", models.BigIntegerField(default=0)),
                ("credits_cents", models.BigIntegerField(default=0)),
                ("reversals_cents", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "saldo-totaal", "verbose_name_plural": "saldo-totalen"},
        ),
        migrations.RemoveIndex(model_name="ledgerentry", name="tenancies_l_date_547f3c_idx"),
        # (tenancy, kind, date, amount) serves a tenancy's ledger as well, and without reading the table.
        migrations.RemoveIndex(model_name="ledgerentry", name="tenancies_l_tenancy_141229_idx"),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                fields=["date", "tenancy", "kind", "amount_cents"], name="ledger_date_tenancy_kind_cents"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
