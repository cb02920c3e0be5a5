"""What staff do with the legal track on the tenancy page (legal/panel.py shows it): record a
step, charge the bailiff's costs a step states, end a hold. POST only; who may is accounts.roles
(record_legal_step, decide_court_step), asked before anything is looked up; the guardrails are
legal/track.py's. The officer goes back to the page's 'Juridisch traject' part with what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.roles import require
from huurpad.tenancies.models import Tenancy

from . import track
from .forms import StepForm
from .models import LegalCase, LegalStep

SECTION = "juridisch"


def _back(request, tenancy, said: str, ok: bool = True):
    messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, said)
    return redirect(tenancy.section_url(SECTION))


@login_required
@require_POST
def record(request, ref):
    require(request.user, "record_legal_step")
    tenancy = get_object_or_404(Tenancy, ref=ref)
    form = StepForm(request.POST)
    if not form.is_valid():
        wrong = "; ".join(f"{form.fields[name].label}: {errors[0]}" for name, errors in form.errors.items())
        return _back(request, tenancy, f"De stap is niet opgeslagen. {wrong}", ok=False)
    data = form.cleaned_data
    stage = data["stage"]
    if stage in track.rules.NEEDS_ESCALATION:
        require(request.user, "decide_court_step")
    details = track.Details(
        court_date=data["court_date"],
        outcome=data["outcome"],
        conditions=data["conditions"],
        eviction_date=data["eviction_date"],
        reason=data["reason"],
        decided_by_name=data["decided_by_name"],
        document=data["document"],
        note=data["note"],
        costs=data["costs"],
    )
    try:
        step = track.record(tenancy, stage, data["date"], details, acting_user=request.user)
    except track.Refused as refusal:
        said = f"De stap is niet opgeslagen. {refusal}"
        if refusal.held:
            said += " Er staat een taak klaar om de rechter of de deurwaarder te vragen de zaak aan te houden."
        return _back(request, tenancy, said, ok=False)
    return _back(request, tenancy, f"Vastgelegd: {step.get_stage_display().lower()}.")


@login_required
@require_POST
def charge_costs(request, pk):
    require(request.user, "decide_court_step")
    step = get_object_or_404(LegalStep.objects.select_related("legal_case__tenancy"), pk=pk)
    tenancy = step.legal_case.tenancy
    try:
        track.charge_costs(step, acting_user=request.user, on=timezone.localdate())
    except track.Refused as refusal:
        return _back(request, tenancy, f"De kosten zijn niet geboekt. {refusal}", ok=False)
    return _back(request, tenancy, "De kosten van de deurwaarder staan op de huurrekening.")


@login_required
@require_POST
def release(request, pk):
    require(request.user, "record_legal_step")
    found = get_object_or_404(LegalCase.objects.select_related("tenancy"), pk=pk)
    if not track.release(found, timezone.localdate(), acting_user=request.user):
        return _back(
            request,
            found.tenancy,
            "Het traject blijft aangehouden: er loopt nog schuldhulp, een moratorium of een regeling die wordt nagekomen.",
            ok=False,
        )
    return _back(request, found.tenancy, "Het juridisch traject wordt niet meer aangehouden.")
