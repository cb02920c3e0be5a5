"""How the demo corporation compares with the public figures (docs/demo-data.md).

What counts as "in arrears" here: a household whose arrears, as docs/formats.md defines them, are
above zero: counted from the first euro, the morning after a charge's due date, as the ERP figures
behind the Aedes survey are. A direct-debit tenant's charges fall due on the agreed collection day
(the generator dates them so), so a tenant debited on the 25th is not behind on the 10th.

Months in arrears = those arrears divided by the rent plus service costs in force on the day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from huurpad.core import ledger
from huurpad.core.money import from_cents, round_cents


@dataclass(frozen=True)
class Band:
    label: str
    field: str
    low: Decimal
    high: Decimal
    unit: str
    source: str

    def holds(self, figures: "Figures") -> bool:
        return self.low <= getattr(figures, self.field) <= self.high


# Aedes Corporatiemonitor (2022): 135,000 households in arrears, EUR 173 M in total, about half of
# them owing one to three months' rent. Of some 2.4 million corporation homes that is 5-6 %.
BANDS = [
    Band(
        "households in arrears", "share_pct", Decimal("4.5"), Decimal("6.5"), "%", "Aedes 2022: 135,000 of ~2.4 M homes"
    ),
    Band("of those, owing 1-3 months", "one_to_three_pct", Decimal("40"), Decimal("60"), "%", "Aedes: about half"),
    Band("average arrears", "average", Decimal("1100"), Decimal("1500"), "EUR", "Aedes 2022: EUR 173 M / 135,000"),
]


@dataclass(frozen=True)
class Figures:
    on: date
    households: int
    in_arrears: int
    share_pct: Decimal
    under_one_pct: Decimal
    one_to_three_pct: Decimal
    over_three_pct: Decimal
    average: Decimal
    total: Decimal

    def outside(self) -> list[Band]:
        return [band for band in BANDS if not band.holds(self)]


@dataclass(frozen=True)
class Household:
    """What calibration needs of one tenancy active on the day, in cents."""

    arrears: int  # as docs/formats.md defines it
    monthly_due: int


def _pct(part: int, whole: int) -> Decimal:
    return round_cents(Decimal(100 * part) / whole) if whole else Decimal(0)


def figures(on: date, households: Iterable[Household]) -> Figures:
    items = list(households)
    behind = [h for h in items if h.arrears > 0]
    months = [Decimal(h.arrears) / h.monthly_due if h.monthly_due else Decimal(99) for h in behind]
    # Months are compared as docs/formats.md rounds them: to two decimals.
    months = [round_cents(m) for m in months]
    total = sum(h.arrears for h in behind)
    return Figures(
        on=on,
        households=len(items),
        in_arrears=len(behind),
        share_pct=_pct(len(behind), len(items)),
        under_one_pct=_pct(sum(1 for m in months if m < 1), len(behind)),
        one_to_three_pct=_pct(sum(1 for m in months if 1 <= m <= 3), len(behind)),
        over_three_pct=_pct(sum(1 for m in months if m > 3), len(behind)),
        average=round_cents(from_cents(total) / len(behind)) if behind else Decimal(0),
        total=from_cents(total),
    )


# --- from the generated files, without a database -----------------------------------------------


def from_corporation(corp) -> Figures:
    """The figures of a generated corporation on its demo day, computed by the core ledger."""
    on = corp.on
    entries: dict[str, list[ledger.Entry]] = {}
    for ref, day, kind, cents, external_id, _ in corp.ledger:
        if day <= on:
            entries.setdefault(ref, []).append(
                ledger.Entry(date=day, kind=ledger.Kind(kind), amount=from_cents(cents), external_id=external_id)
            )
    due: dict[str, int] = {}
    starts: dict[str, date] = {}
    for row in corp.tenancies:
        due[row["tenancy_ref"]] = _cents(row["monthly_rent"]) + _cents(row["service_costs"])
        starts[row["tenancy_ref"]] = date.fromisoformat(row["start_date"])
    for day in sorted(corp.rent_files):
        if day <= on:
            for row in corp.rent_files[day]:
                due[row["tenancy_ref"]] = _cents(row["monthly_rent"]) + _cents(row["service_costs"])
    households = []
    for row in corp.tenancies:
        start = starts[row["tenancy_ref"]]
        end = date.fromisoformat(row["end_date"]) if row["end_date"] else None
        if start > on or (end and end < on):
            continue
        ref = row["tenancy_ref"]
        mine = entries.get(ref, [])
        position = ledger.position(mine, on=on, monthly_due=from_cents(due[ref]))
        households.append(Household(arrears=_cents(str(position.arrears)), monthly_due=due[ref]))
    return figures(on, households)


def _cents(text: str) -> int:
    return int((Decimal(text) * 100).to_integral_value())


# --- from the database -----------------------------------------------------------------------------


def from_database(on: date) -> Figures:
    """The figures of whatever the database holds, on D, through the bulk arrears computation."""
    from huurpad.tenancies import arrears

    return figures(
        on,
        [
            Household(arrears=_cents(str(r.position.arrears)), monthly_due=_cents(str(r.monthly_due)))
            for r in arrears.compute(on)
            if not r.former(on)  # the running tenancies; a former tenant's final bill is counted apart
        ],
    )


def report(f: Figures) -> list[str]:
    """Lines for the terminal: each figure next to its band, and a clear word when outside."""
    lines = [f"Calibration on {f.on.isoformat()} ({f.households} households with a running tenancy):"]
    for band in BANDS:
        value = getattr(f, band.field)
        if band.unit == "EUR":
            shown, limits = f"EUR {value:,.0f}", f"EUR {band.low:,.0f}-{band.high:,.0f}"
        else:
            shown, limits = f"{value:.1f} %", f"{band.low}-{band.high} %"
        verdict = "ok" if band.holds(f) else "OUTSIDE THE BAND"
        lines.append(f"  {band.label:<28} {shown:>10}   band {limits:<17} {verdict}   ({band.source})")
    lines.append(
        f"  ({f.in_arrears} households in arrears; under 1 month {f.under_one_pct:.1f} %,"
        f" over 3 months {f.over_three_pct:.1f} %, total EUR {f.total:,.2f})"
    )
    return lines
