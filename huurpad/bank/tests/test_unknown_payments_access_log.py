"""The unknown payments show who paid (name and account) and, to those who may book them, the
tenancies Huurpad suggests with their tenants' names; below, the payments officers booked and onto
which tenancy. Each page writes one access-log line for each of these, in one statement."""

import pytest
from django.utils import timezone

from conftest import _user
from huurpad.accounts.roles import Role
from huurpad.bank.models import BankStatement, BankTransaction
from huurpad.testing.access_log import get_logged_in_one_statement, logged
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(officer):
    """Two payments naming Smit's contract, one from someone unknown; one booked onto Visser's."""
    smit, visser = make_tenancy("HC1", surname="Smit"), make_tenancy("HC2", surname="Visser")
    make_tenancy("HC3", surname="Bakker")  # on no page
    statement = BankStatement.objects.create(
        account_iban="NL91ABNA0417164300", statement_id="1", format="camt053", file_name="dag.xml", file_sha256="0" * 64
    )
    today = timezone.localdate()
    money = {
        "statement": statement,
        "booking_date": today,
        "value_date": today,
        "amount_cents": 65000,
        "credit_debit": "CRDT",
    }
    unknown = [
        BankTransaction.objects.create(
            key=f"u{n}", status=BankTransaction.Status.UNKNOWN, counterparty_name=name, remittance=text, **money
        )
        for n, (name, text) in enumerate([("A. Smit", "huur HC1"), ("Oma", "huur HC1 december"), ("X. Yu", "gift")])
    ]
    BankTransaction.objects.create(
        key="b",
        status=BankTransaction.Status.BOOKED,
        tenancy=visser,
        matched_by=BankTransaction.MatchedBy.OFFICER,
        assigned_by=officer,
        assigned_at=timezone.now(),
        **money,
    )
    return smit, visser, unknown


def test_an_officer_sees_the_payers_the_suggestions_and_the_bookings_all_logged_once(client, officer, payments):
    smit, visser, unknown = payments
    client.force_login(officer)
    page = get_logged_in_one_statement(client, "/bank/onbekend/").content.decode()
    assert "Boeken op HC1 (J. Smit)" in page
    assert logged("view", officer) == sorted(("banktransaction", str(row.pk)) for row in unknown)
    assert logged("bank_suggestion", officer) == [("tenancy", "HC1")]  # suggested for two payments: one line
    assert logged("bank_assigned", officer) == [("tenancy", "HC2")]


def test_who_may_not_book_sees_no_suggestions_and_none_are_logged(client, django_user_model, payments):
    controller = _user(django_user_model, "carla", Role.CONTROLLER)
    client.force_login(controller)
    page = get_logged_in_one_statement(client, "/bank/onbekend/").content.decode()
    assert "Misschien" not in page
    assert logged("bank_suggestion") == []
    assert len(logged("view", controller)) == 3 and logged("bank_assigned", controller) == [("tenancy", "HC2")]
