"""An arrangement whose arrears do not divide evenly: the officer's page, the print view and the
letter show the smaller last instalment; an even one names one amount."""

from datetime import date
from decimal import Decimal as D

import pytest

from huurpad.messaging.models import OutboxMessage
from huurpad.solutions import arrangements
from huurpad.solutions.tests.test_arrangements import TODAY, arrangement_part, behind, corporation, officer, on

pytestmark = pytest.mark.django_db
__all__ = ["corporation", "officer"]  # fixtures
NBSP = "\xa0"


@pytest.mark.parametrize(
    ("instalment", "count", "last", "letter"),
    [
        ("100.00", 6, "100.00", "U betaalt de achterstand van € 600,00 in 6 termijnen van € 100,00."),
        (
            "140.00",
            5,
            "40.00",
            "U betaalt de achterstand van € 600,00 in 5 termijnen. Elke termijn is € 140,00, behalve de laatste: "
            "die is € 40,00.",
        ),
    ],
)
def test_the_officer_and_the_letter_see_the_last_instalment(
    corporation, officer, client, instalment, count, last, letter
):
    tenancy = behind()  # € 600 owed
    made = arrangements.propose(tenancy, acting_user=officer, today=TODAY, proposed_instalment=D(instalment))
    assert (made.count, made.last_instalment) == (count, D(last))
    body = OutboxMessage.objects.get(tenancy=tenancy, action="arrangement_confirmation").body
    assert letter in body
    with on(date(2026, 11, 12)):
        part = arrangement_part(client, officer, tenancy)
        printed = client.get(f"/huurcontract/{tenancy.ref}/afdrukken/").content.decode()
    eur = lambda amount: f"€{NBSP}{amount.replace('.', ',')}"  # noqa: E731
    said = f"{count} termijnen van {eur(instalment)} (de laatste {eur(last)})"
    if last == instalment:
        assert said not in part and "(de laatste" not in part and "(de laatste" not in printed
        assert f"{count} termijnen van {eur(instalment)}, bovenop de huur" in part
    else:
        assert said in part and said in printed
