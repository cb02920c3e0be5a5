"""The early-signals overview lists the households waiting to go to the municipality, with their
arrears: one access-log line per household shown, in one statement; the batches already sent are
not on it (their download is logged when it happens)."""

import pytest
from django.utils import timezone

from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.testing.access_log import get_logged_in_one_statement, logged
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
S = EarlySignal.Status


def signal(tenancy, status, **more):
    today = timezone.localdate()
    return EarlySignal.objects.create(
        tenancy=tenancy,
        status=status,
        municipality_code="GM0363",
        amount_cents=70000,
        arrears_since=today,
        signal_date=today,
        **more,
    )


def test_the_households_waiting_are_logged_and_the_ones_sent_are_not(client, officer):
    signal(make_tenancy("HC1"), S.PREPARED)
    signal(make_tenancy("HC2"), S.AWAITING)
    batch = SignalExport.objects.create(
        municipality_code="GM0363", format="csv", up_to=timezone.localdate(), count=1, content="x", sha256="0" * 64
    )
    signal(make_tenancy("HC3"), S.EXPORTED, export=batch)
    client.force_login(officer)
    page = get_logged_in_one_statement(client, "/vroegsignalen/").content.decode()
    assert "HC1" in page and "HC2" in page
    assert logged("signal_overview", officer) == [("tenancy", "HC1"), ("tenancy", "HC2")]
