"""`huurpad retention` and the access log's own lines: every outcome (shown, refused, a failed
sign-in, a sign-in, a sign-out) is deleted once its term has passed, counted from the line's own
date when it is not about a tenancy, and kept until then."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from huurpad.accounts.models import AccessLog, log_failed_signin, log_list_access, log_refusal, log_signin, log_signout
from huurpad.bank.models import BankStatement, BankTransaction
from huurpad.portal.retention import terms

from . import history as h
from .test_retention_command import retention

pytestmark = pytest.mark.django_db

WRITTEN = date(2025, 3, 10)


@pytest.fixture
def lines():
    """One line of each outcome, written by the functions the pages use, on WRITTEN."""
    officer = h.staff()
    request = RequestFactory(REMOTE_ADDR="192.0.2.7").get("/")
    request.user = officer
    log_signin(request, "app")
    statement = BankStatement.objects.create(
        account_iban="NL91ABNA0417164300", statement_id="1", format="camt053", file_name="d.xml", file_sha256="0" * 64
    )
    payment = BankTransaction.objects.create(
        key="u",
        statement=statement,
        booking_date=WRITTEN,
        value_date=WRITTEN,
        amount_cents=100,
        credit_debit="CRDT",
        status=BankTransaction.Status.UNKNOWN,
        counterparty_name="A. Smit",
    )
    log_list_access(request, [payment])
    log_refusal(request)
    log_signout(request, officer)
    request.user = AnonymousUser()
    log_failed_signin(request, "ilse")
    AccessLog.objects.update(at=h.at(WRITTEN))
    return AccessLog.objects.all()


def test_every_outcome_is_covered(lines):
    assert {line.outcome for line in lines} == set(AccessLog.Outcome.values)


def test_the_lines_are_kept_for_their_term_and_deleted_after_it(lines, capsys):
    end = terms()["access_log"].ends(WRITTEN)
    day_before = date.fromordinal(end.toordinal() - 1)
    assert retention(capsys, "--date", day_before.isoformat())[("access_log", "deleted")] == 0
    assert AccessLog.objects.count() == len(AccessLog.Outcome.values)
    assert retention(capsys, "--date", end.isoformat())[("access_log", "deleted")] == len(AccessLog.Outcome.values)
    assert AccessLog.objects.count() == 0
