"""The top of the tenancy page (casefile/glance.py): the one next step, the channel messages go by,
what is running, and past steps folded away."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.cases import events
from huurpad.cases.models import Case, Partner, Referral
from huurpad.collection.models import PolicyRun, PolicyVersion, Proposal
from huurpad.signals.models import EarlySignal
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 3, 15, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


@pytest.fixture
def tenancy():
    tenancy = make_tenancy("HC300", surname="Smit", phone="06 12345678", email="smit@example.nl")
    book(tenancy, "2026-02-01 rent 700.00\n2026-03-01 rent 700.00")
    return tenancy


def page(client, user, tenancy):
    client.force_login(user)
    response = client.get(f"/huurcontract/{tenancy.ref}/")
    assert response.status_code == 200
    return response


def propose(tenancy, action, status, day, channel=""):
    run, _ = PolicyRun.objects.get_or_create(
        day=TODAY, defaults={"policy_version": PolicyVersion.current(), "status": "done"}
    )
    return Proposal.objects.create(
        tenancy=tenancy,
        run=run,
        policy_version=run.policy_version,
        rule=action,
        action=action,
        channel=channel,
        period=f"{action}-{day}",
        due_date=day,
        status=status,
        explanation=f"Waarom {action} op {day}.",
    )


def test_the_next_step_waits_for_a_person_before_one_that_goes_by_itself_oldest_first(client, officer, tenancy):
    propose(tenancy, "nudge", "done", date(2026, 2, 4), "sms")
    propose(tenancy, "reminder_letter", "queued", date(2026, 3, 1), "letter")
    propose(tenancy, "home_visit", "proposed", date(2026, 3, 14), "visit")
    propose(tenancy, "call", "proposed", date(2026, 3, 10), "phone")
    response = page(client, officer, tenancy)
    assert response.context["next_step"]["action"] == "Bellen"
    assert [r["action"] for r in response.context["past_proposals"]] == ["Betaalherinnering met betaallink"]
    text = response.content.decode()
    top = text[text.index('id="volgende-kop"') :].split("</section>")[0]
    assert "<strong>Bellen</strong> (telefoon), sinds 10 maart" in top
    assert "Alle 3 open stappen" in top
    # The past step is on the page, folded away: a <details> that is not open.
    folded = text[text.index('<details class="form-details past-steps">') :].split("</details>")[0]
    assert "Eerdere stappen (1)" in folded and "Waarom nudge op 2026-02-04." in folded


def test_without_an_open_step_the_top_says_so(client, officer, tenancy):
    propose(tenancy, "nudge", "done", date(2026, 2, 4), "sms")
    response = page(client, officer, tenancy)
    assert response.context["next_step"] is None
    assert "Het beleid stelt nu geen stap voor." in response.content.decode()
    assert "Er staat nu geen stap open." in response.content.decode()


def test_messages_go_by_the_policys_channel_unless_the_tenant_refused_it(client, officer, tenancy):
    assert page(client, officer, tenancy).context["message_channel"] == "sms"  # the default policy's nudge
    tenant = tenancy.tenant
    tenant.refused_channels = ["sms", "whatsapp"]
    tenant.save()
    response = page(client, officer, tenancy)
    assert response.context["message_channel"] == "e-mail"
    text = response.content.decode()
    assert 'href="tel:0612345678"' in text and 'href="mailto:smit@example.nl"' in text
    assert "Geen berichten via sms of WhatsApp." in text


def test_what_runs_shows_an_open_referral_a_signal_under_way_and_the_bailiff_in_this_case(client, officer, tenancy):
    partner = Partner.objects.create(name="Buurtteam Oost", kind="buurtteam")
    Referral.objects.create(
        tenancy=tenancy,
        partner=partner,
        reason="Hulp bij post",
        basis="consent",
        follow_up_on=date(2026, 3, 29),
        created_by=officer,
    )
    EarlySignal.objects.create(
        tenancy=tenancy,
        status="exported",
        municipality_code="GM0363",
        amount_cents=140000,
        arrears_since=date(2026, 2, 1),
        signal_date=date(2026, 3, 2),
    )
    events.bailiff_handover(tenancy, date(2025, 6, 1)).save()  # from an earlier case: not running now
    Case.objects.create(tenancy=tenancy, opened_on=date(2026, 2, 2))
    text = page(client, officer, tenancy).content.decode()
    running = text[text.index('id="loopt-kop"') :].split("</section>")[0]
    assert "Doorverwezen</a> naar Buurtteam Oost; nabellen op 29 maart 2026" in running
    assert "Vroegsignaal</a> van 2 maart 2026: verstuurd, wacht op de gemeente" in running
    assert "deurwaarder" not in running

    events.bailiff_handover(tenancy, date(2026, 3, 12)).save()
    text = page(client, officer, tenancy).content.decode()
    running = text[text.index('id="loopt-kop"') :].split("</section>")[0]
    assert "Overgedragen aan de deurwaarder op 12 maart 2026" in running


def test_a_calm_household_has_nothing_running(client, officer):
    tenancy = make_tenancy("HC301")
    text = page(client, officer, tenancy).content.decode()
    running = text[text.index('id="loopt-kop"') :].split("</section>")[0]
    assert "Geen regeling, pauze, vroegsignaal of doorverwijzing." in running


def test_the_timeline_shows_the_newest_events_and_folds_the_rest_the_print_shows_all(client, officer, tenancy):
    for day in range(1, 16):
        events.note(tenancy, date(2026, 3, day), text=f"Notitie van {day} maart.").save()
    text = page(client, officer, tenancy).content.decode()
    timeline = text[text.index('id="tijdlijn-items"') :].split("</section>")[0]
    shown, folded = timeline.split('<details class="form-details timeline-older">')
    assert "Notitie van 15 maart." in shown and "Notitie van 4 maart." in shown
    assert "Notitie van 3 maart." not in shown
    assert "Oudere gebeurtenissen (3)" in folded and "Notitie van 1 maart." in folded
    printed = client.get(f"/huurcontract/{tenancy.ref}/afdrukken/").content.decode()
    assert "timeline-older" not in printed and "Notitie van 1 maart." in printed
