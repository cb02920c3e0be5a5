"""Fuzzing import-ledger: 1,000 mutations of a valid ledger.csv. Each is booked or refused with
problems that name file and line; refused, nothing is booked."""

import pytest
from hypothesis import given

from huurpad.tenancies.imports import import_ledger
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing import fuzz
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
HEADER = ["tenancy_ref", "date", "kind", "amount", "external_id", "description"]
VALID = [
    ["HC001", "2026-01-01", "rent", "650.00", "r1", "huur januari"],
    ["HC001", "2026-01-03", "payment", "700.00", "p1", ""],
    ["HC002", "2026-01-01", "service_costs", "50.00", "s2", "servicekosten"],
]


@pytest.fixture
def tenancies(db):
    return make_tenancy("HC001"), make_tenancy("HC002")


def booked_as_counted(result):
    assert LedgerEntry.objects.count() == result.created
    assert all(cents > 0 for cents in LedgerEntry.objects.values_list("amount_cents", flat=True))
    assert not any(
        "\x00" in value for row in LedgerEntry.objects.values_list("external_id", "description") for value in row
    )


@fuzz.FUZZ
@given(fuzz.table(HEADER, VALID).flatmap(lambda t: fuzz.file_bytes(fuzz.csv_text(*t))))
def test_every_mutation_is_booked_or_refused_naming_the_line(tenancies, tmp_path, data):
    fuzz.import_or_refuse(import_ledger, tmp_path / "ledger.csv", data, LedgerEntry.objects.count, booked_as_counted)
