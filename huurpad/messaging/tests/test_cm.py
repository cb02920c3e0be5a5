"""The CM.com channel against a local stand-in of its gateway."""

from datetime import date

import pytest

from huurpad.messaging import channels
from huurpad.messaging.channels import cm
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.fake_cm import FakeCM
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(monkeypatch):
    with FakeCM() as fake:
        monkeypatch.setenv("HUURPAD_CM_URL", fake.url)
        monkeypatch.setenv("HUURPAD_CM_TOKEN", fake.token)
        monkeypatch.setenv("HUURPAD_SMS_SENDER", "DeLinde")
        yield fake


def message(channel="sms", to="06 1234 5678"):
    return OutboxMessage.objects.create(tenancy=make_tenancy(), action="nudge", channel=channel, day=date(2026, 11, 27),
                                        recipient=to, body="Beste mevrouw Bakker, de huur is nog niet betaald.")  # fmt: skip


def test_an_sms_goes_out_with_our_reference(gateway):
    m = message()
    assert cm.Channel().send(m) == m.reference
    (sent,) = gateway.accepted
    assert sent == {"from": "DeLinde", "to": [{"number": "0031612345678"}], "reference": m.reference,
                    "body": {"type": "auto", "content": "Beste mevrouw Bakker, de huur is nog niet betaald."}}  # fmt: skip


def test_whatsapp_is_asked_for_by_allowed_channels(gateway):
    cm.Channel().send(message(channel="whatsapp"))
    assert gateway.accepted[0]["allowedChannels"] == ["WhatsApp"]


@pytest.mark.parametrize("number, international", [("0612345678", "0031612345678"), ("+32 470 12 34 56", "0032470123456"),
                                                   ("(010) 123-4567", "0031101234567")])  # fmt: skip
def test_numbers_are_written_as_cm_com_wants_them(number, international):
    assert cm.international(number) == international


@pytest.mark.parametrize("number", ["", "12345", "06-abc", "0031"])
def test_a_number_that_cannot_be_one_is_refused_before_anything_is_sent(number):
    with pytest.raises(channels.Refused, match="geen geldig telefoonnummer"):
        cm.international(number)


def test_a_number_the_gateway_rejects_is_refused(gateway):
    gateway.reject_numbers.add("0031612345678")
    with pytest.raises(channels.Refused, match="is not a number"):
        cm.Channel().send(message())


def test_a_wrong_token_or_a_failing_gateway_is_tried_again(gateway, monkeypatch):
    monkeypatch.setenv("HUURPAD_CM_TOKEN", "wrong")
    with pytest.raises(channels.TryAgain, match="code 101"):
        cm.Channel().send(message())
    monkeypatch.setenv("HUURPAD_CM_TOKEN", gateway.token)
    gateway.fail_with = 503
    with pytest.raises(channels.TryAgain, match="503"):
        cm.Channel().send(message())
    assert gateway.accepted == []


def test_no_answer_in_time_leaves_it_unknown_whether_it_went_out(gateway, monkeypatch):
    gateway.hold = 1.0
    monkeypatch.setattr(cm, "TIMEOUT", 0.2)
    with pytest.raises(channels.Unknown):
        cm.Channel().send(message())
    assert len(gateway.accepted) == 1  # it did go out: sending it again would make two


def test_an_unreachable_gateway_is_tried_again(monkeypatch):
    monkeypatch.setenv("HUURPAD_CM_URL", "http://127.0.0.1:9/v1.0/message")
    monkeypatch.setenv("HUURPAD_CM_TOKEN", "t")
    with pytest.raises(channels.TryAgain, match="niet bereikbaar"):
        cm.Channel().send(message())
