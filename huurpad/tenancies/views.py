from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def worklist(request):
    return HttpResponse("werklijst")


@login_required
def tenancy_detail(request, ref):
    return HttpResponse(ref)
