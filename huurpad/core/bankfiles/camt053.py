"""CAMT.053 (ISO 20022 BankToCustomerStatement), versions .001.02 to .001.14.

Read with care: the file comes from outside. A document type declaration (the carrier of
external entities and of entity-expansion bombs) is refused outright, the parser resolves no
entities and reads nothing from the network, and the document is validated against the ISO
schema of its own version (xsd/) before a single field is read.

What Dutch banks do, and what is kept:
- Only booked entries (Sts BOOK) count; pending or information-only entries are left out.
- An entry with several transaction details (a batch of our own direct debits, credited as one
  amount) is split into its transactions; a batch entry without details keeps its PmtInfId and
  number of transactions, and the importer splits it by the batch Huurpad sent.
- A returned or refused direct debit is a debit entry with return information (RtrInf, reason
  code AM04, MD06, ...); a bank that corrects its own booking sets the reversal indicator.
- The counterparty is the debtor for money in and the creditor for money out; from version .08
  on, the party's name sits one level deeper (Pty/Nm).
"""

import re
from collections import namedtuple
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lxml import etree

from . import BankFileError, Statement, Transaction

NAMESPACE = re.compile(rb'xmlns(?::\w+)?="urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)"')
XSD = Path(__file__).with_name("xsd")  # the ISO schemas; camt053.xsl lies beside it
PROLOG = 4096  # a document type declaration can only come before the root element


def identify(data: bytes) -> bool:
    return NAMESPACE.search(data[:PROLOG]) is not None


# The fields of each transaction line camt053.xsl writes, in order.
Row = namedtuple("Row", (
    "kind", "amount", "currency", "side", "reversal", "booked", "value", "entry_ref", "batch_id", "batch_count",
    "tx_amount", "tx_side", "end_to_end_id", "mandate_id", "tx_ref", "tx_batch_id",
    "debtor", "debtor_iban", "creditor", "creditor_iban", "remittance", "reference", "return_reason",
))  # fmt: skip


def extract(data: bytes, name: str) -> list[Statement]:
    version = _version(data, name)
    document = _parse(data, name)
    schema = _schema(version)
    if not schema.validate(document):
        error = schema.error_log[0]
        raise BankFileError(name, f"line {error.line}", f"does not match the camt.053.001.{version} schema: {_plain(error.message)}")
    for amount in document.iter(f"{{urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}}}Amt"):
        if amount.get("Ccy") != "EUR":
            raise BankFileError(name, f"line {amount.sourceline}", f"Amt: only euro amounts are read, not {amount.get('Ccy')}")
    statements: list[Statement] = []
    for line in str(_flatten(version)(document)).splitlines():
        if line.startswith("S\t"):
            _, statement_id, iban = line.split("\t")
            statements.append(Statement(account_iban=iban, statement_id=statement_id, format=f"camt.053.001.{version}"))
        else:
            statements[-1].transactions.append(_transaction(Row(*line.split("\t"))))
    return statements


def _transaction(row: Row) -> Transaction:
    split = row.kind.startswith("T")  # 'T<n>': the n-th of several transactions in one entry
    side = (split and row.tx_side) or row.side
    reference = row.tx_ref
    if split and not reference and row.entry_ref:
        reference = f"{row.entry_ref}/{row.kind[1:]}"
    described = row.tx_amount or row.end_to_end_id or row.debtor or row.creditor
    credit = side == "CRDT"
    return Transaction(
        booking_date=date.fromisoformat(row.booked[:10]),
        value_date=date.fromisoformat((row.value or row.booked)[:10]),
        amount=Decimal(row.tx_amount if split and row.tx_amount else row.amount),
        credit_debit=side,
        reversal=row.reversal.lower() == "true",
        return_reason=row.return_reason or None,
        end_to_end_id=_none(row.end_to_end_id),
        mandate_id=row.mandate_id,
        counterparty_name=row.debtor if credit else row.creditor,
        counterparty_iban=row.debtor_iban if credit else row.creditor_iban,
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


def _version(data: bytes, name: str) -> str:
    found = NAMESPACE.search(data[:PROLOG])
    if found is None:
        raise BankFileError(name, "line 1", "not a camt.053 document")
    version = found.group(1).decode()
    if not (XSD / f"camt.053.001.{version}.xsd").exists():
        raise BankFileError(name, "line 1", f"camt.053.001.{version} is not supported (from .001.02 to .001.14)")
    return version


def _parse(data: bytes, name: str):
    head = data[:PROLOG]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        line = head[: max(head.find(b"<!DOCTYPE"), head.find(b"<!ENTITY"))].count(b"\n") + 1
        raise BankFileError(name, f"line {line}", "a document type declaration (DOCTYPE or ENTITY) is not allowed in a bank file")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=True)
    try:
        return etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise BankFileError(name, f"line {exc.lineno}", f"not well-formed XML: {_plain(exc.msg)}") from None


@cache
def _schema(version: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / f"camt.053.001.{version}.xsd")))


def _plain(message: str) -> str:
    """lxml's messages name elements with their namespace in braces: leave that out."""
    return re.sub(r"\{[^}]*\}", "", message)


def _none(value: str) -> str:
    """Banks fill an end-to-end id nobody gave with NOTPROVIDED."""
    return "" if value.upper() in {"NOTPROVIDED", "NONREF"} else value
