"""The second factor for staff: an authenticator app (TOTP) with recovery codes, by django-otp.

A staff session has passed the second factor when django-otp has verified a device in it
(`user.is_verified()`), or when single sign-on said the identity provider asked for one
(SSO_MFA, see sso.py). Tenants in Mijn Huurpad sign in by a one-time e-mail link and are not asked.
"""

from base64 import b32encode
from datetime import timedelta

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout

APP = "Authenticator-app"
RECOVERY = "Herstelcodes"
RECOVERY_CODES = 10
SSO_MFA = "sso_mfa_user"  # session: the user id whose identity provider did the second factor
PORTAL_SESSION = "portal_tenancy"  # huurpad/portal/auth.py SESSION_TENANCY: only tenants have it


def is_staff_session(request) -> bool:
    """Signed in, and not a tenant in Mijn Huurpad (whose session is bound to a tenancy; the portal
    refuses anyone with a staff role)."""
    return request.user.is_authenticated and PORTAL_SESSION not in request.session


def passed(request) -> bool:
    if settings.SECOND_FACTOR_OFF or not is_staff_session(request):
        return True
    user = request.user
    verified = getattr(user, "is_verified", None)  # set by django-otp's middleware; not on a user just signed in
    return bool(verified and verified()) or request.session.get(SSO_MFA) == user.pk


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def verify(request, code: str) -> str | None:
    """Check a code from the app, or a recovery code (which then is used up). Returns which kind
    passed, or None. On success the session counts as verified."""
    code = "".join(code.split()).lower()
    if not code:
        return None
    user = request.user
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and code.isdigit() and device.verify_token(code):
            _passed(request, device)
            return APP
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):  # deletes the token: a recovery code works once
            _passed(request, device)
            return RECOVERY
    return None


def _passed(request, device) -> None:
    otp_login(request, device)
    lockout.forget_failures(request, request.user.get_username())


def waiting_until(user):
    """When a device slowed down by wrong codes accepts the next try, if that is more than a few
    seconds away (after the first wrong codes the wait is 1, 2, 4 seconds: not worth a word)."""
    soon = timezone.now() + timedelta(seconds=5)
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until") and data["locked_until"] > soon:
            return data["locked_until"]
    return None


def pending_device(user) -> TOTPDevice:
    """The app being set up: an unconfirmed device, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP, confirmed=False)


def confirm(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; then make fresh recovery codes and mark the session
    verified. Returns the recovery codes (shown once), or None when the code is wrong."""
    code = "".join(code.split())
    if not (code.isdigit() and device.verify_token(code)):
        return None
    user = device.user
    with transaction.atomic():  # the new app and its recovery codes replace the old ones, or nothing changes
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(user)
    _passed(request, device)
    return codes


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, as authenticator apps ask for it when typed in, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, inline SVG (no script, no image request)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, title="QR-code voor uw authenticator-app")
