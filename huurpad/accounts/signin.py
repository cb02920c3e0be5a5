"""Staff sign-in in two steps: the password (LoginView, guarded by django-axes), then a code from
an authenticator app or a recovery code (second_factor.py). The first time, the app is set up
here: a QR code and the secret as text, one code to confirm, then the recovery codes, shown once.
Also: change the password, reset it by e-mail, and the page django-axes shows for a locked pair."""

from datetime import timedelta
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import notices, second_factor
from .models import SIGNOUT_REASON, log_signin
from .signin_forms import CodeForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm, SetupForm

RECOVERY_ONCE = "recovery_codes_once"


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _to(name: str, next_url: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


class LoginView(auth_views.LoginView):
    """The password step. A staff user then goes on to the code (or sets up the app)."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso": settings.OIDC_ENABLED,
            "sso_failed": self.request.GET.get("sso") == "mislukt",
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        if second_factor.passed(self.request):  # the second factor is off (a demo setting production refuses)
            log_signin(self.request, "password")
            return response
        step = "second_factor" if second_factor.has_device(self.request.user) else "second_factor_setup"
        return _to(step, self.get_success_url())


def _locked(request) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


@never_cache
@login_required
def verify(request):
    """The code step: a code from the app, or one of the recovery codes."""
    next_url = _next(request)
    if second_factor.passed(request):
        return redirect(next_url)
    if not second_factor.has_device(request.user):
        return _to("second_factor_setup", next_url)
    if _locked(request):
        return _end_locked(request)
    form = CodeForm(request.POST or None)
    wait = None
    if request.method == "POST" and form.is_valid():
        kind = second_factor.verify(request, form.cleaned_data["code"])
        if kind:
            log_signin(request, "recovery" if kind == second_factor.RECOVERY else "app")
        if kind == second_factor.RECOVERY:
            messages.warning(
                request,
                "U gebruikte een herstelcode. Die werkt nu niet meer. Maak nieuwe herstelcodes als u er "
                "bijna geen meer heeft, onder 'Mijn account'.",
            )
        if kind:
            return redirect(next_url)
        # A wrong code counts as a failed sign-in: django-axes counts it, and so may the access log.
        user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)
        if _locked(request):
            return _end_locked(request)
        form.add_error("code", "Deze code klopt niet. Kijk of u de nieuwste code uit de app gebruikt.")
        wait = second_factor.waiting_until(request.user)
    return render(request, "registration/second_factor.html", {"form": form, "next": next_url, "wait": wait})


def _end_locked(request):
    credentials = {"username": request.user.get_username()}
    setattr(request, SIGNOUT_REASON, "locked")
    logout(request)
    return locked_out(request, None, credentials)


@never_cache
@login_required
def setup(request):
    """Set up the authenticator app. Only before the first one is confirmed, or, to change it,
    after the second factor was passed: a password alone never adds an app."""
    next_url = _next(request)
    if second_factor.has_device(request.user) and not second_factor.passed(request):
        return _to("second_factor", next_url)
    device = second_factor.pending_device(request.user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        replaces = second_factor.has_device(request.user)
        codes = second_factor.confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            if replaces:  # a new phone; the first app needs no notice
                notices.sign_in_changed(request.user, "app")
            else:  # the first app: setting it up completes this sign-in
                log_signin(request, "setup")
            request.session[RECOVERY_ONCE] = codes
            return _to("recovery_codes", next_url)
        form.add_error(
            "code", "Deze code klopt niet. Scan de QR-code opnieuw of typ de sleutel over, en probeer de nieuwste code."
        )
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr": second_factor.qr_svg(device),
            "secret": second_factor.secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


@never_cache
@login_required
def recovery_codes(request):
    """The recovery codes, once: a reload shows them no more."""
    codes = request.session.pop(RECOVERY_ONCE, None)
    if not codes:
        return redirect(_next(request))
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@login_required
def account(request):
    return render(
        request,
        "registration/account.html",
        {
            "recovery_left": sum(d.token_set.count() for d in request.user.staticdevice_set.all()),
            "sso_mfa": request.session.get(second_factor.SSO_MFA) == request.user.pk,
        },
    )


@require_POST
@login_required
def new_recovery_codes(request):
    request.session[RECOVERY_ONCE] = second_factor.new_recovery_codes(request.user)
    notices.sign_in_changed(request.user, "recovery_codes")
    return _to("recovery_codes", reverse("account"))


class TellsOfNewPassword:
    """A new password is told to its owner, so that someone else's change does not go unseen."""

    def form_valid(self, form):
        response = super().form_valid(form)
        notices.sign_in_changed(form.user, "password")
        return response


class PasswordChangeView(TellsOfNewPassword, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(TellsOfNewPassword, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows for a locked (username, address) pair, status 429."""
    until = timezone.localtime() + (settings.AXES_COOLOFF_TIME or timedelta(0))
    return render(request, "registration/locked.html", {"until": until}, status=429)
