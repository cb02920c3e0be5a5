"""What staff do with debt help on the tenancy page (debthelp/panel.py shows it): send a balance
answer, decline to cooperate with its reason, decide on a payment proposal, write off the rest of
the claim after a settlement that succeeded. POST only; who may is accounts.roles (answer_debt_help,
decide_debt_help), asked before anything is looked up. The officer goes back to the page's
'Schuldhulp' part with what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.roles import require

from . import flow
from .models import DebtHelp, DebtMessage

SECTION = "schuldhulp"


def _back(request, tenancy, said: str, ok: bool = True):
    messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, said)
    return redirect(tenancy.section_url(SECTION))


@login_required
@require_POST
def answer(request, pk):
    """Send the balance answer as composed, or answer 'geen medewerking' with a reason and why."""
    require(request.user, "answer_debt_help")
    found = get_object_or_404(DebtMessage.objects.select_related("tenancy", "debt_help"), pk=pk)
    today = timezone.localdate()
    try:
        if request.POST.get("what") == "refuse":
            incoming = found if found.direction == DebtMessage.Direction.IN else found.in_reply_to
            if incoming is None:
                raise flow.NotAllowed("Dit bericht kan niet met geen medewerking worden beantwoord.")
            flow.refuse(
                incoming,
                acting_user=request.user,
                today=today,
                reason=request.POST.get("reason", ""),
                why=request.POST.get("why", ""),
            )
            return _back(request, found.tenancy, "Geen medewerking verstuurd aan de schuldhulpverlener.")
        flow.send(found, acting_user=request.user, today=today)
    except flow.NotAllowed as exc:
        return _back(request, found.tenancy, str(exc), ok=False)
    return _back(request, found.tenancy, "Het saldo is verstuurd aan de schuldhulpverlener.")


@login_required
@require_POST
def decide(request, pk):
    """The team leader accepts or refuses a payment proposal outside the covenant, saying why."""
    require(request.user, "decide_debt_help")
    found = get_object_or_404(DebtMessage.objects.select_related("tenancy", "debt_help"), pk=pk)
    choice = request.POST.get("accepted")
    try:
        if choice not in ("ja", "nee"):
            raise flow.NotAllowed("Kies: aannemen of afwijzen.")
        flow.decide(
            found,
            acting_user=request.user,
            today=timezone.localdate(),
            accepted=choice == "ja",
            why=request.POST.get("why", ""),
        )
    except flow.NotAllowed as exc:
        return _back(request, found.tenancy, str(exc), ok=False)
    return _back(request, found.tenancy, "Het besluit over het betaalvoorstel is verstuurd.")


@login_required
@require_POST
def write_off(request, pk):
    """After a settlement that succeeded: the team leader's one decision on the rest of the claim."""
    require(request.user, "decide_debt_help")
    found = get_object_or_404(DebtHelp.objects.select_related("tenancy"), pk=pk)
    try:
        flow.write_off_rest(
            found, acting_user=request.user, today=timezone.localdate(), why=request.POST.get("why", "")
        )
    except flow.NotAllowed as exc:
        return _back(request, found.tenancy, str(exc), ok=False)
    return _back(request, found.tenancy, "De rest van de oude vordering is kwijtgescholden en geboekt.")
