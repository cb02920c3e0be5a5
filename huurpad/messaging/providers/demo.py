"""A payment provider for the demo: its checkout is a page of Huurpad's own (/betalen/demo/...),
where one click 'pays', after which it calls the webhook as a real provider would."""

import secrets

from django.urls import reverse

from huurpad.core.money import from_cents

from . import Checkout, State


class Provider:
    name = "demo"

    def create(self, link, *, redirect_url: str, webhook_url: str) -> Checkout:
        from huurpad.messaging.models import DemoPayment

        payment = DemoPayment.objects.create(
            token=f"demo_{secrets.token_urlsafe(16)}",
            amount_cents=link.amount_cents,
            description=link.description,
            webhook_url=webhook_url,
            redirect_url=redirect_url,
        )
        return Checkout(provider_id=payment.token, url=reverse("messaging:demo_checkout", args=[payment.token]))

    def state(self, provider_id: str) -> State:
        from huurpad.messaging.models import DemoPayment

        payment = DemoPayment.objects.get(token=provider_id)
        if payment.paid_at:
            return State("paid", from_cents(payment.amount_cents), payment.paid_at)
        return State("open", from_cents(0))
