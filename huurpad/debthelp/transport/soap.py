"""The Schuldenknooppunt web service: SOAP over TLS with our PKIoverheid client certificate, through
zeep. Maps the service's messages to the canonical form and back (docs/debt-help-transports.md has
the table, and which names were checked against the public descriptions and which are assumed).

    transport = SoapTransport.from_settings()
    messages = transport.fetch()          # all canonical, or TransportError and nothing
    inbox.receive(messages, today=...)    # stored by the inbox
    transport.acknowledge([m["message_id"] for m in messages])
    transport.send(answer)                # one canonical answer
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import requests
import zeep
import zeep.exceptions
from django.conf import settings

from .base import TransportError, answer_date, check_answer, check_incoming, claim_lines, money

WSDL = Path(__file__).with_name("schuldenknooppunt-se.wsdl")
BINDING = "{urn:huurpad:schuldenknooppunt:schuldregelen-se:2.0}SchuldregelenSEBinding"

KINDS = {"SB": "schuldbemiddeling", "SK": "saneringskrediet", "SA": "nul_aanbod"}
OUTCOMES = {"Geslaagd": "geslaagd", "Mislukt": "mislukt"}
# The canonical reasons for 'Geen medewerking' (canonical.REFUSAL_REASONS) and their wire codes.
REASONS = {
    "client_unknown": "KlantOnbekend",
    "recent_discharge": "RecenteFinaleKwijting",
    "recent_stabilisation": "RecentePogingStabilisatie",
    "no_cooperation": "GeenSamenwerkingSHV",
}
# The body element of each incoming message and its canonical type.
INCOMING = {
    "Kennisgeving": "kennisgeving",
    "Saldoverzoek": "saldoverzoek",
    "Betaalvoorstel": "betaalvoorstel",
    "Heroverweging": "heroverweging",
    "StatusberichtSHV": "statusbericht",
    "SchuldregelingAkkoord": "schuldregeling_akkoord",
    "SchuldregelingBeeindigd": "schuldregeling_beeindigd",
}
SCHULDTYPE = "openstaande schuld"  # all of a tenancy's claim is still ours (not handed over)


class SoapTransport:
    def __init__(
        self,
        *,
        url: str,
        cert: str,
        key: str,
        ca_bundle: str = "",
        wsdl: str | Path = "",
        timeout: int = 60,
        session: requests.Session | None = None,
    ):
        if not url.startswith("https://"):
            raise TransportError(f"the Schuldenknooppunt's address must be https://, not {url!r} (HUURPAD_SKN_URL)")
        if not cert or not key:
            raise TransportError("the web service needs a client certificate and its key (HUURPAD_SKN_CERT, _KEY)")
        self.session = session if session is not None else requests.Session()
        self.session.cert = (cert, key)  # the PKIoverheid certificate we present
        self.session.verify = ca_bundle or True  # the server is always checked; never verify=False
        transport = zeep.Transport(session=self.session, timeout=timeout, operation_timeout=timeout)
        client = zeep.Client(str(wsdl or WSDL), transport=transport)
        self.client = client
        self.service = client.create_service(BINDING, url)

    @classmethod
    def from_settings(cls, **kwargs) -> "SoapTransport":
        return cls(
            url=settings.SKN_URL,
            cert=settings.SKN_CERT,
            key=settings.SKN_KEY,
            ca_bundle=settings.SKN_CA_BUNDLE,
            wsdl=settings.SKN_WSDL,
            timeout=settings.SKN_TIMEOUT,
            **kwargs,
        )

    def _call(self, operation: str, *, message_id: str = "", **body):
        try:
            return getattr(self.service, operation)(**body)
        except zeep.exceptions.Fault as e:
            raise TransportError(
                f"the Schuldenknooppunt refused {operation}: {e.message}", message_id=message_id
            ) from e
        except (zeep.exceptions.Error, requests.RequestException, ValueError) as e:
            raise TransportError(f"{operation} failed: {e}", message_id=message_id) from e

    # --- in ---

    def fetch(self) -> list[dict]:
        berichten = self._call("OphalenBerichten") or []
        messages = [incoming(bericht) for bericht in berichten]
        seen = set()
        for message in messages:
            if message["message_id"] in seen:
                raise TransportError("came twice in one fetch", message_id=message["message_id"])
            seen.add(message["message_id"])
        return messages

    def acknowledge(self, message_ids: list[str]) -> None:
        if not message_ids:
            return
        confirmed = self._call("BevestigenOntvangst", BerichtId=list(message_ids)) or []
        missing = [m for m in message_ids if m not in set(confirmed)]
        if missing:
            raise TransportError(f"the Schuldenknooppunt did not confirm {', '.join(missing)}", field="BerichtId")

    # --- out ---

    def send(self, answer: dict, *, today: dt.date | None = None) -> str | None:
        operation, body = outgoing(answer, today=today)
        return self._call(operation, message_id=answer["message_id"], **body)


def incoming(bericht) -> dict:
    """One fetched Bericht (a zeep object) as a canonical dict; TransportError naming the message
    and the service's element where a field is missing or wrong."""
    header = bericht["Header"]
    message_id = header["BerichtId"]
    element = next((name for name in INCOMING if bericht[name] is not None), None)
    if element is None:
        raise TransportError("has no message body this transport knows", message_id=message_id, field="Bericht")
    body = bericht[element]

    def need(name):
        value = body[name]
        if value is None or value == "":
            raise TransportError("is missing", message_id=message_id, field=f"{element}/{name}")
        return value

    def code(name, table):
        value = need(name)
        if value not in table:
            raise TransportError(f"unknown value {value!r}", message_id=message_id, field=f"{element}/{name}")
        return table[value]

    if not header["Afzender"]:
        raise TransportError("is missing", message_id=message_id, field="Header/Afzender")
    tenancy_ref = body["KlantnummerSE"] or body["KlantnummerSEVolgensSHV"]
    if not tenancy_ref:
        raise TransportError("is missing", message_id=message_id, field=f"{element}/KlantnummerSE(VolgensSHV)")
    message = {
        "message_id": message_id,
        "type": INCOMING[element],
        "date": header["DatumVerzonden"].isoformat(),
        "tenancy_ref": tenancy_ref,
        "counsellor": header["Afzender"],
        "counsellor_reference": need("KlantnummerSHV"),
    }
    if element == "Kennisgeving":
        message["months"] = need("Stabilisatietermijn")
    elif element == "Betaalvoorstel":
        message["kind"] = code("TypeSchuldregeling", KINDS)
        message["percentage"] = f"{Decimal(need('Afkooppercentage')):.2f}"
        message["months"] = need("Looptijd")
    elif element in ("Heroverweging", "StatusberichtSHV"):
        message["text"] = need("Toelichting")
    elif element == "SchuldregelingAkkoord":
        message["start_date"] = need("DatumAkkoord").isoformat()
    elif element == "SchuldregelingBeeindigd":
        message["outcome"] = code("Resultaat", OUTCOMES)
    return check_incoming(message)


