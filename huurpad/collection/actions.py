"""What people do in collection: change the policy, charge collection costs. The daily run that
makes the proposals is in run.py; what becomes of a proposal (carried out, dismissed), in
proposals.py."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from huurpad.cases.models import CaseEvent
from huurpad.core.money import to_cents
from huurpad.core.policy import config, guardrails
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Tenancy

from . import snapshots
from .models import PolicyVersion


class PolicyChangeRefused(Exception):
    """A new policy version that cannot be saved; the message says why, in Dutch, for the page."""


def normalise_policy_text(text: str) -> str:
    """Browsers send a textarea with CRLF line ends; the stored text has LF and ends in one newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"


def new_policy_version(text: str, note: str, *, acting_user, based_on: int | None = None) -> PolicyVersion:
    """Store a changed policy as the next version. `based_on` is the version the user changed; when
    someone saved another version in the meantime, this one is refused instead of overwriting theirs.
    Raises PolicyError for a policy that cannot be used and PolicyChangeRefused otherwise."""
    text, note = normalise_policy_text(text), note.strip()
    config.load(text)  # PolicyError names the key
    if not note:
        raise PolicyChangeRefused("Schrijf in de toelichting waarom het beleid verandert.")
    try:
        with transaction.atomic():
            current = PolicyVersion.current()
            if based_on is not None and current.number != based_on:
                raise PolicyChangeRefused(_saved_by_someone_else(current))
            if normalise_policy_text(current.text) == text:
                raise PolicyChangeRefused(
                    f"Er is niets veranderd: de tekst is gelijk aan versie {current.number}. Er is geen nieuwe versie gemaakt."
                )
            # The unique number is the guard: of two people saving at once, only one gets N + 1.
            return PolicyVersion.objects.create(number=current.number + 1, text=text, note=note, created_by=acting_user)
    except IntegrityError:
        newest = PolicyVersion.objects.select_related("created_by").order_by("-number").first()
        raise PolicyChangeRefused(_saved_by_someone_else(newest)) from None


def _saved_by_someone_else(current: PolicyVersion) -> str:
    who = (
        (current.created_by.get_full_name() or current.created_by.get_username())
        if current.created_by
        else "iemand anders"
    )
    return (
        f"Intussen heeft {who} versie {current.number} opgeslagen. Uw wijziging is niet opgeslagen. "
        "Bekijk eerst die versie en voer uw wijziging daarna opnieuw in."
    )


# --- Collection costs (art. 6:96 BW) -----------------------------------------------------------


class CostsRefused(Exception):
    """Collection costs may not be charged (yet); the message says why, in Dutch."""


def costs_status(tenancy: Tenancy, s, entries, events, today: date) -> dict | None:
    """What may be said about collection costs: None when the policy charges none or no fourteen-day
    letter went out in these arrears; else the first such letter, the costs it stated, whether they
    are charged already, and why they may not be charged yet (empty: they may). From the tenancy's
    snapshot as the policy run sees it (snapshots.of_tenancy), its whole ledger (core entries) and
    timeline (CaseEvents, newest first)."""
    if not s.policy.charge_costs:
        return None
    letters = [
        e
        for e in events
        if e.type == CaseEvent.Type.WIK_LETTER and s.episode_start and s.episode_start <= e.date <= today
    ]
    if not letters:
        return None
    letter = min(letters, key=lambda e: (e.date, e.id))  # the term counts from the first letter of these arrears
    key = f"wik-costs:{tenancy.pk}:{letter.date.isoformat()}"
    return {
        "letter": letter,
        "amount": Decimal(str(letter.params.get("costs", "0"))),
        "key": key,
        "charged": any(e.external_id == key for e in entries),
        "reasons": guardrails.why_no_costs(s, today),
    }


@transaction.atomic
def charge_collection_costs(tenancy: Tenancy, *, acting_user, on: date | None = None):
    """Book the collection costs the fourteen-day letter stated, once the policy charges costs and
    the letter's term has passed unpaid (guardrails.why_no_costs), never twice for one letter."""
    from huurpad.cases import events as case_events
    from huurpad.core.dutch import date_nl
    from huurpad.core.money import fmt_eur
    from huurpad.tenancies.models import LedgerEntry

    on = on or timezone.localdate()
    Tenancy.objects.select_for_update().filter(pk=tenancy.pk).first()  # one at a time per tenancy
    entries = [e.to_core() for e in tenancy.ledger_entries.filter(date__lte=on)]
    timeline = list(CaseEvent.objects.filter(tenancy=tenancy).order_by("-date", "-id"))
    row = arrears.one(tenancy, entries, to_cents(tenancy.monthly_due_on(on)), [(e.date, e.type) for e in timeline], on)
    snapshot = snapshots.of_tenancy(tenancy, row, entries, timeline, on, PolicyVersion.current().load())
    status = costs_status(tenancy, snapshot, entries, timeline, on)
    if status is None:
        raise CostsRefused(
            "Er zijn geen incassokosten: het beleid rekent ze niet, of er ging geen veertiendagenbrief uit voor deze achterstand."
        )
    if status["charged"]:
        raise CostsRefused("De incassokosten van deze brief staan al op de rekening.")
    if status["reasons"]:
        raise CostsRefused("Nog geen incassokosten: " + "; ".join(status["reasons"]) + ".")
    letter, amount = status["letter"], status["amount"]
    if amount <= 0:
        raise CostsRefused(
            "De veertiendagenbrief noemt geen bedrag aan incassokosten: er is niets in rekening te brengen."
        )
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                tenancy=tenancy,
                date=on,
                kind="collection_costs",
                amount_cents=to_cents(amount),
                external_id=status["key"],
                description=f"Incassokosten na de veertiendagenbrief van {date_nl(letter.date)} (art. 6:96 BW)",
            )
    except IntegrityError:
        raise CostsRefused("De incassokosten van deze brief staan al op de rekening.") from None
    case_events.note(
        tenancy,
        on,
        acting_user=acting_user,
        text=f"Incassokosten {fmt_eur(amount)} in rekening gebracht: de termijn van de veertiendagenbrief van "
        f"{date_nl(letter.date)} is voorbij en de achterstand is niet betaald (art. 6:96 BW).",
    ).save()
    return entry
