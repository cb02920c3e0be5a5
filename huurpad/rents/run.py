"""The yearly rent increase (toolkit 1.7, 1.8, 1.10): propose, approve, apply.

`propose(year, effective, policy)` reads the facts of every active tenancy and makes one
RentIncreaseProposal each, saying why; the rule itself, with its guardrails, is
huurpad/core/calc/rent_increase.py (`decide`), without the database.

`apply(year)` writes, for every approved proposal, the new rent from the effective date (a
RentComponent with what the tenant pays) and queues a `rent_increase` letter; applying twice adds
nothing (the proposal moves from approved to applied by a conditional update).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from huurpad.core.calc import rent_limits
from huurpad.core.calc.rent_increase import Facts, RentRunError, decide, pct
from huurpad.core.calendar import add_months
from huurpad.core.dutch import date_nl
from huurpad.messaging import compose
from huurpad.messaging.models import Sender
from huurpad.tenancies.models import Household, Municipality, RentComponent, Tenancy

from .models import HomeFacts, RentIncreaseProposal, RentPolicy, RentYearFacts

P = RentIncreaseProposal
S = P.Status
LETTER = "rent_increase"
NOTICE_MONTHS = 2  # art. 7:252 BW: the proposal reaches the tenant at least two months before


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
    kind_names = dict(Household.Kind.choices)  # for the reasons: the kind in words
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
            household_name=kind_names.get(tenancy.household.kind, tenancy.household.kind),
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
        lim = rent_limits.for_year(year)
    except rent_limits.LimitsMissing as exc:
        raise RentRunError(str(exc)) from None
    rules = policy.to_core()
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


def approve(proposals, *, acting_user) -> int:
    """Approve proposals not yet applied (a queryset); returns how many. Two clicks cannot both win."""
    return proposals.filter(status__in=[S.PROPOSED, S.REJECTED]).update(
        status=S.APPROVED, decided_by=acting_user, decided_at=timezone.now()
    )


def reject(proposals, *, acting_user) -> int:
    return proposals.filter(status__in=[S.PROPOSED, S.APPROVED]).update(
        status=S.REJECTED, decided_by=acting_user, decided_at=timezone.now()
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


def apply(year: int, *, acting_user=None, day: date | None = None) -> ApplyResult:
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
                    acting_user=acting_user,
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
