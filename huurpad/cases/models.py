"""Cases, their timeline (what happened to a tenancy, in order, never rewritten) and tasks."""

from django.conf import settings
from django.db import models


class CaseEvent(models.Model):
    """One step on a tenancy's timeline. Append-only: rows are added, never changed or removed."""

    class Type(models.TextChoices):
        REMINDER_LETTER = "reminder_letter", "Herinneringsbrief"
        WIK_LETTER = "wik_letter", "Veertiendagenbrief (WIK)"
        CONTACT_ATTEMPT = "contact_attempt", "Contactpoging"
        DEBT_HELP_POINTED = "debt_help_pointed", "Gewezen op schuldhulp"
        DATA_SHARING_OBJECTION = "data_sharing_objection", "Bezwaar tegen doorgeven gegevens"
        EARLY_SIGNAL_SENT = "early_signal_sent", "Vroegsignaal verstuurd"
        ARRANGEMENT_STARTED = "arrangement_started", "Betalingsregeling gestart"
        ARRANGEMENT_ENDED = "arrangement_ended", "Betalingsregeling beëindigd"
        ARRANGEMENT_REFUSED = "arrangement_refused", "Betalingsregeling afgewezen door de teamleider"
        PAUSE_STARTED = "pause_started", "Pauze gestart"
        PAUSE_ENDED = "pause_ended", "Pauze beëindigd"
        BAILIFF_HANDOVER = "bailiff_handover", "Overgedragen aan deurwaarder"
        MESSAGE_SENT = "message_sent", "Bericht verstuurd"
        MESSAGE_FAILED = "message_failed", "Bericht niet verstuurd"
        REFERRAL_MADE = "referral_made", "Doorverwezen naar een partner"
        PARTNER_FEEDBACK = "partner_feedback", "Terugkoppeling van een partner"
        CHANNEL_LIMITS = "channel_limits", "Bereikbaarheid aangepast"
        MEASURE_APPLIED = "measure_applied", "Maatregel ingezet"
        ESCALATION_DECIDED = "escalation_decided", "Besluit teamleider over de volgende stap"
        NOTE = "note", "Notitie"
        DEBIT_RETURNED = "debit_returned", "Incasso gestorneerd"
        PAYMENT_ASSIGNED = "payment_assigned", "Betaling toegewezen"
        COLLECTION_DAY_CHANGED = "collection_day_changed", "Incassodag gewijzigd"
        WRITE_OFF_STEP = "write_off_step", "Kwijtschelding"
        BENEFIT_PAYMENT = "benefit_payment", "Geregelde betaling"
        LODGER_PERMISSION = "lodger_permission", "Toestemming kamerhuurder"
        # The municipality reports several creditors (its feedback on a signal, issue 8): a
        # write-off then waits for a debt-help trajectory (toolkit 3.6).
        CREDITORS_REPORTED = "creditors_reported", "Gemeente meldt meerdere schuldeisers"
        SIGNAL_FEEDBACK = "signal_feedback", "Terugkoppeling van de gemeente"
        # Something heard from elsewhere: energy or water arrears, a job lost, a death (issue 8).
        OUTSIDE_SIGNAL = "outside_signal", "Signaal van buiten"
        # A person opens or closes a case (the daily run opens and closes most of them silently).
        CASE_OPENED = "case_opened", "Dossier geopend"
        CASE_CLOSED = "case_closed", "Dossier gesloten"
        # Open tasks whose reason is gone (contact made, paid in full, ...), closed by themselves.
        TASKS_CLOSED = "tasks_closed", "Taken vanzelf afgesloten"
        # A team leader moves a pause's review date, within its limit (solutions.arrangements).
        PAUSE_EXTENDED = "pause_extended", "Pauze verlengd"
        # The household plan (toolkit 3.8, huurpad/plans).
        PLAN_STARTED = "plan_started", "Plan van aanpak gestart"
        PLAN_COORDINATOR = "plan_coordinator", "Regisseur van het plan gekozen"
        DOORBRAAK_REQUESTED = "doorbraak_requested", "Doorbraakverzoek ontvangen"
        DOORBRAAK_ANSWERED = "doorbraak_answered", "Doorbraakverzoek beantwoord"
        # A Schuldenknooppunt message in or out, with why Huurpad did what it did (debthelp).
        DEBT_HELP = "debt_help", "Schuldhulp"
        # The legal track after the hand-over to the bailiff (huurpad/legal, spec/CLI.md).
        SUMMONS_SERVED = "summons_served", "Dagvaarding betekend"
        HEARING = "hearing", "Zitting bij de kantonrechter"
        JUDGMENT = "judgment", "Vonnis van de kantonrechter"
        JUDGMENT_SERVED = "judgment_served", "Vonnis betekend"
        EVICTION_SCHEDULED = "eviction_scheduled", "Ontruiming gepland"
        EVICTION_CANCELLED = "eviction_cancelled", "Ontruiming afgeblazen"
        EVICTION_EXECUTED = "eviction_executed", "Ontruiming uitgevoerd"
        STRUCK_OUT = "struck_out", "Zaak doorgehaald"
        LEGAL_HOLD = "legal_hold", "Juridisch traject aangehouden"
        # A tenant who left (core/policy/former.py): where letters go now, and the final bill
        # handed to a collection agency, the team leader's decision (solutions/former.py).
        FORWARDING_ADDRESS = "forwarding_address", "Nieuw adres vastgelegd"
        AGENCY_HANDOVER = "agency_handover", "Overgedragen aan incassobureau"

    REMINDERS = (Type.REMINDER_LETTER, Type.WIK_LETTER)

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="events")
    date = models.DateField("datum")
    type = models.CharField("soort", max_length=40, choices=Type.choices)
    params = models.JSONField("gegevens", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("bron", max_length=40, default="huurpad")
    # Imported history has no id of its own; a hash of its content keeps re-imports harmless.
    dedupe_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["tenancy", "date"], name="event_tenancy_date"),  # named: queries ask for it
            models.Index(fields=["type", "date"]),
        ]

    def __str__(self):
        return f"{self.date} {self.get_type_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The timeline is append-only; add a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The timeline is append-only; events are never removed.")


