"""What Huurpad writes to tenants: one kind of message per policy step or case event, in plain
Dutch (B1), as a short text (SMS, WhatsApp) and a long one (e-mail, letter).

Each kind names the facts it needs; `render` refuses a message with a fact missing or wrong, so a
letter never goes out with an empty amount or a date in the past. The texts are Django templates
in messaging/texts/short and messaging/texts/long, without HTML escaping (they are plain text).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from stdnum import iban, iso11649

from huurpad.core.calc import wik
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur

FOLDER = Path(__file__).resolve().parent / "texts"


class MessageError(ValueError):
    """A message that cannot be written from the facts given."""


# The facts a text can use, and what each must be.
def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _amount(value) -> bool:
    return isinstance(value, Decimal) and value > 0


def _day(value) -> bool:
    return isinstance(value, date)


def _link(value) -> bool:
    """https, or http on this machine (the demo served at http://127.0.0.1:8000)."""
    return (
        isinstance(value, str)
        and re.fullmatch(r"https://\S+|http://(127\.0\.0\.1|localhost)(:\d+)?/\S*", value) is not None
    )


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _flag(value) -> bool:
    return isinstance(value, bool)


def _iban(value) -> bool:
    """A valid IBAN (the corporation's account; spaces allowed)."""
    return isinstance(value, str) and iban.is_valid(value)


def _rf(value) -> bool:
    """A valid structured reference (ISO 11649, 'RF' and two check digits)."""
    return isinstance(value, str) and iso11649.is_valid(value)


def _maybe_text(value) -> bool:
    """Text that may be empty (the text leaves its sentence out then)."""
    return isinstance(value, str)


def _maybe_amount(value) -> bool:
    """An amount above zero, or None (the text leaves its sentence out then)."""
    return value is None or _amount(value)


def _maybe_day(value) -> bool:
    """A date, or None (the text leaves it out then)."""
    return value is None or _day(value)


FACTS = {
    "name": (_text, "de naam van de huurder"),
    "corporation": (_text, "de naam van de corporatie"),
    "phone": (_text, "het telefoonnummer van de corporatie"),
    "ref": (_text, "het contractnummer"),
    "amount": (_amount, "een bedrag boven nul"),
    "rent": (_amount, "de huur per maand, boven nul"),
    "costs": (_amount, "de incassokosten, boven nul"),
    "instalment": (_amount, "het bedrag per termijn, boven nul"),
    "last_instalment": (_amount, "het bedrag van de laatste termijn (wat overblijft), boven nul"),
    "due_date": (_day, "een datum"),
    "deadline": (_day, "de laatste dag om te betalen"),
    "until": (_day, "een datum"),
    "signal_date": (_day, "de datum van het signaal"),
    "month": (_text, "de maand, zoals 'november'"),
    "pay_link": (_link, "een betaallink die begint met https:// (of http://127.0.0.1 in de demo)"),
    "count": (_count, "het aantal termijnen, boven nul"),
    "direct_debit": (_flag, "ja of nee: betaalt met automatische incasso"),
    # How to pay by transfer: the corporation's account (beheer, Afzender) and the contract's
    # payment reference, which the bank import matches first (bank.imports.payment_reference).
    "iban": (_iban, "het IBAN van de corporatie (beheer, Afzender)"),
    "payment_reference": (_rf, "het betalingskenmerk (RF, ISO 11649)"),
    "municipality": (_text, "de naam van de gemeente"),
    "debt_help": (_text, "waar de huurder schuldhulp vindt (telefoon of website van de gemeente)"),
    "object_before": (_day, "de dag tot wanneer de huurder bezwaar kan maken"),
    "conditions": (_maybe_text, "de afspraken bij een kwijtschelding (mag leeg zijn)"),
    # The rent increase letter (huurpad/rents): the rent is the kale huur per month.
    "old_rent": (_amount, "de kale huur nu, boven nul"),
    "new_rent": (_amount, "de nieuwe kale huur, boven nul"),
    "effective": (_day, "de ingangsdatum van de nieuwe huur"),
    "raised": (_flag, "ja of nee: de huur gaat omhoog"),
    "paid_now": (_maybe_amount, "wat de huurder nu betaalt als dat door korting minder is dan de huur (of niets)"),
    "why": (_text, "waarom de huur wel of niet omhoog gaat"),
    "discount": (_maybe_amount, "de korting per maand (of niets)"),
    "discount_until": (_maybe_day, "de laatste dag van de korting (of niets)"),
    "pay": (_amount, "wat de huurder aan kale huur betaalt, boven nul"),
    "phase": (_maybe_text, "de stap van de huurgewenning, zoals '1 van 3' (mag leeg zijn)"),
    "help": (_maybe_text, "waar de huurder hulp vindt bij de gemeente (mag leeg zijn)"),
    # A former tenant's final bill (eindafrekening).
    "ended_on": (_day, "de laatste dag van het huurcontract"),
    "deposit": (_maybe_amount, "de verrekende waarborgsom (of niets)"),
    "repairs": (_maybe_amount, "de reparatiekosten (of niets)"),
}
COMMON = ("name", "corporation", "phone")
# Every text that asks for money says how to pay: a pay link where there is one, and the account
# and payment reference to transfer to (those by direct debit are told the day it is collected).
PAY_TO = ("iban", "payment_reference")
TRANSFER = ("direct_debit", *PAY_TO)


@dataclass(frozen=True)
class Kind:
    name: str
    subject: str  # the e-mail subject and the letter's heading (a template)
    needs: tuple[str, ...]  # facts beyond COMMON
    short: bool = True  # has a short text (SMS, WhatsApp); letters-only kinds do not


KINDS = {
    kind.name: kind
    for kind in [
        Kind("pre_due_reminder", "Op {{ due_date }} betaalt u de huur", ("amount", "due_date", *TRANSFER)),
        Kind("nudge", "De huur van {{ month }} is nog niet betaald", ("amount", "month", "pay_link", *PAY_TO)),
        Kind(
            "reminder_letter",
            "Herinnering: uw huur is nog niet betaald",
            ("amount", "ref", "pay_link", "municipality", "debt_help", "object_before", *PAY_TO),
            short=False,
        ),
        Kind(
            "wik_letter",
            "Laatste herinnering: betaal uiterlijk {{ deadline }}",
            ("amount", "ref", "costs", "deadline", "pay_link", "debt_help", *PAY_TO),
            short=False,
        ),
        Kind("call_me_back", "Wilt u ons terugbellen?", ()),
        Kind(
            "arrangement_confirmation",
            "Uw betalingsregeling",
            ("amount", "ref", "instalment", "last_instalment", "count", "due_date", "rent", *TRANSFER),
            short=False,
        ),
        Kind("arrangement_reminder", "Op {{ due_date }} betaalt u een termijn", ("instalment", "due_date", *TRANSFER)),
        Kind("arrangement_broken", "Uw betalingsregeling loopt achter", ("instalment", "due_date")),
        Kind(
            "signal_notice",
            "We hebben de gemeente gevraagd u te helpen",
            ("amount", "ref", "municipality", "signal_date", "debt_help"),
            short=False,
        ),
        Kind("pause_confirmation", "We wachten even met herinneringen", ("until", "rent")),
        Kind("compliment", "De huur is weer op tijd betaald", ()),
        Kind(
            "write_off",
            "We schelden {{ amount }} van uw huurschuld kwijt",
            ("amount", "ref", "conditions", "rent"),
            short=False,
        ),
        # A former tenant's final bill and its 14-day letter (core/policy/former.py): the texts of
        # the rules final_bill_letter and former_wik_letter, to the forwarding address if known.
        Kind(
            "final_bill_letter",
            "Eindafrekening: er staat nog {{ amount }} open",
            ("amount", "ref", "ended_on", "deposit", "repairs", "pay_link", *PAY_TO),
            short=False,
        ),
        Kind(
            "former_wik_letter",
            "Laatste herinnering eindafrekening: betaal uiterlijk {{ deadline }}",
            ("amount", "ref", "costs", "deadline", "pay_link", *PAY_TO),
            short=False,
        ),
        Kind(
            "rent_increase",
            "Uw huur vanaf {{ effective }}",
            (
                "ref",
                "old_rent",
                "paid_now",
                "new_rent",
                "effective",
                "raised",
                "why",
                "discount",
                "discount_until",
                "pay",
                "phase",
                "help",
            ),
            short=False,
        ),
    ]
}


@dataclass(frozen=True)
class Message:
    kind: str
    subject: str
    body: str


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(FOLDER)], autoescape=False, string_if_invalid="")


