"""Payment arrangements sized at the policy's edges, running, behind and back on track; the team
leader's decision; the pause button against the policy run."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.bank import sepa
from huurpad.cases.models import CaseEvent, Task
from huurpad.cases.tasks import ARRANGEMENT_REVIEW
from huurpad.collection.models import PolicyVersion
from huurpad.collection.run import run_policy
from huurpad.core.calc.arrangement import Bounds, size
from huurpad.core.policy.guardrails import ALLOWED_DURING_PAUSE
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.solutions import arrangements, reports
from huurpad.solutions.models import Arrangement, Pause
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 10)
FIRST = date(2026, 12, 1)
RENT = D("700.00")


# --- sizing at the edges (no database) ------------------------------------------------------


@pytest.mark.parametrize(
    ("arrears", "instalment", "count", "team_leader", "possible"),
    [
        (D("600.00"), D("100.00"), 6, False, True),  # six instalments, under a month's rent: the officer alone
        (D("700.00"), D("116.67"), 6, False, True),  # exactly one month's rent in six
        (D("700.01"), D("116.67"), 6, True, True),  # a cent more than a month's rent
        (D("700.00"), D("100.00"), 7, True, True),  # seven instalments
        (D("1800.00"), D("100.00"), 18, True, True),  # the longest: 18, with the team leader
        (D("1800.01"), D("100.00"), 19, False, False),  # 19: no arrangement, debt help
        (D("95.00"), D("10.00"), 10, True, True),  # the smallest instalment
        (D("95.00"), D("9.99"), 0, False, False),  # below it
        (D("8.00"), D("8.00"), 1, False, True),  # arrears below the minimum instalment: paid in one go
        (D("8.00"), D("5.00"), 0, False, False),  # not in smaller parts
    ],
)
def test_sizing_a_tenants_proposal_at_the_policys_edges(arrears, instalment, count, team_leader, possible):
    found = size(arrears, RENT, FIRST, Bounds(), proposed_instalment=instalment)
    assert (found.count, found.needs_team_leader, found.possible) == (count, team_leader, possible)


def test_sizing_from_income_leaves_the_protected_amount():
    # 95 % of the 2025 single norm (EUR 1,369.06) = EUR 1,300.61 stays with the household.
    found = size(D("600.00"), RENT, FIRST, Bounds(), net_income=D("1400.61"), household="single")
    assert (found.instalment, found.count, found.last_instalment, found.protected) == (
        D("100.00"),
        6,
        D("100.00"),
        D("1300.61"),
    )
    assert any("nog niet bevestigd" in r for r in found.reasons) and any("2026" in r for r in found.reasons)
    nothing_left = size(D("600.00"), RENT, FIRST, Bounds(), net_income=D("1310.60"), household="single")
    assert not nothing_left.possible and nothing_left.count == 0


def test_the_last_instalment_is_what_is_left():
    found = size(D("650.00"), RENT, FIRST, Bounds(), proposed_instalment=D("150.00"))
    assert (found.count, found.instalment, found.last_instalment) == (5, D("150.00"), D("50.00"))


# --- in the database ----------------------------------------------------------------------


@pytest.fixture
def corporation():
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )


def person(django_user_model, name, role):
    user = django_user_model.objects.create_user(name, first_name=name.title())
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def officer(django_user_model):
    return person(django_user_model, "ilse", "incassomedewerker")


@pytest.fixture
def team_leader(django_user_model):
    return person(django_user_model, "marieke", "teamleider")


def behind(ref="HC1", owed="600.00", **kw):
    tenancy = make_tenancy(ref, start=date(2023, 1, 1), rent="650.00", service_costs="50.00", **kw)
    book(tenancy, f"2026-10-01 rent {owed}\n2026-11-01 rent 700.00\n2026-11-01 payment 700.00")
    return tenancy


def test_an_arrangement_within_the_bounds_starts_at_once_with_a_letter(corporation, officer):
    tenancy = behind()
    made = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    assert (made.status, made.count, made.instalment, made.first_due) == ("running", 6, D("100.00"), FIRST)
    started = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.ARRANGEMENT_STARTED)
    assert started.params == {
        "arrears_at_start": "600.00",
        "instalment": "100.00",
        "first_due": "2026-12-01",
        "count": 6,
    }
    letter = OutboxMessage.objects.get(tenancy=tenancy, action="arrangement_confirmation")
    assert (
        letter.channel == "letter"
        and "U betaalt de achterstand van € 600,00 in 6 termijnen van € 100,00." in letter.body
    )
    assert "De eerste termijn betaalt u op 1 december 2026." in letter.body


def test_outside_the_bounds_the_team_leader_decides_once(corporation, officer, team_leader):
    tenancy = behind(owed="1200.00")
    made = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    assert made.status == "awaiting" and not CaseEvent.objects.filter(type=CaseEvent.Type.ARRANGEMENT_STARTED).exists()
    task = Task.objects.get(tenancy=tenancy, action=ARRANGEMENT_REVIEW)
    assert task.role == "teamleider" and "De teamleider beslist: meer dan 6 termijnen" in task.explanation
    with pytest.raises(arrangements.NotAllowed):
        arrangements.decide(made, acting_user=officer, approved=True, today=TODAY)
    arrangements.decide(made, acting_user=team_leader, approved=True, today=TODAY)
    with pytest.raises(arrangements.NotAllowed, match="al beslist"):
        arrangements.decide(made, acting_user=team_leader, approved=False, today=TODAY)
    made.refresh_from_db()
    task.refresh_from_db()
    assert (made.status, made.decided_by, task.status) == ("running", team_leader, "done")
    assert CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.ARRANGEMENT_STARTED).count() == 1


def test_one_open_arrangement_and_a_new_one_replaces_the_old(corporation, officer):
    tenancy = behind()
    first = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    second = arrangements.propose(
        tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("150.00"), replaces=first
    )
    first.refresh_from_db()
    assert (first.status, first.end_reason, second.replaces, second.count) == ("ended", arrangements.REPLACED, first, 4)


def on(day: date):
    """The clock of the pages and the report on that day, at ten in the morning."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False
    )