class Task(models.Model):
    """Work for a person: a call, a visit, a review. Most come from the policy run."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Gedaan"
        DISMISSED = "dismissed", "Vervallen"
        # Closed by itself: the fact that made the task is gone (cases/tasks.py, close_gone).
        OBSOLETE = "obsolete", "Niet meer nodig"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="tasks")
    proposal = models.OneToOneField(
        "collection.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="task"
    )
    action = models.CharField("soort", max_length=40)
    # The kind in cases/tasks.py KINDS (kinds may share an action): at most one open a household.
    kind = models.CharField("taaksoort", max_length=40, default="")
    role = models.CharField("voor", max_length=40)  # a huurpad.accounts.roles.Role value
    title = models.CharField("taak", max_length=200)
    explanation = models.TextField("uitleg", blank=True)
    due_date = models.DateField("datum")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        indexes = [models.Index(fields=["status", "role", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy", "kind"], condition=models.Q(status="open"), name="one_open_task_per_kind"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.kind = self.kind or self.action  # most kinds are named by their action (cases/tasks.py)
        super().save(*args, **kwargs)


class Case(models.Model):
    """A stretch of work on one tenancy: opened when it falls into arrears (or by a person), closed
    once the arrears have stayed cleared for the policy's period (or by a person). The timeline,
    tasks and contacts belong to the tenancy; a case marks the period they were part of."""

    class Opened(models.TextChoices):
        ARREARS = "arrears", "Huurachterstand"
        PERSON = "person", "Geopend door een medewerker"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="cases")
    opened_on = models.DateField("geopend op")
    opened_because = models.CharField("reden", max_length=20, choices=Opened.choices, default=Opened.ARREARS)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("toelichting", blank=True)
    # The first day of the current stretch without arrears; the policy run sets and clears it.
    cleared_since = models.DateField("zonder achterstand sinds", null=True, blank=True)
    closed_on = models.DateField("gesloten op", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_reason = models.CharField("reden sluiten", max_length=300, blank=True)  # when a person closed it

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"], condition=models.Q(closed_on__isnull=True), name="one_open_case_per_tenancy"
            )
        ]
        indexes = [models.Index(fields=["closed_on", "cleared_since"])]

    def __str__(self):
        return f"dossier {self.tenancy_id} sinds {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Partner(models.Model):
    """An organisation a household can be handed to (warme overdracht, toolkit 2.1-2.4)."""

    class Kind(models.TextChoices):
        BUURTTEAM = "buurtteam", "Buurtteam of wijkteam"
        BUDGETCOACH = "budgetcoach", "Budgetcoach"
        ENERGIECOACH = "energiecoach", "Energiecoach"
        VOORZIENINGENWIJZER = "voorzieningenwijzer", "Voorzieningenwijzer"
        HUMANITAS = "humanitas", "Humanitas"
        BUDGET_ADVIESBUREAU = "budget_adviesbureau", "Budget Adviesbureau"
        BIJZONDER_ZORG_TEAM = "bijzonder_zorg_team", "Bijzonder Zorg Team"
        SCHULDHULP = "schuldhulp", "Schuldhulpverlening gemeente"
        OTHER = "other", "Anders"

    name = models.CharField("naam", max_length=100, unique=True)
    kind = models.CharField("soort", max_length=30, choices=Kind.choices)
    active = models.BooleanField("actief", default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partner_organisations", verbose_name="medewerkers"
    )

    class Meta:
        verbose_name = "partner"
        verbose_name_plural = "partners"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Referral(models.Model):
    """A household handed to a partner, with the reason and the ground for sharing its data."""

    class Basis(models.TextChoices):
        CONSENT = "consent", "Toestemming van de huurder"
        LAW = "law", "Wettelijke grondslag (Wgs art. 3 lid 3, vroegsignalering)"

    class Status(models.TextChoices):
        OPEN = "open", "Loopt"
        CLOSED = "closed", "Afgesloten"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    reason = models.TextField("reden")
    basis = models.CharField("grondslag", max_length=20, choices=Basis.choices)
    follow_up_on = models.DateField("nabellen op")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "doorverwijzing"
        verbose_name_plural = "doorverwijzingen"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.partner} · {self.tenancy_id}"


class Measure(models.Model):
    """A toolkit measure a household received, so its effect can be reported later."""

    class Kind(models.TextChoices):
        MONEY_CONVERSATION = "money_conversation", "Geldgesprek (1.3)"
        BUDGET_TRAINING = "budget_training", "Budgettraining (1.3)"
        BUDGET_COACH = "budget_coach", "Budgetcoach (1.4)"
        ENERGY_COACH = "energy_coach", "Energiecoach (1.4)"
        VOORZIENINGENWIJZER = "voorzieningenwijzer", "Voorzieningenwijzer (1.1)"
        PAPERWORK_HELP = "paperwork_help", "Hulp bij administratie (3.3)"
        RENT_FROM_BENEFITS = "rent_from_benefits", "Huur via uitkering (3.1)"
        OTHER = "other", "Anders"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField("maatregel", max_length=30, choices=Kind.choices)
    started_on = models.DateField("gestart op")
    note = models.CharField("toelichting", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "maatregel"
        verbose_name_plural = "maatregelen"
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["kind", "started_on"])]

    def __str__(self):
        return self.get_kind_display()
