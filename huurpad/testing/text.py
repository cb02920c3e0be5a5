"""Ledgers written as text in tests, without a database:

2026-01-01 rent 650.00
2026-01-03 payment 650.00   # comments are fine
"""

from datetime import date
from decimal import Decimal

from huurpad.core import ledger


def parse_ledger(text: str) -> list[ledger.Entry]:
    entries = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        line = line.split("#")[0].strip()
        if not line:
            continue
        day, kind, amount = line.split()
        entries.append(
            ledger.Entry(
                date=date.fromisoformat(day),
                kind=ledger.Kind(kind),
                amount=Decimal(amount),
                external_id=f"t{number}",
            )
        )
    return entries
