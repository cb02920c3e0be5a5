import pytest

from huurpad.imports import ImportFailed
from huurpad.tenancies.imports import import_ledger
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.ledgers import make_tenancy

from .files import ledger_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenancies(db):
    return make_tenancy("HC001"), make_tenancy("HC002")


LEDGER = """
HC001 2026-01-01 rent 650.00 r1
HC001 2026-01-01 service_costs 50.00 s1
HC001 2026-01-03 direct_debit 700.00 d1
HC002 2026-01-01 rent 650.00 r2
"""


def test_books_every_line(tmp_path, tenancies):
    result = import_ledger(ledger_csv(tmp_path, LEDGER))
    assert result.created == 4
    entry = LedgerEntry.objects.get(external_id="d1")
    assert (entry.tenancy, entry.kind, entry.amount_cents) == (tenancies[0], "direct_debit", 70000)


def test_same_file_twice_books_once(tmp_path, tenancies):
    path = ledger_csv(tmp_path, LEDGER)
    import_ledger(path)
    again = import_ledger(path)
    assert (again.created, again.unchanged) == (0, 4)
    assert LedgerEntry.objects.count() == 4


def test_overlapping_file_books_only_the_new_lines(tmp_path, tenancies):
    import_ledger(ledger_csv(tmp_path, LEDGER))
    result = import_ledger(ledger_csv(tmp_path, LEDGER + "HC002 2026-01-05 payment 650.00 p2\n", name="more.csv"))
    assert (result.created, result.unchanged) == (1, 4)


def test_a_known_id_with_other_content_is_refused(tmp_path, tenancies):
    import_ledger(ledger_csv(tmp_path, LEDGER))
    path = ledger_csv(
        tmp_path, "HC001 2026-01-03 direct_debit 710.00 d1\nHC002 2026-02-01 rent 650.00 r3", name="x.csv"
    )
    with pytest.raises(ImportFailed, match=r"x.csv:2: external_id: 'd1' is already booked with other content"):
        import_ledger(path)
    assert LedgerEntry.objects.count() == 4


@pytest.mark.parametrize(
    "line, field, why",
    [
        ("HC009 2026-01-01 rent 650.00 x", "tenancy_ref", "not a known tenancy"),
        ("HC001 2026-13-01 rent 650.00 x", "date", "not a date"),
        ("HC001 2026-01-01 huur 650.00 x", "kind", "is not one of"),
        ("HC001 2026-01-01 rent -650.00 x", "amount", "negative"),
        ("HC001 2026-01-01 rent 0.00 x", "amount", "more than 0.00"),
        ("HC001 2026-01-01 rent 650.00 r1", "external_id", "also appears on line 2"),
    ],
)
def test_one_bad_line_books_nothing_and_says_where(tmp_path, tenancies, line, field, why):
    path = ledger_csv(tmp_path, "HC001 2026-01-01 rent 650.00 r1\n" + line)
    with pytest.raises(ImportFailed) as failure:
        import_ledger(path)
    assert f"{path}:3: {field}:" in str(failure.value)
    assert why in str(failure.value)
    assert LedgerEntry.objects.count() == 0


def test_a_bad_line_after_many_good_chunks_still_books_nothing(tmp_path, tenancies, monkeypatch):
    monkeypatch.setattr("huurpad.tenancies.imports.CHUNK", 2)
    good = "\n".join(f"HC001 2026-01-{d:02d} payment 1.00 p{d}" for d in range(1, 20))
    path = ledger_csv(tmp_path, good + "\nHC001 2026-01-20 payment 1.005 bad")
    with pytest.raises(ImportFailed, match=r":21: amount:"):
        import_ledger(path)
    assert LedgerEntry.objects.count() == 0


def test_file_that_is_not_utf8(tmp_path, tenancies):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "tenancy_ref,date,kind,amount,external_id,description\nHC001,2026-01-01,rent,650.00,r1,Huur m\xe4rz\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(ImportFailed, match="is not UTF-8"):
        import_ledger(path)
    assert LedgerEntry.objects.count() == 0


def test_entries_cannot_be_edited_or_deleted(tmp_path, tenancies):
    import_ledger(ledger_csv(tmp_path, LEDGER))
    entry = LedgerEntry.objects.first()
    entry.amount_cents = 1
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
