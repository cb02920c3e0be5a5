"""What a tenant sees and does in Mijn Huurpad. Every action goes on the tenancy's timeline with
the tenant's portal user as actor, and whatever needs a person becomes a task on the officers'
'Vandaag' list (role incassomedewerker).

The figures come from the same functions the staff pages use (arrears.one, ledger.open_items),
the collection day from bank.sepa, arrangements from solutions.arrangements, pay links from
messaging.paylinks: the portal adds no rules of its own, only the self-service limits below.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.utils.http import urlencode

from huurpad.bank import sepa
from huurpad.cases import events, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import PolicyVersion
from huurpad.core import calendar, ledger
from huurpad.core.calc import arrangement as sizing
from huurpad.core.dutch import MONTHS, date_nl
from huurpad.core.money import ZERO, fmt, fmt_eur
from huurpad.debthelp.flow import settlement_end
from huurpad.debthelp.models import DebtHelp
from huurpad.messaging import paylinks
from huurpad.solutions import arrangements
from huurpad.solutions.models import Arrangement, Pause
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry, Tenancy

SOURCE = "portaal"  # CaseEvent.source of what the tenant did in the portal
# The least a tenant can pay at once through the portal when paying part of the arrears: below it a
# payment costs more to handle than it brings (the whole amount owed can always be paid, however small).
MIN_PART_PAYMENT = Decimal("5.00")
REQUESTS_PER_DAY = 10  # calls, messages and arrangements asked for in a day: enough for anyone, not a flood
DIRECT_DEBIT = Tenancy.PaymentMethod.DIRECT_DEBIT
CENT = Decimal("0.01")
CHECK_HOUSEHOLDS = ("single", "couple", "single_parent", "family")  # the checks' household types


class Refused(ValueError):
    """The portal cannot do this; the message says why, kindly and in plain Dutch."""


# --- What the tenant sees ----------------------------------------------------------------------


@dataclass
class Help:
    """What runs for a household in debt help or under a pause: the old arrears wait, and what is
    still asked of them is the current rent (toolkit 3.5 and 3.9; the policy's guardrails)."""

    debt_help: DebtHelp | None  # the trajectory with a debt counsellor, while it runs
    pause: Pause | None  # the pause of the collection of the old arrears, while it runs
    settlement_end: date | None
    month: date  # the first day of the current month
    rent_to_pay: Decimal  # what is left to pay of this month's rent and service costs
    old_arrears: Decimal  # the rest of what is owed: it waits for the debt help or the pause

    @property
    def pause_until(self) -> date | None:
        return self.pause.review_date if self.pause is not None else None


# What the household reads about its debt help, per stage of the trajectory; {who} is the counsellor.
HELP_STAGES = {
    DebtHelp.Stage.KENNISGEVING: "{who} helpt u met uw schulden. Zij hebben ons dat laten weten.",
    DebtHelp.Stage.SALDO_GEVRAAGD: "{who} helpt u met uw schulden. Wij hebben hun verteld hoeveel u ons nog moet betalen.",
    DebtHelp.Stage.VOORSTEL: "{who} helpt u met uw schulden. Zij stuurden ons een voorstel om uw schulden te regelen."
    " Wij kijken daar goed naar en geven hun snel antwoord.",
    DebtHelp.Stage.AKKOORD: "{who} helpt u met uw schulden. Wij zijn akkoord met hun voorstel.",
    DebtHelp.Stage.LOPEND: "{who} helpt u met uw schulden. Uw schuldregeling loopt. {who} betaalt ons uw achterstand, voor zover de regeling dat zegt.",
}


def help_of(tenancy: Tenancy, today: date) -> Help | None:
    """The debt help or pause that runs for the tenancy today, with this month's rent still to
    pay; None when neither runs."""
    debt_help = tenancy.debt_help.filter(ended_on__isnull=True).order_by("-started_on").first()
    pause = tenancy.pauses.filter(ended_on__isnull=True, start__lte=today).order_by("-start").first()
    if debt_help is None and pause is None:
        return None
    month = today.replace(day=1)
    entries = [e for e in tenancy.core_entries(today) if e.date >= month]
    charged = sum((e.amount for e in entries if e.kind in (ledger.Kind.RENT, ledger.Kind.SERVICE_COSTS)), ZERO)
    paid = sum((e.amount for e in entries if e.kind in ledger.CREDITS), ZERO) - sum(
        (e.amount for e in entries if e.kind == ledger.Kind.REVERSAL), ZERO
    )
    end = settlement_end(debt_help) if debt_help is not None else None
    rent_to_pay = max(charged - max(paid, ZERO), ZERO)
    old = max(ledger.balance(tenancy.core_entries(today), today) - rent_to_pay, ZERO)
    return Help(debt_help, pause, end, month, rent_to_pay, old)


def help_text(found: Help) -> str:
    """Who helps them and where it stands, in one or two plain sentences."""
    if found.debt_help is not None:
        who = found.debt_help.counsellor
        return HELP_STAGES.get(found.debt_help.stage, "{who} helpt u met uw schulden.").format(who=who)
    if found.pause.reason == Pause.Reason.OFFICER:
        return "Wij hebben met u afgesproken dat u de achterstand nu even niet hoeft te betalen."
    return "U krijgt hulp bij uw schulden. Daarom vragen wij u nu niet om de achterstand te betalen."


@dataclass
class Overview:
    position: ledger.Position
    open_items: list[dict]
    monthly_due: Decimal
    next_due: date
    arrangement: Arrangement | None
    collection_day_change: object  # bank.models.CollectionDayChange | None
    help: Help | None = None  # debt help or a pause: the old arrears wait, the current rent is asked


def overview(tenancy: Tenancy, today: date) -> Overview:
    entries = tenancy.core_entries(today)
    rent = tenancy.rent_on(today)
    monthly_cents = rent.rent_cents + rent.service_costs_cents if rent else 0
    state = arrears.one(tenancy, entries, monthly_cents, list(tenancy.events.values_list("date", "type")), today)
    items = [
        {"item": i, "label": LedgerEntry.KIND_LABELS[i.kind.value], "overdue": i.due_date < today}
        for i in ledger.open_items(entries, on=today)
        if i.open > 0
    ]
    change = pending_collection_day(tenancy)
    return Overview(
        position=state.position,
        open_items=items,
        monthly_due=tenancy.monthly_due_on(today),
        next_due=next_due(tenancy, today, change),
        arrangement=tenancy.arrangements.filter(
            status__in=[Arrangement.Status.RUNNING, Arrangement.Status.AWAITING]
        ).first(),
        collection_day_change=change,
        help=help_of(tenancy, today),
    )


def pending_collection_day(tenancy: Tenancy):
    if tenancy.payment_method != DIRECT_DEBIT:
        return None
    return tenancy.collection_day_changes.filter(applied=False).order_by("-effective_from", "-id").first()


def next_due(tenancy: Tenancy, today: date, change=None) -> date:
    """When the rent is next due (transfer) or collected (direct debit, with a new day once it holds)."""
    day = calendar.next_due_date(today, tenancy.payment_method, tenancy.collection_day)
    if change is not None and change.effective_from <= day.replace(day=1):
        day = calendar.collection_date(day.year, day.month, change.day)
    return day


def checks_query(tenancy: Tenancy, today: date) -> str:
    """The household's figures for the public affordability and benefits checks (/huurcheck/,
    /geldcheck/, huurpad.prevention), in the names of their forms, so the tenant need not look
    them up. The checks only fill in their form from it and store nothing."""
    household = tenancy.household
    query = {"personen": household.size}
    if household.kind in CHECK_HOUSEHOLDS:
        query["huishouden"] = household.kind
    rent = tenancy.rent_on(today)
    if rent:
        query |= {"huur": fmt(rent.rent), "servicekosten": fmt(rent.service_costs)}
    if tenancy.energy_label:
        query["label"] = tenancy.energy_label
    query["gemeente"] = tenancy.municipality_code
    if born := tenancy.tenant.birth_date:
        query["leeftijd"] = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    known = tenancy.rent_year_facts.filter(year__lte=today.year, income__isnull=False).order_by("-year").first()
    if known is not None:  # the household's yearly income as the corporation has it (income statement)
        query["belastbaar"] = known.income
    return urlencode(query)


# --- What the tenant does ----------------------------------------------------------------------


def _note(tenancy: Tenancy, today: date, text: str, *, acting_user) -> None:
    events.note(tenancy, today, text=text, acting_user=acting_user, source=SOURCE).save()


def _check_daily_limit(tenancy: Tenancy, today: date) -> None:
    # Counted on the timeline: a request joins an open task of its kind (cases.tasks.store).
    asked = CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.NOTE, source=SOURCE, date=today)
    if asked.count() >= REQUESTS_PER_DAY:
        raise Refused("U heeft vandaag al veel gevraagd. Wij nemen contact met u op. Heeft u haast? Bel ons dan.")


