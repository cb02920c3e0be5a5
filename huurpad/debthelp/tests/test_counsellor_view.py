"""The debt counsellor's pages: their own organisation's households only (running, or ended less
than STILL_SHOWN_AFTER_END ago), nothing else about the household, every answer access-logged,
and a balance statement that adds up to what the ledger says is unpaid."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.accounts.models import AccessLog
from huurpad.cases import events
from huurpad.cases.models import Partner
from huurpad.core import ledger
from huurpad.core.money import from_cents
from huurpad.debthelp import counsellor
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def _member(django_user_model, username: str, organisation: Partner, role: str = "partner"):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=role))
    organisation.members.add(user)
    return user


def _debt_help(partner, *, ref=None, ended_on=None, **fields):
    tenancy = make_tenancy(ref, phone="0612345678", email="huurder@example.org")
    return DebtHelp.objects.create(
        tenancy=tenancy,
        counsellor=partner.name,
        counsellor_reference=f"SH-{tenancy.ref}",
        partner=partner,
        started_on=timezone.localdate() - timedelta(days=60),
        ended_on=ended_on,
        **({"stage": DebtHelp.Stage.GESLAAGD if ended_on else DebtHelp.Stage.KENNISGEVING} | fields),
    )


@pytest.fixture
def world(django_user_model):
    ours = Partner.objects.create(name="Schuldhulp Lindestad", kind=Partner.Kind.SCHULDHULP)
    theirs = Partner.objects.create(name="Kredietbank Elders", kind=Partner.Kind.SCHULDHULP)
    team = Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    return {
        "ours": ours,
        "theirs": theirs,
        "team": team,
        "counsellor": _member(django_user_model, "counsellor", ours),
        "other": _member(django_user_model, "other", theirs),
        "neighbour": _member(django_user_model, "neighbour", team),
        "officer": _member(django_user_model, "officer", ours, role="incassomedewerker"),
    }


def test_the_list_holds_only_the_own_organisations_households_running_or_recently_ended(client, world):
    today = timezone.localdate()
    running = _debt_help(world["ours"])
    lately = _debt_help(world["ours"], ended_on=today - timedelta(days=10))
    long_ago = _debt_help(world["ours"], ended_on=today - counsellor.STILL_SHOWN_AFTER_END - timedelta(days=1))
    elsewhere = _debt_help(world["theirs"])
    client.force_login(world["counsellor"])
    response = client.get("/schuldhulp/")
    assert response.status_code == 200
    shown = {d.pk for d in response.context["households"]}
    assert shown == {running.pk, lately.pk}
    assert long_ago.pk not in shown and elsewhere.pk not in shown
    logged = AccessLog.objects.filter(action="debt_help_list", user=world["counsellor"])
    assert sorted(logged.values_list("object_id", flat=True)) == sorted([running.tenancy.ref, lately.tenancy.ref])


@pytest.mark.parametrize("suffix", ["", "saldo.pdf", "saldo.csv"])
def test_another_organisation_and_other_roles_are_refused_and_nothing_is_shown(client, world, suffix):
    mine = _debt_help(world["ours"])
    for who in ("other", "neighbour", "officer"):
        client.force_login(world[who])
        response = client.get(f"/schuldhulp/{mine.pk}/{suffix}")
        assert response.status_code == 403, who
        assert mine.tenancy.tenant.surname.encode() not in response.content
    client.force_login(world["counsellor"])
    assert client.get(f"/schuldhulp/999999/{suffix}").status_code == 404
    ended = _debt_help(world["ours"], ended_on=timezone.localdate() - timedelta(days=31))
    assert client.get(f"/schuldhulp/{ended.pk}/{suffix}").status_code == 403
    assert not AccessLog.objects.filter(action__startswith="debt_help", object_id=mine.tenancy.ref).exists()


def test_a_trajectory_with_an_organisation_of_another_kind_or_inactive_is_not_shown(client, world):
    with_the_team = _debt_help(world["team"])
    client.force_login(world["neighbour"])
    assert client.get(f"/schuldhulp/{with_the_team.pk}/").status_code == 403
    mine = _debt_help(world["ours"])
    world["ours"].active = False
    world["ours"].save()
    client.force_login(world["counsellor"])
    assert client.get(f"/schuldhulp/{mine.pk}/").status_code == 403
    assert list(client.get("/schuldhulp/").context["households"]) == []


def test_the_household_page_shows_the_settlement_the_deadlines_and_the_messages_and_nothing_else(client, world):
    today = timezone.localdate()
    month = today.replace(day=1)
    earlier = (month - timedelta(days=1)).replace(day=1)
    d = _debt_help(
        world["ours"],
        stage=DebtHelp.Stage.VOORSTEL,
        claim_cents=140000,
        claim_on=today - timedelta(days=20),
        offer_kind=DebtHelp.OfferKind.SCHULDBEMIDDELING,
        offer_percentage=Decimal("23.50"),
        offer_months=18,
    )
    book(
        d.tenancy,
        f"{earlier.isoformat()} rent 650.00\n{earlier.isoformat()} service_costs 50.00\n"
        f"{earlier.isoformat()} collection_costs 40.00\n{month.isoformat()} rent 650.00",
    )
    events.note(d.tenancy, today, text="Geheime notitie van de medewerker", acting_user=world["officer"]).save()
    proposal = DebtMessage.objects.create(
        message_id="skn-1",
        direction="in",
        type="betaalvoorstel",
        date=today - timedelta(days=3),
        tenancy=d.tenancy,
        debt_help=d,
        status="received",
        payload={"kind": "schuldbemiddeling", "percentage": "23.50", "months": 18},
    )
    DebtMessage.objects.create(
        message_id="hp-1",
        direction="out",
        type="betaalvoorstel_antwoord",
        date=today - timedelta(days=3),
        tenancy=d.tenancy,
        debt_help=d,
        in_reply_to=proposal,
        status="awaiting_decision",
        due_date=today + timedelta(days=11),
        payload={"accepted": None},
    )
    client.force_login(world["counsellor"])
    response = client.get(f"/schuldhulp/{d.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert d.tenancy.tenant.name in page and d.tenancy.address in page
    assert "Betaalvoorstel ontvangen" in page
    assert "23,50 % van de vordering in 18 maanden" in page
    assert "Antwoord op het betaalvoorstel: uiterlijk antwoord" in page
    assert response.context["s"].total == Decimal("1390.00")  # last month's rent, costs and this month's rent
    assert "€\N{NO-BREAK SPACE}1.390,00" in page and "€\N{NO-BREAK SPACE}40,00" in page
    for private in ("0612345678", "huurder@example.org", "Geheime notitie"):
        assert private not in page
    assert AccessLog.objects.filter(action="debt_help_view", object_id=d.tenancy.ref).count() == 1


def test_the_statement_downloads_as_pdf_and_csv_and_each_is_logged(client, world):
    d = _debt_help(world["ours"])
    month = timezone.localdate().replace(day=1)
    book(d.tenancy, f"{(month - timedelta(days=1)).replace(day=1).isoformat()} rent 650.00")
    client.force_login(world["counsellor"])
    pdf = client.get(f"/schuldhulp/{d.pk}/saldo.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"saldo-{d.tenancy.ref}-" in pdf["Content-Disposition"]
    got = client.get(f"/schuldhulp/{d.pk}/saldo.csv")
    rows = list(csv.DictReader(io.StringIO(got.content.decode())))
    assert rows == [
        {
            "contract": d.tenancy.ref,
            "vervaldatum": (month - timedelta(days=1)).replace(day=1).isoformat(),
            "soort": "Huur",
            "bedrag": "650.00",
            "open": "650.00",
            "deel": "achterstallig",
        }
    ]
    assert "no-store" in got["Cache-Control"]
    assert set(AccessLog.objects.filter(object_id=d.tenancy.ref).values_list("action", flat=True)) == {
        "debt_help_pdf",
        "debt_help_csv",
    }


KINDS = [ledger.Kind.RENT, ledger.Kind.SERVICE_COSTS, ledger.Kind.COLLECTION_COSTS, ledger.Kind.OTHER_CHARGE]
entry = st.tuples(
    st.integers(min_value=0, max_value=120),  # days before the statement's day
    st.sampled_from(KINDS + [ledger.Kind.PAYMENT, ledger.Kind.WRITE_OFF]),
    st.integers(min_value=1, max_value=90000),  # cents
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry, max_size=12), on=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
def test_the_statement_adds_up_to_what_the_ledger_says_is_unpaid(entries, on):
    tenancy = make_tenancy()
    text = "\n".join(
        f"{(on - timedelta(days=back)).isoformat()} {kind.value} {from_cents(cents)}" for back, kind, cents in entries
    )
    book(tenancy, text or "")
    found = counsellor.statement(tenancy, on)
    unpaid = from_cents(ledger.totals(tenancy.core_entries(on), on).unpaid)
    assert found.total == unpaid == sum((line.open for line in found.lines), Decimal(0))
    assert found.total == sum((k.amount for k in found.kinds), Decimal(0)) == found.overdue + found.running
    assert found.overdue == sum((line.open for line in found.lines if line.overdue), Decimal(0))
    assert all(0 < line.open <= line.amount for line in found.lines)
    rows = list(csv.DictReader(io.StringIO(counsellor.statement_csv(found))))
    assert sum((Decimal(r["open"]) for r in rows), Decimal(0)) == found.total


def test_a_kennisgeving_from_the_organisation_links_the_household_to_it(client, world):
    from huurpad.debthelp import inbox
    from huurpad.messaging.models import Sender

    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
    )
    tenancy = make_tenancy()
    day = timezone.localdate()
    inbox.receive(
        [
            {
                "message_id": "skn-k1",
                "type": "kennisgeving",
                "date": day.isoformat(),
                "tenancy_ref": tenancy.ref,
                "counsellor": world["ours"].name,
                "counsellor_reference": "SH-77",
                "months": 4,
            }
        ],
        today=day,
    )
    d = DebtHelp.objects.get(tenancy=tenancy)
    assert d.partner == world["ours"]
    client.force_login(world["counsellor"])
    page = client.get(f"/schuldhulp/{d.pk}/").content.decode()
    assert "Kennisgeving" in page and "De incasso van de achterstand staat stil tot" in page
    client.force_login(world["other"])
    assert client.get(f"/schuldhulp/{d.pk}/").status_code == 403


def test_the_counsellor_reads_each_message_in_dutch_not_its_codes():
    refused = DebtMessage(type=DebtMessage.Type.GEEN_MEDEWERKING, payload={"reason": "no_cooperation"})
    assert counsellor.summary(refused) == "Geen medewerking aan deze schuldhulpverlener"
    proposal = DebtMessage(
        type=DebtMessage.Type.BETAALVOORSTEL, payload={"kind": "schuldbemiddeling", "percentage": "23.50", "months": 1}
    )
    assert counsellor.summary(proposal) == "Schuldbemiddeling: 23,50 % van de vordering in 1 maand."
