from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from huurpad.core.search import KINDS as search_kinds


class AccessLog(models.Model):
    """Who looked at which personal data, and when (AVG art. 5(2), accountability); who was
    refused: a failed sign-in (the name tried, no password) or a page refused (403); and who
    signed in (after the second factor) and out, from where."""

    class Outcome(models.TextChoices):
        SHOWN = "shown", "Getoond"
        REFUSED = "refused", "Geweigerd"
        SIGNIN_FAILED = "signin_failed", "Inloggen mislukt"
        SIGNED_IN = "signed_in", "Ingelogd"
        SIGNED_OUT = "signed_out", "Uitgelogd"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    username = models.CharField("gebruikersnaam", max_length=150, blank=True)  # as typed, also when no such user
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices, default=Outcome.SHOWN)
    address = models.GenericIPAddressField("adres", null=True, blank=True)  # the client's, for refusals
    at = models.DateTimeField("tijdstip", auto_now_add=True)
    object_type = models.CharField("soort", max_length=40)
    object_id = models.CharField("kenmerk", max_length=80)
    action = models.CharField("handeling", max_length=40, default="view")
    path = models.CharField("adres", max_length=300, blank=True)

    class Meta:
        verbose_name = "inzage"
        verbose_name_plural = "inzagelog"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"]), models.Index(fields=["username", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"


# What each line of the access log says was done, in Dutch (AccessLog.object_type, .action).
DESCRIPTIONS = {
    ("tenancy", "view"): "Huurcontract bekeken",
    ("tenancy", "print"): "Dossier afgedrukt",
    ("tenancy", "partner_view"): "Doorverwijzing bekeken (partner)",
    ("tenancy", "debt_help_view"): "Schuldhulp bekeken (schuldhulpverlener)",
    ("tenancy", "debt_help_list"): "Huurcontract in de lijst van de schuldhulpverlener",
    ("tenancy", "debt_help_pdf"): "Saldo-overzicht gedownload door de schuldhulpverlener (pdf)",
    ("tenancy", "debt_help_csv"): "Saldo-overzicht gedownload door de schuldhulpverlener (csv)",
    ("tenancy", "beheer"): "Huurcontract geopend in Beheer",
    ("tenancy", "beheer_list"): "Huurcontract in een lijst in Beheer",
    ("tenancy", "worklist"): "Huurcontract op de werklijst",
    ("tenancy", "today"): "Huurcontract op Vandaag",
    ("tenancy", "team"): "Huurcontract op de takenlijst van een collega (Team)",
    ("tenancy", "signal_export"): "Bestand met vroegsignalen gedownload",
    ("tenancy", "evidence_pdf"): "Bewijsdossier gedownload (pdf)",
    ("tenancy", "evidence_zip"): "Bewijsdossier gedownload (zip)",
    ("tenancy", "subject_file"): "Alle gegevens van de huurder gedownload (inzageverzoek, AVG art. 15)",
    ("tenancy", "subject_download"): "Huurder downloadde de eigen gegevens (Mijn Huurpad)",
    ("tenant", "beheer"): "Gegevens van de huurder geopend in Beheer",
    ("tenant", "beheer_list"): "Huurder in een lijst in Beheer",
    ("household", "beheer"): "Huishouden geopend in Beheer",
    ("household", "beheer_list"): "Huishouden in een lijst in Beheer",
    ("tenancy", "bank_suggestion"): "Huurcontract voorgesteld bij een onbekende betaling",
    ("tenancy", "bank_assigned"): "Huurcontract bij de laatst toegewezen betalingen",
    ("tenancy", "bank_import"): "Huurcontract bij een ingelezen bankafschrift",
    ("tenancy", "signal_overview"): "Huurcontract in het overzicht van vroegsignalen",
    ("tenancy", "benefit_overview"): "Huurcontract bij de geregelde betalingen die missen of te laag zijn",
    ("tenancy", "write_off_queue"): "Huurcontract in de lijst met kwijtscheldingen",
    ("tenancy", "rent_proposals"): "Huurcontract in de voorstellen voor de huurverhoging",
    ("tenancy", "move_candidates"): "Huurcontract bij de verhuiskandidaten",
    ("tenancy", "plan"): "Plan van aanpak bekeken",
    ("tenancy", "partner_plan"): "Plan van aanpak bekeken (partner)",
    ("tenancy", "partner_plans"): "Huurcontract in de lijst met plannen van aanpak (partner)",
    ("banktransaction", "view"): "Onbekende betaling in de lijst (naam en rekening van wie betaalde)",
    ("helprequest", "view"): "Hulpvraag in de lijst",
    ("page", "refused"): "Geweigerd: geen toegang",
    ("account", "signin"): "Inloggen mislukt",
    ("account", "signin_app"): "Ingelogd, met een code uit de app",
    ("account", "signin_recovery"): "Ingelogd, met een herstelcode",
    ("account", "signin_setup"): "Ingelogd, en de app ingesteld",
    ("account", "signin_password"): "Ingelogd met alleen het wachtwoord (de tweede stap staat uit)",
    ("account", "signin_sso"): "Ingelogd via de inlog van de corporatie (single sign-on)",
    ("account", "signin_link"): "Ingelogd op Mijn Huurpad, met de link uit de e-mail",
    ("account", "signout"): "Uitgelogd",
    ("account", "signout_idle"): "Uitgelogd, na een half uur niets doen",
    ("account", "signout_locked"): "Uitgelogd, na te vaak een verkeerde code",
    ("account", "signout_lapsed"): "Uitgelogd op Mijn Huurpad: de sessie was verlopen",
}


