"""MT940 statements of Dutch banks: ING, ABN AMRO, Rabobank, Triodos, Knab, de Volksbank (SNS,
ASN Bank, RegioBank); docs/bank.md has each bank's layout.

A statement is read only whole: its opening (:60F:/:60M:) and closing (:62F:/:62M:) balance
must be there and its entries must lead from the one to the other, else the file is refused.

The `mt940` library (package mt-940) supplies the pattern of the :61: statement line, which
knows the optional entry date, the funds code and the supplementary details. We do not use its
`Transactions.parse`: it cannot say on which line a problem is, it silently turns 30 February
into 28 February, it does not know the Dutch :86: subfields (/TRTP/.../IBAN/.../REMI/...), and
it is slower than the loop below even without them (100,000 entries: 2.6 to 3.7 s, against
about 2 s for all of this module, :86: included).

A file is a run of tags (`:20:`, `:25:`, `:61:`, ...), each starting a line; a line without a
tag continues the tag before it. Around the tags banks put their own lines: ABN AMRO an
`ABNANL2A` / `940` header before each statement, ING `0000 01INGBNL2AXXXX00001` / `940 00`,
Rabobank `:940:` or a SWIFT envelope `{1:...}{2:...}{4:` ... `-}`; and a line `-` (ING: `-XXX`)
ends a statement once its closing balance is read (before it, a "-" line is wrapped text).
Those lines are skipped.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

from mt940.tags import Tags
from stdnum import iban as iban_check

from . import BankFileError, Statement, Transaction, check_balance

# The tags a statement may hold. Other text after a colon at the start of a line (Rabobank's
# ":940:" header, or a wrapped :86: line that happens to start with a colon) is not a tag.
_TAG = re.compile(r":(20|21|25|28C?|60[FM]?|61|62[FM]?|64|65|86|NS|13D?|34F|90[DC]):")
_END = re.compile(r"-(?:\}.*|XXX)?$")  # the end of one statement (message)
_CLOSING = {"62", "62F", "62M", "64", "65"}  # after these a :86: is about the statement, not an entry

# The library's :61: pattern: 6!n[4!n]2a[1!a]15d1!a3!c16x[//16x][34x].
_STATEMENT_LINE = Tags.STATEMENT.value.re
# De Volksbank (SNS, ASN, RegioBank) puts the counterparty's IBAN, up to 34 characters, where
# SWIFT has a 16-character reference: "2001010101D65,00NOVBNL47INGB0123456789", the name on the
# next line. Tried when the library's pattern does not fit.
_VOLKSBANK_LINE = re.compile(
    Tags.STATEMENT.value.pattern.replace("[^\\n]){0,16})", "[^\\n]){0,34})"), Tags.STATEMENT.value.re.flags
)
_CENT = Decimal("0.01")
_AMOUNT = re.compile(r"\d{1,15}(?:,\d{0,2})?")
_START = re.compile(r"(\d{6})(\d{4}|\s{4})?(R?[DC])([A-Z](?=[\d,]))?\n?", re.IGNORECASE)

# Where a bank has no reference of its own, the :61: reference field says which reference the
# :86: holds (Rabobank, ING: "EREF", "MARF", "PREF") or that there is none ("NONREF"). Those
# words identify nothing, so they are no bank reference.
_NO_REFERENCE = {"", "NONREF", "NONEREF", "NOTPROVIDED", "EREF", "MARF", "PREF", "PREFS"}

# Subfield codes of the Dutch structured :86:, longest first so that CDTRREFTP wins over CDTRREF
# and CD. A code is only a code between slashes; anything else stays part of the value before it,
# so an unknown code never breaks the reading (it stays in the value of the code before it).
_CODES = sorted(
    """TRTP IBAN BIC NAME REMI EREF MARF CSID PREF RTRN CNTP ORDP BENM ULTC ULTD ULTB PURP SVCL
    ISDT NRTX TRCD CHGS EXCH FX ADDR CDTRREFTP CDTRREF CD ISSR""".split(),
    key=len,
    reverse=True,
)
_SUBFIELD = re.compile("/(" + "|".join(_CODES) + ")(?=/)")
_STRUCTURED = re.compile(r"\s*/(?:" + "|".join(_CODES) + ")/")
# SEPA forbids "//" inside an id, so in these a "//" ends the value: ING closes every subfield
# with one ("/EREF/E2E-1//CNTP/..."), and so an unknown code after an id stays out of the id.
_IDENTIFIERS = {"EREF", "MARF", "PREF", "CSID", "IBAN", "RTRN", "NRTX"}
_ULTIMATE = {"ULTC", "ULTD", "ULTB"}  # the NAME after these is a party behind the counterparty
_PARTY = {"ORDP", "BENM", "CNTP"} | _ULTIMATE
_RETURN_CODE = re.compile(r"[A-Z0-9]{4}")
# An IBAN in free text, in any country's compact form or the Dutch one in groups of four. A
# wrapped line may run it into the next word ("NL51ABNA0987654321BIC:"), so what follows it is
# not looked at: _find_iban tries the candidate's prefixes.
_IBAN_IN_TEXT = re.compile(r"(?<![A-Z0-9])(?:[A-Z]{2}\d{2}[A-Z0-9]{11,30}|NL\d{2} [A-Z]{4} \d{4} \d{4} \d{2})")


def identify(data: bytes) -> bool:
    """An MT940 file: the tags of a statement near the start (after any bank header)."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    if head.lstrip().startswith("<"):  # XML (CAMT), whatever its text holds
        return False
    return all(re.search(tag, head, re.MULTILINE) for tag in (r"(?:^|\{4:\s*):20:", r"^:25:", r"^:60[FM]?:"))


