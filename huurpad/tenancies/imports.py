"""Importing tenancies and ledger lines from the ERP's CSV exports (formats in docs/formats.md).

Every import is atomic: a file with any bad line changes nothing, and the error names the file, the
line, the field and why. Every import is idempotent: importing the same file again books nothing
twice (ledger lines are keyed on their external_id).
"""

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from huurpad import db
from huurpad.core import ledger
from huurpad.core.money import ZERO, to_cents
from huurpad.imports import ImportFailed, ImportResult, Problem, Problems

from . import fields as f
from . import search
from .fields import FieldError
from .models import Household, LedgerEntry, Mandate, RentComponent, Tenancy, Tenant

CHUNK = 5000


class Row:
    """One CSV line; `get` reads a field with a reader and records what is wrong with it."""

    def __init__(self, line: int, values: dict[str, str], problems: Problems):
        self.line = line
        self.values = values
        self.problems = problems
        self.ok = True

    def get(self, name: str, reader: Callable = f.text, **options):
        try:
            return reader(self.values.get(name) or "", **options)
        except FieldError as exc:
            self.problems.add(self.line, name, str(exc))
            self.ok = False
            return None


def read_csv(path: Path, required: list[str], problems: Problems) -> Iterator[Row]:
    """Yield the rows of a UTF-8 CSV file with a header, after checking the header."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ImportFailed([Problem(str(path), 0, "", f"cannot be read: {exc.strerror}")]) from None
    with handle:
        try:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            missing = [name for name in required if name not in header]
            if missing:
                problems.add(1, "header", f"missing column(s): {', '.join(missing)}")
                problems.raise_if_any()
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                line = reader.line_num
                if len(values) > len(header):
                    problems.add(line, "", f"has {len(values)} fields, the header {len(header)}")
                    continue
                yield Row(line, dict(zip(header, values)), problems)
        except UnicodeDecodeError as exc:
            problems.add(reader.line_num + 1, "", f"is not UTF-8 ({exc.reason})")
        except csv.Error as exc:
            problems.add(reader.line_num, "", f"is not valid CSV ({exc})")


# --- tenancies ---------------------------------------------------------------------------------

TENANCY_COLUMNS = [
    "tenancy_ref",
    "start_date",
    "end_date",
    "monthly_rent",
    "service_costs",
    "payment_method",
    "collection_day",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality_code",
    "energy_label",
    "household_size",
    "tenant_initials",
    "tenant_prefix",
    "tenant_surname",
    "tenant_birth_date",
    "tenant_email",
    "tenant_phone",
    "tenant_iban",
]


def _read_tenancy(row: Row) -> dict | None:
    data = {
        "ref": row.get("tenancy_ref", f.tenancy_ref),
        "start_date": row.get("start_date", f.date_in_years, first=1900),
        "end_date": row.get("end_date", f.iso_date, required=False),
        "rent": row.get("monthly_rent", f.amount, positive=True),
        "service_costs": row.get("service_costs", f.amount, required=False),
        "payment_method": row.get("payment_method", f.choice, options=Tenancy.PaymentMethod.values),
        "collection_day": row.get("collection_day", f.integer, required=False),
        "street": row.get("street", f.text, max_length=100),
        "house_number": row.get("house_number", f.integer, minimum=1),
        "house_number_suffix": row.get("house_number_suffix", f.text, required=False, max_length=10),
        "postcode": row.get("postcode", f.postcode),
        "city": row.get("city", f.text, max_length=80),
        "municipality_code": row.get("municipality_code", f.municipality_code),
        "energy_label": row.get("energy_label", f.energy_label),
        "household_size": row.get("household_size", f.integer, minimum=1),
        "household_type": row.get("household_type", f.choice, options=Household.Kind.values, required=False),
        "initials": row.get("tenant_initials", f.text, max_length=20),
        "prefix": row.get("tenant_prefix", f.text, required=False, max_length=20),
        "surname": row.get("tenant_surname", f.text, max_length=100),
        "birth_date": row.get("tenant_birth_date", f.iso_date, required=False),
        "email": row.get("tenant_email", f.email),
        "phone": row.get("tenant_phone", f.phone),
        "iban": row.get("tenant_iban", f.iban),
        "mandate_id": row.get("mandate_id", f.text, required=False, max_length=35),
        "mandate_signed": row.get("mandate_signed", f.iso_date, required=False),
        # Optional: where letters go after the tenancy ended (the final bill), as on an envelope.
        "forwarding_address": row.get("forwarding_address", f.text, required=False, max_length=200),
    }
    if not row.ok:
        return None
    problems, line = row.problems, row.line
    if data["end_date"] and data["end_date"] < data["start_date"]:
        problems.add(line, "end_date", "is before start_date")
        return None
    day = data["collection_day"]
    if data["payment_method"] == Tenancy.PaymentMethod.DIRECT_DEBIT:
        if day not in Tenancy.COLLECTION_DAYS:
            problems.add(line, "collection_day", f"must be one of 1, 5, 10, 15, 20, 25 for a direct debit, not {day}")
            return None
        if not data["iban"]:
            problems.add(line, "tenant_iban", "is needed for a direct debit")
            return None
    elif day is not None and day not in Tenancy.COLLECTION_DAYS:
        problems.add(line, "collection_day", f"must be empty or one of 1, 5, 10, 15, 20, 25, not {day}")
        return None
    if data["mandate_id"] and not data["mandate_signed"]:
        problems.add(line, "mandate_signed", "is needed when mandate_id is given")
        return None
    return data


TENANCY_FIELDS = [
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "municipality_code",
    "start_date",
    "end_date",
    "payment_method",
    "collection_day",
    "energy_label",
    "forwarding_address",
]
TENANT_FIELDS = ["initials", "prefix", "surname", "birth_date", "email", "phone", "iban"]


@transaction.atomic
def import_tenancies(path: Path, *, effective: date | None = None) -> ImportResult:
    """Create or update tenancies. A changed rent on a known tenancy takes effect on `effective`
    (the day of the import unless given); a new tenancy's rent runs from its start date."""
    effective = effective or timezone.localdate()
    problems = Problems(path)
    rows: dict[str, tuple[int, dict]] = {}
    mandate_lines: dict[str, int] = {}
    for row in read_csv(path, TENANCY_COLUMNS, problems):
        data = _read_tenancy(row)
        if data is None:
            continue
        if data["ref"] in rows:
            problems.add(row.line, "tenancy_ref", f"{data['ref']!r} also appears on line {rows[data['ref']][0]}")
            continue
        if data["mandate_id"] in mandate_lines:  # a mandate is given for one tenancy (SEPA: unique per creditor)
            problems.add(
                row.line,
                "mandate_id",
                f"{data['mandate_id']!r} also appears on line {mandate_lines[data['mandate_id']]}",
            )
            continue
        if data["mandate_id"]:
            mandate_lines[data["mandate_id"]] = row.line
        rows[data["ref"]] = (row.line, data)
    problems.raise_if_any()

    existing = {t.ref: t for t in Tenancy.objects.filter(ref__in=list(rows)).select_related("tenant", "household")}
    mandates = {
        m.mandate_id: m
        for m in Mandate.objects.filter(mandate_id__in=[d["mandate_id"] for _, d in rows.values() if d["mandate_id"]])
    }
    result = ImportResult()
    new = [data for _, data in rows.values() if data["ref"] not in existing]
    _create_tenancies(new)
    result.created = len(new)
    for ref, tenancy in existing.items():
        line, data = rows[ref]
        if _update_tenancy(tenancy, data, effective):
            result.updated += 1
        else:
            result.unchanged += 1
    for line, data in rows.values():
        if data["mandate_id"]:
            _save_mandate(data, mandates.get(data["mandate_id"]), problems, line)
    problems.raise_if_any()
    return result


