"""The demo's legal track and its tenants who left: every stage of the track reached through
legal/track.py on its day (the team leader's approved escalation before a hand-over or summons),
two evictions prevented, one carried out (the tenancy ended, a final bill), and at least twelve
former tenants with a final bill, at different points of their policy."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from huurpad.collection.models import Proposal
from huurpad.legal import counts, track
from huurpad.legal.models import LegalCase, LegalStep
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Tenancy

# The legal track needs households far behind with an early signal two months old: a corporation
# of 2000 homes with two years of history (the default demo) has enough of them.
SIZE = {"tenancies": 2000, "months": 24, "seed": 1, "replay_days": 90}


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out, **SIZE)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_has_every_stage_two_evictions_prevented_one_carried_out_and_former_tenants(demo):
    today = timezone.localdate()
    running = LegalCase.objects.filter(ended_on__isnull=True, held_since__isnull=True)
    for stage in ("bailiff_handover", "judgment", "judgment_served"):
        assert running.filter(stage=stage).exists(), stage
    assert running.filter(stage="summons_served", court_date__gt=today).exists()  # the hearing ahead
    soon = running.filter(stage="eviction_scheduled", eviction_date__gt=today)
    assert soon.filter(eviction_date__lte=today + timedelta(weeks=6)).exists()  # in the coming weeks
    prevented = LegalCase.objects.filter(stage="eviction_cancelled")
    assert sorted(prevented.values_list("cancel_reason", flat=True)) == ["arrangement", "municipality_guarantee"]
    (evicted,) = LegalCase.objects.filter(stage="eviction_executed")
    assert evicted.tenancy.end_date == evicted.ended_on < today  # the ERP ended the tenancy that day
    # Each step has its timeline event; a hand-over or summons taken in Huurpad was the team
    # leader's, on an approved escalation; what happened before the replay is imported history.
    for step in LegalStep.objects.select_related("legal_case__tenancy", "decided_by"):
        tenancy = step.legal_case.tenancy
        assert tenancy.events.filter(type=step.stage, date=step.date).exists(), step
        if step.source == LegalStep.Source.HUURPAD and step.stage in ("bailiff_handover", "summons_served"):
            assert step.decided_by.username == "teamleider"
            assert track.escalation_approved(tenancy, step.date)
    # The monitor's counts see them, in the months they happened.
    figures = counts.counts(today - timedelta(days=120), today)
    assert figures.evictions == 1 and figures.evictions_prevented == 2
    assert figures.bailiff_handovers and figures.summonses and figures.judgments and figures.evictions_scheduled
    # Tenants who left with a final bill still open: repairs and the deposit settled, some with a
    # forwarding address, at different points of their own policy.
    former = [
        t
        for t in Tenancy.objects.filter(end_date__lt=today)
        if t.ledger_entries.filter(kind__in=["repair_charge", "deposit_settlement"]).exists()
        and arrears.owed(t, today) > 0
    ]
    assert len(former) >= 12
    assert any(t.forwarding_address for t in former) and any(not t.forwarding_address for t in former)
    assert any(t.ledger_entries.filter(kind="repair_charge").exists() for t in former)
    assert evicted.tenancy in former
    steps = Proposal.objects.filter(tenancy__in=former, status=Proposal.Status.DONE)
    lettered = set(steps.filter(rule="final_bill_letter").values_list("tenancy", flat=True))
    called = set(steps.filter(rule="former_call").values_list("tenancy", flat=True))
    assert 0 < len(lettered) < len(former) and called