def extract(data: bytes, name: str) -> list[Statement]:
    """Every statement in the file, with its transactions. A statement without its opening or
    closing balance, or whose entries do not lead from the one to the other, is refused: the
    file is cut off or changed, and booking part of it would book the rest twice later."""
    statements: list[Statement] = []
    parts: list[dict] = []  # per statement: where it starts, its balances and its :61: entries
    entry = None
    closed = False
    for tag, number, lines in _tags(_text(data, name)):
        where = f"line {number} (:{tag}:)"
        if tag == "20":
            statements.append(Statement("", lines[0].strip(), "mt940"))
            parts.append({"where": where, "account": None, "entries": [], "60": None, "62": None})
            entry, closed = None, False
        elif not statements:
            raise BankFileError(name, where, "this tag comes before the statement's reference (:20:)")
        elif tag == "25":
            parts[-1]["account"] = _account(" ".join(lines), name, where)
        elif tag in ("28", "28C"):
            statements[-1].statement_id += "/" + "".join(line.strip() for line in lines)  # wrapped too (ING)
        elif tag == "61":
            entry = [number, _statement_line(lines), []]
            parts[-1]["entries"].append(entry)
            closed = False
        elif tag == "86" and entry is not None and not closed:
            entry[2].append((number, lines))
        elif tag[:2] in ("60", "62"):
            if parts[-1][tag[:2]] is not None:
                raise BankFileError(
                    name, where, f"statement {statements[-1].statement_id} has a second {_BALANCE[tag[:2]]}"
                )
            parts[-1][tag[:2]] = (number, tag, lines)
            closed = closed or tag.startswith("62")
        elif tag in _CLOSING:
            closed = True
    if not statements:
        raise BankFileError(name, "line 1", "no MT940 statement found: the file has no :20: tag")
    for statement, part in zip(statements, parts, strict=True):
        _finish(statement, part, name)
    return statements


_BALANCE = {"60": "opening balance (:60F: or :60M:)", "62": "closing balance (:62F: or :62M:)"}
# A balance: D or C, the date (YYMMDD), the currency and the amount with a decimal comma.
_BALANCE_VALUE = re.compile(r"([CD])(\d{6})([A-Z]{3})(\d{1,15},\d{0,2})")
_LINE = 65  # SWIFT's line width: a longer field continues on the next line


