"""Hand-written Schuldenknooppunt messages through `huurpad debt-help receive` and `answers`
(spec/CLI.md, 'Debt help messages'): deadlines in working days with the Dutch holidays, a
settlement from the kennisgeving to geslaagd that ends with the old arrears at zero, the same file
twice, and a bad line that stores nothing and names its line and field."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from huurpad.bank import imports as bank_imports
from huurpad.cases.models import CaseEvent, Task
from huurpad.cases.tasks import DEBT_HELP_ANSWER, DEBT_HELP_DECISION, DEBT_HELP_KENNISGEVING, DEBT_HELP_REVIEW
from huurpad.debthelp import flow
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.debthelp.tests.conftest import message, use_policy
from huurpad.solutions.models import Pause, WriteOff
from huurpad.tenancies import arrears
from huurpad.testing import camt
from huurpad.testing.ledgers import book

pytestmark = pytest.mark.django_db


def write(tmp_path, name: str, messages: list) -> str:
    path = tmp_path / name
    path.write_text("\n".join(m if isinstance(m, str) else json.dumps(m) for m in messages) + "\n", encoding="utf-8")
    return str(path)


def receive(path: str, day: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("debt-help", "receive", path, "--date", day, stdout=out)
    return out.getvalue()


def answers(day: str) -> list[dict]:
    from io import StringIO

    out = StringIO()
    call_command("debt-help", "answers", "--date", day, "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_settlement_from_kennisgeving_to_geslaagd_ends_with_the_old_arrears_at_zero(tmp_path, tenancy, teamleader):
    # 2025-04-15: a kennisgeving of 4 months; the old arrears pause, an officer gets a task.
    out = receive(write(tmp_path, "1.jsonl", [message("K1", "kennisgeving", "2025-04-15", months=4)]), "2025-04-15")
    assert "1 messages new, 0 already there" in out
    help_ = DebtHelp.objects.get()
    assert help_.stage == "kennisgeving"
    pause = Pause.objects.get(tenancy=tenancy, ended_on__isnull=True)
    assert (pause.reason, pause.review_date) == ("kennisgeving", date(2025, 8, 15))
    task = Task.objects.get(kind=DEBT_HELP_KENNISGEVING)
    assert task.due_date == date(2025, 4, 30)  # 10 working days; Easter Monday 21 April, Koningsdag Sat 26 April
    assert CaseEvent.objects.filter(tenancy=tenancy, type="debt_help").exists()

    # 2025-04-22: the balance request. Due: the 10th working day after 22 April, skipping 26 April
    # (Koningsdag on the Saturday, the 27th being a Sunday) and Bevrijdingsdag 5 May: 7 May.
    receive(write(tmp_path, "2.jsonl", [message("S1", "saldoverzoek", "2025-04-22")]), "2025-04-22")
    (line,) = answers("2025-04-22")
    assert line == {
        "message_id": "S1-antwoord",
        "in_reply_to": "S1",
        "type": "saldo_antwoord",
        "tenancy_ref": "HC700",
        "due_date": "2025-05-07",
        "status": "sent",
        "claim": "2140.00",
        "items": [
            {"kind": "rent", "amount": "1950.00"},
            {"kind": "service_costs", "amount": "150.00"},
            {"kind": "collection_costs", "amount": "40.00"},
        ],
        "advance_consent": True,
        "overdue": "2140.00",
        "running": "0.00",
        "current_rent": "700.00",
    }
    help_.refresh_from_db()
    assert (help_.stage, help_.claim_cents, help_.claim_on) == ("saldo_gevraagd", 214000, date(2025, 4, 22))
    assert "vordering € 2.140,00" in DebtMessage.objects.get(message_id="S1-antwoord").why

    # 2025-05-06: a proposal within the covenant: accepted without a person.
    proposal = message("B1", "betaalvoorstel", "2025-05-06", kind="schuldbemiddeling", percentage="25.00", months=18)
    receive(write(tmp_path, "3.jsonl", [proposal]), "2025-05-06")
    accepted = next(a for a in answers("2025-05-06") if a["type"] == "betaalvoorstel_antwoord")
    assert (accepted["accepted"], accepted["decided_by"], accepted["status"]) == (True, "covenant", "sent")
    help_.refresh_from_db()
    assert help_.stage == "akkoord" and help_.expected_cents == 53500

    # 2025-06-02: the settlement runs from 1 June; the pause runs on for its 18 months.
    receive(
        write(tmp_path, "4.jsonl", [message("A1", "schuldregeling_akkoord", "2025-06-02", start_date="2025-06-01")]),
        "2025-06-02",
    )
    help_.refresh_from_db()
    assert help_.stage == "lopend"
    pause = Pause.objects.get(tenancy=tenancy, ended_on__isnull=True)
    assert (pause.reason, pause.review_date) == ("debt_settlement", date(2026, 12, 1))
    assert flow.settlement_end(help_) == date(2026, 11, 30)  # its last day; reviewed the day after

    # The household pays its current rent; the counsellor pays 535.00 in the settlement, booked by
    # the bank import by the contract number in the description.
    book(
        tenancy,
        "\n".join(
            f"2025-{m:02d}-01 rent 650.00\n2025-{m:02d}-01 service_costs 50.00\n2025-{m:02d}-02 payment 700.00"
            for m in range(5, 13)
        ),
    )
    statement = camt.statement(
        [
            camt.Entry(
                amount=Decimal("535.00"),
                booked=date(2025, 11, 3),
                details=[
                    camt.Detail(
                        name="Kredietbank Lindestad",
                        iban="NL91ABNA0417164300",
                        remittance="HC700 schuldregeling KBL-2025-001",
                    )
                ],
            )
        ],
        statement_id="2025-11-03",
    )
    bank_imports.import_data(statement, "afschrift.xml")
    assert flow.received_cents(help_) == 53500

    # 2025-12-01: it succeeded. The team leader writes the rest off in one decision.
    receive(
        write(tmp_path, "5.jsonl", [message("E1", "schuldregeling_beeindigd", "2025-12-01", outcome="geslaagd")]),
        "2025-12-01",
    )
    help_.refresh_from_db()
    assert help_.stage == "geslaagd" and help_.running
    assert Task.objects.get(kind=DEBT_HELP_DECISION, status="open").role == "teamleider"
    assert arrears.owed(tenancy, date(2025, 12, 2)) == Decimal("1605.00")  # 2140 - 535
    flow.write_off_rest(help_, acting_user=teamleader, today=date(2025, 12, 2), why="Zoals afgesproken.")
    help_.refresh_from_db()
    write_off = WriteOff.objects.get()
    assert (write_off.status, write_off.reason_category, write_off.amount_cents) == (
        "approved",
        "debt_settlement",
        160500,
    )
    assert write_off.steps.count() == 1  # one decision, not four steps
    assert arrears.owed(tenancy, date(2025, 12, 2)) == 0
    assert help_.written_off_cents == 160500 and help_.ended_on == date(2025, 12, 2)
    assert not Pause.objects.filter(tenancy=tenancy, ended_on__isnull=True).exists()
    assert not Task.objects.filter(kind=DEBT_HELP_DECISION, status="open").exists()
    with pytest.raises(flow.NotAllowed):
        flow.write_off_rest(help_, acting_user=teamleader, today=date(2025, 12, 3), why="Nog eens.")


def test_rent_the_counsellor_pays_from_the_budget_it_manages_does_not_shrink_the_rest(tmp_path, tenancy, teamleader):
    """Budget management: the counsellor's organisation pays the current rent from the household's
    account too. Those payments come from the counsellor, but only what the settlement expects
    pays the old claim; the rest written off leaves the old arrears at zero."""
    receive(
        write(
            tmp_path,
            "run.jsonl",
            [
                message("K1", "kennisgeving", "2025-04-15", months=4),
                message("B1", "betaalvoorstel", "2025-04-20", kind="schuldbemiddeling", percentage="25.00", months=18),
                message("A1", "schuldregeling_akkoord", "2025-05-01", start_date="2025-05-01"),
            ],
        ),
        "2025-05-01",
    )
    book(tenancy, "2025-05-01 rent 650.00\n2025-05-01 service_costs 50.00\n2025-05-02 payment 700.00")
    book(tenancy, "2025-06-01 rent 650.00\n2025-06-01 service_costs 50.00")
    paid = [
        (Decimal("700.00"), date(2025, 6, 2), "HC700 huur juni"),  # the rent, from the managed budget
        (Decimal("535.00"), date(2025, 6, 3), "HC700 schuldregeling KBL-2025-001"),  # the settlement
    ]
    entries = [
        camt.Entry(
            amount=amount,
            booked=day,
            details=[camt.Detail(name="Kredietbank Lindestad", iban="NL91ABNA0417164300", remittance=text)],
        )
        for amount, day, text in paid
    ]
    bank_imports.import_data(camt.statement(entries, statement_id="2025-06-03"), "afschrift.xml")
    help_ = DebtHelp.objects.get()
    assert (flow.received_cents(help_), help_.expected_cents) == (123500, 53500)
    receive(
        write(tmp_path, "e.jsonl", [message("E1", "schuldregeling_beeindigd", "2025-07-01", outcome="geslaagd")]),
        "2025-07-01",
    )
    help_.refresh_from_db()
    assert flow.rest_of_claim(help_, date(2025, 7, 1)) == Decimal("1605.00")  # 2140 - 535
    flow.write_off_rest(help_, acting_user=teamleader, today=date(2025, 7, 1), why="")
    assert arrears.owed(tenancy, date(2025, 7, 1)) == 0


def test_the_same_file_twice_changes_nothing(tmp_path, tenancy):
    path = write(
        tmp_path,
        "twice.jsonl",
        [message("K1", "kennisgeving", "2025-04-15", months=8), message("S1", "saldoverzoek", "2025-04-16")],
    )
    receive(path, "2025-04-16")
    counts = (DebtMessage.objects.count(), CaseEvent.objects.count(), Task.objects.count(), Pause.objects.count())
    assert "0 messages new, 2 already there" in receive(path, "2025-04-17")
    assert (
        DebtMessage.objects.count(),
        CaseEvent.objects.count(),
        Task.objects.count(),
        Pause.objects.count(),
    ) == counts
    assert Pause.objects.get().review_date == date(2025, 12, 15)  # 8 months, as the kennisgeving said


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (message("K2", "kennisgeving", "2025-04-15", months=6), "months"),
        (message("K2", "kennisgeving", "2025-04-31", months=4), "date"),
        ({**message("K2", "kennisgeving", "2025-04-15", months=4), "tenancy_ref": "HC999"}, "tenancy_ref"),
        (message("K2", "betaalvoorstel", "2025-04-15", kind="lening", percentage="20.00", months=18), "kind"),
        (message("K2", "betaalvoorstel", "2025-04-15", kind="nul_aanbod", percentage="1,5", months=18), "percentage"),
        (message("K2", "schuldregeling_beeindigd", "2025-04-15", outcome="half"), "outcome"),
        (message("K2", "statusbericht", "2025-04-15"), "text"),
        (message("K2", "schuldregeling_akkoord", "2025-04-15", start_date="morgen"), "start_date"),
        (
            {k: v for k, v in message("K2", "saldoverzoek", "2025-04-15").items() if k != "counsellor_reference"},
            "counsellor_reference",
        ),
        (message("K2", "verzoek", "2025-04-15"), "type"),
        # Steps out of order: 'geslaagd' with no settlement running (it would write off the whole
        # claim), a reconsideration with no proposal to reconsider.
        (message("K2", "schuldregeling_beeindigd", "2025-04-15", outcome="geslaagd"), "type"),
        (message("K2", "heroverweging", "2025-04-15", text="Graag opnieuw bekijken."), "type"),
        # A proposal from a counsellor we have no trajectory with does not fit.
        (
            {
                **message(
                    "K2", "betaalvoorstel", "2025-04-15", kind="schuldbemiddeling", percentage="20.00", months=18
                ),
                "counsellor_reference": "ANDER",
            },
            "counsellor_reference",
        ),
    ],
)
def test_a_bad_line_stores_nothing_and_names_its_line_and_field(tmp_path, tenancy, bad, field):
    path = write(tmp_path, "bad.jsonl", [message("K1", "kennisgeving", "2025-04-15", months=4), "", bad])
    with pytest.raises(CommandError) as failed:
        receive(path, "2025-04-16")
    assert failed.value.returncode == 1
    assert f"bad.jsonl:3: {field}:" in str(failed.value)
    assert "Nothing was imported." in str(failed.value)
    assert not DebtMessage.objects.exists() and not DebtHelp.objects.exists()
    assert not Pause.objects.exists() and not Task.objects.exists()
    assert not CaseEvent.objects.filter(type__in=["debt_help", "pause_started"]).exists()


def test_a_line_that_is_no_json_is_named(tmp_path, tenancy):
    with pytest.raises(CommandError, match=r"nojson.jsonl:2: not valid JSON"):
        receive(
            write(tmp_path, "nojson.jsonl", [message("K1", "kennisgeving", "2025-04-15", months=4), "{kapot"]),
            "2025-04-16",
        )
    assert not DebtMessage.objects.exists()


def test_without_automatic_steps_the_answers_wait_for_people_and_become_overdue(
    tmp_path, tenancy, officer, teamleader, client
):
    use_policy(auto_send_balance="false", advance_consent="false", max_months="12")
    receive(
        write(
            tmp_path,
            "wait.jsonl",
            [
                message("K1", "kennisgeving", "2025-12-15", months=4),
                message("S1", "saldoverzoek", "2025-12-15"),
                message("B1", "betaalvoorstel", "2025-12-16", kind="saneringskrediet", percentage="30.00", months=18),
            ],
        ),
        "2025-12-16",
    )
    # 10 working days after 15 December, skipping Christmas (25, 26) and New Year's Day: 31 December.
    saldo, voorstel = answers("2025-12-31")
    assert (saldo["type"], saldo["due_date"], saldo["status"], saldo["advance_consent"]) == (
        "saldo_antwoord",
        "2025-12-31",
        "awaiting_decision",
        False,
    )
    assert (voorstel["due_date"], voorstel["status"], voorstel["accepted"], voorstel["decided_by"]) == (
        "2026-01-02",
        "awaiting_decision",
        None,
        None,
    )
    assert [a["status"] for a in answers("2026-01-02")] == ["overdue", "awaiting_decision"]
    assert flow.owed_counts(date(2025, 12, 31)) == (2, 0)
    assert flow.owed_counts(date(2026, 1, 5)) == (2, 2)
    assert Task.objects.get(kind=DEBT_HELP_ANSWER).due_date == date(2025, 12, 31)
    assert Task.objects.get(kind=DEBT_HELP_DECISION).due_date == date(2026, 1, 2)
    why = DebtMessage.objects.get(message_id="B1-antwoord").why
    assert (
        "NIET voldaan: looptijd 18 maanden, hoogstens 12" in why and "voldaan: soort regeling saneringskrediet" in why
    )

    client.force_login(teamleader)  # the team page counts them: both are past their deadline by now
    page = " ".join(client.get("/team/").content.decode().split())
    assert "wachten op <strong>2 antwoorden</strong> van ons, waarvan <strong>2 over de termijn</strong>" in page

    flow.send(DebtMessage.objects.get(message_id="S1-antwoord"), acting_user=officer, today=date(2025, 12, 22))
    with pytest.raises(flow.NotAllowed):
        flow.decide(
            DebtMessage.objects.get(message_id="B1-antwoord"),
            acting_user=officer,
            today=date(2025, 12, 22),
            accepted=True,
            why="Prima",
        )
    flow.decide(
        DebtMessage.objects.get(message_id="B1-antwoord"),
        acting_user=teamleader,
        today=date(2025, 12, 22),
        accepted=False,
        why="Te lang.",
    )
    saldo, voorstel = answers("2026-01-05")
    assert (saldo["status"], voorstel["status"], voorstel["accepted"], voorstel["decided_by"]) == (
        "sent",
        "sent",
        False,
        "staff",
    )
    assert not Task.objects.filter(status="open", kind__in=[DEBT_HELP_ANSWER, DEBT_HELP_DECISION]).exists()
    # As it stood before the answers went: owed, and overdue for the one past its deadline.
    assert [a["status"] for a in answers("2025-12-20")] == ["awaiting_decision", "awaiting_decision"]


def test_geen_medewerking_with_its_reason_ends_the_trajectory_and_its_pause(tmp_path, tenancy, officer):
    use_policy(auto_send_balance="false")
    receive(
        write(
            tmp_path,
            "g.jsonl",
            [message("K1", "kennisgeving", "2025-04-15", months=4), message("S1", "saldoverzoek", "2025-04-15")],
        ),
        "2025-04-15",
    )
    incoming = DebtMessage.objects.get(message_id="S1")
    with pytest.raises(flow.NotAllowed):
        flow.refuse(incoming, acting_user=officer, today=date(2025, 4, 16), reason="zin_in", why="Zomaar")
    with pytest.raises(flow.NotAllowed):
        flow.refuse(incoming, acting_user=officer, today=date(2025, 4, 16), reason="recent_discharge", why="  ")
    flow.refuse(
        incoming,
        acting_user=officer,
        today=date(2025, 4, 16),
        reason="recent_discharge",
        why="Finale kwijting in 2023.",
    )
    (line,) = answers("2025-04-16")
    assert line == {
        "message_id": "S1-antwoord",
        "in_reply_to": "S1",
        "type": "geen_medewerking",
        "tenancy_ref": "HC700",
        "due_date": "2025-04-30",
        "status": "sent",
        "reason": "recent_discharge",
    }
    assert DebtHelp.objects.get().stage == "geen_medewerking"
    assert not Pause.objects.filter(ended_on__isnull=True).exists()
    with pytest.raises(flow.NotAllowed):
        flow.refuse(incoming, acting_user=officer, today=date(2025, 4, 17), reason="no_cooperation", why="Nog eens")


def test_an_answer_still_waiting_when_the_trajectory_ended_no_longer_goes(tmp_path, tenancy, officer, teamleader):
    use_policy(auto_send_balance="false", max_months="12")
    receive(
        write(
            tmp_path,
            "w.jsonl",
            [
                message("K1", "kennisgeving", "2025-04-15", months=4),
                message("S1", "saldoverzoek", "2025-04-15"),
                message("B1", "betaalvoorstel", "2025-04-16", kind="schuldbemiddeling", percentage="10.00", months=18),
            ],
        ),
        "2025-04-16",
    )
    flow.refuse(
        DebtMessage.objects.get(message_id="K1"),
        acting_user=officer,
        today=date(2025, 4, 17),
        reason="no_cooperation",
        why="Geen lid van de NVVK.",
    )
    with pytest.raises(flow.NotAllowed, match="afgesloten"):
        flow.send(DebtMessage.objects.get(message_id="S1-antwoord"), acting_user=officer, today=date(2025, 4, 17))
    with pytest.raises(flow.NotAllowed, match="afgesloten"):
        flow.decide(
            DebtMessage.objects.get(message_id="B1-antwoord"),
            acting_user=teamleader,
            today=date(2025, 4, 17),
            accepted=True,
            why="Toch wel.",
        )
    assert DebtHelp.objects.get().stage == "geen_medewerking"
    # Owed until the trajectory ended, and then no longer: not overdue for ever.
    before = {a["message_id"]: a["status"] for a in answers("2025-04-16")}
    assert (before["S1-antwoord"], before["B1-antwoord"]) == ("awaiting_decision", "awaiting_decision")
    assert [a["message_id"] for a in answers("2025-06-01")] == ["K1-antwoord"]  # the refusal, sent
    assert flow.owed_counts(date(2025, 6, 1)) == (0, 0)


def test_a_settlement_that_fails_ends_the_pause_and_starts_a_review(tmp_path, tenancy):
    receive(
        write(
            tmp_path,
            "m.jsonl",
            [
                message("K1", "kennisgeving", "2025-04-15", months=4),
                message("B1", "betaalvoorstel", "2025-04-20", kind="schuldbemiddeling", percentage="10.00", months=18),
                message("A1", "schuldregeling_akkoord", "2025-05-01", start_date="2025-05-01"),
                message("T1", "statusbericht", "2025-06-01", text="De huurder werkt goed mee."),
                message("E1", "schuldregeling_beeindigd", "2025-09-01", outcome="mislukt"),
            ],
        ),
        "2025-09-02",
    )
    help_ = DebtHelp.objects.get()
    assert (help_.stage, help_.ended_on) == ("mislukt", date(2025, 9, 1))
    assert not Pause.objects.filter(ended_on__isnull=True).exists()
    assert Task.objects.get(kind=DEBT_HELP_REVIEW, status="open").role == "incassomedewerker"
    texts = [e.params["text"] for e in CaseEvent.objects.filter(type="debt_help")]
    assert "Statusbericht van Kredietbank Lindestad: De huurder werkt goed mee." in texts


def test_a_request_to_reconsider_gives_the_team_leader_a_new_answer_to_give(tmp_path, tenancy, teamleader):
    use_policy(max_months="12")
    receive(
        write(
            tmp_path,
            "h.jsonl",
            [
                message("K1", "kennisgeving", "2025-04-15", months=4),
                message("B1", "betaalvoorstel", "2025-04-20", kind="schuldbemiddeling", percentage="10.00", months=18),
                message(
                    "H1", "heroverweging", "2025-05-01", text="Graag opnieuw bekijken: de huurder heeft geen ruimte."
                ),
            ],
        ),
        "2025-05-01",
    )
    lines = answers("2025-05-01")
    assert [(a["in_reply_to"], a["status"]) for a in lines] == [
        ("B1", "awaiting_decision"),
        ("H1", "awaiting_decision"),
    ]
    assert "heroverwegen" in Task.objects.get(kind=DEBT_HELP_DECISION).explanation
    # One task holds both answers: it stays open until the last of them is decided.
    first, second = DebtMessage.objects.filter(type="betaalvoorstel_antwoord").order_by("id")
    flow.decide(first, acting_user=teamleader, today=date(2025, 5, 2), accepted=False, why="Te lang.")
    assert Task.objects.get(kind=DEBT_HELP_DECISION).status == "open"
    flow.decide(second, acting_user=teamleader, today=date(2025, 5, 2), accepted=True, why="Nu wel.")
    assert Task.objects.get(kind=DEBT_HELP_DECISION).status == "done"
    assert DebtHelp.objects.get().stage == "akkoord"


def test_a_message_that_does_not_fit_the_stage_stores_nothing_and_the_agreed_claim_stays(tmp_path, tenancy):
    receive(
        write(
            tmp_path,
            "run.jsonl",
            [
                message("K1", "kennisgeving", "2025-04-15", months=4),
                message("B1", "betaalvoorstel", "2025-04-20", kind="schuldbemiddeling", percentage="25.00", months=18),
                message("A1", "schuldregeling_akkoord", "2025-05-01", start_date="2025-05-01"),
            ],
        ),
        "2025-05-01",
    )
    help_ = DebtHelp.objects.get()
    agreed = (help_.stage, help_.claim_cents, help_.expected_cents)
    assert agreed[0] == "lopend" and agreed[1] > 0
    # A balance asked while the settlement runs is answered from the ledger of that day, but the
    # claim the settlement was agreed on stays: the counsellor's payments are counted against it.
    book(tenancy, "2025-05-10 payment 500.00")
    receive(write(tmp_path, "s.jsonl", [message("S1", "saldoverzoek", "2025-05-12")]), "2025-05-12")
    assert DebtMessage.objects.get(message_id="S1-antwoord").payload["claim"] == f"{agreed[1] / 100 - 500:.2f}"
    help_.refresh_from_db()
    assert (help_.stage, help_.claim_cents, help_.expected_cents) == agreed
    for n, bad in enumerate(
        [
            message("A2", "schuldregeling_akkoord", "2025-05-12", start_date="2025-06-01"),
            message("B2", "betaalvoorstel", "2025-05-12", kind="schuldbemiddeling", percentage="5.00", months=18),
        ]
    ):
        with pytest.raises(CommandError, match=r"bad\d.jsonl:1: type: .* does not fit stage lopend"):
            receive(write(tmp_path, f"bad{n}.jsonl", [bad]), "2025-05-12")
    help_.refresh_from_db()
    assert (help_.stage, help_.settlement_start) == ("lopend", date(2025, 5, 1))
    # Once it ended, only a status message is still noted.
    receive(
        write(tmp_path, "e.jsonl", [message("E1", "schuldregeling_beeindigd", "2025-09-01", outcome="mislukt")]),
        "2025-09-01",
    )
    with pytest.raises(CommandError, match=r"ended on 2025-09-01 \(mislukt\)"):
        receive(
            write(
                tmp_path,
                "late.jsonl",
                [
                    message(
                        "B3", "betaalvoorstel", "2025-09-02", kind="schuldbemiddeling", percentage="25.00", months=18
                    )
                ],
            ),
            "2025-09-02",
        )
    receive(
        write(tmp_path, "t.jsonl", [message("T1", "statusbericht", "2025-09-02", text="Dossier gesloten.")]),
        "2025-09-02",
    )
    assert DebtHelp.objects.get().stage == "mislukt"
