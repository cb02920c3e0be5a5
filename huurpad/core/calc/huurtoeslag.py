"""Huurtoeslag (rent benefit): an estimate of the monthly amount, step by step.

The method in plain words (FACTS.md §5; the numbers per year are in params/huurtoeslag.toml):

1. The rent that counts (rekenhuur). In 2025: the bare rent plus at most 4 service-cost items of
   at most €12 each. From 2026 service costs no longer count, and the rent counts only up to the
   rekengrens (€932.93; €498.20 for a household whose oldest member is 18 to 20).
2. Who gets nothing: under 18; assets above the limit; in 2025 a rekenhuur above the maximum rent
   (€900.07; for under-23s the youth limit). From 2026 a high rent no longer rules anyone out.
3. The own contribution (basishuur), the part of the rent nobody gets benefit for. In 2025 it
   grows with income: normhuur = a·Y² + b·Y (Y = yearly income), basishuur = normhuur +
   taakstellingsbedrag (a negative amount); at or below the minimum income point it is the minimum
   basishuur. In 2026 it is a fixed amount per household type.
4. Three bands of the rekenhuur above the basishuur:
   - band 1: 100 % of the rent up to the kwaliteitskortingsgrens (KKG), above the basishuur;
   - band 2: 65 % of the rent between the KKG (or the basishuur, if higher) and the
     aftoppingsgrens (a lower one for 1 or 2 persons, a higher one for 3 or more);
   - band 3: 40 % of the rent above the aftoppingsgrens (or the basishuur, if higher).
   A band counts only if it is positive.
5. 2026 only: the phase-out. The toeslag goes down by a share of the yearly income above a
   threshold, spread over 12 months (27 % for a single person, 22 % for more persons; our reading,
   marked unconfirmed). The toeslag never goes below 0.
6. The sum is rounded half-up to cents at the very end (the official rounding order is unknown).
   Published figures are usually whole euros rounded down.

Every unconfirmed parameter the calculation used is listed in `Result.unconfirmed`, so an amount
that rests on one is never shown as final. Texts (explanations, reasons, notes) are Dutch B1:
officers and tenants read them.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from huurpad.core import params
from huurpad.core.money import ZERO, fmt_eur, round_cents

HOUSEHOLDS = ("single", "multi")
PERCENT = Decimal(100)


class InputError(ValueError):
    """Input the calculation cannot use; `field` names the argument of `calculate`."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Step(NamedTuple):
    name: str
    value: Decimal  # euros a month, not rounded (the final amount is)
    explanation: str  # Dutch


@dataclass(frozen=True)
class Result:
    year: int
    monthly: Decimal  # euros a month, cents, rounded half-up at the end; 0.00 when not eligible
    eligible: bool
    reasons: list[str] = field(default_factory=list)  # why not eligible (Dutch)
    steps: list[Step] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)  # parameters used that await a source
    notes: list[str] = field(default_factory=list)  # what the estimate leaves out (Dutch)


def years() -> list[int]:
    return sorted(int(year) for year in params.load("huurtoeslag"))


class _Parameters:
    """One year's parameters; remembers every unconfirmed one that is read."""

    def __init__(self, year: int):
        table = params.load("huurtoeslag").get(str(year))
        if table is None:
            known = ", ".join(str(y) for y in years())
            raise InputError("year", f"no huurtoeslag parameters for {year} (known: {known})")
        self.method = table["method"]
        self._values = table["values"]
        self.unconfirmed: list[str] = []

    def __call__(self, name: str) -> Decimal:
        """The value, counted as used (a rule rests on it)."""
        leaf = self._leaf(name)
        if not leaf["confirmed"] and name not in self.unconfirmed:
            self.unconfirmed.append(name)
        return Decimal(leaf["value"])

    def peek(self, name: str) -> Decimal:
        """The value, only to see whether a caveat applies; not counted as used."""
        return Decimal(self._leaf(name)["value"])

    def _leaf(self, name: str) -> dict:
        leaf = self._values
        for part in name.split("."):
            leaf = leaf[part]
        return leaf


