"""The move candidates show households' addresses, size and rent: the page writes one access-log
line per household it shows, in one statement, only for the rows the chosen filter shows."""

import pytest

from huurpad.rents.models import HomeFacts
from huurpad.rents.tests.test_moves import home
from huurpad.testing.access_log import get_logged_in_one_statement, logged

pytestmark = pytest.mark.django_db


def test_the_candidates_shown_are_logged(client, teamleader):
    home("GROOT", "600.00", rooms=4)  # one person, four rooms
    home("DUUR", "750.00", income=20000)  # too expensive with huurtoeslag
    home("GEZIN", "600.00", persons=3, rooms=5)  # fits: not a candidate
    assert HomeFacts.objects.count() == 2
    client.force_login(teamleader)
    get_logged_in_one_statement(client, "/verhuiskandidaten/", {"toon": "groot"})
    assert logged("move_candidates", teamleader) == [("tenancy", "GROOT")]
    get_logged_in_one_statement(client, "/verhuiskandidaten/")
    assert logged("move_candidates", teamleader) == [("tenancy", "DUUR"), ("tenancy", "GROOT"), ("tenancy", "GROOT")]
