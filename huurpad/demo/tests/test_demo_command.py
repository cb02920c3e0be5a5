"""huurpad demo: builds through the imports, makes one user per role, and is safe to run again."""

import re
from base64 import b32decode
from decimal import Decimal
from io import StringIO

import django.test
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from conftest import landing
from huurpad.accounts.roles import Role
from huurpad.cases.models import CaseEvent
from huurpad.collection.models import PolicyRun, Proposal
from huurpad.core.calc import rent_limits
from huurpad.demo import calibration, generator, setup
from huurpad.rents import moves
from huurpad.rents.models import HomeFacts, RentPolicy, RentYearFacts
from huurpad.tenancies.models import Household, LedgerEntry, Tenancy, Tenant

SIZE = {"tenancies": 120, "months": 12, "seed": 5, "replay_days": 10}


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def demo(**options):
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out, **{**SIZE, **options})
    return out.getvalue()


def counts():
    return (
        Tenancy.objects.count(),
        LedgerEntry.objects.count(),
        CaseEvent.objects.count(),
        get_user_model().objects.count(),
        PolicyRun.objects.count(),
        Proposal.objects.count(),
        HomeFacts.objects.count(),
        RentYearFacts.objects.count(),
        RentPolicy.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_has_the_facts_of_the_rent_round_and_the_move_list(var_dir):
    demo()
    today = timezone.localdate()
    assert HomeFacts.objects.count() == Tenancy.objects.count()
    facts = RentYearFacts.objects.filter(year=today.year)
    assert 0.2 * Tenancy.objects.count() < facts.count() < 0.5 * Tenancy.objects.count()
    assert facts.filter(low_income_request=True).exists() and facts.filter(tax_remission=True).exists()
    assert moves.candidates(today).candidates  # someone for the woonconsulent to talk to
    if today.year in rent_limits.known_years():
        assert RentPolicy.objects.get(year=today.year).percent == rent_limits.max_increase_percent(today.year)


@pytest.mark.django_db
def test_the_demo_imports_the_generated_files(var_dir):
    output = demo()
    corp = generator.generate(**SIZE, on=timezone.localdate())
    assert Tenancy.objects.count() == len(corp.tenancies)
    # The files' ledger, and the one payment of the day's bank statement Huurpad places itself: the
    # help organisation's, by the contract number in its description (the others wait as unknown).
    (paid,) = LedgerEntry.objects.filter(external_id__startswith="bank:").select_related("tenancy")
    assert paid.description == f"voor de huur van {paid.tenancy.ref}"
    assert LedgerEntry.objects.count() == len(corp.ledger) + 1
    assert CaseEvent.objects.filter(source="import").count() == len(corp.events)
    assert (var_dir / "demo" / "ledger.csv").exists()
    assert not Household.objects.filter(kind="").exists()
    # The figures printed come from the database: those of the files, less that one payment.
    printed, files = calibration.from_database(corp.on), calibration.from_corporation(corp)
    assert (printed.households, printed.in_arrears) == (files.households, files.in_arrears)
    assert files.total - printed.total == Decimal(paid.amount_cents) / 100
    assert "households in arrears" in output and "huurpad-demo" in output


@pytest.mark.django_db
def test_one_demo_user_per_role_and_the_printed_logins_work(var_dir):
    output = demo()
    printed = re.findall(r"gebruikersnaam: (\S+) +wachtwoord: (\S+) +app-sleutel: ([A-Z2-7]+)", output)
    # One per role, and the debt counsellor of the demo's schuldhulp organisation (a partner user).
    assert [username for username, _, _ in printed] == [role.value for role in Role] + [setup.COUNSELLOR_USER]
    for n, (username, password, secret) in enumerate(printed):
        browser = django.test.Client()
        response = browser.post(reverse("login"), {"username": username, "password": password})
        assert response["Location"].startswith(reverse("second_factor")), username
        if n % 2:  # the code from `huurpad demo-code`, as a tester without a phone does
            out = StringIO()
            call_command("demo-code", username, stdout=out)
            code = out.getvalue().split()[0]
        else:  # the code an app shows with the printed key
            code = f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"
        assert browser.post(reverse("second_factor"), {"code": code})["Location"] == landing(), username
    for role in Role:
        user = get_user_model().objects.get(username=role.value)
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        assert user.is_staff == (role == Role.BEHEERDER)
        assert user.check_password(setup.DEMO_PASSWORD)
    counsellor = get_user_model().objects.get(username=setup.COUNSELLOR_USER)
    assert list(counsellor.groups.values_list("name", flat=True)) == [Role.PARTNER.value]
    assert not counsellor.is_staff and counsellor.check_password(setup.DEMO_PASSWORD)
    assert [p.kind for p in counsellor.partner_organisations.all()] == ["schuldhulp"]


@pytest.mark.django_db
def test_demo_code_is_only_for_the_demo(var_dir):
    demo()
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo-code", "someone")
    get_user_model().objects.create_user("j.jansen", password="x")
    with pytest.raises(CommandError, match="not a demo user in a demo database"):
        call_command("demo-code", Role.BEHEERDER.value)


@pytest.mark.django_db
def test_running_it_again_duplicates_nothing_and_does_not_replay(var_dir):
    demo()
    before = counts()
    assert before[4] == SIZE["replay_days"] + 1  # the policy runs of the replay and the demo day
    output = demo()
    assert counts() == before
    assert "Using the demo already in the database" in output


@pytest.mark.django_db
def test_fresh_rebuilds_and_another_seed_needs_it(var_dir):
    demo()
    with pytest.raises(CommandError, match="--fresh"):
        demo(seed=6)
    demo(seed=6, fresh=True)
    corp = generator.generate(**{**SIZE, "seed": 6}, on=timezone.localdate())
    assert LedgerEntry.objects.exclude(external_id__startswith="bank:").count() == len(corp.ledger)
    assert get_user_model().objects.count() == len(Role) + 1  # and the debt counsellor


@pytest.mark.django_db
def test_a_database_that_is_not_a_demo_is_left_alone(var_dir):
    get_user_model().objects.create_user("j.jansen", password="x")
    with pytest.raises(CommandError, match="not the demo"):
        demo(fresh=True)
    assert get_user_model().objects.filter(username="j.jansen").exists()
    assert not Tenancy.objects.exists() and not Tenant.objects.exists()


def test_serving_the_demo_runs_the_outbox_worker_beside_it_and_stops_it(tmp_path, monkeypatch, settings):
    """The demo's messages go out (to the console channel, written to a file) while it is served."""
    from huurpad.demo.management.commands import serve as serving

    started, served = [], []

    class Worker:
        def __init__(self, args, stdout, stderr, env):
            started.append((args, stdout.name, env["HUURPAD_PUBLIC_URL"]))

        def terminate(self):
            served.append("worker stopped")

        def wait(self, timeout):
            return 0

    def fake_command(name, *args, **kwargs):
        served.append(name)

    monkeypatch.setattr(serving.subprocess, "Popen", Worker)
    monkeypatch.setattr(serving, "call_command", fake_command)
    settings.PUBLIC_URL = ""
    out = StringIO()
    serving.serve(8011, out, outbox_log=tmp_path / "demo" / "berichten.txt")
    ((args, log, url),) = started
    assert args[-4:] == ["django", "send-outbox", "--interval", "20"] and log == str(
        tmp_path / "demo" / "berichten.txt"
    )
    assert url == "http://127.0.0.1:8011" and served == ["collectstatic", "runserver", "worker stopped"]
    assert "berichten.txt" in out.getvalue()


@pytest.mark.django_db
def test_arrangements_and_pauses_of_the_history_are_records(var_dir):
    from huurpad.solutions import reports
    from huurpad.solutions.models import Arrangement, Pause

    demo()
    corp = generator.generate(**SIZE, on=timezone.localdate())
    started = [e for e in corp.events if e["type"] == "arrangement_started"]
    assert started  # the seed holds some
    history = Arrangement.objects.filter(source=Arrangement.Source.HISTORY)
    assert history.count() == len(started)
    # Running: those whose last arrangement event is a start, as the timeline reads them.
    last = {}
    for e in sorted(corp.events, key=lambda e: e["date"]):
        if e["type"] in ("arrangement_started", "arrangement_ended"):
            last[e["tenancy_ref"]] = e["type"]
    running = sorted(ref for ref, kind in last.items() if kind == "arrangement_started")
    assert sorted(history.filter(status="running").values_list("tenancy__ref", flat=True)) == running
    pauses = [e for e in corp.events if e["type"] == "pause_started"]
    assert Pause.objects.filter(from_history=True).count() == len(pauses)
    figures = reports.report(timezone.localdate())
    first = min(row.month for row in figures)
    assert sum(row.arrangements_started for row in figures) == sum(1 for e in started if e["date"] >= first.isoformat())
    assert max(figures, key=lambda row: row.month).arrangements_running == len(running)
