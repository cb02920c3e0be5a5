"""E-mail through Django's mail settings (SMTP in production: EMAIL_HOST, EMAIL_PORT, ...)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from . import Refused, TryAgain


class Channel:
    # SMTP cannot tell a repeat from a new message: a cut-off send is not repeated by itself.
    idempotent = False

    def send(self, message) -> str:
        if not message.recipient:
            raise Refused("geen e-mailadres")
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": f"<{message.reference}@huurpad>"},
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise Refused(f"adres geweigerd: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TryAgain(str(exc) or type(exc).__name__) from exc
        return message.reference
