"""Tenants, households, tenancies and their ledger."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from huurpad.core import ledger
from huurpad.core.money import ZERO, from_cents

from . import fields

KINDS = {kind.value: kind for kind in ledger.Kind}  # faster than calling the enum per entry


def validate_iban(value: str) -> None:
    try:
        IBAN(value)
    except SchwiftyException as exc:
        raise ValidationError(f"{value} is geen geldig IBAN-nummer ({exc}).") from exc


class Household(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Alleenstaand"
        COUPLE = "couple", "Paar zonder kinderen"
        FAMILY = "family", "Paar met kinderen"
        SINGLE_PARENT = "single_parent", "Eenoudergezin"
        OTHER = "other", "Anders"

    size = models.PositiveSmallIntegerField("aantal personen", default=1)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, blank=True)

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self):
        return f"{self.get_kind_display() or 'Huishouden'} ({self.size})"


class Tenant(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tenants")
    initials = models.CharField("voorletters", max_length=20)
    prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    surname = models.CharField("achternaam", max_length=100)
    birth_date = models.DateField("geboortedatum", null=True, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    iban = models.CharField(
        "IBAN", max_length=34, blank=True, validators=[validate_iban], db_index=True
    )  # bank matching
    # Channel limits, recorded by the officers: the policy never uses a channel ruled out here.
    no_calls = models.BooleanField("niet bellen (doof of slechthorend, of op verzoek)", default=False)
    refused_channels = models.JSONField("niet via", default=list, blank=True)  # e.g. ["whatsapp"]
    interpreter_needed = models.BooleanField("tolk nodig", default=False)
    language = models.CharField("voorkeurstaal", max_length=40, blank=True)
    # When contact details last changed: a policy run looks again at a tenancy whose tenant changed.
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "huurder"
        verbose_name_plural = "huurders"

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.initials, self.prefix, self.surname) if part)


class Tenancy(models.Model):
    class PaymentMethod(models.TextChoices):
        DIRECT_DEBIT = "direct_debit", "Automatische incasso"
        TRANSFER = "transfer", "Overmaken"
        BENEFIT_DEDUCTION = "benefit_deduction", "Via uitkering"

    COLLECTION_DAYS = (1, 5, 10, 15, 20, 25)

    ref = models.CharField("contractnummer", max_length=40, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tenancies")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="tenancies")
    street = models.CharField("straat", max_length=100)
    house_number = models.PositiveIntegerField("huisnummer")
    house_number_suffix = models.CharField("toevoeging", max_length=10, blank=True)
    postcode = models.CharField(max_length=7)
    city = models.CharField("plaats", max_length=80)
    municipality_code = models.CharField("gemeentecode", max_length=6)
    start_date = models.DateField("ingangsdatum")
    end_date = models.DateField("einddatum", null=True, blank=True)
    payment_method = models.CharField("betaalwijze", max_length=20, choices=PaymentMethod.choices)
    collection_day = models.PositiveSmallIntegerField(
        "incassodag", null=True, blank=True, choices=[(d, str(d)) for d in COLLECTION_DAYS]
    )
    energy_label = models.CharField("energielabel", max_length=4, blank=True)
    # Where letters go after the tenancy ended (the final bill): as on an envelope, lines separated
    # by commas. Empty: the last address, the home itself.
    # db_default: the bulk writers (bench, demo) insert rows without it.
    forwarding_address = models.CharField("nieuw adres", max_length=200, blank=True, default="", db_default="")
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "huurcontract"
        verbose_name_plural = "huurcontracten"
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self):
        return f"{self.ref} · {self.address}"

    def clean(self):
        super().clean()
        try:
            fields.tenancy_ref(self.ref)
        except fields.FieldError:
            raise ValidationError(
                {
                    "ref": f"Een contractnummer heeft alleen letters, cijfers, '-', '_' en '.', begint met een letter "
                    f"of cijfer en is hoogstens {fields.REF_MAX_LENGTH} tekens lang."
                }
            ) from None

    @property
    def address(self) -> str:
        return ", ".join(self.address_lines)

    @property
    def address_lines(self) -> tuple[str, str]:
        """('Lindelaan 1-A', '1234 AB Lindestad'), as on an envelope."""
        number = f"{self.house_number}{('-' + self.house_number_suffix) if self.house_number_suffix else ''}"
        return f"{self.street} {number}", f"{self.postcode} {self.city}"

    def letter_address_lines(self, on: date) -> tuple[str, ...]:
        """Where a letter on D goes: after the tenancy ended, the forwarding address when known;
        otherwise the home's address (the last one known)."""
        if self.end_date is not None and self.end_date < on and self.forwarding_address.strip():
            return tuple(part.strip() for part in self.forwarding_address.split(",") if part.strip())
        return self.address_lines

    def is_former(self, on: date) -> bool:
        """The tenancy ended before D: a former tenant (vertrokken huurder)."""
        return self.end_date is not None and self.end_date < on

    def section_url(self, section: str) -> str:
        """The address of one part of the tenancy page, e.g. section_url("betaallinks"): where a form
        on the page sends the officer back to."""
        return reverse("tenancy_detail", args=[self.ref]) + f"#{section}"

    def is_active(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def rent_on(self, on: date) -> "RentComponent | None":
        return self.rents.filter(valid_from__lte=on).order_by("-valid_from").first()

    def monthly_due_on(self, on: date) -> Decimal:
        rent = self.rent_on(on)
        return rent.monthly_total if rent else ZERO

    def core_entries(self, on: date | None = None) -> list[ledger.Entry]:
        entries = self.ledger_entries.all()
        if on is not None:
            entries = entries.filter(date__lte=on)
        return [e.to_core() for e in entries]

    def position(self, on: date) -> ledger.Position:
        return ledger.position(self.core_entries(on), on=on, monthly_due=self.monthly_due_on(on))


class RentComponent(models.Model):
    """The rent and service costs in force from a date on (a new row for every change)."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="rents")
    valid_from = models.DateField("geldig vanaf")
    rent_cents = models.BigIntegerField("kale huur (cent)")
    service_costs_cents = models.BigIntegerField("servicekosten (cent)", default=0)

    class Meta:
        verbose_name = "huurprijs"
        verbose_name_plural = "huurprijzen"
        constraints = [models.UniqueConstraint(fields=["tenancy", "valid_from"], name="one_rent_per_day")]

    @property
    def rent(self) -> Decimal:
        return from_cents(self.rent_cents)

    @property
    def service_costs(self) -> Decimal:
        return from_cents(self.service_costs_cents)

    @property
    def monthly_total(self) -> Decimal:
        return from_cents(self.rent_cents + self.service_costs_cents)


class Mandate(models.Model):
    """A SEPA direct-debit mandate given by the tenant."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="mandates")
    mandate_id = models.CharField("machtigingskenmerk", max_length=35, unique=True)
    signed_on = models.DateField("getekend op")
    iban = models.CharField("IBAN", max_length=34, validators=[validate_iban], db_index=True)
    revoked_on = models.DateField("ingetrokken op", null=True, blank=True)

    class Meta:
        verbose_name = "incassomachtiging"
        verbose_name_plural = "incassomachtigingen"


class LedgerEntry(models.Model):
    """One line of the tenant's ledger. Never edited: a correction is a new entry."""

    KIND_LABELS = {
        "rent": "Huur",
        "service_costs": "Servicekosten",
        "other_charge": "Overige kosten",
        "collection_costs": "Incassokosten",
        "repair_charge": "Reparatiekosten",
        "payment": "Betaling",
        "direct_debit": "Automatische incasso",
        "benefit_payment": "Betaling via uitkering",
        "write_off": "Kwijtschelding",
        "discount": "Korting",
        "deposit_settlement": "Waarborgsom verrekend",
        "reversal": "Storno",
    }

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="ledger_entries")
    date = models.DateField("datum")
    kind = models.CharField("soort", max_length=20, choices=list(KIND_LABELS.items()))
    amount_cents = models.BigIntegerField("bedrag (cent)")
    external_id = models.CharField("extern kenmerk", max_length=80, unique=True)
    description = models.CharField("omschrijving", max_length=200, blank=True)
    booked_at = models.DateTimeField("geboekt op", auto_now_add=True)

    class Meta:
        verbose_name = "boeking"
        verbose_name_plural = "boekingen"
        indexes = [
            # Covers what is dated on or after a day: arrears subtracts it from LedgerTotals.
            models.Index(fields=["date", "tenancy", "kind", "amount_cents"], name="ledger_date_tenancy_kind_cents"),
            # Covers a tenancy's ledger: sums per kind, the charges walked back for the oldest unpaid
            # due date (all from the index alone), and the statement on the tenancy page.
            models.Index(fields=["tenancy", "kind", "date", "amount_cents"], name="ledger_tenancy_kind_date_cents"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="amount_positive")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger entries are never edited; book a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are never deleted; book a correction instead.")

    @property
    def amount(self) -> Decimal:
        return from_cents(self.amount_cents)

    def to_core(self) -> ledger.Entry:
        return ledger.Entry(
            date=self.date,
            kind=KINDS[self.kind],
            amount=self.amount,
            external_id=self.external_id,
        )


class LedgerTotals(models.Model):
    """The sums of a tenancy's whole ledger, kept up to date by database triggers on the ledger
    table (migration 0004), so every way of writing entries (the imports' COPY, bulk_create, the
    admin, raw SQL) keeps them right in the same transaction. Arrears on a day D reads one row per
    tenancy and subtracts the few entries dated on or after D, instead of summing the whole ledger.

    On SQLite, a migration that rebuilds the ledger table drops its triggers: such a migration
    must create them again (tests/test_ledger_totals.py fails if they are missing).
    """

    tenancy = models.OneToOneField(Tenancy, primary_key=True, on_delete=models.CASCADE, related_name="+")
    charges_cents = models.BigIntegerField(default=0)
    credits_cents = models.BigIntegerField(default=0)
    reversals_cents = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "saldo-totaal"
        verbose_name_plural = "saldo-totalen"


class Municipality(models.Model):
    """A municipality the corporation has homes in (CBS code, as on the tenancy), with where its
    residents find free debt help: the reminder and WIK letters point there."""

    code = models.CharField("CBS-code", max_length=6, unique=True)
    name = models.CharField("naam", max_length=100)
    debt_help = models.CharField(
        "schuldhulp", max_length=200, help_text="Bijvoorbeeld: bel 14 010 of kijk op rotterdam.nl/geldzorgen"
    )
    # The Landelijk Convenant Vroegsignalering, signed per municipality: without it no early
    # signal goes there. Every municipality counts as signed unless the beheerder says otherwise.
    covenant_signed = models.BooleanField("convenant vroegsignalering getekend", default=True)

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"

    def __str__(self):
        return f"{self.name} ({self.code})"

    @classmethod
    def covenant_signed_for(cls, code: str) -> bool:
        """Whether early signals may go to this municipality: yes, unless it is known and not signed."""
        return not cls.objects.filter(code=code, covenant_signed=False).exists()


class SearchKeys(models.Model):
    """One tenancy's contract number, tenant's name, address, phone, e-mail and IBAN as the search
    compares them (huurpad/core/search.py: letters and digits only, one notation each), indexed so
    that finding a household among 100,000 reads a few index entries. Kept in step by
    tenancies/search.py:refresh, which every way of changing these fields calls (the tenancy
    import, saving a tenant or tenancy, anonymising, the bench); filled for existing rows by
    migration 0010."""

    tenancy = models.OneToOneField(Tenancy, primary_key=True, on_delete=models.CASCADE, related_name="+")
    contract = models.CharField(max_length=40)
    surname = models.CharField(max_length=120)  # without prefix: 'vries'
    full_name = models.CharField(max_length=140)  # prefix and surname: 'devries'
    initials = models.CharField(max_length=20)  # 'jp'
    street = models.CharField(max_length=120)  # 'lindelaan'
    postcode = models.CharField(max_length=6)  # '3521GD'
    house_number = models.PositiveIntegerField()
    suffix = models.CharField(max_length=10)  # 'BIS'
    phone = models.CharField(max_length=30)  # '0612345678'
    email = models.CharField(max_length=254)  # lower case
    iban = models.CharField(max_length=34)  # 'NL91ABNA0417164300'

    class Meta:
        verbose_name = "zoeksleutel"
        verbose_name_plural = "zoeksleutels"
        indexes = [
            models.Index(fields=["contract"], name="search_contract"),
            models.Index(fields=["surname", "initials"], name="search_surname"),
            models.Index(fields=["full_name", "initials"], name="search_full_name"),
            models.Index(fields=["street", "house_number"], name="search_street"),
            models.Index(fields=["postcode", "house_number"], name="search_postcode"),
            models.Index(fields=["phone"], name="search_phone"),
            models.Index(fields=["email"], name="search_email"),
            models.Index(fields=["iban"], name="search_iban"),
        ]
