"""The collection policy in the database: its versions, the daily runs and what they proposed."""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils import timezone

from huurpad.core.policy import config
from huurpad.core.policy.proposal import Action


class PolicyVersion(models.Model):
    """One version of the policy text. Never edited: a change is a new version."""

    number = models.PositiveIntegerField("versie", unique=True)
    text = models.TextField("beleid (TOML)")
    note = models.CharField("toelichting", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("vastgesteld op", auto_now_add=True)

    class Meta:
        verbose_name = "beleidsversie"
        verbose_name_plural = "beleidsversies"
        ordering = ["-number"]

    def __str__(self):
        return f"versie {self.number}"

    @classmethod
    def current(cls) -> "PolicyVersion":
        """The newest version; the default policy becomes version 1 the first time it is asked."""
        latest = cls.objects.order_by("-number").first()
        if latest is None:
            latest, _ = cls.objects.get_or_create(
                number=1, defaults={"text": config.default_text(), "note": "Standaardbeleid Gereedschapskist"}
            )
        return latest

    def load(self) -> config.Policy:
        return _load(self.text, str(self.number))

    @classmethod
    def policy_in_force(cls) -> config.Policy:
        return cls.current().load()


@lru_cache(maxsize=16)
def _load(text: str, version: str) -> config.Policy:
    """Parsed once per process and text: every page that explains a step asks for the policy."""
    return config.load(text, version=version)


class PolicyRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Bezig"
        DONE = "done", "Klaar"
        FAILED = "failed", "Mislukt"

    # The lock (one run at a time, below) is held on a lease: the running process renews it every
    # LEASE / 3 (runlock.py). A run whose process is gone, or whose lease ran out, is taken over.
    LEASE = timedelta(minutes=15)

    day = models.DateField("dag")
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField("duur (s)", null=True, blank=True)
    counts = models.JSONField("aantallen", default=dict, blank=True)
    full = models.BooleanField("alle huurcontracten bekeken", default=True)
    # The newest ledger entry and timeline event when the run started: the next run looks again
    # at tenancies with anything newer (see selection.py).
    ledger_mark = models.BigIntegerField(default=0)
    event_mark = models.BigIntegerField(default=0)
    # Who holds the lock while the run is busy, and until when.
    host = models.CharField("server", max_length=255, blank=True)
    pid = models.IntegerField("proces", null=True, blank=True)
    lease_until = models.DateTimeField("vergrendeld tot", null=True, blank=True)
    note = models.CharField("opmerking", max_length=300, blank=True)  # why a busy run was stopped: taken over, released

    class Meta:
        verbose_name = "beleidsrun"
        verbose_name_plural = "beleidsruns"
        ordering = ["-started_at"]
        constraints = [
            # The lock: at most one run is busy at any time, on SQLite and PostgreSQL alike.
            models.UniqueConstraint(fields=["status"], condition=models.Q(status="running"), name="one_run_at_a_time")
        ]

    def __str__(self):
        return f"run {self.day} ({self.get_status_display()})"


class Proposal(models.Model):
    """A next step the policy proposed for a tenancy, once per (tenancy, rule, period)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Voorgesteld"
        QUEUED = "queued", "In de wachtrij"
        DONE = "done", "Gedaan"
        DISMISSED = "dismissed", "Afgewezen"

    # No index of its own: the unique constraint on (tenancy, rule, period) serves every lookup by
    # tenancy, and each extra index is written for every proposal a run stores.
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="proposals", db_index=False)
    run = models.ForeignKey(PolicyRun, on_delete=models.PROTECT, related_name="proposals")
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField("regel", max_length=40)
    action = models.CharField("stap", max_length=40, choices=[(a.value, a.value) for a in Action])
    channel = models.CharField("kanaal", max_length=20, blank=True)
    period = models.CharField("periode", max_length=40)
    due_date = models.DateField("datum")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    explanation = models.TextField("uitleg")
    legal_basis = models.CharField("wettelijke grondslag", max_length=100, blank=True)
    facts = models.JSONField("feiten", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "voorstel"
        verbose_name_plural = "voorstellen"
        constraints = [models.UniqueConstraint(fields=["tenancy", "rule", "period"], name="one_proposal_per_period")]
        indexes = [models.Index(fields=["due_date", "status"])]

    def __str__(self):
        return f"{self.action} {self.period}"

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.period}"


class TenancyState(models.Model):
    """A tenancy that owed something at the last run, and how much: the next run looks at it again
    (its arrears may have grown, or been cleared: a compliment). Removed once nothing is owed."""

    tenancy = models.OneToOneField("tenancies.Tenancy", on_delete=models.CASCADE, related_name="state")
    day = models.DateField("laatst bekeken op")
    arrears_cents = models.BigIntegerField(default=0)
    days_overdue = models.IntegerField(default=0)
    oldest_unpaid_due_date = models.DateField(null=True, blank=True)
    # The first day of the current stretch of arrears on `day`, and the newest ledger entry when
    # that run started: the next run carries the start forward when nothing can have broken the
    # stretch since (snapshots.episode_starts).
    episode_start = models.DateField(null=True, blank=True)
    ledger_mark = models.BigIntegerField(default=0)
    # The earliest day after `day` on which a rule could propose something new if nothing new is
    # booked or recorded (core.policy.engine.next_wake); NEVER when no such day exists. Until then
    # a next day skips the tenancy unless something changed (selection.to_look_at).
    wake_on = models.DateField(null=True, blank=True)
    segment = models.CharField("profiel", max_length=20, blank=True)  # on `day`; orders the worklists
    # The arrears were cleared by a direct debit the bank may still return: the position before,
    # kept until the money is final, so the compliment is given for it then (rules.compliment_waits).
    # Zero arrears: nothing waits.
    cleared_arrears_cents = models.BigIntegerField(default=0)
    cleared_days_overdue = models.IntegerField(default=0)
    cleared_oldest_unpaid_due_date = models.DateField(null=True, blank=True)

    NEVER = date(9999, 12, 31)

    class Meta:
        verbose_name = "stand van een huurcontract"
        verbose_name_plural = "standen van huurcontracten"
