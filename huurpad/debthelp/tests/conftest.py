"""What the debt-help tests share: a household three months behind (De Linde, HC700), a message
to it in the canonical form, and a policy with some covenant settings changed."""

from datetime import date

import pytest

from huurpad.collection.models import PolicyVersion
from huurpad.core.policy.config import default_text
from huurpad.messaging.models import Sender
from huurpad.testing.ledgers import book, make_tenancy

COMMON = {"counsellor": "Kredietbank Lindestad", "counsellor_reference": "KBL-2025-001", "tenancy_ref": "HC700"}
# Three months unpaid before the kennisgeving: rent 650 + service costs 50, and collection costs.
LEDGER = """
2025-01-01 rent 650.00
2025-01-01 service_costs 50.00
2025-01-03 payment 700.00
2025-02-01 rent 650.00
2025-02-01 service_costs 50.00
2025-03-01 rent 650.00
2025-03-01 service_costs 50.00
2025-03-20 collection_costs 40.00
2025-04-01 rent 650.00
2025-04-01 service_costs 50.00
"""


@pytest.fixture
def tenancy():
    """HC700, behind on February to April (rent, service costs and collection costs) in 2025."""
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Lindeplein 1",
        postcode_city="1234 AB Lindestad",
        phone="010 123 45 67",
    )
    made = make_tenancy("HC700", start=date(2024, 1, 1))
    book(made, LEDGER)
    return made


def message(message_id: str, type_: str, day: str, **fields) -> dict:
    return {"message_id": message_id, "type": type_, "date": day, **COMMON, **fields}


def use_policy(**settings) -> None:
    text = default_text()
    for key, value in settings.items():
        line = next(x for x in text.splitlines() if x.startswith(f"{key} ="))
        text = text.replace(line, f"{key} = {value}")
    PolicyVersion.objects.create(number=PolicyVersion.objects.count() + 1, text=text, note="test")
