"""The legal track of a tenancy: after the hand-over to the bailiff, the summons, the hearing, the
judgment, its service, the eviction date and how it ended. One record per track (`LegalCase`), one
row per step (`LegalStep`). Only legal/track.py changes them."""

from django.conf import settings
from django.db import models

from huurpad.core.dutch import EVICTION_CANCEL_REASONS, JUDGMENT_OUTCOMES


class Stage(models.TextChoices):
    BAILIFF_HANDOVER = "bailiff_handover", "Overgedragen aan de deurwaarder"
    SUMMONS_SERVED = "summons_served", "Dagvaarding betekend"
    HEARING = "hearing", "Zitting bij de kantonrechter"
    JUDGMENT = "judgment", "Vonnis"
    JUDGMENT_SERVED = "judgment_served", "Vonnis betekend"
    EVICTION_SCHEDULED = "eviction_scheduled", "Ontruiming gepland"
    EVICTION_CANCELLED = "eviction_cancelled", "Ontruiming afgeblazen"
    EVICTION_EXECUTED = "eviction_executed", "Ontruiming uitgevoerd"
    STRUCK_OUT = "struck_out", "Zaak doorgehaald"


class LegalCase(models.Model):
    """One track from the hand-over to its end (eviction carried out or the case struck out). The
    dates of each stage are kept here for the case file and the eviction prevention; every step
    with who decided it and its document is a LegalStep."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="legal_cases")
    stage = models.CharField("fase", max_length=30, choices=Stage.choices)
    opened_on = models.DateField("gestart op")
    handed_over_on = models.DateField("overgedragen op", null=True, blank=True)
    summons_served_on = models.DateField("dagvaarding betekend op", null=True, blank=True)
    court_date = models.DateField("zitting op", null=True, blank=True)
    judgment_on = models.DateField("vonnis op", null=True, blank=True)
    outcome = models.CharField("uitspraak", max_length=30, choices=list(JUDGMENT_OUTCOMES.items()), blank=True)
    conditions = models.TextField("voorwaarden van de rechter", blank=True)
    judgment_served_on = models.DateField("vonnis betekend op", null=True, blank=True)
    eviction_date = models.DateField("ontruiming op", null=True, blank=True)
    cancel_reason = models.CharField(
        "reden afgeblazen", max_length=30, choices=list(EVICTION_CANCEL_REASONS.items()), blank=True
    )
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    # A step towards eviction met a debt-help trajectory, moratorium or honoured arrangement.
    held_since = models.DateField("aangehouden sinds", null=True, blank=True)
    hold_reason = models.CharField("reden aanhouden", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "juridisch traject"
        verbose_name_plural = "juridische trajecten"
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(ended_on__isnull=True), name="one_running_legal_case_per_tenancy"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()} · {self.tenancy_id}"

    @property
    def running(self) -> bool:
        return self.ended_on is None


class LegalStep(models.Model):
    """One step of the track: what, on which day, who decided it (a person in Huurpad, or the court
    or bailiff as named), the document it rests on (a reference: Huurpad stores no uploads), and
    where it came from."""

    class Source(models.TextChoices):
        HUURPAD = "huurpad", "Vastgelegd in Huurpad"
        IMPORT = "import", "Uit de eerdere administratie"
        BAILIFF = "bailiff", "Statusbestand van de deurwaarder"

    legal_case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="steps")
    stage = models.CharField("stap", max_length=30, choices=Stage.choices)
    date = models.DateField("datum")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_name = models.CharField("besloten door", max_length=200, blank=True)
    document = models.CharField("stuk (kenmerk of naam)", max_length=200, blank=True)
    note = models.TextField("toelichting", blank=True)
    source = models.CharField("bron", max_length=20, choices=Source.choices, default=Source.HUURPAD)
    # The bailiff's costs as the bailiff states them; booked only by the team leader (track.charge_costs).
    costs_cents = models.BigIntegerField("kosten deurwaarder (cent)", null=True, blank=True)
    costs_charged_on = models.DateField("kosten geboekt op", null=True, blank=True)
    held = models.BooleanField("aangehouden", default=False)  # recorded as a fact, but the track is held
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stap in het juridisch traject"
        verbose_name_plural = "stappen in het juridisch traject"
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date} {self.get_stage_display()}"
