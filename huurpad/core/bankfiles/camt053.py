"""CAMT.053 (ISO 20022 BankToCustomerStatement), versions .001.02 to .001.14.

Read with care: the file comes from outside. A document type declaration (the carrier of
external entities and of entity-expansion bombs) is refused wherever it stands: the bytes are
searched for one before parsing, and the parsed document must have none (for an encoding the
search cannot read). The parser loads no DTD, resolves no entities, reads nothing from the
network and keeps libxml2's size limits; the document is validated against the ISO schema of its
own version (xsd/) before a single field is read. Every lxml error becomes a BankFileError that
names the file and the line.

What Dutch banks do, and what is kept:
- Only booked entries (Sts BOOK) count; pending or information-only entries are left out.
- An entry with several transaction details (a batch of our own direct debits, credited as one
  amount) is split into its transactions; a batch entry without details keeps its PmtInfId and
  number of transactions, and the importer splits it by the batch Huurpad sent.
- A returned or refused direct debit is a debit entry with return information (RtrInf, reason
  code AM04, MD06, ...); a bank that corrects its own booking sets the reversal indicator.
- The counterparty is the debtor for money in and the creditor for money out, unless that party
  is the statement's own account: a returned direct debit keeps the roles of the debit (the
  tenant the debtor, the corporation the creditor), so there the tenant is the other side.
- From version .07 on, the status is a code (Sts/Cd) and the party's name sits one level deeper
  (Pty/Nm); from .03 on, each transaction carries its own amount (Amt) besides AmtDtls.
"""

import re
from collections import namedtuple
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from . import BankFileError, Statement, Transaction, check_balance

NAMESPACE = re.compile(rb'xmlns(?::\w+)?="urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)"')
ROOT = re.compile(r"\{urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)\}Document")
XSD = Path(__file__).with_name("xsd")  # the ISO schemas; camt053.xsl lies beside it
PROLOG = 4096  # identify: the namespace of the root element comes within the first few kilobytes
# A document type declaration, in the encodings a bank file comes in (UTF-8 and other ASCII
# supersets, UTF-16 both ways). The parsed document is checked as well.
DECLARATIONS = [
    word.encode(encoding) for word in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
]
REFUSED = "a document type declaration (DOCTYPE or ENTITY) is not allowed in a bank file"


def identify(data: bytes) -> bool:
    return NAMESPACE.search(data[:PROLOG]) is not None


# The fields of each transaction line camt053.xsl writes, in order.
Row = namedtuple(
    "Row",
    (
        "kind",
        "amount",
        "currency",
        "side",
        "reversal",
        "booked",
        "value",
        "entry_ref",
        "batch_id",
        "batch_count",
        "tx_amount",
        "tx_side",
        "end_to_end_id",
        "mandate_id",
        "tx_ref",
        "tx_batch_id",
        "debtor",
        "debtor_iban",
        "creditor",
        "creditor_iban",
        "remittance",
        "reference",
        "return_reason",
    ),
)


def extract(data: bytes, name: str) -> list[Statement]:
    document = _parse(data, name)
    version = _version(document, name)
    schema = _schema(version)
    try:
        valid = schema.validate(document)
    except etree.LxmlError as exc:  # libxml2 gave up on the document: say so, never a traceback
        raise BankFileError(
            name, _line(exc, 1), f"cannot be checked against the camt.053.001.{version} schema: {_plain(str(exc))}"
        ) from None
    if not valid:
        error = schema.error_log[0]
        raise BankFileError(
            name, f"line {error.line}", f"does not match the camt.053.001.{version} schema: {_plain(error.message)}"
        )
    for amount in document.iter(f"{{urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}}}Amt"):
        if amount.get("Ccy") != "EUR":
            raise BankFileError(
                name, f"line {amount.sourceline}", f"Amt: only euro amounts are read, not {amount.get('Ccy')}"
            )
    try:
        flat = str(_flatten(version)(document))
    except etree.LxmlError as exc:
        raise BankFileError(name, _line(exc, 1), f"cannot be read: {_plain(str(exc))}") from None
    statements: list[Statement] = []
    balances: list[list] = []  # per statement: [opening, closing, credits minus debits]
    for line in flat.splitlines():
        if line.startswith("S\t"):
            _, statement_id, iban, *balance = line.split("\t")
            statements.append(Statement(account_iban=iban, statement_id=statement_id, format=f"camt.053.001.{version}"))
            balances.append([_signed(*balance[:2]), _signed(*balance[2:]), Decimal(0)])
        else:
            row = Row(*line.split("\t"))
            if row.kind in ("E", "T1"):  # each booked entry once, with its own amount
                balances[-1][2] += Decimal(row.amount) if row.side == "CRDT" else -Decimal(row.amount)
            try:
                statements[-1].transactions.append(_transaction(row, statements[-1].account_iban))
            except _NoDate as exc:  # the schema allows years before 1 and after 9999; Python does not
                raise BankFileError(
                    name, _line_of(document, exc.value), f"{exc.field}: {exc.value!r} is not a date we can read"
                ) from None
    for number, (statement, (opening, closing, moved)) in enumerate(zip(statements, balances, strict=True)):
        if closing is None:
            problem = f"statement {statement.statement_id} has no closing balance (Bal CLBD): the file is cut off or incomplete"
            raise BankFileError(name, _statement_line(document, number), problem)
        if opening is None:
            problem = f"statement {statement.statement_id} has no opening balance (Bal OPBD or PRCD)"
            raise BankFileError(name, _statement_line(document, number), problem)
        if opening + moved != closing:  # only then look for the statement's line
            check_balance(statement.statement_id, opening, moved, closing, name, _statement_line(document, number))
    return statements


