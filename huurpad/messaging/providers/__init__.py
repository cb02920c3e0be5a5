"""Payment providers behind one small protocol; the setting PAY_PROVIDER (HUURPAD_PAY_PROVIDER)
chooses one (`demo` by default, `mollie` with HUURPAD_MOLLIE_KEY)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib import import_module
from typing import Protocol

from django.conf import settings


@dataclass(frozen=True)
class Checkout:
    provider_id: str
    url: str


@dataclass(frozen=True)
class State:
    status: str  # "open", "paid" or "closed"
    amount: Decimal  # what was paid (0 unless paid)
    paid_at: datetime | None = None


class Provider(Protocol):
    name: str

    def create(self, link, *, redirect_url: str, webhook_url: str) -> Checkout:
        """Open a payment for the pay link; the same link twice gives the same payment."""

    def state(self, provider_id: str) -> State:
        """What the provider says now (asked on every webhook: the webhook itself says nothing)."""


def get(name: str | None = None) -> Provider:
    name = name or settings.PAY_PROVIDER
    return import_module(f"{__name__}.{name}").Provider()
