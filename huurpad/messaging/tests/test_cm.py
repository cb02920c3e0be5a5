"""The CM.com channel against a local stand-in of its gateway."""

import json
from datetime import date

import pytest

from huurpad.cases.models import CaseEvent
from huurpad.messaging import channels
from huurpad.messaging.channels import cm
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.fake_cm import FakeCM
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with FakeCM() as fake:
        settings.CM_URL = fake.url
        settings.CM_TOKEN = fake.token
        settings.SMS_SENDER = "DeLinde"
        yield fake


def message(channel="sms", to="06 1234 5678"):
    return OutboxMessage.objects.create(
        tenancy=make_tenancy(),
        action="nudge",
        channel=channel,
        day=date(2026, 11, 27),
        recipient=to,
        body="Beste mevrouw Bakker, de huur is nog niet betaald.",
    )


def test_an_sms_goes_out_with_our_reference(gateway):
    m = message()
    assert cm.Channel().send(m) == m.reference
    (sent,) = gateway.accepted
    assert sent == {
        "from": "DeLinde",
        "to": [{"number": "0031612345678"}],
        "reference": m.reference,
        "body": {"type": "auto", "content": "Beste mevrouw Bakker, de huur is nog niet betaald."},
    }


def test_whatsapp_is_asked_for_by_allowed_channels(gateway):
    cm.Channel().send(message(channel="whatsapp"))
    assert gateway.accepted[0]["allowedChannels"] == ["WhatsApp"]


@pytest.mark.parametrize(
    "number, international",
    [("0612345678", "0031612345678"), ("+32 470 12 34 56", "0032470123456"), ("(010) 123-4567", "0031101234567")],
)
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


def test_a_wrong_token_or_a_failing_gateway_is_tried_again(gateway, settings):
    settings.CM_TOKEN = "wrong"
    with pytest.raises(channels.TryAgain, match="code 101"):
        cm.Channel().send(message())
    settings.CM_TOKEN = gateway.token
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


def test_an_unreachable_gateway_is_tried_again(settings):
    settings.CM_URL = "http://127.0.0.1:9/v1.0/message"
    settings.CM_TOKEN = "t"
    with pytest.raises(channels.TryAgain, match="niet bereikbaar"):
        cm.Channel().send(message())


@pytest.fixture
def reports(settings, client):
    settings.CM_REPORT_KEY = "geheim"

    def report(reference, status, **extra):
        return client.get("/berichten/status/cm/", {"key": "geheim", "REFERENCE": reference, "STATUS": status, **extra})

    return report


def sent(status=OutboxMessage.Status.SENT):
    m = message()
    OutboxMessage.objects.filter(pk=m.pk).update(status=status)
    m.refresh_from_db()
    return m


def test_a_delivered_report_is_kept_and_a_repeat_changes_nothing(reports):
    m = sent()
    assert reports(m.reference, "0").status_code == 200  # accepted by the operator: not final yet
    m.refresh_from_db()
    assert m.delivered_at is None
    reports(m.reference, "2")
    m.refresh_from_db()
    first = m.delivered_at
    assert m.status == OutboxMessage.Status.SENT and first is not None
    reports(m.reference, "2")
    m.refresh_from_db()
    assert m.delivered_at == first


def test_a_message_that_did_not_arrive_is_on_the_timeline_with_the_reason(reports):
    m = sent()
    reports(m.reference, "3", STANDARDERRORTEXT="Unknown subscriber")
    m.refresh_from_db()
    assert m.status == OutboxMessage.Status.GIVEN_UP and m.last_error == "niet aangekomen: Unknown subscriber"
    failed = CaseEvent.objects.get(tenancy=m.tenancy, type=CaseEvent.Type.MESSAGE_FAILED)
    assert failed.params["reason"] == "niet aangekomen: Unknown subscriber"


def test_a_report_settles_an_uncertain_message(reports):
    m = sent(OutboxMessage.Status.UNCERTAIN)
    reports(m.reference, "2")
    m.refresh_from_db()
    assert m.status == OutboxMessage.Status.SENT and m.delivered_at is not None
    assert CaseEvent.objects.filter(tenancy=m.tenancy, type=CaseEvent.Type.MESSAGE_SENT).count() == 1


def test_reports_as_json_are_read_too(reports, client):
    first, second = sent(), sent()
    body = {
        "messages": {
            "msg": [
                {"reference": first.reference, "status": {"code": "2"}},
                {"reference": second.reference, "status": {"code": "1", "errorDescription": "Blocked"}},
            ]
        }
    }
    answer = client.post("/berichten/status/cm/?key=geheim", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200
    first.refresh_from_db(), second.refresh_from_db()
    assert first.delivered_at and second.last_error == "niet aangekomen: Blocked"


def test_a_report_without_the_key_or_for_no_message_of_ours_changes_nothing(reports, client):
    m = sent()
    assert (
        client.get("/berichten/status/cm/", {"key": "fout", "REFERENCE": m.reference, "STATUS": "3"}).status_code == 404
    )
    assert reports("huurpad999999", "3").status_code == 200 and reports("iets anders", "3").status_code == 200
    m.refresh_from_db()
    assert m.status == OutboxMessage.Status.SENT


def test_a_report_in_a_shape_we_do_not_know_is_refused_and_an_email_is_never_touched(reports, client):
    assert client.post("/berichten/status/cm/?key=geheim", "[1, 2]", content_type="application/json").status_code == 200
    bad = {"messages": {"msg": ["huurpad1"]}}
    assert (
        client.post("/berichten/status/cm/?key=geheim", json.dumps(bad), content_type="application/json").status_code
        == 400
    )
    mail = sent()
    OutboxMessage.objects.filter(pk=mail.pk).update(channel="email")
    reports(mail.reference, "3")
    mail.refresh_from_db()
    assert mail.status == OutboxMessage.Status.SENT
