"""Tenants who left with a final bill (eindafrekening) in the demo (docs/demo-data.md, "Tenants
who left").

The generator lets some homes change tenants during the history; the household that left pays its
last balance (or has it written off) a few weeks after the end. `final_bills` takes a dozen of
those earlier tenancies that ended in the last months, spread over the month-ends so that the
demo shows them at different points of the former tenants' policy (core/policy/former.py: not yet
written to, the letter sent, the friendly call, the team leader's decision), and gives each the
final bill an ERP would send: the last month's rent unpaid, repairs charged (`repair_charge`),
the deposit settled against them (`deposit_settlement`), and for most a forwarding address.
They are ordinary lines of ledger.csv and columns of tenancies.csv: the import and the daily run
do the rest.

Pure (no database): it changes the generated corporation before its files are written, with a
random generator of its own (seeded from the seed), so every other household comes out as before.
"""

import random
from datetime import date, timedelta

from huurpad.testing import names

WANTED = 12
MONTH_ENDS = 6  # the last month-ends (a tenancy ends on the last day of a month) they are spread over
CREDITS = frozenset({"payment", "direct_debit", "benefit_payment", "write_off", "discount", "deposit_settlement"})
CHARGES = frozenset({"rent", "service_costs", "other_charge", "collection_costs", "repair_charge", "reversal"})
REPAIRS = [
    ("Herstel wanden en plafonds na vertrek", 38550),
    ("Afvoer achtergelaten spullen en schoonmaak", 24000),
    ("Vervangen kapotte binnendeur", 61275),
    ("Herstel keukenblad en kastjes", 88000),
    ("Verwijderen laminaat en herstel vloer", 125000),
    ("Vervangen sloten: sleutels niet ingeleverd", 18550),
]
TOWNS = [("2611", "Delft"), ("2801", "Gouda"), ("3311", "Dordrecht"), ("2711", "Zoetermeer"), ("3201", "Spijkenisse")]


def _balance(lines, until: date) -> int:
    return sum((c if kind in CHARGES else -c) for _, day, kind, c, _, _ in lines if day <= until)


def final_bills(corp, seed: int) -> list[str]:
    """Give up to WANTED ended tenancies a final bill that is still open on the demo day; returns
    their refs. Only tenancies that ended with nothing owed, without a bailiff, at least three days
    before the demo day (so the final bill is booked after the end and before the demo day)."""
    on = corp.on
    rng = random.Random(f"{seed}-eindafrekening")
    bailiff = {e["tenancy_ref"] for e in corp.events if e["type"] == "bailiff_handover"}
    lines: dict[str, list] = {}
    for line in corp.ledger:
        lines.setdefault(line[0], []).append(line)
    by_end: dict[date, list[dict]] = {}
    for row in corp.tenancies:
        if not row["end_date"] or row["tenancy_ref"] in bailiff:
            continue
        end = date.fromisoformat(row["end_date"])
        ref = row["tenancy_ref"]
        if end > on - timedelta(days=3) or _balance(lines.get(ref, []), on) != 0:
            continue
        by_end.setdefault(end, []).append(row)
    ends = sorted(by_end, reverse=True)[:MONTH_ENDS]
    for end in ends:
        by_end[end].sort(key=lambda r: r["tenancy_ref"])
        rng.shuffle(by_end[end])
    done: list[str] = []
    while len(done) < WANTED and any(by_end[e] for e in ends):  # round robin over the month-ends
        for end in ends:
            if by_end[end] and len(done) < WANTED:
                row = by_end[end].pop()
                if _bill(corp, row, lines[row["tenancy_ref"]], rng, len(done)):
                    done.append(row["tenancy_ref"])
    return done


def _bill(corp, row: dict, own: list, rng: random.Random, n: int) -> bool:
    ref, on = row["tenancy_ref"], corp.on
    end = date.fromisoformat(row["end_date"])
    dues = [day for _, day, kind, _, _, _ in own if kind == "rent" and day <= end]
    if not dues:
        return False
    last_due = max(dues)
    # The last month's rent unpaid: what paid it (or bounced with it) is not in the ledger, nor
    # how the generator settled the end.
    drop = {
        line[4]
        for line in own
        if line[1] > end or (line[2] in CREDITS | {"reversal"} and line[1] >= last_due - timedelta(days=10))
    }
    left = [line for line in own if line[4] not in drop]
    owed = _balance(left, end)
    if owed <= 0:
        return False
    corp.ledger[:] = [line for line in corp.ledger if line[0] != ref or line[4] not in drop]
    billed = min(end + timedelta(days=rng.randint(10, 28)), on - timedelta(days=1))
    repairs = [REPAIRS[(n + k) % len(REPAIRS)] for k in range(rng.choice([0, 1, 1, 2]))]
    # Most paid a deposit; a bill without repairs always settles one (else there would be no final bill).
    deposit = int(float(row["monthly_rent"])) // 10 * 1000 if rng.random() < 0.7 or not repairs else 0
    extra = []
    for k, (what, cents) in enumerate(repairs, 1):
        extra.append((ref, billed, "repair_charge", cents, f"{ref}-EA-R{k}", what))
    charged = owed + sum(cents for _, cents in repairs)
    if deposit:
        # Settled against the bill; what is left of the deposit would be paid back, so at most the bill.
        deposit = min(deposit, charged - 5000)
        if deposit > 0:
            extra.append((ref, billed, "deposit_settlement", deposit, f"{ref}-EA-W", "Waarborgsom verrekend"))
    corp.ledger.extend(extra)
    if rng.random() < 0.67:
        postcode, town = TOWNS[n % len(TOWNS)]
        street = f"{rng.choice(names.STREET_WORDS)}{rng.choice(names.STREET_KINDS)}"
        address = f"{street} {rng.randint(1, 180)}, {postcode} {chr(65 + n % 26)}{chr(66 + n % 20)} {town}"
        for other in [*corp.tenancies, *(r for rows in corp.rent_files.values() for r in rows)]:
            if other["tenancy_ref"] == ref:
                other["forwarding_address"] = address
    return True
