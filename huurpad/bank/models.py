"""Money in and out through the bank: imported statements and their transactions, and the SEPA
direct debits Huurpad collects."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError as NumberError

from huurpad.core.money import from_cents
from huurpad.tenancies.models import validate_iban


class BankStatement(models.Model):
    """One statement read from a bank file (a file may hold several)."""

    account_iban = models.CharField("rekening", max_length=34)
    statement_id = models.CharField("afschrift", max_length=100)
    format = models.CharField("formaat", max_length=30)
    file_name = models.CharField("bestand", max_length=255)
    file_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField("ingelezen op", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new = models.PositiveIntegerField("nieuw", default=0)  # transactions this import added
    known = models.PositiveIntegerField("al bekend", default=0)  # transactions an earlier import had

    class Meta:
        verbose_name = "bankafschrift"
        verbose_name_plural = "bankafschriften"


class BankTransaction(models.Model):
    """One transaction from a statement, kept as the bank gave it, with what Huurpad did with it."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Geboekt"  # on a tenancy's ledger
        UNKNOWN = "unknown", "Onbekend"  # money in that waits for an officer
        RETURNED = "returned", "Storno geboekt"  # one of our direct debits came back
        OTHER = "other", "Geen huur"  # money out that is not a return of ours; not ledger business

    class MatchedBy(models.TextChoices):
        REFERENCE = "reference", "Betalingskenmerk"
        TEXT = "text", "Contractnummer in de omschrijving"
        IBAN = "iban", "Bekende rekening"
        END_TO_END = "end_to_end", "Eigen incasso"
        OFFICER = "officer", "Toegewezen door een medewerker"

    # Who the transaction is: the bank's reference, or what it holds (see bank.imports.key), so an
    # overlapping or repeated statement books nothing twice.
    key = models.CharField(max_length=32)  # unique: Meta (without the LIKE index unique=True adds on PostgreSQL)
    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="transactions")
    booking_date = models.DateField("boekdatum")
    value_date = models.DateField("valutadatum")
    amount_cents = models.BigIntegerField("bedrag (cent)")
    credit_debit = models.CharField("bij/af", max_length=4)
    reversal = models.BooleanField("tegenboeking", default=False)
    return_reason = models.CharField("reden storno", max_length=4, blank=True)
    end_to_end_id = models.CharField("end-to-end-kenmerk", max_length=35, blank=True)
    mandate_id = models.CharField("machtigingskenmerk", max_length=35, blank=True)
    counterparty_name = models.CharField("naam", max_length=140, blank=True)
    counterparty_iban = models.CharField("rekening", max_length=34, blank=True)
    remittance = models.CharField("omschrijving", max_length=500, blank=True)
    structured_reference = models.CharField("betalingskenmerk", max_length=35, blank=True)
    batch_id = models.CharField("batch", max_length=35, blank=True)
    bank_reference = models.CharField("kenmerk bank", max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    tenancy = models.ForeignKey(
        "tenancies.Tenancy", null=True, blank=True, on_delete=models.PROTECT, related_name="bank_transactions"
    )
    matched_by = models.CharField("gevonden via", max_length=20, choices=MatchedBy.choices, blank=True)
    # No index: nearly every row is empty here, and the only query by it is a user's deletion check.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    assigned_at = models.DateTimeField("toegewezen op", null=True, blank=True)

    class Meta:
        verbose_name = "banktransactie"
        verbose_name_plural = "banktransacties"
        # Only what waits for an officer: the 'Onbekende betalingen' page, oldest first.
        indexes = [
            models.Index(fields=["booking_date"], condition=models.Q(status="unknown"), name="bank_unknown_by_date")
        ]
        # An import writes 100,000 rows at a time: every index costs (docs/performance.md).
        constraints = [models.UniqueConstraint(fields=["key"], name="bank_transaction_key")]

    @property
    def amount(self):
        return from_cents(self.amount_cents)

    @property
    def ledger_id(self) -> str:
        """The external id of what it booked on the ledger: unique there, so booked once."""
        return f"bank:{self.key}"


class SepaBatch(models.Model):
    """A pain.008 file of direct debits Huurpad wrote for one collection date."""

    collection_date = models.DateField("incassodatum")
    message_id = models.CharField("berichtkenmerk", max_length=35, unique=True)
    file_name = models.CharField("bestand", max_length=255)
    created_at = models.DateTimeField("gemaakt op", auto_now_add=True)
    count = models.PositiveIntegerField("aantal", default=0)
    total_cents = models.BigIntegerField("totaal (cent)", default=0)

    class Meta:
        verbose_name = "incassobatch"
        verbose_name_plural = "incassobatches"


class Collection(models.Model):
    """One direct debit: a tenancy's rent (and any agreed instalment) for one month. One per
    tenancy per month, so nothing is collected twice."""

    class Sequence(models.TextChoices):
        FRST = "FRST", "Eerste"
        RCUR = "RCUR", "Herhaald"
        FNAL = "FNAL", "Laatste"

    batch = models.ForeignKey(SepaBatch, on_delete=models.PROTECT, related_name="collections")
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="collections")
    mandate = models.ForeignKey("tenancies.Mandate", on_delete=models.PROTECT, related_name="collections")
    period = models.DateField("maand")  # the first of the month collected for
    collection_date = models.DateField("incassodatum")
    sequence_type = models.CharField("volgorde", max_length=4, choices=Sequence.choices)
    amount_cents = models.BigIntegerField("bedrag (cent)")
    end_to_end_id = models.CharField("end-to-end-kenmerk", max_length=35, unique=True)
    # The PmtInfId of the batch in the file (one per sequence type): a bank that credits the
    # batch as one amount names it, so the credit is split over exactly these collections.
    payment_info_id = models.CharField("batchkenmerk", max_length=35, blank=True, db_index=True)
    returned_on = models.DateField("gestorneerd op", null=True, blank=True)
    return_reason = models.CharField("reden storno", max_length=4, blank=True)

    class Meta:
        verbose_name = "incasso"
        verbose_name_plural = "incasso's"
        constraints = [models.UniqueConstraint(fields=["tenancy", "period"], name="one_collection_per_month")]

    @property
    def amount(self):
        return from_cents(self.amount_cents)


