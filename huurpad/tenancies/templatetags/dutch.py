"""Dates as Dutch readers expect them, where Django's own formats fall short."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from huurpad.core.dutch import date_nl_short

register = template.Library()


@register.filter
def short_date(value) -> str:
    """'5 dec.', for a narrow column; Django's 'j M' writes '5 Dec' (a capital, no full stop)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        return ""
    return date_nl_short(value)
