"""The yearly rent increase for one tenancy (toolkit 1.7, 1.8, 1.10), without the database:
`decide(facts, rules, limits, effective)` gives the proposal and says why. huurpad/rents/run.py
reads the facts, stores the proposals and applies the approved ones.

Guardrails, whatever the policy says:
- the rent (the contract rent, kale huur) never rises more than the legal maximum of the year and
  a social rent never above the liberalisatiegrens; a policy asking more is refused;
- a rent above the liberalisatiegrens (no social rent) and a tenancy younger than a year (a rent may
  rise once in 12 months) are left out of the round ("niet in deze ronde"), with the reason;
- what the tenant pays is never more than the rent; a discount (Wet tijdelijke huurkorting) is
  given on the tenant's request and lasts three years at most in a row; after that the proposal
  says so and the team leader decides (a longer discount would be a lasting rent cut).

What the tenant pays (`pay`) can differ from the rent:
- exempt (label, tax remission, low income on request, an extra group): the rent stays, and the
  tenant never pays more than now;
- a low income (at or under the passend-toewijzen limit), on request, with a rent above the
  aftoppingsgrens: a temporary discount down to the aftoppingsgrens, until an end date (policy:
  1 to 12 months); from the day after, the full rent (a second RentComponent);
- huurgewenning: when what the tenant pays would rise by more than the policy's step in a year (a
  rent agreed after a renovation, the end of a discount), it rises by the step and the rest is a
  discount. The step grows when needed to reach the full rent within three years.
Why a step in euros and not a percentage: the increase itself is already capped in percent by law;
what hurts a household is the jump in euros at once (after a renovation, or when a discount ends),
so the step caps exactly that, the same for everyone.

The codes of Status, Exemption and DiscountKind are those of RentIncreaseProposal's fields
(huurpad/rents/models.py; a test there holds them together).
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_FLOOR, Decimal
from enum import StrEnum

from huurpad.core.calc.rent_limits import Limits
from huurpad.core.calendar import add_months
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur, from_cents, to_cents

LEGAL_DISCOUNT_YEARS = 3  # Wet tijdelijke huurkorting: a temporary discount lasts 1 month to 3 years


class RentRunError(ValueError):
    """The run cannot be made (in Dutch): a policy above the legal maximum, limits missing."""


class Status(StrEnum):
    PROPOSED = "proposed"
    SKIPPED = "skipped"  # not in this round


class Exemption(StrEnum):
    LABEL = "label"
    TAX_REMISSION = "tax_remission"
    LOW_INCOME = "low_income"
    GROUP = "group"


class DiscountKind(StrEnum):
    LOW_INCOME = "low_income"
    PHASING = "phasing"


@dataclass(frozen=True, kw_only=True)
class Rules:
    """The corporation's rules of one year (RentPolicy.to_core())."""

    percent: Decimal
    labels: frozenset[str] = frozenset({"E", "F", "G"})
    low_income_on_request: bool = True
    tax_remission: bool = True
    household_kinds: frozenset[str] = frozenset()
    refs: frozenset[str] = frozenset()
    discount_low_income: bool = False
    discount_months: int = 12
    max_step_cents: int | None = None


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What the run knows about one tenancy on the effective date."""

    ref: str
    start_date: date
    persons: int
    household_kind: str = ""
    household_name: str = ""  # the kind in words, for the reasons (Household.Kind's label)
    energy_label: str = ""
    rent_cents: int  # the contract rent before the increase
    paid_cents: int  # what the tenant paid the day before (the rent minus a running discount)
    service_costs_cents: int = 0
    income: int | None = None  # household, euros per year
    request: bool = False  # the tenant asked for no increase or a discount
    tax_remission: bool = False
    renovation: bool = False  # the rent is one agreed after a renovation, not yet paid in full
    discount_since: date | None = None  # a discount has run without a break since this day
    discount_until: date | None = None  # the running discount's last day, when it has one
    phases_done: int = 0  # steps of huurgewenning already taken
    raised_on: date | None = None  # the rent went up in the 12 months before, outside this run


@dataclass(kw_only=True)
class Outcome:
    status: str
    new_rent_cents: int
    pay_cents: int
    percent: Decimal = Decimal("0.00")
    exemption: str = ""
    discount_kind: str = ""
    discount_until: date | None = None
    phase: int | None = None
    phases: int | None = None
    reasons: list[str] = field(default_factory=list)  # for the team leader
    why: list[str] = field(default_factory=list)  # for the tenant

    @property
    def discount_cents(self) -> int:
        return self.new_rent_cents - self.pay_cents


def eur(cents: int) -> str:
    return fmt_eur(from_cents(cents))


def pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def full_years(since: date, on: date) -> int:
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def raised(rent_cents: int, percent: Decimal) -> int:
    """The rent raised by `percent`, rounded down to the cent: never a fraction above the maximum."""
    return int((Decimal(rent_cents) * (100 + percent) / 100).to_integral_value(rounding=ROUND_FLOOR))


def decide(t: Facts, rules: Rules, lim: Limits, effective: date) -> Outcome:
    """The proposal for one tenancy. Never raises for an expected situation: it says why."""
    if rules.percent > lim.max_increase_percent:
        raise RentRunError(
            f"Het huurbeleid vraagt {pct(rules.percent)} %: meer dan het wettelijke maximum van "
            f"{pct(lim.max_increase_percent)} % in {lim.year}."
        )
    old, paid = t.rent_cents, t.paid_cents
    lib = to_cents(lim.liberalisation_limit)
    if old > lib:
        return Outcome(
            status=Status.SKIPPED,
            new_rent_cents=old,
            pay_cents=min(paid, old),
            reasons=[
                f"Kale huur {eur(old)} is hoger dan de liberalisatiegrens {eur(lib)}: geen sociale huur, niet in deze ronde."
            ],
        )
    if t.start_date > add_months(effective, -12):
        return Outcome(
            status=Status.SKIPPED,
            new_rent_cents=old,
            pay_cents=min(paid, old),
            reasons=[
                f"Contract begon op {date_nl(t.start_date)}: de huur mag maar eens in de 12 maanden omhoog, niet in deze ronde."
            ],
        )
    if t.raised_on:
        return Outcome(
            status=Status.SKIPPED,
            new_rent_cents=old,
            pay_cents=min(paid, old),
            reasons=[
                f"De huur ging al omhoog op {date_nl(t.raised_on)}: de huur mag maar eens in de 12 maanden omhoog, niet in deze ronde."
            ],
        )

    capping = to_cents(lim.capping_for(t.persons))
    income_limit = lim.income_limit_for(t.persons)
    low_income = t.income is not None and t.income <= income_limit
    income_text = (
        f"inkomen € {t.income:,} per jaar".replace(",", ".") if t.income is not None else "inkomen niet bekend"
    )
    reasons: list[str] = []
    why: list[str] = []

    # 1. Exemptions (toolkit 1.7, 1.10): the rent stays.
    exemptions: list[tuple[str, str, str]] = []
    label = t.energy_label.strip().upper()
    if label and label in rules.labels:
        exemptions.append(
            (
                Exemption.LABEL,
                f"Energielabel {label}: geen verhoging (regel: labels {', '.join(sorted(rules.labels))}).",
                f"Uw woning heeft energielabel {label}. Bij dat label verhogen we de huur niet.",
            )
        )
    if rules.tax_remission and t.tax_remission:
        exemptions.append(
            (
                Exemption.TAX_REMISSION,
                f"Kwijtschelding gemeentelijke belastingen in {lim.year}: geen verhoging.",
                "U krijgt kwijtschelding van de belastingen van de gemeente. Dan verhogen we de huur niet.",
            )
        )
    if rules.low_income_on_request and t.request:
        if t.income is None:
            reasons.append(
                "Vroeg om geen verhoging, maar het inkomen is niet bekend: geen vrijstelling. Vraag een inkomensverklaring."
            )
        elif not low_income:
            reasons.append(
                f"Vroeg om geen verhoging, maar het {income_text} is hoger dan de grens van {fmt_eur(income_limit)}: geen vrijstelling."
            )
        elif old <= capping:
            reasons.append(
                f"Vroeg om geen verhoging, maar de huur {eur(old)} is niet hoger dan de aftoppingsgrens {eur(capping)}: geen vrijstelling."
            )
        else:
            exemptions.append(
                (
                    Exemption.LOW_INCOME,
                    f"Laag inkomen ({income_text}, grens {fmt_eur(income_limit)}) en huur {eur(old)} boven de "
                    f"aftoppingsgrens {eur(capping)}, op verzoek: geen verhoging.",
                    "U hebt een laag inkomen en uw huur is hoger dan de aftoppingsgrens. U vroeg ons de huur niet te verhogen. Dat doen we.",
                )
            )
    if t.household_kind and t.household_kind in rules.household_kinds:
        kind = (t.household_name or t.household_kind).lower()
        exemptions.append(
            (
                Exemption.GROUP,
                f"Soort huishouden '{kind}': geen verhoging (extra groep).",
                "Voor uw soort huishouden verhogen we de huur dit jaar niet.",
            )
        )
    if t.ref in rules.refs:
        exemptions.append(
            (
                Exemption.GROUP,
                "Contract staat op de lijst van extra uitzonderingen: geen verhoging.",
                "We hebben besloten dat uw huur dit jaar niet omhoog gaat.",
            )
        )
    exempt = bool(exemptions)

    # 2. The rent: the same, or raised by the policy's percentage, within the legal limits.
    if exempt:
        new = old
        reasons = [text for _, text, _ in exemptions] + reasons
        why.append(exemptions[0][2])
    else:
        new = min(raised(old, rules.percent), lib)
        reasons.insert(
            0,
            f"Verhoging {pct(rules.percent)} % (wettelijk maximum {pct(lim.max_increase_percent)} %): "
            f"{eur(old)} wordt {eur(new)}.",
        )
        why.append(
            f"Elk jaar bepaalt de regering hoeveel de huur ten hoogste omhoog mag. Dit jaar is dat "
            f"{pct(lim.max_increase_percent)} procent. Wij verhogen de huur met {pct(rules.percent)} procent."
        )
        if new == lib and raised(old, rules.percent) > lib:
            reasons.append(f"Afgetopt op de liberalisatiegrens {eur(lib)}.")
            why.append(f"De huur mag niet hoger worden dan {eur(lib)}. Daarom is de verhoging kleiner.")
    percent = (
        ((Decimal(new - old) * 100) / Decimal(old)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        if old
        else Decimal("0.00")
    )

    # 3. What the tenant pays: a discount to the aftoppingsgrens (1.8), huurgewenning (phasing).
    years_used = full_years(t.discount_since, effective) if t.discount_since else 0
    discount_ends = add_months(t.discount_since or effective, 12 * LEGAL_DISCOUNT_YEARS) - timedelta(days=1)
    target, kind, until, limit_noted = new, "", None, False
    if rules.discount_low_income and t.request and low_income and new > capping:
        if discount_ends < effective:
            reasons.append(
                f"Laag inkomen, maar er loopt al {years_used} jaar korting: een tijdelijke korting duurt ten hoogste "
                f"{LEGAL_DISCOUNT_YEARS} jaar. Langer kan alleen als blijvende huurverlaging: beslis zelf."
            )
            limit_noted = True
        else:
            target, kind = capping, DiscountKind.LOW_INCOME
            until = min(add_months(effective, rules.discount_months) - timedelta(days=1), discount_ends)
            reasons.append(
                f"Laag inkomen ({income_text}, grens {fmt_eur(income_limit)}), op verzoek: korting tot de "
                f"aftoppingsgrens {eur(capping)} tot en met {date_nl(until)}."
            )
            why.append(
                f"U hebt een laag inkomen. Daarom krijgt u korting. U betaalt dan niet meer dan {eur(capping)} kale huur."
            )
    phase = phases = None
    if exempt:
        pay = min(paid, target)  # the rent stays; what the tenant pays never goes up
        if pay < target:
            reasons.append(f"Betaalt {eur(paid)}, zoals nu: de korting van eerder loopt door.")
    else:
        pay = target
        step = rules.max_step_cents
        if step and target - paid > step:
            years_left = LEGAL_DISCOUNT_YEARS - years_used
            if years_left <= 0:
                reasons.append(
                    f"Huurgewenning loopt al {years_used} jaar: langer dan {LEGAL_DISCOUNT_YEARS} jaar mag niet. "
                    f"Wat de huurder betaalt gaat naar de volle huur {eur(target)}: beslis zelf."
                )
                limit_noted = True
            else:
                step = max(step, math.ceil((target - paid) / years_left))
                pay = paid + step
                phase = t.phases_done + 1
                phases = t.phases_done + math.ceil((target - paid) / step)
                kind = kind or DiscountKind.PHASING
                cause = "na renovatie" if t.renovation else "korting loopt af" if paid < old else "grote stijging"
                reasons.append(
                    f"Huurgewenning ({cause}): betaalt {eur(paid)}, nu {eur(pay)} (ten hoogste {eur(step)} erbij), "
                    f"stap {phase} van {phases}."
                )
                why.append(
                    f"Wat u betaalt zou in één keer veel hoger worden. Daarom gaat het in stappen: dit jaar {eur(step)} erbij."
                )
    if pay >= new:
        pay, kind, until = new, "", None
    elif not kind:  # a discount of before goes on (an exempt tenant does not start paying more), until its own end
        kind = DiscountKind.PHASING if t.phases_done or t.renovation else DiscountKind.LOW_INCOME
        until = t.discount_until
    if kind == DiscountKind.PHASING:
        until = None  # a step of huurgewenning lasts until the next step, in next year's round
    if pay < new and discount_ends < effective and not limit_noted:
        reasons.append(
            f"Er loopt al {years_used} jaar korting. Na {LEGAL_DISCOUNT_YEARS} jaar wordt een tijdelijke korting een "
            f"blijvende huurverlaging (Wet tijdelijke huurkorting): beslis zelf."
        )
    return Outcome(
        status=Status.PROPOSED,
        new_rent_cents=new,
        pay_cents=pay,
        percent=percent,
        exemption=exemptions[0][0] if exempt else "",
        discount_kind=kind,
        discount_until=until,
        phase=phase,
        phases=phases,
        reasons=reasons,
        why=why,
    )
