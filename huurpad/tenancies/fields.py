"""Reading the fields of import files. Each reader raises FieldError with a plain reason."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from huurpad.core.money import AmountError, parse_amount


class FieldError(ValueError):
    pass


def text(value: str, *, required: bool = True, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FieldError("is empty")
    if "\x00" in value:  # PostgreSQL stores no NUL character in text
        raise FieldError("holds a NUL character")
    if len(value) > max_length:
        raise FieldError(f"is longer than {max_length} characters")
    return value


# A contract number (tenancy_ref): it is part of every tenancy page's address, so only letters,
# digits, '-', '_' and '.', starting with a letter or digit, at most REF_MAX_LENGTH characters.
# The one rule for the imports (tenancies, ledger, events) and the model (Tenancy.clean).
REF_MAX_LENGTH = 40
REF_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def tenancy_ref(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise FieldError("is empty")
    if len(value) > REF_MAX_LENGTH:
        raise FieldError(f"is longer than {REF_MAX_LENGTH} characters")
    if not REF_SHAPE.fullmatch(value):
        raise FieldError(
            f"{value!r} may hold only letters, digits, '-', '_' and '.', and starts with a letter or digit"
        )
    return value


def iso_date(value: str, *, required: bool = True) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise FieldError("is empty; expected a date like 2026-01-31")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"{value!r} is not a date like 2026-01-31") from None


def date_in_years(value: str, *, required: bool = True, first: int = 2000, last: int = 2100) -> date | None:
    """A date from `first` to `last` (years): what a municipality reports about a signal, or the
    start of a tenancy. Dates such as 9999-12-31 would overflow the days counted from them (a
    pause's review date, a segment's end)."""
    result = iso_date(value, required=required)
    if result is not None and not first <= result.year <= last:
        raise FieldError(f"{value.strip()!r} is not a date between {first} and {last}")
    return result


def amount(value: str, *, required: bool = True, positive: bool = False) -> Decimal | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise FieldError("is empty; expected an amount like 650.00")
        return None
    try:
        result = parse_amount(value)
    except AmountError as exc:
        raise FieldError(str(exc)) from None
    if positive and result <= 0:
        raise FieldError(f"{value!r} must be more than 0.00")
    return result


def integer(value: str, *, required: bool = True, minimum: int | None = None) -> int | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise FieldError("is empty; expected a whole number")
        return None
    if not re.fullmatch(r"\d{1,9}", value):
        raise FieldError(f"{value!r} is not a whole number")
    result = int(value)
    if minimum is not None and result < minimum:
        raise FieldError(f"{value!r} is less than {minimum}")
    return result


def choice(value: str, options, *, required: bool = True) -> str:
    value = (value or "").strip()
    if not value and not required:
        return ""
    if value not in options:
        raise FieldError(f"{value!r} is not one of {', '.join(sorted(map(str, options)))}")
    return value


def postcode(value: str) -> str:
    compact = (value or "").replace(" ", "").upper()
    if not re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact):
        raise FieldError(f"{value!r} is not a Dutch postcode like 1234 AB")
    return f"{compact[:4]} {compact[4:]}"


def municipality_code(value: str) -> str:
    """CBS municipality code, stored as 'GM' and four digits; '363' and '0363' are read too."""
    compact = (value or "").strip().upper().removeprefix("GM")
    if not re.fullmatch(r"\d{1,4}", compact):
        raise FieldError(f"{value!r} is not a CBS municipality code like GM0363")
    return f"GM{int(compact):04d}"


ENERGY_LABELS = {"A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"}


def energy_label(value: str) -> str:
    value = (value or "").strip().upper()
    if value and value not in ENERGY_LABELS:
        raise FieldError(f"{value!r} is not an energy label (A++++ to G)")
    return value


def iban(value: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise FieldError("is empty; expected an IBAN")
        return ""
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise FieldError(f"{value!r} is not a valid IBAN ({exc})") from None


def email(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise FieldError(f"{value!r} is not an e-mail address") from None
    return value


def phone(value: str) -> str:
    value = (value or "").strip()
    if value and not re.fullmatch(r"\+?[\d\s\-()]{6,20}", value):
        raise FieldError(f"{value!r} is not a phone number")
    return value


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError(f"{value!r} must be true or false")
