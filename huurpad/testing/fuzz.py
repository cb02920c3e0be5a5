"""Structured mutations of valid import files, for the fuzz tests of every file reader: missing and
extra columns, wrong types, bad dates, huge numbers, odd encodings and a BOM, quotes, formula
cells, slashes in refs, truncated lines. Each test keeps its files tiny and rolls the database
back after every example, so that a thousand examples stay cheap."""

import csv
import io
import json
from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

# Every fuzz test: 1,000 generated inputs, no deadline (the machine is shared), and the database
# fixtures kept across examples (each example rolls back what it wrote).
FUZZ = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

NASTY = [
    "",
    " ",
    "abc",
    "0",
    "-1",
    "1",
    "31",
    "9" * 30,
    "1e309",
    "NaN",
    "Infinity",
    "-0.00",
    "650,00",
    "€ 650",
    "1.234,56",
    "0.001",
    "650.00",
    " 650.00 ",
    "2026-13-45",
    "2026-02-30",
    "31-12-2026",
    "2026-1-1",
    "0000-01-01",
    "9999-12-31",
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t",
    "\r",
    "\n",
    "A/B",
    "HC 1",
    "<b>x</b>",
    '"',
    "'",
    '""',
    "\x00",
    "é",
    "\ufeff",
    "ＨＣ１",
    "𝟙",
    "\ud7ff",
    "\ud800",
    "HC001",
    "transfer",
    "direct_debit",
    "GM0363",
    "0363",
    "true",
    "false",
    "null",
    "rent",
    "payment",
    ";",
    ",",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


@st.composite
def table(draw, header: list[str], rows: list[list[str]]):
    """A CSV table (header and rows of text) mutated a few times from a valid one."""
    header, rows = list(header), [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(
            st.sampled_from(
                [
                    "set",
                    "set",
                    "set",
                    "drop_column",
                    "rename_column",
                    "extra_column",
                    "extra_field",
                    "missing_field",
                    "duplicate_row",
                    "drop_row",
                    "blank_row",
                ]
            )
        )
        row = draw(st.integers(0, max(len(rows) - 1, 0)))
        if op == "set" and rows and rows[row]:
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(values)
        elif op == "drop_column" and header:
            col = draw(st.integers(0, len(header) - 1))
            header.pop(col)
            for r in rows:
                if col < len(r):
                    r.pop(col)
        elif op == "rename_column" and header:
            header[draw(st.integers(0, len(header) - 1))] = draw(values)
        elif op == "extra_column":
            header.append(draw(values))
            for r in rows:
                r.append(draw(values))
        elif op == "extra_field" and rows:
            rows[row].append(draw(values))
        elif op == "missing_field" and rows and rows[row]:
            rows[row].pop()
        elif op == "duplicate_row" and rows:
            rows.insert(row, list(rows[row]))
        elif op == "drop_row" and rows:
            rows.pop(row)
        elif op == "blank_row":
            rows.insert(row, [])
    return header, rows


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def file_bytes(draw, text: str) -> bytes:
    """The file as bytes, perhaps with a BOM, in another encoding, with CRLF, truncated, or with a
    stray byte inserted."""
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
    data = (
        text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", errors="surrogatepass")
    )
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]  # truncated, perhaps inside a line or a character
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b'"', b"\xff", b"\x00", b"\r", b"\n", b",", b"\xc3", b"\xef\xbb\xbf"]))
            + data[at:]
        )
    return data


@st.composite
def json_lines(draw, objects: list[dict]):
    """JSON Lines from valid objects: values of other types, keys missing or added, a line cut off,
    not JSON at all, or not an object."""
    objects = [dict(o) for o in objects]
    odd = st.one_of(
        values,
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
    lines = []
    for o in objects:
        for _ in range(draw(st.integers(0, 2))):
            op = draw(st.sampled_from(["set", "drop", "add"]))
            if op == "set" and o:
                o[draw(st.sampled_from(sorted(o)))] = draw(odd)
            elif op == "drop" and o:
                o.pop(draw(st.sampled_from(sorted(o))))
            elif op == "add":
                o[draw(st.text(max_size=8))] = draw(odd)
        line = json.dumps(o, ensure_ascii=draw(st.booleans()))
        shape = draw(st.sampled_from(["object"] * 6 + ["cut", "array", "text", "blank", "nested"]))
        if shape == "cut":
            line = line[: draw(st.integers(0, len(line)))]
        elif shape == "array":
            line = json.dumps([o])
        elif shape == "text":
            line = draw(values)
        elif shape == "blank":
            line = ""
        elif shape == "nested":
            line = "[" * 2000 + "]" * 2000
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextmanager
def rolled_back():
    """One example's writes, undone afterwards (a savepoint inside the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_names_lines(exc, path) -> None:
    """A refused file: every problem names the file and a line (1 is the header)."""
    assert exc.problems, exc
    for problem in exc.problems:
        assert problem.path == str(path) and problem.line >= 1, problem
        assert f"{path}:{problem.line}: " in str(exc)


def import_or_refuse(read, path, data: bytes, count, imported=lambda result: None) -> None:
    """Write `data` to `path` and import it with `read`, rolled back afterwards: imported, then
    `imported(result)` checks what was written; refused (ImportFailed), then every problem names
    file and line and `count()` is what it was before."""
    from huurpad.imports import ImportFailed

    path.write_bytes(data)
    with rolled_back():
        before = count()
        try:
            result = read(path)
        except ImportFailed as exc:
            event("refused")
            assert_names_lines(exc, path)
            assert count() == before
        else:
            event("imported")
            imported(result)
