"""Move candidates (toolkit 1.9): too expensive for a household with huurtoeslag, or too large."""

from datetime import date

import pytest

from huurpad.rents import moves
from huurpad.rents.models import HomeFacts, RentYearFacts
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

ON = date(2026, 9, 1)


def home(ref, rent, *, persons=1, income=None, rooms=None, birth_date=date(1986, 5, 1), year=2026):
    tenancy = make_tenancy(ref, rent=rent, birth_date=birth_date)
    tenancy.household.size = persons
    tenancy.household.save()
    if income is not None:
        RentYearFacts.objects.create(tenancy=tenancy, year=year, income=income, income_source="statement")
    if rooms is not None:
        HomeFacts.objects.create(tenancy=tenancy, rooms=rooms, floor_area=rooms * 20)
    return tenancy


def test_too_expensive_with_huurtoeslag_and_too_large_are_listed_with_their_reasons():
    home("DUUR", "750.00", income=20000)  # above 713.02, huurtoeslag about € 450 a month
    home("DUUR-RIJK", "750.00", income=60000)  # the income phases the huurtoeslag out
    home("GOEDKOOP", "650.00", income=20000)  # under the aftoppingsgrens
    home("GROOT", "600.00", rooms=4)  # one person, four rooms
    home("GEZIN", "600.00", persons=3, rooms=5)  # fits
    home("ONBEKEND", "750.00")  # no income known: not judged
    found = moves.candidates(ON)
    by_ref = {c.tenancy.ref: c for c in found.candidates}
    assert set(by_ref) == {"DUUR", "GROOT"}
    assert by_ref["DUUR"].too_expensive and not by_ref["DUUR"].too_large
    reason = by_ref["DUUR"].reasons[0]
    assert reason.startswith("Te duur: kale huur € 750,00 is hoger dan de aftoppingsgrens € 713,02 voor 1 persoon")
    assert "recht op huurtoeslag, geschat €" in reason and "(inkomen € 20.000,00 per jaar)" in reason
    assert by_ref["GROOT"].reasons == ["Te groot: 4 kamers voor 1 persoon (2 kamers meer dan nodig)."]
    assert "De aftoppingsgrenzen van 2026 zijn nog niet officieel bevestigd." in found.notes


def test_three_persons_use_the_high_aftoppingsgrens():
    home("DRIE", "750.00", persons=3, income=30000)  # under 764.14
    home("DRIE-DUUR", "780.00", persons=3, income=30000)
    assert [c.tenancy.ref for c in moves.candidates(ON).candidates] == ["DRIE-DUUR"]


def test_without_the_tenants_age_a_simple_income_check_stands_in_and_says_so():
    home("ZONDER", "750.00", income=25000, birth_date=None)
    home("ZONDER-HOOG", "750.00", income=35000, birth_date=None)  # above 29,400: the simple check says no
    found = moves.candidates(ON).candidates
    assert [c.tenancy.ref for c in found] == ["ZONDER"]
    assert "eenvoudige toets, leeftijd onbekend: inkomen onder € 29.400,00" in found[0].reasons[0]


def test_an_earlier_years_income_counts_and_a_year_without_limits_uses_the_last_known():
    home("VORIG", "750.00", income=20000, year=2025)
    found = moves.candidates(date(2027, 2, 1))
    assert [c.tenancy.ref for c in found.candidates] == ["VORIG"]
    assert (
        found.year == 2026 and "Voor 2027 zijn de grenzen niet bekend: de lijst gebruikt die van 2026." in found.notes
    )


def test_ended_tenancies_are_not_listed():
    tenancy = home("WEG", "600.00", rooms=5)
    tenancy.end_date = date(2026, 8, 31)
    tenancy.save()
    assert moves.candidates(ON).candidates == []
