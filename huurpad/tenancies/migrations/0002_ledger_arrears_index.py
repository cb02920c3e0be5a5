"""An index that lets arrears sum every tenancy's ledger per kind without reading the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenancies", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                fields=["tenancy", "kind", "date", "amount_cents"], name="ledger_tenancy_kind_date_cents"
            ),
        ),
    ]
