"""The write-offs waiting show the tenant's name and the amount: each role's queue writes one
access-log line per household it shows, in one statement, and only for what that role sees."""

import pytest

from conftest import _user
from huurpad.accounts.roles import Role
from huurpad.solutions.models import WriteOff
from huurpad.testing.access_log import get_logged_in_one_statement, logged
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
S = WriteOff.Status


@pytest.fixture
def waiting():
    for ref, status in (("HC1", S.PROPOSED), ("HC2", S.PROPOSED), ("HC3", S.REVIEWED), ("HC4", S.APPROVED)):
        WriteOff.objects.create(tenancy=make_tenancy(ref), amount_cents=5000, reason="Lukt niet", status=status)


def test_the_team_leader_s_queue_logs_the_proposals(client, teamleader, waiting):
    client.force_login(teamleader)
    get_logged_in_one_statement(client, "/kwijtschelding/")
    assert logged("write_off_queue", teamleader) == [("tenancy", "HC1"), ("tenancy", "HC2")]


def test_the_controller_s_queue_logs_what_waits_for_them(client, django_user_model, waiting):
    controller = _user(django_user_model, "carla", Role.CONTROLLER)
    client.force_login(controller)
    get_logged_in_one_statement(client, "/kwijtschelding/")
    assert logged("write_off_queue", controller) == [("tenancy", "HC3")]