def arrangement_part(client, user, tenancy) -> str:
    client.force_login(user)  # a session of that day
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    return page[page.index('id="regeling"') : page.index("</section>", page.index('id="regeling"'))]


def tasks(tenancy) -> list[str]:
    return list(
        Task.objects.filter(tenancy=tenancy, action="arrangement_broken")
        .order_by("id")
        .values_list("proposal__period", flat=True)
    )


def broken_now(day: date) -> int:
    return next(m for m in reports.report(day) if m.month == day.replace(day=1)).arrangements_broken_now


def test_running_then_broken_then_running_again_from_the_ledger(corporation, officer, client):
    """The policy's defaults: 7 grace days, broken at 2 missed instalments. Only the ledger changes."""
    tenancy = behind()
    made = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))

    book(tenancy, "2026-12-01 rent 700.00\n2026-12-01 payment 700.00")  # the rent, not the instalment
    with on(date(2026, 12, 5)):
        part = arrangement_part(client, officer, tenancy)
    assert ">Loopt</span>" in part and "gemist" not in part
    run_policy(date(2026, 12, 7), full=True)
    assert tasks(tenancy) == []  # still within the grace days

    run_policy(date(2026, 12, 8), full=True)  # 1 December + 7 days: one missed
    assert tasks(tenancy) == ["2026-12-01"]
    with on(date(2026, 12, 8)):
        part = arrangement_part(client, officer, tenancy)
    assert ">Loopt achter</span>" in part and "<strong>gemist</strong>" in part and "1 termijn gemist." in part

    book(tenancy, "2027-01-01 rent 700.00\n2027-01-01 payment 700.00")  # again only the rent
    run_policy(date(2027, 1, 8), full=True)
    # Never two open tasks of one kind for a household: the open one now says what the second says.
    assert tasks(tenancy) == ["2026-12-01"]
    assert "afgebroken: 2 termijnen zijn niet betaald" in Task.objects.filter(tenancy=tenancy).latest("id").explanation
    with on(date(2027, 1, 8)):
        part = arrangement_part(client, officer, tenancy)
    assert ">Afgebroken</span>" in part and "De regeling is afgebroken:</strong> 2 termijnen zijn niet betaald" in part
    assert (broken_now(date(2027, 1, 8)), broken_now(date(2026, 12, 31))) == (1, 0)

    book(tenancy, "2027-01-10 payment 200.00")  # caught up
    run_policy(date(2027, 1, 10), full=True)
    with on(date(2027, 1, 10)):
        part = arrangement_part(client, officer, tenancy)
    assert ">Loopt</span>" in part and "afgebroken:" not in part and "gemist" not in part
    rows = arrangements.standing(
        made, tenancy.core_entries(date(2027, 1, 10)), date(2027, 1, 10), PolicyVersion.current().load()
    )
    assert [i.label for i in rows.instalments[:3]] == ["te laat", "te laat", "open"]
    assert broken_now(date(2027, 1, 10)) == 0
    assert tasks(tenancy) == ["2026-12-01"]

    book(tenancy, "2027-02-01 rent 700.00\n2027-02-01 payment 700.00")  # behind once more
    run_policy(date(2027, 2, 8), full=True)
    assert tasks(tenancy) == ["2026-12-01"]  # still the one open task, saying what the newest says
    assert "termijn van 1 februari 2027 is niet betaald" in Task.objects.get(tenancy=tenancy).explanation


