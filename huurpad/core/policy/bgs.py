"""The four conditions of Besluit gemeentelijke schuldhulpverlening art. 2, with their evidence.

A landlord may pass a tenant's contact details and arrears to the municipality once it has, for the
current arrears: (a) tried to reach the tenant personally, (b) pointed out debt help, (c) sent at
least one written reminder, and (d) offered in that reminder to pass the data on, and the tenant
did not object.
"""

from dataclasses import dataclass
from datetime import date

from huurpad.core.dutch import date_nl

from .facts import Snapshot

LEGAL_BASIS = "Bgs art. 2"


@dataclass(frozen=True, kw_only=True, slots=True)
class Condition:
    code: str  # a, b, c, d
    label: str
    met: bool
    evidence: str
    since: date | None = None


_last: tuple = (None, [])  # (snapshot, its conditions): the rules ask several times in a row


def conditions(s: Snapshot) -> list[Condition]:
    global _last
    if _last[0] is s:
        return _last[1]
    result = _conditions(s)
    _last = (s, result)
    return result


def _conditions(s: Snapshot) -> list[Condition]:
    letters = s.episode_letters()
    first_letter = min(letters, key=lambda letter: letter.date, default=None)
    offer = min((le for le in letters if le.offers_data_sharing), key=lambda le: le.date, default=None)
    personal = [
        c for c in s.episode_contacts() if c.channel in s.policy.personal_contact_channels
    ]
    first_personal = min(personal, key=lambda c: c.date, default=None)
    debt_help = sorted(
        [d for d in s.debt_help_pointed if s._in_episode(d)]
        + [le.date for le in letters if le.points_to_debt_help]
    )
    return [
        Condition(
            code="a",
            label="Geprobeerd persoonlijk contact te krijgen",
            met=first_personal is not None,
            evidence=(
                f"{first_personal.channel} op {date_nl(first_personal.date)}"
                if first_personal
                else "nog geen poging om de huurder persoonlijk te spreken"
            ),
            since=first_personal.date if first_personal else None,
        ),
        Condition(
            code="b",
            label="Gewezen op schuldhulpverlening",
            met=bool(debt_help),
            evidence=f"op {date_nl(debt_help[0])}" if debt_help else "nog niet gewezen op schuldhulp",
            since=debt_help[0] if debt_help else None,
        ),
        Condition(
            code="c",
            label="Schriftelijke herinnering gestuurd",
            met=first_letter is not None,
            evidence=f"brief van {date_nl(first_letter.date)}" if first_letter else "nog geen herinneringsbrief",
            since=first_letter.date if first_letter else None,
        ),
        Condition(
            code="d",
            label="Aangeboden gegevens door te geven, geen bezwaar",
            met=offer is not None and not s.objection,
            evidence=(
                "de huurder heeft bezwaar gemaakt"
                if s.objection
                else f"aangeboden in de brief van {date_nl(offer.date)}"
                if offer
                else "nog niet aangeboden in een herinneringsbrief"
            ),
            since=offer.date if offer and not s.objection else None,
        ),
    ]


def proven(s: Snapshot) -> bool:
    return all(c.met for c in conditions(s))


def offered_on(s: Snapshot) -> date | None:
    """The day data sharing was first offered in this episode (condition d), if it was."""
    return next((c.since for c in conditions(s) if c.code == "d"), None)