def outgoing(answer: dict, *, today: dt.date | None = None) -> tuple[str, dict]:
    """The operation and its body for one canonical answer."""
    check_answer(answer)
    kind = answer["type"]
    header = {
        "BerichtId": answer["message_id"],
        "BerichtType": {
            "saldo_antwoord": "SaldoverzoekAntwoordVoorafAkkoord"
            if answer.get("advance_consent")
            else "SaldoverzoekAntwoord",
            "betaalvoorstel_antwoord": "BetaalvoorstelAntwoord",
            "geen_medewerking": "GeenMedewerking",
        }[kind],
        "DatumVerzonden": answer_date(answer, today),
        "AntwoordOp": answer["in_reply_to"],
    }
    shv = answer.get("counsellor_reference") or None
    if kind == "saldo_antwoord":
        body = {
            "KlantnummerSE": answer["tenancy_ref"],
            "KlantnummerSHV": shv,
            "Datum": answer_date(answer, today),
            "Totaalvordering": money(answer["claim"]),
            "OpenstaandeSchulden": {
                "Vordering": [
                    {
                        "FactuurnummerSE": f"{answer['tenancy_ref']}-{item['kind']}",
                        "Schuldtype": SCHULDTYPE,
                        "Soort": item["kind"],
                        "ActueelVorderingsbedrag": money(item["amount"]),
                    }
                    for item in claim_lines(answer)
                ]
            },
        }
        if answer["advance_consent"]:
            return "VersturenSaldoverzoekAntwoordVoorafAkkoord", {
                "Header": header,
                "SaldoverzoekAntwoordVoorafAkkoord": body,
            }
        return "VersturenSaldoverzoekAntwoord", {"Header": header, "SaldoverzoekAntwoord": body}
    if kind == "betaalvoorstel_antwoord":
        body = {
            "KlantnummerSE": answer["tenancy_ref"],
            "KlantnummerSHV": shv,
            "Akkoord": answer["accepted"],
            "Betaalreferentie": answer.get("payment_reference") or None,
        }
        return "VersturenBetaalvoorstelAntwoord", {"Header": header, "BetaalvoorstelAntwoord": body}
    body = {"KlantnummerSEVolgensSHV": answer["tenancy_ref"], "KlantnummerSHV": shv, "Reden": REASONS[answer["reason"]]}
    return "VersturenGeenMedewerking", {"Header": header, "GeenMedewerking": body}
