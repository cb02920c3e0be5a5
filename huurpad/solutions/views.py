"""Payment arrangements and the pause button from the tenancy page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.roles import require
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur
from huurpad.tenancies.views import _back_to, _get_tenancy_for_user

from . import arrangements
from .forms import ArrangementForm, PauseForm
from .models import Arrangement, Pause

SECTION = "regeling"


@login_required
def preview(request, ref):
    """What the arrangement would be (htmx, while the officer types)."""
    tenancy = _get_tenancy_for_user(request, ref, "arrange")
    form = ArrangementForm(request.GET)
    sizing = arrangements.size_for(tenancy, timezone.localdate(), **form.given()) if form.is_valid() else None
    return render(request, "solutions/_arrangement_preview.html", {"form": form, "sizing": sizing})


@login_required
@require_POST
def propose(request, ref):
    tenancy = _get_tenancy_for_user(request, ref, "arrange")
    form = ArrangementForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "De regeling is niet gemaakt: " + " ".join(e for errors in form.errors.values() for e in errors)
        )
        return _back_to(tenancy, SECTION)
    running = tenancy.arrangements.filter(status=Arrangement.Status.RUNNING).first()
    try:
        made = arrangements.propose(
            tenancy, by=request.user, today=timezone.localdate(), replaces=running, **form.given()
        )
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        messages.error(request, f"Geen regeling gemaakt. {exc}")
        return _back_to(tenancy, SECTION)
    if made.status == Arrangement.Status.AWAITING:
        messages.success(
            request, "De regeling gaat naar de teamleider: die beslist erover. U ziet het besluit op deze pagina."
        )
    else:
        messages.success(
            request,
            f"De regeling loopt: {made.count} termijnen van {fmt_eur(made.instalment)}, de eerste op "
            f"{date_nl(made.first_due)}. De bevestiging gaat met de post.",
        )
    return _back_to(tenancy, SECTION)


@login_required
@require_POST
def decide(request, pk):
    require(request.user, "decide_arrangement")  # before looking anything up: outsiders learn nothing
    arrangement = get_object_or_404(Arrangement.objects.select_related("tenancy"), pk=pk)
    tenancy = _get_tenancy_for_user(request, arrangement.tenancy.ref, "decide_arrangement")
    approved = request.POST.get("besluit") == "akkoord"
    try:
        arrangements.decide(arrangement, by=request.user, approved=approved, today=timezone.localdate())
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "De regeling loopt. De bevestiging gaat met de post." if approved else "De regeling is afgewezen."
        )
    return _back_to(tenancy, SECTION)


@login_required
@require_POST
def end(request, pk):
    require(request.user, "arrange")  # before looking anything up: outsiders learn nothing
    arrangement = get_object_or_404(Arrangement.objects.select_related("tenancy"), pk=pk)
    tenancy = _get_tenancy_for_user(request, arrangement.tenancy.ref, "arrange")
    reason = {"afgelost": arrangements.PAID_OFF, "afgebroken": arrangements.BROKEN}.get(request.POST.get("reden", ""))
    if reason is None:
        messages.error(request, "Kies: afgelost of afgebroken.")
        return _back_to(tenancy, SECTION)
    try:
        arrangements.end(arrangement, by=request.user, today=timezone.localdate(), reason=reason)
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        messages.error(request, str(exc))
    else:
        messages.success(request, f"De regeling is beëindigd: {reason}.")
    return _back_to(tenancy, SECTION)


@login_required
@require_POST
def start_pause(request, ref):
    tenancy = _get_tenancy_for_user(request, ref, "pause")
    form = PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Geen pauze gestart: " + " ".join(e for errors in form.errors.values() for e in errors))
        return _back_to(tenancy, SECTION)
    data = form.cleaned_data
    try:
        pause = arrangements.start_pause(
            tenancy,
            reason=data["reason"],
            review_date=data["review_date"],
            note=data["note"],
            by=request.user,
            today=timezone.localdate(),
        )
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        messages.error(request, f"Geen pauze gestart. {exc}")
    else:
        messages.success(
            request,
            f"Pauze tot {date_nl(pause.review_date)}: geen herinneringen over de achterstand. Dan komt er een taak om te evalueren.",
        )
    return _back_to(tenancy, SECTION)


@login_required
@require_POST
def end_pause(request, pk):
    require(request.user, "pause")  # before looking anything up: outsiders learn nothing
    pause = get_object_or_404(Pause.objects.select_related("tenancy"), pk=pk)
    tenancy = _get_tenancy_for_user(request, pause.tenancy.ref, "pause")
    try:
        arrangements.end_pause(
            pause, by=request.user, today=timezone.localdate(), reason=request.POST.get("reden", "")[:200]
        )
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "De pauze is beëindigd. Het beleid kijkt vanaf de volgende run weer naar de achterstand."
        )
    return _back_to(tenancy, SECTION)
