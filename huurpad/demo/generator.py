"""A synthetic housing corporation, written as the import files of docs/formats.md.

The corporation is deterministic for a seed: one `random.Random(seed)` drives everything, in a
fixed order. It has a number of homes; each home has a tenancy on the demo day, and some had an
earlier tenancy that ended during the history. Every tenancy is simulated month by month:

- rent and service costs are charged on the first of the month, or, for a direct debit, on the
  day it is collected by agreement (rent goes up every July within the legal maximum, service
  costs are re-estimated every January);
- the household pays according to its income and payment method: a direct debit on the collection
  day it chose to fit its pay day, a transfer after its pay day, or rent deducted from a benefit;
- some households pay late every month, some miss a month, and some are hit by an income shock
  (job loss, divorce, illness) after which they recover by themselves, on an arrangement, through
  debt help (a pause and a settlement), or not at all (bailiff, sometimes eviction);
- once a month the corporation's earlier collection routine looks at every tenancy and writes the
  case history: reminder letters, WIK letters, contact attempts, debt help pointed out, early
  signals, arrangements, pauses and bailiff handovers. The history is therefore consistent with
  the ledger: a reminder is only sent when the ledger shows arrears on that day.

The last `replay_days` days before the demo day hold no steps of the kinds the policy run makes
(POLICY_EVENTS): `huurpad demo` replays the policy over those days instead (replay.py). The
generator keeps writing the ledger and the events the policy does not make there.

The demo day is a morning: charges due on it are booked, but nothing paid or done on it yet.
Calibration against public figures is in huurpad/demo/calibration.py and docs/demo-data.md.
"""

import csv
import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from schwifty import IBAN

from huurpad.core.calc.wik import collection_costs
from huurpad.core.calendar import add_months, collection_date, first_of_next_month
from huurpad.core.money import fmt, from_cents, to_cents
from huurpad.testing import names

DEFAULT_TENANCIES = 2000
DEFAULT_MONTHS = 24
DEFAULT_SEED = 1
REF_PREFIX = "DEMO-"
COLLECTION_DAYS = (1, 5, 10, 15, 20, 25)

# Maximum rent increase for social rents each July (FACTS.md §6). Years not listed use the
# nearest listed year.
MAX_INCREASE = {2024: Decimal("0.058"), 2025: Decimal("0.050"), 2026: Decimal("0.041")}
LIBERALISATION_LIMIT = {2024: 87966, 2025: 90007, 2026: 93293}  # cents

# Behaviour profiles and their share of tenancies; dealt from a shuffled deck so every seed gets
# the same mix (only who gets what, and when, differs). Tuned for calibration: docs/demo-data.md.
PROFILES = {
    "steady": 910,  # pays on time; now and then a returned debit or a late transfer
    "late": 10,  # pays every month, but days to weeks after the due date
    "skip": 32,  # misses a month or two (a big bill), then catches up
    "shock": 48,  # income shock: months of partial payment, then one of the outcomes below
}
SHOCK_OUTCOMES = [("self", 26), ("arrangement", 41), ("debt_help", 22), ("stuck", 11)]
SKIP_OUTCOMES = [("self", 55), ("arrangement", 45)]

HOUSEHOLD_KINDS = [  # (kind, weight, sizes, ages)
    ("single", 36, (1,), (21, 66)),
    ("couple", 14, (2,), (24, 66)),
    ("family", 14, (3, 4, 4, 5, 6), (27, 55)),
    ("single_parent", 11, (2, 2, 3, 3, 4), (22, 52)),
    ("elderly", 25, (1, 1, 2), (67, 93)),
]
# Household.kind has no 'elderly': an elderly household is stored as single or couple.
KIND_FOR_MODEL = {"elderly": {1: "single", 2: "couple"}}

CONTACT_CHANNELS = ["phone", "phone", "phone", "sms", "whatsapp", "email"]

# Days before the demo day that the policy replays (replay.py); the generator writes no events of
# the kinds the policy makes for them.
DEFAULT_REPLAY_DAYS = 90
POLICY_EVENTS = {"reminder_letter", "wik_letter", "contact_attempt", "debt_help_pointed", "early_signal_sent"}


def months_back(on: date, months: int) -> list[date]:
    """The first days of the `months` months that end with the month of D, oldest first."""
    index = on.year * 12 + on.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def last_day(first: date) -> date:
    return first_of_next_month(first) - timedelta(days=1)


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _nearest(table: dict, year: int):
    return table[min(table, key=lambda y: abs(y - year))]


