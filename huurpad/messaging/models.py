"""The outbox: every message Huurpad sends goes through here, exactly once."""

from django.db import models


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "In de wachtrij"
        SENT = "sent", "Verstuurd"
        FAILED = "failed", "Mislukt"
        GIVEN_UP = "given_up", "Opgegeven"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="outbox")
    proposal = models.OneToOneField(
        "collection.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="message"
    )
    action = models.CharField("soort", max_length=40)
    channel = models.CharField("kanaal", max_length=20)
    day = models.DateField("dag")  # the business day the message belongs to (one a day per tenant)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [models.Index(fields=["tenancy", "day"]), models.Index(fields=["status", "day"])]
