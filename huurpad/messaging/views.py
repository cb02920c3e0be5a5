"""Pay links: the provider's webhook, the demo provider's checkout, the page a tenant returns to."""

import os

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import paylinks
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
