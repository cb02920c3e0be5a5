from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "huurpad.accounts"
    verbose_name = "Gebruikers en toegang"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from .views import log_failed_signin_received

        # Django's own auth signal: every failed sign-in goes into the access log.
        user_login_failed.connect(log_failed_signin_received, dispatch_uid="huurpad-access-log-failed-signin")
