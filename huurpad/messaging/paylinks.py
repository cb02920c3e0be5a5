"""Pay links: opened for an amount a tenant owes, settled when the provider reports a payment.

The provider's webhook says only "something changed about payment X"; Huurpad then asks the
provider for X's state and books a payment on the ledger with external id 'provider:X'. The
ledger's external ids are unique, so a repeated, late or out-of-order webhook books nothing
twice.
"""

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from huurpad.core.money import to_cents
from huurpad.tenancies.models import LedgerEntry

from . import outbox, providers
from .models import OutboxMessage, PayLink

LOCAL_URL = "http://127.0.0.1:8000"  # where `huurpad demo` serves


def public_url(request=None) -> str:
    """Where links to Huurpad begin (pay links and the provider's webhook, the portal's sign-in
    links): the setting PUBLIC_URL (HUURPAD_PUBLIC_URL); unset, the address the request came in
    on (ALLOWED_HOSTS guards the Host header), or, for a command without a request, LOCAL_URL."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return LOCAL_URL


def open_link(
    tenancy,
    amount: Decimal,
    description: str = "",
    *,
    base_url: str,
    provider: str | None = None,
    message: OutboxMessage | None = None,
) -> PayLink:
    """A new pay link (by default for the arrears: 'Huurachterstand <contract>'); `base_url` is
    where the provider can reach Huurpad (https://... in production); `message` the one that
    will carry it."""
    description = description or f"Huurachterstand {tenancy.ref}"
    if amount <= 0:
        raise ValueError("een betaallink is voor een bedrag boven nul")
    chosen = providers.get(provider)
    link = PayLink.objects.create(
        tenancy=tenancy,
        amount_cents=to_cents(amount),
        description=description[:100],
        provider=chosen.name,
        message=message,
    )
    checkout = chosen.create(
        link,
        redirect_url=base_url + reverse("messaging:paid"),
        webhook_url=base_url + reverse("messaging:webhook", args=[chosen.name]),
    )
    url = checkout.url if checkout.url.startswith("http") else base_url + checkout.url
    PayLink.objects.filter(pk=link.pk).update(provider_id=checkout.provider_id, checkout_url=url)
    link.refresh_from_db()
    return link


def settle(provider: str, provider_id: str) -> PayLink | None:
    """What a webhook does: ask the provider, book a payment once, close the link. None for an
    id Huurpad does not know (answered like any other, so the webhook tells outsiders nothing)."""
    link = PayLink.objects.select_related("tenancy").filter(provider=provider, provider_id=provider_id).first()
    if link is None:
        return None
    state = providers.get(provider).state(provider_id)
    if state.status == "paid":
        paid_at = state.paid_at or timezone.now()
        with transaction.atomic():
            if not LedgerEntry.objects.filter(external_id=link.ledger_id).exists():
                try:
                    with transaction.atomic():
                        LedgerEntry.objects.create(
                            tenancy=link.tenancy,
                            date=timezone.localdate(paid_at),
                            kind="payment",
                            amount_cents=to_cents(state.amount),
                            external_id=link.ledger_id,
                            description="Betaald met de betaallink (iDEAL)",
                        )
                except IntegrityError:
                    pass  # another webhook for the same payment booked it a moment ago
            PayLink.objects.filter(pk=link.pk).exclude(status=PayLink.Status.PAID).update(
                status=PayLink.Status.PAID, paid_at=paid_at
            )
            if link.message_id:
                _close(link.message_id)
    elif state.status == "closed":
        PayLink.objects.filter(pk=link.pk, status=PayLink.Status.OPEN).update(status=PayLink.Status.CLOSED)
    link.refresh_from_db()
    return link


def _close(message_id: int) -> None:
    """Paid through a message's link: that step of the policy is done, and if the message has not
    gone out yet (a letter waiting for the post room), it no longer goes."""
    message = OutboxMessage.objects.select_related("tenancy").get(pk=message_id)
    if message.status in (OutboxMessage.Status.QUEUED, OutboxMessage.Status.FAILED):
        outbox.give_up(message, "niet meer nodig: betaald met de betaallink", outbox.Counts())
    outbox.proposals.paid(message.proposal_id)
