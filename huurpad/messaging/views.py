"""Pay links: the provider's webhook, the demo provider's checkout, the page a tenant returns to."""

import hmac
import json
import os

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import outbox, paylinks
from .channels import cm
from .models import DemoPayment

PROVIDERS = {"demo", "mollie"}


@csrf_exempt
@require_POST
def webhook(request, provider):
    """The provider says something changed about payment `id`; what changed is asked of the
    provider itself. Always 200, also for an unknown id: the answer tells nobody anything."""
    if provider not in PROVIDERS:
        raise Http404
    provider_id = request.POST.get("id", "")
    if provider_id:
        paylinks.settle(provider, provider_id)
    return HttpResponse("")


def demo_checkout(request, token):
    """The demo provider's payment page: one click pays, then the webhook is called."""
    if os.environ.get("HUURPAD_PAY_PROVIDER", "demo") != "demo":
        raise Http404
    payment = get_object_or_404(DemoPayment, token=token)
    if request.method == "POST" and payment.paid_at is None:
        DemoPayment.objects.filter(pk=payment.pk, paid_at__isnull=True).update(paid_at=timezone.now())
        paylinks.settle("demo", token)  # as the real provider would call the webhook
        return redirect(payment.redirect_url)
    return render(request, "messaging/demo_checkout.html", {"payment": payment})


def paid(request):
    """Where the tenant lands after paying. Says nothing about any one payment."""
    return render(request, "messaging/paid.html")


@csrf_exempt
def cm_status_report(request):
    """CM.com's status reports (the URL set in CM.com's portal, with ?key=HUURPAD_CM_REPORT_KEY).
    A report says whether an SMS or WhatsApp message reached the phone."""
    key = os.environ.get("HUURPAD_CM_REPORT_KEY", "")
    if not key or not hmac.compare_digest(request.GET.get("key", "").encode(), key.encode()):
        raise Http404
    try:
        reports = cm.status_reports(request.GET, request.POST, request.body if request.content_type == "application/json" else b"")
    except (ValueError, json.JSONDecodeError):
        return HttpResponse("niet te lezen", status=400)
    for reference, delivered, detail in reports:
        outbox.delivery_report(reference, delivered, detail)
    return HttpResponse("")