def _create_tenancies(new: list[dict]) -> None:
    households = Household.objects.bulk_create(
        Household(size=d["household_size"], kind=d["household_type"]) for d in new
    )
    tenants = Tenant.objects.bulk_create(
        Tenant(household=h, **{k: d[k] or "" if k != "birth_date" else d[k] for k in TENANT_FIELDS})
        for h, d in zip(households, new)
    )
    tenancies = Tenancy.objects.bulk_create(
        Tenancy(ref=d["ref"], household=h, tenant=t, **_tenancy_values(d)) for h, t, d in zip(households, tenants, new)
    )
    RentComponent.objects.bulk_create(
        RentComponent(tenancy=t, valid_from=d["start_date"], **_rent_values(d)) for t, d in zip(tenancies, new)
    )
    search.refresh(t.pk for t in tenancies)  # bulk_create sends no post_save


def _tenancy_values(d: dict) -> dict:
    values = {k: d[k] for k in TENANCY_FIELDS}
    values["house_number_suffix"] = values["house_number_suffix"] or ""
    values["forwarding_address"] = values["forwarding_address"] or ""
    return values


def _rent_values(d: dict) -> dict:
    service_costs = d["service_costs"] if d["service_costs"] is not None else ZERO
    return {"rent_cents": to_cents(d["rent"]), "service_costs_cents": to_cents(service_costs)}


def _changed(obj, values: dict) -> list[str]:
    names = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in names:
        setattr(obj, name, values[name])
    return names


def _update_tenancy(tenancy: Tenancy, d: dict, effective: date) -> bool:
    changed = _changed(tenancy, _tenancy_values(d))
    if changed:
        tenancy.save(update_fields=[*changed, "updated_at"])
    tenant_changed = _changed(tenancy.tenant, {k: d[k] if k == "birth_date" else d[k] or "" for k in TENANT_FIELDS})
    if tenant_changed:
        tenancy.tenant.save(update_fields=[*tenant_changed, "updated_at"])
    household_changed = _changed(tenancy.household, {"size": d["household_size"], "kind": d["household_type"]})
    if household_changed:
        tenancy.household.save(update_fields=household_changed)
    rent_changed = False
    current = tenancy.rent_on(max(effective, tenancy.start_date))
    wanted = _rent_values(d)
    if current is None or (current.rent_cents, current.service_costs_cents) != tuple(wanted.values()):
        RentComponent.objects.update_or_create(
            tenancy=tenancy, valid_from=max(effective, tenancy.start_date), defaults=wanted
        )
        rent_changed = True
    return bool(changed or tenant_changed or household_changed or rent_changed)


