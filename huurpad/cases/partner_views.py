"""What a partner organisation sees: the households referred to it, with only what it needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from huurpad.accounts.models import log_access
from huurpad.accounts.roles import may_see_referrals

from . import actions
from .forms import FeedbackForm
from .models import CaseEvent, Referral


def _referrals_for(user):
    if not may_see_referrals(user):
        raise PermissionDenied("Alleen voor medewerkers van een partnerorganisatie.")
    return Referral.objects.filter(partner__members=user, partner__active=True).select_related(
        "partner", "tenancy__tenant", "created_by"
    )


@login_required
def referral_list(request):
    referrals = sorted(_referrals_for(request.user), key=lambda r: (r.status != Referral.Status.OPEN, -r.pk))
    return render(request, "cases/partner_list.html", {"referrals": referrals})


@login_required
def referral_detail(request, pk):
    referral = _referrals_for(request.user).filter(pk=pk).first()
    if referral is None:
        get_object_or_404(Referral, pk=pk)
        raise PermissionDenied("Dit huishouden is niet naar uw organisatie doorverwezen.")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.record_feedback(
            referral, text=form.cleaned_data["text"], close=form.cleaned_data["close"], acting_user=request.user
        )
        messages.success(request, "Uw terugkoppeling staat in het dossier van de corporatie.")
        return redirect("cases:partner_detail", pk=referral.pk)
    log_access(request, referral.tenancy, action="partner_view")
    feedback = CaseEvent.objects.filter(
        tenancy=referral.tenancy, type=CaseEvent.Type.PARTNER_FEEDBACK, params__partner=referral.partner.name
    ).select_related("actor")
    return render(
        request,
        "cases/partner_detail.html",
        {"referral": referral, "tenancy": referral.tenancy, "tenant": referral.tenancy.tenant, "feedback": feedback, "form": form},
    )
