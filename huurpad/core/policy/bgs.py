"""The four conditions of Besluit gemeentelijke schuldhulpverlening art. 2, with their evidence.

A landlord may pass a tenant's contact details and arrears to the municipality once it has, for the
current arrears: (a) tried to reach the tenant personally, (b) pointed out debt help, (c) sent at
least one written reminder, and (d) offered in that reminder to pass the data on, and the tenant
did not object.
"""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from huurpad.core.dutch import channel_nl, date_nl

from .facts import Contact, Letter, Snapshot

LEGAL_BASIS = "Bgs art. 2"


@dataclass(frozen=True, kw_only=True, slots=True)
class Condition:
    code: str  # a, b, c, d
    label: str
    met: bool
    evidence: str
    since: date | None = None


class Evidence(NamedTuple):
    """The first proof of each condition in the current episode of arrears."""

    personal: Contact | None  # (a) the first attempt at personal contact
    debt_help: date | None  # (b) the first time debt help was pointed out
    letter: Letter | None  # (c) the first written reminder
    offer: Letter | None  # (d) the first reminder offering to pass the data on


_last: tuple = ((), None)  # (what the evidence was found from, the evidence)


def evidence(s: Snapshot) -> Evidence:
    """Found once for a run of calls on one tenancy: the rules, their wake-up days and the
    guardrails all ask, for today and for tomorrow's copy of the snapshot."""
    global _last
    source = (s.reminder_letters, s.contacts, s.debt_help_pointed, s.episode_start, s.policy)
    if len(_last[0]) == len(source) and all(a is b for a, b in zip(_last[0], source)):
        return _last[1]
    letters = s.episode_letters()
    personal = [c for c in s.episode_contacts() if c.channel in s.policy.personal_contact_channels]
    debt_help = [d for d in s.debt_help_pointed if s._in_episode(d)] + [
        le.date for le in letters if le.points_to_debt_help
    ]
    found = Evidence(
        personal=min(personal, key=lambda c: c.date, default=None),
        debt_help=min(debt_help, default=None),
        letter=min(letters, key=lambda letter: letter.date, default=None),
        offer=min((le for le in letters if le.offers_data_sharing), key=lambda le: le.date, default=None),
    )
    _last = (source, found)
    return found


def conditions(s: Snapshot) -> list[Condition]:
    """The four conditions with their evidence in Dutch, for people."""
    e = evidence(s)
    return [
        Condition(
            code="a",
            label="Geprobeerd persoonlijk contact te krijgen",
            met=e.personal is not None,
            evidence=(
                f"{channel_nl(e.personal.channel)} op {date_nl(e.personal.date)}"
                if e.personal
                else "nog geen poging om de huurder persoonlijk te spreken"
            ),
            since=e.personal.date if e.personal else None,
        ),
        Condition(
            code="b",
            label="Gewezen op schuldhulpverlening",
            met=e.debt_help is not None,
            evidence=f"op {date_nl(e.debt_help)}" if e.debt_help else "nog niet gewezen op schuldhulp",
            since=e.debt_help,
        ),
        Condition(
            code="c",
            label="Schriftelijke herinnering gestuurd",
            met=e.letter is not None,
            evidence=f"brief van {date_nl(e.letter.date)}" if e.letter else "nog geen herinneringsbrief",
            since=e.letter.date if e.letter else None,
        ),
        Condition(
            code="d",
            label="Aangeboden gegevens door te geven, geen bezwaar",
            met=e.offer is not None and not s.objection,
            evidence=(
                "de huurder heeft bezwaar gemaakt"
                if s.objection
                else f"aangeboden in de brief van {date_nl(e.offer.date)}"
                if e.offer
                else "nog niet aangeboden in een herinneringsbrief"
            ),
            since=e.offer.date if e.offer and not s.objection else None,
        ),
    ]


def proven(s: Snapshot) -> bool:
    return all(proof is not None for proof in evidence(s)) and not s.objection


def offered_on(s: Snapshot) -> date | None:
    """The day data sharing was first offered in this episode (condition d), if it was and the
    tenant did not object."""
    offer = evidence(s).offer
    return offer.date if offer is not None and not s.objection else None