def _amount(name: str, value) -> Decimal:
    if isinstance(value, float):
        value = str(value)
    try:
        amount = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise InputError(name, f"{value!r} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise InputError(name, f"{value!r} is not an amount of 0 or more")
    return amount


_eur = fmt_eur  # amounts in the Dutch texts: '€ 1.234,50'


def calculate(
    year: int,
    *,
    household: str,
    persons: int | None = None,
    age: int,
    income,
    assets=None,
    rent,
    service_costs=(),
) -> Result:
    """The monthly huurtoeslag for `year`.

    household: "single" (one person) or "multi" (more persons); persons: the number of people in
    the household (default 1 for single, 2 for multi); age: of the oldest member (the applicant);
    income: the yearly toetsingsinkomen; assets: the household's assets (None: not checked, and a
    note says so); rent: the monthly bare rent (kale huur); service_costs: the monthly amounts of
    at most 4 eligible service-cost items (counted in 2025 only, each up to €12).
    Raises InputError (naming the argument) on input it cannot use.
    """
    p = _Parameters(year)
    if household not in HOUSEHOLDS:
        raise InputError("household", f"{household!r} is not one of {', '.join(HOUSEHOLDS)}")
    if persons is None:
        persons = 1 if household == "single" else 2
    if not isinstance(persons, int) or persons < 1:
        raise InputError("persons", f"{persons!r} is not a number of persons (1 or more)")
    if household == "single" and persons != 1:
        raise InputError("persons", f"a single household has 1 person, not {persons}")
    if household == "multi" and persons < 2:
        raise InputError("persons", f"a multi-person household has 2 or more persons, not {persons}")
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 130:
        raise InputError("age", f"{age!r} is not an age in years")
    income = _amount("income", income)
    rent = _amount("rent", rent)
    assets = None if assets is None else _amount("assets", assets)
    service_costs = [_amount("service_costs", item) for item in service_costs]

    calc = _Calculation(p, year, household, persons, age, income, assets, rent, service_costs)
    return calc.run()


@dataclass
class _Calculation:
    p: _Parameters
    year: int
    household: str
    persons: int
    age: int
    income: Decimal
    assets: Decimal | None
    rent: Decimal
    service_costs: list[Decimal]
    steps: list[Step] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def step(self, name: str, value: Decimal, explanation: str) -> Decimal:
        self.steps.append(Step(name, value, explanation))
        return value

    def hh(self, name: str) -> Decimal:
        return self.p(f"{self.household}.{name}")

    def run(self) -> Result:
        rekenhuur = self.rekenhuur_2025() if self.p.method == "normhuur" else self.rekenhuur_2026()
        self.check_person()
        if self.p.method == "normhuur":
            self.check_rent_2025(rekenhuur)
        if self.reasons:
            return self.result(ZERO)
        basishuur = self.basishuur_2025() if self.p.method == "normhuur" else self.basishuur_2026()
        bands = self.bands(rekenhuur, basishuur)
        total = self.phase_out(bands) if self.p.method == "afbouw" else bands
        monthly = round_cents(max(total, ZERO))
        if monthly == 0:
            if bands <= 0:
                why = f"De rekenhuur ({_eur(rekenhuur)}) is niet hoger dan de basishuur ({_eur(basishuur)})."
            elif total <= 0:
                why = "Door de afbouw op het inkomen blijft er geen huurtoeslag over."
            else:
                why = "Er blijft minder dan een halve cent huurtoeslag over."
            self.reasons.append(why)
            return self.result(ZERO)
        self.step("huurtoeslag", monthly, "Huurtoeslag per maand: de som, afgerond op centen.")
        return self.result(monthly)

    def result(self, monthly: Decimal) -> Result:
        if self.reasons:
            self.step("huurtoeslag", ZERO, "Geen huurtoeslag. " + " ".join(self.reasons))
        return Result(
            year=self.year,
            monthly=monthly,
            eligible=not self.reasons,
            reasons=self.reasons,
            steps=self.steps,
            unconfirmed=self.p.unconfirmed,
            notes=self.notes,
        )

    # The rent that counts.

    def rekenhuur_2025(self) -> Decimal:
        most, cap = int(self.p("servicekosten_max_posten")), self.p("servicekosten_max_per_post")
        if len(self.service_costs) > most:
            raise InputError("service_costs", f"{len(self.service_costs)} service-cost items; at most {most} count")
        counted = sum((min(item, cap) for item in self.service_costs), ZERO)
        if self.service_costs:
            capped = [item for item in self.service_costs if item > cap]
            text = f"{len(self.service_costs)} posten servicekosten tellen mee, elk tot {_eur(cap)}."
            if capped:
                text += f" Van {', '.join(_eur(c) for c in capped)} telt {_eur(cap)}."
            self.step("servicekosten", counted, text)
        return self.step(
            "rekenhuur",
            self.rent + counted,
            f"Kale huur {_eur(self.rent)}" + (f" plus servicekosten {_eur(counted)}." if counted else "."),
        )

    def rekenhuur_2026(self) -> Decimal:
        if any(item > 0 for item in self.service_costs):
            self.notes.append("Servicekosten tellen niet meer mee voor de huurtoeslag.")
        youth_age = self.p("jongeren_leeftijd")
        if self.age < youth_age:
            limit = self.p("jongeren_rekengrens")
            text = f"De oudste in het huishouden is jonger dan {youth_age}: de huur telt mee tot {_eur(limit)}."
        else:
            limit = self.p("rekengrens")
            text = f"De huur telt mee tot {_eur(limit)}."
        text = f"Kale huur {_eur(self.rent)}. {text}"
        if self.rent > limit:
            text += " Over het deel erboven is er geen huurtoeslag."
        return self.step("rekenhuur", min(self.rent, limit), text)

    # Who gets nothing.

    def check_person(self) -> None:
        minimum_age = self.p("minimum_leeftijd")
        if self.age < minimum_age:
            self.reasons.append(f"Huurtoeslag is er vanaf {minimum_age} jaar.")
        if self.assets is None:
            self.notes.append("Vermogen niet opgegeven: de vermogensgrens is niet gecontroleerd.")
        else:
            limit = self.hh("vermogensgrens")
            if self.assets > limit:
                self.reasons.append(f"Het vermogen ({_eur(self.assets)}) is hoger dan de grens van {_eur(limit)}.")

    def check_rent_2025(self, rekenhuur: Decimal) -> None:
        if self.age < self.p("jongeren_leeftijd"):
            limit = self.p("jongeren_maximale_huurgrens")
            if rekenhuur > limit:
                self.reasons.append(
                    f"De oudste in het huishouden is jonger dan {self.p('jongeren_leeftijd')}: dan mag de "
                    f"rekenhuur ({_eur(rekenhuur)}) niet hoger zijn dan {_eur(limit)}."
                )
                return
        limit = self.p("maximale_huurgrens")
        if rekenhuur > limit:
            self.reasons.append(f"De rekenhuur ({_eur(rekenhuur)}) is hoger dan de huurgrens van {_eur(limit)}.")

    # The own contribution.

    def basishuur_2025(self) -> Decimal:
        if self.age >= self.p.peek("pensioen_leeftijd"):
            self.p("pensioen_leeftijd")  # the caveat rests on it
            self.notes.append(
                "Voor huishoudens met AOW-leeftijd gelden in 2025 eigen bedragen. Deze schatting "
                "gebruikt de bedragen voor huishoudens zonder AOW-leeftijd."
            )
        point, minimum = self.hh("minimum_inkomensijkpunt"), self.hh("minimum_basishuur")
        if self.income <= point:
            return self.step(
                "basishuur",
                minimum,
                f"Het inkomen ({_eur(self.income)}) is niet hoger dan {_eur(point)}: "
                f"de basishuur is het minimum, {_eur(minimum)}.",
            )
        y = self.income
        normhuur = self.step(
            "normhuur",
            self.hh("a") * y * y + self.hh("b") * y,
            f"Berekend uit het inkomen van {_eur(y)} per jaar (a·inkomen² + b·inkomen).",
        )
        taak = self.p("taakstellingsbedrag")
        return self.step(
            "basishuur",
            max(normhuur + taak, minimum),
            f"Normhuur plus het taakstellingsbedrag ({_eur(taak)}); nooit lager dan {_eur(minimum)}. "
            f"Dit deel van de huur betaalt u zelf.",
        )

    def basishuur_2026(self) -> Decimal:
        value = self.hh("basishuur")
        return self.step("basishuur", value, f"Een vast bedrag in {self.year}. Dit deel van de huur betaalt u zelf.")

    # The bands.

    def bands(self, rekenhuur: Decimal, basishuur: Decimal) -> Decimal:
        kkg = self.p("kwaliteitskortingsgrens")
        aftop = self.p("aftoppingsgrens_laag" if self.persons <= 2 else "aftoppingsgrens_hoog")
        who = "1 of 2 personen" if self.persons <= 2 else "3 of meer personen"
        band_1 = max(min(kkg, rekenhuur) - basishuur, ZERO)
        self.step(
            "band_1",
            band_1,
            f"100 % van de huur boven de basishuur, tot de kwaliteitskortingsgrens van {_eur(kkg)}.",
        )
        lower = max(kkg, basishuur)
        band_2 = max(min(rekenhuur, aftop) - lower, ZERO) * 65 / PERCENT
        self.step(
            "band_2",
            band_2,
            f"65 % van de huur tussen {_eur(lower)} en de aftoppingsgrens voor {who}, {_eur(aftop)}.",
        )
        lower = max(aftop, basishuur)
        band_3 = max(rekenhuur - lower, ZERO) * 40 / PERCENT
        self.step("band_3", band_3, f"40 % van de huur boven {_eur(lower)}.")
        return band_1 + band_2 + band_3

    def phase_out(self, total: Decimal) -> Decimal:
        threshold, percent = self.hh("afbouwgrens"), self.hh("afbouwpercentage")
        above = max(self.income - threshold, ZERO)
        reduction = above * percent / PERCENT / 12
        if above:
            text = (
                f"Het inkomen is {_eur(above)} hoger dan {_eur(threshold)} per jaar. "
                f"De huurtoeslag gaat omlaag met {percent} % daarvan, gedeeld door 12."
            )
        else:
            text = f"Het inkomen is niet hoger dan {_eur(threshold)} per jaar: de huurtoeslag gaat niet omlaag."
        self.step("afbouw", reduction, text)
        return total - reduction
