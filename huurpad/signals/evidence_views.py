"""The court evidence pack for a tenancy: the page shows what it holds and what is missing for a
summons date; ?download=pdf or ?download=zip hands over the files. For the team leader and the
incassomedewerker. Every view and every download is a view of the case, and logged."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from huurpad.accounts.models import log_access
from huurpad.accounts.roles import require
from huurpad.forms import Form, date_input
from huurpad.tenancies.models import Tenancy

from . import evidence

DOWNLOADS = {"pdf": "application/pdf", "zip": "application/zip"}


class SummonsForm(Form):
    id_prefix = "bewijsdossier"
    dagvaarding = forms.DateField(
        label="Datum van de dagvaarding",
        required=False,
        widget=date_input(),
        error_messages={"invalid": "Vul een datum in, zoals 15-01-2027."},
    )


@login_required
@require_GET
def evidence_pack(request, ref):
    require(request.user, "make_evidence_pack")
    tenancy = get_object_or_404(Tenancy.objects.select_related("tenant", "household"), ref=ref)
    today = timezone.localdate()
    form = SummonsForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    # No date (or a wrong one, shown with its error): two weeks from today.
    summons = (
        form.cleaned_data.get("dagvaarding") if valid and form.is_bound else None
    ) or today + evidence.SUMMONS_LEAD
    download = request.GET.get("download", "")
    if valid and download in DOWNLOADS:
        pack = evidence.assemble(tenancy, summons, today=today)
        log_access(request, tenancy, action=f"evidence_{download}")
        content, name = (
            (evidence.pdf(pack), pack.pdf_name) if download == "pdf" else (evidence.zip_file(pack), pack.zip_name)
        )
        response = HttpResponse(content, content_type=DOWNLOADS[download])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"  # personal data: not kept by browsers or proxies
        return response
    pack = evidence.assemble(tenancy, summons, today=today)
    log_access(request, tenancy)
    response = render(
        request,
        "signals/evidence_pack.html",
        {
            "tenancy": tenancy,
            "tenant": tenancy.tenant,
            "pack": pack,
            "form": form,
            "summons": summons,
            "rotterdam_months": evidence.ROTTERDAM_MONTHS,
        },
        status=200 if valid else 400,
    )
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("huurcontract/<ref:ref>/bewijsdossier/", evidence_pack, name="evidence_pack"),
]
