"""One letter, one date: the evidence pack and the timeline both give the day the letter went out
(printed and posted: the date on the letter, from which the WIK letter's 14 days run, FACTS.md),
not the day it was queued nor the clock time the post room's run happened to be marked."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.cases.models import CaseEvent
from huurpad.messaging.models import OutboxMessage
from huurpad.messaging.tests.test_post import corporation, print_day, queue_wik_letter
from huurpad.signals import evidence

pytestmark = pytest.mark.django_db
__all__ = ["corporation"]  # a fixture
FRIDAY, MONDAY, WEDNESDAY = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_a_letter_printed_for_monday_on_wednesday_is_dated_monday_in_the_pack_and_on_the_timeline(
    corporation, monkeypatch
):
    tenancy, letter = queue_wik_letter(FRIDAY)  # queued on Friday
    with time_machine.travel(at(WEDNESDAY, 9), tick=False):  # the post room prints Monday's batch late
        print_day(MONDAY)
    letter.refresh_from_db()
    assert (letter.status, letter.day, letter.sent_on) == ("sent", FRIDAY, MONDAY)
    assert letter.sent_at.astimezone(ZoneInfo("Europe/Amsterdam")).date() == WEDNESDAY

    (step,) = CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.WIK_LETTER)
    pack = evidence.assemble(tenancy, today=date(2026, 12, 20))
    [sent] = [item for item in pack.letters if item.title == letter.subject]
    [on_timeline] = [item for item in pack.reminders if item.date == step.date]
    assert sent.date == step.date == on_timeline.date == MONDAY
    assert any(event.type == CaseEvent.Type.WIK_LETTER and event.date == MONDAY for event in pack.timeline)

    # the letter printed again for the court carries the same date
    printed = []
    monkeypatch.setattr(evidence.letters, "pdf", lambda letters, sender: printed.extend(letters) or b"%PDF")
    evidence.letter_pdf(letter, pack.sender)
    assert [p.day for p in printed] == [MONDAY]


def test_every_letter_in_the_pack_has_its_timeline_event_on_the_same_day(corporation):
    tenancy, letter = queue_wik_letter(FRIDAY)
    with time_machine.travel(at(WEDNESDAY, 9), tick=False):
        print_day(MONDAY)
    pack = evidence.assemble(tenancy, today=date(2026, 12, 20))
    timeline_days = {(e.date, e.type) for e in pack.timeline}
    kinds = {"wik_letter": CaseEvent.Type.WIK_LETTER, "reminder_letter": CaseEvent.Type.REMINDER_LETTER}
    for item, message in zip(pack.letters, (m for _, m in pack.letter_files), strict=True):
        assert isinstance(message, OutboxMessage)
        kind = kinds.get(message.action, CaseEvent.Type.MESSAGE_SENT)
        assert (item.date, kind) in timeline_days, f"{message.action}: {item.date} is not on the timeline"