def ascii_name(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


@dataclass
class Household:
    kind: str
    size: int
    age: int
    income: str  # wage, bijstand, uwv, aow
    pay_day: int  # day of the month the income arrives (0: last working day)

    def pay_date(self, first: date) -> date:
        """When the income arrives in the month that starts on `first`."""
        if self.pay_day == 0:
            return weekday_on_or_before(last_day(first))
        return weekday_on_or_before(first.replace(day=self.pay_day))


@dataclass
class Spec:
    """One tenancy before simulation."""

    ref: str
    home: dict
    household: Household
    start: date
    end: date | None
    rent: int  # cents, in force at the start of the history (or of the tenancy)
    service: int
    method: str
    collection_day: int | None
    profile: str
    outcome: str = ""
    trouble_month: date | None = None
    person: dict = field(default_factory=dict)


class Corporation:
    """The generated data: rows for tenancies.csv (and its dated re-imports), ledger and events."""

    def __init__(self, *, on: date, seed: int, months: int, homes: int):
        self.on = on
        self.seed = seed
        self.months = months
        self.homes = homes
        self.tenancies: list[dict] = []
        self.rent_files: dict[date, list[dict]] = {}
        self.ledger: list[tuple] = []  # (ref, date, kind, cents, external_id, description)
        self.events: list[dict] = []
        self.profiles: dict[str, str] = {}  # ref -> behaviour profile and state on the day
        self.replay_from = on  # from this day on, the policy's own steps are left to the replay
        self.final_bills: list[str] = []  # tenants who left with a final bill open (former.py)

    @property
    def history_start(self) -> date:
        return months_back(self.on, self.months)[0]


TENANCY_HEADER = [
    "tenancy_ref",
    "start_date",
    "end_date",
    "monthly_rent",
    "service_costs",
    "payment_method",
    "collection_day",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality_code",
    "energy_label",
    "household_size",
    "tenant_initials",
    "tenant_prefix",
    "tenant_surname",
    "tenant_birth_date",
    "tenant_email",
    "tenant_phone",
    "tenant_iban",
    "mandate_id",
    "mandate_signed",
    "household_type",
    "forwarding_address",  # only for a tenant who left with a final bill (former.py)
]


class Generator:
    def __init__(self, *, tenancies: int, months: int, seed: int, on: date, replay_days: int = 0):
        if tenancies < 1 or months < 1 or replay_days < 0:
            raise ValueError("tenancies and months must be at least 1, replay_days at least 0")
        self.rng = random.Random(seed)
        self.on = on
        self.replay_from = on - timedelta(days=replay_days)  # the first day the policy replays
        self.months = months
        self.firsts = months_back(on, months)
        self.corp = Corporation(on=on, seed=seed, months=months, homes=tenancies)
        self.corp.replay_from = self.replay_from
        self.homes = tenancies
        self._deck: list[str] = []
        self._decks: dict[str, list[str]] = {}
        self._trouble_slots: list[int] = []
        self._people = 0

    # --- dealing ----------------------------------------------------------------------------

    def _profile(self) -> str:
        if not self._deck:
            self._deck = [p for p, n in PROFILES.items() for _ in range(n)]
            self.rng.shuffle(self._deck)
        return self._deck.pop()

    def _trouble_month(self, start: date, end: date | None) -> date | None:
        """When trouble starts: spread evenly over the history, within the tenancy."""
        if not self._trouble_slots:
            self._trouble_slots = list(range(self.months))
            self.rng.shuffle(self._trouble_slots)
        first = self.firsts[self._trouble_slots.pop()]
        low = max(start, self.firsts[0])
        high = self.firsts[-1] if end is None else end.replace(day=1)
        if high < low:
            return None
        if first < low or first > high:
            span = (high.year - low.year) * 12 + high.month - low.month
            first = add_months(low.replace(day=1), self.rng.randint(0, span))
        return first.replace(day=1)

    def _deal(self, name: str, weighted) -> str:
        """The next card from a shuffled deck of `weighted` (one deck per name, refilled)."""
        deck = self._decks.setdefault(name, [])
        if not deck:
            deck.extend(value for value, count in weighted for _ in range(count))
            self.rng.shuffle(deck)
        return deck.pop()

    def _pick(self, weighted):
        return self.rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]

    # --- homes, people ------------------------------------------------------------------------

    def _home(self, number: int) -> dict:
        rng = self.rng
        code, city, (low, high), _ = rng.choices(names.MUNICIPALITIES, [m[3] for m in names.MUNICIPALITIES])[0]
        street = rng.choice(names.STREET_WORDS) + rng.choice(names.STREET_KINDS)
        flat = rng.random() < 0.55
        return {
            "street": street,
            "house_number": rng.randint(1, 180),
            "house_number_suffix": rng.choice(["A", "B", "C", "1", "2", "3", "4"])
            if flat and rng.random() < 0.5
            else "",
            "postcode": f"{rng.randint(low, high)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
            "city": city,
            "municipality_code": code,
            "energy_label": rng.choices(["A+", "A", "B", "C", "D", "E", "F", "G"], [4, 22, 24, 22, 12, 8, 5, 3])[0],
            "family_home": not flat or rng.random() < 0.2,
            "number": number,
        }

    def _household(self, home: dict) -> Household:
        rng = self.rng
        kinds = HOUSEHOLD_KINDS
        weights = [w * (1.6 if k in ("family", "single_parent") and home["family_home"] else 1) for k, w, _, _ in kinds]
        kind, _, sizes, (age_low, age_high) = rng.choices(kinds, weights)[0]
        size = rng.choice(sizes)
        age = rng.randint(age_low, age_high)
        if kind == "elderly":
            income = "aow"
        else:
            shares = {
                "single": [("wage", 52), ("bijstand", 30), ("uwv", 18)],
                "couple": [("wage", 72), ("bijstand", 12), ("uwv", 16)],
                "family": [("wage", 80), ("bijstand", 10), ("uwv", 10)],
                "single_parent": [("wage", 48), ("bijstand", 40), ("uwv", 12)],
            }[kind]
            income = self._pick(shares)
        if income == "wage":
            pay_day = rng.choices([20, 21, 22, 23, 24, 25, 0], [6, 6, 8, 10, 10, 35, 25])[0]
        elif income == "bijstand":
            pay_day = rng.choices([0, 28, 27], [60, 25, 15])[0]  # around the end of the month
        elif income == "aow":
            pay_day = rng.choice([21, 22, 23, 23, 23, 24])  # SVB pays around the 23rd
        else:
            pay_day = rng.randint(8, 14)  # UWV: four-weekly, taken as a day mid-month
        return Household(kind=kind, size=size, age=age, income=income, pay_day=pay_day)

    def _person(self, household: Household, start: date) -> dict:
        rng = self.rng
        self._people += 1
        prefix, surname = rng.choice(names.SURNAMES)
        count = rng.choices([1, 2, 3], [45, 40, 15])[0]
        initials = ".".join(rng.choice(names.INITIALS) for _ in range(count)) + "."
        born = date(self.on.year - household.age, 1, 1) + timedelta(days=rng.randint(0, 364))
        email = ""
        if rng.random() < 0.85:
            email = f"{ascii_name(initials[0])}.{ascii_name(prefix + surname)}{self._people}@example.nl"
        phone = f"06-0{rng.randint(0, 9_999_999):07d}" if rng.random() < 0.92 else ""
        account = f"00{rng.randint(0, 99_999_999):08d}"
        return {
            "initials": initials,
            "prefix": prefix,
            "surname": surname,
            "birth_date": born.isoformat(),
            "email": email,
            "phone": phone,
            "iban": IBAN.generate("NL", bank_code=rng.choice(names.BANK_CODES), account_code=account).compact,
        }

    def _payment(self, household: Household) -> tuple[str, int | None]:
        rng = self.rng
        if household.income == "bijstand" and rng.random() < 0.3:
            return "benefit_deduction", None
        if rng.random() < 0.3:
            return "transfer", None
        # A collection day that fits the pay day (toolkit 1.6); most keep the default, the 1st.
        pay = household.pay_day or 28
        later = [d for d in COLLECTION_DAYS if d > pay]
        if later and rng.random() < 0.45:
            return "direct_debit", later[0]
        if 8 <= pay <= 14 and rng.random() < 0.7:
            return "direct_debit", 15
        return "direct_debit", rng.choices([1, 5], [85, 15])[0]

    def _rent(self, home: dict, household: Household) -> tuple[int, int]:
        rng = self.rng
        if home["family_home"]:
            rent = rng.gauss(735, 75)
        else:
            rent = rng.gauss(640, 65)
        rent = min(max(rent, 480), 880)
        # Every home has some service costs: a zero amount trips the tenancy import (see the report).
        service = rng.choice([6, 12, 18, 24, 30, 38, 45, 55, 65])
        return int(round(rent, 2) * 100), service * 100 + rng.choice([0, 25, 50, 75])

    # --- the whole corporation ----------------------------------------------------------------

    def run(self) -> Corporation:
        start = self.firsts[0]
        for number in range(1, self.homes + 1):
            home = self._home(number)
            # Each home: the current tenancy, and for some an earlier one that ended in the history.
            moved = self.rng.random() < 0.075 * self.months / 12
            sequence = 1
            if moved:
                change = add_months(start, self.rng.randint(1, max(1, self.months - 1)))
                earlier_start = (start - timedelta(days=self.rng.randint(200, 9000))).replace(day=1)
                vacancy = 1 if self.rng.random() < 0.3 else 0
                self._tenancy(home, sequence, earlier_start, change - timedelta(days=1))
                sequence += 1
                current_start = add_months(change, vacancy)
                if current_start > self.on:
                    current_start = change
            else:
                current_start = (start - timedelta(days=self.rng.randint(60, 12000))).replace(day=1)
                if self.rng.random() < 0.04 * self.months / 12:  # new home or first letting
                    current_start = (
                        add_months(start, self.rng.randint(1, self.months - 1)) if self.months > 1 else start
                    )
            end = self._tenancy(home, sequence, current_start, None)
            while end is not None:  # evicted: the home is let again after a month or two
                sequence += 1
                again = add_months(end + timedelta(days=1), self.rng.randint(1, 2))
                if again > self.on:
                    break
                end = self._tenancy(home, sequence, again, None)
        return self.corp

    def _tenancy(self, home: dict, sequence: int, start: date, end: date | None) -> date | None:
        """Simulate one tenancy and add its rows; returns the day it ended (None: still running)."""
        household = self._household(home)
        method, day = self._payment(household)
        rent, service = self._rent(home, household)
        if start >= self.firsts[0]:
            rent = int(rent * 1.06)  # re-let at a higher rent
        profile = self._profile()
        spec = Spec(
            ref=f"{REF_PREFIX}{home['number']:05d}-{sequence}",
            home=home,
            household=household,
            start=start,
            end=end,
            rent=rent,
            service=service,
            method=method,
            collection_day=day,
            profile=profile,
            person=self._person(household, start),
        )
        if profile == "late" and method == "direct_debit" and self.rng.random() < 0.6:
            spec.method, spec.collection_day = "transfer", None
        if profile in ("shock", "skip"):
            spec.trouble_month = self._trouble_month(start, end)
            spec.outcome = self._deal(profile, SHOCK_OUTCOMES if profile == "shock" else SKIP_OUTCOMES)
            if spec.trouble_month is None:
                spec.profile = "steady"
        sim = Simulation(self, spec)
        sim.run()
        self._write_tenancy(spec, sim)
        return sim.end

    def _write_tenancy(self, spec: Spec, sim: "Simulation") -> None:
        home, person, household = spec.home, spec.person, spec.household
        end = sim.end
        kind = KIND_FOR_MODEL.get(household.kind, {}).get(min(household.size, 2), household.kind)
        self.corp.profiles[spec.ref] = f"{spec.profile}/{spec.outcome or '-'}/{sim.state}/{spec.method}"
        signed = max(spec.start, self.firsts[0] - timedelta(days=400)) if spec.method == "direct_debit" else None

        def row(rent: int, service: int) -> dict:
            return {
                "tenancy_ref": spec.ref,
                "start_date": spec.start.isoformat(),
                "end_date": end.isoformat() if end else "",
                "monthly_rent": fmt(from_cents(rent)),
                "service_costs": fmt(from_cents(service)),
                "payment_method": spec.method,
                "collection_day": spec.collection_day or "",
                "street": home["street"],
                "house_number": home["house_number"],
                "house_number_suffix": home["house_number_suffix"],
                "postcode": home["postcode"],
                "city": home["city"],
                "municipality_code": home["municipality_code"],
                "energy_label": home["energy_label"],
                "household_size": household.size,
                "tenant_initials": person["initials"],
                "tenant_prefix": person["prefix"],
                "tenant_surname": person["surname"],
                "tenant_birth_date": person["birth_date"],
                "tenant_email": person["email"],
                "tenant_phone": person["phone"],
                "tenant_iban": person["iban"],
                "mandate_id": f"{spec.ref}-M1" if signed else "",
                "mandate_signed": signed.isoformat() if signed else "",
                "household_type": kind,
            }

        rents = sim.rents  # [(valid_from, rent, service)], oldest first
        self.corp.tenancies.append(row(rents[0][1], rents[0][2]))
        for valid_from, rent, service in rents[1:]:
            self.corp.rent_files.setdefault(valid_from, []).append(row(rent, service))
        self.corp.ledger.extend(sim.ledger_rows())
        self.corp.events.extend(sim.events)


