"""The affordability check (toolkit 1.2, 'advies over betaalbare huurprijs'): can this household pay
this home? Housing costs (rent, service costs, energy) minus the estimated huurtoeslag, held against
the room for housing by the Nibud method (FACTS.md §7): a minimum budget excluding housing costs, and
of income above the minimum, half as extra room for housing. All figures in params/affordability.toml;
which ones are estimates is said in the result, in Dutch for the household."""

from dataclasses import dataclass, field
from decimal import Decimal

from huurpad.core import params
from huurpad.core.money import ZERO, fmt_eur, round_cents

HOUSEHOLDS = ("single", "couple", "single_parent", "family")
BETAALBAAR, KRAP, NIET_BETAALBAAR = "betaalbaar", "krap", "niet betaalbaar"
VERDICTS = (BETAALBAAR, KRAP, NIET_BETAALBAAR)
LABELS = ("A++", "A+", "A", "B", "C", "D", "E", "F", "G")


class AffordabilityError(ValueError):
    """Input the check cannot use (an unknown household type, a negative amount); `field` names the
    argument of `check`."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def table() -> dict:
    return params.load("affordability")


def household_label(household: str) -> str:
    return table()["households"][household]["label"]


def _year_row(rows: dict, year: int) -> tuple[int, dict]:
    """The row for `year`, or the latest earlier year (the earliest if none is earlier)."""
    years = sorted(int(y) for y in rows)
    usable = [y for y in years if y <= year] or years[:1]
    return usable[-1], rows[str(usable[-1])]


def normalise_label(label: str) -> str:
    """'a+++' -> 'A++' (more plusses use the A++ row); '' for no or an unknown label."""
    label = (label or "").strip().upper()
    if label.startswith("A++"):
        return "A++"
    return label if label in LABELS else ""


def energy_estimate(label: str) -> tuple[Decimal, str]:
    """Monthly energy costs of a typical home with this label (an estimate), and the label used."""
    energy = table()["energy"]
    used = normalise_label(label) or energy["unknown"]
    return Decimal(energy[used]), used


@dataclass(frozen=True)
class Minimum:
    """The minimum budget excluding housing costs, and the minimum income it is derived from."""

    year: int  # the year of the figures used
    norm: Decimal  # the bijstand norm: the minimum income
    budget: Decimal  # minimum budget excluding housing costs
    pension_age: bool
    from_nibud: bool  # a corporation's own Nibud figure instead of the derivation
    fallback: bool  # figures of an earlier year than asked


def minimum(year: int, household: str, age: int) -> Minimum:
    if household not in HOUSEHOLDS:
        raise AffordabilityError(
            "household", f"unknown household type {household!r}; use one of {', '.join(HOUSEHOLDS)}"
        )
    data = table()
    row = data["households"][household]
    pension = age >= int(data["pension_age"]["years"])
    key = row["norm_pension_age"] if pension else row["norm"]
    norm_year, norms = _year_row(params.load("protected_income"), year)
    norm = Decimal(norms[key])
    own_year, own = _year_row(data["minimum_budget"], year)
    own_key = f"{household}_pension_age" if pension else household
    if own_key in own:
        return Minimum(own_year, norm, Decimal(own[own_key]), pension, True, own_year < year or norm_year < year)
    share_year, shares = _year_row(data["housing_share"], year)
    budget = norm - Decimal(shares[household])
    return Minimum(min(norm_year, share_year), norm, budget, pension, False, norm_year < year or share_year < year)


@dataclass
class Result:
    year: int
    household: str
    verdict: str
    net_income: Decimal  # per month
    rent: Decimal
    service_costs: Decimal  # per month, all items together
    energy: Decimal
    energy_label: str  # the label whose estimate was used; "" for the household's own figure
    energy_label_assumed: bool  # no (known) label given: the estimate for the usual label
    housing_costs: Decimal  # rent + service costs + energy
    huurtoeslag: Decimal  # estimated, per month
    huurtoeslag_eligible: bool
    net_housing_costs: Decimal  # housing costs − huurtoeslag
    ratio: Decimal | None  # net housing costs ÷ net income (a fraction); None without income
    minimum_income: Decimal  # the bijstand norm
    minimum_budget: Decimal  # excluding housing costs
    room_for_rent: Decimal  # Nibud: room for housing costs (never below 0)
    most_for_rent: Decimal  # income − minimum budget: above it the household falls below the minimum
    left_over: Decimal  # income − net housing costs
    taxable_income: Decimal  # per year, as used for the huurtoeslag
    taxable_income_assumed: bool  # net × 12 because it was not given
    reasons: list[str] = field(default_factory=list)  # Dutch B1, for the household
    estimates: list[str] = field(default_factory=list)  # Dutch B1: which figures are estimates
    unconfirmed: list[str] = field(default_factory=list)  # parameters awaiting an official source
    huurtoeslag_steps: list = field(default_factory=list)


def check(
    year: int,
    *,
    household: str,
    persons: int,
    age: int,
    net_income: Decimal,
    rent: Decimal,
    service_costs: list[Decimal] | tuple = (),
    taxable_income: Decimal | None = None,
    assets: Decimal | None = None,
    energy_label: str = "",
    energy: Decimal | None = None,
) -> Result:
    """Check one home for one household. `net_income` is the household's net income per month
    (without kinderbijslag and kindgebonden budget), `rent` the bare rent (kale huur) per month,
    `service_costs` the monthly service-cost items, `taxable_income` the yearly toetsingsinkomen for
    the huurtoeslag (net × 12 when not given), `assets` the household's assets (None: not known, the
    huurtoeslag's assets limit is not checked), `energy` the household's own monthly estimate (else
    the estimate for `energy_label`). Raises AffordabilityError, or huurtoeslag.InputError, on input
    it cannot use (both are ValueErrors)."""
    from huurpad.core.calc import huurtoeslag  # written alongside; imported when used

    if household not in HOUSEHOLDS:
        raise AffordabilityError(
            "household", f"unknown household type {household!r}; use one of {', '.join(HOUSEHOLDS)}"
        )
    service_costs = [Decimal(s) for s in service_costs]
    given = {
        "net_income": net_income,
        "rent": rent,
        "assets": assets,
        "energy": energy,
        "taxable_income": taxable_income,
    }
    for name, value in list(given.items()) + [("service_costs", item) for item in service_costs]:
        if value is not None and value < 0:
            raise AffordabilityError(name, f"{value} is negative; amounts are 0 or more")
    fewest = {"single": 1, "couple": 2, "single_parent": 2, "family": 3}.get(household, 1)
    if persons < fewest or (household == "single" and persons != 1):
        raise AffordabilityError(
            "persons",
            f"{persons} persons do not fit household type {household!r} (at least {fewest}"
            + (", exactly 1)" if household == "single" else ")"),
        )
    method = table()["method"]
    low = minimum(year, household, age)

    if energy is None:
        energy, used_label = energy_estimate(energy_label)
        assumed_label = not normalise_label(energy_label)
    else:
        used_label, assumed_label = "", False
    service = sum(service_costs, ZERO)
    housing = round_cents(rent + service + energy)

    assumed = taxable_income is None
    if assumed:
        taxable_income = net_income * 12
    benefit_year = huurtoeslag_year(year)
    benefit = huurtoeslag.calculate(
        benefit_year,
        household=table()["households"][household]["huurtoeslag"],
        persons=persons,
        age=age,
        income=taxable_income,
        assets=assets,
        rent=rent,
        service_costs=service_costs,
    )
    toeslag = round_cents(benefit.monthly) if benefit.eligible else ZERO
    net_housing = max(housing - toeslag, ZERO)

    share = Decimal(method["room_share_percent"]) / 100
    most = net_income - low.budget  # all income above the minimum budget
    if net_income > low.norm:
        room = (low.norm - low.budget) + share * (net_income - low.norm)
    else:
        room = most
    room, most = round_cents(room), round_cents(most)
    margin = round_cents(low.budget * Decimal(method["tight_margin_percent"]) / 100)
    left = round_cents(net_income - net_housing)

    if net_housing <= room:
        verdict = BETAALBAAR
    elif net_housing <= most + margin:
        verdict = KRAP
    else:
        verdict = NIET_BETAALBAAR
    ratio = (net_housing / net_income).quantize(Decimal("0.001")) if net_income > 0 else None

    result = Result(
        year=year,
        household=household,
        verdict=verdict,
        net_income=net_income,
        rent=rent,
        service_costs=service,
        energy=energy,
        energy_label=used_label,
        energy_label_assumed=assumed_label,
        housing_costs=housing,
        huurtoeslag=toeslag,
        huurtoeslag_eligible=bool(benefit.eligible) and toeslag > 0,
        net_housing_costs=net_housing,
        ratio=ratio,
        minimum_income=low.norm,
        minimum_budget=low.budget,
        room_for_rent=max(room, ZERO),
        most_for_rent=most,
        left_over=left,
        taxable_income=taxable_income,
        taxable_income_assumed=assumed,
        unconfirmed=list(benefit.unconfirmed),
        huurtoeslag_steps=list(benefit.steps),
    )
    result.reasons = _reasons(result, low, benefit, margin)
    result.estimates = _estimates(result, low, year) + list(benefit.notes)
    if benefit_year != year:
        result.estimates.append(
            f"De regels voor de huurtoeslag van {year} zijn nog niet bekend. We rekenden met die van {benefit_year}."
        )
    return result


def huurtoeslag_year(year: int) -> int:
    """The year of huurtoeslag rules to use: `year`, or the latest earlier year that has them."""
    from huurpad.core.calc import huurtoeslag

    known = huurtoeslag.years()
    return max((y for y in known if y <= year), default=min(known))


def _reasons(r: Result, low: Minimum, benefit, margin: Decimal) -> list[str]:
    method = table()["method"]
    reasons = []
    costs = f"Uw woonlasten zijn {fmt_eur(r.net_housing_costs)} per maand"
    if r.huurtoeslag > 0:
        costs += " (na huurtoeslag)"
    other = f"Voor eten, kleding, verzekeringen en andere vaste uitgaven hebt u minstens {fmt_eur(low.budget)} per maand nodig."
    if r.verdict == BETAALBAAR:
        reasons.append(f"{costs}. Dat past: u hebt ruimte voor woonlasten tot {fmt_eur(r.room_for_rent)} per maand.")
        reasons.append(f"Na uw woonlasten houdt u {fmt_eur(r.left_over)} per maand over. {other}")
    elif r.verdict == KRAP:
        if r.room_for_rent > 0:
            reasons.append(f"{costs}. Dat is meer dan de ruimte voor woonlasten: {fmt_eur(r.room_for_rent)} per maand.")
        else:
            reasons.append(f"{costs}.")
        short = low.budget - r.left_over
        if short > 0:
            reasons.append(
                f"Na uw woonlasten houdt u {fmt_eur(r.left_over)} per maand over. {other} "
                f"U komt {fmt_eur(short)} per maand tekort. Dat is weinig, maar het minimum is een schatting."
            )
        else:
            reasons.append(
                f"Na uw woonlasten houdt u {fmt_eur(r.left_over)} per maand over. {other} "
                "Dat lukt, maar er blijft weinig over voor sparen en onverwachte kosten."
            )
    else:
        if low.budget >= r.net_income:
            reasons.append(
                f"Uw inkomen is {fmt_eur(r.net_income)} per maand. {other} Zonder woonlasten is dat al niet genoeg."
            )
        else:
            reasons.append(
                f"{costs}. Dat is meer dan u kunt betalen: na uw woonlasten houdt u {fmt_eur(r.left_over)} per "
                f"maand over. {other} U komt {fmt_eur(low.budget - r.left_over)} per maand tekort."
            )

    if r.huurtoeslag > 0:
        reasons.append(
            f"U krijgt misschien ongeveer {fmt_eur(r.huurtoeslag)} huurtoeslag per maand. "
            "Dat hebben we van uw woonlasten afgetrokken."
        )
    else:
        why = " ".join(str(reason) for reason in (benefit.reasons or []))
        reasons.append("Wij verwachten geen huurtoeslag." + (f" {why}" if why else ""))

    if r.ratio is not None:
        percent = round(r.ratio * 100)
        rule = method["rule_of_thumb_percent"]
        if percent > int(rule):
            reasons.append(
                f"Uw woonlasten zijn {percent} % van uw inkomen. Veel mensen gebruiken {rule} % als grens. "
                "Dat is alleen een vuistregel: wij kijken naar wat u overhoudt."
            )
        else:
            reasons.append(f"Uw woonlasten zijn {percent} % van uw inkomen.")
    if r.net_income > 0 and r.energy * 100 >= r.net_income * Decimal(method["energy_poverty_percent"]):
        reasons.append(
            f"Uw energiekosten zijn {method['energy_poverty_percent']} % of meer van uw inkomen. "
            "Een energiecoach kan u helpen om te besparen."
        )
    return reasons


def _estimates(r: Result, low: Minimum, year: int) -> list[str]:
    notes = []
    if low.from_nibud:
        notes.append(
            f"Het minimum voor andere uitgaven ({fmt_eur(low.budget)} per maand) komt uit de cijfers van het Nibud."
        )
    else:
        notes.append(
            f"Het minimum voor andere uitgaven ({fmt_eur(low.budget)} per maand) is een schatting: "
            "de bijstandsnorm min een deel voor wonen."
        )
    if r.energy_label_assumed:
        notes.append(
            f"De energiekosten ({fmt_eur(r.energy)} per maand) zijn een schatting. Het energielabel weten we niet. "
            f"We namen label {r.energy_label}: dat hebben veel sociale huurwoningen."
        )
    elif r.energy_label:
        notes.append(
            f"De energiekosten ({fmt_eur(r.energy)} per maand) zijn een schatting voor een gewone woning "
            f"met energielabel {r.energy_label}. Uw echte kosten kunnen hoger of lager zijn."
        )
    else:
        notes.append(f"De energiekosten ({fmt_eur(r.energy)} per maand) hebt u zelf ingevuld.")
    energy = table()["energy"]
    if r.energy_label and energy.get("own"):
        notes.append(f"Deze schatting van de energiekosten maakte de woningcorporatie zelf. Bron: {energy['source']}.")
    notes.append("De huurtoeslag is een schatting. Alleen de Belastingdienst rekent uit hoeveel u echt krijgt.")
    if r.taxable_income_assumed:
        notes.append(
            "Uw inkomen voor de huurtoeslag (het toetsingsinkomen) weten we niet. We rekenden met uw "
            "netto inkomen keer 12. Dat is meestal te laag, dus de echte huurtoeslag is vaak lager."
        )
    if low.fallback:
        notes.append(f"De bijstandsnorm van {year} is nog niet bekend. We rekenden met die van {low.year}.")
    if low.pension_age:
        notes.append("U hebt de AOW-leeftijd. We rekenden met de bijstandsnorm voor mensen met AOW.")
    return notes
