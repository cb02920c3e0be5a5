"""Small import files for tests, written as text."""

TENANCY_HEADER = (
    "tenancy_ref,start_date,end_date,monthly_rent,service_costs,payment_method,collection_day,"
    "street,house_number,house_number_suffix,postcode,city,municipality_code,energy_label,"
    "household_size,tenant_initials,tenant_prefix,tenant_surname,tenant_birth_date,tenant_email,"
    "tenant_phone,tenant_iban,mandate_id,mandate_signed"
)


def tenancy_line(ref="HC001", **changes) -> str:
    values = {
        "tenancy_ref": ref,
        "start_date": "2020-01-01",
        "end_date": "",
        "monthly_rent": "650.00",
        "service_costs": "50.00",
        "payment_method": "transfer",
        "collection_day": "",
        "street": "Lindelaan",
        "house_number": "12",
        "house_number_suffix": "",
        "postcode": "1234 AB",
        "city": "Lindestad",
        "municipality_code": "GM0363",
        "energy_label": "C",
        "household_size": "2",
        "tenant_initials": "A.B.",
        "tenant_prefix": "van",
        "tenant_surname": "Dijk",
        "tenant_birth_date": "1980-05-17",
        "tenant_email": "a.vandijk@example.nl",
        "tenant_phone": "06-12345678",
        "tenant_iban": "NL91ABNA0417164300",
        "mandate_id": "",
        "mandate_signed": "",
    }
    unknown = set(changes) - set(values)
    assert not unknown, unknown
    values.update(changes)
    return ",".join(values.values())


def write(tmp_path, name: str, *lines: str):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tenancies_csv(tmp_path, *lines: str, name="tenancies.csv"):
    return write(tmp_path, name, TENANCY_HEADER, *lines)


def ledger_csv(tmp_path, text: str, name="ledger.csv"):
    """Lines like 'HC001 2026-01-01 rent 650.00 r1' become CSV rows."""
    rows = [",".join(line.split()) for line in text.strip().splitlines() if line.strip()]
    return write(tmp_path, name, "tenancy_ref,date,kind,amount,external_id", *rows)