class Simulation:
    """One tenancy, month by month: charges, payments, and the collection routine's history."""

    def __init__(self, gen: Generator, spec: Spec):
        self.gen = gen
        self.rng = gen.rng
        self.spec = spec
        self.on = gen.on
        self.end = spec.end
        self.entries: list[tuple[date, str, int, str]] = []  # (date, kind, cents, description)
        self.events: list[dict] = []
        self.rent, self.service = spec.rent, spec.service
        self.rents: list[tuple[date, int, int]] = [(spec.start, self.rent, self.service)]
        # Household state
        self.state = "normal"
        self.spell_left = 0
        self.pay_fraction = 1.0
        self.extra = 0  # cents paid on top of the rent each month (catch-up or instalment)
        self.lagging_order = 0  # months a standing order still pays last year's rent
        self.old_due = 0
        self.shortfall = 0
        self.pause_left = 0
        self.arrangement_left_before_break = None
        # Collection routine state
        self.step = 0
        self.wik_costs = 0
        self.wik_date: date | None = None
        self.offered_sharing = False
        self.objected = False
        self.contacted = False
        self.debt_help = False
        self.signal_date: date | None = None
        self.bailiff = False
        self.bailiff_plan = ""
        self.seq = 0
        if spec.profile == "late":
            self.late_day = self.rng.randint(6, 22)

    # --- bookkeeping --------------------------------------------------------------------------

    def book(self, day: date, kind: str, cents: int, description: str = "") -> None:
        if cents <= 0:
            return
        if kind in ("rent", "service_costs", "other_charge", "collection_costs"):
            if day > self.on:
                return
        elif day >= self.on:  # the demo day is a morning: nothing has been paid on it yet
            return
        self.entries.append((day, kind, cents, description))

    def event(self, day: date, type_: str, **params) -> None:
        if day >= self.on or (self.end and day > self.end + timedelta(days=120)):
            return
        if type_ in POLICY_EVENTS and day >= self.gen.replay_from:
            return  # the replay of the policy makes these steps
        item = {"tenancy_ref": self.spec.ref, "date": day.isoformat(), "type": type_, **params}
        if item not in self.events:  # the same event twice on a day would be one event
            self.events.append(item)

    def arrears(self, day: date) -> int:
        """Arrears in cents on `day` as the morning's ledger shows them (docs/formats.md)."""
        charges = credits = 0
        for d, kind, cents, _ in self.entries:
            if kind in ("rent", "service_costs", "other_charge", "collection_costs"):
                if d < day:
                    charges += cents
            elif d < day:
                credits += -cents if kind == "reversal" else cents
        return max(0, charges - credits)

    def balance(self, day: date) -> int:
        total = 0
        for d, kind, cents, _ in self.entries:
            if d <= day:
                if kind in ("rent", "service_costs", "other_charge", "collection_costs", "reversal"):
                    total += cents
                else:
                    total -= cents
        return total

    def ledger_rows(self) -> list[tuple]:
        rows = []
        for n, (day, kind, cents, description) in enumerate(sorted(self.entries, key=lambda e: e[0]), 1):
            rows.append((self.spec.ref, day, kind, cents, f"{self.spec.ref}-{n:04d}", description))
        return rows

    # --- the months ---------------------------------------------------------------------------

    def run(self) -> None:
        spec = self.spec
        first_month = max(spec.start.replace(day=1), self.gen.firsts[0])
        for first in self.gen.firsts:
            if first < first_month:
                continue
            if self.end and first > self.end:
                break
            self.price_changes(first)
            if spec.trouble_month == first:
                self.trouble_starts()
            due = self.rent + self.service
            charged = self.due_day(first)
            self.book(charged, "rent", self.rent, f"Huur {first:%m-%Y}")
            self.book(charged, "service_costs", self.service, f"Servicekosten {first:%m-%Y}")
            self.pay(first, due)
            run_day = weekday_on_or_after(first.replace(day=8))
            if run_day < self.on and (self.end is None or run_day <= self.end):
                self.collection_run(run_day, first, due)
            self.month_ends(first, due)
        self.settle_end()

    def due_day(self, first: date) -> date:
        """When the month's charges fall due: the 1st, or for a direct debit the day it is collected
        by agreement (toolkit 1.6), as the ERP books them once a collection day is agreed."""
        if self.spec.method == "direct_debit":
            return max(collection_date(first.year, first.month, self.spec.collection_day), self.spec.start)
        return first

    def price_changes(self, first: date) -> None:
        if first <= self.spec.start:
            return
        changed = False
        if first.month == 7:
            year = first.year
            if self.spec.home["energy_label"] in ("E", "F", "G") and self.rng.random() < 0.4:
                pct = Decimal(0)  # no increase for poor energy labels (toolkit 1.10)
            else:
                top = _nearest(MAX_INCREASE, year)
                pct = top if self.rng.random() < 0.55 else top - Decimal(self.rng.randint(0, 10)) / 1000
            new = int(Decimal(self.rent) * (1 + pct))
            new = min(new, _nearest(LIBERALISATION_LIMIT, year))
            if new > self.rent:
                self.old_due = self.rent + self.service
                self.rent = new
                changed = True
                if self.spec.method == "transfer" and self.rng.random() < 0.04:
                    self.lagging_order = self.rng.randint(1, 3)  # standing order not yet adjusted
        if first.month == 1 and self.rng.random() < 0.7:
            self.service = max(500, self.service + self.rng.choice([-300, -150, 0, 100, 200, 250, 400]))
            changed = True
        if changed:
            self.rents.append((first, self.rent, self.service))

    def trouble_starts(self) -> None:
        rng = self.rng
        if self.spec.profile == "skip":
            self.spell_left = rng.choice([1, 1, 2])
            self.pay_fraction = 0.0
        else:
            self.spell_left = rng.choices([2, 3, 4, 5, 6, 8, 10], [12, 20, 18, 16, 14, 12, 8])[0]
            self.pay_fraction = rng.uniform(0.15, 0.7)
        self.state = "spell"

    def month_ends(self, first: date, due: int) -> None:
        if self.state == "spell":
            self.spell_left -= 1
            if self.spell_left <= 0:
                outcome = self.spec.outcome
                if outcome == "self":
                    if self.spec.profile == "skip":  # catches up in a few months
                        extra = int(due * self.rng.uniform(0.3, 0.7)) // 500 * 500
                    else:
                        extra = self.rng.choice([7500, 10000, 15000, 20000, 25000])
                    self.state, self.extra = "recover", extra
                elif outcome == "stuck":
                    self.state, self.pay_fraction = "stuck", self.rng.uniform(0.4, 0.85)
                else:
                    self.state = "after"  # pays the rent again, waits for an arrangement or pause
        elif self.state == "pause":
            self.pause_left -= 1
            if self.pause_left <= 0:
                self.settlement(last_day(first))
        if self.lagging_order:
            self.lagging_order -= 1
            if not self.lagging_order:
                self.old_due = 0

    # --- paying -------------------------------------------------------------------------------

    def usual_day(self, first: date) -> date:
        """When this household's rent for the month starting on `first` normally arrives."""
        spec, hh = self.spec, self.spec.household
        if spec.method == "direct_debit":
            day = collection_date(first.year, first.month, spec.collection_day)
        elif spec.method == "benefit_deduction":
            day = weekday_on_or_before(first - timedelta(days=1))  # with the benefit, month end
        else:
            day = hh.pay_date(add_months(first, -1)) + timedelta(days=self.rng.randint(0, 3))
            day = min(day, first - timedelta(days=1))  # after the pay day, before the 1st
        return max(day, self.first_day(first))

    def pay(self, first: date, due: int) -> None:
        spec, rng = self.spec, self.rng
        state = self.state
        usual = self.usual_day(first)
        if state in ("spell", "stuck"):
            # Pays what it can, when the money comes in; a debit bounces most months.
            amount = int(due * self.pay_fraction * rng.uniform(0.8, 1.2)) // 100 * 100
            paid_on = usual
            if spec.method == "direct_debit" and rng.random() < 0.75:
                reversed_on = self.returned_debit(first, due, repay=False)
                paid_on = reversed_on + timedelta(days=rng.randint(1, 6))
            elif spec.method == "direct_debit":
                self.book(usual, "direct_debit", due, "Incasso huur")
                amount = 0
            kind = "benefit_payment" if spec.method == "benefit_deduction" else "payment"
            self.book(paid_on, kind, amount, "Betaling huur (deel)")
            if self.bailiff and self.bailiff_plan == "collect":
                self.book(
                    paid_on + timedelta(days=rng.randint(3, 10)),
                    "payment",
                    rng.choice([15000, 20000, 30000]),
                    "Betaling via deurwaarder",
                )
            return
        if spec.profile == "late" and state == "normal":
            day = first.replace(day=min(28, max(2, self.late_day + rng.randint(-4, 4))))
            if spec.method == "direct_debit":
                self.book(usual, "direct_debit", due, "Incasso huur")
                if rng.random() < 0.5:
                    self.book(usual + timedelta(days=3), "reversal", due, "Storno incasso (AM04)")
                    self.book(max(day, usual + timedelta(days=6)), "payment", due, "Betaling huur")
            else:
                self.book(day, "payment", due, "Betaling huur")
            return
        # Paying the rent in full, on time (the usual case), plus any catch-up or instalment.
        if spec.method == "direct_debit":
            if rng.random() < 0.01:
                self.returned_debit(first, due, repay=True)
            else:
                self.book(usual, "direct_debit", due, "Incasso huur")
        elif spec.method == "benefit_deduction":
            self.book(usual, "benefit_payment", due, "Huur via uitkering gemeente")
        else:
            paid_on = usual
            if rng.random() < 0.015:
                paid_on = first + timedelta(days=rng.randint(3, 18))  # forgot, paid late
            amount = due
            if self.lagging_order and self.old_due:
                amount = self.old_due  # the standing order still pays last year's rent
                self.shortfall += due - self.old_due
            elif self.shortfall:
                amount += self.shortfall  # adjusted, with what was missed since July
                self.shortfall = 0
            self.book(paid_on, "payment", amount, "Betaling huur")
        if state == "recover" or state == "arrangement" or (self.bailiff and self.bailiff_plan == "collect"):
            paid_on = usual + timedelta(days=rng.randint(0, 5) if spec.method == "direct_debit" else 0)
            owed = self.arrears(paid_on) if paid_on < self.on else 0
            if owed > 0:
                label = {"recover": "Extra betaling achterstand", "arrangement": "Termijn betalingsregeling"}.get(
                    state, "Betaling via deurwaarder"
                )
                self.book(paid_on, "payment", min(self.extra or 15000, owed), label)

    def first_day(self, first: date) -> date:
        """The first day a payment may be dated: not before the history or the tenancy."""
        return max(self.spec.start, self.gen.firsts[0])

    def returned_debit(self, first: date, due: int, *, repay: bool) -> date:
        rng, spec = self.rng, self.spec
        debit = collection_date(first.year, first.month, spec.collection_day)
        reason = rng.choice(["AM04", "AM04", "AM04", "MD06", "MS02"])
        self.book(debit, "direct_debit", due, "Incasso huur")
        reversed_on = debit + timedelta(days=rng.randint(2, 5))
        self.book(reversed_on, "reversal", due, f"Storno incasso ({reason})")
        if repay:
            self.book(debit + timedelta(days=rng.randint(6, 24)), "payment", due, "Betaling na storno")
        return reversed_on

    # --- the corporation's collection routine ------------------------------------------------

    def collection_run(self, day: date, first: date, due: int) -> None:
        """What the earlier system did on the monthly reminder run, judged on that day's ledger."""
        rng = self.rng
        owed = self.arrears(day)
        if owed == 0 and self.state != "pause":
            if self.state == "arrangement":
                self.event(day, "arrangement_ended", reason="afgelost")
            if self.state in ("arrangement", "recover", "after"):
                self.state, self.extra = "normal", 0
            self.bailiff, self.bailiff_plan, self.step = False, "", 0
            return
        if self.state == "arrangement":
            self.arrangement_month(day, owed)
            return
        if self.state == "pause" or owed < 500:
            return
        # A new episode when the arrears had been cleared since the last run.
        if self.step and self.arrears(first) == 0:
            self.step = 0
        self.step += 1
        if self.step == 1:
            self.offered_sharing = rng.random() < 0.92
            self.event(
                day, "reminder_letter", offers_data_sharing=self.offered_sharing, points_to_debt_help=rng.random() < 0.9
            )
            if rng.random() < 0.35:
                self.contact(day + timedelta(days=rng.randint(1, 4)), rng.choice(["sms", "whatsapp", "phone"]))
            if self.offered_sharing and not self.objected and rng.random() < 0.03:
                self.objected = True
                self.event(day + timedelta(days=rng.randint(3, 12)), "data_sharing_objection")
            return
        if self.step == 2:
            self.wik_costs = to_cents(collection_costs(from_cents(owed)))
            self.wik_date = day
            self.event(day, "wik_letter", costs=fmt(from_cents(self.wik_costs)))
            self.contact(day + timedelta(days=rng.randint(1, 6)), "phone")
            if not self.debt_help:
                self.contact(day + timedelta(days=rng.randint(8, 14)), rng.choice(["visit", "card", "whatsapp"]))
            return
        # Third run and later: costs after the WIK term, early signal, then a way out.
        # A WIK letter in the replayed days was not written (the policy charges no costs): no costs.
        if (
            self.wik_date
            and self.wik_costs
            and day > self.wik_date + timedelta(days=17)
            and self.wik_date < self.gen.replay_from
        ):
            self.book(day, "collection_costs", self.wik_costs, "Buitengerechtelijke incassokosten (WIK)")
            self.wik_costs = 0
        if (
            self.signal_date is None
            and self.offered_sharing
            and not self.objected
            and self.contacted
            and owed >= due // 2
        ):
            self.signal_date = day + timedelta(days=rng.randint(0, 3))
            self.event(
                self.signal_date,
                "early_signal_sent",
                municipality_code=self.spec.home["municipality_code"],
                amount=fmt(from_cents(owed)),
            )
        outcome = self.spec.outcome
        if self.state == "after" and outcome == "arrangement":
            self.start_arrangement(day, owed, due)
        elif self.state == "after" and outcome == "debt_help":
            start = day + timedelta(days=rng.randint(5, 25))
            if not self.debt_help:
                self.event(start - timedelta(days=3), "debt_help_pointed", channel="visit")
                self.debt_help = True
            # The debt counsellor's Kennisgeving asks for the pause: a reason the import knows
            # (docs/formats.md) and the policy reads as a debt-help trajectory. The draw that once
            # chose between two reasons stays, so the other households come out as before.
            rng.randrange(2)
            self.event(start, "pause_started", reason="kennisgeving")
            self.state, self.pause_left = "pause", rng.randint(3, 7)
        elif self.state in ("stuck", "after") and not self.bailiff:
            signal_old = self.signal_date and (day - self.signal_date).days >= 60
            # Only after a signal on the written timeline: in the replayed days the policy signals.
            if owed >= 2.5 * due and signal_old and self.signal_date < self.gen.replay_from:
                self.bailiff = True
                self.event(day + timedelta(days=rng.randint(1, 10)), "bailiff_handover")
                self.bailiff_plan = rng.choices(["collect", "evict", "wait"], [55, 15, 30])[0]
                if self.bailiff_plan == "evict" and self.end is None:
                    end = last_day(add_months(first, rng.randint(3, 5)))
                    if end < self.on:
                        self.end = end
            elif rng.random() < 0.5:
                self.contact(day + timedelta(days=rng.randint(1, 10)), rng.choice(["visit", "card", "phone"]))
        elif self.state == "spell" and rng.random() < 0.5:
            self.contact(day + timedelta(days=rng.randint(1, 10)), rng.choice(["phone", "visit", "whatsapp"]))

    def contact(self, day: date, channel: str) -> None:
        reached = self.rng.random() < (0.45 if channel in ("phone", "visit") else 0.3)
        self.event(day, "contact_attempt", channel=channel, reached=reached)
        self.contacted = True
        if reached and not self.debt_help and self.rng.random() < 0.8:
            self.debt_help = True
            self.event(day, "debt_help_pointed", channel=channel)

    def start_arrangement(self, day: date, owed: int, due: int) -> None:
        rng = self.rng
        months = rng.choice([6, 8, 10, 12, 15, 18])
        instalment = max(2500, -(-owed // months) // 500 * 500)
        start = day + timedelta(days=rng.randint(3, 12))
        # The terms the policy checks the arrangement against: instalments with the next rents.
        following = first_of_next_month(start)
        self.event(
            start,
            "arrangement_started",
            instalment=fmt(from_cents(instalment)),
            count=months,
            arrears_at_start=fmt(from_cents(self.arrears(start))),
            first_due=self.due_day(following).isoformat(),
        )
        self.state, self.extra = "arrangement", instalment
        self.arrangement_left_before_break = rng.randint(2, 6) if rng.random() < 0.22 else None

    def arrangement_month(self, day: date, owed: int) -> None:
        if self.arrangement_left_before_break is not None:
            self.arrangement_left_before_break -= 1
            if self.arrangement_left_before_break <= 0:
                self.event(day, "arrangement_ended", reason="niet nagekomen")
                self.state, self.pay_fraction, self.extra = "stuck", self.rng.uniform(0.5, 0.9), 0
                self.step = max(self.step, 3)

    def settlement(self, day: date) -> None:
        """End of a pause: debt help settled the arrears (part paid, the rest written off)."""
        rng = self.rng
        owed = self.arrears(day + timedelta(days=1))
        if owed > 0:
            paid = int(owed * rng.choice([0.0, 0.3, 0.5, 0.7, 1.0]))
            self.book(day, "payment", paid, "Schuldregeling: betaling schuldhulpverlening")
            self.book(day, "write_off", owed - paid, "Kwijtschelding schuldregeling")
        self.event(day, "pause_ended", reason="schuldregeling getroffen")
        self.state, self.extra = "normal", 0
        self.step = 0

    def settle_end(self) -> None:
        """An ended tenancy settles: the last balance is paid or written off."""
        if self.end is None:
            return
        final = self.end + timedelta(days=self.rng.randint(20, 60))
        owed = self.balance(self.end)
        if owed > 0 and final < self.on:
            if self.bailiff or self.rng.random() < 0.3:
                self.book(final, "write_off", owed, "Afboeking oninbare vordering na vertrek")
            else:
                self.book(final, "payment", owed, "Eindafrekening")


# --- public --------------------------------------------------------------------------------------


def generate(
    *,
    tenancies: int = DEFAULT_TENANCIES,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    on: date,
    replay_days: int = DEFAULT_REPLAY_DAYS,
) -> Corporation:
    """The corporation as it stands on the morning of `on`: `tenancies` homes, each let on that
    day (but for the odd home awaiting a new tenant after an eviction), with `months` months of
    history (the month of `on` included). The policy's own steps of the last `replay_days` days
    are left out, for the replay."""
    from .former import final_bills

    corp = Generator(tenancies=tenancies, months=months, seed=seed, on=on, replay_days=replay_days).run()
    corp.final_bills = final_bills(corp, seed)  # a dozen tenants who left with a final bill still open
    return corp


@dataclass(frozen=True)
class Files:
    tenancies: Path
    rent_changes: list[tuple[date, Path]]  # re-imports of the tenancies file, by effective date
    ledger: Path
    events: Path


def write_files(corp: Corporation, folder: Path) -> Files:
    """Write tenancies.csv, one tenancies-YYYY-MM-DD.csv per rent change day, ledger.csv and
    events.jsonl into `folder` (created when missing; earlier demo files there are replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("tenancies-*.csv"):
        old.unlink()
    tenancies = folder / "tenancies.csv"
    write_csv(tenancies, TENANCY_HEADER, corp.tenancies)
    changes = []
    for day in sorted(corp.rent_files):
        path = folder / f"tenancies-{day.isoformat()}.csv"
        write_csv(path, TENANCY_HEADER, corp.rent_files[day])
        changes.append((day, path))
    ledger = folder / "ledger.csv"
    write_ledger(ledger, sorted(corp.ledger, key=lambda r: (r[1], r[4])))
    events = folder / "events.jsonl"
    with open(events, "w", encoding="utf-8") as handle:
        for item in sorted(corp.events, key=lambda e: (e["date"], e["tenancy_ref"])):
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return Files(tenancies=tenancies, rent_changes=changes, ledger=ledger, events=events)


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    """A CSV file of these rows, as the imports read it (the tenancies files)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_ledger(path: Path, rows) -> None:
    """A ledger file as the ERP writes it: rows of (ref, date, kind, cents, external id, description)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["tenancy_ref", "date", "kind", "amount", "external_id", "description"])
        for ref, day, kind, cents, external_id, description in rows:
            writer.writerow([ref, day.isoformat(), kind, f"{cents // 100}.{cents % 100:02d}", external_id, description])
