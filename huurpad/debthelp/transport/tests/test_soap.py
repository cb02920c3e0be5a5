"""The web service adapter against a local fake of the Schuldenknooppunt: every request goes through
zeep's own serialisation and is checked against the WSDL's schema; the answers are recorded SOAP
envelopes that zeep parses."""

import pytest
from django.test import override_settings

from huurpad.debthelp.transport import soap
from huurpad.debthelp.transport.base import TransportError
from huurpad.debthelp.transport.soap import SoapTransport

from . import fake_skn
from .fake_skn import ALL, FakeSchuldenknooppunt, fetched, text

URL = "https://skn.test/schuldregelen-se"


def transport(answers=None):
    fake = FakeSchuldenknooppunt(answers)
    return SoapTransport(url=URL, cert="/etc/huurpad/skn.crt", key="/etc/huurpad/skn.key", session=fake), fake


def test_the_recorded_envelopes_fit_the_schema():
    fake_skn.check_response_fixture(fetched(*ALL))


def test_fetch_gives_every_incoming_type_in_the_canonical_form():
    skn, fake = transport({"OphalenBerichten": fetched(*ALL)})
    messages = skn.fetch()
    common = {"tenancy_ref": "T-1001", "counsellor": "Stadsbank Oost", "counsellor_reference": "SB-2026-114"}
    assert messages == [
        {"message_id": "skn-0001", "type": "kennisgeving", "date": "2026-03-02", **common, "months": 4},
        {"message_id": "skn-0002", "type": "saldoverzoek", "date": "2026-03-09", **common},
        {
            "message_id": "skn-0003",
            "type": "betaalvoorstel",
            "date": "2026-04-14",
            **common,
            "kind": "saneringskrediet",
            "percentage": "23.50",
            "months": 18,
        },
        {
            "message_id": "skn-0004",
            "type": "heroverweging",
            "date": "2026-04-20",
            **common,
            "text": "Alle andere schuldeisers zijn akkoord; wilt u het voorstel heroverwegen?",
        },
        {
            "message_id": "skn-0005",
            "type": "statusbericht",
            "date": "2026-04-21",
            **common,
            "text": "Inkomen is gewijzigd.",
        },
        {
            "message_id": "skn-0006",
            "type": "schuldregeling_akkoord",
            "date": "2026-05-04",
            **common,
            "start_date": "2026-05-01",
        },
        {
            "message_id": "skn-0007",
            "type": "schuldregeling_beeindigd",
            "date": "2027-11-02",
            **common,
            "outcome": "geslaagd",
        },
    ]
    assert [fake_skn.etree.QName(r).localname for r in fake.requests] == ["OphalenBerichten"]


@pytest.mark.parametrize(
    ("code", "kind"), [("SB", "schuldbemiddeling"), ("SK", "saneringskrediet"), ("SA", "nul_aanbod")]
)
def test_each_type_of_settlement_maps_to_its_kind(code, kind):
    skn, _ = transport({"OphalenBerichten": fetched(fake_skn.BETAALVOORSTEL.replace(">SK<", f">{code}<"))})
    assert skn.fetch()[0]["kind"] == kind


def test_fetch_acknowledges_nothing_by_itself():
    skn, fake = transport({"OphalenBerichten": fetched(*ALL)})
    skn.fetch()
    assert all(fake_skn.etree.QName(r).localname != "BevestigenOntvangst" for r in fake.requests)


@pytest.mark.parametrize(
    ("bericht", "cut", "field"),
    [
        (
            fake_skn.BETAALVOORSTEL,
            "<skn:Afkooppercentage>23.5</skn:Afkooppercentage>",
            "Betaalvoorstel/Afkooppercentage",
        ),
        (fake_skn.BETAALVOORSTEL, "<skn:Looptijd>18</skn:Looptijd>", "Betaalvoorstel/Looptijd"),
        (
            fake_skn.KENNISGEVING,
            "<skn:Stabilisatietermijn>4</skn:Stabilisatietermijn>",
            "Kennisgeving/Stabilisatietermijn",
        ),
        (
            fake_skn.SALDOVERZOEK,
            "<skn:KlantnummerSEVolgensSHV>T-1001</skn:KlantnummerSEVolgensSHV>",
            "Saldoverzoek/KlantnummerSE(VolgensSHV)",
        ),
        (fake_skn.AKKOORD, "<skn:DatumAkkoord>2026-05-01</skn:DatumAkkoord>", "SchuldregelingAkkoord/DatumAkkoord"),
        (fake_skn.BEEINDIGD, "<skn:Resultaat>Geslaagd</skn:Resultaat>", "SchuldregelingBeeindigd/Resultaat"),
        (
            fake_skn.HEROVERWEGING,
            "<skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV>",
            "Heroverweging/KlantnummerSHV",
        ),
        (fake_skn.SALDOVERZOEK, "<skn:Afzender>Stadsbank Oost</skn:Afzender>", "Header/Afzender"),
    ],
)
def test_a_message_with_a_missing_field_fails_the_whole_fetch_naming_message_and_field(bericht, cut, field):
    assert cut in bericht
    broken = bericht.replace(cut, "")
    skn, _ = transport({"OphalenBerichten": fetched(fake_skn.KENNISGEVING.replace("skn-0001", "skn-0100"), broken)})
    with pytest.raises(TransportError) as e:
        skn.fetch()
    assert e.value.field == field
    assert e.value.message_id in str(e.value) and field in str(e.value)


