"""Staff pages for rent paid from benefits (toolkit 3.1), lodger permissions (3.7) and the
report on solutions. The two forms sit on the tenancy page (solutions/_benefit_form.html, _lodger_form.html)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_access, log_list_access
from huurpad.accounts.roles import require, require_case_role
from huurpad.collection.models import PolicyVersion
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur
from huurpad.tenancies.models import Municipality
from huurpad.tenancies.views import _back_to, _get_tenancy_for_user, page_context

from . import benefits, lodgers, reports
from .forms import BenefitForm, LodgerForm
from .models import Pause, WriteOff


def _refused(request, tenancy, what: str, **forms):
    """The tenancy page again, with the refused form and its errors (nothing was saved)."""
    messages.error(request, f"{what} is nog niet opgeslagen. Kijk verderop bij het formulier wat er nog ontbreekt.")
    log_access(request, tenancy)  # the answer shows the case, as the page would
    return render(request, "tenancies/tenancy_detail.html", page_context(request, tenancy, **forms), status=400)


@login_required
@require_POST
def register_benefit(request, ref):
    """Rent paid by the municipality from the tenant's benefit, from a month on."""
    tenancy = _get_tenancy_for_user(request, ref, "arrange")
    form = BenefitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            benefit = benefits.register(
                tenancy,
                data["municipality_code"],
                data["amount"],
                data["day"],
                data["payer_iban"],
                data["start"],
                by=request.user,
                today=timezone.localdate(),
            )
        except benefits.BenefitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Geregelde betaling vastgelegd: {fmt_eur(benefit.amount)} per maand, rond de "
                f"{benefit.day}e, vanaf {date_nl(benefit.start)}.",
            )
            return _back_to(tenancy, "geregelde-betaling")
    return _refused(request, tenancy, "De geregelde betaling", benefit_form=form)


@login_required
@require_POST
def grant_lodger(request, ref):
    """Permission for a lodger, at most a year (Onder de Pannen)."""
    tenancy = _get_tenancy_for_user(request, ref, "arrange")
    form = LodgerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            permission = lodgers.grant(
                tenancy,
                data["lodger_name"],
                data["start"],
                data["end"],
                data["purpose"],
                data["monthly_income"],
                by=request.user,
                today=timezone.localdate(),
            )
        except lodgers.LodgerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Toestemming voor een kamerhuurder vastgelegd, van {date_nl(permission.start)} "
                f"tot en met {date_nl(permission.end)}.",
            )
            return _back_to(tenancy, "kamerhuurder")
    return _refused(request, tenancy, "De toestemming voor een kamerhuurder", lodger_form=form)


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
    """Arrangements, pauses and write-offs per month, the last twelve months."""
    require(request.user, "see_reports")
    today = timezone.localdate()
    policy = PolicyVersion.current().load()
    return render(
        request,
        "solutions/report.html",
        {
            "today": today,
            "months": reports.report(today, policy),
            "pause_reasons": Pause.Reason.choices,
            "broken_after": policy.arrangement_broken_after_missed,
            "write_off_reasons": WriteOff.ReasonCategory.choices,
            "decision_labels": [step.label for step in reports.DECISION_STEPS],
            "kept_reasons": reports.KEPT_END_REASONS,
            "broken_reasons": reports.BROKEN_END_REASONS,
        },
    )


urlpatterns = [
    path("huurcontract/<ref:ref>/geregelde-betaling/", register_benefit, name="register_benefit"),
    path("huurcontract/<ref:ref>/kamerhuurder/", grant_lodger, name="grant_lodger"),
    path("geregelde-betalingen/", benefit_overview, name="benefit_overview"),
    path("rapportage/oplossingen/", solutions_report, name="solutions_report"),
]
