"""CAMT.053 statements written for tests and benchmarks, in the shape Dutch banks send them
(version .001.02 as ING, Rabobank and ABN AMRO still do; .001.08 as banks move to). Every
version from .001.02 to .001.14 validates: the status is a code (Sts/Cd) and the party's name
sits under Pty from .001.07 on, and each transaction carries its own amount from .001.03 on."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

ACCOUNT = "NL44RABO0123456789"  # the corporation's own account
OPENING = Decimal("1000.00")  # the statement's opening balance


@dataclass
class Detail:
    """One transaction inside an entry (TxDtls)."""

    amount: Decimal | None = None  # only needed when an entry holds several
    end_to_end_id: str = ""
    mandate_id: str = ""
    name: str = ""
    iban: str = ""
    remittance: str = ""
    reference: str = ""  # structured creditor reference (RF...)
    return_reason: str = ""
    bank_reference: str = ""


@dataclass
class Entry:
    amount: Decimal
    side: str = "CRDT"
    booked: date = date(2026, 11, 3)
    value: date | None = None
    reversal: bool = False
    status: str = "BOOK"
    bank_reference: str = ""
    batch_id: str = ""  # PmtInfId
    batch_count: int = 0  # NbOfTxs, for a batch the bank did not split
    details: list[Detail] = field(default_factory=list)
    family: tuple[str, str, str] = ("PMNT", "RCDT", "ESCT")  # ISO bank transaction code


def statement(
    entries: list[Entry], *, version: str = "02", statement_id: str = "2026-11-03", account: str = ACCOUNT
) -> bytes:
    v7, v3 = int(version) >= 7, int(version) >= 3
    closing = OPENING + sum(
        (e.amount if e.side == "CRDT" else -e.amount for e in entries if e.status == "BOOK"), Decimal(0)
    )
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>HUURPAD-TEST-{escape(statement_id)}</MsgId><CreDtTm>2026-11-03T18:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{escape(statement_id)}</Id><CreDtTm>2026-11-03T18:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f'<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{OPENING:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        "<Dt><Dt>2026-11-01</Dt></Dt></Bal>"
        # The closing balance: the opening plus the booked entries, as a bank's statement adds up.
        f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(closing):.2f}</Amt>'
        f"<CdtDbtInd>{'DBIT' if closing < 0 else 'CRDT'}</CdtDbtInd><Dt><Dt>2026-11-03</Dt></Dt></Bal>"
    ]
    for e in entries:
        status = f"<Sts><Cd>{e.status}</Cd></Sts>" if v7 else f"<Sts>{e.status}</Sts>"
        parts.append(
            f'<Ntry><Amt Ccy="EUR">{e.amount:.2f}</Amt><CdtDbtInd>{e.side}</CdtDbtInd>'
            + ("<RvslInd>true</RvslInd>" if e.reversal else "")
            + f"{status}<BookgDt><Dt>{e.booked}</Dt></BookgDt><ValDt><Dt>{e.value or e.booked}</Dt></ValDt>"
            + (f"<AcctSvcrRef>{escape(e.bank_reference)}</AcctSvcrRef>" if e.bank_reference else "")
            + f"<BkTxCd><Domn><Cd>{e.family[0]}</Cd><Fmly><Cd>{e.family[1]}</Cd><SubFmlyCd>{e.family[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>"
        )
        if e.batch_id or e.details:
            parts.append("<NtryDtls>")
            if e.batch_id:
                count = f"<NbOfTxs>{e.batch_count or len(e.details)}</NbOfTxs>"
                parts.append(f"<Btch><PmtInfId>{escape(e.batch_id)}</PmtInfId>{count}</Btch>")
            for d in e.details:
                parts.append(_detail(d, e, v7, v3))
            parts.append("</NtryDtls>")
        parts.append("</Ntry>")
    parts.append("</Stmt></BkToCstmrStmt></Document>\n")
    return "".join(parts).encode()


def _detail(d: Detail, e: Entry, v7: bool, v3: bool) -> str:
    side = e.side
    refs = (
        (f"<AcctSvcrRef>{escape(d.bank_reference)}</AcctSvcrRef>" if d.bank_reference else "")
        + (
            f"<EndToEndId>{escape(d.end_to_end_id)}</EndToEndId>"
            if d.end_to_end_id
            else "<EndToEndId>NOTPROVIDED</EndToEndId>"
        )
        + (f"<MndtId>{escape(d.mandate_id)}</MndtId>" if d.mandate_id else "")
    )
    amount = f'<AmtDtls><TxAmt><Amt Ccy="EUR">{d.amount:.2f}</Amt></TxAmt></AmtDtls>' if d.amount is not None else ""
    if v3:  # from .03 on, each transaction carries its own amount and side
        amount = f'<Amt Ccy="EUR">{(d.amount or e.amount):.2f}</Amt><CdtDbtInd>{side}</CdtDbtInd>{amount}'
    party, account = ("Dbtr", "DbtrAcct") if side == "CRDT" else ("Cdtr", "CdtrAcct")
    name = f"<Pty><Nm>{escape(d.name)}</Nm></Pty>" if v7 else f"<Nm>{escape(d.name)}</Nm>"
    parties = (f"<{party}>{name}</{party}>" if d.name else "") + (
        f"<{account}><Id><IBAN>{d.iban}</IBAN></Id></{account}>" if d.iban else ""
    )
    remittance = ""
    if d.remittance or d.reference:
        remittance = (
            "<RmtInf>"
            + (f"<Ustrd>{escape(d.remittance)}</Ustrd>" if d.remittance else "")
            + (
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>"
                f"<Ref>{escape(d.reference)}</Ref></CdtrRefInf></Strd>"
                if d.reference
                else ""
            )
            + "</RmtInf>"
        )
    returned = f"<RtrInf><Rsn><Cd>{d.return_reason}</Cd></Rsn></RtrInf>" if d.return_reason else ""
    return (
        f"<TxDtls><Refs>{refs}</Refs>{amount}"
        + (f"<RltdPties>{parties}</RltdPties>" if parties else "")
        + f"{remittance}{returned}</TxDtls>"
    )
