"""Where a user lands after signing in, what a refusal does, and the access log per user."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.csrf import csrf_failure
from django.views.defaults import permission_denied

from .models import SIGNOUT_REASON, AccessLog, describe, log_failed_signin, log_refusal, log_signout
from .roles import require, start_page

USER_LOG_LINES = 500


@login_required
def start(request):
    """One start page per role (settings.LOGIN_REDIRECT_URL): the worklist for case work, the
    referrals for a partner, Beheer for the beheerder. Without a role: refused, saying why."""
    where = start_page(request.user)
    if not where:
        raise PermissionDenied("U heeft nog geen rol in Huurpad, dus er is nog geen pagina voor u.")
    return redirect(where)


def refused(request, exception=None):
    """handler403: every refusal goes into the access log (who, which page), then Django's page."""
    log_refusal(request)
    return permission_denied(request, exception)


def csrf_refused(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form without its token is a refusal too, and logged as one."""
    log_refusal(request)
    return csrf_failure(request, reason)


def log_failed_signin_received(sender, credentials, request=None, **kwargs):
    """Receives Django's user_login_failed: the name tried and the address, never the password."""
    log_failed_signin(
        request, str(credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or "")
    )


def log_signout_received(sender, request=None, user=None, **kwargs):
    """Receives Django's user_logged_out: signed out by the user, or ended for them (idle, locked)."""
    log_signout(request, user, getattr(request, SIGNOUT_REASON, ""))


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def user_access_log(request):
    """What one user looked at and when, their refusals and failed sign-ins: for the beheerder,
    who sees contract numbers and pages here, never the tenant's data."""
    require(request.user, "see_access_log")
    wanted = request.GET.get("gebruiker", "").strip()
    since, until = _day(request.GET.get("van", "")), _day(request.GET.get("tot", ""))
    outcome = request.GET.get("uitkomst", "")
    if outcome not in AccessLog.Outcome.values:
        outcome = ""
    errors = {
        name: "Vul een datum in, zoals 2026-12-01."
        for name in ("van", "tot")
        if request.GET.get(name) and _day(request.GET[name]) is None
    }
    lines = AccessLog.objects.filter(username=wanted) if wanted else AccessLog.objects.none()
    if since:
        lines = lines.filter(at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        lines = lines.filter(at__lt=timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min)))
    if outcome:
        lines = lines.filter(outcome=outcome)
    found = list(lines.order_by("-at", "-id")[: USER_LOG_LINES + 1])
    return render(
        request,
        "accounts/user_access_log.html",
        {
            "wanted": wanted,
            "since": request.GET.get("van", ""),
            "until": request.GET.get("tot", ""),
            "outcome": outcome,
            "outcomes": AccessLog.Outcome.choices,
            "errors": errors,
            "known": bool(wanted) and (bool(found) or get_user_model().objects.filter(username=wanted).exists()),
            "entries": [{"line": line, "what": describe(line)} for line in found[:USER_LOG_LINES]],
            "more": len(found) > USER_LOG_LINES,
            "shown": USER_LOG_LINES,
        },
    )
