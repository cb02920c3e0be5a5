"""Mijn Huurpad: the tenant's own pages. Every page takes the tenancy from the portal session
(auth.portal_view), never from the URL; no page shows anything of another tenancy."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huurpad.accounts.models import log_access
from huurpad.core.dutch import date_nl
from huurpad.messaging import paylinks
from huurpad.messaging.models import Sender
from huurpad.solutions.models import Arrangement

from . import access, auth, selfservice
from .forms import ArrangementForm, CallForm, CodeForm, CollectionDayForm, EmailForm, MessageForm, PayForm, PhoneForm
from .staff_views import zip_response

SENT = "portal_link_sent"  # session flag: show 'check your e-mail' after the redirect


def _render(request, template: str, context: dict, status: int = 200):
    sender = Sender.objects.order_by("id").first()
    return render(request, template, {"corporation": sender, **context}, status=status)


# --- Logging in and out ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    """Ask for a login link. The answer is the same for every address."""
    if auth.current_tenancy(request) is not None:
        return redirect("portal:overview")
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth.request_link(form.cleaned_data["email"], base_url=paylinks.public_url(request))
        request.session[SENT] = True
        return redirect("portal:link_sent")
    return _render(request, "portal/login.html", {"form": form})


@never_cache
@require_GET
def link_sent(request):
    if auth.current_tenancy(request) is not None:
        return redirect("portal:overview")
    if not request.session.get(SENT):
        return redirect("portal:login")
    return _render(
        request,
        "portal/link_sent.html",
        {"valid_minutes": int(auth.LINK_VALID.total_seconds() // 60), "per_hour": auth.LINKS_PER_HOUR},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def use_link(request, token):
    """The link from the e-mail. Opening it shows a button; only pressing it (a POST) uses the
    link, so a mail program that opens links to check them does not use it up."""
    if request.method == "GET":
        link = auth.valid_link(token)
        if link is None:
            return _render(request, "portal/link_invalid.html", {}, status=404)
        return _render(request, "portal/use_link.html", {"name": link.tenancy.tenant.name})
    link = auth.use_link(token)
    if link is None:
        return _render(request, "portal/link_invalid.html", {}, status=404)
    try:
        auth.start_session(request, link)
    except PermissionError:
        return _render(request, "portal/link_invalid.html", {}, status=404)
    request.session.pop(SENT, None)
    return redirect("portal:overview")


@never_cache
@require_http_methods(["GET", "POST"])
def login_sms(request):
    """Ask for a code by SMS. The next page is the same for every number."""
    if auth.current_tenancy(request) is not None:
        return redirect("portal:overview")
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nonce, _ = auth.request_code(form.cleaned_data["phone"])
        request.session[auth.SESSION_CODE] = {"nonce": nonce, "tries": 0}
        return redirect("portal:enter_code")
    return _render(request, "portal/login_sms.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def enter_code(request):
    """The code from the SMS, in the browser that asked for it. A wrong code gets the same answer
    whether the number is known or not; after auth.CODE_TRIES wrong codes a new one is needed."""
    if auth.current_tenancy(request) is not None:
        return redirect("portal:overview")
    asked = request.session.get(auth.SESSION_CODE)
    if not asked:
        return redirect("portal:login_sms")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = auth.use_code(asked["nonce"], form.cleaned_data["code"])
        if link is not None:
            try:
                auth.start_session(request, link, how="sms")
            except PermissionError:
                return _render(request, "portal/link_invalid.html", {}, status=404)
            return redirect("portal:overview")
        asked["tries"] += 1
        if asked["tries"] >= auth.CODE_TRIES:
            del request.session[auth.SESSION_CODE]
            messages.error(request, "U vulde te vaak een verkeerde code in. Vraag een nieuwe code.")
            return redirect("portal:login_sms")
        request.session[auth.SESSION_CODE] = asked
        form.add_error(
            "code", "Deze code klopt niet of werkt niet meer. Kijk goed in de sms, of vraag een nieuwe code."
        )
    return _render(
        request,
        "portal/enter_code.html",
        {"form": form, "valid_minutes": int(auth.LINK_VALID.total_seconds() // 60), "per_hour": auth.LINKS_PER_HOUR},
        status=400 if form.errors else 200,
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, "U bent uitgelogd. Tot ziens!")
    return redirect("portal:login")


# --- The tenant's pages ------------------------------------------------------------------------


@never_cache
@require_GET
@auth.portal_view
def overview(request, tenancy):
    return _overview(request, tenancy)


def _overview(request, tenancy, pay_form=None, status=200):
    today = timezone.localdate()
    o = selfservice.overview(tenancy, today)
    return _render(
        request,
        "portal/overview.html",
        {
            "tenancy": tenancy,
            "tenant": tenancy.tenant,
            "today": today,
            "o": o,
            "pay_form": pay_form or _pay_form(None, o.position.arrears),
            "checks_query": selfservice.checks_query(tenancy, today),
            "help_text": selfservice.help_text(o.help) if o.help else "",
        },
        status=status,
    )


def _pay_form(data, owed):
    least, most = selfservice.part_payment_bounds(max(owed, selfservice.CENT))
    return PayForm(data, owed=most, minimum=least)


@require_POST
@auth.portal_view
def pay(request, tenancy):
    """A pay link for the arrears, or for the part the tenant chose (field 'amount', checked here);
    the tenant goes straight to the payment page."""
    today = timezone.localdate()
    amount = None
    if "amount" in request.POST:
        form = _pay_form(request.POST, selfservice.overview(tenancy, today).position.arrears)
        if not form.is_valid():
            return _overview(request, tenancy, pay_form=form, status=400)
        amount = form.cleaned_data["amount"]
    try:
        link = selfservice.open_pay_link(
            tenancy, base_url=paylinks.public_url(request), today=today, acting_user=request.user, amount=amount
        )
    except selfservice.Refused as exc:
        messages.error(request, str(exc))
        return redirect("portal:overview")
    except Exception:  # the payment provider unreachable or refusing: nothing is kept
        messages.error(request, "Betalen lukt nu even niet. Probeer het later nog eens. Of maak het bedrag over.")
        return redirect("portal:overview")
    if link is None:
        messages.info(request, "U heeft geen achterstand. U hoeft nu niets te betalen.")
        return redirect("portal:overview")
    return redirect(link.checkout_url)


@never_cache
@require_http_methods(["GET", "POST"])
@auth.portal_view
def collection_day(request, tenancy):
    today = timezone.localdate()
    change = selfservice.pending_collection_day(tenancy)
    form = CollectionDayForm(request.POST or None, initial={"day": change.day if change else tenancy.collection_day})
    if request.method == "POST" and form.is_valid():
        try:
            made = selfservice.change_collection_day(tenancy, form.cleaned_data["day"], today, acting_user=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"Gelukt. Vanaf {date_nl(made.effective_from)} schrijven we de huur af op de {made.day}e van de maand.",
            )
            return redirect("portal:overview")
    return _render(
        request,
        "portal/collection_day.html",
        {
            "tenancy": tenancy,
            "form": form,
            "change": change,
            "direct_debit": tenancy.payment_method == selfservice.DIRECT_DEBIT,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@auth.portal_view
def arrangement(request, tenancy):
    today = timezone.localdate()
    o = selfservice.overview(tenancy, today)
    form = ArrangementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = selfservice.request_arrangement(
                tenancy, form.cleaned_data["amount"], today, acting_user=request.user
            )
        except selfservice.Refused as exc:
            messages.error(request, str(exc))
            return redirect("portal:overview")
        return _render(request, "portal/arrangement_done.html", {"outcome": outcome, "tenancy": tenancy})
    return _render(
        request,
        "portal/arrangement.html",
        {
            "tenancy": tenancy,
            "form": form,
            "o": o,
            "offer": selfservice.offer(tenancy, today),
            "preview": _preview(tenancy, form, today) if form.is_bound else None,
        },
    )


def _preview(tenancy, form, today):
    if not form.is_valid():
        return None
    found = selfservice.size(tenancy, form.cleaned_data["amount"], today)
    too_long = found.count > selfservice.offer(tenancy, today).max_instalments
    return {"sizing": found, "self_service": selfservice.within_self_service(found), "too_long": too_long}


@never_cache
@require_GET
@auth.portal_view
def arrangement_preview(request, tenancy):
    """What the arrangement would be, while the tenant types (htmx)."""
    form = ArrangementForm(request.GET)
    running = tenancy.arrangements.filter(status__in=[Arrangement.Status.RUNNING, Arrangement.Status.AWAITING]).exists()
    return _render(
        request,
        "portal/_arrangement_preview.html",
        {
            "preview": _preview(tenancy, form, timezone.localdate()),
            "form": form,
            "running": running,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@auth.portal_view
def call_me(request, tenancy):
    form = CallForm(request.POST or None, initial={"phone": tenancy.tenant.phone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            selfservice.ask_call(
                tenancy,
                when=data["when"],
                phone=data["phone"],
                about=data["about"],
                today=timezone.localdate(),
                acting_user=request.user,
            )
        except selfservice.Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Dank u wel. Een medewerker belt u zo snel mogelijk, meestal binnen 2 werkdagen.")
        return redirect("portal:overview")
    return _render(request, "portal/call_me.html", {"tenancy": tenancy, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@auth.portal_view
def message(request, tenancy):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selfservice.send_message(
                tenancy, text=form.cleaned_data["text"], today=timezone.localdate(), acting_user=request.user
            )
        except selfservice.Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Dank u wel voor uw bericht. Een medewerker leest het en neemt contact met u op.")
        return redirect("portal:overview")
    return _render(request, "portal/message.html", {"tenancy": tenancy, "form": form})


# --- The tenant's right of access (AVG art. 15) -------------------------------------------------


@never_cache
@require_GET
@auth.portal_view
def my_data(request, tenancy):
    """What was sent to the tenant, signals to the municipality and referrals, and the download."""
    return _render(
        request,
        "portal/my_data.html",
        {
            "tenancy": tenancy,
            "sent": access.sent_to_tenant(tenancy),
            "signals": access.signals_sent(tenancy),
            "referrals": access.referrals_made(tenancy),
        },
    )


@never_cache
@require_GET
@auth.portal_view
def my_data_file(request, tenancy):
    name, content = access.subject_file(tenancy.tenant, made_for="Mijn Huurpad")
    log_access(request, tenancy, action="subject_download")
    return zip_response(name, content)
