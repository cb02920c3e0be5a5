"""The transports wired to the flow (docs/debt-help-transports.md): the flow's answers go through the
transports' checks and mappings onto the (fake) wire unchanged in meaning; `huurpad debt-help
exchange` against the local fake of the web service (every request checked against the WSDL's
schema); `receive --portal-csv` and `answers --portal-csv` with files. Fetched messages are
acknowledged only once stored, answers marked handed over only once sent, the same input twice
stores and sends nothing twice."""

import csv
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.debthelp import canonical, exchange, flow
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.debthelp.transport import base, csv_portal, soap
from huurpad.debthelp.transport.soap import SoapTransport
from huurpad.debthelp.transport.tests import fake_skn
from huurpad.debthelp.transport.tests.fake_skn import NS, FakeSchuldenknooppunt, fetched, text
from huurpad.debthelp.transport.tests.test_csv_portal import HEADER, ROWS
from huurpad.messaging.models import Sender
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
URL = "https://skn.test/schuldregelen-se"
SKN = {
    "SKN_URL": URL,
    "SKN_CERT": "/etc/huurpad/pkio.crt",
    "SKN_KEY": "/etc/huurpad/pkio.key",
    "SKN_CA_BUNDLE": "",
    "SKN_WSDL": "",
    "SKN_TIMEOUT": 30,
    "SKN_CONTACT_NAME": "P. Jansen",
    "SKN_CONTACT_EMAIL": "incasso@woonstad.test",
    "SKN_CONTACT_PHONE": "053 123",
}
# Arrears of rent, service costs and collection costs before the fake's messages (March 2026).
LEDGER = """
2026-01-01 rent 650.00
2026-01-01 service_costs 50.00
2026-01-05 payment 300.00
2026-02-01 rent 650.00
2026-02-01 service_costs 50.00
2026-02-20 collection_costs 40.00
2026-03-01 rent 650.00
2026-03-01 service_costs 50.00
2026-03-09 other_charge 12.50
"""


@pytest.fixture
def tenancy():
    Sender.objects.create(name="Woonstad", street_address="Plein 1", postcode_city="7511 AA Enschede", phone="053 1")
    made = make_tenancy("T-1001", start=date(2025, 1, 1))
    book(made, LEDGER)
    return made


def confirm(request):
    return (
        "<skn:BevestigenOntvangstResponse>"
        + "".join(f"<skn:Bevestigd>{e.text}</skn:Bevestigd>" for e in request)
        + "</skn:BevestigenOntvangstResponse>"
    )


def skn(*berichten, **more):
    return FakeSchuldenknooppunt({"OphalenBerichten": fetched(*berichten), "BevestigenOntvangst": confirm, **more})


def run_exchange(fake, day: str, monkeypatch) -> str:
    """`huurpad debt-help exchange --date D`, the web service built from the settings, over the fake."""
    monkeypatch.setattr(exchange, "web_service", lambda: SoapTransport.from_settings(session=fake))
    out = StringIO()
    with override_settings(**SKN):
        call_command("debt-help", "exchange", "--date", day, stdout=out)
    return out.getvalue()


def names(fake) -> list[str]:
    return [fake_skn.etree.QName(r).localname for r in fake.requests]


def find(request, path):
    return request.findall(path.replace("skn:", f"{{{NS}}}"))


# --- the contract: the flow's answers through the transports ------------------------------------


