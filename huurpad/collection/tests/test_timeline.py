"""The policy's reading of a timeline: what runs is what the latest event of its kind says, in
(date, id) order, so a change made on one day (an arrangement renegotiated, a pause followed by
another) is read as the household's situation after that day."""

from datetime import date
from decimal import Decimal

from huurpad.cases.models import CaseEvent
from huurpad.cases.timeline import Timeline

T = CaseEvent.Type
D = date(2026, 11, 20)


def read(*events) -> Timeline:
    timeline = Timeline()
    for day, kind, params in events:
        timeline.add(day, kind, params)
    return timeline


def test_an_arrangement_renegotiated_on_the_day_the_old_one_ended_runs():
    t = read(
        (date(2026, 6, 1), T.ARRANGEMENT_STARTED, {"instalment": "50.00", "count": 6}),
        (D, T.ARRANGEMENT_ENDED, {}),
        (D, T.ARRANGEMENT_STARTED, {"instalment": "30.00", "count": 10}),
    )
    running = t.arrangement(Decimal("300.00"))
    assert running is not None and running.start == D and running.count == 10 and str(running.instalment) == "30.00"


def test_an_arrangement_ended_after_it_started_on_the_same_day_does_not_run():
    t = read((D, T.ARRANGEMENT_STARTED, {"instalment": "30.00"}), (D, T.ARRANGEMENT_ENDED, {}))
    assert t.arrangement(Decimal("300.00")) is None


def test_a_pause_that_follows_another_on_the_same_day_runs_and_an_ended_one_does_not():
    follows = read(
        (date(2026, 10, 1), T.PAUSE_STARTED, {"reason": "officer"}),
        (D, T.PAUSE_ENDED, {}),
        (D, T.PAUSE_STARTED, {"reason": "kennisgeving", "review_date": "2027-01-20"}),
    )
    pause = follows.pause()
    assert pause is not None and (pause.start, pause.reason, pause.review_date) == (
        D,
        "kennisgeving",
        date(2027, 1, 20),
    )
    assert read((date(2026, 10, 1), T.PAUSE_STARTED, {"reason": "officer"}), (D, T.PAUSE_ENDED, {})).pause() is None
