"""SMS and WhatsApp through CM.com's Business Messaging API (developers.cm.com/messaging).

    POST https://gw.messaging.cm.com/v1.0/message, header X-CM-PRODUCTTOKEN
    {"messages": {"authentication": {"productToken": ...},
                  "msg": [{"from": ..., "to": [{"number": "00316..."}], "body": {"type": "auto", "content": ...},
                           "reference": ..., "allowedChannels": ["WhatsApp"]}]}}

Each message answers with status Accepted or Rejected. CM.com uses the reference only in its
status reports; it does not recognise a repeated request, so this channel is not idempotent.

CM.com reports later whether a message reached the phone, to the status report URL set in its
portal (Huurpad's /berichten/status/cm/?key=HUURPAD_CM_REPORT_KEY), as GET or form parameters
(REFERENCE, STATUS, STATUSDESCRIPTION, STANDARDERRORTEXT) or as JSON ({"messages": {"msg":
[{"reference", "status": {"code", "errorDescription"}}]}}). STATUS 2 is delivered, 1 rejected and
3 failed; 0 (accepted by the operator) says nothing yet.

Settings (huurpad/settings.py): CM_TOKEN (the product token), SMS_SENDER (at most 11 letters and
digits), CM_URL (to point at a test gateway), from HUURPAD_CM_TOKEN, HUURPAD_SMS_SENDER and
HUURPAD_CM_URL.
"""

import json
import re
import urllib.error
import urllib.request

from django.conf import settings

from . import Refused, TryAgain, Unknown

TIMEOUT = 20  # seconds


def international(number: str) -> str:
    """'06 1234 5678' -> '0031612345678'; '+32 470 12 34 56' -> '0032470123456'."""
    digits = re.sub(r"[\s().-]", "", number)
    if digits.startswith("+"):
        digits = "00" + digits[1:]
    elif digits.startswith("0") and not digits.startswith("00"):
        digits = "0031" + digits[1:]
    if not re.fullmatch(r"00[1-9]\d{7,13}", digits):
        raise Refused(f"geen geldig telefoonnummer: {number!r}")
    return digits


DELIVERED, NOT_DELIVERED = {"2"}, {"1", "3"}


def status_reports(query, form, body: bytes = b"") -> list[tuple[str, bool, str]]:
    """(reference, delivered, why not) for each final report in a status-report request."""
    found = []
    if body:
        data = json.loads(body)
        msgs = ((data.get("messages") or {}) if isinstance(data, dict) else {}).get("msg") or []
        for msg in msgs if isinstance(msgs, list) else [msgs]:
            if not isinstance(msg, dict):
                raise ValueError("a status report that is not an object")
            status = msg.get("status") if isinstance(msg.get("status"), dict) else {}
            found.append(
                (str(msg.get("reference", "")), str(status.get("code", "")), str(status.get("errorDescription") or ""))
            )
    for params in (query, form):
        if params.get("REFERENCE"):
            detail = params.get("STANDARDERRORTEXT") or params.get("STATUSDESCRIPTION") or ""
            found.append((params["REFERENCE"], params.get("STATUS", ""), detail))
    return [
        (ref, code in DELIVERED, detail) for ref, code, detail in found if ref and code in DELIVERED | NOT_DELIVERED
    ]


class Channel:
    idempotent = False

    def __init__(self, whatsapp: bool = False):
        self.whatsapp = whatsapp

    def send(self, message) -> str:
        token = settings.CM_TOKEN
        if not token:
            raise TryAgain("HUURPAD_CM_TOKEN is niet ingesteld")
        msg = {
            "from": settings.SMS_SENDER[:11],
            "to": [{"number": international(message.recipient)}],
            "body": {"type": "auto", "content": message.body},
            "reference": message.reference,
        }
        if self.whatsapp or message.channel == "whatsapp":
            msg["allowedChannels"] = ["WhatsApp"]
        payload = {"messages": {"authentication": {"productToken": token}, "msg": [msg]}}
        request = urllib.request.Request(
            settings.CM_URL,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "X-CM-PRODUCTTOKEN": token},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as exc:
            return self._refused_or_again(exc)
        except TimeoutError as exc:
            raise Unknown("geen antwoord van CM.com binnen de tijd") from exc
        except urllib.error.URLError as exc:  # not connected: nothing went out
            raise TryAgain(f"CM.com niet bereikbaar: {exc.reason}") from exc
        return self._accepted(answer, message.reference)

    @staticmethod
    def _accepted(answer: dict, reference: str) -> str:
        (result,) = answer.get("messages") or [{}]
        if result.get("status") == "Accepted":
            return reference
        raise Refused(f"CM.com weigert het bericht: {result.get('messageDetails') or answer.get('details')}")

    @staticmethod
    def _refused_or_again(exc: urllib.error.HTTPError) -> str:
        try:
            answer = json.load(exc)
        except ValueError:
            answer = {}
        details = answer.get("details") or exc.reason
        if exc.code >= 500 or exc.code == 429:
            raise TryAgain(f"CM.com gaf {exc.code}: {details}")
        rejected = [m for m in answer.get("messages") or [] if m.get("status") == "Rejected"]
        if rejected:  # this message is wrong (a number CM.com does not accept, ...)
            raise Refused(f"CM.com weigert het bericht: {rejected[0].get('messageDetails') or details}")
        # The request as a whole (the token, the account): a setting to fix; the message waits.
        raise TryAgain(f"CM.com gaf {exc.code} (code {answer.get('errorCode')}): {details}")