def _statement_line(lines: list[str]) -> str:
    """The text of a :61:. Its supplementary details (ING's /TRCD/, Rabobank's counterparty
    IBAN, de Volksbank's name) stand on a line of their own. But the bank may wrap the statement
    line itself: one that fills the full 65 characters goes on, unbroken, on the next line; and
    the lines before ING's /TRCD/ line are all the statement line (and it may be wrapped too)."""
    found = [line.strip() for line in lines if line.strip()]
    if len(found) < 2 or (len(found) == 2 and found[1][:1] == "/"):  # most: one line, or ING's two
        return "\n".join(found)
    details = next((n for n, line in enumerate(found) if n and line.startswith("/")), None)
    if details is not None:  # ING: the statement line, maybe wrapped; then /TRCD/..., maybe wrapped
        found = ["".join(found[:details]), "".join(found[details:])]
    elif len(found) > 1 and len(":61:" + lines[0].rstrip()) >= _LINE and not found[1].startswith("/"):
        joined = found[0] + found[1]
        if (match := _STATEMENT_LINE.match(joined)) and match["id"] and len(match["bank_reference"] or "") <= 16:
            found[:2] = [joined]
    return "\n".join(found)


def _text(data: bytes, name: str) -> str:
    """The file as text: UTF-8, else ISO-8859-1 (the encoding of many MT940 files)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BankFileError(name, f"line {line}", "the file holds binary data (a NUL byte), not MT940 text")
    return text.removeprefix("\ufeff")


def _tags(text: str) -> list[tuple[str, int, list[str]]]:
    """The tags in order: (tag, line number, its lines). A line keeps its trailing spaces: ING
    wraps :86: text at a fixed width, so a space at the end of a line may be a word break. A
    line of spaces inside a tag is kept too: SNS pads :86: with such lines between its parts."""
    found: list[tuple[str, int, list[str]]] = []
    current: list[str] | None = None  # the lines of the tag being read, None between statements
    balanced = True  # the statement being read has its closing balance: a "-" line may end it
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if line.startswith("{") and "{4:" in line:  # SWIFT envelope: the statement follows "{4:"
            line = line.split("{4:", 1)[1]
        if line.startswith(":") and (match := _TAG.match(line)):
            current = [line[match.end() :]]
            found.append((match.group(1), number, current))
            if match.group(1) == "20" or match.group(1).startswith("62"):
                balanced = match.group(1) != "20"
        elif _END.match(line.strip()) and (balanced or current is None):
            # Before the closing balance a "-" is text that a wrap put at the start of a line
            # (ING wraps "MND-EV01" anywhere), not the end of the statement.
            current = None
        elif current is not None:
            current.append(line)
        # else: a bank's header line before a statement
    return found


def _account(value: str, name: str, where: str) -> str:
    """The account of :25:. Dutch banks give the IBAN, some with the currency after it
    ("NL69INGB0123456789EUR", Rabobank "NL50RABO0123456789 EUR"); a few older formats put a
    bank code before a slash ("TRIODOSBANK/0390123456") or give the old account number."""
    account = value.strip().rsplit("/", 1)[-1].strip()
    if (currency := re.fullmatch(r"(.*\d)\s*[A-Z]{3}", account)) and not iban_check.is_valid(account):
        account = currency.group(1)
    if iban_check.is_valid(account):
        account = iban_check.compact(account)
    if not account:
        raise BankFileError(name, where, "the account (:25:) is empty")
    return account


def _finish(statement: Statement, part: dict, name: str) -> None:
    if part["account"] is None:
        raise BankFileError(name, part["where"], "the statement has no account (:25:)")
    statement.account_iban = part["account"]
    statement.transactions = [_transaction(*entry, name) for entry in part["entries"]]
    opening, closing = (_balance(statement, part, tag, name) for tag in ("60", "62"))
    moved = sum((t.amount if t.credit_debit == "CRDT" else -t.amount for t in statement.transactions), Decimal(0))
    check_balance(statement.statement_id, opening, moved, closing, name, part["where"])


def _balance(statement: Statement, part: dict, tag: str, name: str) -> Decimal:
    """The signed amount of the statement's opening ("60") or closing ("62") balance."""
    if part[tag] is None:
        cut = " (the file is cut off or incomplete)" if tag == "62" else ""
        raise BankFileError(name, part["where"], f"statement {statement.statement_id} has no {_BALANCE[tag]}{cut}")
    number, found, lines = part[tag]
    value = "".join(line.strip() for line in lines)
    where = f"line {number} (:{found}:)"
    match = _BALANCE_VALUE.fullmatch(value)
    if not match:
        raise BankFileError(
            name, where, f"the balance {value!r} is not like C231101EUR1234,56 (mark, YYMMDD, currency, amount)"
        )
    mark, day, currency, amount = match.groups()
    try:
        date(2000 + int(day[:2]), int(day[2:4]), int(day[4:]))
    except ValueError:
        raise BankFileError(name, where, f"the balance date {day!r} (YYMMDD) does not exist") from None
    if currency != "EUR":
        raise BankFileError(name, where, f"only euro statements are read, this balance is in {currency}")
    amount = Decimal(amount.replace(",", "."))
    return amount if mark == "C" else -amount


