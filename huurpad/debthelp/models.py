"""Debt help (toolkit 3.9): a household's trajectory with a debt counsellor, from the Kennisgeving
to the end of the settlement, and every Schuldenknooppunt message in and out in its canonical form
(docs/debt-help.md; the transports map to and from it)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models

from huurpad.core.money import from_cents

USER = settings.AUTH_USER_MODEL


class DebtHelp(models.Model):
    """One trajectory (schuldhulptraject) of one tenancy with one counsellor. While it runs the old
    arrears wait (a pause, solutions.Pause, carries that to the policy) and the current rent is
    watched."""

    class Stage(models.TextChoices):
        KENNISGEVING = "kennisgeving", "Kennisgeving ontvangen"
        SALDO_GEVRAAGD = "saldo_gevraagd", "Saldo gevraagd"
        VOORSTEL = "voorstel", "Betaalvoorstel ontvangen"
        AKKOORD = "akkoord", "Akkoord op het voorstel"
        LOPEND = "lopend", "Schuldregeling loopt"
        GESLAAGD = "geslaagd", "Schuldregeling geslaagd"
        MISLUKT = "mislukt", "Schuldregeling mislukt"
        GEEN_MEDEWERKING = "geen_medewerking", "Geen medewerking"

    class OfferKind(models.TextChoices):
        SCHULDBEMIDDELING = "schuldbemiddeling", "Schuldbemiddeling"
        SANERINGSKREDIET = "saneringskrediet", "Saneringskrediet"
        NUL_AANBOD = "nul_aanbod", "Schuldregeling zonder afloscapaciteit (nul-aanbod)"

    ENDED = (Stage.GESLAAGD, Stage.MISLUKT, Stage.GEEN_MEDEWERKING)

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="debt_help")
    counsellor = models.CharField("schuldhulpverlener", max_length=200)  # the organisation, as it names itself
    counsellor_reference = models.CharField("kenmerk schuldhulpverlener", max_length=100)
    # The counsellor's organisation in Huurpad, when it has one: its members see this household (partner role).
    partner = models.ForeignKey(
        "cases.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="debt_help"
    )
    stage = models.CharField("fase", max_length=20, choices=Stage.choices, default=Stage.KENNISGEVING)
    started_on = models.DateField("kennisgeving op")
    # The claim as we stated it in the balance answer (saldo_antwoord), on that answer's date.
    claim_cents = models.BigIntegerField("vordering (cent)", null=True, blank=True)
    claim_on = models.DateField("vordering per", null=True, blank=True)
    # The counsellor's payment proposal (betaalvoorstel).
    offer_kind = models.CharField("soort regeling", max_length=20, choices=OfferKind.choices, blank=True)
    offer_percentage = models.DecimalField("percentage", max_digits=5, decimal_places=2, null=True, blank=True)
    offer_months = models.PositiveSmallIntegerField("looptijd (maanden)", null=True, blank=True)
    settlement_start = models.DateField("regeling loopt vanaf", null=True, blank=True)
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    # After a settlement that succeeded: the rest of the old claim written off (solutions.WriteOff).
    written_off_cents = models.BigIntegerField("kwijtgescholden (cent)", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "schuldhulptraject"
        verbose_name_plural = "schuldhulptrajecten"
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(ended_on__isnull=True), name="one_running_debt_help_per_tenancy"
            ),
        ]

    def __str__(self):
        return f"{self.counsellor} · {self.counsellor_reference}"

    @property
    def claim(self):
        return None if self.claim_cents is None else from_cents(self.claim_cents)

    @property
    def running(self) -> bool:
        return self.ended_on is None

    @property
    def expected_cents(self) -> int | None:
        """What the counsellor pays us over the settlement: the percentage of the claim."""
        if self.claim_cents is None or self.offer_percentage is None:
            return None
        return int((Decimal(self.claim_cents) * self.offer_percentage / 100).quantize(Decimal("1"), ROUND_HALF_UP))

    @property
    def expected(self):
        return None if self.expected_cents is None else from_cents(self.expected_cents)


class DebtMessage(models.Model):
    """One Schuldenknooppunt message, in (from the counsellor) or out (our answer), in the canonical
    form of docs/debt-help.md. `message_id` is unique: receiving a message again changes nothing."""

    class Direction(models.TextChoices):
        IN = "in", "Ontvangen"
        OUT = "out", "Verstuurd"

    class Type(models.TextChoices):
        KENNISGEVING = "kennisgeving", "Kennisgeving"
        SALDOVERZOEK = "saldoverzoek", "Saldoverzoek"
        BETAALVOORSTEL = "betaalvoorstel", "Betaalvoorstel"
        HEROVERWEGING = "heroverweging", "Verzoek tot heroverweging"
        STATUSBERICHT = "statusbericht", "Statusbericht"
        SCHULDREGELING_AKKOORD = "schuldregeling_akkoord", "Schuldregeling akkoord"
        SCHULDREGELING_BEEINDIGD = "schuldregeling_beeindigd", "Schuldregeling beëindigd"
        SALDO_ANTWOORD = "saldo_antwoord", "Antwoord op het saldoverzoek"
        BETAALVOORSTEL_ANTWOORD = "betaalvoorstel_antwoord", "Antwoord op het betaalvoorstel"
        GEEN_MEDEWERKING = "geen_medewerking", "Geen medewerking"

    class Via(models.TextChoices):
        WEB_SERVICE = "web_service", "Webservice Schuldenknooppunt"
        PORTAL_CSV = "portal_csv", "Portaal Schuldenknooppunt (CSV)"
        BEFORE = "before", "Met de hand, voor de koppeling"

    class Status(models.TextChoices):
        RECEIVED = "received", "Ontvangen"
        AWAITING_DECISION = "awaiting_decision", "Wacht op een besluit"  # an answer owed, a person decides
        SENT = "sent", "Verstuurd"

    message_id = models.CharField("berichtnummer", max_length=100, unique=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    type = models.CharField("soort", max_length=30, choices=Type.choices)
    date = models.DateField("datum")  # sent on (in: by the counsellor; out: by us)
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="debt_messages")
    debt_help = models.ForeignKey(DebtHelp, on_delete=models.PROTECT, related_name="messages")
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="answers")
    status = models.CharField(max_length=20, choices=Status.choices)
    due_date = models.DateField("uiterlijk beantwoorden op", null=True, blank=True)  # answers owed
    payload = models.JSONField("inhoud", default=dict)  # the canonical fields beyond the ones above
    # Who decided an answer: the covenant's rules (decided_by 'covenant', no user) or a person.
    decided_by = models.CharField("besloten door", max_length=20, blank=True)
    decided_user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    why = models.TextField("waarom", blank=True)
    # An answer released ('sent') is handed to the Schuldenknooppunt once by a transport
    # (debthelp/exchange.py): the day, the way and the service's receipt or the file written.
    handed_over_on = models.DateField("doorgegeven op", null=True, blank=True)
    handed_over_via = models.CharField("doorgegeven via", max_length=20, choices=Via.choices, blank=True)
    receipt = models.CharField("ontvangstbewijs", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bericht schuldhulp"
        verbose_name_plural = "berichten schuldhulp"
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["direction", "status", "due_date"])]