class CollectionDayChange(models.Model):
    """A new collection day asked for by the tenant or set by an officer. It takes effect on the
    first of the next month (toolkit 1.6)."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="collection_day_changes")
    day = models.PositiveSmallIntegerField("nieuwe incassodag")
    effective_from = models.DateField("vanaf")
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied = models.BooleanField("doorgevoerd", default=False)

    class Meta:
        verbose_name = "wijziging incassodag"
        verbose_name_plural = "wijzigingen incassodag"


def validate_bic(value: str) -> None:
    try:
        BIC(value)
    except SchwiftyException as exc:
        raise ValidationError(f"{value} is geen geldige BIC ({exc}).") from exc


def validate_creditor_id(value: str) -> None:
    """A SEPA creditor identifier (incassant-ID, AT-02): country, ISO 7064 mod 97 check digits,
    business code (often ZZZ) and the national part, e.g. NL57ZZZ999999999999."""
    try:
        at_02.validate(value)
    except NumberError as exc:
        raise ValidationError(f"{value} is geen geldig incassant-ID ({exc}).") from exc


class CreditorNotConfigured(Exception):
    """The creditor (who collects the direct debits) is missing or partly filled in."""


class Creditor(models.Model):
    """The corporation as the creditor of its direct debits. One row, kept by the beheerder; the
    setting CREDITOR (the environment variables of CREDITOR_ENV) overrides each field (see
    Creditor.current)."""

    name = models.CharField("naam", max_length=70)
    iban = models.CharField("IBAN", max_length=34, validators=[validate_iban])
    bic = models.CharField("BIC", max_length=11, validators=[validate_bic])
    creditor_id = models.CharField(
        "incassant-ID",
        max_length=35,
        validators=[validate_creditor_id],
        help_text="Bijvoorbeeld NL57ZZZ999999999999. U krijgt het van uw bank.",
    )

    class Meta:
        verbose_name = "incassant"
        verbose_name_plural = "incassant"

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Creditor":
        """The creditor for a batch: the row, with each field overridden by its environment
        variable when that is set. Works without a row when all four variables are set.
        Raises CreditorNotConfigured, in plain Dutch, when a field is missing or wrong."""
        row = cls.objects.order_by("id").first()
        creditor = cls(**{field: getattr(row, field) if row else "" for field in settings.CREDITOR_ENV})
        for field, value in settings.CREDITOR.items():
            setattr(creditor, field, value)
        missing = [
            str(cls._meta.get_field(f).verbose_name) for f in settings.CREDITOR_ENV if not getattr(creditor, f).strip()
        ]
        if missing:
            listed = " en ".join(filter(None, [", ".join(missing[:-1]), missing[-1]]))
            raise CreditorNotConfigured(
                f"De incassant is niet compleet: {listed} {'ontbreekt' if len(missing) == 1 else 'ontbreken'}."
                f" Vul de incassant in bij beheer (of zet {', '.join(settings.CREDITOR_ENV.values())})."
            )
        try:
            creditor.clean_fields()
        except ValidationError as exc:
            problems = " ".join(m for messages in exc.message_dict.values() for m in messages)
            raise CreditorNotConfigured(
                f"De incassant klopt niet: {problems} Pas dit aan bij beheer, Incassant."
            ) from None
        # As the bank file needs them: no spaces, capitals.
        creditor.iban = IBAN(creditor.iban).compact
        creditor.bic = BIC(creditor.bic).compact
        creditor.creditor_id = at_02.compact(creditor.creditor_id)
        return creditor
