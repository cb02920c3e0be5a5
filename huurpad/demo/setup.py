"""Putting the demo corporation into a database: files, imports, users, and the safety checks."""

import json
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from huurpad.accounts import second_factor
from huurpad.accounts.roles import STAFF_ROLES, Role
from huurpad.cases.imports import import_events
from huurpad.tenancies.imports import import_ledger, import_tenancies
from huurpad.tenancies.models import Tenancy
from huurpad.testing import names

from . import debt_help, generator, legal, replay

DEMO_PASSWORD = "huurpad-demo"
MARKER = "demo.json"
# The debt counsellor of the demo's schuldhulp partner (debt_help.COUNSELLOR): a partner user of
# its own, besides the one demo user per role.
COUNSELLOR_USER = "schuldhulp"
COUNSELLOR_NAME = ("Jeroen", "Mulder")


def demo_folder() -> Path:
    return Path(settings.VAR_DIR) / "demo"


def usernames() -> list[str]:
    return [role.value for role in Role] + [COUNSELLOR_USER]


class NotADemo(Exception):
    """The database holds something other than the demo; it is never wiped."""


def database_state() -> str:
    """'empty', 'demo' (only demo tenancies and demo users), or 'other'."""
    User = get_user_model()
    refs = Tenancy.objects.exclude(ref__startswith=generator.REF_PREFIX)
    others = User.objects.exclude(username__in=usernames()).filter(
        portal_account__isnull=True
    )  # demo tenants' own logins are the demo's
    if refs.exists() or others.exists():
        return "other"
    if Tenancy.objects.exists() or User.objects.exists():
        return "demo"
    return "empty"


def read_marker() -> dict:
    path = demo_folder() / MARKER
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if data.get("database") == _database_name() else {}


def _database_name() -> str:
    return str(settings.DATABASES["default"]["NAME"])


@dataclass
class Timings:
    generate: float = 0.0
    write: float = 0.0
    imports: float = 0.0
    replay: float = 0.0


def wipe() -> None:
    """Empty a database that holds only the demo (checked first), and put the roles back."""
    if database_state() == "other":
        raise NotADemo("The database holds tenancies or users that are not the demo's; it is left alone.")
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Inside a transaction (as in tests) PostgreSQL refuses to truncate tables with foreign-key
        # checks still waiting for the commit; run those checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def build(*, tenancies: int, months: int, seed: int, on: date, replay_days: int, log=print) -> Timings:
    """Generate the corporation, write its files, import them through the ordinary imports, and
    replay the policy over the last `replay_days` days (replay.py)."""
    timings = Timings()
    started = time.perf_counter()
    corp = generator.generate(tenancies=tenancies, months=months, seed=seed, on=on, replay_days=replay_days)
    timings.generate = time.perf_counter() - started
    started = time.perf_counter()
    files = generator.write_files(corp, demo_folder())
    counselled = debt_help.script(corp, seed, replay_days)
    debt_help.write(counselled, demo_folder())
    tracks = legal.script(corp, seed, replay_days, taken=set(counselled.households.values()))
    timings.write = time.perf_counter() - started
    log(
        f"Files written to {demo_folder()}: {len(corp.tenancies)} tenancies, {len(corp.ledger)} ledger lines, {len(corp.events)} events."
    )
    started = time.perf_counter()
    import_all(files, corp.history_start, on)
    timings.imports = time.perf_counter() - started
    ensure_users()  # the replay's calls and visits are made by the demo's staff
    ensure_partner_organisations()  # the counsellor's messages name its organisation
    started = time.perf_counter()
    done = replay.replay(on, replay_days, seed, debt_help=counselled, legal=tracks)
    timings.replay = time.perf_counter() - started
    log(
        f"Policy replayed over {replay_days} days ({done.runs} runs, {done.seconds_runs:.1f} s; the team's work"
        f" {done.seconds_work:.1f} s): {done.done} steps done, {done.waiting} still waiting,"
        f" {done.open_today} new for today."
    )
    if tracks.tracks:
        walked = tracks.households()
        log(
            f"Legal track: {len(walked)} of {len(tracks.tracks)} tracks walked ({tracks.seconds:.1f} s)"
            + "".join(f"; {t.name} stopped ({t.stopped})" for t in tracks.tracks if t.stopped)
            + f". Tenants who left with a final bill open: {len(corp.final_bills)}."
        )
    (demo_folder() / MARKER).write_text(
        json.dumps(
            {
                "seed": seed,
                "tenancies": tenancies,
                "months": months,
                "replay_days": replay_days,
                "on": on.isoformat(),
                "database": _database_name(),
            }
        )
    )
    return timings