def _transaction(number: int, line: str, details: list[tuple[int, list[str]]], name: str) -> Transaction:
    """One :61: statement line and the :86: information after it."""
    where = f"line {number} (:61:)"
    match = _STATEMENT_LINE.match(line) or _VOLKSBANK_LINE.match(line)
    if not match or not match["id"] or not _AMOUNT.fullmatch(match["amount"]):
        raise BankFileError(name, where, _statement_line_problem(line))
    try:
        value_date = date(2000 + int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise BankFileError(name, where, f"the value date {line[:6]!r} (YYMMDD) does not exist") from None
    booking_date = value_date
    entry_date = f"{match['entry_month'] or ''}{match['entry_day'] or ''}".strip()
    if entry_date:
        booking_date = _entry_date(value_date, entry_date, line, name, where)
    mark = match["status"].upper()
    amount = Decimal(match["amount"].replace(",", ".")).quantize(_CENT)  # "9," is 9.00
    # Only the bank's own reference (after //) identifies the entry; the customer reference before
    # it is whatever the payer or a bank put there (an invoice number, an IBAN, NONREF) and may repeat.
    reference = (match["bank_reference"] or "").strip()
    found = _details(details, name)
    if (extra := (match["extra_details"] or "").strip()) and not found.get("counterparty_name"):
        # De Volksbank: the counterparty's account in the reference field, its name on the next
        # line, and both again at the start of the :86: ("NL47INGB0123456789 j jansen  huur").
        account = (match["customer_reference"] or "").strip()
        said = f"{account} {' '.join(extra.split())}"
        if account and found.get("remittance", "").startswith(said):
            found["counterparty_name"] = " ".join(extra.split())
            found["remittance"] = found["remittance"][len(said) :].strip()
    if not found.get("counterparty_iban"):
        # Rabobank gives the counterparty's IBAN on the second line of :61:, ASN Bank in its
        # reference field (cut off by the library's pattern after 16 characters).
        found["counterparty_iban"] = _find_iban(line[match.start("customer_reference") :])
    if reference.upper() in _NO_REFERENCE:
        reference = ""
    return Transaction(
        booking_date=booking_date,
        value_date=value_date,
        amount=amount,
        # C credit, D debit, RC reversal of a credit (money goes out), RD reversal of a debit.
        # A returned direct debit of ours is booked D by the bank; a returned transfer of ours
        # (account closed: AC04) comes back in with C. The mark says which way the money went.
        credit_debit="CRDT" if mark in ("C", "RD") else "DBIT",
        reversal=mark.startswith("R"),
        bank_reference=reference,
        # Without the bank's reference the entry's own text says who it is (bank.imports._keys).
        source="" if reference else "".join((line + "".join("".join(lines) for _, lines in details)).split()),
        **found,
    )


def _statement_line_problem(line: str) -> str:
    """Which field of an unreadable :61: is wrong, in words."""
    start = _START.match(line)
    if not start:
        if not re.match(r"\d{6}", line):
            return f"the value date {line[:6]!r} is not a date in the form YYMMDD"
        dates = re.match(r"\d{6}(?:\d{4}|\s{4})?", line).end()
        return f"after the dates the mark C, D, RC or RD is missing, found {line[dates : dates + 6]!r}"
    # The amount runs up to the transaction type (N, S or F and three more: NTRF, N658, ...).
    amount = re.match(r".*?(?=[NSF][A-Z0-9]{3}|\n|$)", line[start.end() :], re.IGNORECASE).group()
    if re.fullmatch(r"\d+,\d{3,}", amount):
        return f"the amount {amount!r} has more than two decimals"
    if not _AMOUNT.fullmatch(amount):
        return f"the amount {amount!r} is not a number like 1234,56"
    return f"the transaction type after the amount (like NTRF) is missing in {line!r}"


def _entry_date(value_date: date, mmdd: str, line: str, name: str, where: str) -> date:
    """The booking date from its month and day: in the year of the value date, or the year
    before or after when the two straddle New Year (value 31 December, booked 2 January)."""
    if not mmdd.isdigit() or len(mmdd) != 4:
        raise BankFileError(name, where, f"the entry date {mmdd!r} is not a date in the form MMDD")
    month, day = int(mmdd[:2]), int(mmdd[2:])
    if (month, day) == (value_date.month, value_date.day):
        return value_date
    candidates = []
    for year in (value_date.year - 1, value_date.year, value_date.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    if not candidates:
        raise BankFileError(name, where, f"the entry date {mmdd!r} (MMDD) does not exist")
    nearest = min(candidates, key=lambda found: abs(found - value_date))
    if abs(nearest - value_date) > timedelta(days=183):
        raise BankFileError(name, where, f"the entry date {mmdd!r} is far from the value date {line[:6]!r}")
    return nearest


def _details(details: list[tuple[int, list[str]]], name: str) -> dict:
    """The Transaction fields a :86: gives. Its text may be wrapped over several lines (at most
    65 characters each); ING wraps in the middle of a word, so lines are joined as they are."""
    if not details:
        return {}
    text = "".join("".join(lines) for _, lines in details)
    where = f"line {details[0][0]} (:86:)"
    if _STRUCTURED.match(text):
        return _structured(text, name, where)
    # Free text (ABN AMRO "BEA   NR:...", "GIRO  123456 NAAM", old Rabobank, Triodos, SNS).
    # Some banks pad each line with spaces to 65 characters, and Rabobank wrote one :86: per
    # line, so the parts are joined with a space and runs of spaces are made one.
    if _TRIODOS.match(text):
        return _triodos(text)
    text = " ".join(" ".join(_unwrap(lines).split()) for _, lines in details)
    found = {"remittance": text, "counterparty_iban": _find_iban(text)}
    if name_given := _NAAM.search(text):  # ABN AMRO "NAAM: A. DE BOER OMSCHRIJVING: ...", Knab "/NAAM: ..."
        found["counterparty_name"] = name_given.group(1)
    if knab := _KNAB.search(text):  # Knab: the description, then "REK: <IBAN>/NAAM: <name>"
        found["remittance"] = text[: knab.start()]
    return found


# Triodos: a transaction code, then subfields ">NN": >20 to >29 the description (wrapped in the
# middle of a word), >31 the counterparty's account, >32 and >33 its name.
_TRIODOS = re.compile(r"\d{3}>\d\d")
_TRIODOS_FIELD = re.compile(r">(\d\d)")
_KNAB = re.compile(r"\s*\bREK: [A-Z0-9]+/NAAM: .*$")
# A name after "NAAM:", up to the next "WORD:" label or a slash.
_NAAM = re.compile(r"\bNAAM:\s*([^/]*?)\s*(?=\b[A-Z]{2,}:|/|$)")


def _triodos(text: str) -> dict:
    parts = _TRIODOS_FIELD.split(text)
    fields: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        fields[code] = fields.get(code, "") + value
    description = "".join(fields.get(f"2{n}", "") for n in range(10))
    account = fields.get("31", "").strip()
    return {
        "remittance": " ".join(description.split()),
        "counterparty_iban": _find_iban(account),  # an old account number is no IBAN
        "counterparty_name": " ".join((fields.get("32", "") + fields.get("33", "")).split()),
    }


def _unwrap(lines: list[str]) -> str:
    """Free text over several lines: a line that fills the width (65 characters; ABN AMRO's
    files have 64 where the padding was cut) was wrapped by the bank, maybe in the middle of a
    word, and runs on; a shorter one ended where the writer ended it (Knab, SNS): a space."""
    return "".join(line if len(line) >= _LINE - 1 else line + " " for line in lines)


def _find_iban(text: str) -> str:
    """The first valid IBAN in free text, or ""."""
    for candidate in _IBAN_IN_TEXT.findall(text):
        for end in range(len(candidate), 14, -1):
            if iban_check.is_valid(candidate[:end]):
                return iban_check.compact(candidate[:end])
    return ""


def _structured(text: str, name: str, where: str) -> dict:
    """The Dutch structured :86:: /TRTP/SEPA OVERBOEKING/IBAN/NL91.../NAME/J. JANSEN/REMI/.../"""
    parts = _SUBFIELD.split(text)
    values: dict[str, str] = {}
    party = ""
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        value = value[1:].rstrip("/").strip()  # the slash after the code, the slashes closing it
        if code in _PARTY:
            party = code
        if code == "NAME" and party in _ULTIMATE:
            continue  # Rabobank /ULTD//NAME/...: the ultimate debtor, not the one who paid
        if code in _IDENTIFIERS:
            value = value.split("//", 1)[0]
        values.setdefault(code, value)

    found: dict = {}
    counterparty = values.get("CNTP", "").split("/")  # ING: IBAN/BIC/name/city
    iban = values.get("IBAN", "") or counterparty[0]
    found["counterparty_iban"] = _unless_missing(iban.split("/")[0].replace(" ", "").upper())
    found["counterparty_name"] = _unless_missing(values.get("NAME", "") or (counterparty + ["", ""])[2].strip())
    found["end_to_end_id"] = _unless_missing(values.get("EREF", ""))
    found["mandate_id"] = _unless_missing(values.get("MARF", ""))
    found["batch_id"] = _unless_missing(values.get("PREF", ""))
    found["remittance"], found["structured_reference"] = _remittance(values.get("REMI", ""))
    if values.get("CDTRREF"):  # Rabobank: /REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/1234.../
        found["structured_reference"] = values["CDTRREF"].replace(" ", "")

    if reason := values.get("RTRN", ""):
        code = _RETURN_CODE.match(reason.upper())
        if not code:
            raise BankFileError(name, where, f"the return reason /RTRN/ {reason!r} is not a 4-character ISO code")
        found["return_reason"] = code.group()

    # A batch booked as one entry: ING and ABN AMRO give its payment information id in /PREF/
    # and, for a batch of our own direct debits, the number of transactions in /NRTX/.
    count = 1
    if nrtx := values.get("NRTX", ""):
        if not nrtx.isdigit():
            raise BankFileError(name, where, f"the number of transactions /NRTX/ {nrtx!r} is not a whole number")
        count = int(nrtx)
    if found["batch_id"] and (count > 1 or "BATCH" in values.get("TRTP", "").upper()):
        found["batch_count"] = count
    return found


def _remittance(value: str) -> tuple[str, str]:
    """(free text, structured reference) of a /REMI/: "USTD//Huur november" is free text,
    "STRD/CUR/RF18539007547034" a structured reference (CUR: a Dutch betalingskenmerk or an
    ISO 11649 creditor reference); banks that do not say which give the free text alone."""
    kind, _, rest = value.partition("/")
    if kind.upper() == "USTD":
        return rest.lstrip("/").strip(), ""
    if kind.upper() == "STRD":
        reference = [part for part in rest.split("/") if part.strip()]
        return "", reference[-1].replace(" ", "") if reference else ""
    return _unless_missing(value), ""


def _unless_missing(value: str) -> str:
    """Banks write NOTPROVIDED (or NONREF) where the payer gave nothing."""
    return "" if value.upper() in ("NOTPROVIDED", "NONREF") else value
