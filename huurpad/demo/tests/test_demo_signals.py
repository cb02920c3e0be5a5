"""The demo's early signals take the real path (prepared by the day's run, exported per
municipality, the notice letter posted, answered by the municipality through the feedback
function), and a demo case heading to court gets an evidence pack with every item a court asks
for (issue 8), nothing reported missing that the case has."""

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group

from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import Proposal
from huurpad.demo import setup
from huurpad.messaging.models import OutboxMessage
from huurpad.signals import evidence, signals
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import Arrangement, Pause
from huurpad.tenancies.models import Tenancy

DAY = date(2026, 11, 16)
# Small, and enough for a few households to reach the step towards court during the replay.
SIZE = {"tenancies": 200, "months": 9, "seed": 2, "on": DAY, "replay_days": 60}
T = CaseEvent.Type


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    setup.build(**SIZE, log=lambda text: None)


@pytest.mark.django_db
def test_the_demos_signals_are_prepared_exported_posted_and_answered(demo, client, django_user_model):
    exported = EarlySignal.objects.filter(status=EarlySignal.Status.EXPORTED).select_related("export", "tenancy")
    assert exported.count() >= 5 and SignalExport.objects.exists()
    # Every early signal the team sent went in a batch: the step done, the timeline and the letter.
    sent = CaseEvent.objects.filter(type=T.EARLY_SIGNAL_SENT, source="huurpad")
    assert sent.count() == exported.count() == Proposal.objects.filter(action="early_signal", status="done").count()
    for signal in exported:
        day = signal.export.up_to
        assert signal.proposal.status == "done" and signal.reference in signal.export.content
        assert sent.filter(tenancy=signal.tenancy, date=day).exists()
        # The notice letter marked sent as the post room marks any letter: when, and on the timeline that day.
        letter = OutboxMessage.objects.get(tenancy=signal.tenancy, action="signal_notice", day=day)
        assert letter.status == "sent" and letter.sent_at is not None
        assert CaseEvent.objects.filter(
            tenancy=signal.tenancy, type=T.MESSAGE_SENT, date=day, params__action="signal_notice"
        ).exists()
    # The municipality answered some, before the demo day, through the feedback function.
    answered = exported.exclude(result_code="")
    assert 0 < answered.count() < exported.count()
    for signal in answered:
        assert signal.result_date < DAY and json.loads(signal.feedback_raw)["kenmerk"] == signal.reference
        assert CaseEvent.objects.filter(
            tenancy=signal.tenancy, type=T.SIGNAL_FEEDBACK, date=signal.result_date, params__result=signal.result_code
        ).exists()
        effect = signals.BY_CODE[signal.result_code.lower()].effect
        if effect == "pause":
            assert Pause.objects.filter(tenancy=signal.tenancy, start__lte=signal.result_date).exists()
        if effect == "visit":
            assert Task.objects.filter(
                tenancy=signal.tenancy, action="home_visit", proposal__isnull=True, due_date=signal.result_date
            ).exists()
    # The demo day's run prepared today's signals: the officer's morning work on the page.
    assert not signals.unprepared(DAY).exists()
    officer = django_user_model.objects.create_user("ilse")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(officer)
    page = client.get("/vroegsignalen/").content.decode()
    assert (
        "Verstuurde bestanden" in page
        and "Nog geen bestanden." not in page
        and "Nog geen verstuurde signalen." not in page
    )


def heading_to_court():
    """Demo households the policy put before the team leader for the step towards court, with an
    early signal sent through Huurpad."""
    return list(
        Tenancy.objects.filter(proposals__action="escalation_review", early_signals__status=EarlySignal.Status.EXPORTED)
        .distinct()
        .order_by("ref")
    )


@pytest.mark.django_db
def test_a_demo_case_heading_to_court_has_every_item_of_the_evidence_pack(demo):
    cases = heading_to_court()
    assert cases and any(t.early_signals.exclude(result_code="").exists() for t in cases)
    for tenancy in cases:
        first = evidence.assemble(tenancy, today=DAY)
        summons = max(DAY + timedelta(days=14), first.rotterdam_from)  # the first summons date the rule allows
        pack = evidence.assemble(tenancy, summons, today=DAY)
        timeline = tenancy.events.filter(date__lte=DAY)

        def count(kind, timeline=timeline):
            return timeline.filter(type=kind).count()

        # The arrears statement: the open items add up to at least the arrears.
        assert pack.position.arrears > 0 and pack.open_items and pack.open_total >= pack.position.arrears
        # The reminder letter(s), every contact attempt, debt help pointed out, the offer to share
        # data and no objection.
        assert len(pack.reminders) == count(T.REMINDER_LETTER) + count(T.WIK_LETTER) > 0
        assert len(pack.contacts) == count(T.CONTACT_ATTEMPT) > 0
        assert len([i for i in pack.debt_help if i.title == "Gewezen op schuldhulp"]) == count(T.DEBT_HELP_POINTED)
        assert pack.debt_help and pack.data_sharing and pack.objections == [] and count(T.DATA_SHARING_OBJECTION) == 0
        # The signal with its date and its content as exported; the municipality's feedback.
        for signal in tenancy.early_signals.filter(status=EarlySignal.Status.EXPORTED):
            [item] = [i for i in pack.signals if i.title == f"Vroegsignaal {signal.reference} verstuurd"]
            assert item.date == evidence.sent_on(signal) and signal.reference in item.text
            record = json.loads(item.text) if signal.export.format == "json" else item.text
            assert signal.signal_date.isoformat() in str(record) and f"{signal.amount:.2f}" in str(record)
            if signal.result_code:
                assert any(i.title == f"Resultaat voor {signal.reference}: {signal.result_code}" for i in pack.feedback)
        # Arrangements and pauses, where the case has them.
        imported = timeline.filter(source="import")
        assert (
            len(pack.arrangements)
            == tenancy.arrangements.count()
            + imported.filter(type__in=[T.ARRANGEMENT_STARTED, T.ARRANGEMENT_ENDED]).count()
        )
        assert (
            len(pack.pauses)
            == tenancy.pauses.count() + imported.filter(type__in=[T.PAUSE_STARTED, T.PAUSE_ENDED]).count()
        )
        # The Rotterdam two-month rule, stated.
        assert pack.rotterdam_rule_met and pack.signal_date is not None
        html = evidence.html(pack)
        assert 'Termijn rechtbank Rotterdam: <span class="met">gehaald</span>' in html
        # Nothing reported missing that the case has: what is listed is really not in Huurpad.
        allowed = {"signal_content", "letter_text", "pause_running", "arrangement_running"}
        codes = {m.code for m in pack.missing}
        assert codes <= allowed, pack.missing
        known_days = {
            d for s in tenancy.early_signals.filter(status="exported") for d in (s.signal_date, evidence.sent_on(s))
        }
        assert ("signal_content" in codes) == timeline.filter(type=T.EARLY_SIGNAL_SENT).exclude(
            date__in=known_days
        ).exists()
        letters = OutboxMessage.objects.filter(
            tenancy=tenancy, action__in=["reminder_letter", "wik_letter"], status="sent"
        ).exclude(body="")
        assert ("letter_text" in codes) == (not letters.exists())
        assert ("pause_running" in codes) == tenancy.pauses.filter(ended_on__isnull=True).exists()
        assert ("arrangement_running" in codes) == tenancy.arrangements.filter(
            status=Arrangement.Status.RUNNING
        ).exists()
        assert evidence.pdf(pack).startswith(b"%PDF-")
