"""The report on solutions per month, against arrangements, pauses and write-offs made by hand."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.core.policy.config import default_policy
from huurpad.solutions import reports
from huurpad.solutions.models import Arrangement, Pause, WriteOff, WriteOffStep
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 15)
A, R, S = Arrangement.Status, Pause.Reason, WriteOffStep.Step


def at(*args):
    return datetime(*args, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def arrangement(tenancy, user, status, started=None, ended=None, reason=""):
    return Arrangement.objects.create(
        tenancy=tenancy,
        status=status,
        source="tenant",
        arrears_at_start_cents=100000,
        instalment_cents=10000,
        count=10,
        first_due=started or TODAY,
        created_by=user,
        started_on=started,
        ended_on=ended,
        end_reason=reason,
    )


def pause(tenancy, user, reason, start, ended):
    return Pause.objects.create(
        tenancy=tenancy, reason=reason, start=start, review_date=start, ended_on=ended, created_by=user
    )


def write_off(tenancy, user, created, status, cents, steps, category="other"):
    row = WriteOff.objects.create(
        tenancy=tenancy, status=status, amount_cents=cents, reason="Schuld door ziekte", reason_category=category
    )
    WriteOff.objects.filter(pk=row.pk).update(created_at=created)
    for step, when, approved in steps:
        made = WriteOffStep.objects.create(write_off=row, step=step, actor=user, approved=approved)
        WriteOffStep.objects.filter(pk=made.pk).update(at=when)
    return row


@pytest.fixture
def data(officer):
    t1, t2, t3 = make_tenancy("HC750"), make_tenancy("HC751"), make_tenancy("HC752")
    arrangement(t1, officer, A.ENDED, date(2026, 3, 10), date(2026, 6, 20), "afgelost")
    arrangement(t1, officer, A.ENDED, date(2026, 3, 20), date(2026, 5, 2), "afgebroken")
    arrangement(t2, officer, A.RUNNING, date(2026, 5, 1))
    arrangement(t3, officer, A.ENDED, date(2025, 10, 5), date(2026, 1, 31), "vervangen door een nieuwe regeling")
    arrangement(t3, officer, A.RUNNING, date(2026, 11, 3))
    arrangement(t1, officer, A.REFUSED)  # never started: counted nowhere
    arrangement(t1, officer, A.ENDED, date(2026, 8, 1), date(2026, 9, 30), "Niet nagekomen: twee termijnen gemist")

    pause(t1, officer, R.OFFICER, date(2026, 2, 10), date(2026, 4, 15))
    pause(t2, officer, R.MORATORIUM, date(2026, 4, 1), None)
    pause(t3, officer, R.KENNISGEVING, date(2026, 4, 20), date(2026, 4, 30))

    write_off(
        t1,
        officer,
        at(2026, 7, 3),
        WriteOff.Status.APPROVED,
        120000,
        [
            (S.PROPOSE, at(2026, 7, 3), None),
            (S.REVIEW, at(2026, 7, 10), True),
            (S.ASSESS, at(2026, 8, 2), True),
            (S.APPROVE, at(2026, 8, 5), True),
        ],
        category="life_event",
    )
    write_off(
        t2,
        officer,
        at(2026, 7, 20),
        WriteOff.Status.REJECTED,
        5000,
        [(S.PROPOSE, at(2026, 7, 20), None), (S.REVIEW, at(2026, 7, 25), False)],
        category="fresh_start",
    )
    write_off(
        t3,
        officer,
        at(2026, 8, 1),
        WriteOff.Status.REVIEWED,
        30000,
        [(S.PROPOSE, at(2026, 8, 1), None), (S.REVIEW, at(2026, 8, 3), True)],
        category="fresh_start",
    )
    # Just before midnight on 31 October, Amsterdam time: October's, whatever the database's clock says.
    write_off(
        t3,
        officer,
        datetime(2026, 10, 31, 23, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
        WriteOff.Status.PROPOSED,
        1000,
        [],
    )


def by_month(rows):
    return {row.month: row for row in rows}


def test_twelve_months_newest_first(data):
    rows = reports.report(TODAY)
    assert [row.month for row in rows] == [date(2026, m, 1) for m in range(11, 0, -1)] + [date(2025, 12, 1)]
    assert rows[0].until == TODAY and rows[1].until == date(2026, 10, 31) and rows[0].label == "november 2026"


def test_arrangements_per_month(data):
    figures = {
        m: (r.arrangements_started, r.arrangements_running, r.arrangements_kept, r.arrangements_broken)
        for m, r in by_month(reports.report(TODAY)).items()
    }
    assert figures == {
        date(2025, 12, 1): (0, 1, 0, 0),  # started in October 2025, before the report
        date(2026, 1, 1): (0, 0, 0, 0),  # ended on 31 January, replaced: neither kept nor broken
        date(2026, 2, 1): (0, 0, 0, 0),
        date(2026, 3, 1): (2, 2, 0, 0),
        date(2026, 4, 1): (0, 2, 0, 0),
        date(2026, 5, 1): (1, 2, 0, 1),
        date(2026, 6, 1): (0, 1, 1, 0),
        date(2026, 7, 1): (0, 1, 0, 0),
        date(2026, 8, 1): (1, 2, 0, 0),
        date(2026, 9, 1): (0, 1, 0, 1),  # 'Niet nagekomen: ...' counts as broken
        date(2026, 10, 1): (0, 1, 0, 0),
        date(2026, 11, 1): (1, 2, 0, 0),  # running today
    }


def test_pauses_per_month_by_reason(data):
    rows = by_month(reports.report(TODAY))
    nothing = {r.value: 0 for r in R}
    assert rows[date(2026, 2, 1)].pauses_started == nothing | {"officer": 1}
    assert rows[date(2026, 2, 1)].pauses_running == nothing | {"officer": 1}
    assert rows[date(2026, 3, 1)].pauses_started == nothing
    assert rows[date(2026, 3, 1)].pauses_running == nothing | {"officer": 1}
    assert rows[date(2026, 4, 1)].pauses_started == nothing | {"moratorium": 1, "kennisgeving": 1}
    assert rows[date(2026, 4, 1)].pauses_running == nothing | {"moratorium": 1}  # the other two ended in April
    assert rows[date(2026, 11, 1)].pauses_running == nothing | {"moratorium": 1}
    assert rows[date(2026, 4, 1)].pauses == [
        ("officer", "Op verzoek van de medewerker", 0, 0),
        ("kennisgeving", "Kennisgeving van de schuldhulpverlener", 1, 0),
        ("municipal_help", "Gemeente meldt: hulp aanvaard", 0, 0),
        ("moratorium", "Moratorium van de rechter", 1, 1),
        ("debt_settlement", "Schuldregeling loopt", 0, 0),
    ]


def test_write_offs_per_month(data):
    rows = by_month(reports.report(TODAY))
    july, august, october = rows[date(2026, 7, 1)], rows[date(2026, 8, 1)], rows[date(2026, 10, 1)]
    assert july.write_offs_proposed == 2 and july.standing == [("Goedgekeurd en geboekt", 1), ("Afgewezen", 1)]
    assert july.decisions == [("Beoordeling teamleider", 2), ("Toetsing controller", 0), ("Besluit manager", 0)]
    assert (july.write_off_refusals, july.write_offs_approved, july.approved_cents) == (1, 0, 0)
    assert august.write_offs_proposed == 1 and august.standing == [("Beoordeeld, wacht op de controller", 1)]
    assert august.write_off_steps == {"propose": 1, "review": 1, "assess": 1, "approve": 1, "question": 0, "answer": 0}
    assert (august.write_off_refusals, august.write_offs_approved, august.approved_cents) == (0, 1, 120000)
    assert october.write_offs_proposed == 1 and rows[date(2026, 11, 1)].write_offs_proposed == 0
    assert sum(r.write_offs_proposed for r in rows.values()) == 4


def test_write_offs_per_month_by_kind_of_reason(data):
    rows = by_month(reports.report(TODAY))
    july, august, october = rows[date(2026, 7, 1)], rows[date(2026, 8, 1)], rows[date(2026, 10, 1)]
    nothing = {r.value: 0 for r in WriteOff.ReasonCategory}
    assert july.write_offs_by_reason == nothing | {"life_event": 1, "fresh_start": 1}  # proposed in July
    assert august.write_offs_by_reason == nothing | {"fresh_start": 1}
    assert october.write_offs_by_reason == nothing | {"other": 1}
    assert july.reasons[1] == (
        "life_event",
        "Overlijden of andere ingrijpende gebeurtenis",
        1,
        0,
        0,
    )  # approved in August
    assert august.reasons == [
        ("fresh_start", "Nieuwe start met hulp", 1, 0, 0),
        ("life_event", "Overlijden of andere ingrijpende gebeurtenis", 0, 1, Decimal("1200.00")),
        ("unrecoverable", "Niet te innen", 0, 0, 0),
        ("debt_settlement", "Schuldregeling geslaagd", 0, 0, 0),
        ("other", "Andere reden", 0, 0, 0),
    ]


def test_the_report_counts_in_the_database(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # arrangements, those running and their ledgers' sums, pauses, write-offs,
        reports.report(TODAY, default_policy())  # steps, approvals: for all months at once


@time_machine.travel(datetime(2026, 11, 15, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_the_report_page_for_leaders_only(client, data, officer, teamleader):
    client.force_login(teamleader)
    page = client.get("/rapportage/oplossingen/").content.decode()
    assert "Rapportage oplossingen" in page and "augustus 2026" in page and "€\xa01.200,00" in page
    assert "Kwijtscheldingen per maand en per soort reden" in page and ">Nieuwe start met hulp</th>" in page
    assert 'href="/rapportage/oplossingen/" aria-current="page">Rapportage<' in page
    client.force_login(officer)
    assert client.get("/rapportage/oplossingen/").status_code == 403
    assert ">Rapportage<" not in client.get("/").content.decode()
    assert ">Geregelde betalingen<" in client.get("/").content.decode()