@transaction.atomic
def import_all(files: generator.Files, history_start: date, on: date) -> None:
    import_tenancies(files.tenancies, effective=history_start)
    for day, path in files.rent_changes:
        import_tenancies(path, effective=day)
    import_ledger(files.ledger)
    import_events(files.events)


def ensure_users() -> list[tuple[str, str, str]]:
    """One demo user per role, with the demo password and an authenticator app whose secret the
    demo prints (`huurpad demo-code USER` shows its current code); running it again changes
    nothing. Returns (username, name, secret)."""
    User = get_user_model()
    made = []
    for role in Role:
        first, last = names.FIRST_NAMES_STAFF[role.value]
        user, created = User.objects.get_or_create(
            username=role.value,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{role.value}@example.nl",
                "is_staff": role in STAFF_ROLES,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        made.append((role.value, f"{first} {last}", second_factor.secret_text(demo_app(user)).replace(" ", "")))
    first, last = COUNSELLOR_NAME
    user, created = User.objects.get_or_create(
        username=COUNSELLOR_USER,
        defaults={"first_name": first, "last_name": last, "email": f"{COUNSELLOR_USER}@example.nl"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=Role.PARTNER.value)[0])
    made.append((COUNSELLOR_USER, f"{first} {last}", second_factor.secret_text(demo_app(user)).replace(" ", "")))
    return made


def demo_app(user) -> TOTPDevice:
    """The demo user's authenticator app, made once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Demo-app", confirmed=True)


def current_code(username: str) -> tuple[str, int]:
    """The code a demo user's app shows now, and for how many seconds more. Only for a demo user
    in a database that holds only the demo."""
    if username not in usernames() or database_state() != "demo":
        raise NotADemo(f"{username!r} is not a demo user in a demo database.")
    device = demo_app(get_user_model().objects.get(username=username))
    now = int(time.time())
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}", device.step - (now - device.t0) % device.step


PARTNERS = [
    ("Buurtteam Rijnmond", "buurtteam"),
    ("Budgetcoaches Rijnmond", "budgetcoach"),
    ("Energiecoach Rijnmond", "energiecoach"),
    ("Voorzieningenwijzer", "voorzieningenwijzer"),
    ("Humanitas Thuisadministratie", "humanitas"),
    ("Budget Adviesbureau", "budget_adviesbureau"),
    ("Bijzonder Zorg Team", "bijzonder_zorg_team"),
    (debt_help.COUNSELLOR, "schuldhulp"),
]


def ensure_sender() -> None:
    """The demo corporation on its letters and messages, and where its tenants find debt help
    (the beheerder can change both)."""
    from huurpad.messaging.models import Sender
    from huurpad.tenancies.models import Municipality

    for code, name, *_ in names.MUNICIPALITIES:  # all three reach the municipality on 14 + area code 010
        Municipality.objects.get_or_create(
            code=code, defaults={"name": name, "debt_help": "bel 14 010 en vraag naar schuldhulp"}
        )
    if not Sender.objects.exists():
        Sender.objects.create(
            name="Woonstichting De Linde",
            street_address="Postbus 1234",
            postcode_city="3000 AB Rotterdam",
            phone="010 123 45 67",
            email="huur@delinde.example",
            website="delinde.example",
            iban=DEMO_ACCOUNT,
        )
    Sender.objects.filter(iban="").update(iban=DEMO_ACCOUNT)  # a demo set up before letters named the account


# Example schemes for the benefits scan (/geldcheck/), one per demo municipality: EXAMPLE DATA, not the
# municipalities' real schemes, limits or amounts (the page says 'voorbeeld').
SCHEMES = [
    (
        "GM0599",
        "Individuele inkomenstoeslag",
        "Hebt u al lang een laag inkomen, en weinig kans dat dat beter wordt? Dan kunt u elk jaar "
        "een extra bedrag krijgen. U mag het uitgeven waaraan u wilt.",
        "100",
        None,
        "400.00",
        "https://www.rotterdam.nl/",
    ),
    (
        "GM0606",
        "Meedoenregeling",
        "Geld voor sport, cultuur of een cursus, voor u en uw kinderen. Bijvoorbeeld voor een "
        "zwemabonnement of een lidmaatschap van een club.",
        "120",
        None,
        "150.00",
        "https://www.schiedam.nl/",
    ),
    (
        "GM0622",
        "Collectieve zorgverzekering",
        "Een zorgverzekering met korting en een goede aanvullende verzekering, via de "
        "gemeente. Hoeveel u bespaart, hangt af van uw verzekering nu.",
        "130",
        None,
        None,
        "https://www.vlaardingen.nl/",
    ),
]


def ensure_schemes() -> None:
    """The example schemes of the demo municipalities; running it again changes nothing."""
    from huurpad.core.money import parse_amount, to_cents
    from huurpad.prevention.models import MunicipalScheme

    for code, name, description, percent, limit, per_year, link in SCHEMES:
        MunicipalScheme.objects.get_or_create(
            municipality_code=code,
            name=name,
            defaults={
                "description": description,
                "income_limit_percent": percent,
                "example": True,
                "link": link,
                "income_limit_cents": None if limit is None else to_cents(parse_amount(limit)),
                "amount_per_year_cents": None if per_year is None else to_cents(parse_amount(per_year)),
            },
        )


def ensure_partner_organisations() -> None:
    """The partner organisations, the demo partner a member of the buurtteam and the demo
    counsellor of the schuldhulp organisation. Running it again changes nothing."""
    from huurpad.cases.models import Partner

    for name, kind in PARTNERS:
        Partner.objects.get_or_create(name=name, defaults={"kind": kind})
    User = get_user_model()
    Partner.objects.get(name=PARTNERS[0][0]).members.add(User.objects.get(username=Role.PARTNER.value))
    Partner.objects.get(name=debt_help.COUNSELLOR).members.add(User.objects.get(username=COUNSELLOR_USER))


def ensure_partners(on: date) -> None:
    """The partner organisations of the toolkit; the demo partner works for the buurtteam, which
    has the two households with the highest arrears referred to it. Running it again changes
    nothing."""
    from huurpad.cases import actions
    from huurpad.cases.models import Partner, Referral
    from huurpad.collection.models import TenancyState

    ensure_partner_organisations()
    team = Partner.objects.get(name=PARTNERS[0][0])
    User = get_user_model()
    if Referral.objects.exists():
        return
    officer = User.objects.get(username=Role.INCASSOMEDEWERKER.value)
    for state in (
        TenancyState.objects.filter(arrears_cents__gt=0).select_related("tenancy").order_by("-arrears_cents")[:2]
    ):
        actions.refer(
            state.tenancy,
            partner=team,
            basis="consent",
            follow_up_on=on + timedelta(days=14),
            acting_user=officer,
            reason="Achterstand loopt op; de huurder wil graag hulp bij het op orde brengen van de post en de schulden.",
        )


def ensure_rent_facts(on: date, seed: int = 1) -> None:
    """What the ERP and the yearly income statements would tell: rooms of every home, and for about
    a third of the households this year's income (some asking for no rent increase, some with
    municipal tax remission); and the rent policy of this year as the team leader set it. So the
    rent-increase round and the move list have something to show. Running it again changes nothing."""
    import random

    from huurpad.core.calc import rent_limits
    from huurpad.rents.models import HomeFacts, RentPolicy, RentYearFacts

    if on.year in rent_limits.known_years() and (percent := rent_limits.max_increase_percent(on.year)) is not None:
        RentPolicy.objects.get_or_create(
            year=on.year, defaults={"percent": percent, "exempt_household_kinds": "single_parent"}
        )
    if HomeFacts.objects.exists():
        return
    homes, incomes = [], []
    for tenancy in Tenancy.objects.select_related("household").order_by("ref"):
        rng = random.Random(f"{seed}:{tenancy.ref}")
        size = tenancy.household.size
        rooms = (
            min(size + 1, 5) if rng.random() > 0.15 else 4 + (rng.random() < 0.4)
        )  # some live in a family home alone
        homes.append(HomeFacts(tenancy=tenancy, rooms=rooms, floor_area=20 + 15 * rooms + rng.randint(0, 9)))
        if rng.random() < 0.35:
            income = rng.randint(15_000, 34_000) if size == 1 else rng.randint(21_000, 52_000)
            low = income <= (28_000 if size == 1 else 38_000)
            incomes.append(
                RentYearFacts(
                    tenancy=tenancy,
                    year=on.year,
                    income=income,
                    income_source="statement",
                    low_income_request=low and rng.random() < 0.3,
                    tax_remission=low and rng.random() < 0.2,
                )
            )
    HomeFacts.objects.bulk_create(homes)
    RentYearFacts.objects.bulk_create(incomes)


DEMO_ACCOUNT = "NL44RABO0123456789"  # the demo corporation's own account (a test IBAN)
# Who pays for a household in arrears without Huurpad knowing them: (payer, account, description).
STRANGERS = [
    ("M. {surname}", "NL39RABO0300065264", "huur moeder"),
    ("Stichting SchuldHulpMaatje", "NL02ABNA0123456789", "voor de huur van {ref}"),
    ("{initials} {surname}-de Wit", "NL20INGB0001234567", "huur"),
    ("Diaconie Protestantse Gemeente", "NL86INGB0002445588", "gift voor de huur"),
]


def ensure_bank(on: date) -> int:
    """The demo's creditor for direct debits, and a bank statement of the day with payments
    Huurpad cannot place by itself (a relative paying, a church's gift), so 'Onbekende betalingen'
    has work in it, and one it places by the contract a help organisation names in its description. It is imported like any
    statement, so running this again books nothing twice. Returns how many were new."""
    from huurpad.bank import imports
    from huurpad.bank.models import Creditor
    from huurpad.collection.models import TenancyState
    from huurpad.testing.camt import Detail, Entry, statement

    if not Creditor.objects.exists():
        Creditor.objects.create(
            name="Woonstichting De Linde", iban=DEMO_ACCOUNT, bic="RABONL2U", creditor_id="NL57ZZZ999999999999"
        )
    behind = (
        TenancyState.objects.filter(arrears_cents__gt=0)
        .select_related("tenancy__tenant")
        .order_by("-arrears_cents", "tenancy__ref")
    )
    entries = []
    for n, (state, (payer, iban, text)) in enumerate(zip(behind[: len(STRANGERS)], STRANGERS)):
        tenant, fill = state.tenancy.tenant, {"surname": state.tenancy.tenant.surname, "ref": state.tenancy.ref}
        fill["initials"] = tenant.initials
        amount = state.tenancy.monthly_due_on(on)
        entries.append(
            Entry(
                amount,
                booked=on,
                bank_reference=f"DEMO-{on:%Y%m%d}-{n}",
                details=[Detail(name=payer.format(**fill), iban=iban, remittance=text.format(**fill))],
            )
        )
    if not entries:
        return 0
    path = demo_folder() / "bank" / f"afschrift-{on.isoformat()}.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(statement(entries, statement_id=f"DEMO-{on:%Y%m%d}", account=DEMO_ACCOUNT))
    return imports.import_file(path).new
