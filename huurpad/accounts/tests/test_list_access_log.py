"""The Werklijst and Vandaag show households' names and arrears: each page writes one access-log
line per household it shows, in one statement (never one query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import Task
from huurpad.testing.access_log import inserts_into_the_log
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind():
    tenancies = [make_tenancy(f"HC{i:03}") for i in range(60)]
    for tenancy in tenancies:
        book(tenancy, "2026-01-01 rent 650.00")
    return tenancies


def test_each_page_of_the_worklist_logs_the_households_on_it_in_one_statement(client, officer, behind):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert inserts_into_the_log(queries) == 1
    first = set(AccessLog.objects.values_list("object_id", flat=True))
    assert len(first) == 50 and AccessLog.objects.filter(action="worklist", user=officer).count() == 50
    client.get("/", {"pagina": 2})
    assert set(AccessLog.objects.values_list("object_id", flat=True)) == {t.ref for t in behind}


def test_vandaag_logs_the_households_of_the_tasks_shown(client, officer, behind):
    for tenancy in behind[:3]:
        Task.objects.create(
            tenancy=tenancy, action="call", role="incassomedewerker", title="Bellen", due_date=timezone.localdate()
        )
    Task.objects.create(
        tenancy=behind[3],
        action="escalation_review",
        role="teamleider",
        title="Beoordelen",
        due_date=timezone.localdate(),
    )
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/vandaag/").status_code == 200
    assert inserts_into_the_log(queries) == 1
    assert sorted(AccessLog.objects.filter(action="today").values_list("object_id", flat=True)) == [
        "HC000",
        "HC001",
        "HC002",
    ]


def test_an_empty_list_writes_nothing(client, officer):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/vandaag/").status_code == 200
    assert inserts_into_the_log(queries) == 0
