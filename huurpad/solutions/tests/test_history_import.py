"""Arrangements and pauses from the previous system become records when their events are imported
(cases/imports.py hands the new events to solutions/history.py)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from huurpad.cases.imports import import_events
from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import Timeline
from huurpad.imports import ImportFailed
from huurpad.messaging.models import Sender
from huurpad.solutions import arrangements, reports
from huurpad.solutions.models import Arrangement, Pause
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

A = Arrangement.Status


def line(ref, day, type_, **params):
    return {"tenancy_ref": ref, "date": day, "type": type_, **params}


HISTORY = [
    # Running: count given, the instalment worked out.
    line("H1", "2026-06-10", "arrangement_started", arrears_at_start="1200.00", first_due="2026-07-01", count=6),
    # Kept: the instalment given, the count worked out.
    line(
        "H2",
        "2026-03-04",
        "arrangement_started",
        arrears_at_start="500.00",
        first_due="2026-04-01",
        instalment="100.00",
    ),
    line("H2", "2026-08-01", "arrangement_ended", reason="afgelost"),
    # Broken, then a new one that runs.
    line("H3", "2026-02-10", "arrangement_started", arrears_at_start="900.00", first_due="2026-03-01", count=9),
    line("H3", "2026-05-01", "arrangement_ended", reason="niet nagekomen"),
    line("H3", "2026-09-15", "arrangement_started", arrears_at_start="1500.00", first_due="2026-10-01", count=10),
    # A pause that ended and one that runs.
    line("H1", "2026-01-05", "pause_started", reason="kennisgeving", review_date="2026-05-05"),
    line("H1", "2026-04-20", "pause_ended", reason="schuldregeling getroffen"),
    line("H2", "2026-11-20", "pause_started", reason="municipal_help"),
]


def jsonl(tmp_path, rows, name="events.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def homes(db):
    return {ref: make_tenancy(ref) for ref in ("H1", "H2", "H3")}


def test_arrangements_and_pauses_from_history_become_records(tmp_path, homes):
    import_events(jsonl(tmp_path, HISTORY))
    running = Arrangement.objects.get(tenancy=homes["H1"])
    assert (running.status, running.source, running.started_on) == (A.RUNNING, "history", date(2026, 6, 10))
    assert (running.arrears_at_start, running.instalment, running.count) == (Decimal("1200.00"), Decimal("200.00"), 6)
    assert running.first_due == date(2026, 7, 1) and running.created_by is None
    kept = Arrangement.objects.get(tenancy=homes["H2"])
    assert (kept.status, kept.count, kept.ended_on, kept.end_reason) == (A.ENDED, 5, date(2026, 8, 1), "afgelost")
    broken, again = Arrangement.objects.filter(tenancy=homes["H3"]).order_by("started_on")
    assert (broken.status, broken.end_reason, again.status) == (A.ENDED, "niet nagekomen", A.RUNNING)
    ended, paused = Pause.objects.order_by("start")
    assert (ended.reason, ended.review_date, ended.ended_on) == ("kennisgeving", date(2026, 5, 5), date(2026, 4, 20))
    # Without a review date: the timeline's default, so the record and the policy agree.
    assert (paused.reason, paused.review_date, paused.ended_on) == ("municipal_help", date(2026, 12, 20), None)
    assert paused.from_history


def test_the_record_holds_the_terms_the_policy_reads(tmp_path, homes):
    import_events(jsonl(tmp_path, HISTORY))
    timeline = Timeline()
    for event in CaseEvent.objects.filter(tenancy=homes["H1"]).order_by("date", "id"):
        timeline.add(event.date, event.type, event.params)
    record = Arrangement.objects.get(tenancy=homes["H1"])
    assert timeline.arrangement(Decimal("0")) == record.terms()


def test_the_same_file_twice_makes_nothing_twice(tmp_path, homes):
    path = jsonl(tmp_path, HISTORY)
    import_events(path)
    again = import_events(path)
    assert again.created == 0
    assert Arrangement.objects.count() == 4 and Pause.objects.count() == 2
    # A later file that ends the running arrangement ends that one, and adds nothing else.
    import_events(jsonl(tmp_path, [line("H1", "2026-12-01", "arrangement_ended", reason="afgelost")], "later.jsonl"))
    assert Arrangement.objects.filter(status=A.RUNNING).count() == 1
    assert Arrangement.objects.get(tenancy=homes["H1"]).end_reason == "afgelost"


def test_a_bad_line_makes_no_record(tmp_path, homes):
    bad = line(
        "H2", "2026-05-01", "arrangement_started", arrears_at_start="300.00", first_due="2026-06-01", count="zes"
    )
    path = jsonl(tmp_path, [*HISTORY, bad])
    with pytest.raises(ImportFailed) as failure:
        import_events(path)
    assert f"{path}:{len(HISTORY) + 1}: count:" in str(failure.value)
    assert not Arrangement.objects.exists() and not Pause.objects.exists() and not CaseEvent.objects.exists()


def test_history_older_than_an_arrangement_made_in_huurpad_is_refused(tmp_path, homes, django_user_model):
    Sender.objects.create(name="De Linde", street_address="Postbus 1", postcode_city="3000 AB Rotterdam", phone="010")
    officer = django_user_model.objects.create_user("medewerker")
    arrangements.start_pause(homes["H1"], reason="officer", acting_user=officer, today=date(2026, 12, 1))
    path = jsonl(tmp_path, HISTORY)
    with pytest.raises(ImportFailed) as failure:
        import_events(path)
    assert f"{path}:7: date: 2026-01-05 lies before the pause made in Huurpad on 2026-12-01" in str(failure.value)
    assert Pause.objects.count() == 1 and not Arrangement.objects.exists()
    assert not CaseEvent.objects.filter(source="import").exists()


def test_the_report_counts_them(tmp_path, homes):
    import_events(jsonl(tmp_path, HISTORY))
    by_month = {row.month: row for row in reports.report(date(2026, 12, 7))}
    assert by_month[date(2026, 6, 1)].arrangements_started == 1
    assert by_month[date(2026, 8, 1)].arrangements_kept == 1
    assert by_month[date(2026, 5, 1)].arrangements_broken == 1
    assert by_month[date(2026, 12, 1)].arrangements_running == 2
    assert by_month[date(2026, 11, 1)].pauses_started["municipal_help"] == 1
