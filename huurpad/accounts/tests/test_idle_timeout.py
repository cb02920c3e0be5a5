"""A staff session ends after 30 minutes without a request. The last request's time is written to
the session at most once a minute, so reading case pages does not write the session each time."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from huurpad.accounts.middleware import SEEN
from huurpad.accounts.models import AccessLog
from huurpad.portal.tests.conftest import home, log_in, sender  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def stored(client) -> dict:
    return Session.objects.get(session_key=client.session.session_key).get_decoded()


def test_a_staff_session_ends_after_thirty_idle_minutes(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
        assert client.get(reverse("worklist")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("worklist")).status_code == 200  # still there, and active again
    with time_machine.travel(start + timedelta(minutes=29 + 29), tick=False):
        assert client.get(reverse("worklist")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 29 + 31), tick=False):
        response = client.get(reverse("tenancy_detail", args=["HC1"]))
        assert response["Location"] == f"{reverse('login')}?next=%2Fhuurcontract%2FHC1%2F"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
    assert "U bent uitgelogd, omdat u een half uur niets deed" in page
    ended = AccessLog.objects.get(outcome=AccessLog.Outcome.SIGNED_OUT)  # and the access log says why
    assert (ended.user, ended.action, ended.address) == (officer, "signout_idle", "127.0.0.1")


def test_the_last_request_is_written_at_most_once_a_minute(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
        client.get(reverse("worklist"))
        first = stored(client)[SEEN]
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        client.get(reverse("worklist"))
        assert stored(client)[SEEN] == first  # not written again within the minute
    with time_machine.travel(start + timedelta(seconds=70), tick=False):
        client.get(reverse("worklist"))
        assert stored(client)[SEEN] == first + 70


def test_tenants_keep_the_portals_own_rules(client, home):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, "anna@example.nl")
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert client.get(reverse("portal:overview")).status_code == 200
        assert SEEN not in stored(client)


def test_an_htmx_request_after_the_idle_time_sends_the_whole_page_to_sign_in(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
        client.get(reverse("worklist"))
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(
            reverse("worklist"),
            {"segment": "first_time"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL="http://testserver/?zoek=HC1",
        )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('login')}?next=%2F%3Fzoek%3DHC1"
