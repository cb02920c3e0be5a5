"""Messages whose sending was cut off on a channel that cannot tell a repeat: never sent again by
themselves, never lost silently. Officers see them (their own list, a count on 'Vandaag', a note
on the timeline) and settle each: 'Toch verstuurd' or 'Opnieuw versturen', on the timeline under
their name."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import CaseEvent
from huurpad.collection.models import PolicyVersion
from huurpad.messaging import actions, channels, outbox
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status
T = CaseEvent.Type
NOW = timezone.make_aware(datetime(2026, 11, 27, 10, 30))  # a Friday morning, outside quiet hours
LATER = timezone.make_aware(datetime(2026, 11, 27, 10, 45))  # after the worker's lease


class Gateway:
    """An SMS provider that cannot recognise a repeat (as CM.com and SMTP). With `crash_before`,
    the worker dies after claiming the message and before the request leaves."""

    idempotent = False

    def __init__(self):
        self.delivered, self.crash_before = [], False

    def send(self, message):
        if self.crash_before:
            raise SystemExit("killed before the request left")  # like a kill: no except clause catches it
        self.delivered.append(message.reference)
        return f"cm-{message.reference}"


@pytest.fixture
def gateway(monkeypatch):
    found = Gateway()
    monkeypatch.setattr(channels, "configured", lambda: {"sms": found})
    return found


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user(
        "incassomedewerker", password="x", first_name="Fatima", last_name="El Amrani"
    )
    user.groups.add(Group.objects.get(name="incassomedewerker"))
    return user


def cut_off(gateway) -> OutboxMessage:
    """A message the worker claimed and then died on, before the request left; found by the next pass."""
    message = OutboxMessage.objects.create(
        tenancy=make_tenancy("HC7", phone="0612345678"),
        action="nudge",
        channel="sms",
        day=date(2026, 11, 27),
        recipient="0612345678",
        body="Beste J. Jansen, ...",
    )
    gateway.crash_before = True
    with pytest.raises(SystemExit):
        outbox.send_due(NOW)
    message.refresh_from_db()
    assert message.status == S.SENDING and message.attempts == 1 and gateway.delivered == []
    gateway.crash_before = False
    assert outbox.send_due(LATER).uncertain == 1  # the next worker: it cannot know the request never left
    message.refresh_from_db()
    return message


def test_a_worker_killed_before_the_request_left_leaves_the_message_for_a_person_not_lost(gateway):
    message = cut_off(gateway)
    assert message.status == S.UNCERTAIN and "misschien is het bericht al aangekomen" in message.last_error
    assert outbox.send_due(LATER).sent == 0 and gateway.delivered == []  # never sent again by itself
    (note,) = CaseEvent.objects.filter(tenancy=message.tenancy, type=T.NOTE)
    assert "misschien niet aangekomen" in note.params["text"] and "Berichten om te controleren" in note.params["text"]
    assert list(actions.uncertain()) == [message]


def test_officers_see_the_uncertain_messages_and_how_many_on_vandaag(gateway, officer, client):
    message = cut_off(gateway)
    client.force_login(officer)
    today = client.get("/vandaag/").content.decode()
    assert "1 bericht is misschien niet aangekomen" in today and "/berichten/onzeker/" in today
    page = client.get("/berichten/onzeker/").content.decode()
    assert "HC7" in page and "Toch verstuurd" in page and "Opnieuw versturen" in page
    assert (
        f"/berichten/{message.pk}/toch-verstuurd/" in page
        and "Betaalherinnering met betaallink per sms, 27 november 2026" in page
    )
    assert AccessLog.objects.filter(user=officer, object_id="HC7").count() == 1  # a list with names and numbers
    assert "Versturen begon op 27-11-2026 om 10:30" in page  # when the cut-off worker claimed it


def test_sent_again_it_goes_once_more_and_the_timeline_says_who_decided(gateway, officer, client):
    message = cut_off(gateway)
    client.force_login(officer)
    response = client.post(f"/berichten/{message.pk}/opnieuw/")
    assert response.status_code == 302 and response["Location"] == "/berichten/onzeker/"
    message.refresh_from_db()
    assert message.status == S.QUEUED and message.attempts == 0
    assert outbox.send_due(LATER).sent == 1 and outbox.send_due(LATER).sent == 0
    assert gateway.delivered == [message.reference]  # exactly once
    decided = CaseEvent.objects.filter(type=T.NOTE, actor=officer).get()
    assert decided.params["text"].startswith("Opnieuw versturen:")
    assert CaseEvent.objects.filter(type=T.MESSAGE_SENT, params__action="nudge").count() == 1
    again = client.post(f"/berichten/{message.pk}/opnieuw/", follow=True)  # a second click
    assert "al afgehandeld" in again.content.decode()
    assert outbox.send_due(LATER).sent == 0 and gateway.delivered == [message.reference]


def test_sent_again_the_officer_reads_the_quiet_hours_the_policy_sets(gateway, officer, client):
    current = PolicyVersion.current()
    text = current.text.replace('quiet_hours_start = "21:00"', 'quiet_hours_start = "22:00"').replace(
        'quiet_hours_end = "08:00"', 'quiet_hours_end = "07:30"'
    )
    PolicyVersion.objects.create(number=current.number + 1, text=text, note="Later stil")
    message = cut_off(gateway)
    client.force_login(officer)
    page = client.post(f"/berichten/{message.pk}/opnieuw/", follow=True).content.decode()
    assert "HC7: het bericht gaat binnen een paar minuten opnieuw weg (niet tussen 22:00 en 07:30)." in page


def test_sent_after_all_it_is_on_the_timeline_under_the_officers_name(gateway, officer, client):
    message = cut_off(gateway)
    client.force_login(officer)
    client.post(f"/berichten/{message.pk}/toch-verstuurd/")
    message.refresh_from_db()
    assert message.status == S.SENT and gateway.delivered == []
    sent = CaseEvent.objects.get(type=T.MESSAGE_SENT)
    assert sent.actor == officer and sent.date == date(2026, 11, 27) and "na controle" in sent.params["note"]
    assert not actions.send_again(message, acting_user=officer)  # settled: nothing more to do
    assert not actions.confirm_sent(message, acting_user=officer)
    assert CaseEvent.objects.filter(type=T.MESSAGE_SENT).count() == 1
    assert "misschien niet aangekomen" not in client.get("/vandaag/").content.decode()


def test_only_those_who_work_with_arrears_settle_a_message(gateway, django_user_model, client):
    message = cut_off(gateway)
    client.force_login(django_user_model.objects.create_user("buurman", password="x"))
    assert client.post(f"/berichten/{message.pk}/opnieuw/").status_code == 403
    message.refresh_from_db()
    assert message.status == S.UNCERTAIN
