"""The household plan (toolkit 3.8, Achter de voordeur and the Doorbraakmethode): one plan per
household across the life domains, with goals, actions by named helpers and one coordinator
(regisseur); the corporation's own contributions as actions it must answer; and the register of
Doorbraak requests a coach makes of the corporation, each answered in writing within the policy's
term, with alternatives when refused (Almelo). What changes them is plans/plans.py."""

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Domain(models.TextChoices):
    """The life domains of the plan (toolkit 3.8, Achter de voordeur Woonstede)."""

    MONEY = "money", "Geld"
    HOUSING = "housing", "Wonen"
    HEALTH = "health", "Gezondheid"
    MENTAL_HEALTH = "mental_health", "Psychische gezondheid"
    LANGUAGE = "language", "Taal en opleiding"
    CHILDREN = "children", "Kinderen"
    SOCIAL = "social", "Sociaal netwerk"
    DAYTIME = "daytime", "Dagbesteding"


class Contribution(models.TextChoices):
    """What the corporation itself can add to a plan (toolkit 3.8: '(andere) huurwoning of een
    regeling op het gebied van huurschulden'), and what a coach may ask it to break through for."""

    OTHER_HOME = "other_home", "Een andere woning"
    RENT_DEBT_ARRANGEMENT = "rent_debt_arrangement", "Een regeling voor de huurschuld"
    WRITE_OFF = "write_off", "Kwijtschelding van (een deel van) de huurschuld"
    RENT_EXEMPTION = "rent_exemption", "Tijdelijk geen of minder huur"
    NO_EVICTION = "no_eviction", "Geen ontruiming of deurwaarder"
    OTHER = "other", "Iets anders"


class Plan(models.Model):
    """One household plan (plan van aanpak) of a tenancy; at most one runs at a time."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="plans")
    started_on = models.DateField("gestart op")
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # The one coordinator (regisseur): one of the plan's helpers.
    coordinator = models.ForeignKey(
        "Helper", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="regisseur"
    )
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "plan van aanpak"
        verbose_name_plural = "plannen van aanpak"
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(ended_on__isnull=True), name="one_running_plan_per_tenancy"
            )
        ]

    def __str__(self):
        return f"plan {self.tenancy_id} sinds {self.started_on}"

    @property
    def running(self) -> bool:
        return self.ended_on is None


class Helper(models.Model):
    """A named helper (hulpverlener) in the plan: a person and their organisation, perhaps a partner
    organisation Huurpad knows (whose staff then see the plan), or one of the corporation's own
    staff. Stops being active when they step out; they stay on the plan's record."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="helpers")
    name = models.CharField("naam", max_length=100)
    organisation = models.CharField("organisatie", max_length=100)
    partner = models.ForeignKey(
        "cases.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_helpers"
    )
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_helpers")
    role = models.CharField("wat doet deze hulpverlener", max_length=200, blank=True)
    active = models.BooleanField("actief", default=True)
    added_on = models.DateField("toegevoegd op")
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    stopped_on = models.DateField("gestopt op", null=True, blank=True)

    class Meta:
        verbose_name = "hulpverlener"
        verbose_name_plural = "hulpverleners"
        ordering = ["added_on", "id"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Goal(models.Model):
    """A goal in one life domain: where the household stands now, and where it wants to be."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    domain = models.CharField("leefgebied", max_length=20, choices=Domain.choices)
    situation = models.TextField("hoe het nu gaat")
    aim = models.TextField("doel")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["id"]

    def __str__(self):
        return self.aim


class Action(models.Model):
    """Something a helper will do in one life domain, or one of the corporation's own
    contributions (`contribution` set): those the corporation must answer, by doing them."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    domain = models.CharField("leefgebied", max_length=20, choices=Domain.choices)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    helper = models.ForeignKey(Helper, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    contribution = models.CharField(
        "bijdrage van de corporatie", max_length=30, choices=Contribution.choices, blank=True
    )
    text = models.CharField("wat", max_length=300)
    due_on = models.DateField("klaar op", null=True, blank=True)
    done_on = models.DateField("gedaan op", null=True, blank=True)
    done_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["done_on", "due_on", "id"]

    def __str__(self):
        return self.text


class DoorbraakRequest(models.Model):
    """A coach asks the corporation to break through its own rule for this household (toolkit 3.8,
    Almelo): the corporation always takes it up and answers in writing by `answer_due`; a refusal
    says why and what the alternatives are."""

    class Decision(models.TextChoices):
        GRANTED = "granted", "Toegekend"
        PARTLY = "partly", "Deels toegekend"
        REFUSED = "refused", "Afgewezen"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="doorbraak_requests")
    kind = models.CharField("wat wordt gevraagd", max_length=30, choices=Contribution.choices)
    question = models.TextField("het verzoek")
    asked_by = models.CharField("gevraagd door (coach)", max_length=100)
    asked_by_organisation = models.CharField("organisatie van de coach", max_length=100)
    received_on = models.DateField("ontvangen op")
    answer_due = models.DateField("antwoord uiterlijk")
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("besluit", max_length=20, choices=Decision.choices, blank=True)
    answer = models.TextField("antwoord", blank=True)
    alternatives = models.TextField("alternatieven", blank=True)
    answered_on = models.DateField("beantwoord op", null=True, blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # A request granted (wholly or partly) becomes one of the corporation's contributions.
    action = models.OneToOneField(Action, null=True, blank=True, on_delete=models.PROTECT, related_name="request")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "doorbraakverzoek"
        verbose_name_plural = "doorbraakverzoeken"
        ordering = ["received_on", "id"]
        constraints = [
            # Answered means: a decision, its written answer, the day and who; refused means alternatives too.
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True, decision="")
                | (
                    models.Q(answered_on__isnull=False, answered_by__isnull=False)
                    & ~models.Q(decision="")
                    & ~models.Q(answer="")
                    & (~models.Q(decision="refused") | ~models.Q(alternatives=""))
                ),
                name="doorbraak_answered_in_writing",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_on})"

    @property
    def open(self) -> bool:
        return self.answered_on is None
