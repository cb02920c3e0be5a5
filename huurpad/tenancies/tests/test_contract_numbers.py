"""A contract number (tenancy_ref) is part of every tenancy page's address. The imports accept only
letters, digits, '-', '_' and '.', naming file, line and field otherwise, and write nothing; a
record of another shape that got into the database some other way breaks no list and opens."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from huurpad.casefile.tests.test_today import task
from huurpad.cases.models import CaseEvent
from huurpad.tenancies.models import LedgerEntry, Tenancy
from huurpad.testing.ledgers import book, make_tenancy

from .files import ledger_csv, tenancies_csv, tenancy_line, write

pytestmark = pytest.mark.django_db

REFUSED = ["HC/001", "HC 001", "<b>HC</b>", 'HC"1', ".HC1", "..", "-HC1", "HC%2F1", "HC?1", "HC#1", "é1", "H" * 41]


@pytest.mark.parametrize("ref", REFUSED)
def test_import_tenancies_refuses_a_ref_of_another_shape_naming_file_line_and_field(tmp_path, ref):
    path = tenancies_csv(tmp_path, tenancy_line("HC000"), tenancy_line(json.dumps(ref) if '"' in ref else ref))
    with pytest.raises(CommandError) as refused:
        call_command("import-tenancies", str(path))
    assert f"{path}:3: tenancy_ref:" in str(refused.value)
    assert refused.value.returncode == 1
    assert not Tenancy.objects.exists()


@pytest.mark.parametrize("ref", ["HC001", "2024.17-b_3", "a", "H" * 40])
def test_import_tenancies_takes_letters_digits_dash_underscore_and_dot(tmp_path, ref):
    call_command("import-tenancies", str(tenancies_csv(tmp_path, tenancy_line(ref))))
    assert Tenancy.objects.get().ref == ref


def test_import_ledger_refuses_such_a_ref_by_its_shape(tmp_path):
    make_tenancy("HC001")
    path = write(
        tmp_path,
        "ledger.csv",
        "tenancy_ref,date,kind,amount,external_id",
        "HC001,2026-01-01,rent,650.00,r1",
        "HC/001,2026-01-01,rent,650.00,r2",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import-ledger", str(path))
    assert f"{path}:3: tenancy_ref: 'HC/001' may hold only letters" in str(refused.value)
    assert not LedgerEntry.objects.exists()
    assert ledger_csv  # the same helper files as the ledger tests


def test_import_events_refuses_such_a_ref_by_its_shape(tmp_path):
    make_tenancy("HC001")
    good = {
        "tenancy_ref": "HC001",
        "date": "2026-01-12",
        "type": "contact_attempt",
        "channel": "phone",
        "reached": False,
    }
    path = write(tmp_path, "events.jsonl", json.dumps(good), json.dumps(good | {"tenancy_ref": "<script>x</script>"}))
    with pytest.raises(CommandError) as refused:
        call_command("import-events", str(path))
    assert f"{path}:2: tenancy_ref: '<script>x</script>' may hold only letters" in str(refused.value)
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("ref", ["HC/001", "HC 001", ".."])
def test_the_model_refuses_it_too(ref):
    tenancy = make_tenancy("HC001")
    tenancy.ref = ref
    with pytest.raises(ValidationError) as refused:
        tenancy.full_clean()
    assert "contractnummer heeft alleen letters" in str(refused.value)


@pytest.mark.parametrize("ref", ["A/B", "A B", "<i>x</i>", "..", ".", "100%", "a?b#c", "HC001/afdrukken"])
def test_a_ref_that_got_in_another_way_breaks_no_list_and_its_page_opens(client, officer, ref):
    odd = task(ref)  # inserted directly, past the import's check
    book(odd.tenancy, "2026-01-01 rent 650.00\n2026-02-01 rent 650.00")
    task("HC-OK")
    client.force_login(officer)
    url = reverse("tenancy_detail", args=[odd.tenancy.ref])
    for page in ("/", "/vandaag/"):
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert url in html, page
    assert reverse("tenancy_detail", args=["HC-OK"]) in html  # the others on Vandaag as ever
    page = client.get(url)
    assert page.status_code == 200 and page.context["tenancy"].pk == odd.tenancy.pk
    assert client.get(reverse("tenancy_print", args=[odd.tenancy.ref])).status_code == 200


def test_an_address_with_a_control_character_finds_nothing(client, officer):
    client.force_login(officer)
    assert client.get("/huurcontract/%00/").status_code == 404
