"""The benefits scan (toolkit 1.1, a light Voorzieningenwijzer): money a household may be missing.
Huurtoeslag (estimated with huurtoeslag.calculate), zorgtoeslag (by its income limits; FACTS.md gives
no amounts, so none is shown) and the municipality's own schemes (configured per municipality, passed
in as plain Scheme values). Texts are Dutch B1, for the household."""

from dataclasses import dataclass, field
from decimal import Decimal

from huurpad.core.calc import affordability
from huurpad.core.money import ZERO, fmt_eur, round_cents


@dataclass(frozen=True)
class Scheme:
    """A municipal scheme. The income limit is net income per month: a percentage of the household's
    bijstand norm, or an amount (with both, the lower one counts)."""

    name: str
    description: str = ""
    income_limit_percent: Decimal | None = None
    income_limit_amount: Decimal | None = None
    amount_per_year: Decimal | None = None
    link: str = ""


@dataclass
class Finding:
    kind: str  # "huurtoeslag", "zorgtoeslag" or "gemeente"
    title: str
    text: str
    monthly: Decimal | None = None  # known or estimated amount per month
    yearly: Decimal | None = None  # known or estimated amount per year
    estimate: bool = True
    how: str = ""  # where to ask for it
    link: str = ""

    @property
    def per_year(self) -> Decimal | None:
        if self.yearly is not None:
            return self.yearly
        return None if self.monthly is None else self.monthly * 12


@dataclass
class Scan:
    year: int
    findings: list[Finding] = field(default_factory=list)  # what the household may be missing
    checked: list[str] = field(default_factory=list)  # looked at, does not seem to apply (Dutch B1)
    notes: list[str] = field(default_factory=list)  # what is an estimate, what we did not know
    unconfirmed: list[str] = field(default_factory=list)

    @property
    def total_per_year(self) -> Decimal:
        """The amounts we can put a figure on, together, per year."""
        return sum((f.per_year for f in self.findings if f.per_year is not None), ZERO)

    @property
    def without_amount(self) -> int:
        return sum(1 for f in self.findings if f.per_year is None)


def zorgtoeslag_limit(year: int, partner: bool) -> tuple[Decimal, int]:
    """The zorgtoeslag income limit per year (toetsingsinkomen), and the year of the figure used."""
    used, row = affordability._year_row(affordability.table()["zorgtoeslag"], year)
    return Decimal(row["income_limit_partner" if partner else "income_limit_single"]), used


def _whole(value: Decimal) -> str:
    """'€ 40.857' for a limit in whole euros, '€ 1.642,87' otherwise."""
    text = fmt_eur(value)
    return text[:-3] if text.endswith(",00") else text


def scheme_limit(scheme: Scheme, norm: Decimal) -> Decimal | None:
    limits = []
    if scheme.income_limit_percent is not None:
        limits.append(round_cents(norm * scheme.income_limit_percent / 100))
    if scheme.income_limit_amount is not None:
        limits.append(scheme.income_limit_amount)
    return min(limits) if limits else None


