"""Warm handovers: an officer refers a household; the partner sees only that, and reports back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import CaseEvent, Partner, Referral, Task
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def buurtteam(partner):
    team = Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    team.members.add(partner)
    return team


@pytest.fixture
def coach(django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("carla")
    other.groups.add(Group.objects.get(name="partner"))
    Partner.objects.create(name="Budgetcoaches", kind=Partner.Kind.BUDGETCOACH).members.add(other)
    return other


def refer(client, tenancy, team, **extra):
    data = {
        "partner": team.pk,
        "reason": "Zorgen om schulden, wil hulp",
        "basis": "consent",
        "follow_up_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
    } | extra
    return client.post(f"/huurcontract/{tenancy.ref}/doorverwijzen/", data)


def test_an_officer_refers_and_the_partner_reports_back(client, officer, partner, buurtteam):
    tenancy = make_tenancy("HC600", surname="Jansen", phone="0611111111")
    client.force_login(officer)
    response = refer(client, tenancy, buurtteam)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.partner, referral.basis, referral.created_by) == (buurtteam, "consent", officer)
    task = Task.objects.get(action="referral_follow_up")
    assert task.due_date == timezone.localdate() + timedelta(days=14) and task.assigned_to == officer
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Doorverwezen naar een partner" in page and "Partner: Buurtteam Noord" in page

    client.force_login(partner)
    listing = client.get("/partner/").content.decode()
    assert "Jansen" in listing and "Zorgen om schulden" in listing
    detail = client.get(f"/partner/{referral.pk}/").content.decode()
    assert "0611111111" in detail and "Toestemming van de huurder" in detail
    assert "IBAN" not in detail and "Huurrekening" not in detail and "Achterstand" not in detail
    assert AccessLog.objects.filter(user=partner, object_id="HC600", action="partner_view").exists()

    client.post(f"/partner/{referral.pk}/", {"text": "Kennismaking gehad, hulp gestart", "close": "on"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    feedback = CaseEvent.objects.get(type=CaseEvent.Type.PARTNER_FEEDBACK)
    assert feedback.actor == partner and feedback.params == {
        "partner": "Buurtteam Noord",
        "text": "Kennismaking gehad, hulp gestart",
    }
    client.force_login(officer)
    assert "Kennismaking gehad, hulp gestart" in client.get(f"/huurcontract/{tenancy.ref}/").content.decode()


def test_a_partner_sees_only_what_was_referred_to_their_own_organisation(client, officer, partner, buurtteam, coach):
    mine, other = make_tenancy("HC601", surname="Mijn"), make_tenancy("HC602", surname="Ander")
    client.force_login(officer)
    refer(client, mine, buurtteam)
    refer(client, other, Partner.objects.get(name="Budgetcoaches"))
    theirs = Referral.objects.get(tenancy=other)
    client.force_login(partner)
    listing = client.get("/partner/").content.decode()
    assert "Mijn" in listing and "Ander" not in listing
    assert client.get(f"/partner/{theirs.pk}/").status_code == 403
    assert client.post(f"/partner/{theirs.pk}/", {"text": "x"}).status_code == 403
    assert client.get(f"/huurcontract/{other.ref}/").status_code == 403
    assert client.get(f"/huurcontract/{mine.ref}/").status_code == 403  # not even their own: only the referral
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.PARTNER_FEEDBACK).exists()


def test_officers_and_outsiders_have_no_partner_pages(client, officer, outsider, buurtteam):
    for user in (officer, outsider):
        client.force_login(user)
        assert client.get("/partner/").status_code == 403


def test_a_referral_needs_a_reason_and_a_ground(client, officer, buurtteam):
    tenancy = make_tenancy("HC603")
    client.force_login(officer)
    response = refer(client, tenancy, buurtteam, reason="", basis="")
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "Schrijf kort waarom" in text
        and "Kies de grondslag" in text
        and "De doorverwijzing is nog niet opgeslagen" in text
    )
    assert not Referral.objects.exists() and not Task.objects.exists()
