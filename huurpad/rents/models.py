"""The yearly rent increase (toolkit 1.7, 1.8, 1.10) and the facts it needs; the move list (1.9)
reads the same facts.

The corporation's rules for a year are a RentPolicy; the household facts the ERP does not send
(income, a request for an exemption, a municipal tax remission) are RentYearFacts, kept by the
beheerder; what a home is like (rooms, a rent agreed after renovation) is HomeFacts. The run makes
one RentIncreaseProposal per active tenancy; the team leader approves; applying writes the new
rent (a RentComponent) and queues the letter.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from huurpad.core.calc import rent_increase, rent_limits
from huurpad.core.money import from_cents
from huurpad.tenancies.models import Household

USER = settings.AUTH_USER_MODEL


def split_list(text: str) -> list[str]:
    """'E, F,G' or one per line -> ['E', 'F', 'G']."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class RentYearFacts(models.Model):
    """What the run needs to know about a household for one year, and that the ERP does not send."""

    class Source(models.TextChoices):
        TENANT = "tenant", "Opgave huurder"
        STATEMENT = "statement", "Inkomensverklaring Belastingdienst"
        OTHER = "other", "Anders (bijvoorbeeld uitkeringsspecificatie)"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="rent_year_facts")
    year = models.PositiveSmallIntegerField("jaar")
    income = models.PositiveIntegerField(
        "huishoudinkomen per jaar (euro)",
        null=True,
        blank=True,
        help_text="Het inkomen van het hele huishouden per jaar, bruto, zoals op de inkomensverklaring. Leeg: niet bekend.",
    )
    income_source = models.CharField("bron van het inkomen", max_length=20, choices=Source.choices, blank=True)
    declared_on = models.DateField("opgegeven op", null=True, blank=True)
    low_income_request = models.BooleanField(
        "huurder vroeg om geen huurverhoging of om korting",
        default=False,
        help_text="De huurder vroeg het zelf, schriftelijk (toolkit 1.7 en 1.8; de wet op tijdelijke huurkorting vraagt een verzoek).",
    )
    tax_remission = models.BooleanField("kwijtschelding gemeentelijke belastingen", default=False)
    note = models.CharField("notitie", max_length=300, blank=True)

    class Meta:
        verbose_name = "huishoudgegevens per jaar"
        verbose_name_plural = "huishoudgegevens per jaar"
        constraints = [models.UniqueConstraint(fields=["tenancy", "year"], name="one_rent_year_facts_per_year")]

    def __str__(self):
        return f"{self.tenancy.ref} {self.year}"

    def clean(self):
        if self.income is not None and not self.income_source:
            raise ValidationError({"income_source": "Vul in waar het inkomen vandaan komt."})


class HomeFacts(models.Model):
    """What the home is like, for the move list (is it much larger than the household?) and for a
    rent agreed after a renovation (reached in steps: huurgewenning)."""

    tenancy = models.OneToOneField("tenancies.Tenancy", on_delete=models.CASCADE, related_name="home_facts")
    rooms = models.PositiveSmallIntegerField("kamers (woonkamer meegeteld)", null=True, blank=True)
    floor_area = models.PositiveSmallIntegerField("woonoppervlak (m²)", null=True, blank=True)
    agreed_rent_cents = models.BigIntegerField(
        "kale huur na renovatie (cent)",
        null=True,
        blank=True,
        help_text="De kale huur die na een renovatie is afgesproken. Wat de huurder betaalt, groeit daar in stappen naar toe.",
    )
    agreed_on = models.DateField("huur na renovatie geldt vanaf", null=True, blank=True)

    class Meta:
        verbose_name = "woninggegevens"
        verbose_name_plural = "woninggegevens"

    def __str__(self):
        return self.tenancy.ref

    def clean(self):
        if (self.agreed_rent_cents is None) != (self.agreed_on is None):
            raise ValidationError("Vul de huur na renovatie en de datum allebei in, of allebei niet.")
        if self.agreed_rent_cents is not None and self.agreed_rent_cents <= 0:
            raise ValidationError({"agreed_rent_cents": "De huur is meer dan nul."})


