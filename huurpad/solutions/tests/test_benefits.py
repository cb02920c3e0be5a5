"""Rent paid from benefits (Geregelde Betaling, toolkit 3.1): what the municipality should pay,
reconciled month by month against what arrived."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huurpad.bank.models import BankStatement, BankTransaction
from huurpad.cases.models import CaseEvent
from huurpad.solutions import benefits
from huurpad.solutions.benefits import MISSING, NOT_YET, RECEIVED, SHORT
from huurpad.solutions.models import BenefitPayment
from huurpad.tenancies.models import LedgerEntry, Municipality
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

MUNICIPALITY_IBAN = "NL02ABNA0123456789"  # a valid test IBAN
OTHER_MUNICIPALITY_IBAN = "NL39RABO0300065264"
TENANT_IBAN = "NL91ABNA0417164300"


def amsterdam(*args):
    return datetime(*args, tzinfo=ZoneInfo("Europe/Amsterdam"))


def credit(tenancy, day: date, euros: str, kind: str = "benefit_payment", external_id: str = "") -> LedgerEntry:
    cents = int(Decimal(euros) * 100)
    return LedgerEntry.objects.create(
        tenancy=tenancy,
        date=day,
        kind=kind,
        amount_cents=cents,
        external_id=external_id or f"{tenancy.ref}-{kind}-{day}-{cents}",
    )


def bank_credit(tenancy, day: date, euros: str, iban: str, key: str) -> None:
    """A bank credit booked on the tenancy (as bank.imports does): the transaction and its ledger entry."""
    statement = BankStatement.objects.get_or_create(
        account_iban="NL20INGB0001234567", statement_id="1", format="camt053", file_name="a.xml", file_sha256="0" * 64
    )[0]
    row = BankTransaction.objects.create(
        key=key,
        statement=statement,
        booking_date=day,
        value_date=day,
        amount_cents=int(Decimal(euros) * 100),
        credit_debit="CRDT",
        counterparty_iban=iban,
        counterparty_name="Gemeente",
        status=BankTransaction.Status.BOOKED,
        tenancy=tenancy,
        matched_by=BankTransaction.MatchedBy.REFERENCE,
    )
    credit(tenancy, day, euros, kind="payment", external_id=row.ledger_id)


def register(tenancy, user, *, start=date(2026, 1, 1), amount="700.00", day=5, iban="", today=date(2025, 12, 20)):
    return benefits.register(tenancy, "GM0363", Decimal(amount), day, iban, start, acting_user=user, today=today)


def table(checks) -> list[tuple[date, date, int, str]]:
    return [(c.month, c.expected_on, c.received_cents, c.status) for c in checks]


def test_received_short_missing_and_not_yet_across_months(officer):
    tenancy = make_tenancy("HC700")
    register(tenancy, officer)
    credit(tenancy, date(2026, 1, 5), "700.00")  # January: all of it, on the day
    credit(tenancy, date(2026, 2, 3), "500.00")  # February: 200 short
    credit(tenancy, date(2026, 2, 3), "650.00", kind="payment")  # the tenant's own transfer: not the municipality's
    # March: nothing. April: not due yet on 8 April.
    assert table(benefits.reconcile(tenancy, date(2026, 4, 8))) == [
        (date(2026, 1, 1), date(2026, 1, 5), 70000, RECEIVED),
        (date(2026, 2, 1), date(2026, 2, 5), 50000, SHORT),
        (date(2026, 3, 1), date(2026, 3, 5), 0, MISSING),
        (date(2026, 4, 1), date(2026, 4, 5), 0, NOT_YET),
    ]


def test_missing_only_after_the_grace_days(officer):
    tenancy = make_tenancy("HC701")
    register(tenancy, officer, start=date(2026, 3, 1), day=5)
    assert benefits.GRACE_DAYS == 5
    assert [c.status for c in benefits.reconcile(tenancy, date(2026, 3, 10))] == [NOT_YET]  # 5 March + 5 days
    assert [c.status for c in benefits.reconcile(tenancy, date(2026, 3, 11))] == [MISSING]
    credit(tenancy, date(2026, 3, 4), "300.00")  # part of it, early
    assert [c.status for c in benefits.reconcile(tenancy, date(2026, 3, 10))] == [NOT_YET]  # the rest may still come
    assert [c.status for c in benefits.reconcile(tenancy, date(2026, 3, 11))] == [SHORT]
    credit(tenancy, date(2026, 3, 12), "400.00")  # the rest, late
    assert table(benefits.reconcile(tenancy, date(2026, 3, 31))) == [
        (date(2026, 3, 1), date(2026, 3, 5), 70000, RECEIVED)
    ]


def test_an_early_payment_counts_for_the_next_month_and_a_late_one_for_its_own(officer):
    tenancy = make_tenancy("HC702")
    register(tenancy, officer, start=date(2026, 5, 1), day=20)
    credit(tenancy, date(2026, 5, 6), "700.00")  # 14 days before 20 May: May's
    credit(
        tenancy, date(2026, 6, 5), "700.00"
    )  # 15 days after 20 May, before June's window opens (6 June): still May's
    credit(tenancy, date(2026, 4, 30), "700.00")  # before the registration's first window: not counted
    assert table(benefits.reconcile(tenancy, date(2026, 6, 30))) == [
        (date(2026, 5, 1), date(2026, 5, 20), 140000, RECEIVED),
        (date(2026, 6, 1), date(2026, 6, 20), 0, MISSING),
    ]


def test_payments_from_the_payer_iban_count_through_the_bank(officer):
    tenancy, other = make_tenancy("HC703"), make_tenancy("HC704")
    register(tenancy, officer, iban="NL02 ABNA 0123 4567 89")
    assert BenefitPayment.objects.get().payer_iban == MUNICIPALITY_IBAN  # kept compact, as the bank gives it
    bank_credit(tenancy, date(2026, 1, 6), "700.00", MUNICIPALITY_IBAN, "k1")
    bank_credit(
        tenancy, date(2026, 2, 5), "700.00", TENANT_IBAN, "k2"
    )  # the tenant's own account: not the municipality
    bank_credit(other, date(2026, 2, 5), "700.00", MUNICIPALITY_IBAN, "k3")  # for another tenancy
    assert table(benefits.reconcile(tenancy, date(2026, 2, 20))) == [
        (date(2026, 1, 1), date(2026, 1, 5), 70000, RECEIVED),
        (date(2026, 2, 1), date(2026, 2, 5), 0, MISSING),
    ]
    assert table(benefits.reconcile(other, date(2026, 2, 20))) == []  # nothing registered there
    # Another municipality's account counts for the tenancy that registered it, not for this one.
    register(other, officer, start=date(2026, 2, 1), iban=OTHER_MUNICIPALITY_IBAN)
    bank_credit(tenancy, date(2026, 2, 6), "700.00", OTHER_MUNICIPALITY_IBAN, "k4")
    bank_credit(other, date(2026, 2, 6), "700.00", OTHER_MUNICIPALITY_IBAN, "k5")
    assert [c.received_cents for c in benefits.reconcile(None, date(2026, 2, 20))] == [70000, 0, 70000]


def test_a_new_registration_ends_the_running_one_and_goes_on_the_timeline(officer):
    tenancy = make_tenancy("HC705")
    first = register(tenancy, officer, start=date(2026, 1, 1), amount="700.00", day=5)
    second = register(tenancy, officer, start=date(2026, 3, 1), amount="725.50", day=10, today=date(2026, 2, 20))
    first.refresh_from_db()
    assert first.end == date(2026, 2, 28) and second.end is None
    credit(tenancy, date(2026, 3, 10), "725.50")
    assert [
        (c.benefit.pk, c.month, c.expected_cents, c.status) for c in benefits.reconcile(tenancy, date(2026, 3, 20))
    ] == [
        (first.pk, date(2026, 1, 1), 70000, MISSING),
        (first.pk, date(2026, 2, 1), 70000, MISSING),
        (second.pk, date(2026, 3, 1), 72550, RECEIVED),
    ]
    event = CaseEvent.objects.filter(type=CaseEvent.Type.BENEFIT_PAYMENT).order_by("id").last()
    assert (event.date, event.actor, event.params) == (
        date(2026, 2, 20),
        officer,
        {"amount": "725.50", "start": "2026-03-01", "municipality_code": "GM0363"},
    )
    with pytest.raises(benefits.BenefitError, match="Er is al een geregelde betaling vanaf 1 maart 2026"):
        register(tenancy, officer, start=date(2026, 2, 1))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"amount": "0"}, "Het bedrag moet meer dan € 0 zijn."),
        ({"amount": "10.555"}, "hoogstens twee cijfers achter de komma"),
        ({"day": 29}, "Kies een dag van 1 tot en met 28."),
        ({"day": 0}, "Kies een dag van 1 tot en met 28."),
        ({"start": date(2026, 1, 2)}, "eerste dag van een maand"),
        ({"iban": "NL00ABNA0000000000"}, "geen goed rekeningnummer"),
    ],
)
def test_a_registration_that_is_not_right_is_refused(officer, change, message):
    tenancy = make_tenancy("HC706")
    with pytest.raises(benefits.BenefitError, match=message):
        register(tenancy, officer, **change)
    with pytest.raises(benefits.BenefitError, match="GM0363"):
        benefits.register(
            tenancy, "Utrecht", Decimal("700"), 5, "", date(2026, 1, 1), acting_user=officer, today=date(2026, 1, 1)
        )
    assert not BenefitPayment.objects.exists() and not CaseEvent.objects.exists()


def test_problems_lists_short_and_missing_of_running_registrations_by_municipality(officer):
    a, b, ended = make_tenancy("HC710"), make_tenancy("HC711"), make_tenancy("HC712")
    benefits.register(a, "GM0599", Decimal("700"), 5, "", date(2026, 1, 1), acting_user=officer, today=date(2026, 1, 1))
    benefits.register(b, "GM0363", Decimal("600"), 1, "", date(2026, 2, 1), acting_user=officer, today=date(2026, 1, 1))
    old = benefits.register(
        ended, "GM0363", Decimal("600"), 1, "", date(2026, 1, 1), acting_user=officer, today=date(2026, 1, 1)
    )
    BenefitPayment.objects.filter(pk=old.pk).update(end=date(2026, 1, 31))
    credit(a, date(2026, 1, 5), "700.00")
    credit(a, date(2026, 2, 5), "100.00")
    credit(b, date(2026, 2, 1), "600.00")
    found = benefits.problems(date(2026, 3, 3))
    # HC711's March is not missing yet (1 March + 5 days), nor is HC710's (5 March + 5 days).
    assert [(c.benefit.tenancy.ref, c.month, c.status, c.short_cents) for c in found] == [
        ("HC710", date(2026, 2, 1), SHORT, 60000)
    ]
    found = benefits.problems(date(2026, 3, 7))
    assert [(c.benefit.municipality_code, c.benefit.tenancy.ref, c.month, c.status) for c in found] == [
        ("GM0363", "HC711", date(2026, 3, 1), MISSING),
        ("GM0599", "HC710", date(2026, 2, 1), SHORT),
    ]  # HC712's registration has ended: not on the list


def test_reconcile_for_all_tenancies_in_few_queries(officer, django_assert_max_num_queries):
    for n in range(5):
        tenancy = make_tenancy(f"HC72{n}")
        register(tenancy, officer, iban=MUNICIPALITY_IBAN)
        credit(tenancy, date(2026, 1, 5), "700.00")
    with django_assert_max_num_queries(3):
        checks = benefits.reconcile(None, date(2026, 2, 28))
    assert [c.status for c in checks] == [RECEIVED, MISSING] * 5


# --- pages ---------------------------------------------------------------------------------


@time_machine.travel(amsterdam(2026, 3, 20, 10), tick=False)
def test_an_officer_registers_a_benefit_payment_on_the_tenancy_page(client, officer):
    tenancy = make_tenancy("HC730")
    client.force_login(officer)
    response = client.post(
        f"/huurcontract/{tenancy.ref}/geregelde-betaling/",
        {
            "municipality_code": "gm0363",
            "amount": "700.00",
            "day": "5",
            "payer_iban": MUNICIPALITY_IBAN,
            "start": "2026-02-01",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#geregelde-betaling")
    benefit = BenefitPayment.objects.get()
    assert (benefit.municipality_code, benefit.amount_cents, benefit.day, benefit.start, benefit.created_by) == (
        "GM0363",
        70000,
        5,
        date(2026, 2, 1),
        officer,
    )
    credit(tenancy, date(2026, 2, 5), "700.00")
    page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "van gemeente GM0363, rond de 5e van de maand" in page
    # February in, March missing (5 March + 5 days is before 20 March)
    assert 'badge--success">Ontvangen<' in page and 'badge--danger">Ontbreekt<' in page


@time_machine.travel(amsterdam(2026, 3, 20, 10), tick=False)
def test_a_refused_registration_shows_the_page_again_with_the_reason(client, officer):
    tenancy = make_tenancy("HC731")
    client.force_login(officer)
    response = client.post(
        f"/huurcontract/{tenancy.ref}/geregelde-betaling/",
        {"municipality_code": "GM0363", "amount": "700", "day": "5", "start": "2026-02-15"},
    )
    assert response.status_code == 400
    assert "Een geregelde betaling begint op de eerste dag van een maand." in response.content.decode()
    response = client.post(
        f"/huurcontract/{tenancy.ref}/geregelde-betaling/",
        {"municipality_code": "GM0363", "amount": "700", "day": "31", "start": "2026-02-01"},
    )
    assert response.status_code == 400 and "Kies een dag van 1 tot en met 28." in response.content.decode()
    assert not BenefitPayment.objects.exists()


@time_machine.travel(amsterdam(2026, 3, 20, 10), tick=False)
def test_the_overview_lists_what_to_ask_the_municipality(client, officer, partner, outsider):
    Municipality.objects.create(code="GM0363", name="Amsterdam", debt_help="bel 14 020")
    tenancy = make_tenancy("HC732", surname="Bakker")
    register(tenancy, officer, start=date(2026, 2, 1))
    credit(tenancy, date(2026, 2, 5), "650.00")
    client.force_login(officer)
    page = client.get("/geregelde-betalingen/").content.decode()
    assert "Gemeente Amsterdam (GM0363): 2 betalingen" in page
    assert "HC732" in page and "Bakker" in page and "Te weinig" in page and "Ontbreekt" in page
    for who in (partner, outsider):
        client.force_login(who)
        assert client.get("/geregelde-betalingen/").status_code == 403
        assert client.post(f"/huurcontract/{tenancy.ref}/geregelde-betaling/", {}).status_code == 403
