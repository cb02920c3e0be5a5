"""The Bgs checklist on scripted timelines: which steps count for each of the four conditions of
Bgs art. 2, and what else the policy waits for before an early signal (rules.signal_blockers).

Bgs art. 2 (FACTS.md §1) asks for (a) an attempt to reach the tenant *personally*, (b) debt help
pointed out, (c) a written reminder and (d) in it the offer to pass the data on, without
objection. An SMS or a letter is not personal contact; a call, a visit, a card on the door after
a visit and WhatsApp are (the policy's early_signal.personal_contact_channels)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.cases import events
from huurpad.collection import snapshots
from huurpad.collection.models import PolicyVersion
from huurpad.core.policy import rules
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Municipality
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)
BEHIND = "2026-01-01 rent 700.00\n2026-02-01 rent 700.00"  # € 1.400 behind since 2 January (rent is due on the 1st)


@pytest.fixture(autouse=True)
def _on_the_20th_of_march():
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


def letter(offer=True, debt_help=True, on=date(2026, 1, 20)):
    return lambda t: events.reminder_letter(t, on, offers_data_sharing=offer, points_to_debt_help=debt_help).save()


def contact(channel, reached=False, on=date(2026, 1, 25)):
    return lambda t: events.contact_attempt(t, on, channel=channel, reached=reached).save()


def debt_help(on=date(2026, 1, 25)):
    return lambda t: events.debt_help_pointed(t, on, channel="phone").save()


def objection(on=date(2026, 2, 1)):
    return lambda t: events.data_sharing_objection(t, on).save()


def signalled(on=date(2026, 3, 1), amount="1400.00"):
    return lambda t: events.early_signal_sent(t, on, municipality_code="GM0363", amount=Decimal(amount)).save()


def no_covenant(t):
    Municipality.objects.create(code="GM0363", name="Rotterdam", debt_help="bel 14 010", covenant_signed=False)


def checklist(client, tenancy) -> str:
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    return page[page.index('id="bgs-kop"') :].split("</section>")[0]


def run_proposes_a_signal(tenancy) -> bool:
    """What the daily run's early_signal rule says for this tenancy today, from its own snapshot."""
    policy = PolicyVersion.current().load()
    rows = [row for row in arrears.compute(TODAY) if row.tenancy_id == tenancy.id]
    return bool(rules.early_signal(snapshots.build(rows, TODAY, policy)[0], TODAY))


def scripted(ledger: str, *steps):
    tenancy = make_tenancy("HC700", phone="0612345678", start=date(2023, 1, 1))
    book(tenancy, ledger)
    for step in steps:
        step(tenancy)
    return tenancy


@pytest.mark.parametrize(
    "steps, met, missing_evidence",
    [
        pytest.param(
            [letter(), contact("sms", reached=True)],
            "bcd",
            "nog geen poging om de huurder persoonlijk te spreken",
            id="an SMS is not personal contact",
        ),
        pytest.param(
            [letter(), contact("letter")],
            "bcd",
            "nog geen poging om de huurder persoonlijk te spreken",
            id="a letter is not personal contact",
        ),
        pytest.param(
            [letter(), contact("email", reached=True)],
            "bcd",
            "nog geen poging om de huurder persoonlijk te spreken",
            id="an e-mail is not personal contact",
        ),
        pytest.param(
            [letter(offer=False), contact("phone", reached=True)],
            "abc",
            "nog niet aangeboden in een herinneringsbrief",
            id="a letter without the offer to share data",
        ),
        pytest.param(
            [letter(debt_help=False), contact("phone")],
            "acd",
            "nog niet gewezen op schuldhulp",
            id="a letter that does not point to debt help",
        ),
        pytest.param(
            [contact("phone", reached=True), debt_help()], "ab", "nog geen herinneringsbrief", id="no written reminder"
        ),
        pytest.param(
            [letter(), objection(), contact("phone")],
            "abc",
            "de huurder heeft bezwaar gemaakt",
            id="the tenant objects",
        ),
        pytest.param(
            [letter(), contact("card")], "abcd", "", id="a card on the door is an attempt at personal contact"
        ),
        pytest.param(
            [letter(debt_help=False), contact("whatsapp"), debt_help()],
            "abcd",
            "",
            id="complete: letter, WhatsApp, debt help in a call",
        ),
    ],
)
def test_which_steps_count_for_the_four_conditions(client, officer, steps, met, missing_evidence):
    tenancy = scripted(BEHIND, *steps)
    client.force_login(officer)
    text = checklist(client, tenancy)
    assert text.count("(gedaan)") == len(met) and text.count("(nog niet)") == 4 - len(met)
    if missing_evidence:
        assert missing_evidence in text and "Nog nodig voor een vroegsignaal:" in text
    else:
        assert "Alle vier voorwaarden zijn vervuld voor de achterstand sinds 2 januari 2026." in text
        assert "Nog nodig" not in text


def test_steps_before_this_stretch_of_arrears_do_not_count(client, officer):
    tenancy = scripted(BEHIND, letter(on=date(2025, 6, 1)), contact("phone", on=date(2025, 6, 2)))
    client.force_login(officer)
    assert checklist(client, tenancy).count("(nog niet)") == 4


@pytest.mark.parametrize(
    "ledger, steps, blocker",
    [
        pytest.param(
            BEHIND,
            [letter(on=date(2026, 3, 10)), contact("phone")],
            "Wachten tot 9 april 2026: het beleid meldt pas 30 dagen na de herinnering met het aanbod (brief van 10 maart 2026).",
            id="30 days after the reminder with the offer",
        ),
        pytest.param(
            "2026-02-01 rent 700.00\n2026-02-03 payment 620.00",
            [letter(on=date(2026, 2, 5)), contact("phone", on=date(2026, 2, 6))],
            "De achterstand (€ 80,00) is lager dan € 100,00: kleinere achterstanden meldt het beleid niet.",
            id="under the minimum arrears",
        ),
        pytest.param(
            BEHIND,
            [letter(), contact("phone"), no_covenant],
            "De gemeente heeft het convenant vroegsignalering niet getekend",
            id="municipality without the covenant",
        ),
        pytest.param(
            BEHIND,
            [letter(), contact("phone"), objection()],
            "De huurder heeft bezwaar gemaakt tegen het doorgeven van gegevens aan de gemeente.",
            id="an objection",
        ),
        pytest.param(
            BEHIND,
            [letter(), contact("phone"), signalled()],
            "Al gemeld op 1 maart 2026. Opnieuw melden kan vanaf 31 maart 2026, als de achterstand dan hoger is.",
            id="signalled already this month",
        ),
    ],
)
def test_what_else_keeps_a_signal_back_comes_from_the_policy(client, officer, ledger, steps, blocker):
    tenancy = scripted(ledger, *steps)
    client.force_login(officer)
    text = checklist(client, tenancy)
    assert blocker in text
    assert "Niets houdt een vroegsignaal nog tegen" not in text
    assert not run_proposes_a_signal(tenancy)  # the daily run agrees: no signal today


def test_nothing_keeps_a_complete_case_back_and_the_run_proposes_the_signal(client, officer):
    tenancy = scripted(BEHIND, letter(), contact("visit"))
    client.force_login(officer)
    text = checklist(client, tenancy)
    assert "Alle vier voorwaarden zijn vervuld" in text and "Niets houdt een vroegsignaal nog tegen." in text
    assert "houdt een vroegsignaal tegen:" not in text and "Dit houdt het tegen:" not in text
    assert run_proposes_a_signal(tenancy)
