"""The e-mail channel against a real SMTP server on this machine (aiosmtpd)."""

import socket
from datetime import date, datetime
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from huurpad.cases.models import CaseEvent
from huurpad.messaging import channels, outbox
from huurpad.messaging.channels import email
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


class Mailbox:
    """Keeps what arrives; refuses mail for addresses at 'weigert.example'."""

    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@weigert.example"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server on the port it was given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.DEFAULT_FROM_EMAIL = "huur@delinde.example"
    yield mailbox
    controller.stop()


def message(to="j.jansen@example.nl"):
    return OutboxMessage.objects.create(
        tenancy=make_tenancy(),
        action="nudge",
        channel="email",
        day=date(2026, 11, 27),
        recipient=to,
        subject="Uw huur van november",
        body="Beste J. Jansen,\n\nde huur van november is nog niet betaald.",
    )


def test_an_email_arrives_with_our_reference(smtp):
    m = message()
    assert email.Channel().send(m) == m.reference
    [(sender, to, mail)] = smtp.received
    assert (sender, to) == ("huur@delinde.example", ["j.jansen@example.nl"])
    assert str(make_header(decode_header(mail["Subject"]))) == "Uw huur van november"
    assert mail["Message-ID"] == f"<{m.reference}@huurpad>"
    assert "de huur van november is nog niet betaald." in mail.get_payload(decode=True).decode()


def test_an_address_the_server_refuses_is_given_up(smtp):
    with pytest.raises(channels.Refused, match="adres geweigerd"):
        email.Channel().send(message(to="iemand@weigert.example"))
    assert smtp.received == []


def test_no_server_means_try_again_later(smtp, settings):
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(channels.TryAgain):
        email.Channel().send(message())


def test_the_worker_sends_email_through_smtp_once(smtp, monkeypatch):
    monkeypatch.setattr(channels, "configured", lambda: {"email": email.Channel()})
    m = message()
    noon = timezone.make_aware(datetime(2026, 11, 27, 12))
    assert outbox.send_due(noon).sent == 1
    assert outbox.send_due(noon).sent == 0
    m.refresh_from_db()
    assert m.status == OutboxMessage.Status.SENT and len(smtp.received) == 1
    assert (
        CaseEvent.objects.filter(tenancy=m.tenancy, type=CaseEvent.Type.MESSAGE_SENT, params__channel="email").count()
        == 1
    )
