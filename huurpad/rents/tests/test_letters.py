"""The rent increase letter in every variant: the facts in it, and easy to read (Flesch-Douma)."""

from datetime import date
from decimal import Decimal

import pytest
import textstat

from huurpad.messaging.texts import render
from huurpad.rents.models import RentIncreaseProposal
from huurpad.rents.run import letter_facts
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

COMMON = {"name": "mevrouw Bakker", "corporation": "Woonstichting De Linde", "phone": "010 123 45 67"}
RAISE = "Elk jaar bepaalt de regering hoeveel de huur ten hoogste omhoog mag. Dit jaar is dat 4,1 procent. Wij verhogen de huur met 4,1 procent."
VARIANTS = {
    "raised": dict(old_rent_cents=65000, new_rent_cents=67665, paid_before_cents=65000, pay_cents=67665, why=RAISE),
    "label": dict(
        old_rent_cents=65000,
        new_rent_cents=65000,
        paid_before_cents=65000,
        pay_cents=65000,
        exemption="label",
        why="Uw woning heeft energielabel F. Bij dat label verhogen we de huur niet.",
    ),
    "discount": dict(
        old_rent_cents=74000,
        new_rent_cents=77034,
        paid_before_cents=74000,
        pay_cents=71302,
        discount_kind="low_income",
        discount_cents=5732,
        discount_until=date(2027, 6, 30),
        why=RAISE
        + " U hebt een laag inkomen. Daarom krijgt u korting. U betaalt dan niet meer dan € 713,02 kale huur.",
    ),
    "phased": dict(
        old_rent_cents=80000,
        new_rent_cents=83280,
        paid_before_cents=60000,
        pay_cents=67760,
        discount_kind="phasing",
        discount_cents=15520,
        phase=1,
        phases=3,
        why=RAISE
        + " Wat u betaalt zou in één keer veel hoger worden. Daarom gaat het in stappen: dit jaar € 77,60 erbij.",
    ),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_of_the_letter_is_written_and_reads_easily(variant):
    tenancy = make_tenancy("HC1001")
    proposal = RentIncreaseProposal(
        tenancy=tenancy, year=2026, effective=date(2026, 7, 1), percent=Decimal("0"), **VARIANTS[variant]
    )
    message = render("rent_increase", "long", **COMMON, **letter_facts(proposal, "bel 14 010"))
    body = message.body
    assert message.subject == "Uw huur vanaf 1 juli 2026"
    assert (
        "Waarom? " + proposal.why in body
        and "010 123 45 67" in body
        and "Huurcommissie" in body
        and "toeslagen.nl" in body
    )
    if variant == "raised":
        assert "Nu is de kale huur € 650,00 per maand. Vanaf 1 juli 2026 is de kale huur € 676,65 per maand." in body
        assert "korting" not in body
    if variant == "label":
        assert "Uw huur gaat dit jaar niet omhoog." in body
    if variant == "discount":
        assert (
            "U krijgt korting: € 57,32 per maand, tot en met 30 juni 2027." in body
            and "Daarna betaalt u de hele huur." in body
        )
    if variant == "phased":
        assert "Door korting betaalt u nu € 600,00." in body
        assert "Dit is stap 1 van 3." in body and "tot en met" not in body
    textstat.set_lang("nl")
    assert textstat.flesch_reading_ease(body) >= 60
