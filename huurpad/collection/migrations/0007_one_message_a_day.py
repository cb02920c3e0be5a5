"""Never two messages to one tenant on one day became a guardrail: a policy may no longer ask for
more than one (messages.per_tenant_per_day). A stored current policy that asked for more gets a new
version saying 1, so the daily run and the pages can read it; the old versions stay as they were."""

import re

from django.db import migrations

SETTING = re.compile(r"^(\s*per_tenant_per_day\s*=\s*)(\d+)", re.MULTILINE)


def one_a_day(apps, schema_editor):
    PolicyVersion = apps.get_model("collection", "PolicyVersion")
    current = PolicyVersion.objects.order_by("-number").first()
    if current is None:
        return
    found = SETTING.search(current.text)
    if found is None or int(found.group(2)) <= 1:
        return
    PolicyVersion.objects.create(
        number=current.number + 1,
        text=SETTING.sub(r"\g<1>1", current.text, count=1),
        created_by=None,
        note="Nooit twee berichten op één dag aan één huurder: dit is nu een vaste regel (per_tenant_per_day = 1).",
    )


class Migration(migrations.Migration):
    dependencies = [("collection", "0006_one_index_per_tenancy_lookup")]

    operations = [migrations.RunPython(one_a_day, migrations.RunPython.noop)]
