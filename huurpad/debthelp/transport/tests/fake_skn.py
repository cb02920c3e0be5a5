"""A local fake of the Schuldenknooppunt web service: a requests session that answers zeep's POSTs.
It checks every request against the schema in the WSDL (so a wrong mapping fails), records it, and
answers with recorded SOAP envelopes."""

import requests
from lxml import etree

from huurpad.debthelp.transport.soap import WSDL

NS = "urn:huurpad:schuldenknooppunt:schuldregelen-se:2.0"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
XSD = "http://www.w3.org/2001/XMLSchema"


def schema() -> etree.XMLSchema:
    wsdl = etree.parse(str(WSDL))
    return etree.XMLSchema(wsdl.find(f".//{{{XSD}}}schema"))


def envelope(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP}" xmlns:skn="{NS}">'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


def fault(text: str) -> bytes:
    return envelope(f"<soap:Fault><faultcode>soap:Client</faultcode><faultstring>{text}</faultstring></soap:Fault>")


KENNISGEVING = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0001</skn:BerichtId><skn:BerichtType>Kennisgeving</skn:BerichtType>
    <skn:DatumVerzonden>2026-03-02</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:Kennisgeving><skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV>
    <skn:KlantnummerSEVolgensSHV>T-1001</skn:KlantnummerSEVolgensSHV>
    <skn:Stabilisatietermijn>4</skn:Stabilisatietermijn></skn:Kennisgeving>
</skn:Bericht>"""

SALDOVERZOEK = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0002</skn:BerichtId><skn:BerichtType>Saldoverzoek</skn:BerichtType>
    <skn:DatumVerzonden>2026-03-09</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:Saldoverzoek><skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV>
    <skn:KlantnummerSEVolgensSHV>T-1001</skn:KlantnummerSEVolgensSHV>
    <skn:TypeSchuldregeling>SB</skn:TypeSchuldregeling>
    <skn:Vorderingen><skn:FactuurnummerSEVolgensSHV>huur feb</skn:FactuurnummerSEVolgensSHV></skn:Vorderingen>
  </skn:Saldoverzoek>
</skn:Bericht>"""

BETAALVOORSTEL = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0003</skn:BerichtId><skn:BerichtType>Betaalvoorstel</skn:BerichtType>
    <skn:DatumVerzonden>2026-04-14</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:Betaalvoorstel><skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV><skn:KlantnummerSE>T-1001</skn:KlantnummerSE>
    <skn:TypeSchuldregeling>SK</skn:TypeSchuldregeling><skn:Afkooppercentage>23.5</skn:Afkooppercentage>
    <skn:Looptijd>18</skn:Looptijd><skn:PrognoseEindbedrag>412.90</skn:PrognoseEindbedrag></skn:Betaalvoorstel>
</skn:Bericht>"""

HEROVERWEGING = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0004</skn:BerichtId><skn:BerichtType>Heroverweging</skn:BerichtType>
    <skn:DatumVerzonden>2026-04-20</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:Heroverweging><skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV><skn:KlantnummerSE>T-1001</skn:KlantnummerSE>
    <skn:Toelichting>Alle andere schuldeisers zijn akkoord; wilt u het voorstel heroverwegen?</skn:Toelichting>
  </skn:Heroverweging>
</skn:Bericht>"""

STATUSBERICHT = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0005</skn:BerichtId><skn:BerichtType>StatusberichtSHV</skn:BerichtType>
    <skn:DatumVerzonden>2026-04-21</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:StatusberichtSHV><skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV><skn:KlantnummerSE>T-1001</skn:KlantnummerSE>
    <skn:Toelichting>Inkomen is gewijzigd.</skn:Toelichting></skn:StatusberichtSHV>
</skn:Bericht>"""

AKKOORD = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0006</skn:BerichtId><skn:BerichtType>SchuldregelingAkkoord</skn:BerichtType>
    <skn:DatumVerzonden>2026-05-04</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:SchuldregelingAkkoord><skn:DatumAkkoord>2026-05-01</skn:DatumAkkoord>
    <skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV><skn:KlantnummerSE>T-1001</skn:KlantnummerSE>
    <skn:TypeSchuldregeling>SK</skn:TypeSchuldregeling>
    <skn:Vorderingen><skn:Vordering><skn:FactuurnummerSE>T-1001-rent</skn:FactuurnummerSE>
      <skn:Afkooppercentage>23.50</skn:Afkooppercentage><skn:PrognoseEindbedrag>412.90</skn:PrognoseEindbedrag>
      <skn:ActueelVorderingsbedrag>1757.02</skn:ActueelVorderingsbedrag>
      <skn:Betaalreferentie>SK114</skn:Betaalreferentie></skn:Vordering></skn:Vorderingen>
  </skn:SchuldregelingAkkoord>
</skn:Bericht>"""

BEEINDIGD = """<skn:Bericht>
  <skn:Header><skn:BerichtId>skn-0007</skn:BerichtId><skn:BerichtType>SchuldregelingBeeindigd</skn:BerichtType>
    <skn:DatumVerzonden>2027-11-02</skn:DatumVerzonden><skn:Afzender>Stadsbank Oost</skn:Afzender></skn:Header>
  <skn:SchuldregelingBeeindigd><skn:KlantnummerSHV>SB-2026-114</skn:KlantnummerSHV>
    <skn:KlantnummerSE>T-1001</skn:KlantnummerSE><skn:Resultaat>Geslaagd</skn:Resultaat></skn:SchuldregelingBeeindigd>
</skn:Bericht>"""

ALL = [KENNISGEVING, SALDOVERZOEK, BETAALVOORSTEL, HEROVERWEGING, STATUSBERICHT, AKKOORD, BEEINDIGD]


def fetched(*berichten: str) -> str:
    return f"<skn:OphalenBerichtenResponse>{''.join(berichten)}</skn:OphalenBerichtenResponse>"


class FakeSchuldenknooppunt(requests.Session):
    """Answers zeep's POSTs. `answers` maps a request's body element to the body to answer with
    (a string, or a callable of the request's element); every request is checked against the schema
    and kept in `requests`."""

    def __init__(self, answers: dict | None = None):
        super().__init__()
        self.schema = schema()
        self.answers = answers or {}
        self.requests: list[etree._Element] = []
        self.urls: list[str] = []

    def post(self, url, data=None, headers=None, **kwargs):
        document = etree.fromstring(data)
        request = document.find(f"{{{SOAP}}}Body")[0]
        self.schema.assertValid(etree.ElementTree(request))  # a wrong mapping fails here
        self.requests.append(request)
        self.urls.append(url)
        name = etree.QName(request).localname
        answer = self.answers.get(
            name, "<skn:VersturenResponse><skn:Ontvangstbewijs>R-1</skn:Ontvangstbewijs></skn:VersturenResponse>"
        )
        if callable(answer):
            answer = answer(request)
        response = requests.Response()
        is_fault = answer.startswith("FAULT:")
        response._content = fault(answer[6:]) if is_fault else envelope(answer)
        response.status_code = 500 if is_fault else 200
        response.headers["Content-Type"] = "text/xml; charset=utf-8"
        response.encoding = "utf-8"
        response.url = url
        return response


def text(request, path: str) -> str | None:
    found = request.find(path.replace("skn:", f"{{{NS}}}"))
    return None if found is None else found.text


def check_response_fixture(body: str) -> None:
    """The recorded envelopes themselves fit the schema (else the fake would prove nothing)."""
    element = etree.fromstring(envelope(body)).find(f"{{{SOAP}}}Body")[0]
    schema().assertValid(etree.ElementTree(element))
