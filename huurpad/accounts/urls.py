"""Sign-in, the second factor, sign-out and passwords. Names without a namespace (LOGIN_URL)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import signin

urlpatterns = [
    path("login/", signin.LoginView.as_view(), name="login"),
    path("login/code/", signin.verify, name="second_factor"),
    path("login/app-instellen/", signin.setup, name="second_factor_setup"),
    path("login/herstelcodes/", signin.recovery_codes, name="recovery_codes"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", signin.account, name="account"),
    path("account/herstelcodes/", signin.new_recovery_codes, name="new_recovery_codes"),
    path("wachtwoord/wijzigen/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("wachtwoord/vergeten/", signin.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/", signin.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("wachtwoord/nieuw/klaar/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The admin signs in here too, so that the second factor and the lockout apply to it.
    path("beheer/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin_login"),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("sso/", include("mozilla_django_oidc.urls")))
