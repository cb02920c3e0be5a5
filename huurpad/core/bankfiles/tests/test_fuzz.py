"""Fuzzing the bank readers: whatever a bank, a transfer or a person does to a valid file, it is
read, or refused with a BankFileError that names the file and the line (and the field where it
can); never any other exception.

The inputs are structured mutations of our fixtures in each bank's layout: cut at any point,
lines dropped, duplicated, swapped or wrapped, amounts, dates and signs changed, random bytes
put in, other encodings. No database here (huurpad/bank/tests/test_incomplete_files.py checks
that a refused file writes nothing)."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.core.bankfiles import BankFileError, camt053, mt940, read

from .test_mt940 import FILES

MT940 = sorted(path.name for path in FILES.glob("*.mt940"))
CAMT = sorted(path.name for path in FILES.glob("*.xml"))
AMOUNT = {"mt940": re.compile(rb"\d+,\d*"), "camt": re.compile(rb"\d+\.\d\d")}
DATE = {"mt940": re.compile(rb"(?<=:)\d{6}|(?<=\n:61:)\d{10}|\d{6}(?=[CD]\d)"), "camt": re.compile(rb"\d{4}-\d\d-\d\d")}
# The debit/credit mark of a balance or an entry, and what it becomes.
SIGN = {
    "mt940": re.compile(rb"(?:^:6[02][FM]?:|^:61:\d{6}(?:\d{4})?)(R?[CD])", re.MULTILINE),
    "camt": re.compile(rb"<CdtDbtInd>(\w+)<"),
}
FLIP = {b"C": b"D", b"D": b"C", b"RC": b"D", b"RD": b"RC", b"CRDT": b"DBIT", b"DBIT": b"CRDT"}
ENCODINGS = ["utf-8", "latin-1", "cp1252", "utf-16", "utf-16-be", "utf-8-sig", "ascii"]

edit = st.tuples(
    st.sampled_from(["cut", "drop", "duplicate", "swap", "wrap", "amount", "date", "sign", "bytes", "encoding"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.binary(max_size=8),
    st.sampled_from(["0", "1", "0,", "9,99", "12345678901234567890", "-5", "1.5", "7,5", "00,01", "", " ", "1e3", "٣"]),
    st.sampled_from(ENCODINGS),
)


def mutate(data: bytes, kind: str, edits: list) -> bytes:
    """The file with each edit applied in turn."""
    for what, where, other, junk, number, encoding in edits:
        lines = data.splitlines(keepends=True) or [b""]
        line, second = int(where * (len(lines) - 1)), int(other * (len(lines) - 1))
        if what == "cut":
            data = data[: int(where * len(data))]
        elif what == "drop":
            del lines[line]
            data = b"".join(lines)
        elif what == "duplicate":
            lines.insert(second, lines[line])
            data = b"".join(lines)
        elif what == "swap":
            lines[line], lines[second] = lines[second], lines[line]
            data = b"".join(lines)
        elif what == "wrap":  # a bank or a mail program breaks a line somewhere
            text = lines[line]
            at = int(other * len(text))
            lines[line] = text[:at] + b"\n" + text[at:]
            data = b"".join(lines)
        elif what in ("amount", "date"):
            found = list((AMOUNT if what == "amount" else DATE)[kind].finditer(data))
            if found:
                hit = found[int(where * (len(found) - 1))]
                value = number.encode() if what == "amount" else _other_date(hit.group(), other)
                data = data[: hit.start()] + value + data[hit.end() :]
        elif what == "sign":
            found = list(SIGN[kind].finditer(data))
            if found:
                hit = found[int(where * (len(found) - 1))]
                data = data[: hit.start(1)] + FLIP.get(hit.group(1), b"C") + data[hit.end(1) :]
        elif what == "bytes":
            at = int(where * len(data))
            data = data[:at] + junk + data[at + int(other * 3) :]
        else:  # the same text in another encoding (what cannot be written in it is replaced)
            data = data.decode("utf-8", errors="replace").encode(encoding, errors="replace")
    return data


def _other_date(found: bytes, other: float) -> bytes:
    """A date of the same shape, shifted or impossible (30 February, month 13, day 00)."""
    digits = [b"0230", b"1301", b"0000", b"1231", b"0229", b"0101"][int(other * 5)]
    if b"-" in found:  # 2026-11-03
        return found[:5] + digits[:2] + b"-" + digits[2:]
    return found[:2] + digits + found[6:]


def check(data: bytes, name: str, module) -> None:
    try:
        statements = module.extract(data, name) if module.identify(data) else read(data, name)
    except BankFileError as refused:
        assert refused.name == name
        assert re.fullmatch(r"line \d+( \(.+\))?", refused.where), refused.where
        assert refused.problem
        return
    for statement in statements:
        for t in statement.transactions:
            assert t.amount >= 0 and t.amount == t.amount.quantize(Decimal("0.01"))
            assert t.credit_debit in ("CRDT", "DBIT")


@settings(max_examples=1000, deadline=None)
@given(name=st.sampled_from(MT940), edits=st.lists(edit, min_size=1, max_size=4))
def test_the_mt940_reader_reads_or_refuses_every_mutation_of_a_bank_file(name, edits):
    check(mutate((FILES / name).read_bytes(), "mt940", edits), name, mt940)


@settings(max_examples=1000, deadline=None)
@given(name=st.sampled_from(CAMT), edits=st.lists(edit, min_size=1, max_size=4))
def test_the_camt053_reader_reads_or_refuses_every_mutation_of_a_bank_file(name, edits):
    check(mutate((FILES / name).read_bytes(), "camt", edits), name, camt053)


def test_the_mutations_change_what_they_say():
    """The fuzzing is only as good as its edits: each one changes a file."""
    data = (FILES / "knab.mt940").read_bytes()
    for what in ("cut", "drop", "duplicate", "swap", "wrap", "amount", "date", "sign", "bytes", "encoding"):
        assert mutate(data, "mt940", [(what, 0.5, 0.9, b"\x00\xff", "1", "utf-16")]) != data, what
    camt = (FILES / "bng.camt053.001.08.xml").read_bytes()
    assert b"2026-02-30" in mutate(camt, "camt", [("date", 0.5, 0.0, b"", "1", "ascii")])
    assert b"DBIT" in mutate(b"<CdtDbtInd>CRDT</CdtDbtInd>", "camt", [("sign", 0.0, 0.0, b"", "1", "ascii")])


def test_a_compressed_file_is_refused_not_unpacked():
    import gzip
    import io
    import zipfile

    data = (FILES / "bng.camt053.001.08.xml").read_bytes()
    archives = [gzip.compress(data)]
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", compression=method) as archive:
            archive.writestr("bng.xml", data)
        archives.append(packed.getvalue())
    problems = []
    for compressed in archives:
        with pytest.raises(BankFileError) as refused:
            read(compressed, "bng.zip")
        problems.append((refused.value.where, refused.value.problem.split(":")[0]))
    # Stored without compression the XML shows through, and it does not start the file.
    assert problems == [
        ("line 1", "not a CAMT.053 or MT940 statement"),
        ("line 1", "not well-formed XML (the file is cut off or damaged)"),
        ("line 1", "not a CAMT.053 or MT940 statement"),
    ]
