"""Two rules for staff sessions (anyone signed in who is not a tenant in Mijn Huurpad):

- SecondFactorMiddleware: until the second factor is passed in this session, every page except
  sign-in, the second-factor steps, sign-out, password reset and the public and portal pages sends
  the user to the code step (or to setting up the app, the first time).
- StaffIdleTimeoutMiddleware: after STAFF_IDLE_MINUTES without a request the session ends. The
  time of the last request is written to the session at most once a minute, so reading pages does
  not write the session each time.

Tenants in Mijn Huurpad keep the portal's own rules (huurpad/portal/auth.py).
"""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import second_factor
from .models import SIGNOUT_REASON

SEEN = "staff_seen"
WRITE_EVERY = 60  # seconds

# Reachable while the second factor is still to come: (namespace, url name); a name of None
# stands for the whole namespace. The public pages are there for anyone, signed in or not.
OPEN = {
    ("", "login"),
    ("", "logout"),
    ("", "second_factor"),
    ("", "second_factor_setup"),
    ("", "recovery_codes"),
    ("", "admin_login"),
    ("", "password_reset"),
    ("", "password_reset_done"),
    ("", "password_reset_confirm"),
    ("", "password_reset_complete"),
    ("", "favicon"),
    ("portal", None),
    ("messaging", "webhook"),
    ("messaging", "demo_checkout"),
    ("messaging", "paid"),
    ("messaging", "cm_status_report"),
    ("prevention", "affordability"),
    ("prevention", "benefits_scan"),
    ("prevention", "help_request"),
}


def _path(url: str) -> str:
    """The path (and query) of a full URL, to come back to after signing in; never another site."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"


def _open(match) -> bool:
    if match is None:
        return False
    namespace = match.namespace or ""
    if match.url_name in {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}:
        return True
    return (namespace, match.url_name) in OPEN or (namespace, None) in OPEN


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _open(request.resolver_match) or second_factor.passed(request):
            return None
        step = "second_factor" if second_factor.has_device(request.user) else "second_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor.is_staff_session(request):
            now = int(time.time())
            seen = request.session.get(SEEN)
            if seen is not None and now - seen > settings.STAFF_IDLE_MINUTES * 60:
                setattr(request, SIGNOUT_REASON, "idle")  # the access log says why the session ended
                logout(request)
                messages.info(request, "U bent uitgelogd, omdat u een half uur niets deed. Log opnieuw in.")
                if request.headers.get("HX-Request"):  # a part of a page: htmx sends the whole page to sign-in
                    page = request.headers.get("HX-Current-URL") or "/"
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = f"{reverse('login')}?{urlencode({'next': _path(page)})}"
                    return response
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if seen is None or now - seen >= WRITE_EVERY:
                request.session[SEEN] = now
        return self.get_response(request)
