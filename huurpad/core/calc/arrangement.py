"""Sizing a payment arrangement (toolkit 3.2): instalments a household can keep, within the
policy's bounds. From the tenant's own proposal, or from income minus a protected amount (the VTLB
idea, params/protected_income.toml). The current rent always comes first: an instalment is on top
of it, never instead of it."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from huurpad.core import params
from huurpad.core.dutch import date_nl
from huurpad.core.money import ZERO, fmt_eur, round_cents

HOUSEHOLDS = ("single", "couple", "single_pension_age", "couple_pension_age")


@dataclass(frozen=True)
class Bounds:
    """The policy's limits (config.Policy.arrangement_*)."""

    self_service_instalments: int = 6
    self_service_months: Decimal = Decimal("1.00")
    max_instalments: int = 18
    min_instalment: Decimal = Decimal("10.00")

    @classmethod
    def of(cls, policy) -> "Bounds":
        return cls(
            self_service_instalments=policy.arrangement_self_service_instalments,
            self_service_months=policy.arrangement_self_service_months,
            max_instalments=policy.arrangement_max_instalments,
            min_instalment=policy.arrangement_min_instalment,
        )


@dataclass
class Sizing:
    instalment: Decimal  # each month on top of the rent; the last one may be smaller
    count: int
    first_due: date
    possible: bool = True  # False: no arrangement fits (see reasons)
    needs_team_leader: bool = False  # outside what an officer may agree alone
    protected: Decimal | None = None  # from income: the amount that stays with the household
    reasons: list[str] = field(default_factory=list)  # in Dutch, for the officer and the case file

    @property
    def last_instalment(self) -> Decimal:
        return self.total - self.instalment * (self.count - 1) if self.count else ZERO

    total: Decimal = ZERO


def protected_amount(household: str, on: date) -> tuple[Decimal, list[str]]:
    """The protected share of the bijstand norm for the household, and what the figure rests on."""
    table = params.load("protected_income")
    years = sorted(int(y) for y in table)
    usable = [y for y in years if y <= on.year] or years[:1]
    year = usable[-1]
    row = table[str(year)]
    norm = Decimal(row[household])
    amount = round_cents(norm * Decimal(row["share_percent"]) / 100)
    notes = [
        f"Beschermd bedrag: {row['share_percent']} % van de bijstandsnorm ({fmt_eur(norm)}) = {fmt_eur(amount)} per maand."
    ]
    if year != on.year:
        notes.append(f"De normen voor {on.year} zijn nog niet bekend: die van {year} zijn gebruikt.")
    if not row.get("share_confirmed", False):
        notes.append("Het percentage van 95 % is nog niet bevestigd uit de officiële bron.")
    return amount, notes


def size(
    arrears: Decimal,
    monthly_rent: Decimal,
    first_due: date,
    bounds: Bounds,
    *,
    proposed_instalment: Decimal | None = None,
    net_income: Decimal | None = None,
    household: str = "single",
) -> Sizing:
    """Instalments for `arrears`: the tenant's proposal, or what income leaves above the protected
    amount. At least the minimum instalment (or the whole arrears, if smaller)."""
    reasons, protected = [], None
    if arrears <= 0:
        return Sizing(ZERO, 0, first_due, possible=False, reasons=["Er is geen achterstand."])
    if proposed_instalment is not None:
        instalment = proposed_instalment
        reasons.append(f"De huurder stelt {fmt_eur(instalment)} per maand voor.")
    elif net_income is not None:
        if household not in HOUSEHOLDS:
            raise ValueError(f"onbekend huishouden: {household}")
        protected, notes = protected_amount(household, first_due)
        reasons += notes
        instalment = round_cents(net_income - protected)
        reasons.append(
            f"Netto inkomen {fmt_eur(net_income)} min het beschermde bedrag: {fmt_eur(max(instalment, ZERO))} per maand."
        )
    else:
        raise ValueError("geef een voorstel van de huurder of het netto inkomen")
    instalment = min(instalment, arrears)
    if instalment < min(bounds.min_instalment, arrears):
        reasons.append(
            f"Er blijft minder over dan {fmt_eur(bounds.min_instalment)} per maand. Een regeling past niet:"
            " verwijs naar schuldhulp of overleg met de teamleider."
        )
        return Sizing(
            max(instalment, ZERO), 0, first_due, possible=False, protected=protected, reasons=reasons, total=arrears
        )
    count = int((arrears / instalment).to_integral_value(rounding=ROUND_CEILING))
    sizing = Sizing(instalment, count, first_due, protected=protected, reasons=reasons, total=arrears)
    if count > bounds.max_instalments:
        sizing.possible = False
        reasons.append(
            f"Dat zijn {count} termijnen, meer dan {bounds.max_instalments}. Zo'n lange regeling houdt bijna"
            " niemand vol: verwijs naar schuldhulp."
        )
        return sizing
    limit = monthly_rent * bounds.self_service_months
    if count > bounds.self_service_instalments or arrears > limit:
        sizing.needs_team_leader = True
        why = []
        if count > bounds.self_service_instalments:
            why.append(f"meer dan {bounds.self_service_instalments} termijnen")
        if arrears > limit:
            why.append(f"een achterstand van meer dan {bounds.self_service_months} maand huur ({fmt_eur(limit)})")
        reasons.append(f"De teamleider beslist: {' en '.join(why)}.")
    reasons.append(
        f"{count} termijnen van {fmt_eur(instalment)}"
        + (f", de laatste {fmt_eur(sizing.last_instalment)}" if sizing.last_instalment != instalment else "")
        + f", de eerste op {date_nl(first_due)}. De huur ({fmt_eur(monthly_rent)}) gaat altijd voor."
    )
    return sizing
