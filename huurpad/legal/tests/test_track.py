"""The legal track as a record: a person's steps through its owner (legal/track.py), the refusals
with their reasons, the bailiff's costs, the case file and the evidence pack."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from huurpad.cases.models import CaseEvent, Task
from huurpad.legal import track
from huurpad.legal.models import LegalCase, LegalStep
from huurpad.signals import evidence
from huurpad.tenancies.models import LedgerEntry

from .scenario import DAY, approve, charging_policy, debt_help, ready_for_court, to_judgment_served

pytestmark = pytest.mark.django_db
T = CaseEvent.Type


def types(tenancy) -> list[str]:
    return list(tenancy.events.order_by("date", "id").values_list("type", flat=True))


def test_the_whole_track_with_its_dates_events_and_who_decided(teamleader, officer):
    tenancy = ready_for_court()
    to_judgment_served(tenancy, teamleader)
    track.record(
        tenancy,
        "eviction_scheduled",
        date(2026, 8, 10),
        track.Details(eviction_date=date(2026, 9, 15), decided_by_name="Deurwaarders Oost", document="AO-7"),
        acting_user=officer,
    )
    found = LegalCase.objects.get(tenancy=tenancy)
    assert (found.handed_over_on, found.summons_served_on, found.court_date) == (
        DAY,
        date(2026, 6, 20),
        date(2026, 7, 8),
    )
    assert (found.judgment_on, found.outcome, found.judgment_served_on) == (
        date(2026, 7, 22),
        "ontbinding_ontruiming",
        date(2026, 8, 1),
    )
    assert track.scheduled_eviction(tenancy) == date(2026, 9, 15)
    assert track.scheduled_evictions(date(2026, 8, 10)) == {tenancy.pk: date(2026, 9, 15)}
    last = found.steps.order_by("-id").first()
    assert (last.decided_by, last.decided_by_name, last.document) == (officer, "Deurwaarders Oost", "AO-7")

    track.record(
        tenancy, "eviction_cancelled", date(2026, 9, 1), track.Details(reason="arrangement"), acting_user=officer
    )
    assert track.scheduled_eviction(tenancy) is None
    found.refresh_from_db()
    assert found.cancel_reason == "arrangement" and found.running
    track.record(tenancy, "struck_out", date(2026, 10, 1), acting_user=officer)
    found.refresh_from_db()
    assert found.ended_on == date(2026, 10, 1) and not found.running
    assert [t for t in types(tenancy) if t in evidence.LEGAL_TYPES] == [
        T.BAILIFF_HANDOVER,
        T.SUMMONS_SERVED,
        T.HEARING,
        T.JUDGMENT,
        T.JUDGMENT_SERVED,
        T.EVICTION_SCHEDULED,
        T.EVICTION_CANCELLED,
        T.STRUCK_OUT,
    ]
    summons = tenancy.events.get(type=T.SUMMONS_SERVED)
    assert summons.params["court_date"] == "2026-07-08" and summons.actor == teamleader


def test_only_the_team_leader_hands_over_and_summons(officer):
    tenancy = ready_for_court()
    approve(tenancy)
    with pytest.raises(PermissionDenied):
        track.record(tenancy, "bailiff_handover", DAY, acting_user=officer)
    assert not LegalCase.objects.exists()


def test_no_hand_over_without_the_team_leaders_yes(teamleader):
    tenancy = ready_for_court()
    with pytest.raises(track.Refused, match="niet goedgekeurd"):
        track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    approve(tenancy)
    approve(tenancy, approved=False, on=date(2026, 5, 20))  # a later 'not now' counts
    with pytest.raises(track.Refused, match="niet goedgekeurd"):
        track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    assert not LegalCase.objects.exists()


def test_the_escalations_conditions_are_checked_again_on_the_day(teamleader):
    tenancy = ready_for_court()
    approve(tenancy)
    # After the yes, the officer paused the case: on the day of the hand-over that stops it.
    from huurpad.cases import events

    events.pause_started(tenancy, date(2026, 6, 1), reason="officer").save()
    with pytest.raises(track.Refused, match="pauze"):
        track.record(tenancy, "bailiff_handover", DAY, acting_user=teamleader)
    # Too early after the early signal (fewer than 60 days) is refused too.
    other = ready_for_court()
    approve(other)
    with pytest.raises(track.Refused, match="vroegsignaal is minder dan 60 dagen oud"):
        track.record(other, "bailiff_handover", date(2026, 3, 1), acting_user=teamleader)


def test_steps_follow_the_track_in_order(teamleader, officer):
    tenancy = ready_for_court()
    with pytest.raises(track.Refused, match="geen juridisch traject"):
        track.record(tenancy, "judgment", DAY, track.Details(outcome="afgewezen"), acting_user=officer)
    to_judgment_served(tenancy, teamleader, outcome="afgewezen")
    with pytest.raises(track.Refused, match="staat geen ontruiming toe"):
        track.record(
            tenancy,
            "eviction_scheduled",
            date(2026, 8, 5),
            track.Details(eviction_date=date(2026, 9, 1)),
            acting_user=officer,
        )
    with pytest.raises(track.Refused, match="datum van de ontruiming"):
        track.record(tenancy, "eviction_scheduled", date(2026, 8, 5), acting_user=officer)


def test_an_eviction_during_debt_help_is_refused_with_a_task_to_ask_for_a_hold(teamleader, officer):
    tenancy = ready_for_court()
    to_judgment_served(tenancy, teamleader)
    debt_help(tenancy, date(2026, 8, 3))
    with pytest.raises(track.Refused, match="schuldhulptraject") as refused:
        track.record(
            tenancy,
            "eviction_scheduled",
            date(2026, 8, 10),
            track.Details(eviction_date=date(2026, 9, 15)),
            acting_user=officer,
        )
    assert refused.value.held
    assert track.scheduled_eviction(tenancy) is None
    assert not LegalStep.objects.filter(stage="eviction_scheduled").exists()
    found = LegalCase.objects.get(tenancy=tenancy)
    assert found.held_since == date(2026, 8, 10) and "schuldhulptraject" in found.hold_reason
    task = Task.objects.get(tenancy=tenancy, kind="legal_hold", status=Task.Status.OPEN)
    assert "aan te houden" in task.explanation and task.role == "incassomedewerker"
    assert tenancy.events.filter(type=T.LEGAL_HOLD).count() == 1
    # The hold stays while the debt help runs; a judgment or a strike-out is still recorded.
    assert not track.release(found, date(2026, 8, 20), acting_user=officer)
    track.record(tenancy, "struck_out", date(2026, 8, 20), acting_user=officer)


def test_a_moratorium_holds_the_track_and_its_end_releases_it(teamleader, officer):
    tenancy = ready_for_court()
    to_judgment_served(tenancy, teamleader)
    from huurpad.cases import events

    events.pause_started(tenancy, date(2026, 8, 2), reason="moratorium").save()
    with pytest.raises(track.Refused, match="moratorium"):
        track.record(
            tenancy,
            "eviction_scheduled",
            date(2026, 8, 10),
            track.Details(eviction_date=date(2026, 9, 15)),
            acting_user=officer,
        )
    found = LegalCase.objects.get(tenancy=tenancy)
    events.pause_ended(tenancy, date(2026, 9, 1)).save()
    assert track.release(found, date(2026, 9, 2), acting_user=officer)
    track.record(
        tenancy,
        "eviction_scheduled",
        date(2026, 9, 3),
        track.Details(eviction_date=date(2026, 10, 15)),
        acting_user=officer,
    )
    assert track.scheduled_eviction(tenancy) == date(2026, 10, 15)


def test_bailiff_costs_are_booked_only_by_the_team_leader_and_only_as_allowed(teamleader, officer):
    tenancy = ready_for_court()
    approve(tenancy)
    handover = track.record(
        tenancy, "bailiff_handover", DAY, track.Details(costs=Decimal("45.00")), acting_user=teamleader
    )
    with pytest.raises(PermissionDenied):
        track.charge_costs(handover, acting_user=officer, on=DAY)
    with pytest.raises(track.Refused, match="rekent geen incassokosten"):
        track.charge_costs(handover, acting_user=teamleader, on=DAY)
    charging_policy()
    # Extrajudicial costs need the fourteen-day letter (WIK); there was none.
    with pytest.raises(track.Refused, match="veertiendagenbrief"):
        track.charge_costs(handover, acting_user=teamleader, on=DAY)
    summons = track.record(
        tenancy,
        "summons_served",
        date(2026, 6, 20),
        track.Details(court_date=date(2026, 7, 8), costs=Decimal("95.00")),
        acting_user=teamleader,
    )
    with pytest.raises(track.Refused, match="proceskosten"):
        track.charge_costs(summons, acting_user=teamleader, on=date(2026, 6, 21))
    track.record(
        tenancy, "judgment", date(2026, 7, 22), track.Details(outcome="ontbinding_ontruiming"), acting_user=officer
    )
    entry = track.charge_costs(summons, acting_user=teamleader, on=date(2026, 7, 23))
    assert (entry.kind, entry.amount_cents) == ("other_charge", 9500)
    with pytest.raises(track.Refused, match="al op de rekening"):
        track.charge_costs(LegalStep.objects.get(pk=summons.pk), acting_user=teamleader, on=date(2026, 7, 24))
    assert LedgerEntry.objects.filter(tenancy=tenancy, kind="other_charge").count() == 1


def test_the_evidence_pack_has_every_legal_step(teamleader):
    tenancy = ready_for_court()
    to_judgment_served(tenancy, teamleader)
    pack = evidence.assemble(tenancy, today=date(2026, 8, 2))
    section = next(items for anchor, _, items, _ in pack.sections if anchor == "juridisch")
    assert [i.title for i in section] == [
        "Overgedragen aan deurwaarder",
        "Dagvaarding betekend",
        "Zitting bij de kantonrechter",
        "Vonnis van de kantonrechter",
        "Vonnis betekend",
    ]
    assert ("Zitting op", "8 juli 2026") in section[1].details
    assert ("Uitkomst", "ontbinding van de huur en ontruiming") in section[3].details


def test_the_case_file_shows_the_stage_and_dates_and_logs_the_view(client, teamleader):
    from huurpad.accounts.models import AccessLog

    tenancy = ready_for_court()
    to_judgment_served(tenancy, teamleader)
    client.force_login(teamleader)
    html = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Juridisch traject" in html and "Vonnis betekend" in html and "8 juli 2026" in html
    assert "Ontbinding van de huur en ontruiming" in html
    assert AccessLog.objects.filter(user=teamleader, object_type="tenancy", action="view").exists()


def test_the_form_records_a_step_or_says_why_not(client, teamleader, officer):
    tenancy = ready_for_court()
    client.force_login(officer)
    answer = client.post(
        f"/huurcontract/{tenancy.ref}/juridisch/stap/", {"stage": "bailiff_handover", "date": DAY.isoformat()}
    )
    assert answer.status_code == 403
    client.force_login(teamleader)
    answer = client.post(
        f"/huurcontract/{tenancy.ref}/juridisch/stap/",
        {"stage": "bailiff_handover", "date": DAY.isoformat()},
        follow=True,
    )
    assert "niet goedgekeurd" in answer.content.decode()
    approve(tenancy)
    answer = client.post(
        f"/huurcontract/{tenancy.ref}/juridisch/stap/",
        {"stage": "bailiff_handover", "date": DAY.isoformat(), "document": "OV-1"},
        follow=True,
    )
    assert "Vastgelegd: overgedragen aan de deurwaarder." in answer.content.decode()
    assert LegalStep.objects.get().document == "OV-1"