def part_payment_bounds(owed: Decimal) -> tuple[Decimal, Decimal]:
    """The least and the most a tenant who owes `owed` can pay at once (the least never above the
    most: a small debt is paid whole)."""
    return min(MIN_PART_PAYMENT, owed), owed


def open_pay_link(tenancy: Tenancy, *, acting_user, base_url: str, today: date, amount: Decimal | None = None):
    """A pay link (iDEAL) for the arrears today, or for `amount` of them (part_payment_bounds,
    checked here too); None when nothing is overdue. Raises Refused for an amount out of bounds."""
    now = overview(tenancy, today)
    if now.help is not None:
        # The old arrears wait for the debt help or the pause: only this month's rent is asked.
        return _pay_current_rent(tenancy, now.help, acting_user=acting_user, base_url=base_url, today=today)
    owed = now.position.arrears
    if owed <= 0:
        return None
    least, most = part_payment_bounds(owed)
    if amount is None:
        amount = owed
    elif not least <= amount <= most or amount != amount.quantize(CENT):
        raise Refused(f"Kies een bedrag van {fmt_eur(least)} tot en met {fmt_eur(most)}.")
    part = "" if amount == owed else f" (een deel van de achterstand van {fmt_eur(owed)})"
    with transaction.atomic():
        link = paylinks.open_link(tenancy, amount, base_url=base_url)
        _note(
            tenancy,
            today,
            f"Betaalt via Mijn Huurpad: betaallink geopend voor {fmt_eur(amount)}{part}.",
            acting_user=acting_user,
        )
    return link


