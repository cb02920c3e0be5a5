"""iDEAL through Mollie, with Mollie's own client (mollie-api-python). HUURPAD_MOLLIE_KEY holds
the API key (test_... or live_...); HUURPAD_MOLLIE_URL points at another endpoint (tests)."""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from mollie.api.client import Client

from huurpad.core.money import from_cents

from . import Checkout, State

CLOSED = {"canceled", "expired", "failed"}


class Provider:
    name = "mollie"

    def __init__(self):
        self.client = Client(api_endpoint=settings.MOLLIE_URL)
        self.client.set_api_key(settings.MOLLIE_KEY)

    def create(self, link, *, redirect_url: str, webhook_url: str) -> Checkout:
        payment = self.client.payments.create(
            {
                "amount": {"currency": "EUR", "value": f"{from_cents(link.amount_cents):.2f}"},
                "description": link.description,
                "redirectUrl": redirect_url,
                "webhookUrl": webhook_url,
                "method": "ideal",
                "metadata": {"reference": link.reference, "tenancy": link.tenancy.ref},
            },
            idempotency_key=link.reference,
        )
        return Checkout(provider_id=payment.id, url=payment.checkout_url)

    def state(self, provider_id: str) -> State:
        payment = self.client.payments.get(provider_id)
        if payment.status == "paid":
            paid_at = datetime.fromisoformat(payment.paid_at) if payment.paid_at else None
            return State("paid", Decimal(payment.amount["value"]), paid_at)
        return State("closed" if payment.status in CLOSED else "open", Decimal("0"))
