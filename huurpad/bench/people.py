"""People and addresses for the search benchmark (huurpad bench-search): the synthetic corporation
of synth.py gives every tenant the same street and a numbered name; here they get Dutch names
(the demo's common surnames for 40 %, a long tail of made-up ones for the rest), streets with
postcodes of about fifteen homes, phone numbers, e-mail addresses and IBANs written in the
notations an import brings, and `queries` writes searches the way an officer types them."""

import random

from django.db import connection, transaction

from huurpad.tenancies.models import Tenancy, Tenant
from huurpad.testing.names import BANK_CODES, INITIALS, STREET_KINDS, STREET_WORDS, SURNAMES

TAIL_ENDINGS = ["man", "stra", "sma", "ink", "ing", "er", "s", "huis", "veld", "kamp", "ma", "dijk", "berg", "hof"]
TAIL_STARTS = ["Hol", "Brink", "Wester", "Ooster", "Zuider", "Noord", "Hoog", "Laag", "Eik", "Beuk", "Linde", "Wil"]
TAIL_STARTS += ["Ham", "Kleij", "Zand", "Veen", "Heij", "Broek", "Kuip", "Molen", "Smed", "Bouw", "Wijn", "Hout"]
PHONE_NOTATIONS = [
    lambda d: f"06-{d}",
    lambda d: f"06 {d[:4]} {d[4:]}",
    lambda d: f"+31 6 {d}",
    lambda d: f"06{d}",
    lambda d: f"0031 6 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
]
HOMES_PER_POSTCODE = 15


def _streets() -> list[str]:
    return [word + kind for word in STREET_WORDS for kind in STREET_KINDS]


def _surnames() -> list[tuple[str, str]]:
    return [("", start + end.lower()) for start in TAIL_STARTS for end in TAIL_ENDINGS]


def fill(seed: int) -> int:
    """Names, contact details and addresses for every tenant and tenancy (ids as synth.py made them)."""
    rng = random.Random(seed)
    streets, tail = _streets(), _surnames()
    common = SURNAMES
    per_street: dict[str, int] = {}
    tenant_rows, tenancy_rows = [], []
    ids = list(Tenancy.objects.order_by("id").values_list("id", "tenant_id"))
    for tid, tenant_id in ids:
        prefix, surname = rng.choice(common) if rng.random() < 0.4 else rng.choice(tail)
        initials = ".".join(rng.choice(INITIALS) for _ in range(rng.choice((1, 1, 1, 2)))) + "."
        digits = f"{tenant_id:08d}"
        phone = rng.choice(PHONE_NOTATIONS)(digits) if tenant_id % 10 else f"010-{tenant_id % 10_000_000:07d}"
        email = f"{initials.replace('.', '').lower()}.{prefix.replace(' ', '')}{surname}{tenant_id}@Example.nl".lower()
        bank = BANK_CODES[tenant_id % len(BANK_CODES)]
        iban = f"NL{10 + tenant_id % 90:02d}{bank}{tenant_id:010d}"
        if rng.random() < 0.3:
            iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        tenant_rows.append((initials, prefix, surname, phone, email, iban, tenant_id))
        street_index = rng.randrange(len(streets))
        street = streets[street_index]
        number = per_street[street] = per_street.get(street, 0) + 1
        block = street_index * 100 + number // HOMES_PER_POSTCODE
        code = f"{1000 + block % 9000} {chr(65 + block // 9000 % 26)}{chr(65 + street_index % 26)}"
        suffix = rng.choice(("", "", "", "", "", "", "A", "B", "bis", "1"))
        tenancy_rows.append((street, number, suffix, code, tid))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Tenant._meta.db_table} SET initials = %s, prefix = %s, surname = %s, phone = %s, "
            "email = %s, iban = %s WHERE id = %s",
            tenant_rows,
        )
        cursor.executemany(
            f"UPDATE {Tenancy._meta.db_table} SET street = %s, house_number = %s, house_number_suffix = %s, "
            "postcode = %s WHERE id = %s",
            tenancy_rows,
        )
    return len(ids)


TYPED_PHONE = [
    lambda d: f"06{d}",
    lambda d: f"06-{d}",
    lambda d: f"06 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
    lambda d: f"+316{d}",
    lambda d: f"0031 6 {d}",
]


def queries(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text) pairs, round-robin over the kinds, for tenancies drawn at random; written
    otherwise than stored (case, spaces, notation), with a few that find no one."""
    rng = random.Random(seed + 1)
    ids = list(Tenancy.objects.values_list("id", flat=True))
    kinds = ["contract", "name", "street", "postcode", "phone", "email", "iban"]
    chosen = Tenancy.objects.select_related("tenant").in_bulk(rng.sample(ids, min(len(ids), count)))
    mix = []
    for i, tenancy in enumerate(chosen.values()):
        kind, tenant = kinds[i % len(kinds)], tenancy.tenant
        suffix = tenancy.house_number_suffix
        if kind == "contract":
            text = tenancy.ref.lower()
        elif kind == "name":
            surname = f"{tenant.prefix} {tenant.surname}".strip()
            text = rng.choice(
                [
                    f"{tenant.initials} {surname}",
                    surname.lower(),
                    tenant.surname,
                    f"{tenant.surname}, {tenant.initials}",
                ]
            )
        elif kind == "street":
            text = f"{tenancy.street.lower()} {tenancy.house_number}{('-' + suffix) if suffix else ''}"
        elif kind == "postcode":
            compact = tenancy.postcode.replace(" ", "")
            text = rng.choice(
                [f"{compact}{tenancy.house_number}", f"{tenancy.postcode.lower()} {tenancy.house_number}"]
            )
            text += f" {suffix}" if suffix else ""
        elif kind == "phone":
            digits = "".join(ch for ch in tenant.phone if ch.isdigit())[-8:]
            text = (
                rng.choice(TYPED_PHONE)(digits)
                if tenant.phone.replace(" ", "").startswith(("06", "+316", "00316"))
                else tenant.phone
            )
        elif kind == "email":
            text = tenant.email.upper()
        else:
            text = tenant.iban.replace(" ", "").lower()
        if i % 25 == 24:  # now and then someone who is not there
            text = {"name": "Zwartjesmeulen", "phone": "06 9999 9999", "email": "niemand@example.nl"}.get(
                kind, text + "9"
            )
        mix.append((kind, text))
    return mix
