"""The case file's Schuldhulp part: the trajectory, the claim, the offer, the deadlines, the
messages in and out with why; the officer sends the balance answer, the team leader decides on a
proposal and writes off the rest after a settlement that succeeded, from the page."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import Task
from huurpad.debthelp import inbox
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.debthelp.tests.conftest import message, use_policy
from huurpad.solutions.models import WriteOff
from huurpad.tenancies import arrears
from huurpad.testing.screen import problems, shown_text

pytestmark = pytest.mark.django_db
TODAY = date(2025, 5, 6)


@pytest.fixture
def waiting(tenancy):
    use_policy(auto_send_balance="false", max_months="12")
    inbox.receive(
        [
            message("K1", "kennisgeving", "2025-04-15", months=4),
            message("S1", "saldoverzoek", "2025-04-22"),
            message("B1", "betaalvoorstel", "2025-05-06", kind="schuldbemiddeling", percentage="25.00", months=18),
        ],
        today=TODAY,
    )
    return tenancy


@time_machine.travel("2025-05-06 10:00 +02:00", tick=False)
def test_the_panel_shows_the_trajectory_and_what_is_owed(client, officer, waiting):
    client.force_login(officer)
    page = client.get(reverse("tenancy_detail", args=["HC700"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="schuldhulp"' in html
    for text in (
        "Kredietbank Lindestad (kenmerk KBL-2025-001)",
        "Betaalvoorstel ontvangen",  # the stage
        "€ 2.140,00",  # the claim
        "Schuldbemiddeling: 25,00 % in 18 maanden",
        "Antwoord op het saldoverzoek: uiterlijk 7 mei 2025",
        "Antwoord op het betaalvoorstel: uiterlijk 20 mei 2025",
        "Saldo versturen",
        "Geen medewerking geven",
        "NIET voldaan: looptijd 18 maanden, hoogstens 12",
    ):
        assert text in html, text
    assert "Besluit versturen" not in html  # the officer does not decide on the proposal
    start = html.index('id="schuldhulp"')
    part = html[start : html.index("</section>", start)]
    assert not problems(shown_text(part))  # Dutch on screen, no internal codes (huurpad/tests/test_dutch_on_screen.py)
    assert AccessLog.objects.filter(user=officer).exists()  # the page is a view of the case, logged


@time_machine.travel("2025-05-06 10:00 +02:00", tick=False)
def test_officer_sends_the_balance_and_the_team_leader_decides(client, officer, teamleader, waiting):
    saldo = DebtMessage.objects.get(message_id="S1-antwoord")
    voorstel = DebtMessage.objects.get(message_id="B1-antwoord")
    client.force_login(officer)
    assert (
        client.post(reverse("debthelp:decide", args=[voorstel.pk]), {"accepted": "ja", "why": "x"}).status_code == 403
    )
    answered = client.post(reverse("debthelp:answer", args=[saldo.pk]), {"what": "send"})
    assert answered.status_code == 302 and answered["Location"].endswith("#schuldhulp")
    saldo.refresh_from_db()
    assert (saldo.status, saldo.decided_by, saldo.decided_user) == ("sent", "staff", officer)
    client.force_login(teamleader)
    html = client.get(reverse("tenancy_detail", args=["HC700"])).content.decode()
    assert "Besluit versturen" in html
    client.post(reverse("debthelp:decide", args=[voorstel.pk]), {"accepted": "ja", "why": "Past bij het inkomen."})
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.payload["accepted"], voorstel.why) == ("sent", True, "Past bij het inkomen.")
    assert DebtHelp.objects.get().stage == "akkoord"
    assert not Task.objects.filter(status="open", kind__startswith="debt_help_answer").exists()


@time_machine.travel("2025-12-02 10:00 +02:00", tick=False)
def test_the_team_leader_writes_off_the_rest_from_the_page(client, teamleader, tenancy):
    inbox.receive(
        [
            message("K1", "kennisgeving", "2025-04-15", months=4),
            message("B1", "betaalvoorstel", "2025-04-20", kind="schuldbemiddeling", percentage="0.00", months=18),
            message("A1", "schuldregeling_akkoord", "2025-05-01", start_date="2025-05-01"),
            message("E1", "schuldregeling_beeindigd", "2025-12-01", outcome="geslaagd"),
        ],
        today=date(2025, 12, 2),
    )
    client.force_login(teamleader)
    html = client.get(reverse("tenancy_detail", args=["HC700"])).content.decode()
    assert "Rest kwijtschelden en boeken" in html and "De rest van de oude vordering is" in html and "2.140,00" in html
    help_ = DebtHelp.objects.get()
    client.post(reverse("debthelp:write_off", args=[help_.pk]), {"why": ""})
    assert WriteOff.objects.get().reason_category == "debt_settlement"
    assert arrears.owed(tenancy, date(2025, 12, 2)) == 0