def test_the_flows_answers_go_over_the_web_service_as_the_flow_gave_them(tenancy, monkeypatch):
    fake = skn(fake_skn.KENNISGEVING, fake_skn.SALDOVERZOEK, fake_skn.BETAALVOORSTEL)
    out = run_exchange(fake, "2026-04-14", monkeypatch)
    assert "3 messages new, 0 already there. 3 acknowledged. 2 answers sent." in out
    assert names(fake) == [
        "OphalenBerichten",
        "BevestigenOntvangst",
        "VersturenSaldoverzoekAntwoordVoorafAkkoord",
        "VersturenBetaalvoorstelAntwoord",
    ]
    assert [e.text for e in fake.requests[1]] == ["skn-0001", "skn-0002", "skn-0003"]

    saldo_line = flow.answer_line(DebtMessage.objects.get(message_id="skn-0002-antwoord"), date(2026, 4, 14))
    saldo = fake.requests[2]
    body = "skn:SaldoverzoekAntwoordVoorafAkkoord/"
    assert text(saldo, "skn:Header/skn:BerichtId") == "skn-0002-antwoord"
    assert text(saldo, "skn:Header/skn:AntwoordOp") == "skn-0002"
    assert text(saldo, "skn:Header/skn:DatumVerzonden") == "2026-04-14"
    assert text(saldo, body + "skn:KlantnummerSE") == "T-1001"
    assert text(saldo, body + "skn:KlantnummerSHV") == "SB-2026-114"
    assert text(saldo, body + "skn:Totaalvordering") == saldo_line["claim"] == "1852.50"
    claims = find(saldo, body + "skn:OpenstaandeSchulden/skn:Vordering")
    assert [(text(c, "skn:Soort"), text(c, "skn:ActueelVorderingsbedrag")) for c in claims] == [
        (item["kind"], item["amount"]) for item in saldo_line["items"]
    ]
    assert [item["kind"] for item in saldo_line["items"]] == list(canonical.ITEM_KINDS)
    assert sum(Decimal(item["amount"]) for item in saldo_line["items"]) == Decimal("1852.50")

    proposal = fake.requests[3]
    assert text(proposal, "skn:Header/skn:BerichtId") == "skn-0003-antwoord"
    assert text(proposal, "skn:Header/skn:AntwoordOp") == "skn-0003"
    assert text(proposal, "skn:BetaalvoorstelAntwoord/skn:Akkoord") == "true"

    handed = DebtMessage.objects.filter(direction="out").order_by("message_id")
    assert [(a.handed_over_on, a.handed_over_via, a.receipt) for a in handed] == [
        (date(2026, 4, 14), "web_service", "R-1"),
        (date(2026, 4, 14), "web_service", "R-1"),
    ]


@pytest.mark.parametrize(("reason", "code"), list(soap.REASONS.items()))
def test_every_refusal_reason_of_the_flow_has_its_wire_code(tenancy, officer, monkeypatch, reason, code):
    assert set(soap.REASONS) == set(canonical.REFUSAL_REASONS) == set(flow.REFUSAL_REASONS)
    assert set(csv_portal.REASONS) == set(canonical.REFUSAL_REASONS)
    run_exchange(skn(fake_skn.KENNISGEVING), "2026-03-02", monkeypatch)
    incoming = DebtMessage.objects.get(message_id="skn-0001")
    flow.refuse(incoming, acting_user=officer, today=date(2026, 3, 3), reason=reason, why="Zo is het.")
    fake = skn()
    assert "1 answers sent" in run_exchange(fake, "2026-03-03", monkeypatch)
    assert names(fake) == ["OphalenBerichten", "VersturenGeenMedewerking"]
    assert text(fake.requests[1], "skn:GeenMedewerking/skn:Reden") == code
    assert text(fake.requests[1], "skn:Header/skn:BerichtId") == "skn-0001-antwoord"


def test_an_answer_waiting_for_the_team_leader_goes_only_after_the_decision(tenancy, teamleader, monkeypatch):
    run_exchange(skn(fake_skn.KENNISGEVING, fake_skn.BETAALVOORSTEL.replace(">18<", ">36<")), "2026-04-14", monkeypatch)
    fake = skn()
    assert "0 answers sent" in run_exchange(fake, "2026-04-15", monkeypatch)
    answer = DebtMessage.objects.get(message_id="skn-0003-antwoord")
    assert answer.status == "awaiting_decision" and answer.handed_over_on is None
    flow.decide(answer, acting_user=teamleader, today=date(2026, 4, 16), accepted=False, why="Te lang.")
    fake = skn()
    assert "1 answers sent" in run_exchange(fake, "2026-04-16", monkeypatch)
    assert text(fake.requests[1], "skn:BetaalvoorstelAntwoord/skn:Akkoord") == "false"
    assert flow.wire_answer(DebtMessage.objects.get(pk=answer.pk), date(2026, 4, 16))["decided_by"] == "staff"


LEDGER_LINE = st.tuples(
    st.integers(min_value=1, max_value=68),  # day in Jan-Mar 2026
    st.sampled_from(["rent", "service_costs", "collection_costs", "other_charge", "payment", "reversal"]),
    st.integers(min_value=1, max_value=90000),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LEDGER_LINE, max_size=8), st.booleans())
