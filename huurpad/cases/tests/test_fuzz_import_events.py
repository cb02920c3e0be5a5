"""Fuzzing import-events: 1,000 mutations of a valid events.jsonl (values of other types, keys
missing or added, lines cut off, not JSON, not an object, odd encodings). Each is imported or
refused with problems that name file and line; refused, nothing is written."""

import json

import pytest
from hypothesis import given

from huurpad.cases.imports import import_events
from huurpad.cases.models import CaseEvent
from huurpad.testing import fuzz
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
VALID = [
    {
        "tenancy_ref": "HC001",
        "date": "2026-01-10",
        "type": "reminder_letter",
        "offers_data_sharing": True,
        "points_to_debt_help": True,
    },
    {"tenancy_ref": "HC001", "date": "2026-01-12", "type": "contact_attempt", "channel": "phone", "reached": False},
    {
        "tenancy_ref": "HC002",
        "date": "2026-02-01",
        "type": "early_signal_sent",
        "municipality_code": "0363",
        "amount": "1400.00",
    },
    {"tenancy_ref": "HC002", "date": "2026-02-03", "type": "wik_letter", "costs": "40.00"},
]


@pytest.fixture
def tenancies(db):
    return make_tenancy("HC001"), make_tenancy("HC002")


def plain_json(result):
    assert CaseEvent.objects.count() == result.created
    for stored in CaseEvent.objects.all():
        json.dumps(stored.params, allow_nan=False)  # plain JSON, as PostgreSQL's jsonb takes it


@fuzz.FUZZ
@given(fuzz.json_lines(VALID).flatmap(fuzz.file_bytes))
def test_every_mutation_is_imported_or_refused_naming_the_line(tenancies, tmp_path, data):
    fuzz.import_or_refuse(import_events, tmp_path / "events.jsonl", data, CaseEvent.objects.count, plain_json)
