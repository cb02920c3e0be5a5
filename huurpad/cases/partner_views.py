"""What a partner organisation sees: the households referred to it, with only what it needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from huurpad.accounts.models import log_access, log_list_access
from huurpad.accounts.roles import require

from . import actions
from .forms import FeedbackForm
from .models import CaseEvent, Referral


def _referrals_for(user):
    require(user, "see_referrals")
    return Referral.objects.filter(partner__members=user, partner__active=True).select_related(
        "partner", "tenancy__tenant", "created_by"
    )


@login_required
def referral_list(request):
    """The partner's referrals, open ones first. A closed referral no longer shows the household:
    the partner's access ends with the referral (AVG art. 5(1)(c), data minimisation)."""
    referrals = sorted(_referrals_for(request.user), key=lambda r: (r.status != Referral.Status.OPEN, -r.pk))
    log_list_access(request, [r.tenancy for r in referrals if r.status == Referral.Status.OPEN], action="partner_view")
    return render(request, "cases/partner_list.html", {"referrals": referrals})


def _own_feedback(referral):
    return CaseEvent.objects.filter(
        tenancy=referral.tenancy, type=CaseEvent.Type.PARTNER_FEEDBACK, params__partner=referral.partner.name
    ).select_related("actor")


@login_required
def referral_detail(request, pk):
    referral = _referrals_for(request.user).filter(pk=pk).first()
    if referral is None:
        get_object_or_404(Referral, pk=pk)
        raise PermissionDenied("Dit huishouden is niet naar uw organisatie doorverwezen.")
    if referral.status != Referral.Status.OPEN:
        if request.method == "POST":
            raise PermissionDenied("Deze doorverwijzing is afgesloten. U kunt niets meer toevoegen.")
        return render(request, "cases/partner_closed.html", {"referral": referral, "feedback": _own_feedback(referral)})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.record_feedback(
            referral, text=form.cleaned_data["text"], close=form.cleaned_data["close"], acting_user=request.user
        )
        messages.success(request, "Uw terugkoppeling staat in het dossier van de corporatie.")
        return redirect("cases:partner_detail", pk=referral.pk)
    log_access(request, referral.tenancy, action="partner_view")
    return render(
        request,
        "cases/partner_detail.html",
        {
            "referral": referral,
            "tenancy": referral.tenancy,
            "tenant": referral.tenancy.tenant,
            "feedback": _own_feedback(referral),
            "form": form,
        },
    )