def test_an_unknown_code_is_named():
    skn, _ = transport({"OphalenBerichten": fetched(fake_skn.BEEINDIGD.replace(">Geslaagd<", ">Onbekend<"))})
    with pytest.raises(TransportError, match="skn-0007 SchuldregelingBeeindigd/Resultaat: unknown value 'Onbekend'"):
        skn.fetch()


def test_the_same_message_twice_in_one_fetch_is_refused():
    skn, _ = transport({"OphalenBerichten": fetched(fake_skn.KENNISGEVING, fake_skn.KENNISGEVING)})
    with pytest.raises(TransportError, match="skn-0001: came twice"):
        skn.fetch()


def test_acknowledge_confirms_the_stored_ids():
    def confirm(request):
        ids = [e.text for e in request]
        return (
            "<skn:BevestigenOntvangstResponse>"
            + "".join(f"<skn:Bevestigd>{i}</skn:Bevestigd>" for i in ids)
            + "</skn:BevestigenOntvangstResponse>"
        )

    skn, fake = transport({"BevestigenOntvangst": confirm})
    skn.acknowledge(["skn-0001", "skn-0002"])
    assert [e.text for e in fake.requests[0]] == ["skn-0001", "skn-0002"]


def test_acknowledge_names_what_the_service_did_not_confirm():
    answer = (
        "<skn:BevestigenOntvangstResponse><skn:Bevestigd>skn-0001</skn:Bevestigd></skn:BevestigenOntvangstResponse>"
    )
    skn, _ = transport({"BevestigenOntvangst": answer})
    with pytest.raises(TransportError, match="did not confirm skn-0002"):
        skn.acknowledge(["skn-0001", "skn-0002"])


def test_acknowledging_nothing_asks_nothing():
    skn, fake = transport()
    skn.acknowledge([])
    assert fake.requests == []


SALDO = {
    "message_id": "hp-ans-1",
    "in_reply_to": "skn-0002",
    "type": "saldo_antwoord",
    "tenancy_ref": "T-1001",
    "date": "2026-03-09",
    "claim": "2156.47",
    "items": [
        {"kind": "rent", "amount": "1757.02"},
        {"kind": "service_costs", "amount": "214.45"},
        {"kind": "collection_costs", "amount": "185.00"},
    ],
    "advance_consent": False,
}


def test_send_saldo_antwoord():
    skn, fake = transport()
    assert skn.send(SALDO) == "R-1"
    request = fake.requests[0]
    assert fake_skn.etree.QName(request).localname == "VersturenSaldoverzoekAntwoord"
    assert text(request, "skn:Header/skn:BerichtId") == "hp-ans-1"
    assert text(request, "skn:Header/skn:AntwoordOp") == "skn-0002"
    assert text(request, "skn:Header/skn:BerichtType") == "SaldoverzoekAntwoord"
    body = "skn:SaldoverzoekAntwoord/"
    assert text(request, body + "skn:KlantnummerSE") == "T-1001"
    assert text(request, body + "skn:Datum") == "2026-03-09"
    assert text(request, body + "skn:Totaalvordering") == "2156.47"
    claims = request.findall(
        f"{{{fake_skn.NS}}}SaldoverzoekAntwoord/{{{fake_skn.NS}}}OpenstaandeSchulden/{{{fake_skn.NS}}}Vordering"
    )
    assert [
        (text(c, "skn:Soort"), text(c, "skn:ActueelVorderingsbedrag"), text(c, "skn:FactuurnummerSE")) for c in claims
    ] == [
        ("rent", "1757.02", "T-1001-rent"),
        ("service_costs", "214.45", "T-1001-service_costs"),
        ("collection_costs", "185.00", "T-1001-collection_costs"),
    ]
    assert fake.urls == [URL]


