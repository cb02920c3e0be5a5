"""Pay links: the provider's webhook, the demo provider's checkout, the page a tenant returns to;
CM.com's delivery reports; and the officers' list of messages whose sending was cut off."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import require, require_case_role
from huurpad.core.dutch import channel_nl
from huurpad.core.policy.labels import action_label

from . import actions, outbox, paylinks
from .channels import cm
from .models import DemoPayment, OutboxMessage

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
    if settings.PAY_PROVIDER != "demo":
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
    key = settings.CM_REPORT_KEY
    if not key or not hmac.compare_digest(request.GET.get("key", "").encode(), key.encode()):
        raise Http404
    try:
        reports = cm.status_reports(
            request.GET, request.POST, request.body if request.content_type == "application/json" else b""
        )
    except (ValueError, json.JSONDecodeError):
        return HttpResponse("niet te lezen", status=400)
    for reference, delivered, detail in reports:
        outbox.delivery_report(reference, delivered, detail)
    return HttpResponse("")


@login_required
def uncertain(request):
    """Messages whose sending was cut off on a channel that cannot tell a repeat: maybe they
    arrived, maybe not. The officer checks and settles each: sent after all, or send again."""
    require_case_role(request.user)
    found = list(actions.uncertain()[:200])
    log_list_access(request, [m.tenancy for m in found])
    rows = [(m, action_label(m.action), channel_nl(m.channel)) for m in found]
    return render(request, "messaging/uncertain.html", {"rows": rows, "total": actions.uncertain().count()})


def _get_uncertain_for_user(request, pk: int) -> OutboxMessage:
    require(request.user, "settle_messages")
    return get_object_or_404(OutboxMessage.objects.select_related("tenancy"), pk=pk)


@login_required
@require_POST
def confirm_sent(request, pk):
    """'Toch verstuurd': the message did arrive."""
    message = _get_uncertain_for_user(request, pk)
    if actions.confirm_sent(message, acting_user=request.user):
        messages.success(request, f"{message.tenancy.ref}: het bericht staat als verstuurd op de tijdlijn.")
    else:
        messages.warning(request, "Dit bericht is al afgehandeld, misschien door een collega.")
    return redirect("messaging:uncertain")


@login_required
@require_POST
def send_again(request, pk):
    """'Opnieuw versturen': the message did not arrive; it goes once more."""
    message = _get_uncertain_for_user(request, pk)
    if actions.send_again(message, acting_user=request.user):
        messages.success(
            request,
            f"{message.tenancy.ref}: het bericht gaat binnen een paar minuten opnieuw weg{outbox.quiet_hours_note()}.",
        )
    else:
        messages.warning(request, "Dit bericht is al afgehandeld, misschien door een collega.")
    return redirect("messaging:uncertain")
