from django import template

from huurpad.accounts.roles import (
    LABELS, Role, has_role, may_call_back, may_see_access_log, may_see_policy, may_see_referrals, may_work_cases, roles_of,
)

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


@register.filter
def sees_reports(user) -> bool:
    """Team leaders, managers and controllers see the reports on solutions."""
    from huurpad.solutions.reports import may_see_reports

    return may_see_reports(user)


@register.filter
def proposes_write_offs(user) -> bool:
    """Officers propose write-offs (toolkit 3.6, step 1)."""
    return has_role(user, Role.INCASSOMEDEWERKER, Role.WOONCONSULENT)


@register.filter
def handles_write_offs(user) -> bool:
    """Team leaders, controllers and managers take steps 2 to 4 of a write-off."""
    return has_role(user, Role.TEAMLEIDER, Role.CONTROLLER, Role.MANAGER)


@register.filter
def makes_evidence_pack(user) -> bool:
    """Team leaders and collections officers put together the evidence for a court."""
    from huurpad.signals.evidence_views import may_make_pack

    return may_make_pack(user)


@register.filter
def runs_rent_increase(user) -> bool:
    from huurpad.rents.views import may_run

    return may_run(user)


@register.filter
def sees_move_candidates(user) -> bool:
    from huurpad.rents.views import may_see_moves

    return may_see_moves(user)


@register.filter
def calls_back(user) -> bool:
    return may_call_back(user)


@register.filter
def sees_access_log(user) -> bool:
    return may_see_access_log(user)
