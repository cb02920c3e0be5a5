"""What templates ask about the user. Every permission goes through accounts.roles, so a button a
role may not use is not shown: `{% if user|may:"contact_tenant" %}`."""

from django import template

from huurpad.accounts.roles import ACTIONS, LABELS, allowed_actions, counsels_debt, roles_of

register = template.Library()


@register.filter
def role_labels(user) -> str:
    """The user's roles in Dutch, e.g. 'Incassomedewerker, Teamleider incasso'."""
    return ", ".join(LABELS[role] for role in sorted(roles_of(user), key=list(LABELS).index))


register.filter("counsels_debt", counsels_debt)


@register.filter
def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@register.filter
def may(user, action: str) -> bool:
    """Whether roles.ACTIONS lets the user do `action`; an unknown action is an error, not a no."""
    if action not in ACTIONS:
        raise template.TemplateSyntaxError(f"Unknown action {action!r}: see huurpad/accounts/roles.py ACTIONS.")
    return action in allowed_actions(user)


def _named(name: str, action: str) -> None:
    """The filters the menus used before `may`, kept as names of one action each."""
    register.filter(name, lambda user: may(user, action))


for _name, _action in {
    "works_cases": "see_cases",
    "sees_policy": "see_policy",
    "is_partner": "see_referrals",
    "sees_reports": "see_reports",
    "proposes_write_offs": "propose_write_off",
    "handles_write_offs": "see_write_off_queue",
    "makes_evidence_pack": "make_evidence_pack",
    "runs_rent_increase": "run_rent_increase",
    "sees_move_candidates": "see_move_candidates",
    "calls_back": "call_back",
    "sees_access_log": "see_access_log",
}.items():
    _named(_name, _action)
