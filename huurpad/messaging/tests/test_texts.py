"""Every message kind: written from its facts, readable (Flesch-Douma), refused when a fact is
missing or wrong, and the WIK letter stating the statutory costs and the right last day."""

import re
from datetime import date
from decimal import Decimal

import pytest
import textstat

from huurpad.core.calc.wik import collection_costs
from huurpad.messaging import texts
from huurpad.messaging.texts import KINDS, MessageError, render

# The agreed bar (Flesch-Douma, higher is easier): short texts at least 70 ('makkelijk'), e-mails
# and letters at least 60 ('vrij makkelijk', about B1).
BAR = {"short": 70, "long": 60}
POSTED = date(2026, 11, 27)

EXAMPLE = {
    "name": "mevrouw Bakker",
    "corporation": "Woonstichting De Linde",
    "phone": "010 123 45 67",
    "ref": "HC1001",
    "amount": Decimal("1234.56"),
    "rent": Decimal("712.35"),
    "costs": collection_costs(Decimal("1234.56")),
    "instalment": Decimal("85.00"),
    "last_instalment": Decimal("44.56"),  # 14 x 85.00 = 1,190.00 of 1,234.56
    "due_date": date(2026, 12, 15),
    "deadline": date(2026, 12, 16),
    "until": date(2027, 1, 31),
    "signal_date": date(2026, 11, 20),
    "month": "november",
    "pay_link": "https://betaal.example.nl/p/8Kf2xQ",
    "count": 15,
    "direct_debit": True,
    "iban": "NL44RABO0123456789",
    "payment_reference": "RF57HC1001",
    "municipality": "Rotterdam",
    "debt_help": "bel 14 010 of kijk op rotterdam.nl/geldzorgen",
    "object_before": date(2026, 12, 11),
    "conditions": "U neemt hulp aan van het buurtteam.",
    "old_rent": Decimal("712.35"),
    "new_rent": Decimal("741.55"),
    "effective": date(2026, 7, 1),
    "raised": True,
    "paid_now": Decimal("682.96"),
    "why": "Elk jaar bepaalt de regering hoeveel de huur ten hoogste omhoog mag. Dit jaar is dat 4,1 procent.",
    "discount": Decimal("28.53"),
    "discount_until": date(2027, 6, 30),
    "pay": Decimal("713.02"),
    "phase": "",
    "help": "bel 14 010 of kijk op rotterdam.nl/geldzorgen",
    "ended_on": date(2026, 10, 31),
    "deposit": Decimal("700.00"),
    "repairs": Decimal("250.00"),
}


# Each amount and date of EXAMPLE as a Dutch reader expects it, written out by hand.
WRITTEN = {
    "amount": "€ 1.234,56",
    "rent": "€ 712,35",
    "costs": "€ 185,18",  # 15 % of € 1.234,56
    "instalment": "€ 85,00",
    "last_instalment": "€ 44,56",
    "old_rent": "€ 712,35",
    "new_rent": "€ 741,55",
    "paid_now": "€ 682,96",
    "discount": "€ 28,53",
    "pay": "€ 713,02",
    "due_date": "15 december 2026",
    "deadline": "16 december 2026",
    "until": "31 januari 2027",
    "signal_date": "20 november 2026",
    "object_before": "11 december 2026",
    "effective": "1 juli 2026",
    "discount_until": "30 juni 2027",
    "ended_on": "31 oktober 2026",
    "deposit": "€ 700,00",
    "repairs": "€ 250,00",
}


def facts_for(kind: str) -> dict:
    return {key: EXAMPLE[key] for key in (*texts.COMMON, *KINDS[kind].needs)}


def variants(kind: str) -> list[dict]:
    """The example facts, and for a kind that differs by way of paying, those of a household
    paying by transfer too."""
    facts = facts_for(kind)
    return [facts, facts | {"direct_debit": False}] if "direct_debit" in facts else [facts]


LENGTHS = [
    (kind, length) for kind, spec in KINDS.items() for length in (("short", "long") if spec.short else ("long",))
]


@pytest.mark.parametrize("kind, length", LENGTHS)
def test_every_message_is_written_from_its_facts_and_reads_easily(kind, length):
    for facts in variants(kind):
        message = render(kind, length, **facts)
        assert message.subject and message.body.startswith("Beste mevrouw Bakker,")
        assert "{{" not in message.body and "{%" not in message.body
        assert "010 123 45 67" in message.body  # whom to call, in every message
        textstat.set_lang("nl")
        score = textstat.flesch_reading_ease(message.body)
        assert score >= BAR[length], (
            f"{kind} ({length}, {facts.get('direct_debit')}) scores {score:.0f}, below {BAR[length]}"
        )


@pytest.mark.parametrize("kind, length", LENGTHS)
def test_every_amount_and_date_a_message_is_given_is_in_it_written_the_dutch_way(kind, length):
    for facts in variants(kind):
        message = render(kind, length, **facts)
        text = f"{message.subject}\n{message.body}"
        given = [key for key, value in facts.items() if isinstance(value, (Decimal, date))]
        for key in given:
            assert WRITTEN[key] in text, f"{kind} ({length}) does not say {key} = {WRITTEN[key]}"
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d+\.\d{2}\b|EUR", text), (
            f"{kind} ({length}): a date or amount not in Dutch"
        )


