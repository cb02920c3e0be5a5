"""What the tenancy page (huurpad/casefile) shows of the household plan (plans/_panel.html): the
running plan's coordinator, helpers, open actions and Doorbraak requests, and the warning when
four or more helpers are active (the Doorbraak finding); or a button to start one."""

from django.utils import timezone

from . import plans


def summary(plan, *, helpers=None) -> dict:
    """The figures the plan page and the tenancy page share: the active helpers and the warning."""
    helpers = list(plan.helpers.all()) if helpers is None else helpers
    active = [h for h in helpers if h.active]
    return {
        "active_helpers": active,
        "too_many_helpers": plans.too_many_helpers(len(active)),
        "helpers_warning_from": plans.TOO_MANY_HELPERS,
    }


def panel(tenancy, *, today=None, **facts) -> dict:
    today = today or timezone.localdate()
    plan = plans.running_plan(tenancy)
    if plan is None:
        return {"household_plan": {"plan": None, "earlier": tenancy.plans.exists()}}
    requests = list(plan.doorbraak_requests.all())
    open_requests = [r for r in requests if r.open]
    return {
        "household_plan": {
            "plan": plan,
            "coordinator": plan.coordinator,
            "open_actions": plan.actions.filter(done_on__isnull=True).count(),
            "open_contributions": plan.actions.filter(done_on__isnull=True).exclude(contribution="").count(),
            "open_requests": open_requests,
            "late_requests": [r for r in open_requests if r.answer_due < today],
            **summary(plan, helpers=list(plan.helpers.select_related("partner"))),
        }
    }
