"""A former tenant's final bill (eindafrekening): two ledger kinds, repairs charged
(`repair_charge`) and the deposit settled (`deposit_settlement`), which the totals' triggers count
as a charge and a credit; and the forwarding address letters go to after the tenancy ended.

The triggers of migration 0004 name the kinds of each group: they are made again here, from the
same statements with the new kinds, and the totals are filled again from the ledger."""

from django.db import migrations, models

LEDGER = "tenancies_ledgerentry"
TOTALS = "tenancies_ledgertotals"
COLUMNS = ("charges_cents", "credits_cents", "reversals_cents")
BEFORE = (  # charges, credits, reversals, as in 0004
    "('rent', 'service_costs', 'other_charge', 'collection_costs')",
    "('payment', 'direct_debit', 'benefit_payment', 'write_off', 'discount')",
    "('reversal')",
)
AFTER = (
    "('rent', 'service_costs', 'other_charge', 'collection_costs', 'repair_charge')",
    "('payment', 'direct_debit', 'benefit_payment', 'write_off', 'discount', 'deposit_settlement')",
    "('reversal')",
)
NAMES = ("ledger_totals_insert", "ledger_totals_delete", "ledger_totals_update")


def _statements(groups, vendor: str) -> list[str]:
    """0004's statements (the totals filled again, then the triggers) for these groups of kinds."""

    def cases(row=""):
        return [f"CASE WHEN {row}kind IN {kinds} THEN {row}amount_cents ELSE 0 END" for kinds in groups]

    def parts(row="", wrap="{}"):
        return ", ".join(wrap.format(case) for case in cases(row))

    fill = [
        f"DELETE FROM {TOTALS}",
        f"INSERT INTO {TOTALS} (tenancy_id, charges_cents, credits_cents, reversals_cents)"
        f" SELECT tenancy_id, {parts(wrap='SUM({})')} FROM {LEDGER} GROUP BY tenancy_id",
    ]
    if vendor == "postgresql":

        def apply(rows, sign):
            return f"""
                INSERT INTO {TOTALS} AS t (tenancy_id, charges_cents, credits_cents, reversals_cents)
                SELECT tenancy_id, {parts(wrap=sign + "SUM({})")} FROM {rows} GROUP BY tenancy_id ORDER BY tenancy_id
                ON CONFLICT (tenancy_id) DO UPDATE SET
                    charges_cents = t.charges_cents + EXCLUDED.charges_cents,
                    credits_cents = t.credits_cents + EXCLUDED.credits_cents,
                    reversals_cents = t.reversals_cents + EXCLUDED.reversals_cents;
            """

        return [
            *fill,
            f"""
            CREATE OR REPLACE FUNCTION huurpad_ledger_totals() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('DELETE', 'UPDATE') THEN {apply("removed", "-")} END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {apply("added", "")} END IF;
                RETURN NULL;
            END $$
            """,
            f"CREATE TRIGGER ledger_totals_insert AFTER INSERT ON {LEDGER} REFERENCING NEW TABLE AS added"
            " FOR EACH STATEMENT EXECUTE FUNCTION huurpad_ledger_totals()",
            f"CREATE TRIGGER ledger_totals_delete AFTER DELETE ON {LEDGER} REFERENCING OLD TABLE AS removed"
            " FOR EACH STATEMENT EXECUTE FUNCTION huurpad_ledger_totals()",
            f"CREATE TRIGGER ledger_totals_update AFTER UPDATE ON {LEDGER} REFERENCING OLD TABLE AS removed"
            " NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION huurpad_ledger_totals()",
        ]
    add = f"""
        INSERT INTO {TOTALS} (tenancy_id, charges_cents, credits_cents, reversals_cents)
        VALUES (NEW.tenancy_id, {parts("NEW.")})
        ON CONFLICT (tenancy_id) DO UPDATE SET
            charges_cents = charges_cents + excluded.charges_cents,
            credits_cents = credits_cents + excluded.credits_cents,
            reversals_cents = reversals_cents + excluded.reversals_cents;
    """
    remove = f"""
        UPDATE {TOTALS} SET {", ".join(f"{c} = {c} - {case}" for c, case in zip(COLUMNS, cases("OLD.")))}
        WHERE tenancy_id = OLD.tenancy_id;
    """
    return [
        *fill,
        f"CREATE TRIGGER ledger_totals_insert AFTER INSERT ON {LEDGER} BEGIN {add} END",
        f"CREATE TRIGGER ledger_totals_delete AFTER DELETE ON {LEDGER} BEGIN {remove} END",
        f"CREATE TRIGGER ledger_totals_update AFTER UPDATE OF tenancy_id, kind, amount_cents ON {LEDGER}"
        f" BEGIN {remove} {add} END",
    ]


def _triggers(groups):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        with schema_editor.connection.cursor() as cursor:
            for name in NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{f' ON {LEDGER}' if vendor == 'postgresql' else ''}")
            for statement in _statements(groups, vendor):
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tenancies", "0010_search_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="tenancy",
            name="forwarding_address",
            field=models.CharField(blank=True, default="", db_default="", max_length=200, verbose_name="nieuw adres"),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("rent", "Huur"),
                    ("service_costs", "Servicekosten"),
                    ("other_charge", "Overige kosten"),
                    ("collection_costs", "Incassokosten"),
                    ("repair_charge", "Reparatiekosten"),
                    ("payment", "Betaling"),
                    ("direct_debit", "Automatische incasso"),
                    ("benefit_payment", "Betaling via uitkering"),
                    ("write_off", "Kwijtschelding"),
                    ("discount", "Korting"),
                    ("deposit_settlement", "Waarborgsom verrekend"),
                    ("reversal", "Storno"),
                ],
                max_length=20,
                verbose_name="soort",
            ),
        ),
        # After the AlterField: on SQLite a rebuilt ledger table loses its triggers (models.py).
        migrations.RunPython(_triggers(AFTER), _triggers(BEFORE)),
    ]
