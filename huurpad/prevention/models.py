"""Prevention (toolkit chapter 1): the municipality's own schemes for the benefits scan, and the
requests for help that households leave on the public benefits scan."""

from django.conf import settings
from django.db import models

from huurpad.core.money import from_cents

USER = settings.AUTH_USER_MODEL


class MunicipalScheme(models.Model):
    """A scheme of one municipality (for example an individuele inkomenstoeslag or a meedoenregeling)
    that the benefits scan (/geldcheck/) names when the household's income fits. The beheerder keeps
    them up to date; the demo's are example data."""

    municipality_code = models.CharField(
        "gemeentecode", max_length=6, db_index=True, help_text="CBS-code, zoals GM0599."
    )
    name = models.CharField("naam", max_length=150)
    description = models.TextField("uitleg", help_text="In eenvoudige woorden (B1): wat is het en voor wie?")
    income_limit_percent = models.DecimalField(
        "inkomensgrens (% van de bijstandsnorm)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Bijvoorbeeld 120: netto inkomen tot 120 % van de bijstandsnorm van het huishouden.",
    )
    income_limit_cents = models.BigIntegerField(
        "inkomensgrens (cent netto per maand)",
        null=True,
        blank=True,
        help_text="Of een vast bedrag. Met allebei telt de laagste grens.",
    )
    amount_per_year_cents = models.BigIntegerField(
        "bedrag per jaar (cent)", null=True, blank=True, help_text="Leeg als het bedrag niet vastligt."
    )
    link = models.URLField("link", blank=True)
    active = models.BooleanField("actief", default=True)
    example = models.BooleanField(
        "voorbeeld", default=False, help_text="Voorbeelddata (demo): zo staat het ook op de pagina."
    )

    class Meta:
        verbose_name = "gemeentelijke regeling"
        verbose_name_plural = "gemeentelijke regelingen"
        ordering = ["municipality_code", "name"]

    def __str__(self):
        return f"{self.name} ({self.municipality_code})"

    @property
    def income_limit(self):
        return None if self.income_limit_cents is None else from_cents(self.income_limit_cents)

    @property
    def amount_per_year(self):
        return None if self.amount_per_year_cents is None else from_cents(self.amount_per_year_cents)


class HelpRequest(models.Model):
    """'Wilt u hulp?': a household asks for a conversation with a Voorzieningenwijzer consultant.
    Stored only with consent; officers see it on /hulpvragen/ and mark it handled."""

    created_at = models.DateTimeField("gevraagd op", auto_now_add=True)
    name = models.CharField("naam", max_length=100)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    question = models.TextField("vraag", blank=True)
    municipality_code = models.CharField("gemeentecode", max_length=6, blank=True)
    household = models.CharField("huishouden", max_length=20, blank=True)
    findings = models.TextField("uitkomst geldcheck", blank=True)  # what the scan found, as the household saw it
    consent_text = models.TextField("toestemming (tekst)")
    consent_at = models.DateTimeField("toestemming gegeven op")
    handled_at = models.DateTimeField("afgehandeld op", null=True, blank=True)
    handled_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="afgehandeld door"
    )

    class Meta:
        verbose_name = "hulpvraag"
        verbose_name_plural = "hulpvragen"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.created_at:%d-%m-%Y})"
