"""Fuzzing import-tenancies: 1,000 mutations of a valid tenancies.csv. Each is imported or refused
with problems that name file and line; refused, nothing is written; imported, every contract
number has the shape a page address needs."""

import pytest
from hypothesis import given

from huurpad.tenancies import fields
from huurpad.tenancies.imports import TENANCY_COLUMNS, import_tenancies
from huurpad.tenancies.models import Household, Mandate, RentComponent, Tenancy, Tenant
from huurpad.testing import fuzz

from .files import TENANCY_HEADER, tenancy_line

pytestmark = pytest.mark.django_db
HEADER = TENANCY_HEADER.split(",")
VALID = [
    tenancy_line("HC001").split(","),
    tenancy_line(
        "HC002", payment_method="direct_debit", collection_day="5", mandate_id="M1", mandate_signed="2020-01-01"
    ).split(","),
    tenancy_line("HC003", end_date="2025-12-31", house_number_suffix="a").split(","),
]
MODELS = (Tenancy, Tenant, Household, RentComponent, Mandate)


def counts():
    return [model.objects.count() for model in MODELS]


def refs_have_their_shape(result):
    for ref in Tenancy.objects.values_list("ref", flat=True):
        assert fields.tenancy_ref(ref) == ref
    stored = [
        *Tenancy.objects.values_list("street", "house_number_suffix", "city"),
        *Tenant.objects.values_list("initials", "prefix", "surname"),
    ]
    assert not any("\x00" in value for row in stored for value in row)  # PostgreSQL would refuse it


@fuzz.FUZZ
@given(fuzz.table(HEADER, VALID).flatmap(lambda t: fuzz.file_bytes(fuzz.csv_text(*t))))
def test_every_mutation_is_imported_or_refused_naming_the_line(tmp_path, data):
    assert set(TENANCY_COLUMNS) <= set(HEADER)  # the valid file starts with every column
    fuzz.import_or_refuse(import_tenancies, tmp_path / "tenancies.csv", data, counts, refs_have_their_shape)
