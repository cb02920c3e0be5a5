"""A tenant called D'Souza & Zn reads their name as written in every channel: the letter escapes
for its HTML once (and prints the name plainly), text messages and e-mails are plain text and are
never HTML-escaped."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from huurpad.collection.run import run_policy
from huurpad.messaging import channels, compose, letters, outbox
from huurpad.messaging.channels import email
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.messaging.tests.test_email import smtp  # noqa: F401 (a fixture: an SMTP server on this machine)
from huurpad.tenancies.models import Municipality
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
NAME = "J. D'Souza & Zn"
ESCAPED = ("&amp;", "&#x27;", "&#39;", "&quot;")


@pytest.fixture
def dsouza():
    Sender.objects.create(
        name="Stichting 't Heem & Co",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    tenancy = make_tenancy(
        "HC1", start=date(2023, 1, 1), surname="D'Souza & Zn", phone="06 1234 5678", email="dsouza@example.nl"
    )
    tenancy.municipality_code = "GM0599"
    tenancy.save()
    book(tenancy, "2026-10-01 rent 700.00\n2026-11-01 rent 700.00")
    return tenancy


def printed_text(document) -> str:
    """The text WeasyPrint laid out on the pages of the PDF, line by line."""
    return "\n".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants(placeholders=True)
        if hasattr(box, "text")
    )


def test_the_text_message_the_letter_and_the_email_say_dsouza_and_zn(dsouza, settings, tmp_path, monkeypatch, smtp):
    run_policy(date(2026, 10, 20), full=True)  # a nudge by SMS
    run_policy(date(2026, 11, 5), full=True)  # a reminder letter
    compose.compose_due(date(2026, 11, 5), base_url="https://huurpad.example")
    sms = OutboxMessage.objects.get(channel="sms")
    assert sms.body.startswith(f"Beste {NAME},") and "Stichting 't Heem & Co" in sms.body
    assert not any(escaped in sms.body for escaped in ESCAPED)

    printed = []
    real_pdf = letters.pdf
    monkeypatch.setattr(
        letters,
        "pdf",
        lambda batch, sender=None: printed.append(letters.document(batch, sender)) or real_pdf(batch, sender),
    )
    settings.VAR_DIR = tmp_path
    call_command("print-letters", "--date", "2026-11-05")
    [document] = printed
    text = printed_text(document)
    assert f"Beste {NAME}," in text  # the salutation
    assert NAME in text.split("\n")  # the address window
    assert "Stichting 't Heem & Co" in text  # the letterhead and the signature
    assert not any(escaped in text for escaped in ESCAPED)

    mail = OutboxMessage.objects.create(
        tenancy=dsouza,
        action="nudge",
        channel="email",
        day=date(2026, 11, 27),
        recipient=compose.recipient(dsouza, "email"),
        subject=sms.subject,
        body=compose.texts.render(
            "call_me_back", "long", name=NAME, corporation="Stichting 't Heem & Co", phone="010 123 45 67"
        ).body,
    )
    monkeypatch.setattr(channels, "configured", lambda: {"email": email.Channel()})
    assert outbox.send_due(timezone.make_aware(datetime(2026, 11, 27, 12))).sent >= 1
    [received] = [m for _, to, m in smtp.received if to == ["dsouza@example.nl"]]
    body = received.get_payload(decode=True).decode()
    assert (
        body.startswith(f"Beste {NAME},")
        and "Stichting 't Heem & Co" in body
        and mail.body in body.replace("\r\n", "\n")
    )
    assert not any(escaped in body for escaped in ESCAPED)
