"""Roles are Django groups with these names. What each may see is decided in code, per view."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied


class Role(StrEnum):
    INCASSOMEDEWERKER = "incassomedewerker"
    WOONCONSULENT = "woonconsulent"
    TEAMLEIDER = "teamleider"
    CONTROLLER = "controller"
    MANAGER = "manager"
    PARTNER = "partner"
    BEHEERDER = "beheerder"


LABELS = {
    Role.INCASSOMEDEWERKER: "Incassomedewerker",
    Role.WOONCONSULENT: "Woonconsulent",
    Role.TEAMLEIDER: "Teamleider incasso",
    Role.CONTROLLER: "Controller",
    Role.MANAGER: "Manager incasso",
    Role.PARTNER: "Partner",
    Role.BEHEERDER: "Beheerder",
}

# Roles that work on individual tenancies and so may see a tenant's personal data and ledger.
CASE_ROLES = frozenset(
    {Role.INCASSOMEDEWERKER, Role.WOONCONSULENT, Role.TEAMLEIDER, Role.CONTROLLER, Role.MANAGER}
)


def roles_of(user) -> set[Role]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_huurpad_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        user._huurpad_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def may_work_cases(user) -> bool:
    return bool(roles_of(user) & CASE_ROLES)


def require_case_role(user) -> None:
    """Refuse (403) anyone who does not work with arrears; views call it before looking anything up."""
    if not may_work_cases(user):
        raise PermissionDenied("Alleen voor medewerkers die met huurachterstanden werken.")


def may_see_policy(user) -> bool:
    """Team leaders own the collection policy; the beheerder may read it."""
    return has_role(user, Role.TEAMLEIDER, Role.BEHEERDER)


def may_change_policy(user) -> bool:
    return has_role(user, Role.TEAMLEIDER)


def may_charge_costs(user) -> bool:
    """Collection costs are the collections team's decision: officers and team leaders."""
    return has_role(user, Role.INCASSOMEDEWERKER, Role.TEAMLEIDER)


def may_see_referrals(user) -> bool:
    """Partners see the households referred to their own organisation, and nothing else."""
    return has_role(user, Role.PARTNER)


def may_call_back(user) -> bool:
    """Who calls households back (help requests): officers, housing consultants, team leaders."""
    return has_role(user, Role.INCASSOMEDEWERKER, Role.WOONCONSULENT, Role.TEAMLEIDER)


def may_see_access_log(user) -> bool:
    """The beheerder sees who looked at a tenancy (AVG art. 5(2)), without the tenant's data."""
    return has_role(user, Role.BEHEERDER)


def may_make_subject_file(user) -> bool:
    """Who makes the file of everything Huurpad holds about a tenant, for a written request under
    AVG art. 15: team leaders and the beheerder (the tenant downloads it in Mijn Huurpad)."""
    return has_role(user, Role.TEAMLEIDER, Role.BEHEERDER)