def _save_mandate(d: dict, mandate: Mandate | None, problems: Problems, line: int) -> None:
    tenancy = Tenancy.objects.get(ref=d["ref"])
    values = {"tenancy": tenancy, "signed_on": d["mandate_signed"], "iban": d["iban"]}
    if not d["iban"]:
        problems.add(line, "tenant_iban", "is needed when mandate_id is given")
    elif mandate is None:
        Mandate.objects.create(mandate_id=d["mandate_id"], **values)
    elif mandate.tenancy_id != tenancy.id:
        problems.add(line, "mandate_id", f"{d['mandate_id']!r} belongs to tenancy {mandate.tenancy.ref}")
    else:
        changed = _changed(mandate, values)
        if changed:
            mandate.save(update_fields=changed)


# --- ledger ------------------------------------------------------------------------------------

LEDGER_COLUMNS = ["tenancy_ref", "date", "kind", "amount", "external_id"]
KINDS = {k.value for k in ledger.Kind}


@transaction.atomic
def import_ledger(path: Path) -> ImportResult:
    """Book ledger lines. A line whose external_id is already booked with the same content is
    skipped; one booked with different content is an error (a correction is a new line)."""
    problems = Problems(path)
    tenancy_ids = dict(Tenancy.objects.values_list("ref", "id"))
    seen: dict[str, int] = {}
    result = ImportResult()
    chunk: list[tuple[int, tuple]] = []

    def flush():
        if chunk:
            _book_chunk(chunk, problems, result)
            chunk.clear()

    for row in read_csv(path, LEDGER_COLUMNS, problems):
        ref = row.get("tenancy_ref", f.tenancy_ref)
        day = row.get("date", f.iso_date)
        kind = row.get("kind", f.choice, options=KINDS)
        amount = row.get("amount", f.amount, positive=True)
        external_id = row.get("external_id", f.text, max_length=80)
        description = row.get("description", f.text, required=False, max_length=200)
        if not row.ok:
            continue
        if ref not in tenancy_ids:
            problems.add(row.line, "tenancy_ref", f"{ref!r} is not a known tenancy; import it first")
            continue
        if external_id in seen:
            problems.add(row.line, "external_id", f"{external_id!r} also appears on line {seen[external_id]}")
            continue
        seen[external_id] = row.line
        chunk.append((row.line, (tenancy_ids[ref], day, kind, to_cents(amount), external_id, description)))
        if len(chunk) >= CHUNK:
            flush()
    flush()
    problems.raise_if_any()
    return result


def _book_chunk(chunk: list[tuple[int, tuple]], problems: Problems, result: ImportResult) -> None:
    booked = _booked([values[4] for _, values in chunk])
    fresh = []
    for line, values in chunk:
        earlier = booked.get(values[4])
        if earlier is None:
            fresh.append(values)
        elif earlier == values[:4]:
            result.unchanged += 1
        else:
            problems.add(
                line,
                "external_id",
                f"{values[4]!r} is already booked with other content; book a correction as a new line",
            )
    if problems:
        return  # keep reading to report more, but book nothing
    insert_entries(fresh)
    result.created += len(fresh)


def _booked(external_ids: list[str]) -> dict[str, tuple]:
    """What is already booked under these ids: external_id -> (tenancy_id, date, kind, cents)."""
    table = LedgerEntry._meta.db_table
    if connection.vendor == "postgresql":
        where, params = "external_id = ANY(%s::varchar[])", [external_ids]  # one parameter, not thousands
    else:
        where, params = f"external_id IN ({', '.join(['%s'] * len(external_ids))})", external_ids
    rows = db.fetch(f"SELECT external_id, tenancy_id, date, kind, amount_cents FROM {table} WHERE {where}", params)
    return {row[0]: tuple(row[1:]) for row in rows}


ROWS_PER_INSERT = 200  # 1,400 parameters: well inside SQLite's limit of 32,766
ENTRY_COLUMNS = ["tenancy_id", "date", "kind", "amount_cents", "external_id", "description", "booked_at"]


def insert_entries(rows: list[tuple]) -> None:
    """Insert (tenancy_id, date, kind, amount_cents, external_id, description) rows in bulk.

    A million lines book in seconds this way, where model instances would take minutes:
    COPY on PostgreSQL; on SQLite, statements of ROWS_PER_INSERT rows each, because every
    statement that fires the LedgerTotals trigger keeps a statement journal of the pages it
    touches (one row per statement doubled the time of a large import).
    """
    now = timezone.now()
    db.insert_rows(
        LedgerEntry._meta.db_table, ENTRY_COLUMNS, [(*row, now) for row in rows], per_statement=ROWS_PER_INSERT
    )
