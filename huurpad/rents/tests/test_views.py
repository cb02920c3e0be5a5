"""The team leader's page (rules, proposals, approve or reject, apply) and the move list."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group

from huurpad.accounts.roles import Role
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.rents.models import HomeFacts, RentIncreaseProposal, RentPolicy
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def april_2026():
    """The round of 2026 is prepared in April: letters more than two months before 1 July."""
    with time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


P = RentIncreaseProposal


def person(django_user_model, name, *roles):
    user = django_user_model.objects.create_user(name, password="x")
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def lead(client, django_user_model):
    Sender.objects.create(
        name="De Linde", street_address="Lindeplein 1", postcode_city="1234 AB Lindestad", phone="010 123 45 67"
    )
    client.force_login(person(django_user_model, "tom", Role.TEAMLEIDER))
    plain = make_tenancy("PLAIN")
    poor = make_tenancy("POOR")
    poor.energy_label = "G"
    poor.save()
    return client, plain, poor


def test_the_rules_are_saved_and_never_above_the_legal_maximum(lead):
    client, *_ = lead
    too_much = client.post("/huurverhoging/2026/beleid/", {"percent": "4.5", "discount_months": "12"})
    assert too_much.status_code == 400
    assert "Meer dan het wettelijke maximum van 4.1 % in 2026 mag niet." in too_much.content.decode()
    assert not RentPolicy.objects.exists()
    wrong_kind = client.post(
        "/huurverhoging/2026/beleid/", {"percent": "4.1", "discount_months": "12", "exempt_household_kinds": "rich"}
    )
    assert wrong_kind.status_code == 400 and "Onbekende soort huishouden: rich." in wrong_kind.content.decode()
    ok = client.post(
        "/huurverhoging/2026/beleid/",
        {
            "percent": "3.5",
            "exempt_energy_labels": "F,G",
            "discount_months": "6",
            "discount_low_income": "on",
            "max_step": "40.00",
        },
    )
    assert ok.status_code == 302
    policy = RentPolicy.objects.get(year=2026)
    assert (
        policy.percent,
        policy.labels,
        policy.discount_low_income,
        policy.discount_months,
        policy.max_step_cents,
    ) == (Decimal("3.50"), {"F", "G"}, True, 6, 4000)
    assert policy.updated_by.username == "tom" and not policy.exempt_tax_remission  # an unticked box is off


def test_propose_filter_decide_and_apply_from_the_page(lead):
    client, plain, poor = lead
    RentPolicy.objects.create(year=2026, percent=Decimal("4.1"))
    assert client.post("/huurverhoging/2026/voorstellen/", {"effective": "2026-07-01"}).status_code == 302
    page = client.get("/huurverhoging/?jaar=2026").content.decode()
    assert (
        "Energielabel G: geen verhoging" in page
        and "Verhoging 4,1 % (wettelijk maximum 4,1 %): € 650,00 wordt € 676,65." in page
    )
    assert "De aftoppingsgrenzen van 2026 zijn nog niet officieel bevestigd." in page
    exempt_only = client.get("/huurverhoging/?jaar=2026&toon=vrijgesteld").content.decode()
    assert "POOR" in exempt_only and ">PLAIN<" not in exempt_only

    # Approve all in the list shown (the exempt ones), then reject and approve one by one.
    client.post("/huurverhoging/2026/akkoord/", {"toon": "vrijgesteld"})
    assert dict(P.objects.values_list("tenancy__ref", "status")) == {"PLAIN": "proposed", "POOR": "approved"}
    plain_proposal = P.objects.get(tenancy=plain)
    client.post(f"/huurverhoging/voorstel/{plain_proposal.pk}/", {"besluit": "afwijzen"})
    assert P.objects.get(tenancy=plain).status == "rejected"
    client.post(f"/huurverhoging/voorstel/{plain_proposal.pk}/", {"besluit": "akkoord"})
    assert (
        P.objects.get(tenancy=plain).status == "approved" and P.objects.get(tenancy=plain).decided_by.username == "tom"
    )

    response = client.post("/huurverhoging/2026/doorvoeren/", follow=True)
    assert "2 huurverhogingen doorgevoerd; 2 brieven staan klaar om te printen." in response.content.decode()
    assert plain.rent_on(date(2026, 7, 1)).rent_cents == 67665 and poor.rent_on(date(2026, 7, 1)).rent_cents == 65000
    assert OutboxMessage.objects.filter(action="rent_increase").count() == 2
    again = client.post("/huurverhoging/2026/doorvoeren/", follow=True).content.decode()
    assert "Er waren geen goedgekeurde voorstellen om door te voeren." in again
    assert OutboxMessage.objects.count() == 2
    applied = client.post(
        f"/huurverhoging/voorstel/{plain_proposal.pk}/", {"besluit": "afwijzen"}, follow=True
    ).content.decode()
    assert "al doorgevoerd" in applied and P.objects.get(tenancy=plain).status == "applied"


def test_without_rules_no_proposals_are_made(lead):
    client, *_ = lead
    response = client.post(
        "/huurverhoging/2026/voorstellen/", {"effective": "2026-07-01"}, follow=True
    ).content.decode()
    assert "Er is nog geen huurbeleid voor 2026." in response and not P.objects.exists()
    wrong_year = client.post(
        "/huurverhoging/2026/voorstellen/", {"effective": "2027-07-01"}, follow=True
    ).content.decode()
    assert "De ingangsdatum ligt in 2026." in wrong_year


@pytest.mark.parametrize("asked", ["-1", "0", "1999", "99999999999999999999", "2026²"])
def test_a_year_no_round_can_be_for_shows_this_rounds_page_and_says_so(lead, asked):
    client, *_ = lead
    response = client.get("/huurverhoging/", {"jaar": asked})
    assert response.status_code == 200 and response.context["year"] == 2026
    assert (
        f"Een huurverhoging voor het jaar &#x27;{asked}&#x27; kennen we niet. U ziet die van 2026."
        in response.content.decode()
    )


def test_an_earlier_or_later_round_is_shown_as_asked(lead):
    client, *_ = lead
    assert client.get("/huurverhoging/", {"jaar": "2027"}).context["year"] == 2027
    assert client.get("/huurverhoging/", {"jaar": "abc"}).context["year"] == 2026


def test_the_woonconsulent_sees_the_move_candidates_with_a_link_to_the_tenancy(client, django_user_model):
    client.force_login(person(django_user_model, "wim", Role.WOONCONSULENT))
    big = make_tenancy("GROOT")
    HomeFacts.objects.create(tenancy=big, rooms=5, floor_area=110)
    make_tenancy("KLEIN")
    page = client.get("/verhuiskandidaten/").content.decode()
    assert "Te groot: 5 kamers voor 1 persoon (3 kamers meer dan nodig)." in page
    assert 'href="/huurcontract/GROOT/#doorverwijzen">Doorverwijzen naar woonconsulent</a>' in page
    assert "KLEIN" not in page
    assert (
        "Er zijn nu geen verhuiskandidaten in deze lijst."
        in client.get("/verhuiskandidaten/?toon=duur").content.decode()
    )
    assert client.get("/huurverhoging/").status_code == 403  # the rent increase is the team leader's


def test_a_year_in_the_address_no_round_can_be_for_is_not_found(lead):
    client, *_ = lead
    for year in ("0", "1999", "99999999999999999999"):
        for action in ("beleid", "voorstellen", "akkoord", "doorvoeren"):
            assert client.post(f"/huurverhoging/{year}/{action}/", {"effective": "2026-07-01"}).status_code == 404
    assert not P.objects.exists() and not RentPolicy.objects.exists()
