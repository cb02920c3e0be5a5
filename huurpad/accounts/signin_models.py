"""Dutch names, for the beheerder, of the records sign-in keeps (django-axes, django-otp): proxies,
no tables of their own."""

from axes.models import AccessAttempt, AccessFailureLog
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class SignInLock(AccessAttempt):
    class Meta:
        proxy = True
        app_label = "accounts"
        verbose_name = "inlogblokkade"
        verbose_name_plural = "inlogblokkades"


class FailedSignIn(AccessFailureLog):
    class Meta:
        proxy = True
        app_label = "accounts"
        verbose_name = "mislukte inlogpoging"
        verbose_name_plural = "mislukte inlogpogingen"


class AuthenticatorApp(TOTPDevice):
    class Meta:
        proxy = True
        app_label = "accounts"
        verbose_name = "authenticator-app"
        verbose_name_plural = "authenticator-apps"


class RecoveryCodes(StaticDevice):
    class Meta:
        proxy = True
        app_label = "accounts"
        verbose_name = "set herstelcodes"
        verbose_name_plural = "herstelcodes"