def test_a_broken_arrangement_runs_again_after_renegotiation(corporation, officer, client):
    tenancy = behind()
    first = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    book(
        tenancy, "2026-12-01 rent 700.00\n2026-12-01 payment 700.00\n2027-01-01 rent 700.00\n2027-01-01 payment 700.00"
    )
    with on(date(2027, 1, 8)):
        assert ">Afgebroken</span>" in arrangement_part(client, officer, tenancy)
        printed = client.get(f"/huurcontract/{tenancy.ref}/afdrukken/").content.decode()  # the print view says it too
    assert "Stand: afgebroken (achter met" in printed and ">gemist</td>" in printed
    new = arrangements.propose(
        tenancy, acting_user=officer, today=date(2027, 1, 8), proposed_instalment=D("120.00"), replaces=first
    )
    assert (new.status, new.arrears_at_start, new.first_due) == ("running", D("600.00"), date(2027, 2, 1))
    with on(date(2027, 1, 8)):
        assert ">Loopt</span>" in arrangement_part(client, officer, tenancy)
    assert broken_now(date(2027, 1, 8)) == 0


def test_the_direct_debit_collects_the_instalment_with_the_rent(corporation, officer):
    tenancy = behind(payment_method="direct_debit", collection_day=1)
    arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("250.00"))  # 250, 250, 100
    months = [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]
    assert [arrangements.agreed_instalment_cents(tenancy, m) for m in months] == [0, 25000, 25000, 10000, 0]
    assert sepa._agreed_instalment_cents(tenancy, date(2027, 2, 1)) == 10000


# --- the pause button -----------------------------------------------------------------------


def test_a_pause_goes_on_the_timeline_with_a_letter_and_ends_once(corporation, officer):
    tenancy = behind()
    pause = arrangements.start_pause(tenancy, reason=Pause.Reason.MUNICIPAL_HELP, acting_user=officer, today=TODAY)
    assert pause.review_date == TODAY + timedelta(days=30)
    started = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.PAUSE_STARTED)
    assert started.params == {"reason": "municipal_help", "review_date": "2026-12-10"}
    assert (
        "We wachten tot 10 december 2026 met herinneringen"
        in OutboxMessage.objects.get(action="pause_confirmation").body
    )
    with pytest.raises(arrangements.NotAllowed, match="al een pauze"):
        arrangements.start_pause(tenancy, reason=Pause.Reason.OFFICER, acting_user=officer, today=TODAY)
    run_policy(date(2026, 12, 10), full=True)  # the review date
    task = Task.objects.get(tenancy=tenancy, action="review_pause")
    assert (task.title, task.role) == ("Pauze evalueren", "incassomedewerker")
    arrangements.end_pause(pause, acting_user=officer, today=TODAY)
    with pytest.raises(arrangements.NotAllowed):
        arrangements.end_pause(pause, acting_user=officer, today=TODAY)


def test_a_moratorium_lasts_at_most_six_months(corporation, officer):
    tenancy = behind()
    with pytest.raises(arrangements.NotAllowed, match="hoogstens zes maanden"):
        arrangements.start_pause(
            tenancy,
            reason=Pause.Reason.MORATORIUM,
            acting_user=officer,
            today=TODAY,
            review_date=TODAY + timedelta(days=200),
        )