class RentPolicy(models.Model):
    """The corporation's rules for the rent increase of one year (set by the team leader)."""

    year = models.PositiveSmallIntegerField("jaar", unique=True)
    percent = models.DecimalField(
        "verhoging (%)",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Niet meer dan de wettelijke maximale huurverhoging van dat jaar.",
    )
    exempt_energy_labels = models.CharField(
        "geen verhoging bij energielabel",
        max_length=40,
        default="E,F,G",
        blank=True,
        help_text="Met komma's, bijvoorbeeld E,F,G. Leeg: geen.",
    )
    exempt_low_income_on_request = models.BooleanField(
        "geen verhoging bij laag inkomen en huur boven de aftoppingsgrens, op verzoek", default=True
    )
    exempt_tax_remission = models.BooleanField(
        "geen verhoging bij kwijtschelding gemeentelijke belastingen", default=True
    )
    exempt_household_kinds = models.CharField(
        "geen verhoging voor soort huishouden",
        max_length=100,
        blank=True,
        help_text="Met komma's: " + ", ".join(f"{value} ({label.lower()})" for value, label in Household.Kind.choices),
    )
    exempt_refs = models.TextField(
        "geen verhoging voor deze contracten", blank=True, help_text="Contractnummers, met komma's of één per regel."
    )
    discount_low_income = models.BooleanField(
        "tijdelijke korting tot de aftoppingsgrens bij laag inkomen, op verzoek", default=False
    )
    discount_months = models.PositiveSmallIntegerField(
        "korting duurt (maanden)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="1 tot 12. Met 12 loopt de korting tot de volgende huurverhoging; die beslist opnieuw.",
    )
    max_step_cents = models.BigIntegerField(
        "huurgewenning: ten hoogste erbij per jaar (cent)",
        null=True,
        blank=True,
        validators=[MinValueValidator(100)],
        help_text="Wat de huurder betaalt, gaat per jaar niet meer omhoog dan dit. Leeg: geen huurgewenning.",
    )
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "huurbeleid"
        verbose_name_plural = "huurbeleid"

    def __str__(self):
        return f"Huurbeleid {self.year}"

    def clean(self):
        maximum = rent_limits.max_increase_percent(self.year) if self.year else None
        if self.year and maximum is None:
            raise ValidationError({"year": f"Voor {self.year} is de wettelijke maximale huurverhoging niet bekend."})
        if self.percent is not None and maximum is not None and self.percent > maximum:
            raise ValidationError(
                {"percent": f"Meer dan het wettelijke maximum van {maximum} % in {self.year} mag niet."}
            )
        unknown = sorted(set(self.household_kinds) - set(Household.Kind.values))
        if unknown:
            raise ValidationError({"exempt_household_kinds": f"Onbekende soort huishouden: {', '.join(unknown)}."})

    @property
    def labels(self) -> set[str]:
        return {label.upper() for label in split_list(self.exempt_energy_labels)}

    @property
    def household_kinds(self) -> set[str]:
        return set(split_list(self.exempt_household_kinds))

    @property
    def refs(self) -> set[str]:
        return set(split_list(self.exempt_refs))

    @property
    def max_step(self) -> Decimal | None:
        return from_cents(self.max_step_cents) if self.max_step_cents else None

    def to_core(self) -> rent_increase.Rules:
        return rent_increase.Rules(
            percent=self.percent,
            labels=frozenset(self.labels),
            low_income_on_request=self.exempt_low_income_on_request,
            tax_remission=self.exempt_tax_remission,
            household_kinds=frozenset(self.household_kinds),
            refs=frozenset(self.refs),
            discount_low_income=self.discount_low_income,
            discount_months=self.discount_months,
            max_step_cents=self.max_step_cents,
        )


class RentIncreaseProposal(models.Model):
    """What the run proposes for one tenancy in one year, and why.

    The rent (old_rent, new_rent) is the contract rent: the yearly increase applies to it and it
    never rises more than the legal maximum, nor above the liberalisatiegrens. What the tenant pays
    (pay) is the rent minus a temporary discount (Wet tijdelijke huurkorting): down to the
    aftoppingsgrens for a low income, or a step of huurgewenning."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Voorstel"
        APPROVED = "approved", "Akkoord"
        REJECTED = "rejected", "Afgewezen"
        APPLIED = "applied", "Doorgevoerd"
        SKIPPED = "skipped", "Niet in deze ronde"

    class Exemption(models.TextChoices):
        NONE = "", "Geen"
        LABEL = "label", "Energielabel"
        TAX_REMISSION = "tax_remission", "Kwijtschelding gemeentelijke belastingen"
        LOW_INCOME = "low_income", "Laag inkomen, op verzoek"
        GROUP = "group", "Extra groep"

    class DiscountKind(models.TextChoices):
        NONE = "", "Geen"
        LOW_INCOME = "low_income", "Korting tot de aftoppingsgrens"
        PHASING = "phasing", "Huurgewenning"

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="rent_increases")
    year = models.PositiveSmallIntegerField("jaar")
    effective = models.DateField("ingangsdatum")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    old_rent_cents = models.BigIntegerField("kale huur nu (cent)")
    new_rent_cents = models.BigIntegerField("nieuwe kale huur (cent)")
    percent = models.DecimalField("verhoging (%)", max_digits=5, decimal_places=2)
    paid_before_cents = models.BigIntegerField("betaalde huur nu (cent)")
    pay_cents = models.BigIntegerField("te betalen kale huur (cent)")
    service_costs_cents = models.BigIntegerField("servicekosten (cent)", default=0)
    exemption = models.CharField("vrijstelling", max_length=20, choices=Exemption.choices, blank=True)
    discount_kind = models.CharField("soort korting", max_length=20, choices=DiscountKind.choices, blank=True)
    discount_cents = models.BigIntegerField("korting per maand (cent)", default=0)
    discount_until = models.DateField("korting tot en met", null=True, blank=True)
    phase = models.PositiveSmallIntegerField("stap", null=True, blank=True)
    phases = models.PositiveSmallIntegerField("van stappen", null=True, blank=True)
    reasons = models.JSONField("waarom", default=list)  # for the team leader: rule and facts, in Dutch
    why = models.TextField("uitleg in de brief", blank=True)  # for the tenant, B1
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    letter = models.OneToOneField(
        "messaging.OutboxMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "voorstel huurverhoging"
        verbose_name_plural = "voorstellen huurverhoging"
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "year"], name="one_rent_increase_per_year"),
            models.CheckConstraint(
                condition=models.Q(pay_cents__lte=models.F("new_rent_cents")), name="pay_at_most_rent"
            ),
            models.CheckConstraint(condition=models.Q(discount_cents__gte=0), name="discount_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.tenancy.ref} {self.year}"

    old_rent = property(lambda self: from_cents(self.old_rent_cents))
    new_rent = property(lambda self: from_cents(self.new_rent_cents))
    paid_before = property(lambda self: from_cents(self.paid_before_cents))
    pay = property(lambda self: from_cents(self.pay_cents))
    discount = property(lambda self: from_cents(self.discount_cents))

    @property
    def exempt(self) -> bool:
        return bool(self.exemption)

    @property
    def phased(self) -> bool:
        return self.phase is not None
