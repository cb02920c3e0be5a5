"""The subject-access file for a written request (AVG art. 15), made by staff from the tenancy page:
the same file the tenant downloads in Mijn Huurpad."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_access
from huurpad.accounts.roles import require
from huurpad.tenancies.models import Tenancy

from . import access

WRITTEN_REQUEST = "een schriftelijk verzoek"


def zip_response(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_POST
def subject_file(request, ref):
    """Checks the role before it looks the tenancy up; logs the export as the tenant's data leaving."""
    require(request.user, "make_subject_file")
    tenancy = get_object_or_404(Tenancy.objects.select_related("tenant"), ref=ref)
    name, content = access.subject_file(tenancy.tenant, made_for=WRITTEN_REQUEST)
    log_access(request, tenancy, action="subject_file")
    return zip_response(name, content)
