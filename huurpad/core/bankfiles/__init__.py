"""Bank files: what a CAMT.053 or MT940 statement holds, as plain transactions.

Each format is a module with `identify(data) -> bool` and `extract(data) -> list[Statement]`.
`read(data, name)` picks the format and raises BankFileError (naming the file, the place in it
and the field) for anything it cannot read. Nothing here touches the database.

A batch booked as one entry (our own direct debits, collected together) is split into its
transactions where the file lists them; where it does not, the transaction keeps the batch id
and the importer splits it by the batch Huurpad sent.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

# Return reasons of a returned or refused direct debit (ISO 20022 ExternalReturnReason1Code), as a
# tenant's officer needs to read them.
RETURN_REASONS = {
    "AM04": "te weinig saldo",
    "MS02": "geweigerd door de huurder",
    "MS03": "geweigerd door de bank, reden onbekend",
    "MD06": "teruggeboekt op verzoek van de huurder",
    "AC04": "rekening opgeheven",
    "AC06": "rekening geblokkeerd",
    "AC01": "rekeningnummer onjuist",
    "AG01": "incasso niet toegestaan op deze rekening",
    "MD01": "geen machtiging",
    "MD07": "rekeninghouder overleden",
    "SL01": "geblokkeerd door de bank van de huurder",
}
# Returns that say the mandate or the account is the problem: collecting again by direct debit
# fails until an officer has checked the mandate (a new one, or another account).
MANDATE_PROBLEMS = frozenset({"AC01", "AC04", "AC06", "AG01", "MD01", "MD07", "SL01"})


class BankFileError(ValueError):
    """A file that cannot be read. The message names the file, the place and the field."""

    def __init__(self, name: str, where: str, problem: str):
        self.name, self.where, self.problem = name, where, problem
        super().__init__(f"{name}: {where}: {problem}")


@dataclass(frozen=True)
class Transaction:
    booking_date: date
    value_date: date
    amount: Decimal  # always positive; credit_debit says which way
    credit_debit: str  # "CRDT" (money in) or "DBIT" (money out)
    reversal: bool = False  # the bank reverses an earlier entry (RvslInd; MT940 RC/RD)
    return_reason: str | None = None  # ISO code of a returned or refused debit: AM04, MD06, ...
    end_to_end_id: str = ""
    mandate_id: str = ""
    counterparty_name: str = ""
    counterparty_iban: str = ""
    remittance: str = ""  # free text
    structured_reference: str = ""  # a creditor reference (RF...) or a Dutch betalingskenmerk
    batch_id: str = ""  # the batch (PmtInfId) a split or unsplit batch entry belongs to
    bank_reference: str = ""  # the bank's own id for the entry (AcctSvcrRef), when it gives one
    batch_count: int = 1  # transactions inside an entry the file did not split (else 1)
    # What the bank wrote of an entry without its own reference, white space left out (MT940: its
    # :61: and :86:): who the entry is, whatever this reader makes of its text and wherever the
    # bank wrapped its lines.
    source: str = field(default="", compare=False, repr=False)

    def as_json(self) -> dict:
        """The fields of spec/CLI.md, JSON-ready (dates ISO, the amount a string)."""
        found = asdict(self)
        found.pop("batch_count")
        found.pop("source")
        return found | {
            "booking_date": self.booking_date.isoformat(),
            "value_date": self.value_date.isoformat(),
            "amount": f"{self.amount:.2f}",
        }


@dataclass
class Statement:
    account_iban: str
    statement_id: str  # the bank's statement id (camt Stmt/Id, MT940 :20: and :28C:)
    format: str  # "camt.053.001.02", "mt940", ...
    transactions: list[Transaction] = field(default_factory=list)


def check_balance(statement_id: str, opening: Decimal, moved: Decimal, closing: Decimal, name: str, where: str) -> None:
    """Refuse a statement whose booked entries (together `moved`: credits minus debits) do not
    lead from its opening to its closing balance: an entry is missing (a file cut off, a line
    lost) or one is there twice. `where` names the statement's place in the file."""
    if opening + moved != closing:
        raise BankFileError(
            name,
            where,
            f"statement {statement_id}: the entries (credits minus debits {moved:+.2f}) do not lead from the opening "
            f"balance {opening:.2f} to the closing balance {closing:.2f} ({closing - opening - moved:+.2f} is "
            "missing or too much): the file is incomplete or changed",
        )


def read(data: bytes, name: str) -> list[Statement]:
    """Every statement in the file, whichever supported format it is in."""
    from . import camt053, mt940

    for module in (camt053, mt940):
        if module.identify(data):
            return module.extract(data, name)
    raise BankFileError(name, "line 1", "not a CAMT.053 or MT940 statement")
