"""The move-candidate list comes one page at a time (the demo's 537 households were one 464 KB
page): a page shows and logs only its own households, keeps the filter and the order, and says
how many there are in all."""

import pytest

from huurpad.accounts.models import AccessLog
from huurpad.rents import views
from huurpad.rents.tests.test_moves import home
from huurpad.testing.access_log import get_logged_in_one_statement, logged

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(monkeypatch):
    """Five candidates, two on a page: three too large, two too expensive."""
    monkeypatch.setattr(views, "MOVES_PER_PAGE", 2)
    home("A-GROOT", "600.00", rooms=4)  # 2 rooms more than needed
    home("B-GROOT", "610.00", rooms=6)  # 4 more
    home("C-DUUR", "760.00", income=20000)
    home("D-GROOT", "620.00", rooms=5)  # 3 more
    home("E-DUUR", "740.00", income=20000)
    home("F-PAST", "600.00", persons=3, rooms=5)  # fits: never listed


def refs(response) -> list[str]:
    return [c.tenancy.ref for c in response.context["page"].object_list]


def test_a_page_shows_and_logs_only_its_own_households(client, teamleader, five):
    client.force_login(teamleader)
    first = get_logged_in_one_statement(client, "/verhuiskandidaten/")
    assert refs(first) == ["A-GROOT", "B-GROOT"]
    assert logged("move_candidates", teamleader) == [("tenancy", "A-GROOT"), ("tenancy", "B-GROOT")]
    page = first.content.decode()
    assert "5 huishoudens, nummer 1 tot en met 2" in page and "Pagina 1 van 3" in page
    assert 'href="?toon=alle&amp;sorteer=contract&amp;pagina=2">Volgende' in page
    assert "C-DUUR" not in page
    AccessLog.objects.all().delete()
    last = get_logged_in_one_statement(client, "/verhuiskandidaten/", {"pagina": "3"})
    assert refs(last) == ["E-DUUR"]
    assert logged("move_candidates", teamleader) == [("tenancy", "E-DUUR")]
    # a page that is not there shows the nearest one, not an error
    assert refs(client.get("/verhuiskandidaten/", {"pagina": "99"})) == ["E-DUUR"]
    assert refs(client.get("/verhuiskandidaten/", {"pagina": "x"})) == ["A-GROOT", "B-GROOT"]


def test_the_filters_say_how_many_and_keep_the_order(client, teamleader, five):
    client.force_login(teamleader)
    response = client.get("/verhuiskandidaten/", {"toon": "groot", "sorteer": "kamers"})
    assert response.context["filters"] == [("alle", "Alle", 5), ("duur", "Te duur", 2), ("groot", "Te groot", 3)]
    assert refs(response) == ["B-GROOT", "D-GROOT"]  # most rooms to spare first
    assert 'href="?toon=groot&amp;sorteer=kamers&amp;pagina=2"' in response.content.decode()
    assert refs(client.get("/verhuiskandidaten/", {"toon": "groot", "sorteer": "kamers", "pagina": "2"})) == ["A-GROOT"]
    assert refs(client.get("/verhuiskandidaten/", {"toon": "duur", "sorteer": "huur"})) == ["C-DUUR", "E-DUUR"]
    assert refs(client.get("/verhuiskandidaten/", {"sorteer": "huur"})) == ["C-DUUR", "E-DUUR"]
    unknown = client.get("/verhuiskandidaten/", {"toon": "<x>", "sorteer": "<y>"})
    assert unknown.context["show"] == "alle" and unknown.context["order"] == "contract"