PAYMENT_REQUESTS = [
    "pre_due_reminder",
    "nudge",
    "reminder_letter",
    "wik_letter",
    "arrangement_confirmation",
    "arrangement_reminder",
    "final_bill_letter",
    "former_wik_letter",
]


@pytest.mark.parametrize("kind", PAYMENT_REQUESTS)
def test_every_request_to_pay_says_how(kind):
    """A pay link where there is one; the account and payment reference for a transfer, in each
    letter and e-mail (a text message with a pay link keeps to the link); by direct debit, that
    the money is collected."""
    for length in ("short", "long") if KINDS[kind].short else ("long",):
        for facts in variants(kind):
            body = render(kind, length, **facts).body
            transfer = "NL44 RABO 0123 4567 89" in body and "RF57 HC10 01" in body
            if facts.get("direct_debit"):
                assert re.search(r"schrijven .*? af\b", body, re.I) and not transfer, (kind, length)
            elif "pay_link" in facts and length == "short":
                assert facts["pay_link"] in body
            else:
                assert transfer, f"{kind} ({length}) does not say where to transfer to"
                assert "pay_link" not in facts or facts["pay_link"] in body


@pytest.mark.parametrize("kind", [kind for kind, spec in KINDS.items() if spec.short])
def test_a_short_text_fits_in_two_text_messages(kind):
    assert len(render(kind, "short", **facts_for(kind)).body) <= 306


def test_the_reminder_letter_carries_the_elements_the_bgs_asks_for():
    body = render("reminder_letter", "long", **facts_for("reminder_letter")).body
    assert "De gemeente Rotterdam helpt u gratis" in body  # points to debt help
    assert "bel 14 010" in body
    assert "geven we uw naam, adres, telefoonnummer, geboortedatum en de hoogte van de achterstand door" in body
    assert "Wilt u dat niet? Laat het ons dan uiterlijk 11 december 2026 weten." in body  # room to object


@pytest.mark.parametrize(
    "arrears, costs", [("100.00", "40,00"), ("2500.00", "375,00"), ("3000.00", "425,00"), ("2000000.00", "6.775,00")]
)
def test_the_wik_letter_states_the_statutory_costs_and_the_last_day(arrears, costs):
    terms = texts.wik_terms(Decimal(arrears), POSTED, 2)
    assert terms["deadline"] == date(2026, 12, 15)  # posted Friday, received Tuesday 1 December
    facts = facts_for("wik_letter") | terms
    body = render("wik_letter", "long", **facts).body
    assert f"incassokosten betalen: € {costs}." in body
    assert "Betaal dit bedrag uiterlijk op 15 december 2026." in body
    assert "14 dagen, vanaf de dag nadat u deze brief hebt gekregen" in body
    assert "deurwaarder" in body  # what follows


def test_direct_debit_or_transfer_changes_the_reminder_before_the_rent_is_due():
    by_debit = render("pre_due_reminder", "short", **facts_for("pre_due_reminder")).body
    by_transfer = render("pre_due_reminder", "short", **facts_for("pre_due_reminder") | {"direct_debit": False}).body
    assert "schrijven we de huur af" in by_debit and "moet de huur betaald zijn" in by_transfer


@pytest.mark.parametrize(
    "change, named",
    [
        ({"amount": None}, "amount ontbreekt (een bedrag boven nul)"),
        ({"amount": Decimal("0")}, "amount is Decimal('0'), verwacht een bedrag boven nul"),
        ({"pay_link": "http://betaal.example.nl/x"}, "verwacht een betaallink die begint met https://"),
        ({"pay_link": "http://127.0.0.1.example.nl/x"}, "pay_link"),
        ({"month": " "}, "month is ' '"),
        ({"iban": "NL44RABO0123456788"}, "verwacht het IBAN van de corporatie"),
        ({"iban": ""}, "iban is ''"),
        ({"payment_reference": "RF58HC1001"}, "verwacht het betalingskenmerk"),
        ({"extra": "x"}, "niet gebruikt in nudge: extra"),
    ],
)
def test_a_fact_missing_or_wrong_is_named_and_nothing_is_written(change, named):
    facts = {key: value for key, value in (facts_for("nudge") | change).items() if value is not None}
    with pytest.raises(MessageError, match=re.escape(named)):
        render("nudge", "short", **facts)


def test_letters_only_kinds_have_no_short_text():
    with pytest.raises(MessageError, match="alleen als brief of e-mail"):
        render("wik_letter", "short", **facts_for("wik_letter"))


def test_the_arrangement_letter_names_a_smaller_last_instalment_and_only_then():
    uneven = render("arrangement_confirmation", "long", **facts_for("arrangement_confirmation")).body
    assert (
        "U betaalt de achterstand van € 1.234,56 in 15 termijnen. Elke termijn is € 85,00, behalve de laatste: "
        "die is € 44,56." in uneven
    )
    even = facts_for("arrangement_confirmation") | {
        "amount": Decimal("1020.00"),
        "count": 12,
        "last_instalment": Decimal("85.00"),
    }
    body = render("arrangement_confirmation", "long", **even).body
    assert "U betaalt de achterstand van € 1.020,00 in 12 termijnen van € 85,00." in body
    assert "behalve de laatste" not in body
