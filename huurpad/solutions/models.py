"""Solutions once arrears exist (toolkit chapter 3): payment arrangements, the pause button,
write-offs in four steps, rent paid from benefits, and permission for a lodger."""

from django.conf import settings
from django.db import models

from huurpad.core.dutch import PAUSE_REASONS
from huurpad.core.money import from_cents
from huurpad.core.policy.facts import Arrangement as Terms

USER = settings.AUTH_USER_MODEL


class Arrangement(models.Model):
    """A payment arrangement (betalingsregeling): the arrears paid off in monthly instalments on
    top of the rent. Its terms go on the timeline when it starts, where the policy reads them."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Wacht op de teamleider"  # outside what an officer may agree alone
        RUNNING = "running", "Loopt"
        ENDED = "ended", "Beëindigd"
        REFUSED = "refused", "Niet goedgekeurd"

    class Source(models.TextChoices):
        TENANT = "tenant", "Voorstel van de huurder"
        INCOME = "income", "Berekend uit inkomen"
        HISTORY = "history", "Uit het vorige systeem"  # imported with the case history (events.jsonl)

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="arrangements")
    status = models.CharField(max_length=20, choices=Status.choices)
    source = models.CharField("op basis van", max_length=20, choices=Source.choices)
    arrears_at_start_cents = models.BigIntegerField("achterstand bij de start (cent)")
    instalment_cents = models.BigIntegerField("termijn (cent)")
    count = models.PositiveSmallIntegerField("aantal termijnen")
    first_due = models.DateField("eerste termijn")
    net_income_cents = models.BigIntegerField("netto inkomen (cent)", null=True, blank=True)
    household = models.CharField("huishouden", max_length=20, blank=True)
    reasons = models.TextField("uitleg", blank=True)  # how the instalment was sized, in Dutch
    # Empty: imported from the previous system's history (source 'history').
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("gestart op", null=True, blank=True)
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    end_reason = models.CharField("reden einde", max_length=200, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")

    class Meta:
        verbose_name = "betalingsregeling"
        verbose_name_plural = "betalingsregelingen"
        # One running, and one waiting for the team leader (which may replace the running one).
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(status="running"), name="one_running_arrangement_per_tenancy"
            ),
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(status="awaiting"), name="one_awaiting_arrangement_per_tenancy"
            ),
        ]

    @property
    def instalment(self):
        return from_cents(self.instalment_cents)

    @property
    def arrears_at_start(self):
        return from_cents(self.arrears_at_start_cents)

    @property
    def last_instalment(self):
        """The last instalment: what is left after the others (smaller when the arrears do not
        divide evenly), from the same schedule the policy follows."""
        return self.terms().last_instalment

    def terms(self) -> Terms:
        """The terms as the policy reads them from the timeline."""
        return Terms(
            start=self.started_on or self.first_due,
            arrears_at_start=self.arrears_at_start,
            instalment=self.instalment,
            first_due=self.first_due,
            count=self.count,
        )


class Pause(models.Model):
    """The pause button (pauzeknop, toolkit 3.5): no escalation, no costs, no reminders about the
    old arrears until the review date; only the current rent is watched."""

    class Reason(models.TextChoices):
        OFFICER = "officer", PAUSE_REASONS["officer"]
        KENNISGEVING = "kennisgeving", PAUSE_REASONS["kennisgeving"]
        MUNICIPAL_HELP = "municipal_help", PAUSE_REASONS["municipal_help"]
        MORATORIUM = "moratorium", PAUSE_REASONS["moratorium"]
        # A debt settlement agreed through the Schuldenknooppunt runs (debthelp): its whole term.
        DEBT_SETTLEMENT = "debt_settlement", PAUSE_REASONS["debt_settlement"]

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="pauses")
    reason = models.CharField("reden", max_length=20, choices=Reason.choices)
    note = models.CharField("toelichting", max_length=300, blank=True)
    start = models.DateField("vanaf")
    review_date = models.DateField("evaluatiedatum")
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    # Empty: started by the municipality's feedback on an early signal (signals.apply_feedback).
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_history = models.BooleanField("uit het vorige systeem", default=False)  # imported (events.jsonl)

    class Meta:
        verbose_name = "pauze"
        verbose_name_plural = "pauzes"
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(ended_on__isnull=True), name="one_running_pause_per_tenancy"
            ),
        ]


class WriteOff(models.Model):
    """A write-off (kwijtschelding) in the four steps of toolkit 3.6: the officer proposes, the
    team leader reviews, the controller assesses, the manager decides. Four different people."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Voorgesteld, wacht op de teamleider"
        REVIEWED = "reviewed", "Beoordeeld, wacht op de controller"
        ASSESSED = "assessed", "Getoetst, wacht op de manager"
        APPROVED = "approved", "Goedgekeurd en geboekt"
        REJECTED = "rejected", "Afgewezen"

    class ReasonCategory(models.TextChoices):
        """Why, in a few kinds the reports count (toolkit 3.6: repaying is impossible, and with
        help the household has a future); the free text says the rest."""

        FRESH_START = "fresh_start", "Nieuwe start met hulp"  # repaying is impossible; the tenant accepts (debt) help
        LIFE_EVENT = "life_event", "Overlijden of andere ingrijpende gebeurtenis"  # death, illness, a divorce, ...
        UNRECOVERABLE = "unrecoverable", "Niet te innen"  # no income or means to pay it back from, now or later
        # The rest of the old claim after a debt settlement that succeeded (debthelp): one decision
        # of a team leader, as the settlement agreed, not the four steps.
        DEBT_SETTLEMENT = "debt_settlement", "Schuldregeling geslaagd"
        OTHER = "other", "Andere reden"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="write_offs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    amount_cents = models.BigIntegerField("bedrag (cent)")  # as it stands now (the team leader may adjust)
    # Proposals made before the kinds existed count as 'other'.
    reason_category = models.CharField(
        "soort reden", max_length=20, choices=ReasonCategory.choices, default=ReasonCategory.OTHER
    )
    reason = models.TextField("reden")
    conditions = models.TextField("voorwaarden", blank=True)  # e.g. 'accepts help from the buurtteam'
    open_question = models.TextField("open vraag van de controller", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kwijtschelding"
        verbose_name_plural = "kwijtscheldingen"

    @property
    def amount(self):
        return from_cents(self.amount_cents)


class WriteOffStep(models.Model):
    """One step taken on a write-off, by whom, with what decision: the audit trail."""

    class Step(models.TextChoices):
        PROPOSE = "propose", "Voorstel"
        REVIEW = "review", "Beoordeling teamleider"
        ASSESS = "assess", "Toetsing controller"
        APPROVE = "approve", "Besluit manager"
        QUESTION = "question", "Vraag van de controller"
        ANSWER = "answer", "Antwoord"

    write_off = models.ForeignKey(WriteOff, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=20, choices=Step.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField("akkoord", null=True)
    amount_cents = models.BigIntegerField("bedrag (cent)", null=True, blank=True)
    note = models.TextField("toelichting", blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stap kwijtschelding"
        verbose_name_plural = "stappen kwijtschelding"
        ordering = ["at", "id"]


class BenefitPayment(models.Model):
    """Rent paid straight from benefits (Geregelde Betaling, toolkit 3.1): the municipality pays
    `amount` each month around `day`; what arrives is reconciled against it."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="benefit_payments")
    municipality_code = models.CharField("gemeentecode", max_length=6)
    amount_cents = models.BigIntegerField("bedrag per maand (cent)")
    day = models.PositiveSmallIntegerField("rond de dag")
    payer_iban = models.CharField("rekening van de gemeente", max_length=34, blank=True)
    start = models.DateField("vanaf")
    end = models.DateField("tot en met", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "geregelde betaling"
        verbose_name_plural = "geregelde betalingen"

    @property
    def amount(self):
        return from_cents(self.amount_cents)


class LodgerPermission(models.Model):
    """Permission for a lodger or subtenant (toolkit 3.7, Onder de Pannen), at most a year, to
    earn back arrears."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="lodger_permissions")
    lodger_name = models.CharField("naam kamerhuurder", max_length=100)
    start = models.DateField("vanaf")
    end = models.DateField("tot en met")
    purpose = models.CharField("doel", max_length=200, default="Achterstand inlopen")
    monthly_income_cents = models.BigIntegerField("huur van de kamerhuurder per maand (cent)", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "toestemming kamerhuurder"
        verbose_name_plural = "toestemmingen kamerhuurder"
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="lodger_end_after_start")
        ]
