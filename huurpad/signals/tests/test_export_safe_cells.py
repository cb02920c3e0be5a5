"""The signal export to the municipality: a tenant's name or street that starts like a formula
reaches the municipality's spreadsheet as text, and the amounts stay numbers."""

import csv
import io
from datetime import date

import pytest

from huurpad.collection.run import run_policy
from huurpad.signals import signals
from huurpad.signals.tests.test_signals import DUE, corporation, household  # noqa: F401 (fixture)
from huurpad.tenancies.models import Tenancy, Tenant

pytestmark = pytest.mark.django_db

ATTACKS = ['=HYPERLINK("http://evil.example","klik")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\tVries", "\rVries"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_in_the_name_or_street_reaches_the_municipality_as_text(corporation, attack):
    def fits(model, field):  # as much of the attack as the field holds
        return attack[: model._meta.get_field(field).max_length]

    tenant = {field: fits(Tenant, field) for field in ("initials", "prefix", "surname")}
    tenancy = household("READY", **tenant)
    address = {field: fits(Tenancy, field) for field in ("street", "house_number_suffix", "city")}
    Tenancy.objects.filter(pk=tenancy.pk).update(**address)
    written = {
        "voorletters": tenant["initials"],
        "voorvoegsel": tenant["prefix"],
        "achternaam": tenant["surname"],
        "straatnaam": address["street"],
        "huisnummertoevoeging": address["house_number_suffix"],
        "plaatsnaam": address["city"],
    }
    run_policy(DUE, full=True)

    done = signals.export("GM0599", "csv", DUE)
    [row] = list(csv.DictReader(io.StringIO(done.content, newline="")))
    for column, value in written.items():
        assert row[column] == "'" + value.replace("\r", " "), column  # one line per record: a CR becomes a space
    assert row["bedrag"] == "2100.00" and row["signaaldatum"] == "2026-04-14"
    assert row["telefoon"] == "06 1234 5678"


def test_the_json_export_carries_the_values_as_they_are(corporation):
    household("READY", surname="=1+1")
    run_policy(DUE, full=True)
    done = signals.export("GM0599", "json", DUE)
    assert '"achternaam": "=1+1"' in done.content  # JSON is not a spreadsheet: nothing to neutralise


def test_an_email_address_that_starts_like_a_formula_is_neutralised_too(corporation):
    household("READY", email="-x@example.nl")
    run_policy(DUE, full=True)
    [row] = list(csv.DictReader(io.StringIO(signals.export("GM0599", "csv", date(2026, 4, 14)).content)))
    assert row["email"] == "'-x@example.nl"
