"""The outbox: every message Huurpad sends goes through here, exactly once."""

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "In de wachtrij"
        SENDING = "sending", "Wordt verstuurd"
        SENT = "sent", "Verstuurd"
        FAILED = "failed", "Mislukt, wordt opnieuw geprobeerd"
        GIVEN_UP = "given_up", "Opgegeven"
        # A worker stopped while sending on a channel that cannot tell a repeat from a new message:
        # it may have gone out. Never sent again by itself; a person checks.
        UNCERTAIN = "uncertain", "Onzeker of verstuurd"

    # Looked up by tenancy through the index on (tenancy, day) below; no second index of its own.
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="outbox", db_index=False)
    proposal = models.OneToOneField(
        "collection.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="message"
    )
    action = models.CharField("soort", max_length=40)
    channel = models.CharField("kanaal", max_length=20)
    day = models.DateField("dag")  # the business day the message belongs to (one a day per tenant)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    # The officer who wrote it (a personal message); empty for the policy's messages.
    created_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What goes out, written when the message is composed; the worker sends only composed messages.
    # Defaults live in the database too: the policy run queues messages with one INSERT ... SELECT.
    recipient = models.CharField("aan", max_length=200, blank=True, db_default="")
    subject = models.CharField("onderwerp", max_length=200, blank=True, db_default="")
    body = models.TextField("tekst", blank=True, db_default="")
    # Sending: each attempt claims the message first (status SENDING, claimed_at), by a
    # conditional update, so two workers never send the same message.
    attempts = models.PositiveSmallIntegerField("pogingen", db_default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField("volgende poging", null=True, blank=True)
    sent_at = models.DateTimeField("verstuurd op", null=True, blank=True)
    # The day it went out: the day a letter was printed and posted (the date on it, from which the
    # WIK letter's 14 days run), else the day it was sent. The timeline's event carries the same
    # day; the evidence pack shows this one (went_out_on).
    sent_on = models.DateField("verstuurd op (dag)", null=True, blank=True)
    # The provider's status report: the message reached the phone (SMS, WhatsApp).
    delivered_at = models.DateTimeField("afgeleverd op", null=True, blank=True)
    provider_ref = models.CharField("kenmerk bij de provider", max_length=100, blank=True, db_default="")
    last_error = models.TextField("laatste fout", blank=True, db_default="")

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [models.Index(fields=["tenancy", "day"]), models.Index(fields=["status", "day"])]

    @property
    def reference(self) -> str:
        """Our own reference for this message, the same on every attempt: a provider that knows it
        delivers a repeated request once."""
        return f"huurpad{self.pk}"  # letters and digits only: what every provider accepts

    @property
    def went_out_on(self):
        """The day it went out; for a message sent before sent_on was kept, the day of sent_at."""
        if self.sent_on is not None:
            return self.sent_on
        return timezone.localdate(self.sent_at) if self.sent_at else self.day


class Sender(models.Model):
    """The corporation as tenants see it on letters and messages. One row, kept by the beheerder."""

    name = models.CharField("naam", max_length=100)
    street_address = models.CharField("straat en huisnummer", max_length=100)
    postcode_city = models.CharField("postcode en plaats", max_length=100)
    phone = models.CharField("telefoon", max_length=30)
    email = models.EmailField("e-mail", blank=True)
    website = models.CharField("website", max_length=100, blank=True)
    iban = models.CharField("IBAN voor de huur", max_length=34, blank=True)

    class Meta:
        verbose_name = "afzender"
        verbose_name_plural = "afzender"

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Sender":
        sender = cls.objects.order_by("id").first()
        if sender is None:
            raise cls.DoesNotExist("Vul eerst de afzender in (beheer, Afzender): naam, adres en telefoon.")
        return sender


class PayLink(models.Model):
    """A link a tenant pays by (iDEAL through a payment provider). Its payment is booked on the
    ledger once, whatever the provider reports and however often."""

    class Status(models.TextChoices):
        OPEN = "open", "Nog niet betaald"
        PAID = "paid", "Betaald"
        CLOSED = "closed", "Verlopen of afgebroken"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="pay_links")
    # The message that carried the link (a nudge, a letter); empty for a link an officer made.
    message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.PROTECT, related_name="pay_links"
    )
    amount_cents = models.BigIntegerField("bedrag (cent)")
    description = models.CharField("omschrijving", max_length=100)
    provider = models.CharField("betaalprovider", max_length=20)
    provider_id = models.CharField("kenmerk bij de provider", max_length=100, blank=True)
    checkout_url = models.URLField("betaallink", max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField("betaald op", null=True, blank=True)

    class Meta:
        verbose_name = "betaallink"
        verbose_name_plural = "betaallinks"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"], condition=~models.Q(provider_id=""), name="one_link_per_payment"
            )
        ]

    @property
    def reference(self) -> str:
        return f"huurpad-betaal-{self.pk}"

    @property
    def ledger_id(self) -> str:
        """The external id of its payment on the ledger: unique there, so booked at most once."""
        return f"{self.provider}:{self.provider_id}"


class DemoPayment(models.Model):
    """The demo payment provider's own record of a payment (what Mollie keeps on its side)."""

    token = models.CharField(max_length=40, unique=True)
    amount_cents = models.BigIntegerField()
    description = models.CharField(max_length=100)
    webhook_url = models.CharField(max_length=300)
    redirect_url = models.CharField(max_length=300)
    paid_at = models.DateTimeField(null=True, blank=True)
