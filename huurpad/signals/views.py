"""Early signals for officers: what is ready to go per municipality, the batches (downloads are
logged), approvals where the policy asks for them, the municipality's feedback, and the figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import may, require, require_case_role
from huurpad.tenancies.models import Municipality

from . import signals
from .forms import FeedbackForm
from .models import EarlySignal, SignalExport

S = EarlySignal.Status


@login_required
def overview(request):
    require_case_role(request.user)
    today = timezone.localdate()  # a GET only reads: signals are prepared after the day's run, or by 'Klaarzetten'
    waiting = (
        EarlySignal.objects.filter(status__in=[S.PREPARED, S.AWAITING])
        .select_related("tenancy__tenant")
        .order_by("municipality_code", "signal_date")
    )
    names = dict(Municipality.objects.values_list("code", "name"))
    groups = {}
    waiting = list(waiting)
    log_list_access(request, [signal.tenancy for signal in waiting], action="signal_overview")
    for signal in waiting:
        groups.setdefault(signal.municipality_code, []).append(signal)
    return render(
        request,
        "signals/overview.html",
        {
            "groups": [(code, names.get(code, code), items) for code, items in groups.items()],
            "exports": SignalExport.objects.select_related("created_by").order_by("-created_at")[:20],
            "figures": signals.by_municipality(),
            "may_approve": may(request.user, "approve_signal"),
            "unprepared": signals.unprepared(today).count(),
            "today": today,
        },
    )


@login_required
@require_POST
def prepare(request):
    """The policy's early signals of today made ready now, before the day's run does it."""
    require(request.user, "export_signals")
    waiting = signals.unprepared(timezone.localdate()).count()
    ready = signals.prepare(timezone.localdate())
    done = f"{ready} {'vroegsignaal' if ready == 1 else 'vroegsignalen'} klaargezet."
    if not waiting:
        messages.info(request, "Er was niets klaar te zetten.")
    elif ready == waiting:
        messages.success(request, done)
    else:
        messages.warning(
            request,
            f"{done} {waiting - ready} {'mag' if waiting - ready == 1 else 'mogen'} niet weg: de reden staat bij het huurcontract.",
        )
    return redirect("signals:overview")


@login_required
@require_POST
def make_export(request, code):
    require(request.user, "export_signals")
    fmt = request.POST.get("format", "csv")
    try:
        done = signals.export(code, fmt, timezone.localdate(), acting_user=request.user)
    except signals.UnknownMunicipality as exc:
        messages.error(request, f"Gemeente {exc.code} kennen we niet. Er is niets verstuurd.")
        return redirect("signals:overview")
    except signals.SignalError as exc:
        messages.error(request, str(exc))
        return redirect("signals:overview")
    if done.batch is None:
        messages.info(request, "Er is niets om te versturen.")
        return redirect("signals:overview")
    messages.success(
        request,
        f"{done.count} vroegsignalen staan klaar om te downloaden. Stuur het bestand naar de gemeente via het afgesproken kanaal.",
    )
    return redirect("signals:overview")


@login_required
def download(request, pk):
    """One batch as it was written; who downloaded it is logged for each household in it."""
    require_case_role(request.user)
    batch = get_object_or_404(SignalExport, pk=pk)
    log_list_access(
        request, [signal.tenancy for signal in batch.signals.select_related("tenancy")], action="signal_export"
    )
    response = HttpResponse(
        batch.content, content_type="text/csv; charset=utf-8" if batch.format == "csv" else "application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="vroegsignalen-{batch.municipality_code}-{batch.up_to}-{batch.pk}.{batch.format}"'
    )
    response["Cache-Control"] = "no-store"  # personal data: no copy in any cache
    return response


@login_required
@require_POST
def approve(request, pk):
    require(request.user, "approve_signal")
    signal = get_object_or_404(EarlySignal, pk=pk)
    if signals.approve(signal, acting_user=request.user):
        messages.success(request, "Het vroegsignaal is goedgekeurd en gaat mee met de volgende export.")
    else:
        messages.error(request, "Dit vroegsignaal is al behandeld.")
    return redirect("signals:overview")


@login_required
@require_POST
def feedback(request, pk):
    """The municipality's result for one signal, typed in by an officer."""
    require(request.user, "export_signals")
    signal = get_object_or_404(EarlySignal.objects.select_related("tenancy"), pk=pk, status=S.EXPORTED)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        wrong = " ".join(f"{form.fields[name].label}: {e}" for name, errs in form.errors.items() for e in errs)
        messages.error(request, f"De terugkoppeling is niet opgeslagen. {wrong}")
    else:
        d = form.cleaned_data
        done = signals.apply_feedback(
            signal,
            d["result"],
            d["on"],
            first_contact=d["first_contact"],
            creditors=d["creditors"],
            acting_user=request.user,
        )
        messages.success(
            request, f"Terugkoppeling opgeslagen: {done}." if done else "Deze terugkoppeling was al bekend."
        )
    return redirect(signal.tenancy.section_url("vroegsignalen"))
