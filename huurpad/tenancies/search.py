"""Finding households: the search keys of every tenancy (SearchKeys), kept in step with the
tenancy and its tenant, and the lookups a query (core/search.py:parse) turns into.

`refresh` is the one writer of SearchKeys. Saving a Tenant or Tenancy through the ORM calls it
(apps.py connects `saved`); code that writes these tables another way (the import's bulk insert,
anonymising with update(), the bench's COPY) calls it itself with the tenancies it touched."""

from collections.abc import Iterable

from django.db import transaction

from huurpad.core import search
from huurpad.db import chunks

from .models import SearchKeys, Tenancy, Tenant

LIMIT = 20  # results a page shows (enough to pick the caller; no more personal data than that): more asks for a precise query

# The fields a key is made of: a save that changes none of them leaves the keys alone.
TENANT_FIELDS = frozenset({"initials", "prefix", "surname", "phone", "email", "iban"})
TENANCY_FIELDS = frozenset({"ref", "tenant", "tenant_id", "street", "house_number", "house_number_suffix", "postcode"})

COLUMNS = (
    "id",
    "ref",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "tenant__initials",
    "tenant__prefix",
    "tenant__surname",
    "tenant__phone",
    "tenant__email",
    "tenant__iban",
)


def keys(row: dict) -> SearchKeys:
    """The search keys of one tenancy, from its row (COLUMNS)."""
    surname, full_name = search.name_keys(row["tenant__prefix"], row["tenant__surname"])
    return SearchKeys(
        tenancy_id=row["id"],
        contract=search.contract(row["ref"])[:40],
        surname=surname[:120],
        full_name=full_name[:140],
        initials=search.initials(row["tenant__initials"])[:20],
        street=search.street(row["street"])[:120],
        postcode=search.postcode(row["postcode"]),
        house_number=row["house_number"],
        suffix=search.suffix(row["house_number_suffix"])[:10],
        phone=search.phone(row["tenant__phone"])[:30],
        email=search.email(row["tenant__email"])[:254],
        iban=search.iban(row["tenant__iban"])[:34],
    )


UPDATED = [f.name for f in SearchKeys._meta.concrete_fields if not f.primary_key]


def refresh(tenancy_ids: Iterable[int] | None = None) -> int:
    """Make the search keys of these tenancies (all, without ids) match their rows. Returns how
    many were written."""
    written = 0
    parts = [None] if tenancy_ids is None else chunks(sorted(set(tenancy_ids)))
    with transaction.atomic():
        for part in parts:
            rows = Tenancy.objects.order_by("id").values(*COLUMNS)
            if part is not None:
                rows = rows.filter(id__in=part)
            batch = []
            for row in rows.iterator(chunk_size=5000):
                batch.append(keys(row))
                if len(batch) >= 5000:
                    written += _write(batch)
                    batch = []
            written += _write(batch)
    return written


def _write(batch: list[SearchKeys]) -> int:
    if batch:
        SearchKeys.objects.bulk_create(batch, update_conflicts=True, unique_fields=["tenancy"], update_fields=UPDATED)
    return len(batch)


def saved(sender, instance, update_fields=None, raw=False, **kwargs):
    """post_save of Tenant and Tenancy: their keys again, unless the save touched no key field."""
    if raw:
        return  # loading fixtures: the keys come with them or by a refresh
    watched = TENANT_FIELDS if sender is Tenant else TENANCY_FIELDS
    if update_fields is not None and not (set(update_fields) & watched):
        return
    if sender is Tenant:
        refresh(Tenancy.objects.filter(tenant_id=instance.pk).values_list("id", flat=True))
    else:
        refresh([instance.pk])


def _prefix(column: str, value: str) -> dict:
    """A prefix of a key as a range, which uses the column's plain index in any collation."""
    end = search.after(value)
    return {f"{column}__gte": value, **({f"{column}__lt": end} if end else {})}


def find(query: search.Query, within=None, limit: int = LIMIT) -> list[int]:
    """The tenancies a query finds (their ids, at most `limit` + 1, so a caller knows there are
    more), optionally only among `within` (a queryset of tenancy ids: a partner's referrals)."""
    rows = SearchKeys.objects.all()
    if query.kind == "contract":
        rows = rows.filter(contract=query.key)
    elif query.kind in ("phone", "email", "iban"):
        rows = rows.filter(**{query.kind: query.key})
    elif query.kind == "postcode":
        rows = rows.filter(postcode=query.postcode)
        if query.number is not None:
            rows = rows.filter(house_number=query.number)
    elif query.kind == "street":
        rows = rows.filter(**_prefix("street", query.street), house_number=query.number)
    elif query.kind == "name":
        rows = rows.filter(**_prefix("full_name" if query.full else "surname", query.surname))
        if query.initials:
            rows = rows.filter(**_prefix("initials", query.initials))
    else:
        return []
    if query.suffix and query.kind in ("postcode", "street"):
        rows = rows.filter(suffix=query.suffix)
    if within is not None:
        rows = rows.filter(tenancy_id__in=within)
    order = {
        "name": ("surname", "initials", "tenancy_id"),
        "street": ("street", "house_number", "suffix", "tenancy_id"),
        "postcode": ("house_number", "suffix", "tenancy_id"),
    }.get(query.kind, ("tenancy_id",))
    return list(rows.order_by(*order).values_list("tenancy_id", flat=True)[: limit + 1])