@pytest.mark.parametrize(
    ("reason", "default"),
    [
        (Pause.Reason.OFFICER, date(2026, 12, 10)),
        (Pause.Reason.MUNICIPAL_HELP, date(2026, 12, 10)),  # 30 days
        (Pause.Reason.KENNISGEVING, date(2027, 3, 10)),  # four months
        (Pause.Reason.MORATORIUM, date(2027, 5, 10)),  # six calendar months: 181 days from 10 November
    ],
)
def test_each_kind_of_pause_starts_with_its_usual_review_date(corporation, officer, reason, default):
    pause = arrangements.start_pause(behind(), reason=reason, acting_user=officer, today=TODAY)
    assert pause.review_date == default


@pytest.mark.parametrize(
    ("reason", "latest", "message"),
    [
        (
            Pause.Reason.MUNICIPAL_HELP,
            date(2026, 12, 10),
            "Evaluatiedatum te laat: na de melding van de gemeente dat de huurder hulp aanvaardt, pauzeren we hoogstens 30 dagen. Kies uiterlijk 10 december 2026.",
        ),
        (
            Pause.Reason.KENNISGEVING,
            date(2027, 7, 10),
            "Evaluatiedatum te laat: na een kennisgeving van de schuldhulpverlener duurt een pauze hoogstens acht maanden. Kies uiterlijk 10 juli 2027.",
        ),
        (
            Pause.Reason.MORATORIUM,
            date(2027, 5, 10),
            "Evaluatiedatum te laat: een moratorium van de rechter duurt hoogstens zes maanden. Kies uiterlijk 10 mei 2027.",
        ),
    ],
)
def test_a_pause_for_help_a_kennisgeving_or_a_moratorium_has_a_longest_review_date(
    corporation, officer, reason, latest, message
):
    tenancy = behind()
    with pytest.raises(arrangements.NotAllowed) as refused:
        arrangements.start_pause(
            tenancy, reason=reason, acting_user=officer, today=TODAY, review_date=latest + timedelta(days=1)
        )
    assert str(refused.value) == message and not Pause.objects.exists()
    assert (
        arrangements.start_pause(
            tenancy, reason=reason, acting_user=officer, today=TODAY, review_date=latest
        ).review_date
        == latest
    )


def test_the_officers_own_pause_may_run_longer(corporation, officer):
    pause = arrangements.start_pause(
        behind(), reason=Pause.Reason.OFFICER, acting_user=officer, today=TODAY, review_date=date(2027, 11, 10)
    )
    assert pause.review_date == date(2027, 11, 10)


LEDGER_START = date(2026, 6, 1)
amounts = st.integers(min_value=1, max_value=1500)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, 150), amounts), max_size=6),  # payments: days after the start, euros
    st.integers(0, 150),  # the pause starts this many days after the start
    st.integers(1, 60),  # and the run is this many days later
    st.sampled_from([r for r, _ in Pause.Reason.choices]),
)
def test_a_pause_suppresses_exactly_what_it_should_in_the_policy_run(
    db, django_user_model, payments, pause_day, later, reason
):
    """Two households with the same ledger, one paused: the paused one gets exactly the other's
    proposals that a pause allows (the rent reminder), plus the pause's own review when it is due,
    and the call about the current rent when that is unpaid."""
    with transaction.atomic():
        Sender.objects.get_or_create(
            name="De Linde",
            defaults={"street_address": "Postbus 1", "postcode_city": "3000 AB Rotterdam", "phone": "010 1"},
        )
        user, _ = django_user_model.objects.get_or_create(username="ilse")
        text = "\n".join(f"{LEDGER_START.replace(month=m)} rent 700.00" for m in range(6, 12))
        text += "".join(f"\n{LEDGER_START + timedelta(days=d)} payment {euros}.00" for d, euros in payments)
        paused, twin = (
            make_tenancy(ref, start=date(2024, 1, 1), phone="06 1234 5678", rent="650.00") for ref in ("P1", "P2")
        )
        for tenancy in (paused, twin):
            book(tenancy, text)
        start = LEDGER_START + timedelta(days=pause_day)
        arrangements.start_pause(
            paused, reason=reason, acting_user=user, today=start, review_date=start + timedelta(days=30)
        )
        on = start + timedelta(days=later)
        run_policy(on, full=True)
        got = {p.rule for p in paused.proposals.all()}
        other = {p.rule for p in twin.proposals.all()}
        expected = {r for r in other if r in ALLOWED_DURING_PAUSE} | ({"review_pause"} if later >= 30 else set())
        # And a call about the rent that fell due since the pause began, when it is unpaid
        # (collection/tests/test_current_rent_in_pause.py, debthelp's property): never for the twin.
        assert got - {"current_rent"} == expected and "current_rent" not in other
        assert all(p.action == "call" for p in paused.proposals.filter(rule="current_rent"))
        transaction.set_rollback(True)