def scan(
    year: int,
    *,
    household: str,
    persons: int,
    age: int,
    net_income: Decimal,
    taxable_income: Decimal | None = None,
    assets: Decimal | None = None,
    rent: Decimal | None = None,
    service_costs: list[Decimal] | tuple = (),
    has_huurtoeslag: bool = False,
    has_zorgtoeslag: bool = False,
    schemes: list[Scheme] | tuple = (),
) -> Scan:
    """What this household may be missing. `net_income` per month (without kinderbijslag and
    kindgebonden budget), `taxable_income` per year (net × 12 when not given), `rent` the bare rent per
    month (no huurtoeslag estimate without it)."""
    from huurpad.core.calc import huurtoeslag  # written alongside; imported when used

    if household not in affordability.HOUSEHOLDS:
        raise affordability.AffordabilityError("household", f"unknown household type {household!r}")
    data = affordability.table()
    row = data["households"][household]
    link = data["links"]["toeslagen"]
    result = Scan(year)
    assumed = taxable_income is None
    if assumed:
        taxable_income = net_income * 12
        result.notes.append(
            "Uw inkomen voor de toeslagen (het toetsingsinkomen) weten we niet. We rekenden met uw netto "
            "inkomen keer 12. Dat is meestal te laag: kijk dus goed na wat de Belastingdienst zegt."
        )

    # Huurtoeslag
    if has_huurtoeslag:
        result.checked.append("Huurtoeslag: u krijgt dit al.")
    elif rent is None or rent <= 0:
        result.checked.append("Huurtoeslag: vul uw kale huur in, dan rekenen we uit of u huurtoeslag kunt krijgen.")
    else:
        benefit_year = affordability.huurtoeslag_year(year)
        if benefit_year != year:
            result.notes.append(
                f"De regels voor de huurtoeslag van {year} zijn nog niet bekend. We rekenden met die van {benefit_year}."
            )
        benefit = huurtoeslag.calculate(
            benefit_year,
            household=row["huurtoeslag"],
            persons=persons,
            age=age,
            income=taxable_income,
            assets=assets,
            rent=rent,
            service_costs=[Decimal(s) for s in service_costs],
        )
        result.unconfirmed.extend(benefit.unconfirmed)
        result.notes.extend(benefit.notes)
        monthly = round_cents(benefit.monthly) if benefit.eligible else ZERO
        if monthly > 0:
            result.findings.append(
                Finding(
                    "huurtoeslag",
                    "Huurtoeslag",
                    f"U kunt misschien ongeveer {fmt_eur(monthly)} huurtoeslag per maand krijgen. Dit is een schatting.",
                    monthly=monthly,
                    how="Vraag huurtoeslag aan bij de Belastingdienst. Dat kan met DigiD.",
                    link=link,
                )
            )
        else:
            why = " ".join(str(reason) for reason in (benefit.reasons or []))
            result.checked.append(
                "Huurtoeslag: wij verwachten dat u geen huurtoeslag krijgt." + (f" {why}" if why else "")
            )

    # Zorgtoeslag: the income limit only (FACTS.md gives no amounts)
    limit, limit_year = zorgtoeslag_limit(year, row["partner"])
    if limit_year < year:
        result.notes.append(
            f"De inkomensgrens voor de zorgtoeslag van {year} is nog niet bekend. We gebruikten die van {limit_year}."
        )
    whose = "Het inkomen van u en uw partner samen" if row["partner"] else "Uw inkomen"
    if has_zorgtoeslag:
        result.checked.append("Zorgtoeslag: u krijgt dit al.")
    elif taxable_income <= limit:
        result.findings.append(
            Finding(
                "zorgtoeslag",
                "Zorgtoeslag",
                f"{whose} is lager dan de grens van {_whole(limit)} per jaar. Dan kunt u waarschijnlijk "
                "zorgtoeslag krijgen. Hoeveel precies, rekent de Belastingdienst uit. Hebt u veel spaargeld? "
                "Dan krijgt u misschien geen zorgtoeslag.",
                how="Vraag zorgtoeslag aan bij de Belastingdienst. Dat kan met DigiD.",
                link=link,
            )
        )
    else:
        result.checked.append(
            f"Zorgtoeslag: {whose[0].lower() + whose[1:]} is hoger dan de grens van {_whole(limit)} per jaar."
        )

    # The municipality's schemes
    low = affordability.minimum(year, household, age)
    for scheme in schemes:
        limit = scheme_limit(scheme, low.norm)
        if limit is not None and net_income > limit:
            result.checked.append(
                f"{scheme.name}: uw inkomen is hoger dan de grens van deze regeling ({fmt_eur(limit)} per maand)."
            )
            continue
        text = scheme.description or "Een regeling van uw gemeente."
        if limit is not None:
            text += f" Voor mensen met een netto inkomen tot {fmt_eur(limit)} per maand."
        result.findings.append(
            Finding(
                "gemeente",
                scheme.name,
                text,
                yearly=scheme.amount_per_year,
                estimate=False,
                how="Vraag het aan bij uw gemeente. De gemeente kijkt ook naar uw spaargeld en andere voorwaarden.",
                link=scheme.link,
            )
        )
    if schemes and low.fallback:
        result.notes.append(f"De bijstandsnorm van {year} is nog niet bekend. We rekenden met die van {low.year}.")
    return result
