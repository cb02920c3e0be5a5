"""The yearly rent increase (toolkit 1.7, 1.8, 1.10): propose, approve, apply.

`propose(year, effective, policy)` makes one RentIncreaseProposal per active tenancy, each saying
why (the rule and the facts). `decide` is the rule itself, without the database. Guardrails,
whatever the policy says:
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

`apply(year)` writes, for every approved proposal, the new rent from the effective date (a
RentComponent with what the tenant pays) and queues a `rent_increase` letter; applying twice adds
nothing (the proposal moves from approved to applied by a conditional update).
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_FLOOR, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur, from_cents, to_cents
from huurpad.messaging import compose
from huurpad.messaging.models import Sender
from huurpad.tenancies.models import Household, Municipality, RentComponent, Tenancy

from . import limits as limits_module
from .limits import Limits
from .models import HomeFacts, RentIncreaseProposal, RentPolicy, RentYearFacts

P = RentIncreaseProposal
S = P.Status
LETTER = "rent_increase"
LEGAL_DISCOUNT_YEARS = 3  # Wet tijdelijke huurkorting: a temporary discount lasts 1 month to 3 years
NOTICE_MONTHS = 2  # art. 7:252 BW: the proposal reaches the tenant at least two months before


class RentRunError(ValueError):
    """The run cannot be made (in Dutch): a policy above the legal maximum, limits missing."""


# --- the rule, without the database ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Rules:
    """The corporation's rules of one year (from RentPolicy)."""

    percent: Decimal
    labels: frozenset[str] = frozenset({"E", "F", "G"})
    low_income_on_request: bool = True
    tax_remission: bool = True
    household_kinds: frozenset[str] = frozenset()
    refs: frozenset[str] = frozenset()
    discount_low_income: bool = False
    discount_months: int = 12
    max_step_cents: int | None = None

    @classmethod
    def of(cls, policy: RentPolicy) -> "Rules":
        return cls(
            percent=policy.percent,
            labels=frozenset(policy.labels),
            low_income_on_request=policy.exempt_low_income_on_request,
            tax_remission=policy.exempt_tax_remission,
            household_kinds=frozenset(policy.household_kinds),
            refs=frozenset(policy.refs),
            discount_low_income=policy.discount_low_income,
            discount_months=policy.discount_months,
            max_step_cents=policy.max_step_cents,
        )


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What the run knows about one tenancy on the effective date."""

    ref: str
    start_date: date
    persons: int
    household_kind: str = ""
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


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


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
            status=S.SKIPPED,
            new_rent_cents=old,
            pay_cents=min(paid, old),
            reasons=[
                f"Kale huur {eur(old)} is hoger dan de liberalisatiegrens {eur(lib)}: geen sociale huur, niet in deze ronde."
            ],
        )
    if t.start_date > add_months(effective, -12):
        return Outcome(
            status=S.SKIPPED,
            new_rent_cents=old,
            pay_cents=min(paid, old),
            reasons=[
                f"Contract begon op {date_nl(t.start_date)}: de huur mag maar eens in de 12 maanden omhoog, niet in deze ronde."
            ],
        )
    if t.raised_on:
        return Outcome(
            status=S.SKIPPED,
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
                P.Exemption.LABEL,
                f"Energielabel {label}: geen verhoging (regel: labels {', '.join(sorted(rules.labels))}).",
                f"Uw woning heeft energielabel {label}. Bij dat label verhogen we de huur niet.",
            )
        )
    if rules.tax_remission and t.tax_remission:
        exemptions.append(
            (
                P.Exemption.TAX_REMISSION,
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
                    P.Exemption.LOW_INCOME,
                    f"Laag inkomen ({income_text}, grens {fmt_eur(income_limit)}) en huur {eur(old)} boven de "
                    f"aftoppingsgrens {eur(capping)}, op verzoek: geen verhoging.",
                    "U hebt een laag inkomen en uw huur is hoger dan de aftoppingsgrens. U vroeg ons de huur niet te verhogen. Dat doen we.",
                )
            )
    if t.household_kind and t.household_kind in rules.household_kinds:
        kind = dict(Household.Kind.choices).get(t.household_kind, t.household_kind).lower()
        exemptions.append(
            (
                P.Exemption.GROUP,
                f"Soort huishouden '{kind}': geen verhoging (extra groep).",
                "Voor uw soort huishouden verhogen we de huur dit jaar niet.",
            )
        )
    if t.ref in rules.refs:
        exemptions.append(
            (
                P.Exemption.GROUP,
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
            target, kind = capping, P.DiscountKind.LOW_INCOME
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
                kind = kind or P.DiscountKind.PHASING
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
        kind = P.DiscountKind.PHASING if t.phases_done or t.renovation else P.DiscountKind.LOW_INCOME
        until = t.discount_until
    if kind == P.DiscountKind.PHASING:
        until = None  # a step of huurgewenning lasts until the next step, in next year's round
    if pay < new and discount_ends < effective and not limit_noted:
        reasons.append(
            f"Er loopt al {years_used} jaar korting. Na {LEGAL_DISCOUNT_YEARS} jaar wordt een tijdelijke korting een "
            f"blijvende huurverlaging (Wet tijdelijke huurkorting): beslis zelf."
        )
    return Outcome(
        status=S.PROPOSED,
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


# --- the run -----------------------------------------------------------------------------------


@dataclass
class RunResult:
    year: int
    made: int = 0  # new or brought up to date
    kept: int = 0  # already decided (approved, rejected, applied): left as they are
    warnings: list[str] = field(default_factory=list)


def _active(on: date):
    return Tenancy.objects.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


def _facts(on: date, year: int) -> dict[int, Facts]:
    """The facts of every active tenancy on `on`, read in a few queries."""
    tenancies = list(_active(on).select_related("household").order_by("id"))
    ids = [t.id for t in tenancies]
    rents: dict[int, list[tuple[date, int, int]]] = {}
    for tenancy_id, valid_from, rent, service in (
        RentComponent.objects.filter(tenancy_id__in=ids, valid_from__lte=on)
        .order_by("tenancy_id", "valid_from")
        .values_list("tenancy_id", "valid_from", "rent_cents", "service_costs_cents")
    ):
        rents.setdefault(tenancy_id, []).append((valid_from, rent, service))
    year_facts = {f.tenancy_id: f for f in RentYearFacts.objects.filter(tenancy_id__in=ids, year=year)}
    homes = {h.tenancy_id: h for h in HomeFacts.objects.filter(tenancy_id__in=ids)}
    earlier: dict[int, list[RentIncreaseProposal]] = {}
    for p in P.objects.filter(tenancy_id__in=ids, year__lt=year, status=S.APPLIED).order_by("tenancy_id", "-year"):
        earlier.setdefault(p.tenancy_id, []).append(p)
    found = {}
    for tenancy in tenancies:
        history = rents.get(tenancy.id)
        if not history:
            continue  # no rent in force: nothing to raise
        in_force = history[-1]
        before = next((r for r in reversed(history) if r[0] < on), in_force)
        rent, paid = in_force[1], before[1]
        applied = earlier.get(tenancy.id, [])
        last = applied[0] if applied else None
        home = homes.get(tenancy.id)
        renovation = False
        until = None
        if last and last.discount_cents > 0 and (last.discount_until is None or last.discount_until >= on):
            rent, until = (
                last.new_rent_cents,
                last.discount_until,
            )  # the discount still runs on the day: the rent is the proposal's
        elif (
            home
            and home.agreed_rent_cents
            and home.agreed_on <= on
            and (last is None or last.effective < home.agreed_on)
        ):
            rent, renovation = home.agreed_rent_cents, home.agreed_rent_cents > paid
        # A discount without a break: the applied proposals of the years just before, each with one.
        since, phases_done, expect = None, 0, year - 1
        for p in applied:
            if p.year != expect or p.discount_cents <= 0:
                break
            since, expect = p.effective, expect - 1
            phases_done += p.phase is not None
        if renovation:
            since, phases_done = home.agreed_on, 0
        # A rise in the 12 months before that this run did not write (the ERP's, say): not again now.
        ours = {
            d for p in applied for d in (p.effective, p.discount_until and p.discount_until + timedelta(days=1)) if d
        }
        raised_on = next(
            (
                row[0]
                for prev, row in reversed(list(zip(history, history[1:])))
                if row[0] > add_months(on, -12) and row[1] > prev[1] and row[0] not in ours
            ),
            None,
        )
        facts = year_facts.get(tenancy.id)
        found[tenancy.id] = Facts(
            ref=tenancy.ref,
            start_date=tenancy.start_date,
            persons=tenancy.household.size,
            household_kind=tenancy.household.kind,
            energy_label=tenancy.energy_label,
            rent_cents=rent,
            paid_cents=min(paid, rent),
            service_costs_cents=in_force[2],
            income=facts.income if facts else None,
            request=bool(facts and facts.low_income_request),
            tax_remission=bool(facts and facts.tax_remission),
            renovation=renovation,
            discount_since=since,
            discount_until=until,
            phases_done=phases_done,
            raised_on=raised_on,
        )
    return found


def policy_for(year: int) -> RentPolicy:
    policy = RentPolicy.objects.filter(year=year).first()
    if policy is None:
        raise RentRunError(f"Er is nog geen huurbeleid voor {year}. Stel het eerst in (percentage en regels).")
    return policy


def propose(year: int, effective: date, policy: RentPolicy) -> RunResult:
    """One proposal per active tenancy on `effective`. Proposals not yet decided are brought up to
    date (a run again after new facts); decided ones are left as they are."""
    if policy.year != year or effective.year != year:
        raise RentRunError(f"Het huurbeleid en de ingangsdatum horen bij {year}.")
    try:
        lim = limits_module.for_year(year)
    except limits_module.LimitsMissing as exc:
        raise RentRunError(str(exc)) from None
    rules = Rules.of(policy)
    if rules.percent > lim.max_increase_percent:
        raise RentRunError(
            f"Het huurbeleid vraagt {pct(rules.percent)} %: meer dan het wettelijke maximum van "
            f"{pct(lim.max_increase_percent)} % in {year}. Pas het beleid aan."
        )
    result = RunResult(year=year, warnings=list(lim.unconfirmed))
    with transaction.atomic():
        existing = {p.tenancy_id: p for p in P.objects.select_for_update().filter(year=year)}
        new, changed, values = [], [], {}
        for tenancy_id, facts in _facts(effective, year).items():
            current = existing.get(tenancy_id)
            if current is not None and current.status not in (S.PROPOSED, S.SKIPPED):
                result.kept += 1
                continue
            outcome = decide(facts, rules, lim, effective)
            values = {
                "effective": effective,
                "status": outcome.status,
                "old_rent_cents": facts.rent_cents,
                "new_rent_cents": outcome.new_rent_cents,
                "percent": outcome.percent,
                "paid_before_cents": facts.paid_cents,
                "pay_cents": outcome.pay_cents,
                "service_costs_cents": facts.service_costs_cents,
                "exemption": outcome.exemption,
                "discount_kind": outcome.discount_kind,
                "discount_cents": outcome.discount_cents,
                "discount_until": outcome.discount_until,
                "phase": outcome.phase,
                "phases": outcome.phases,
                "reasons": outcome.reasons,
                "why": " ".join(outcome.why),
            }
            if current is None:
                new.append(P(tenancy_id=tenancy_id, year=year, **values))
            else:
                for name, value in values.items():
                    setattr(current, name, value)
                current.updated_at = timezone.now()  # bulk_update leaves auto_now alone
                changed.append(current)
        P.objects.bulk_create(new, batch_size=1000)
        if changed:
            P.objects.bulk_update(changed, [*values, "updated_at"], batch_size=1000)
        result.made = len(new) + len(changed)
    return result


# --- the team leader's decision ----------------------------------------------------------------


def approve(proposals, *, by) -> int:
    """Approve proposals not yet applied (a queryset); returns how many. Two clicks cannot both win."""
    return proposals.filter(status__in=[S.PROPOSED, S.REJECTED]).update(
        status=S.APPROVED, decided_by=by, decided_at=timezone.now()
    )


def reject(proposals, *, by) -> int:
    return proposals.filter(status__in=[S.PROPOSED, S.APPROVED]).update(
        status=S.REJECTED, decided_by=by, decided_at=timezone.now()
    )


# --- applying ----------------------------------------------------------------------------------


@dataclass
class ApplyResult:
    year: int
    applied: int = 0
    letters: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def letter_facts(proposal: RentIncreaseProposal, help_text: str = "") -> dict:
    """The facts of the `rent_increase` letter (messaging/texts.py)."""
    discount = proposal.discount if proposal.discount_cents > 0 else None
    return {
        "ref": proposal.tenancy.ref,
        "old_rent": proposal.old_rent,
        "paid_now": proposal.paid_before if proposal.paid_before_cents < proposal.old_rent_cents else None,
        "new_rent": proposal.new_rent,
        "effective": proposal.effective,
        "raised": proposal.new_rent_cents > proposal.old_rent_cents,
        "why": proposal.why or "Dit hebben we zo besloten.",
        "discount": discount,
        "discount_until": proposal.discount_until if discount else None,
        "pay": proposal.pay,
        "phase": f"{proposal.phase} van {proposal.phases}" if proposal.phase and discount else "",
        "help": help_text,
    }


def apply(year: int, *, by=None, day: date | None = None) -> ApplyResult:
    """The approved proposals of `year`: the new rent from the effective date and the letter.
    Each proposal in its own transaction; one that cannot be applied stays approved, with the reason."""
    day = day or timezone.localdate()
    result = ApplyResult(year=year)
    try:
        Sender.current()
    except Sender.DoesNotExist as exc:
        result.problems.append(f"Geen brieven mogelijk: {exc}")
        return result
    waiting = _approved(year)
    late = [p for p in waiting if day > add_months(p.effective, -NOTICE_MONTHS)]
    if late:
        result.warnings.append(
            f"{len(late)} brieven gaan later dan twee maanden voor de ingangsdatum: de huurder moet het "
            f"voorstel uiterlijk twee maanden vooraf hebben (art. 7:252 BW)."
        )
    help_by_code = dict(Municipality.objects.values_list("code", "debt_help"))
    for proposal in waiting:
        tenancy = proposal.tenancy
        later = (
            RentComponent.objects.filter(tenancy=tenancy, valid_from__gt=proposal.effective)
            .order_by("valid_from")
            .first()
        )
        if later is not None:
            result.problems.append(
                f"{tenancy.ref}: er staat al een huur klaar vanaf {date_nl(later.valid_from)}; niet doorgevoerd."
            )
            continue
        try:
            with transaction.atomic():
                if not P.objects.filter(pk=proposal.pk, status=S.APPROVED).update(
                    status=S.APPLIED, applied_at=timezone.now()
                ):
                    continue  # someone else applied it meanwhile
                _write_rent(proposal)
                letter = compose.queue_letter(
                    tenancy,
                    LETTER,
                    by=by,
                    day=day,
                    **letter_facts(proposal, help_by_code.get(tenancy.municipality_code, "")),
                )
                P.objects.filter(pk=proposal.pk).update(letter=letter)
        except ValueError as exc:  # the letter cannot be written (an address, a fact): nothing of it stays
            result.problems.append(f"{tenancy.ref}: {exc}; niet doorgevoerd.")
            continue
        result.applied += 1
        result.letters += 1
    return result


def _approved(year: int) -> list[RentIncreaseProposal]:
    """What waits to be applied, as read now: another apply may take some before this one does."""
    return list(P.objects.filter(year=year, status=S.APPROVED).select_related("tenancy__tenant").order_by("id"))


def _write_rent(proposal: RentIncreaseProposal) -> None:
    """What the tenant pays from the effective date; with a discount that ends, the full rent from
    the day after. A row on the same day (a discount of last year that ends then) is replaced."""
    RentComponent.objects.update_or_create(
        tenancy_id=proposal.tenancy_id,
        valid_from=proposal.effective,
        defaults={"rent_cents": proposal.pay_cents, "service_costs_cents": proposal.service_costs_cents},
    )
    if proposal.discount_cents > 0 and proposal.discount_until is not None:
        RentComponent.objects.update_or_create(
            tenancy_id=proposal.tenancy_id,
            valid_from=proposal.discount_until + timedelta(days=1),
            defaults={"rent_cents": proposal.new_rent_cents, "service_costs_cents": proposal.service_costs_cents},
        )


# --- figures -----------------------------------------------------------------------------------


def summary(year: int) -> dict:
    """Counts for the page and the command."""
    rows = list(
        P.objects.filter(year=year).values_list(
            "status", "exemption", "discount_kind", "phase", "old_rent_cents", "new_rent_cents"
        )
    )
    counted = [r for r in rows if r[0] != S.SKIPPED]
    old_total = sum(r[4] for r in counted)
    new_total = sum(r[5] for r in counted)
    by_exemption: dict[str, int] = {}
    for r in counted:
        if r[1]:
            by_exemption[r[1]] = by_exemption.get(r[1], 0) + 1
    return {
        "total": len(rows),
        "by_status": {status: sum(1 for r in rows if r[0] == status) for status in S.values},
        "raised": sum(1 for r in counted if r[5] > r[4]),
        "exempt": sum(by_exemption.values()),
        "by_exemption": by_exemption,
        "discounted": sum(1 for r in counted if r[2] == P.DiscountKind.LOW_INCOME),
        "phased": sum(1 for r in counted if r[3] is not None),
        "skipped": sum(1 for r in rows if r[0] == S.SKIPPED),
        # The average increase over all social tenancies in the round (the sum agreed nationally
        # is for all the corporation's homes, so this is an indication only).
        "average_percent": (
            (Decimal(new_total - old_total) * 100 / old_total).quantize(Decimal("0.01"))
            if old_total
            else Decimal("0.00")
        ),
    }
