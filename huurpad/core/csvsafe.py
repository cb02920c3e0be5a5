"""Cells for CSV files that people open in a spreadsheet (OWASP 'CSV injection').

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets: `=HYPERLINK(...)` in a tenant's name would become a link
in the municipality's spreadsheet. Such a cell gets a single quote in front, which spreadsheets
show as text. Decide per column: free text (names, street, remarks) always goes through `text`;
a number we format ourselves (an amount like -12.50, a date, true/false) goes through `number`,
which leaves a plain number alone so that systems reading the file still get the number.
"""

import re
from collections.abc import Iterable, Mapping

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number as we write it: an optional sign, digits, an optional decimal part. Nothing that
# a spreadsheet could evaluate beyond the number itself ('-2+3' is not one).
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# A phone number as the imports accept it, when it holds only digits and spaces: '+31 6 12345678'.
PLAIN_PHONE = re.compile(r"\+?\d[\d ]*")


def text(value) -> str:
    """A free-text cell: neutralised when it starts like a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(TRIGGERS) else value


def number(value, shape: re.Pattern = PLAIN_NUMBER) -> str:
    """A cell we wrote as a number (amount, count, date, true/false): left as it is when it has the
    plain `shape` or does not start like a formula; neutralised otherwise."""
    value = "" if value is None else str(value)
    return value if shape.fullmatch(value) else text(value)


def phone(value) -> str:
    return number(value, PLAIN_PHONE)


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def one_line(value: str) -> str:
    """A line break inside a cell as a space: Python's csv module does not quote a lone CR when
    lines end in LF, so a CR in a name would split the record for whoever reads the file."""
    return LINE_BREAK.sub(" ", value)


def row(values: Mapping, numeric: Iterable[str] = (), phones: Iterable[str] = ()) -> dict:
    """A row of one-line cells for csv.DictWriter: the `numeric` columns through `number`, the
    `phones` through `phone`, every other column through `text`."""
    numeric, phones = set(numeric), set(phones)
    return {
        key: one_line(number(value) if key in numeric else phone(value) if key in phones else text(value))
        for key, value in values.items()
    }