def _signed(amount: str, side: str) -> Decimal | None:
    """A balance from the file: its amount, negative when it is a debit balance; None if absent."""
    if not amount:
        return None
    return -Decimal(amount) if side == "DBIT" else Decimal(amount)


def _statement_line(document, number: int) -> str:
    """Where the number-th statement (Stmt) starts (only asked when something is wrong: it walks
    the document)."""
    for index, element in enumerate(document.iter("{*}Stmt")):
        if index == number:
            return f"line {element.sourceline} (Stmt)"
    return "line 1"


class _NoDate(ValueError):
    def __init__(self, field: str, value: str):
        super().__init__(field, value)
        self.field, self.value = field, value


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise _NoDate(field, value) from None


def _line_of(document, text: str) -> str:
    """The line of the first date element holding `text` (only when something is wrong)."""
    for element in document.iter("{*}Dt", "{*}DtTm"):
        if (element.text or "").strip() == text:
            return f"line {element.sourceline}"
    return "line 1"


def _transaction(row: Row, account: str) -> Transaction:
    split = row.kind.startswith("T")  # 'T<n>': the n-th of several transactions in one entry
    side = (split and row.tx_side) or row.side
    reference = row.tx_ref
    if split and not reference and row.entry_ref:
        reference = f"{row.entry_ref}/{row.kind[1:]}"
    described = row.tx_amount or row.end_to_end_id or row.debtor or row.creditor
    # The other side: the debtor of money in, the creditor of money out; but a returned direct
    # debit keeps the roles of the debit (the tenant the debtor, the corporation the creditor).
    party = (row.debtor, row.debtor_iban) if side == "CRDT" else (row.creditor, row.creditor_iban)
    other = (row.creditor, row.creditor_iban) if side == "CRDT" else (row.debtor, row.debtor_iban)
    if party[1].replace(" ", "") == account and other[0] + other[1]:
        party = other
    return Transaction(
        booking_date=_day(row.booked, "BookgDt"),
        value_date=_day(row.value, "ValDt") if row.value else _day(row.booked, "BookgDt"),
        amount=Decimal(row.tx_amount if split and row.tx_amount else row.amount),
        credit_debit=side,
        reversal=row.reversal.lower() == "true",
        return_reason=row.return_reason or None,
        end_to_end_id=_none(row.end_to_end_id),
        mandate_id=row.mandate_id,
        counterparty_name=party[0],
        counterparty_iban=party[1],
        remittance=row.remittance.strip(),
        structured_reference=row.reference,
        batch_id=row.batch_id or row.tx_batch_id,
        bank_reference=reference if split else (row.entry_ref or reference),
        # A batch entry without its transactions: the importer splits it.
        batch_count=int(row.batch_count or 1) if not split and not described else 1,
    )


@cache
def _flatten(version: str) -> etree.XSLT:
    text = XSD.with_name("camt053.xsl").read_text().replace("{version}", version)
    return etree.XSLT(etree.XML(text.encode()))


def _version(document, name: str) -> str:
    root = document.getroot()
    found = ROOT.fullmatch(root.tag) if isinstance(root.tag, str) else None
    if found is None:
        raise BankFileError(name, f"line {root.sourceline}", f"{_plain(str(root.tag))}: not a camt.053 document")
    version = found.group(1)
    if not (XSD / f"camt.053.001.{version}.xsd").exists():
        raise BankFileError(
            name, f"line {root.sourceline}", f"camt.053.001.{version} is not supported (from .001.02 to .001.14)"
        )
    return version


def _parse(data: bytes, name: str):
    """The document, parsed without a DTD, entities or the network; refused if it has a DTD."""
    found = [at for word in DECLARATIONS if (at := data.find(word)) >= 0]
    if found:
        line = data[: min(found)].count(b"\n") + 1
        raise BankFileError(name, f"line {line}", REFUSED)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        document = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise BankFileError(
            name, f"line {exc.lineno}", f"not well-formed XML (the file is cut off or damaged): {_plain(exc.msg)}"
        ) from None
    except (etree.LxmlError, ValueError) as exc:  # e.g. an encoding libxml2 does not know
        raise BankFileError(name, "line 1", f"not readable as XML: {_plain(str(exc))}") from None
    info = document.docinfo
    if (
        info.internalDTD is not None
        or info.externalDTD is not None
        or info.doctype
        or info.system_url
        or info.public_id
    ):
        raise BankFileError(name, "line 1", REFUSED)
    return document


def _line(exc: Exception, default: int) -> str:
    """The line an lxml error points at, from its error log when it has one."""
    log = getattr(exc, "error_log", None)
    lines = [entry.line for entry in log or () if entry.line]
    return f"line {lines[0] if lines else default}"


@cache
def _schema(version: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / f"camt.053.001.{version}.xsd")))


def _plain(message: str) -> str:
    """lxml's messages name elements with their namespace in braces: leave that out."""
    return re.sub(r"\{[^}]*\}", "", message)


def _none(value: str) -> str:
    """Banks fill an end-to-end id nobody gave with NOTPROVIDED."""
    return "" if value.upper() in {"NOTPROVIDED", "NONREF"} else value