def _pay_current_rent(tenancy: Tenancy, found: Help, *, acting_user, base_url: str, today: date):
    if found.rent_to_pay <= 0:
        return None
    with transaction.atomic():
        link = paylinks.open_link(tenancy, found.rent_to_pay, base_url=base_url)
        _note(
            tenancy,
            today,
            f"Betaalt via Mijn Huurpad: betaallink geopend voor {fmt_eur(found.rent_to_pay)},"
            f" de huur van {MONTHS[found.month.month - 1]} (de achterstand wacht op de schuldhulp of de pauze).",
            acting_user=acting_user,
        )
    return link


def change_collection_day(tenancy: Tenancy, day: int, today: date, *, acting_user):
    """The tenant's new collection day (bank.sepa puts it on the timeline, with the tenant as actor)."""
    if tenancy.payment_method != DIRECT_DEBIT:
        raise Refused("U betaalt de huur niet met automatische incasso. Daarom kunt u geen dag kiezen.")
    return sepa.change_collection_day(tenancy, day, today=today, acting_user=acting_user)


def ask_call(tenancy: Tenancy, *, acting_user, when: str, phone: str, about: str, today: date) -> Task:
    if tenancy.tenant.no_calls:
        raise Refused("U heeft ons gevraagd u niet te bellen. Stuur ons daarom een bericht.")
    with transaction.atomic():
        _check_daily_limit(tenancy, today)
        explanation = f"Via Mijn Huurpad. Bellen: {when}, op {phone}." + (f" Waarover: {about}" if about else "")
        task = tasks.tenant_callback(tenancy, today, explanation=explanation)
        task = tasks.store(task)
        _note(
            tenancy,
            today,
            f"Vraagt via Mijn Huurpad om teruggebeld te worden ({when}, {phone})."
            + (f" Waarover: {about}" if about else ""),
            acting_user=acting_user,
        )
    return task