for _kind, _label in search_kinds.items():
    DESCRIPTIONS[("tenancy", f"search_{_kind}")] = f"Gevonden bij zoeken op {_label}"
    DESCRIPTIONS[("search", f"search_{_kind}")] = f"Gezocht op {_label}, niemand gevonden"


def describe(line: "AccessLog") -> str:
    return DESCRIPTIONS.get((line.object_type, line.action), f"{line.object_type}: {line.action}")


def client_address(request) -> str | None:
    """The address a request came from, for the access log and django-axes. Behind HUURPAD_TRUSTED_PROXY_COUNT proxies, the
    address the first of them saw, read from the right of HUURPAD_TRUSTED_PROXY_HEADER (entries
    further left are whatever the client wrote). Otherwise, or when the header lacks those entries
    (a request that did not come through the proxies), the address that connected."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        header = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
        hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def _line(request, obj, action: str, path: str | None = None) -> AccessLog:
    return AccessLog(
        user=request.user,
        username=request.user.get_username(),
        object_type=obj._meta.model_name,
        object_id=str(getattr(obj, "ref", obj.pk)),
        action=action,
        path=(request.get_full_path() if path is None else path)[:300],
    )


def log_access(request, obj, action: str = "view") -> AccessLog:
    line = _line(request, obj, action)
    line.save()
    return line


def log_list_access(request, objects, action: str = "view", path: str | None = None) -> None:
    """One line per object a list shows with personal data, in one statement; an object the page
    shows more than once (a tenancy suggested for two payments) once per way it is shown. An item
    may be (object, action), for a page that shows objects in more than one way. `path` instead
    of the request's, for a page whose address holds personal data (the search's query)."""
    shown = dict.fromkeys((item if isinstance(item, tuple) else (item, action)) for item in objects)
    AccessLog.objects.bulk_create(_line(request, obj, how, path) for obj, how in shown)


def log_search(request, action: str, path: str) -> AccessLog:
    """A search that found no one: who searched, and for what kind of thing (`action`,
    'search_phone'), not what was typed."""
    return AccessLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        object_type="search",
        object_id="",
        action=action,
        path=path[:300],
    )


# Request attribute: the address to log for a page whose query string holds personal data (the
# search's), instead of the full path, also when the page is refused.
LOG_PATH = "huurpad_log_path"


def log_refusal(request, path: str = "") -> AccessLog:
    """A page refused (403): who asked, for what, from where."""
    path = path or getattr(request, LOG_PATH, "")
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        outcome=AccessLog.Outcome.REFUSED,
        object_type="page",
        object_id="",
        action="refused",
        path=(path or request.get_full_path())[:300],
        address=client_address(request),
    )


def log_failed_signin(request, username: str) -> AccessLog:
    """A sign-in that failed: the name tried (whether it exists or not) and the address; never the password."""
    user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first() if username else None
    return AccessLog.objects.create(
        user=user,
        username=username[:150],
        outcome=AccessLog.Outcome.SIGNIN_FAILED,
        object_type="account",
        object_id=username[:80],
        action="signin",
        path=request.get_full_path()[:300] if request else "",
        address=client_address(request) if request else None,
    )


def log_signin(request, how: str) -> AccessLog:
    """A sign-in completed: after the second factor (`app`, `recovery`, `setup`), by single sign-on
    (`sso`), with the password alone where the second factor is off (`password`), or a tenant's
    login link (`link`). Who, how and from where."""
    return _account_line(request, request.user, AccessLog.Outcome.SIGNED_IN, f"signin_{how}")


SIGNOUT_REASON = "huurpad_signout"  # request attribute: why a session is ended for the user (idle, locked, lapsed)


def log_signout(request, user, how: str = "") -> AccessLog | None:
    """A session ended: signed out, or ended for the user (`idle`, `locked`). Nothing when no one was signed in."""
    if user is None or not user.is_authenticated:
        return None
    return _account_line(request, user, AccessLog.Outcome.SIGNED_OUT, f"signout_{how}" if how else "signout")


def _account_line(request, user, outcome: str, action: str) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        username=user.get_username(),
        outcome=outcome,
        object_type="account",
        object_id=user.get_username()[:80],
        action=action,
        path=request.get_full_path()[:300] if request else "",
        address=client_address(request) if request else None,
    )


from .signin_models import AuthenticatorApp, FailedSignIn, RecoveryCodes, SignInLock  # noqa: E402, F401  (sign-in's records, in Dutch)