def render(kind: str, length: str, **facts) -> Message:
    """The message of `kind` as a 'short' or 'long' text, with the facts filled in."""
    spec = KINDS.get(kind)
    if spec is None:
        raise MessageError(f"onbekend soort bericht: {kind}")
    if length == "short" and not spec.short:
        raise MessageError(f"{kind} gaat alleen als brief of e-mail")
    if length not in ("short", "long"):
        raise MessageError(f"lengte is short of long, niet {length}")
    problems = []
    for fact in (*COMMON, *spec.needs):
        check, meaning = FACTS[fact]
        if fact not in facts:
            problems.append(f"{fact} ontbreekt ({meaning})")
        elif not check(facts[fact]):
            problems.append(f"{fact} is {facts[fact]!r}, verwacht {meaning}")
    unknown = sorted(set(facts) - set(COMMON) - set(spec.needs))
    if unknown:
        problems.append(f"niet gebruikt in {kind}: {', '.join(unknown)}")
    if problems:
        raise MessageError(f"{kind}: " + "; ".join(problems))
    shown = {key: _show(key, value) for key, value in facts.items()}
    # Plain text: a Context escapes for HTML unless told not to, and the letter's HTML template
    # escapes once more (D'Souza & Zn, not D&#x27;Souza &amp; Zn).
    subject = _engine().from_string(spec.subject).render(Context(shown, autoescape=False))
    body = _engine().get_template(f"{length}/{kind}.txt").render(Context(shown, autoescape=False))
    return Message(kind=kind, subject=subject, body=_tidy(body))


SHOWN = {"iban": iban.format, "payment_reference": iso11649.format}  # in groups of four


def _show(key: str, value):
    """Amounts and dates as Dutch readers write them, account and reference in groups of four;
    everything else as it is."""
    if key in SHOWN:
        return SHOWN[key](value)
    if isinstance(value, Decimal):
        return fmt_eur(value)
    if isinstance(value, date):
        return date_nl(value)
    return value


def _tidy(text: str) -> str:
    """Template lines with only a tag leave blank lines: keep one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def wik_terms(arrears: Decimal, posted: date, receipt_days: int) -> dict:
    """The costs and the last day to pay that a WIK letter posted on `posted` must state: the
    statutory scale on the arrears, and 14 days from the day after presumed receipt (the policy's
    costs.receipt_days), the same day the policy waits for before any costs."""
    return {
        "amount": arrears,
        "costs": wik.collection_costs(arrears),
        "deadline": wik.payment_deadline(posted, receipt_days),
    }
