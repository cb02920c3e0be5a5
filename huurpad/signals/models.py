"""Early signals to the municipality (Wgs, Bgs art. 2), the batches they leave in, and what the
municipality reports back."""

from django.conf import settings
from django.db import models

from huurpad.core.money import from_cents

USER = settings.AUTH_USER_MODEL


class SignalExport(models.Model):
    """One batch of signals for one municipality, as written (CSV or JSON) and handed over."""

    municipality_code = models.CharField("gemeentecode", max_length=6)
    format = models.CharField(max_length=10)
    up_to = models.DateField("signalen tot en met")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField("aantal")
    content = models.TextField("inhoud")  # exactly what left the building
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "export vroegsignalen"
        verbose_name_plural = "exports vroegsignalen"


class EarlySignal(models.Model):
    """A signal the policy prepared (from its early_signal proposal), checked again, perhaps
    approved, then exported to the municipality, with the municipality's feedback."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Klaar om te versturen"
        AWAITING = "awaiting", "Wacht op akkoord"
        EXPORTED = "exported", "Verstuurd"
        CANCELLED = "cancelled", "Niet verstuurd"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="early_signals")
    proposal = models.OneToOneField(
        "collection.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="early_signal"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    municipality_code = models.CharField("gemeentecode", max_length=6)
    amount_cents = models.BigIntegerField("bedrag (cent)")
    arrears_since = models.DateField("achterstand sinds")  # VNG: ontstaansdatum
    signal_date = models.DateField("signaaldatum")
    crisis = models.BooleanField("crisissignaal", default=False)  # eviction threatens
    warm_handover = models.BooleanField("warme overdracht", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancel_reason = models.CharField("waarom niet verstuurd", max_length=300, blank=True)
    export = models.ForeignKey(SignalExport, null=True, blank=True, on_delete=models.PROTECT, related_name="signals")
    # The municipality's feedback, stored as it was sent (creditors may not learn why a signal
    # was not picked up; Huurpad keeps what came, and acts only on the code).
    result_code = models.CharField("resultaat", max_length=100, blank=True)
    result_date = models.DateField("datum resultaat", null=True, blank=True)
    first_contact = models.DateField("eerste contact gemeente", null=True, blank=True)
    feedback_raw = models.TextField("terugkoppeling zoals ontvangen", blank=True)

    class Meta:
        verbose_name = "vroegsignaal"
        verbose_name_plural = "vroegsignalen"
        indexes = [models.Index(fields=["municipality_code", "status"])]

    @property
    def reference(self) -> str:
        """Our id of the signal, in the export and in the municipality's feedback."""
        return f"HP-{self.pk:07d}"

    @property
    def amount(self):
        return from_cents(self.amount_cents)
