"""How the demo corporation compares with the public figures (docs/demo-data.md).

What counts as "in arrears" here: a household whose arrears (as defined in docs/formats.md) are
above zero once this month's charges that are still to be collected by direct debit on the agreed
collection day are left out. A tenant who chose to be debited on the 25th is not behind on the
10th: rent falls due on the 1st, but the corporation agreed to collect it later (toolkit 1.6).
Everyone else is counted from the first euro, as the ERP figures behind the Aedes survey are.
The plain figure (arrears above zero, with no exception) is reported next to it.

Months in arrears = those arrears divided by the rent plus service costs in force on the day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from huurpad.core import ledger
from huurpad.core.calendar import collection_date
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
    Band("households in arrears", "share_pct", Decimal("4.5"), Decimal("6.5"), "%", "Aedes 2022: 135,000 of ~2.4 M homes"),
    Band("of those, owing 1-3 months", "one_to_three_pct", Decimal("40"), Decimal("60"), "%", "Aedes: about half"),
    Band("average arrears", "average", Decimal("1100"), Decimal("1500"), "EUR", "Aedes 2022: EUR 173 M / 135,000"),
]  # fmt: skip


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
    plain_in_arrears: int
    plain_share_pct: Decimal

    def outside(self) -> list[Band]:
        return [band for band in BANDS if not band.holds(self)]


@dataclass(frozen=True)
class Household:
    """What calibration needs of one tenancy active on the day, in cents."""

    arrears: int  # as docs/formats.md defines it
    pending: int  # this month's charges still to be collected on the agreed debit day
    monthly_due: int

    @property
    def agreed_arrears(self) -> int:
        return max(0, self.arrears - self.pending)


def _pct(part: int, whole: int) -> Decimal:
    return round_cents(Decimal(100 * part) / whole) if whole else Decimal(0)


def figures(on: date, households: Iterable[Household]) -> Figures:
    items = list(households)
    behind = [h for h in items if h.agreed_arrears > 0]
    months = [Decimal(h.agreed_arrears) / h.monthly_due if h.monthly_due else Decimal(99) for h in behind]
    # Months are compared as docs/formats.md rounds them: to two decimals.
    months = [round_cents(m) for m in months]
    total = sum(h.agreed_arrears for h in behind)
    plain = sum(1 for h in items if h.arrears > 0)
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
        plain_in_arrears=plain,
        plain_share_pct=_pct(plain, len(items)),
    )


def debit_pending(on: date, method: str, collection_day: int | None) -> bool:
    """Is this month's rent still to be collected by direct debit on the agreed day (on or after D)?"""
    return method == "direct_debit" and bool(collection_day) and collection_date(on.year, on.month, collection_day) >= on


# --- from the generated files, without a database -----------------------------------------------


def from_corporation(corp) -> Figures:
    """The figures of a generated corporation on its demo day, computed by the core ledger."""
    on = corp.on
    first = on.replace(day=1)
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
        pending = 0
        if debit_pending(on, row["payment_method"], int(row["collection_day"] or 0)):
            pending = sum(
                _cents(str(e.amount)) for e in mine if e.kind in ledger.CHARGES and first <= e.date < on
            )
        households.append(Household(arrears=_cents(str(position.arrears)), pending=pending, monthly_due=due[ref]))
    return figures(on, households)


def _cents(text: str) -> int:
    return int((Decimal(text) * 100).to_integral_value())


# --- from the database -----------------------------------------------------------------------------


def from_database(on: date) -> Figures:
    """The figures of whatever the database holds, on D, through the bulk arrears computation."""
    from django.db.models import Sum

    from huurpad.tenancies import arrears
    from huurpad.tenancies.models import LedgerEntry, Tenancy

    results = arrears.compute(on)
    first = on.replace(day=1)
    debit = {
        tid
        for tid, method, day in Tenancy.objects.filter(id__in=[r.tenancy_id for r in results])
        .filter(payment_method=Tenancy.PaymentMethod.DIRECT_DEBIT)
        .values_list("id", "payment_method", "collection_day")
        if debit_pending(on, method, day)
    }
    pending = dict(
        LedgerEntry.objects.filter(
            tenancy_id__in=debit, date__gte=first, date__lt=on, kind__in=[k.value for k in ledger.CHARGES]
        )
        .values("tenancy_id")
        .order_by()
        .annotate(total=Sum("amount_cents"))
        .values_list("tenancy_id", "total")
    )
    return figures(
        on,
        [
            Household(
                arrears=_cents(str(r.position.arrears)),
                pending=pending.get(r.tenancy_id, 0),
                monthly_due=_cents(str(r.monthly_due)),
            )
            for r in results
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
        f"  (under 1 month {f.under_one_pct:.1f} %, over 3 months {f.over_three_pct:.1f} %, total EUR {f.total:,.2f};"
        f" counting every open amount, even before the agreed debit day: {f.plain_in_arrears} households,"
        f" {f.plain_share_pct:.1f} %)"
    )
    return lines
