"""The overview of the daily runs: who may see it and what it says about each run."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huurpad.collection.models import PolicyRun, PolicyVersion
from huurpad.collection.run import run_policy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

URL = reverse("policy_runs")


@pytest.mark.parametrize("who", ["officer", "partner", "outsider"])
def test_others_get_403(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("who", ["teamleader", "admin_user_"])
def test_teamleader_and_beheerder_see_it(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Huurpad heeft het beleid nog niet gecontroleerd" in response.content.decode()


def test_shows_each_run_with_version_status_duration_and_counts_by_step(client, teamleader):
    t = make_tenancy("A1", start=date(2020, 1, 1), phone="0612345678")
    book(t, "2026-02-01 rent 650.00\n2026-02-01 service_costs 50.00\n2026-02-02 payment 700.00")
    book(t, "2026-03-01 rent 650.00\n2026-03-01 service_costs 50.00")
    make_tenancy("A2")
    run_policy(date(2026, 3, 11))  # a nudge and a call for A1
    PolicyRun.objects.create(
        day=date(2026, 3, 12),
        policy_version=PolicyVersion.current(),
        status=PolicyRun.Status.FAILED,
        started_at=timezone.now() + timedelta(minutes=1),
    )
    client.force_login(teamleader)
    response = client.get(URL)
    rows = response.context["rows"]
    assert [r["run"].day for r in rows] == [date(2026, 3, 12), date(2026, 3, 11)]  # newest first
    assert rows[1]["counts"] == {"tenancies": 2, "in_arrears": 1, "proposals": 2}
    assert rows[1]["by_action"] == [("Betaalherinnering met betaallink", 1), ("Bellen", 1)]
    assert rows[0]["counts"] == {"tenancies": None, "in_arrears": None, "proposals": None}
    text = response.content.decode()
    assert "11 maart 2026" in text and "Klaar" in text and "Mislukt" in text
    assert "<li>Bellen: 1</li>" in text
    assert reverse("policy_version", args=[1]) in text
    assert '<th scope="col" class="utrecht-table__header-cell">Per stap</th>' in text
    assert "<caption" in text


def test_shows_at_most_the_last_thirty(client, teamleader):
    version = PolicyVersion.current()
    start = timezone.now() - timedelta(days=40)
    PolicyRun.objects.bulk_create(
        PolicyRun(
            day=date(2026, 1, 1) + timedelta(days=n),
            policy_version=version,
            status="done",
            started_at=start + timedelta(days=n),
        )
        for n in range(35)
    )
    client.force_login(teamleader)
    rows = client.get(URL).context["rows"]
    assert len(rows) == 30
    assert rows[0]["run"].day == date(2026, 2, 4)
