from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "huurpad.accounts"
    verbose_name = "Gebruikers en toegang"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out, user_login_failed

        from .views import log_failed_signin_received, log_signout_received

        # Django's own auth signal: every failed sign-in goes into the access log.
        user_login_failed.connect(log_failed_signin_received, dispatch_uid="huurpad-access-log-failed-signin")
        # And every sign-out (by the user, or a session ended for them) with who and from where.
        user_logged_out.connect(log_signout_received, dispatch_uid="huurpad-access-log-signout")