def send_message(tenancy: Tenancy, *, acting_user, text: str, today: date) -> Task:
    with transaction.atomic():
        _check_daily_limit(tenancy, today)
        task = tasks.tenant_message(tenancy, today, explanation=f"Via Mijn Huurpad: {text}")
        task = tasks.store(task)
        _note(tenancy, today, f"Bericht via Mijn Huurpad: {text}", acting_user=acting_user)
    return task


@dataclass
class Offer:
    """What the tenant may arrange alone, from the policy's self-service bounds."""

    arrears: Decimal
    possible: bool  # False: the arrears are beyond what a tenant may arrange alone
    minimum: Decimal  # the least per month that stays within the number of instalments
    max_instalments: int
    limit: Decimal  # the most arrears a tenant may arrange alone


def offer(tenancy: Tenancy, today: date) -> Offer:
    bounds = sizing.Bounds.of(PolicyVersion.current().load())
    owed = arrears.owed(tenancy, today)
    limit = tenancy.monthly_due_on(today) * bounds.self_service_months
    minimum = ZERO
    if owed > 0:
        spread = (owed / bounds.self_service_instalments).quantize(CENT, rounding=ROUND_CEILING)
        minimum = max(spread, min(bounds.min_instalment, owed))
    return Offer(owed, 0 < owed <= limit, minimum, bounds.self_service_instalments, limit)


def size(tenancy: Tenancy, amount: Decimal, today: date) -> sizing.Sizing:
    return arrangements.size_for(tenancy, today, proposed_instalment=amount)


def within_self_service(found: sizing.Sizing) -> bool:
    return found.possible and not found.needs_team_leader


@dataclass
class Outcome:
    arrangement: Arrangement | None  # started at once, within the self-service bounds
    task: Task  # for the officer: look at the new arrangement, or call the tenant


def request_arrangement(tenancy: Tenancy, amount: Decimal, today: date, *, acting_user) -> Outcome:
    """Within the self-service bounds the arrangement starts at once (the confirmation letter is
    queued) and the officer gets a task to look at it; outside them nothing starts: the officer
    gets a task to call the tenant. Either way it is on the timeline and on 'Vandaag'."""
    with transaction.atomic():
        Tenancy.objects.select_for_update().filter(pk=tenancy.pk).first()  # one request at a time
        if help_of(tenancy, today) is not None:
            # One creditor's own arrangement would cut across the debt help (every creditor is
            # treated alike) or the pause agreed: the counsellor or the officer arranges it.
            raise Refused(
                "U krijgt nu hulp bij uw schulden, of uw achterstand staat even stil. Daarom maakt u nu geen"
                " betalingsregeling. Heeft u een vraag? Stuur ons een bericht."
            )
        _check_daily_limit(tenancy, today)
        running = tenancy.arrangements.filter(
            status__in=[Arrangement.Status.RUNNING, Arrangement.Status.AWAITING]
        ).exists()
        found = size(tenancy, amount, today)
        if not running and within_self_service(found):
            try:
                with transaction.atomic():
                    made = arrangements.propose(
                        tenancy, acting_user=acting_user, today=today, proposed_instalment=amount
                    )
            except ValueError:  # e.g. no sender for the letter: a person takes it from here
                made = None
            if made is not None and made.status == Arrangement.Status.RUNNING:
                task = tasks.portal_arrangement(
                    tenancy,
                    today,
                    explanation=f"De huurder sprak zelf een regeling af: {made.count} termijnen van {fmt_eur(made.instalment)},"
                    f" de eerste op {date_nl(made.first_due)}. Kijk of verder alles goed gaat.",
                )
                task = tasks.store(task)
                return Outcome(made, task)
        why = (
            "heeft al een regeling en wil iets veranderen"
            if running
            else "het voorstel past niet binnen wat de huurder zelf mag afspreken: " + " ".join(found.reasons)
        )
        task = tasks.tenant_arrangement_callback(
            tenancy, today, explanation=f"Via Mijn Huurpad: stelt {fmt_eur(amount)} per maand voor; {why}"
        )
        task = tasks.store(task)
        _note(
            tenancy,
            today,
            f"Vraagt via Mijn Huurpad om een betalingsregeling van {fmt_eur(amount)} per maand."
            " Een medewerker belt terug.",
            acting_user=acting_user,
        )
    return Outcome(None, task)