def test_send_saldo_antwoord_with_advance_consent_is_its_own_message():
    skn, fake = transport()
    skn.send({**SALDO, "advance_consent": True})
    request = fake.requests[0]
    assert fake_skn.etree.QName(request).localname == "VersturenSaldoverzoekAntwoordVoorafAkkoord"
    assert text(request, "skn:SaldoverzoekAntwoordVoorafAkkoord/skn:Totaalvordering") == "2156.47"


@pytest.mark.parametrize("accepted", [True, False])
def test_send_betaalvoorstel_antwoord(accepted):
    skn, fake = transport()
    skn.send(
        {
            "message_id": "hp-ans-2",
            "in_reply_to": "skn-0003",
            "type": "betaalvoorstel_antwoord",
            "tenancy_ref": "T-1001",
            "accepted": accepted,
            "decided_by": "covenant",
        }
    )
    request = fake.requests[0]
    assert fake_skn.etree.QName(request).localname == "VersturenBetaalvoorstelAntwoord"
    assert text(request, "skn:BetaalvoorstelAntwoord/skn:Akkoord") == ("true" if accepted else "false")
    assert text(request, "skn:Header/skn:AntwoordOp") == "skn-0003"


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("client_unknown", "KlantOnbekend"),
        ("recent_discharge", "RecenteFinaleKwijting"),
        ("recent_stabilisation", "RecentePogingStabilisatie"),
        ("no_cooperation", "GeenSamenwerkingSHV"),
    ],
)
def test_send_geen_medewerking(reason, code):
    skn, fake = transport()
    skn.send(
        {
            "message_id": "hp-ans-3",
            "in_reply_to": "skn-0001",
            "type": "geen_medewerking",
            "tenancy_ref": "T-1001",
            "reason": reason,
        }
    )
    assert text(fake.requests[0], "skn:GeenMedewerking/skn:Reden") == code
    assert text(fake.requests[0], "skn:GeenMedewerking/skn:KlantnummerSEVolgensSHV") == "T-1001"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "betaalvoorstel_antwoord", "accepted": None}, "accepted"),
        ({"items": [{"kind": "rent", "amount": "1757.02"}]}, "items"),
        ({"claim": "12.345"}, "claim"),
        ({"advance_consent": None}, "advance_consent"),
        ({"tenancy_ref": ""}, "tenancy_ref"),
        ({"type": "geen_medewerking", "reason": "onwillig"}, "reason"),
    ],
)
def test_an_answer_that_cannot_be_sent_sends_nothing(change, field):
    skn, fake = transport()
    with pytest.raises(TransportError) as e:
        skn.send({**SALDO, **change})
    assert e.value.field == field and "hp-ans-1" in str(e.value)
    assert fake.requests == []


def test_a_soap_fault_is_a_clear_error_naming_the_message():
    skn, _ = transport({"VersturenSaldoverzoekAntwoord": "FAULT:Onbekende conversatie"})
    with pytest.raises(
        TransportError,
        match="hp-ans-1: the Schuldenknooppunt refused VersturenSaldoverzoekAntwoord: Onbekende conversatie",
    ):
        skn.send(SALDO)


def test_a_fault_on_fetch_gives_no_messages():
    skn, _ = transport({"OphalenBerichten": "FAULT:Certificaat onbekend"})
    with pytest.raises(TransportError, match="refused OphalenBerichten: Certificaat onbekend"):
        skn.fetch()


@override_settings(
    SKN_URL=URL,
    SKN_CERT="/etc/huurpad/pkio.crt",
    SKN_KEY="/etc/huurpad/pkio.key",
    SKN_CA_BUNDLE="/etc/huurpad/pkio-ca.pem",
    SKN_WSDL="",
    SKN_TIMEOUT=30,
)
def test_the_settings_give_the_session_its_certificate_and_the_server_check():
    fake = FakeSchuldenknooppunt({"OphalenBerichten": fetched()})
    skn = SoapTransport.from_settings(session=fake)
    assert fake.cert == ("/etc/huurpad/pkio.crt", "/etc/huurpad/pkio.key")
    assert fake.verify == "/etc/huurpad/pkio-ca.pem"
    assert skn.client.transport.operation_timeout == 30
    assert skn.fetch() == []
    assert fake.urls == [URL]  # the address from the settings, not the WSDL's


def test_without_a_ca_bundle_the_server_is_still_checked():
    skn, fake = transport()
    assert fake.verify is True


@pytest.mark.parametrize(
    ("url", "cert", "key"),
    [("http://skn.test/se", "c", "k"), (URL, "", "k"), (URL, "c", ""), ("", "c", "k")],
)
def test_no_transport_without_tls_and_a_certificate(url, cert, key):
    with pytest.raises(TransportError):
        SoapTransport(url=url, cert=cert, key=key, session=FakeSchuldenknooppunt())


def test_the_wsdl_ships_with_the_package():
    assert soap.WSDL.exists()
