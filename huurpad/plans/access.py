"""Who sees which plan. Staff who work with households (roles: see_plan) see every plan; a
partner's staff (roles: work_on_plan_as_partner) see a running plan only while their organisation
is in it: an active helper of that organisation, or an open referral of the household to it.
They see the plan and nothing else of the household. The role is asked before anything is looked
up, so an outsider learns nothing."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from huurpad.accounts.roles import may_see_plan, may_work_on_plan_as_partner, require
from huurpad.cases.models import Referral

from .models import Plan

NOT_YOURS = "Uw organisatie doet niet mee in het plan van dit huishouden."


def partner_plans(user):
    """The running plans the user's partner organisations are in."""
    require(user, "work_on_plan_as_partner")
    organisations = user.partner_organisations.filter(active=True)
    referred = Referral.objects.filter(partner__in=organisations, status=Referral.Status.OPEN).values("tenancy_id")
    return (
        Plan.objects.filter(ended_on__isnull=True)
        .filter(
            Q(helpers__partner__in=organisations, helpers__active=True) | Q(tenancy_id__in=referred),
        )
        .distinct()
    )


def as_staff(user) -> bool:
    """Whether the user sees plans as the corporation's staff (else only as a partner, if at all)."""
    return may_see_plan(user)


def plan_for(user, pk: int, *, edit: bool = False) -> Plan:
    """The plan, if the user may see it (or, with `edit`, add to it); 403 otherwise. Staff editing
    need edit_plan; a partner may add its own actions and requests to the plans it is in."""
    if as_staff(user):
        require(user, "edit_plan" if edit else "see_plan")
        return get_object_or_404(Plan.objects.select_related("tenancy__tenant"), pk=pk)
    if not may_work_on_plan_as_partner(user):
        require(user, "see_plan")  # refuses, with its reason
    plan = partner_plans(user).filter(pk=pk).select_related("tenancy__tenant").first()
    if plan is None:
        get_object_or_404(Plan, pk=pk)
        raise PermissionDenied(NOT_YOURS)
    return plan


def own_organisations(user, plan: Plan):
    """The user's partner organisations that are in the plan (for what a partner adds)."""
    organisations = user.partner_organisations.filter(active=True)
    referred = Referral.objects.filter(
        tenancy=plan.tenancy, partner__in=organisations, status=Referral.Status.OPEN
    ).values("partner_id")
    return organisations.filter(
        Q(pk__in=plan.helpers.filter(active=True).values("partner_id")) | Q(pk__in=referred)
    ).distinct()
