"""Storing a request for help from the public pages. Limits against abuse count per household
(its phone number or e-mail address), so that a whole city behind one proxy can still ask; only a
flood from one network address far beyond what households send is held back. A request that is
not stored is never dropped silently: the page says why and what the household can do."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import HelpRequest

PER_HOUSEHOLD_PER_DAY = 3  # the same phone number or e-mail address: more is a repeat, not a new question
PER_ADDRESS_PER_HOUR = 60  # one network address (a proxy serves many households): only a flood is held back


@dataclass(frozen=True)
class Outcome:
    stored: HelpRequest | None
    refused: str = ""  # why not stored: 'household' | 'flood'


def phone_key(phone: str) -> str:
    """A phone number as digits, the Dutch way: '+31 6-1234 5678' and '0612345678' are one number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and (phone or "").strip().startswith("+"):
        digits = "0" + digits[2:]
    return digits


def _same_household(phone: str, email: str, since) -> int:
    """How many requests since `since` came from this phone number or e-mail address."""
    wanted_phone, wanted_email = phone_key(phone), (email or "").strip().lower()
    recent = HelpRequest.objects.filter(created_at__gte=since)
    if wanted_email:
        recent = recent.filter(Q(email__iexact=wanted_email) | ~Q(phone=""))
    else:
        recent = recent.exclude(phone="")
    return sum(
        1
        for row_phone, row_email in recent.values_list("phone", "email")
        if (wanted_phone and phone_key(row_phone) == wanted_phone)
        or (wanted_email and row_email.lower() == wanted_email)
    )


def _flood(client_address: str) -> bool:
    key = f"help-requests:{client_address}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > PER_ADDRESS_PER_HOUR


@transaction.atomic
def ask_for_help(
    *,
    name: str,
    phone: str,
    email: str,
    question: str,
    municipality_code: str,
    household: str,
    findings: str,
    consent_text: str,
    client_address: str,
    acting_user=None,
) -> Outcome:
    """Store a household's request for a conversation, unless this household already asked
    PER_HOUSEHOLD_PER_DAY times today or its network address floods us. Public: no acting user."""
    now = timezone.now()
    if _same_household(phone, email, now - timedelta(days=1)) >= PER_HOUSEHOLD_PER_DAY:
        return Outcome(None, "household")
    if _flood(client_address):
        return Outcome(None, "flood")
    row = HelpRequest.objects.create(
        name=name.strip(),
        phone=phone.strip(),
        email=email,
        question=question.strip(),
        municipality_code=municipality_code,
        household=household,
        findings=findings,
        consent_text=consent_text,
        consent_at=now,
    )
    return Outcome(row)
