"""A partner's access to a household ends when the referral closes: the household's name, address,
phone and e-mail are gone from the partner's pages; what the partner wrote stays theirs to read."""

import pytest
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import Partner, Referral
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(client, officer, partner):
    team = Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    team.members.add(partner)
    tenancy = make_tenancy("HC610", surname="Jansen", phone="0611111111")
    referral = Referral.objects.create(
        tenancy=tenancy,
        partner=team,
        reason="Schulden bij de energieleverancier",
        basis="consent",
        follow_up_on=timezone.localdate(),
        created_by=officer,
    )
    client.force_login(partner)
    assert client.post(f"/partner/{referral.pk}/", {"text": "Hulp gestart, afgerond", "close": "on"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    AccessLog.objects.all().delete()
    return referral


def test_after_closing_the_partner_reads_its_own_feedback_and_nothing_of_the_household(client, closed):
    detail = client.get(f"/partner/{closed.pk}/")
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "Hulp gestart, afgerond" in text
    for personal in ("Jansen", "0611111111", "Lindelaan", "Schulden bij de energieleverancier", "HC610"):
        assert personal not in text, personal
    listing = client.get("/partner/").content.decode()
    assert "Afgesloten doorverwijzing" in listing
    for personal in ("Jansen", "Lindelaan", "Schulden bij de energieleverancier"):
        assert personal not in listing, personal
    assert not AccessLog.objects.exists()  # nothing of the household was shown


def test_after_closing_the_partner_cannot_add_to_it(client, closed):
    assert client.post(f"/partner/{closed.pk}/", {"text": "Nog iets"}).status_code == 403
    assert "Nog iets" not in client.get(f"/partner/{closed.pk}/").content.decode()