@time_machine.travel(datetime(2026, 11, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_the_officer_sees_the_sizing_while_typing_and_agrees_it(corporation, officer, client):
    tenancy = behind()
    client.force_login(officer)
    preview = client.get(
        f"/huurcontract/{tenancy.ref}/regeling/voorstel/",
        {"basis": "income", "net_income": "1450.61", "household": "single"},
    )
    assert "Netto inkomen € 1.450,61 min het beschermde bedrag: € 150,00 per maand." in preview.content.decode()
    answer = client.post(
        f"/huurcontract/{tenancy.ref}/regeling/",
        {"basis": "income", "net_income": "1450.61", "household": "single"},
        follow=True,
    )
    page = answer.content.decode()
    assert "De regeling loopt: 4 termijnen van € 150,00, de eerste op 1 december 2026." in page
    made = Arrangement.objects.get()
    assert (made.source, made.net_income_cents, made.household, made.instalment) == (
        "income",
        145061,
        "single",
        D("150.00"),
    )
    refused = client.post(
        f"/huurcontract/{tenancy.ref}/pauze/", {"reason": "moratorium", "review_date": "2027-12-31"}, follow=True
    )
    assert (
        "Evaluatiedatum te laat: een moratorium van de rechter duurt hoogstens zes maanden." in refused.content.decode()
    )
    assert not Pause.objects.exists()


def test_a_replacement_the_team_leader_refuses_leaves_the_running_arrangement_running(
    corporation, officer, team_leader
):
    tenancy = behind()
    running = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    longer = arrangements.propose(
        tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("50.00"), replaces=running
    )
    running.refresh_from_db()
    assert (longer.status, running.status) == ("awaiting", "running")
    arrangements.decide(longer, acting_user=team_leader, approved=False, today=TODAY)
    running.refresh_from_db()
    assert running.status == "running"


def test_the_team_leaders_refusal_is_on_the_timeline_like_the_approval(corporation, officer, team_leader):
    tenancy = behind(owed="1200.00")
    refused = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    arrangements.decide(refused, acting_user=team_leader, approved=False, today=TODAY)
    event = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.ARRANGEMENT_REFUSED)
    assert (event.date, event.actor, event.params) == (TODAY, team_leader, {"instalment": "100.00", "count": 12})
    assert event.get_type_display() == "Betalingsregeling afgewezen door de teamleider"
    assert not CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.ARRANGEMENT_STARTED).exists()

    approved = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("120.00"))
    arrangements.decide(approved, acting_user=team_leader, approved=True, today=TODAY)
    started = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.ARRANGEMENT_STARTED)
    assert started.actor == team_leader
    assert CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.ARRANGEMENT_REFUSED).count() == 1


def test_a_replacement_the_team_leader_approves_ends_the_old_one_then(corporation, officer, team_leader):
    tenancy = behind()
    running = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("100.00"))
    longer = arrangements.propose(
        tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("50.00"), replaces=running
    )
    arrangements.decide(longer, acting_user=team_leader, approved=True, today=TODAY)
    running.refresh_from_db()
    longer.refresh_from_db()
    assert (running.status, running.end_reason, longer.status) == ("ended", arrangements.REPLACED, "running")


def test_no_instalment_is_collected_once_nothing_is_owed(corporation, officer):
    tenancy = behind(payment_method="direct_debit", collection_day=1)
    arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D("250.00"))
    book(tenancy, "2026-11-20 write_off 600.00")  # written off
    assert arrangements.agreed_instalment_cents(tenancy, date(2026, 12, 1)) == 0


def test_a_moratorium_may_run_six_calendar_months(corporation, officer):
    tenancy = behind()
    end_of_august = date(2026, 8, 31)
    with pytest.raises(arrangements.NotAllowed, match="uiterlijk 28 februari 2027"):
        arrangements.start_pause(
            tenancy,
            reason=Pause.Reason.MORATORIUM,
            acting_user=officer,
            today=end_of_august,
            review_date=date(2027, 3, 1),
        )
    arrangements.start_pause(
        tenancy, reason=Pause.Reason.MORATORIUM, acting_user=officer, today=end_of_august, review_date=date(2027, 2, 28)
    )
