from decimal import Decimal

from django import template

from huurpad.core.money import fmt_eur, from_cents

register = template.Library()


@register.filter
def eur(value) -> str:
    """'€ 1.234,50', kept on one line (a no-break space after the euro sign)."""
    if value is None or value == "":
        return ""
    return fmt_eur(Decimal(value)).replace(" ", "\N{NO-BREAK SPACE}")


@register.filter
def eur_abs(value) -> str:
    """The amount without its sign, for 'tegoed' (credit) where the words carry the sign."""
    if value is None or value == "":
        return ""
    return eur(abs(Decimal(value)))


@register.filter
def cents_eur(value) -> str:
    """An amount kept in cents, written as euros."""
    if value is None or value == "":
        return ""
    return eur(from_cents(int(value)))
