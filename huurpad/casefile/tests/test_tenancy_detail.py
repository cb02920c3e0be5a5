"""The tenancy page: who may see it, that every view is logged, and what it shows."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import CaseEvent
from huurpad.collection.models import PolicyRun, PolicyVersion, Proposal
from huurpad.collection.run import run_policy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 3, 15, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


@pytest.fixture
def tenancy():
    """Karin de Vries pays part of February and nothing in March; one reminder was sent."""
    tenancy = make_tenancy(
        "HC100",
        rent="650.00",
        service_costs="50.00",
        payment_method="direct_debit",
        collection_day=5,
        initials="K.",
        prefix="de",
        surname="Vries",
        birth_date=date(1984, 7, 2),
        phone="06 12345678",
        email="k.devries@example.nl",
        iban="NL91ABNA0417164300",
    )
    book(
        tenancy,
        """
        2026-01-01 rent 650.00
        2026-01-01 service_costs 50.00
        2026-01-05 direct_debit 700.00
        2026-02-01 rent 650.00
        2026-02-01 service_costs 50.00
        2026-02-05 direct_debit 700.00
        2026-02-09 reversal 700.00
        2026-02-20 payment 300.00
        2026-03-01 rent 650.00
        2026-03-01 service_costs 50.00
        2026-04-01 rent 650.00
        """,
    )
    CaseEvent.objects.create(
        tenancy=tenancy,
        date=date(2026, 2, 12),
        type=CaseEvent.Type.REMINDER_LETTER,
        params={"offers_data_sharing": True, "points_to_debt_help": False},
    )
    return tenancy


def url(ref="HC100"):
    return reverse("tenancy_detail", args=[ref])


def test_anonymous_user_is_sent_to_login(client, tenancy):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()  # refusals are logged, nothing shown


@pytest.mark.parametrize("who", ["partner", "outsider"])
def test_users_without_a_case_role_get_403_and_see_nothing(client, request, tenancy, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url())
    assert response.status_code == 403
    text = response.content.decode()
    assert "geen toegang" in text
    assert "Vries" not in text
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()  # refusals are logged, nothing shown


def test_role_is_checked_before_the_tenancy_is_looked_up(client, outsider):
    """An outsider cannot learn which contract numbers exist."""
    client.force_login(outsider)
    assert client.get(url("DOES-NOT-EXIST")).status_code == 403


def test_unknown_contract_is_404_for_an_officer(client, officer):
    client.force_login(officer)
    response = client.get(url("DOES-NOT-EXIST"))
    assert response.status_code == 404
    assert "bestaat niet" in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "teamleader"])
def test_case_roles_see_the_page_and_each_view_is_logged(client, request, tenancy, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url()).status_code == 200
    assert client.get(url()).status_code == 200
    logs = list(AccessLog.objects.order_by("id"))
    assert len(logs) == 2
    assert logs[0].user == user
    assert (logs[0].object_type, logs[0].object_id, logs[0].action) == ("tenancy", "HC100", "view")
    assert logs[0].path == "/huurcontract/HC100/"


def test_shows_tenant_address_and_payment(client, officer, tenancy):
    client.force_login(officer)
    text = client.get(url()).content.decode()
    assert "K. de Vries" in text
    assert "2 juli 1984" in text
    assert "06 12345678" in text
    assert "k.devries@example.nl" in text
    assert "NL91ABNA0417164300" in text
    assert tenancy.address.split(",")[0] in text
    assert "Automatische incasso" in text
    assert "de 5e van de maand" in text
    assert f"€{NBSP}700,00</strong> per maand" in text


def test_shows_the_position_on_today(client, officer, tenancy):
    client.force_login(officer)
    response = client.get(url())
    position = response.context["position"]
    # Charged before today: 2 × 700 + March 700 = 2,100; net credits: 700 + 700 - 700 + 300 = 1,000.
    assert position.arrears == 1100
    assert position.oldest_unpaid_due_date == date(2026, 2, 1)
    assert position.days_overdue == 42
    text = response.content.decode()
    assert f"€{NBSP}1.100,00" in text
    assert "1 februari 2026" in text
    assert "1,57" in text  # months in arrears, Dutch decimal comma
    assert "Soms achter" in text  # one reminder in the last year


def test_open_items_are_the_unpaid_charges_oldest_first(client, officer, tenancy):
    client.force_login(officer)
    rows = client.get(url()).context["open_items"]
    # January is paid in full and not listed; February rent is partly paid.
    assert [(r["item"].due_date, r["label"], r["item"].open) for r in rows] == [
        (date(2026, 2, 1), "Huur", 350),
        (date(2026, 2, 1), "Servicekosten", 50),
        (date(2026, 3, 1), "Huur", 650),
        (date(2026, 3, 1), "Servicekosten", 50),
    ]


def test_ledger_has_a_running_balance_newest_first_and_leaves_out_the_future(client, officer, tenancy):
    client.force_login(officer)
    response = client.get(url())
    statement = response.context["statement"]
    assert [line["entry"].date for line in statement][:2] == [date(2026, 3, 1), date(2026, 3, 1)]
    assert statement[-1]["entry"].date == date(2026, 1, 1)
    assert statement[0]["balance"] == 1100  # the newest line carries today's balance
    reversal = next(line for line in statement if line["entry"].kind == "reversal")
    assert reversal["balance"] == 700 and reversal["raises"]
    text = response.content.decode()
    assert "Storno" in text
    assert "1 boeking na vandaag staat hier nog niet" in text
    assert all(line["entry"].date <= date(2026, 3, 15) for line in statement)


def test_timeline_shows_events_in_dutch(client, officer, tenancy):
    client.force_login(officer)
    text = client.get(url()).content.decode()
    assert "Herinneringsbrief" in text
    assert "Gegevens delen aangeboden: ja" in text
    assert "Gewezen op schuldhulp: nee" in text


def test_a_tenancy_without_entries_is_calm(client, officer):
    make_tenancy("HC200")
    client.force_login(officer)
    response = client.get(url("HC200"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Er zijn nog geen boekingen." in text
    assert "Er staat niets open." in text
    assert "Betaalt op tijd" in text


def test_profile_and_household_kind_are_labelled_apart(client, officer, tenancy):
    client.force_login(officer)
    text = client.get(url()).content.decode()
    assert "<dt>Profiel</dt>" in text
    assert "<dt>Soort huishouden</dt><dd>Alleenstaand</dd>" in text


def proposal(tenancy, run, action, status, day, **kw):
    return Proposal.objects.create(
        tenancy=tenancy,
        run=run,
        policy_version=run.policy_version,
        rule=action,
        action=action,
        period=f"{action}-{day}",
        due_date=day,
        status=status,
        **kw,
    )


def test_proposed_steps_show_why_the_legal_basis_and_the_version_open_ones_first(client, officer, tenancy):
    run = PolicyRun.objects.create(day=date(2026, 3, 14), policy_version=PolicyVersion.current(), status="done")
    proposal(
        tenancy,
        run,
        "nudge",
        "done",
        date(2026, 2, 4),
        channel="sms",
        explanation="Huur niet betaald: 3 dagen te laat.",
    )
    proposal(
        tenancy,
        run,
        "reminder_letter",
        "proposed",
        date(2026, 3, 1),
        channel="letter",
        explanation="Achterstand € 1.100,00, 28 dagen te laat, nog geen brief.",
        legal_basis="Bgs art. 2",
    )
    proposal(tenancy, run, "call", "queued", date(2026, 3, 14), channel="phone", explanation="Nog niemand gesproken.")
    client.force_login(officer)
    response = client.get(url())
    rows = response.context["proposals"]
    assert [(r["action"], r["open"]) for r in rows] == [
        ("Bellen", True),
        ("Herinneringsbrief", True),
        ("Betaalherinnering met betaallink", False),
    ]
    assert [r["channel"] for r in rows] == ["telefoon", "brief", "sms"]
    text = response.content.decode()
    assert "Voorgestelde stappen" in text
    assert "Achterstand € 1.100,00, 28 dagen te laat, nog geen brief." in text
    assert "Grondslag: Bgs art. 2 · Beleid versie 1" in text
    assert "Voorgesteld" in text and "Gedaan" in text and "In de wachtrij" in text
    assert text.index("Bellen") < text.index("Betaalherinnering met betaallink")


def test_proposals_from_a_policy_run_appear_with_their_explanation(client, officer, tenancy):
    result = run_policy(date(2026, 3, 15))
    mine = [p for tid, p in result.new if tid == tenancy.pk]
    assert mine
    client.force_login(officer)
    text = client.get(url()).content.decode()
    for p in mine:
        assert p.explanation in text
        if p.legal_basis:
            assert f"Grondslag: {p.legal_basis}" in text


def test_no_proposals_yet_is_said_calmly(client, officer, tenancy):
    client.force_login(officer)
    assert "Het beleid heeft nog geen stappen voorgesteld voor dit huurcontract." in client.get(url()).content.decode()


def test_timeline_names_the_step_and_day_part_in_dutch(client, officer, tenancy):
    CaseEvent.objects.create(
        tenancy=tenancy,
        date=date(2026, 3, 4),
        type=CaseEvent.Type.MESSAGE_SENT,
        params={"action": "nudge", "channel": "sms"},
    )
    CaseEvent.objects.create(
        tenancy=tenancy,
        date=date(2026, 3, 5),
        type=CaseEvent.Type.CONTACT_ATTEMPT,
        params={"channel": "visit", "reached": False, "day_part": ""},
    )
    client.force_login(officer)
    page = client.get(url()).content.decode()
    text = page[page.index('id="tijdlijn"') :].split("</section>")[0]
    assert "Stap: betaalherinnering met betaallink · Kanaal: sms" in text
    assert "Kanaal: huisbezoek · Bereikt: nee</p>" in text
    assert "day_part" not in text and "action:" not in text


def test_the_statement_shows_the_last_year_and_the_rest_on_request(client, officer):
    from django.utils import timezone

    from huurpad.testing.ledgers import book, make_tenancy

    today = timezone.localdate()
    old, recent = today.replace(year=today.year - 2), today - timedelta(days=10)
    tenancy = make_tenancy("HC-OUD")
    book(tenancy, f"{old} rent 654.00\n{old} payment 654.00\n{recent} rent 710.00")
    client.force_login(officer)
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode().replace("\N{NO-BREAK SPACE}", " ")
    assert "€ 710,00" in page and "€ 654,00" not in page
    assert "2 oudere boekingen staan hier niet" in page
    page = client.get(f"/huurcontract/{tenancy.ref}/?alles=1").content.decode().replace("\N{NO-BREAK SPACE}", " ")
    assert "€ 654,00" in page and "oudere boeking" not in page
