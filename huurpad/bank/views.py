"""Staff pages for the bank: unknown payments an officer assigns. (A tenancy's collection day is
changed on the tenancy page: casefile/form_views.py.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import may, require, require_case_role
from huurpad.core.money import fmt_eur
from huurpad.tenancies.models import Tenancy

from . import imports
from .models import BankTransaction

UNKNOWN = BankTransaction.Status.UNKNOWN


@login_required
def unknown_payments(request):
    """Money in that Huurpad could not place: oldest first, with suggestions, and the last ones
    officers assigned (who, when, to whom)."""
    require_case_role(request.user)
    waiting = BankTransaction.objects.filter(status=UNKNOWN).order_by("booking_date", "id")
    page = Paginator(waiting, 50).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    found = imports.suggestions(rows, timezone.localdate())
    assigned = list(
        BankTransaction.objects.filter(matched_by=BankTransaction.MatchedBy.OFFICER)
        .select_related("tenancy", "assigned_by")
        .order_by("-assigned_at")[:20]
    )
    suggested = may(request.user, "book_bank_payment")  # the suggestions come with the form to book
    log_list_access(
        request,
        [
            *rows,
            *((t, "bank_suggestion") for row in rows for t in found[row.pk] if suggested),
            *((row.tenancy, "bank_assigned") for row in assigned),
        ],
    )
    return render(
        request,
        "bank/unknown_payments.html",
        {
            "page": page,
            "rows": [(row, found[row.pk]) for row in rows],
            "assigned": assigned,
        },
    )


@login_required
@require_POST
def assign_payment(request, pk):
    """An officer books an unknown payment on a tenancy, by its contract number (typed, or a
    suggestion's button). From a suggestion's button with htmx the answer is what happened, in
    the payment's row; without htmx, back to the list with the message."""
    require(request.user, "book_bank_payment")
    ref = request.POST.get("contract", "").strip().upper()
    tenancy = Tenancy.objects.filter(ref=ref).first()
    back = reverse("bank:unknown_payments") + (
        f"?pagina={request.POST['pagina']}" if request.POST.get("pagina", "").isdigit() else ""
    )
    if tenancy is None:
        level, said = messages.ERROR, f"Geen huurcontract met nummer {ref or '(leeg)'}. De betaling is niet geboekt."
    elif (row := imports.assign(pk, tenancy, acting_user=request.user)) is None:
        level, said = messages.ERROR, "Deze betaling is al geboekt, misschien door een collega."
    else:
        level, said = (
            messages.SUCCESS,
            f"{fmt_eur(row.amount)} van {row.counterparty_name or 'onbekend'} is geboekt op {tenancy.ref}.",
        )
    if request.htmx:
        booked = tenancy if level == messages.SUCCESS else None
        return render(request, "bank/_assigned.html", {"said": said, "booked": booked, "back": back})
    messages.add_message(request, level, said)
    return redirect(back)
