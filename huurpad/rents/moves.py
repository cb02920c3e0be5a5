"""Move candidates (toolkit 1.9): households that could live cheaper, or in a home that fits.

Two reasons, each stated with its facts:
- too expensive: the bare rent is above the household's aftoppingsgrens while the household is
  eligible for huurtoeslag (the Zwolle example in the toolkit). Eligibility comes from
  `huurpad.core.calc.huurtoeslag.calculate` with the household's income of the year; when that
  cannot be used (the tenant's age or the year's parameters unknown) a simple check stands in, and
  says so: income at or under the passend-toewijzen limit (the same limits the rent run uses).
- too large: the home has at least SPARE_ROOMS rooms more than the household needs, counting one
  living room and one room per person (HomeFacts.rooms; not checked when unknown). The floor area is
  shown but not judged: without the home's type, m² per person says little.
Nothing here is decided for the household: the list is a start for a conversation (woonconsulent).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from huurpad.core.calc import rent_limits
from huurpad.core.money import fmt_eur, from_cents
from huurpad.tenancies.models import RentComponent, Tenancy

from .models import HomeFacts, RentYearFacts

SPARE_ROOMS = 2  # e.g. one person in a 4-room home, two in a 5-room home


@dataclass
class Candidate:
    tenancy: Tenancy
    persons: int
    rent: Decimal
    rooms: int | None
    floor_area: int | None
    income: int | None
    too_expensive: bool = False
    too_large: bool = False
    reasons: list[str] = field(default_factory=list)


@dataclass
class MoveList:
    on: date
    year: int  # the year of the limits used
    candidates: list[Candidate]
    notes: list[str]  # what the list rests on (Dutch)


def _limits(on: date) -> tuple[rent_limits.Limits | None, list[str]]:
    for year in sorted((y for y in rent_limits.known_years() if y <= on.year), reverse=True):
        try:
            found = rent_limits.for_year(year)
        except rent_limits.LimitsMissing:
            continue
        notes = (
            []
            if year == on.year
            else [f"Voor {on.year} zijn de grenzen niet bekend: de lijst gebruikt die van {year}."]
        )
        return found, notes + found.unconfirmed
    return None, ["Er zijn geen aftoppingsgrenzen bekend: alleen de grootte van de woning telt."]


def _age(birth_date: date | None, on: date) -> int | None:
    if birth_date is None:
        return None
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def eligible_for_huurtoeslag(
    year: int, *, persons: int, age: int | None, income: int, rent: Decimal, lim: rent_limits.Limits
) -> tuple[bool, str]:
    """(eligible, how it was decided, in Dutch)."""
    try:
        from huurpad.core.calc import huurtoeslag
    except ImportError:
        huurtoeslag = None
    if huurtoeslag is not None and age is not None:
        try:
            result = huurtoeslag.calculate(
                year,
                household="single" if persons == 1 else "multi",
                persons=persons,
                age=age,
                income=Decimal(income),
                rent=rent,
            )
        except huurtoeslag.InputError:
            pass
        else:
            if result.eligible and result.monthly > 0:
                return True, f"recht op huurtoeslag, geschat {fmt_eur(result.monthly)} per maand"
            return False, "geen recht op huurtoeslag"
    limit = lim.income_limit_for(persons)
    why = "leeftijd onbekend" if age is None else "huurtoeslag niet te berekenen"
    if income <= limit:
        return True, f"waarschijnlijk recht op huurtoeslag (eenvoudige toets, {why}: inkomen onder {fmt_eur(limit)})"
    return False, "inkomen boven de grens"


def candidates(on: date) -> MoveList:
    """The households to talk to on `on`. Every tenancy in force is judged from plain rows; only the
    candidates are read as Tenancy objects (a few hundred of 2,000 homes), which keeps the page fast."""
    lim, notes = _limits(on)
    tenancies = list(
        Tenancy.objects.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("ref")
        .values_list("id", "household__size", "tenant__birth_date")
    )
    ids = [tenancy_id for tenancy_id, _, _ in tenancies]
    rents = {}
    for tenancy_id, rent in (
        RentComponent.objects.filter(tenancy_id__in=ids, valid_from__lte=on)
        .order_by("tenancy_id", "valid_from")
        .values_list("tenancy_id", "rent_cents")
    ):
        rents[tenancy_id] = rent  # the last one is the one in force
    incomes = {}
    for tenancy_id, income in (
        RentYearFacts.objects.filter(tenancy_id__in=ids, year__lte=on.year, income__isnull=False)
        .order_by("tenancy_id", "year")
        .values_list("tenancy_id", "income")
    ):
        incomes[tenancy_id] = income  # the latest year known
    homes = {
        tenancy_id: (rooms, floor_area)
        for tenancy_id, rooms, floor_area in HomeFacts.objects.filter(tenancy_id__in=ids).values_list(
            "tenancy_id", "rooms", "floor_area"
        )
    }
    found = []
    for tenancy_id, persons, birth_date in tenancies:
        if tenancy_id not in rents:
            continue
        rent = from_cents(rents[tenancy_id])
        rooms, floor_area = homes.get(tenancy_id, (None, None))
        c = Candidate(
            tenancy=tenancy_id,  # the Tenancy itself is read below, for the candidates only
            persons=persons,
            rent=rent,
            rooms=rooms,
            floor_area=floor_area,
            income=incomes.get(tenancy_id),
        )
        if lim is not None and c.income is not None:
            capping = lim.capping_for(persons)
            if rent > capping:
                eligible, how = eligible_for_huurtoeslag(
                    lim.year,
                    persons=persons,
                    age=_age(birth_date, on),
                    income=c.income,
                    rent=rent,
                    lim=lim,
                )
                if eligible:
                    c.too_expensive = True
                    c.reasons.append(
                        f"Te duur: kale huur {fmt_eur(rent)} is hoger dan de aftoppingsgrens {fmt_eur(capping)} "
                        f"voor {persons} {'persoon' if persons == 1 else 'personen'}, en het huishouden heeft {how} "
                        f"(inkomen {fmt_eur(Decimal(c.income))} per jaar)."
                    )
        if c.rooms is not None and c.rooms - 1 - persons >= SPARE_ROOMS:
            c.too_large = True
            c.reasons.append(
                f"Te groot: {c.rooms} kamers voor {persons} {'persoon' if persons == 1 else 'personen'} "
                f"({c.rooms - 1 - persons} kamers meer dan nodig)."
            )
        if c.reasons:
            found.append(c)
    by_id = Tenancy.objects.in_bulk([c.tenancy for c in found])
    for c in found:
        c.tenancy = by_id[c.tenancy]
    return MoveList(on=on, year=lim.year if lim else on.year, candidates=found, notes=notes)
