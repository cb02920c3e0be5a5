"""The legal limits of one year (core/params/rent_policy.toml): what the run may never go above,
and the limits it compares rents and incomes with."""

from dataclasses import dataclass
from decimal import Decimal

from huurpad.core import params


class LimitsMissing(ValueError):
    """The year has no table in rent_policy.toml, or a value the run needs is missing (in Dutch)."""


@dataclass(frozen=True, kw_only=True)
class Limits:
    year: int
    max_increase_percent: Decimal
    liberalisation_limit: Decimal
    capping_low: Decimal  # aftoppingsgrens, households of 1-2 persons
    capping_high: Decimal  # aftoppingsgrens, households of 3 or more
    income_limit_single: Decimal
    income_limit_multi: Decimal
    capping_confirmed: bool
    sources: tuple[str, ...]

    def capping_for(self, persons: int) -> Decimal:
        return self.capping_low if persons <= 2 else self.capping_high

    def income_limit_for(self, persons: int) -> Decimal:
        return self.income_limit_single if persons <= 1 else self.income_limit_multi

    @property
    def unconfirmed(self) -> list[str]:
        """What is still waiting for an official source, in Dutch (shown on the pages)."""
        return (
            []
            if self.capping_confirmed
            else [f"De aftoppingsgrenzen van {self.year} zijn nog niet officieel bevestigd."]
        )


NEEDED = {
    "max_increase_percent": "de maximale huurverhoging",
    "liberalisation_limit": "de liberalisatiegrens",
    "capping_low": "de aftoppingsgrens voor 1 of 2 personen",
    "capping_high": "de aftoppingsgrens voor 3 of meer personen",
    "income_limit_single": "de inkomensgrens voor 1 persoon",
    "income_limit_multi": "de inkomensgrens voor 2 of meer personen",
}


def known_years() -> list[int]:
    return sorted(int(year) for year in params.load("rent_policy"))


def for_year(year: int) -> Limits:
    table = params.load("rent_policy").get(str(year))
    if table is None:
        raise LimitsMissing(f"Voor {year} staan geen wettelijke grenzen in rent_policy.toml.")
    missing = [meaning for key, meaning in NEEDED.items() if key not in table]
    if missing:
        raise LimitsMissing(f"Voor {year} ontbreekt in rent_policy.toml: {', '.join(missing)}.")
    return Limits(
        year=year,
        **{key: Decimal(table[key]) for key in NEEDED},
        capping_confirmed=bool(table.get("capping_confirmed", False)),
        sources=tuple(value for key, value in table.items() if key.endswith("_source")),
    )


def max_increase_percent(year: int) -> Decimal | None:
    """The legal maximum alone (known for more years than the full table)."""
    table = params.load("rent_policy").get(str(year), {})
    return Decimal(table["max_increase_percent"]) if "max_increase_percent" in table else None
