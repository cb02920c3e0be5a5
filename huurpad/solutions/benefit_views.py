"""Staff pages for rent paid from benefits (toolkit 3.1) and the report on solutions. The forms for
a benefit payment and a lodger sit on the tenancy page (solutions/_benefit_form.html,
_lodger_form.html) and are handled there (casefile/form_views.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import require, require_case_role
from huurpad.collection.models import PolicyVersion
from huurpad.tenancies.models import Municipality

from . import benefits, reports
from .models import Pause, WriteOff


@login_required
def benefit_overview(request):
    """Missing and short payments from municipalities, per municipality: whom to call."""
    require_case_role(request.user)
    today = timezone.localdate()
    found = benefits.problems(today)
    log_list_access(request, [check.benefit.tenancy for check in found], action="benefit_overview")
    names = dict(
        Municipality.objects.filter(code__in={c.benefit.municipality_code for c in found}).values_list("code", "name")
    )
    groups = {}
    for check in found:
        code = check.benefit.municipality_code
        groups.setdefault(code, {"code": code, "name": names.get(code, ""), "rows": []})["rows"].append(check)
    return render(
        request,
        "solutions/benefit_overview.html",
        {
            "today": today,
            "groups": list(groups.values()),
            "count": len(found),
            "grace_days": benefits.GRACE_DAYS,
        },
    )


@login_required
def solutions_report(request):
    """Arrangements, pauses and write-offs per month, the last twelve months; the legal track's steps."""
    require(request.user, "see_reports")
    today = timezone.localdate()
    policy = PolicyVersion.current().load()
    return render(
        request,
        "solutions/report.html",
        {
            "today": today,
            "months": reports.report(today, policy),
            "former": reports.former_tenants(today),
            "legal": reports.from_other_apps(today).get("legal", []),
            "pause_reasons": Pause.Reason.choices,
            "broken_after": policy.arrangement_broken_after_missed,
            "write_off_reasons": WriteOff.ReasonCategory.choices,
            "decision_labels": [step.label for step in reports.DECISION_STEPS],
            "kept_reasons": reports.KEPT_END_REASONS,
            "broken_reasons": reports.BROKEN_END_REASONS,
        },
    )


urlpatterns = [
    path("geregelde-betalingen/", benefit_overview, name="benefit_overview"),
    path("rapportage/oplossingen/", solutions_report, name="solutions_report"),
]
