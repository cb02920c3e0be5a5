from django import template

from huurpad.accounts.roles import LABELS, may_see_policy, may_see_referrals, may_work_cases, roles_of

register = template.Library()


@register.filter
def role_labels(user) -> str:
    """The user's roles in Dutch, e.g. 'Incassomedewerker, Teamleider incasso'."""
    return ", ".join(LABELS[role] for role in sorted(roles_of(user), key=list(LABELS).index))


@register.filter
def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@register.filter
def works_cases(user) -> bool:
    return may_work_cases(user)


@register.filter
def sees_policy(user) -> bool:
    return may_see_policy(user)


@register.filter
def is_partner(user) -> bool:
    return may_see_referrals(user)
