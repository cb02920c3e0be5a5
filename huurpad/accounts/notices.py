"""A short e-mail to a staff user when their sign-in changed (ASVS 2.2.3, 2.5.5): so someone who
did not make the change hears of it. Nothing when the user has no e-mail address."""

import logging
import smtplib

from django.core.mail import send_mail

logger = logging.getLogger(__name__)

CHANGES = {
    "password": "Uw wachtwoord voor Huurpad is gewijzigd.",
    "app": "Er is een nieuwe authenticator-app gekoppeld aan uw account in Huurpad. De oude werkt niet meer.",
    "recovery_codes": "Er zijn nieuwe herstelcodes gemaakt voor uw account in Huurpad. De oude werken niet meer.",
}


def sign_in_changed(user, change: str) -> bool:
    """Tell the user; True when a mail went out. A mail server that fails does not undo the change."""
    if not user.email:
        return False
    body = (
        f"Beste {user.get_short_name() or user.get_username()},\n\n{CHANGES[change]}\n\n"
        "Deed u dit zelf? Dan hoeft u niets te doen.\n"
        "Deed u dit niet zelf? Laat het dan meteen de beheerder van Huurpad weten.\n\nHuurpad\n"
    )
    try:
        send_mail("Uw inloggegevens voor Huurpad zijn gewijzigd", body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("could not tell %s about a change of %s", user.get_username(), change)
        return False
    return True
