from django import template

from huurpad.accounts.roles import may_make_subject_file

register = template.Library()


@register.filter
def makes_subject_file(user) -> bool:
    return may_make_subject_file(user)
