"""Permission for a lodger (Onder de Pannen, toolkit 3.7): at most a year, on the timeline."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.cases.models import CaseEvent
from huurpad.solutions import lodgers
from huurpad.solutions.models import LodgerPermission
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def grant(tenancy, user, start, end, income=None, name="A. de Vries", purpose=""):
    return lodgers.grant(tenancy, name, start, end, purpose, income, acting_user=user, today=date(2026, 2, 20))


def test_exactly_one_year_is_allowed(officer):
    tenancy = make_tenancy("HC740")
    permission = grant(tenancy, officer, date(2026, 3, 1), date(2027, 2, 28), income=Decimal("350.00"))
    assert (permission.start, permission.end, permission.purpose, permission.monthly_income_cents) == (
        date(2026, 3, 1),
        date(2027, 2, 28),
        "Achterstand inlopen",
        35000,
    )
    event = CaseEvent.objects.get(type=CaseEvent.Type.LODGER_PERMISSION)
    assert (event.date, event.actor, event.params) == (
        date(2026, 2, 20),
        officer,
        {"start": "2026-03-01", "end": "2027-02-28", "note": "Achterstand inlopen", "amount": "350.00"},
    )  # the lodger's name is not on the timeline


def test_a_day_more_than_a_year_is_refused(officer):
    """1 March through 1 March a year later is a year and a day."""
    tenancy = make_tenancy("HC741")
    with pytest.raises(lodgers.LodgerError) as refused:
        grant(tenancy, officer, date(2026, 3, 1), date(2027, 3, 1))
    assert (
        str(refused.value) == "Toestemming kan voor hoogstens een jaar. Kies een einddatum tot en met 28 februari 2027."
    )
    assert not LodgerPermission.objects.exists() and not CaseEvent.objects.exists()


@pytest.mark.parametrize(
    "start, last",
    [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 3, 1), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2028, 2, 29)),  # the year holds a leap day
        (date(2026, 7, 15), date(2027, 7, 14)),
    ],
)
def test_a_year_ends_the_day_before_the_same_date_a_year_later(start, last):
    assert lodgers.latest_end(start) == last


def test_from_29_february_a_year_ends_on_28_february(officer):
    assert lodgers.latest_end(date(2028, 2, 29)) == date(2029, 2, 28)
    tenancy = make_tenancy("HC742")
    with pytest.raises(lodgers.LodgerError, match="tot en met 28 februari 2029"):
        grant(tenancy, officer, date(2028, 2, 29), date(2029, 3, 1))
    assert grant(tenancy, officer, date(2028, 2, 29), date(2029, 2, 28)).end == date(2029, 2, 28)


@pytest.mark.parametrize(
    "start, end, name, income, message",
    [
        (date(2026, 3, 1), date(2026, 3, 1), "A. de Vries", None, "De einddatum moet na de begindatum liggen."),
        (date(2026, 3, 1), date(2026, 2, 1), "A. de Vries", None, "De einddatum moet na de begindatum liggen."),
        (date(2026, 3, 1), date(2026, 9, 1), "  ", None, "Vul de naam van de kamerhuurder in."),
        (
            date(2026, 3, 1),
            date(2026, 9, 1),
            "A. de Vries",
            Decimal("-1"),
            "De huur van de kamerhuurder kan niet minder dan € 0 zijn.",
        ),
    ],
)
def test_what_is_not_right_is_refused(officer, start, end, name, income, message):
    tenancy = make_tenancy("HC743")
    with pytest.raises(lodgers.LodgerError) as refused:
        grant(tenancy, officer, start, end, income=income, name=name)
    assert str(refused.value) == message
    assert not LodgerPermission.objects.exists()


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_an_officer_gives_permission_on_the_tenancy_page(client, officer, partner, outsider):
    tenancy = make_tenancy("HC744")
    client.force_login(officer)
    data = {
        "lodger_name": "B. Smit",
        "start": "2026-04-01",
        "end": "2027-04-01",
        "purpose": "",
        "monthly_income": "400",
    }
    response = client.post(f"/huurcontract/{tenancy.ref}/kamerhuurder/", data)
    assert response.status_code == 400
    assert "Kies een einddatum tot en met 31 maart 2027." in response.content.decode()
    assert not LodgerPermission.objects.exists()

    response = client.post(f"/huurcontract/{tenancy.ref}/kamerhuurder/", data | {"end": "2027-03-31"})
    assert response.status_code == 302 and response["Location"].endswith("#kamerhuurder")
    permission = LodgerPermission.objects.get()
    assert (permission.lodger_name, permission.created_by, permission.monthly_income_cents) == (
        "B. Smit",
        officer,
        40000,
    )
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "B. Smit, van 1 april 2026 tot en met 31 maart 2027: Achterstand inlopen, €\xa0400,00 per maand" in page

    for who in (partner, outsider):
        client.force_login(who)
        assert (
            client.post(f"/huurcontract/{tenancy.ref}/kamerhuurder/", data | {"end": "2027-03-31"}).status_code == 403
        )
    assert LodgerPermission.objects.count() == 1
