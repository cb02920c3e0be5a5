"""The outbox worker: each composed message goes out once; failures are tried again with growing
pauses, then given up with the reason; a send cut off by a stopped worker is never repeated on a
channel that cannot recognise a repeat."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from huurpad.cases.models import CaseEvent
from huurpad.messaging import channels, outbox
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status
NOW = timezone.make_aware(datetime(2026, 11, 27, 10, 30))  # a Friday morning, outside quiet hours


class Provider:
    """A provider that delivers each reference once, however often it is asked."""

    def __init__(self, idempotent=True, fail=None, stop_after=None):
        self.idempotent, self.fail, self.stop_after = idempotent, fail, stop_after
        self.delivered, self.requests = [], 0

    def send(self, message):
        self.requests += 1
        if self.fail:
            raise self.fail
        if message.reference not in self.delivered or not self.idempotent:
            self.delivered.append(message.reference)
        if self.stop_after is not None and self.requests == self.stop_after:
            raise SystemExit("the worker is stopped right after the provider accepted")  # like a kill
        return f"p-{message.reference}"


@pytest.fixture
def provider(monkeypatch):
    found = Provider()
    monkeypatch.setattr(channels, "configured", lambda: {"sms": found})
    return found


def queue(n=1, channel="sms", body="Beste mevrouw Bakker, de huur is nog niet betaald."):
    tenancy = make_tenancy()
    return [
        OutboxMessage.objects.create(
            tenancy=tenancy,
            action="nudge",
            channel=channel,
            day=date(2026, 11, 27),
            recipient="0612345678",
            subject="Huur",
            body=body,
        )
        for _ in range(n)
    ]


def test_each_message_goes_out_once_and_shows_on_the_timeline(provider):
    messages = queue(3)
    assert outbox.send_due(NOW).sent == 3
    assert outbox.send_due(NOW).sent == 0
    assert provider.delivered == [m.reference for m in messages] and provider.requests == 3
    for m in messages:
        m.refresh_from_db()
        assert m.status == S.SENT and m.provider_ref == f"p-{m.reference}" and m.attempts == 1
    assert CaseEvent.objects.filter(type=CaseEvent.Type.MESSAGE_SENT).count() == 3


def test_what_is_not_composed_or_has_no_channel_waits(provider):
    (bare,) = queue(body="")
    (letter,) = queue(channel="letter")
    outbox.send_due(NOW)
    assert provider.requests == 0
    assert {m.status for m in OutboxMessage.objects.filter(pk__in=[bare.pk, letter.pk])} == {S.QUEUED}


def test_a_failure_is_tried_again_after_growing_pauses_then_given_up_with_the_reason(provider):
    provider.fail = channels.TryAgain("provider busy (503)")
    (m,) = queue()
    moment, waits = NOW, []
    for attempt in range(1, outbox.MAX_ATTEMPTS):
        assert outbox.send_due(moment).failed == 1
        m.refresh_from_db()
        assert m.status == S.FAILED and m.attempts == attempt and m.last_error == "provider busy (503)"
        assert outbox.send_due(m.next_attempt_at - timedelta(seconds=1)).failed == 0  # not before its time
        waits.append(m.next_attempt_at - moment)
        moment = m.next_attempt_at
    assert waits == outbox.PAUSES
    counts = outbox.send_due(moment)
    m.refresh_from_db()
    assert counts.given_up == 1 and m.status == S.GIVEN_UP and "5 pogingen mislukt" in m.last_error
    failed = CaseEvent.objects.get(type=CaseEvent.Type.MESSAGE_FAILED)
    assert failed.params["reason"] == m.last_error
    assert outbox.send_due(moment + timedelta(days=1)).given_up == 0 and provider.requests == outbox.MAX_ATTEMPTS


def test_a_refusal_is_given_up_at_once(provider):
    provider.fail = channels.Refused("geen geldig nummer")
    (m,) = queue()
    assert outbox.send_due(NOW).given_up == 1
    m.refresh_from_db()
    assert m.status == S.GIVEN_UP and m.last_error == "geen geldig nummer" and m.attempts == 1


def test_a_message_claimed_by_another_worker_is_left_alone(provider):
    (m,) = queue()
    OutboxMessage.objects.filter(pk=m.pk).update(status=S.SENDING, claimed_at=NOW)
    counts = outbox.Counts()
    outbox.send_one(m.pk, NOW, counts)
    assert provider.requests == 0 and counts.sent == 0


@pytest.mark.parametrize("idempotent", [True, False])
def test_a_worker_stopped_mid_send_never_makes_a_message_arrive_twice(provider, idempotent):
    provider.idempotent, provider.stop_after = idempotent, 2
    messages = queue(4)
    with pytest.raises(SystemExit):
        outbox.send_due(NOW)
    cut_off = OutboxMessage.objects.get(status=S.SENDING)
    assert cut_off == messages[1] and provider.delivered == [messages[0].reference, messages[1].reference]
    provider.stop_after = None

    outbox.send_due(NOW + timedelta(minutes=1))  # within the lease: the claim still counts
    cut_off.refresh_from_db()
    assert cut_off.status == S.SENDING

    counts = outbox.send_due(NOW + outbox.LEASE + timedelta(seconds=1))
    cut_off.refresh_from_db()
    if idempotent:  # sent again; the provider recognises the reference and delivers it once
        assert counts.requeued == 1 and cut_off.status == S.SENT
        assert sorted(provider.delivered) == sorted(m.reference for m in messages)
    else:  # may have arrived: a person checks, nothing is sent again
        assert counts.uncertain == 1 and cut_off.status == S.UNCERTAIN and "Controleer" in cut_off.last_error
        assert provider.delivered.count(cut_off.reference) == 1
    assert OutboxMessage.objects.filter(status=S.SENT).count() == (4 if idempotent else 3)
    assert len(provider.delivered) == len(set(provider.delivered)) == 4


@pytest.mark.parametrize(
    "clock, sent", [("20:59", 1), ("21:00", 0), ("23:30", 0), ("03:00", 0), ("07:59", 0), ("08:00", 1)]
)
def test_nothing_goes_out_in_the_policy_quiet_hours(provider, clock, sent):
    queue()
    hour, minute = map(int, clock.split(":"))
    counts = outbox.send_due(timezone.make_aware(datetime(2026, 11, 27, hour, minute)))
    assert counts.sent == sent and counts.quiet == (not sent) and provider.requests == sent
