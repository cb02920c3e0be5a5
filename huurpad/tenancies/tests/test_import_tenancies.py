from datetime import date

import pytest

from huurpad.imports import ImportFailed
from huurpad.tenancies.imports import import_tenancies
from huurpad.tenancies.models import Mandate, RentComponent, Tenancy, Tenant

from .files import TENANCY_HEADER, tenancies_csv, tenancy_line

pytestmark = pytest.mark.django_db


def test_imports_a_tenancy_with_its_tenant_rent_and_mandate(tmp_path):
    path = tenancies_csv(
        tmp_path,
        tenancy_line(
            "HC001",
            payment_method="direct_debit",
            collection_day="25",
            house_number_suffix="A",
            postcode="1234ab",
            municipality_code="363",
            mandate_id="HP-HC001-1",
            mandate_signed="2020-01-01",
        ),
        tenancy_line("HC002", tenant_surname="Bakker", tenant_prefix="", tenant_iban=""),
    )
    result = import_tenancies(path, effective=date(2026, 1, 1))
    assert (result.created, result.updated) == (2, 0)
    t = Tenancy.objects.get(ref="HC001")
    assert t.tenant.name == "A.B. van Dijk"
    assert t.address == "Lindelaan 12-A, 1234 AB Lindestad"
    assert t.municipality_code == "GM0363"
    assert t.collection_day == 25
    assert t.household.size == 2
    assert t.monthly_due_on(date(2026, 1, 1)) == 700
    mandate = Mandate.objects.get(mandate_id="HP-HC001-1")
    assert (mandate.tenancy, mandate.iban, mandate.signed_on) == (t, "NL91ABNA0417164300", date(2020, 1, 1))


def test_same_file_twice_changes_nothing(tmp_path):
    path = tenancies_csv(tmp_path, tenancy_line("HC001"))
    import_tenancies(path, effective=date(2026, 1, 1))
    again = import_tenancies(path, effective=date(2026, 2, 1))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert (Tenancy.objects.count(), Tenant.objects.count(), RentComponent.objects.count()) == (1, 1, 1)


def test_reimport_updates_and_a_new_rent_takes_effect_from_the_import_date(tmp_path):
    import_tenancies(tenancies_csv(tmp_path, tenancy_line("HC001")), effective=date(2025, 1, 1))
    changed = tenancies_csv(
        tmp_path, tenancy_line("HC001", monthly_rent="680.00", tenant_phone="06-87654321"), name="v2.csv"
    )
    result = import_tenancies(changed, effective=date(2026, 7, 1))
    assert result.updated == 1
    t = Tenancy.objects.get(ref="HC001")
    assert t.tenant.phone == "06-87654321"
    assert t.monthly_due_on(date(2026, 6, 30)) == 700
    assert t.monthly_due_on(date(2026, 7, 1)) == 730


@pytest.mark.parametrize(
    "changes, field, why",
    [
        ({"start_date": "01-01-2020"}, "start_date", "is not a date"),
        ({"start_date": "9999-12-01"}, "start_date", "is not a date between 1900 and 2100"),  # its page overflowed
        ({"street": "Linde\x00laan"}, "street", "holds a NUL character"),  # PostgreSQL refuses it in text
        ({"monthly_rent": '"650,00"'}, "monthly_rent", "is not an amount"),
        ({"payment_method": "cash"}, "payment_method", "is not one of"),
        ({"payment_method": "direct_debit", "collection_day": "3"}, "collection_day", "must be one of"),
        ({"postcode": "12345"}, "postcode", "Dutch postcode"),
        ({"tenant_iban": "NL00ABNA0000000000"}, "tenant_iban", "not a valid IBAN"),
        ({"tenant_email": "nope"}, "tenant_email", "e-mail"),
        ({"end_date": "2019-01-01"}, "end_date", "before start_date"),
        ({"energy_label": "Z"}, "energy_label", "energy label"),
        ({"mandate_id": "M1"}, "mandate_signed", "needed"),
    ],
)
def test_a_bad_field_names_file_line_and_field_and_imports_nothing(tmp_path, changes, field, why):
    path = tenancies_csv(tmp_path, tenancy_line("HC001"), tenancy_line("HC002", **changes))
    with pytest.raises(ImportFailed) as failure:
        import_tenancies(path)
    message = str(failure.value)
    assert f"{path}:3: {field}:" in message
    assert why in message
    assert "Nothing was imported." in message
    assert Tenancy.objects.count() == 0


def test_missing_column_and_duplicate_ref(tmp_path):
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("tenancy_ref,start_date\nHC1,2020-01-01\n")
    with pytest.raises(ImportFailed, match="bad.csv:1: header: missing column"):
        import_tenancies(bad_header)
    twice = tenancies_csv(tmp_path, tenancy_line("HC001"), tenancy_line("HC001"), name="twice.csv")
    with pytest.raises(ImportFailed, match="twice.csv:3: tenancy_ref: 'HC001' also appears on line 2"):
        import_tenancies(twice)
    assert Tenancy.objects.count() == 0


def test_one_mandate_for_two_tenancies_is_refused_naming_the_line(tmp_path):
    """Found by fuzzing: the second tenancy with the same mandate id made the database refuse the
    whole import without saying where."""
    mandate = {
        "payment_method": "direct_debit",
        "collection_day": "5",
        "mandate_id": "M1",
        "mandate_signed": "2020-01-01",
    }
    path = tenancies_csv(tmp_path, tenancy_line("HC001", **mandate), tenancy_line("HC002", **mandate), name="m.csv")
    with pytest.raises(ImportFailed, match="m.csv:3: mandate_id: 'M1' also appears on line 2"):
        import_tenancies(path)
    assert Tenancy.objects.count() == 0


def test_several_problems_are_reported_at_once(tmp_path):
    path = tenancies_csv(tmp_path, tenancy_line("HC001", postcode="x"), tenancy_line("HC002", monthly_rent="abc"))
    with pytest.raises(ImportFailed) as failure:
        import_tenancies(path)
    assert [(p.line, p.field) for p in failure.value.problems] == [(2, "postcode"), (3, "monthly_rent")]


def test_no_service_costs_and_an_optional_household_type(tmp_path):
    header = TENANCY_HEADER + ",household_type"
    path = tmp_path / "t.csv"
    path.write_text(
        header
        + "\n"
        + tenancy_line("HC001", service_costs="0.00")
        + ",single_parent\n"
        + tenancy_line("HC002", service_costs="")
        + ",\n"
    )
    import_tenancies(path, effective=date(2026, 1, 1))
    one, two = Tenancy.objects.get(ref="HC001"), Tenancy.objects.get(ref="HC002")
    assert one.monthly_due_on(date(2026, 1, 1)) == 650 and two.monthly_due_on(date(2026, 1, 1)) == 650
    assert (one.household.kind, two.household.kind) == ("single_parent", "")
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "\n" + tenancy_line("HC003") + ",castle\n")
    with pytest.raises(ImportFailed, match="bad.csv:2: household_type: 'castle' is not one of"):
        import_tenancies(bad)
