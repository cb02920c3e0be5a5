"""The officer's own message from the tenancy page: written from a starting text, with a pay link
if wanted, sent by the outbox, on the timeline under the officer's name."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from huurpad.cases.models import CaseEvent
from huurpad.messaging import channels, outbox
from huurpad.messaging.models import OutboxMessage, PayLink, Sender
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user("ilse", password="x", first_name="Ilse", last_name="de Vries")
    user.groups.add(Group.objects.get(name="incassomedewerker"))
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
    )
    return user


@pytest.fixture
def behind():
    today = timezone.localdate()
    tenancy = make_tenancy(
        "HC800", phone="06 1234 5678", email="a.bakker@example.nl", start=today.replace(year=today.year - 2)
    )
    book(tenancy, f"{(today.replace(day=1) - timedelta(days=1)).replace(day=1)} rent 700.00")
    return tenancy


class Provider:
    idempotent = False

    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)
        return message.reference


def test_the_page_offers_a_starting_text_and_only_the_channels_the_tenant_can_get(client, officer, behind):
    behind.tenant.refused_channels = ["whatsapp"]
    behind.tenant.save()
    client.force_login(officer)
    section = client.get(
        f"/huurcontract/{behind.ref}/formulier/bericht/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "we hebben u gebeld over de huur" in section.lower() and "010 123 45 67" in section
    assert 'value="sms"' in section and 'value="email"' in section and 'value="whatsapp"' not in section


def test_an_sms_with_a_pay_link_goes_out_and_shows_on_the_timeline_under_the_officer(
    client, officer, behind, monkeypatch
):
    client.force_login(officer)
    response = client.post(
        f"/huurcontract/{behind.ref}/bericht/",
        {"channel": "sms", "text": "Beste mevrouw, belt u ons even?", "pay_link": "on"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#bericht")
    message = OutboxMessage.objects.get()
    link = PayLink.objects.get(tenancy=behind)
    assert message.recipient == "06 1234 5678" and message.created_by == officer and message.action == "personal"
    assert message.body == f"Beste mevrouw, belt u ons even?\n\nBetalen kan met deze link: {link.checkout_url}"
    assert link.amount_cents == 70000

    provider = Provider()
    monkeypatch.setattr(channels, "configured", lambda: {"sms": provider})
    outbox.send_due(timezone.make_aware(datetime(2026, 11, 27, 10, 0)))
    assert provider.sent == [message]
    event = CaseEvent.objects.get(tenancy=behind, type=CaseEvent.Type.MESSAGE_SENT)
    assert event.actor == officer and event.params == {"action": "personal", "channel": "sms"}
    page = client.get(f"/huurcontract/{behind.ref}/").content.decode()
    assert "Stap: eigen bericht van een medewerker" in page and "Door Ilse de Vries" in page


@pytest.mark.parametrize(
    "data, error",
    [
        ({"channel": "sms", "text": ""}, "Schrijf eerst het bericht."),
        ({"channel": "whatsapp", "text": "Hallo"}, "Selecteer een geldige keuze"),  # refused by the tenant
        ({"channel": "sms", "text": "x" * 601}, "Houd het kort"),
    ],
)
def test_a_message_that_cannot_go_is_refused_and_nothing_is_queued(client, officer, behind, data, error):
    behind.tenant.refused_channels = ["whatsapp"]
    behind.tenant.save()
    client.force_login(officer)
    response = client.post(f"/huurcontract/{behind.ref}/bericht/", data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not OutboxMessage.objects.exists() and not PayLink.objects.exists()