def test_any_balance_the_flow_composes_passes_the_transports_check(lines, consent):
    """Whatever the ledger (payments, reversals, every kind of charge, nothing owed), the balance
    answer's items are canonical kinds that add up to the claim: the transports never refuse it,
    and the wire's total is the claim."""
    tenancy = make_tenancy(start=date(2025, 1, 1))
    text_ = "\n".join(
        f"{date.fromordinal(date(2026, 1, 1).toordinal() + day - 1).isoformat()} {kind} {cents / 100:.2f}"
        for day, kind, cents in lines
    )
    if text_:
        book(tenancy, text_)
    found = flow.balance(tenancy, date(2026, 3, 9))
    answer = {
        "message_id": "x-antwoord",
        "in_reply_to": "x",
        "type": "saldo_antwoord",
        "tenancy_ref": tenancy.ref,
        **found.payload(),
        "advance_consent": consent,
    }
    base.check_answer(answer)
    _operation, body = soap.outgoing(answer, today=date(2026, 3, 9))
    part = body["SaldoverzoekAntwoordVoorafAkkoord" if consent else "SaldoverzoekAntwoord"]
    lines_ = part["OpenstaandeSchulden"]["Vordering"]
    assert part["Totaalvordering"] == sum((v["ActueelVorderingsbedrag"] for v in lines_), Decimal(0)) == found.claim
    assert lines_ and {v["Soort"] for v in lines_} <= set(canonical.ITEM_KINDS)


# --- the web service's daily round --------------------------------------------------------------


def test_the_same_messages_fetched_again_store_nothing_twice_and_send_nothing_twice(tenancy, monkeypatch):
    run_exchange(skn(fake_skn.KENNISGEVING, fake_skn.SALDOVERZOEK), "2026-03-10", monkeypatch)
    counts = (DebtMessage.objects.count(), DebtHelp.objects.count())
    fake = skn(fake_skn.KENNISGEVING, fake_skn.SALDOVERZOEK)
    out = run_exchange(fake, "2026-03-11", monkeypatch)
    assert "0 messages new, 2 already there. 2 acknowledged. 0 answers sent." in out
    assert names(fake) == ["OphalenBerichten", "BevestigenOntvangst"]  # acknowledged again, nothing sent
    assert (DebtMessage.objects.count(), DebtHelp.objects.count()) == counts


def test_a_message_that_cannot_be_stored_is_not_acknowledged(tenancy, monkeypatch):
    unknown = fake_skn.SALDOVERZOEK.replace("T-1001", "T-9999")
    fake = skn(fake_skn.KENNISGEVING, unknown)
    with pytest.raises(CommandError) as e:
        run_exchange(fake, "2026-03-10", monkeypatch)
    assert e.value.returncode == 1
    assert "schuldenknooppunt:2: tenancy_ref: message skn-0002: unknown tenancy 'T-9999'" in str(e.value)
    assert names(fake) == ["OphalenBerichten"]
    assert not DebtMessage.objects.exists()


def test_a_message_the_transport_cannot_map_stores_and_acknowledges_nothing(tenancy, monkeypatch):
    broken = fake_skn.BETAALVOORSTEL.replace("<skn:Looptijd>18</skn:Looptijd>", "")
    fake = skn(fake_skn.KENNISGEVING, broken)
    with pytest.raises(CommandError, match="skn-0003 Betaalvoorstel/Looptijd: is missing") as e:
        run_exchange(fake, "2026-04-14", monkeypatch)
    assert e.value.returncode == 1
    assert names(fake) == ["OphalenBerichten"] and not DebtMessage.objects.exists()


def test_when_acknowledging_fails_the_messages_stay_stored_and_come_again_harmlessly(tenancy, monkeypatch):
    none = "<skn:BevestigenOntvangstResponse/>"
    fake = skn(fake_skn.KENNISGEVING, fake_skn.SALDOVERZOEK, BevestigenOntvangst=none)
    with pytest.raises(CommandError, match="did not confirm skn-0001, skn-0002") as e:
        run_exchange(fake, "2026-03-10", monkeypatch)
    assert "Done before that: 2 messages new, 0 already there. 0 acknowledged. 0 answers sent." in str(e.value)
    assert DebtMessage.objects.filter(direction="in").count() == 2
    assert not DebtMessage.objects.filter(handed_over_on__isnull=False).exists()  # the round stopped
    fake = skn(fake_skn.KENNISGEVING, fake_skn.SALDOVERZOEK)
    assert "0 messages new, 2 already there. 2 acknowledged. 1 answers sent." in run_exchange(
        fake, "2026-03-11", monkeypatch
    )


def test_a_refused_send_marks_only_what_went_before_it(tenancy, monkeypatch):
    fake = skn(
        fake_skn.KENNISGEVING,
        fake_skn.SALDOVERZOEK,
        fake_skn.BETAALVOORSTEL,
        VersturenBetaalvoorstelAntwoord="FAULT:Onbekende conversatie",
    )
    with pytest.raises(CommandError) as e:
        run_exchange(fake, "2026-04-14", monkeypatch)
    assert e.value.returncode == 1
    assert "message skn-0003-antwoord: the Schuldenknooppunt refused VersturenBetaalvoorstelAntwoord" in str(e.value)
    assert "1 answers sent" in str(e.value)
    handed = dict(DebtMessage.objects.filter(direction="out").values_list("message_id", "handed_over_on"))
    assert handed == {"skn-0002-antwoord": date(2026, 4, 14), "skn-0003-antwoord": None}
    fake = skn()
    assert "1 answers sent" in run_exchange(fake, "2026-04-15", monkeypatch)
    assert names(fake) == ["OphalenBerichten", "VersturenBetaalvoorstelAntwoord"]


