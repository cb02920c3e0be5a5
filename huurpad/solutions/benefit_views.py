"""Staff pages for rent paid from benefits (toolkit 3.1), lodger permissions (3.7) and the
report on solutions. The two forms sit on the tenancy page (solutions/_benefits_and_lodgers.html)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_access
from huurpad.accounts.roles import require_case_role
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur
from huurpad.forms import Form, date_input
from huurpad.tenancies.models import Municipality
from huurpad.tenancies.views import _back_to, _get_tenancy_for_user, page_context

from . import benefits, lodgers, reports
from .models import Pause

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
MONEY = TEXT | {"step": "0.01", "inputmode": "decimal"}
DATE_INVALID = "Vul een datum in, zoals 15-12-2026."
AMOUNT_INVALID = "Vul een bedrag in, zoals 650,00."


class BenefitForm(Form):
    id_prefix = "geregeld"
    municipality_code = forms.CharField(label="Gemeentecode", max_length=6, widget=forms.TextInput(attrs=TEXT | {"size": 8}),
                                        error_messages={"required": "Vul de gemeentecode in, zoals GM0363."})  # fmt: skip
    amount = forms.DecimalField(
        label="Bedrag per maand", max_digits=10, decimal_places=2, widget=forms.NumberInput(attrs=MONEY),
        error_messages={"required": "Vul in hoeveel de gemeente elke maand betaalt.", "invalid": AMOUNT_INVALID,
                        "max_decimal_places": AMOUNT_INVALID, "max_digits": AMOUNT_INVALID},
    )  # fmt: skip
    day = forms.IntegerField(
        label="Rond de dag", min_value=1, max_value=28, widget=forms.NumberInput(attrs=TEXT),
        error_messages={"required": "Vul in rond welke dag de gemeente betaalt.", "invalid": "Kies een dag van 1 tot en met 28.",
                        "min_value": "Kies een dag van 1 tot en met 28.", "max_value": "Kies een dag van 1 tot en met 28."},
    )  # fmt: skip
    payer_iban = forms.CharField(label="Rekening van de gemeente", required=False, max_length=42,
                                 widget=forms.TextInput(attrs=TEXT | {"size": 24, "autocomplete": "off"}))  # fmt: skip
    start = forms.DateField(
        label="Vanaf", widget=date_input(),
        error_messages={"required": "Vul in vanaf wanneer. Dat is de eerste dag van een maand.", "invalid": DATE_INVALID},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="geregeld_%s", **kwargs)  # ids of their own on a page with many forms


class LodgerForm(Form):
    id_prefix = "kamerhuurder"
    lodger_name = forms.CharField(label="Naam kamerhuurder", max_length=100, widget=forms.TextInput(attrs=TEXT),
                                  error_messages={"required": "Vul de naam van de kamerhuurder in."})  # fmt: skip
    start = forms.DateField(label="Vanaf", widget=date_input(),
                            error_messages={"required": "Vul in vanaf wanneer.", "invalid": DATE_INVALID})  # fmt: skip
    end = forms.DateField(
        label="Tot en met", widget=date_input(),
        error_messages={"required": "Vul in tot wanneer. Dat is hoogstens een jaar later.", "invalid": DATE_INVALID},
    )  # fmt: skip
    purpose = forms.CharField(label="Doel", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    monthly_income = forms.DecimalField(
        label="Huur van de kamerhuurder per maand", required=False, min_value=0, max_digits=10, decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages={"invalid": AMOUNT_INVALID, "min_value": "Het bedrag kan niet minder dan € 0 zijn.",
                        "max_decimal_places": AMOUNT_INVALID, "max_digits": AMOUNT_INVALID},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="kamer_%s", **kwargs)


def _refused(request, tenancy, what: str, **forms):
    """The tenancy page again, with the refused form and its errors (nothing was saved)."""
    messages.error(request, f"{what} is nog niet opgeslagen. Kijk verderop bij het formulier wat er nog ontbreekt.")
    log_access(request, tenancy)  # the answer shows the case, as the page would
    today = timezone.localdate()
    context = page_context(request, tenancy) | benefits.for_page(tenancy, today, **forms)
    return render(request, "tenancies/tenancy_detail.html", context, status=400)


@login_required
@require_POST
def register_benefit(request, ref):
    """Rent paid by the municipality from the tenant's benefit, from a month on."""
    tenancy = _get_tenancy_for_user(request, ref)
    form = BenefitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            benefit = benefits.register(
                tenancy, data["municipality_code"], data["amount"], data["day"], data["payer_iban"], data["start"],
                by=request.user, today=timezone.localdate(),
            )  # fmt: skip
        except benefits.BenefitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Geregelde betaling vastgelegd: {fmt_eur(benefit.amount)} per maand, rond de "
                                      f"{benefit.day}e, vanaf {date_nl(benefit.start)}.")  # fmt: skip
            return _back_to(tenancy, "geregelde-betaling")
    return _refused(request, tenancy, "De geregelde betaling", benefit_form=form)


@login_required
@require_POST
def grant_lodger(request, ref):
    """Permission for a lodger, at most a year (Onder de Pannen)."""
    tenancy = _get_tenancy_for_user(request, ref)
    form = LodgerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            permission = lodgers.grant(
                tenancy, data["lodger_name"], data["start"], data["end"], data["purpose"], data["monthly_income"],
                by=request.user, today=timezone.localdate(),
            )  # fmt: skip
        except lodgers.LodgerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Toestemming voor een kamerhuurder vastgelegd, van {date_nl(permission.start)} "
                                      f"tot en met {date_nl(permission.end)}.")  # fmt: skip
            return _back_to(tenancy, "kamerhuurder")
    return _refused(request, tenancy, "De toestemming voor een kamerhuurder", lodger_form=form)


@login_required
def benefit_overview(request):
    """Missing and short payments from municipalities, per municipality: whom to call."""
    require_case_role(request.user)
    today = timezone.localdate()
    found = benefits.problems(today)
    names = dict(Municipality.objects.filter(code__in={c.benefit.municipality_code for c in found}).values_list("code", "name"))
    groups = {}
    for check in found:
        code = check.benefit.municipality_code
        groups.setdefault(code, {"code": code, "name": names.get(code, ""), "rows": []})["rows"].append(check)
    return render(request, "solutions/benefit_overview.html", {
        "today": today, "groups": list(groups.values()), "count": len(found), "grace_days": benefits.GRACE_DAYS,
    })  # fmt: skip


@login_required
def solutions_report(request):
    """Arrangements, pauses and write-offs per month, the last twelve months."""
    if not reports.may_see_reports(request.user):
        raise PermissionDenied("Alleen voor de teamleider, de manager en de controller.")
    today = timezone.localdate()
    return render(request, "solutions/report.html", {
        "today": today, "months": reports.report(today), "pause_reasons": Pause.Reason.choices,
        "decision_labels": [step.label for step in reports.DECISION_STEPS],
        "kept_reasons": reports.KEPT_END_REASONS, "broken_reasons": reports.BROKEN_END_REASONS,
    })  # fmt: skip


urlpatterns = [
    path("huurcontract/<str:ref>/geregelde-betaling/", register_benefit, name="register_benefit"),
    path("huurcontract/<str:ref>/kamerhuurder/", grant_lodger, name="grant_lodger"),
    path("geregelde-betalingen/", benefit_overview, name="benefit_overview"),
    path("rapportage/oplossingen/", solutions_report, name="solutions_report"),
]
