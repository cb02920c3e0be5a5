"""The legal track's counts for the monitor and the report (legal/counts.py): by the day each step
happened, whatever its source; a month's figure stays when later steps arrive, and a step reported
late counts in the month it happened."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.cases.imports import import_events
from huurpad.legal import counts, track
from huurpad.testing.ledgers import make_tenancy

from .scenario import ready_for_court, to_judgment_served

pytestmark = pytest.mark.django_db

JUNE, JULY, AUGUST = (
    (date(2026, 6, 1), date(2026, 6, 30)),
    (date(2026, 7, 1), date(2026, 7, 31)),
    (
        date(2026, 8, 1),
        date(2026, 8, 31),
    ),
)


def evicted_and_prevented(teamleader, officer):
    """Two households to a scheduled eviction in August: one carried out, one called off."""
    carried_out, prevented = ready_for_court("REF-ONT"), ready_for_court("REF-VOORKOMEN")
    for tenancy in (carried_out, prevented):
        to_judgment_served(tenancy, teamleader)
        track.record(
            tenancy,
            "eviction_scheduled",
            date(2026, 8, 10),
            track.Details(eviction_date=date(2026, 8, 25)),
            acting_user=officer,
        )
    track.record(
        prevented,
        "eviction_cancelled",
        date(2026, 8, 20),
        track.Details(reason="municipality_guarantee"),
        acting_user=officer,
    )
    track.record(carried_out, "eviction_executed", date(2026, 8, 25), acting_user=officer)


def test_each_step_counts_in_the_month_it_happened_with_the_monitors_names(teamleader, officer):
    evicted_and_prevented(teamleader, officer)
    assert counts.counts(*JUNE).as_dict() == {
        "bailiff_handovers": 2,
        "summonses": 2,
        "judgments": 0,
        "evictions_scheduled": 0,
        "evictions": 0,
        "evictions_prevented": 0,
    }
    assert counts.counts(*JULY) == counts.Counts(judgments=2)  # the hearing is not a figure of its own
    assert counts.counts(*AUGUST) == counts.Counts(evictions_scheduled=2, evictions=1, evictions_prevented=1)
    # One query gives the same per period, in the order asked; a period of one day, an empty one.
    assert counts.per_period(
        [AUGUST, JUNE, (date(2026, 8, 20), date(2026, 8, 20)), (date(2025, 1, 1), date(2025, 1, 31))]
    ) == [
        counts.counts(*AUGUST),
        counts.counts(*JUNE),
        counts.Counts(evictions_prevented=1),
        counts.Counts(),
    ]
    assert counts.per_period([]) == []


def test_a_months_figure_stays_when_later_steps_arrive(teamleader, officer):
    tenancy = ready_for_court()
    to_judgment_served(tenancy, teamleader)
    june, july = counts.counts(*JUNE), counts.counts(*JULY)
    track.record(
        tenancy,
        "eviction_scheduled",
        date(2026, 8, 10),
        track.Details(eviction_date=date(2026, 9, 1)),
        acting_user=officer,
    )
    track.record(tenancy, "eviction_cancelled", date(2026, 8, 12), track.Details(reason="paid"), acting_user=officer)
    assert (counts.counts(*JUNE), counts.counts(*JULY)) == (june, july)
    assert counts.counts(*AUGUST) == counts.Counts(evictions_scheduled=1, evictions_prevented=1)


def test_an_imported_step_counts_in_the_month_it_is_dated_and_once(tmp_path, teamleader):
    to_judgment_served(ready_for_court(), teamleader)
    assert counts.counts(date(2026, 5, 1), date(2026, 5, 31)) == counts.Counts()
    before = counts.counts(*JUNE)
    other = make_tenancy("REF-EERDER")
    path = tmp_path / "events.jsonl"
    lines = [
        {"tenancy_ref": other.ref, "date": "2026-05-12", "type": "bailiff_handover"},
        {"tenancy_ref": other.ref, "date": "2026-05-28", "type": "summons_served", "court_date": "2026-06-17"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    import_events(path)
    import_events(path)  # a file read twice adds nothing twice
    # Arrived in the autumn, dated in May: counted in May; June as it was.
    assert counts.counts(date(2026, 5, 1), date(2026, 5, 31)) == counts.Counts(bailiff_handovers=1, summonses=1)
    assert counts.counts(*JUNE) == before
    assert track.running(other).stage == "summons_served"  # the import made them steps of the track


@time_machine.travel(datetime(2026, 9, 3, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_the_report_shows_the_legal_track_per_month(client, teamleader, officer):
    evicted_and_prevented(teamleader, officer)
    client.force_login(teamleader)
    page = client.get("/rapportage/oplossingen/").content.decode()
    assert "Juridisch traject" in page
    table = page[page.index('id="juridisch"') :]
    rows = table.split("<tr")[2:]
    assert len(rows) == 12
    cells = lambda row: [c.split("</td>")[0] for c in row.split('num">')[1:]]  # noqa: E731
    assert "september 2026" in rows[0] and cells(rows[0]) == ["0"] * 6  # newest first
    assert "augustus 2026" in rows[1] and cells(rows[1]) == ["0", "0", "0", "2", "1", "1"]
    assert "juli 2026" in rows[2] and cells(rows[2]) == ["0", "0", "2", "0", "0", "0"]
    assert "juni 2026" in rows[3] and cells(rows[3]) == ["2", "2", "0", "0", "0", "0"]