def test_without_settings_the_exchange_says_what_is_missing(monkeypatch):
    err = StringIO()
    with override_settings(**{**SKN, "SKN_URL": ""}), pytest.raises(CommandError) as e:
        call_command("debt-help", "exchange", "--date", "2026-03-10", stderr=err)
    assert e.value.returncode == 1 and "HUURPAD_SKN_URL" in str(e.value)


def test_answers_released_before_the_transports_were_wired_count_as_gone():
    """Migration 0003 marks the answers already 'sent' as handed over by hand: the first exchange
    does not send them months late."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("huurpad.debthelp.migrations.0003_handed_over")
    tenancy = make_tenancy("T-2002", start=date(2025, 1, 1))
    help_ = DebtHelp.objects.create(
        tenancy=tenancy, counsellor="K", counsellor_reference="K1", started_on=date(2025, 5, 1)
    )
    incoming = DebtMessage.objects.create(
        message_id="in-1", direction="in", type="saldoverzoek", date=date(2025, 5, 1), tenancy=tenancy,
        debt_help=help_, status="received",
    )  # fmt: skip
    common = {"direction": "out", "tenancy": tenancy, "debt_help": help_, "in_reply_to": incoming}
    sent = DebtMessage.objects.create(
        message_id="a", type="saldo_antwoord", date=date(2025, 5, 2), status="sent", **common
    )
    waiting = DebtMessage.objects.create(
        message_id="b", type="betaalvoorstel_antwoord", date=date(2025, 5, 2), status="awaiting_decision", **common
    )
    migration.answers_sent_before(apps, None)
    sent.refresh_from_db()
    waiting.refresh_from_db()
    assert (sent.handed_over_on, sent.handed_over_via) == (date(2025, 5, 2), "before")
    assert waiting.handed_over_on is None


# --- the portal's CSV files ----------------------------------------------------------------------


def export(tmp_path, rows, name="skn-export.csv"):
    path = tmp_path / name
    path.write_text("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


def call(*args) -> str:
    out = StringIO()
    call_command("debt-help", *args, stdout=out)
    return out.getvalue()


def test_the_portals_export_is_received_once(tenancy, tmp_path):
    path = export(tmp_path, ROWS[:3])
    assert "3 messages new, 0 already there" in call("receive", "--portal-csv", str(path), "--date", "2026-04-14")
    stored = DebtMessage.objects.count()
    assert "0 messages new, 3 already there" in call("receive", "--portal-csv", str(path), "--date", "2026-04-14")
    assert DebtMessage.objects.count() == stored
    assert DebtHelp.objects.get().counsellor_reference == "SB-2026-114"


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (ROWS[1].replace("T-1001", "T-9999"), ":3: G (KlantnummerSEVolgensSHV): unknown tenancy 'T-9999'"),
        (ROWS[2].replace("T-1001", "T-9999"), ":4: H (KlantnummerSE): unknown tenancy 'T-9999'"),
        (ROWS[2].replace(";SB-2026-114;", ";ANDER-1;"), ":4: F (KlantnummerSHV): no debt help with this"),
        (ROWS[1].replace("2026-03-09", "2026-05-09"), ":3: D (Datum): 2026-05-09 is after today"),
    ],
)
def test_a_bad_export_names_file_line_and_column_and_stores_nothing(tenancy, tmp_path, row, where):
    rows = [ROWS[0], *(r if r.split(";")[0] != row.split(";")[0] else row for r in ROWS[1:3])]
    path = export(tmp_path, rows)
    with pytest.raises(CommandError) as e:
        call("receive", "--portal-csv", str(path), "--date", "2026-04-14")
    assert e.value.returncode == 1
    assert f"{path}{where}" in str(e.value)
    assert not DebtMessage.objects.exists() and not DebtHelp.objects.exists()


def read(path):
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))


def test_answers_are_written_for_the_portal_once(tenancy, tmp_path, teamleader):
    path = export(tmp_path, ROWS[:3])
    call("receive", "--portal-csv", str(path), "--date", "2026-04-14")
    out_dir = tmp_path / "upload"
    out_dir.mkdir()
    with override_settings(**SKN):
        lines = call("answers", "--date", "2026-04-14", "--portal-csv", str(out_dir), "--export", str(path), "--json")
    written = [json.loads(line) for line in lines.splitlines()]
    assert [(a["message_id"], a["type"]) for a in written] == [
        ("skn-0002-antwoord", "saldo_antwoord"),
        ("skn-0003-antwoord", "betaalvoorstel_antwoord"),
    ]
    saldo_file = out_dir / "skn-antwoorden-2026-04-14.csv"
    proposal_file = out_dir / "skn-antwoorden-2026-04-14-betaalvoorstel-antwoord.csv"
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([saldo_file.name, proposal_file.name])
    header, *rows = read(saldo_file)
    assert header == list(csv_portal.QUESTION + csv_portal.ANSWER)
    assert {r[0] for r in rows} == {"c-11"}  # the conversation, from the export
    assert [r[12] for r in rows][:1] == ["P. Jansen"]  # our contact person, from the settings
    amounts = sum(csv_portal._decimal(r[22]) for r in rows)
    assert f"{amounts:.2f}" == written[0]["claim"]
    assert read(proposal_file)[1] == ["c-11", "T-1001", "SB-2026-114", "Ja"]
    assert set(DebtMessage.objects.filter(direction="out").values_list("handed_over_via", flat=True)) == {"portal_csv"}

    # A second run hands over nothing and writes no file.
    assert "No answers to hand over." in call("answers", "--date", "2026-04-14", "--portal-csv", str(out_dir))
    assert len(list(out_dir.iterdir())) == 2
    # The same export again: nothing stored, nothing to write.
    call("receive", "--portal-csv", str(path), "--date", "2026-04-15")
    assert "No answers to hand over." in call("answers", "--date", "2026-04-15", "--portal-csv", str(out_dir))


def test_a_second_batch_on_one_day_never_overwrites_the_first(tenancy, tmp_path, teamleader):
    path = export(tmp_path, [ROWS[0], ROWS[1], ROWS[2].replace(";18;", ";36;")])
    call("receive", "--portal-csv", str(path), "--date", "2026-04-14")
    out_dir = tmp_path / "upload"
    out_dir.mkdir()
    call("answers", "--date", "2026-04-14", "--portal-csv", str(out_dir))
    first = (out_dir / "skn-antwoorden-2026-04-14.csv").read_bytes()
    answer = DebtMessage.objects.get(message_id="skn-0003-antwoord")
    flow.decide(answer, acting_user=teamleader, today=date(2026, 4, 14), accepted=True, why="Redelijk.")
    assert "1 answers written" in call("answers", "--date", "2026-04-14", "--portal-csv", str(out_dir))
    assert (out_dir / "skn-antwoorden-2026-04-14.csv").read_bytes() == first
    assert read(out_dir / "skn-antwoorden-2026-04-14-2-betaalvoorstel-antwoord.csv")[1][-1] == "Ja"


def test_an_answer_that_cannot_be_written_writes_no_file_and_marks_nothing(tenancy, tmp_path):
    call("receive", "--portal-csv", str(export(tmp_path, ROWS[:2])), "--date", "2026-03-10")
    answer = DebtMessage.objects.get(message_id="skn-0002-antwoord")
    DebtMessage.objects.filter(pk=answer.pk).update(payload={**answer.payload, "claim": "1.00"})
    out_dir = tmp_path / "upload"
    out_dir.mkdir()
    with pytest.raises(CommandError) as e:
        call("answers", "--date", "2026-03-10", "--portal-csv", str(out_dir))
    assert e.value.returncode == 1 and "skn-0002-antwoord items: the items add up to" in str(e.value)
    assert list(out_dir.iterdir()) == []
    assert DebtMessage.objects.get(pk=answer.pk).handed_over_on is None


def test_the_jsonl_receive_and_the_answers_list_are_as_before(tenancy, tmp_path):
    path = tmp_path / "m.jsonl"
    line = {
        "message_id": "j-1", "type": "saldoverzoek", "date": "2026-03-09", "tenancy_ref": "T-1001",
        "counsellor": "Stadsbank Oost", "counsellor_reference": "SB-1",
    }  # fmt: skip
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert "1 messages new" in call("receive", str(path), "--date", "2026-03-10")
    (answer,) = [json.loads(x) for x in call("answers", "--date", "2026-03-10", "--json").splitlines()]
    assert answer["status"] == "sent" and answer["message_id"] == "j-1-antwoord"
    with pytest.raises(CommandError):
        call_command("debt-help", "receive", "--date", "2026-03-10")  # neither a file nor --portal-csv
