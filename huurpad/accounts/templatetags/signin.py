from django import template

from huurpad.accounts import second_factor

register = template.Library()


@register.filter
def second_factor_passed(request) -> bool:
    """Whether the header may offer the pages: not while the code is still to come."""
    return second_factor.passed(request)
