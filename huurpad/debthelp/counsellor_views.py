"""The debt counsellor's pages (partner role, organisation kind schuldhulp): their own households,
and per household the settlement, its deadlines, its messages and the balance statement (page,
PDF, CSV). Every answer that shows a household is in the access log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from huurpad.accounts.models import log_access, log_list_access

from . import counsellor, flow
from .models import DebtHelp

DOWNLOADS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


@login_required
@require_GET
def household_list(request):
    today = timezone.localdate()
    found = list(counsellor.households(request.user, today))
    log_list_access(request, [d.tenancy for d in found], action="debt_help_list")
    return render(request, "debthelp/counsellor_list.html", {"households": found, "today": today})


def _own(request, pk: int) -> DebtHelp:
    """The trajectory, if the user's organisation runs it (and it is still shown); 404 when there
    is no such trajectory, 403 when it is someone else's."""
    found = counsellor.households(request.user, timezone.localdate()).filter(pk=pk).first()
    if found is None:
        get_object_or_404(DebtHelp, pk=pk)
        raise PermissionDenied("Dit huishouden heeft geen schuldhulp bij uw organisatie, of die is al lang afgelopen.")
    return found


@login_required
@require_GET
def household_detail(request, pk):
    debt_help = _own(request, pk)
    today = timezone.localdate()
    log_access(request, debt_help.tenancy, action="debt_help_view")
    said = [(m, counsellor.summary(m)) for m in debt_help.messages.order_by("date", "id")]
    return render(
        request,
        "debthelp/counsellor_detail.html",
        {
            "debt_help": debt_help,
            "tenancy": debt_help.tenancy,
            "tenant": debt_help.tenancy.tenant,
            "s": counsellor.statement(debt_help.tenancy, today),
            "deadlines": counsellor.deadlines(debt_help, today),
            "settlement_end": flow.settlement_end(debt_help),
            "debt_messages": said,  # not 'messages': that is Django's messages framework in base.html
            "today": today,
        },
    )


@login_required
@require_GET
def statement_file(request, pk, format):
    debt_help = _own(request, pk)
    found = counsellor.statement(debt_help.tenancy, timezone.localdate())
    log_access(request, debt_help.tenancy, action=f"debt_help_{format}")
    if format == "pdf":
        content = counsellor.statement_pdf(found, debt_help)
    else:
        content = counsellor.statement_csv(found).encode("utf-8")
    response = HttpResponse(content, content_type=DOWNLOADS[format])
    response["Content-Disposition"] = f'attachment; filename="{found.file_stem}.{format}"'
    response["Cache-Control"] = "no-store"  # personal data: not kept by browsers or proxies
    return response
