"""The tenant's right of access (AVG art. 15): what was sent about them, and one file with
everything Huurpad holds about them. The portal's download and the file staff make for a written
request are the same file, built by `subject_file`.

What the file leaves out, and why (docs/privacy.md, 'Right of access'):
- the names of staff members who wrote, decided or looked: art. 15 gives the tenant their own
  data, the dates and the purpose of each consultation, not the identity of the employees who did
  it (CJEU C-579/21, Pankki S, 22 June 2023); steps taken by staff say 'een medewerker';
- security values (hashes of login links, checksums, internal keys) that say nothing about them.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.bank.models import BankTransaction, CollectionDayChange
from huurpad.cases.models import Case, CaseEvent, Measure, Referral, Task
from huurpad.collection.models import Proposal
from huurpad.core.dutch import channel_nl, date_nl
from huurpad.core.money import fmt_eur, from_cents
from huurpad.core.search import KINDS as search_kinds
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.legal.models import LegalCase, LegalStep
from huurpad.messaging.models import OutboxMessage, PayLink, Sender
from huurpad.plans.models import Action as PlanAction
from huurpad.plans.models import DoorbraakRequest, Goal, Helper, Plan
from huurpad.prevention.models import HelpRequest
from huurpad.rents.models import RentIncreaseProposal, RentYearFacts
from huurpad.signals.models import EarlySignal
from huurpad.solutions.models import Arrangement, BenefitPayment, LodgerPermission, Pause, WriteOff, WriteOffStep
from huurpad.tenancies.models import LedgerEntry, Mandate, Municipality, RentComponent, Tenancy, Tenant

from . import retention
from .models import LoginLink, PortalAccount

# Fields no reader needs: internal keys and security values.
SKIP = {
    "id",
    "token_hash",
    "sha256",
    "dedupe_key",
    "key",
    "claimed_at",
    "next_attempt_at",
    "attempts",
    "provider_ref",
    "checkout_url",
    "token",
    "bank_reference",
    "batch_id",
    "end_to_end_id",
    "structured_reference",
    "facts",
    "period",
    "rule",
    "policy_version",
    "run",
    "proposal",
    "message",
    "statement",
    "export",
    "write_off",
    "replaces",
    "household",
    "tenant",
    "content",
    "updated_at",
    "booked_at",
}
# Labels for fields whose model gives no Dutch name.
LABELS = {
    "created_at": "vastgelegd op",
    "status": "status",
    "tenancy": "huurcontract",
    "partner": "partner",
    "made_at": "gevraagd op",
    "at": "datum",
    "step": "stap",
    "expires_at": "geldig tot",
    "used_at": "gebruikt op",
    "action": "soort",
    "applied": "doorgevoerd",
    "last_login_at": "laatst ingelogd",
}


# What each kind of access-log line means, for the tenant (AccessLog.action on a tenancy).
LOOKS = {
    "view": "bekeken",
    "print": "afgedrukt",
    "partner_view": "bekeken door de partner naar wie u bent doorverwezen",
    "debt_help_view": "bekeken door uw schuldhulpverlener",
    "debt_help_list": "getoond in de lijst van uw schuldhulpverlener",
    "debt_help_pdf": "saldo-overzicht gemaakt voor uw schuldhulpverlener (pdf)",
    "debt_help_csv": "saldo-overzicht gemaakt voor uw schuldhulpverlener (csv)",
    "beheer": "geopend in het beheer",
    "signal_export": "meegestuurd in een bestand met vroegsignalen voor de gemeente",
    "evidence_pdf": "bewijsdossier gemaakt (pdf)",
    "evidence_zip": "bewijsdossier gemaakt (zip)",
    "subject_file": "dit bestand gemaakt op uw schriftelijke verzoek",
    "subject_download": "dit bestand gedownload in Mijn Huurpad",
    "beheer_list": "getoond in een lijst in het beheer",
    "worklist": "getoond op de werklijst",
    "today": "getoond bij de taken van vandaag",
    "bank_suggestion": "voorgesteld bij een betaling die we niet konden plaatsen",
    "bank_assigned": "getoond bij een betaling die een medewerker op uw huurcontract boekte",
    "bank_import": "getoond bij een betaling op uw huurcontract in een ingelezen bankafschrift",
    "signal_overview": "getoond in het overzicht van vroegsignalen voor de gemeente",
    "benefit_overview": "getoond bij betalingen van de gemeente die missen of te laag zijn",
    "write_off_queue": "getoond in de lijst met kwijtscheldingen die op een besluit wachten",
    "rent_proposals": "getoond in de voorstellen voor de huurverhoging",
    "move_candidates": "getoond in de lijst van huishoudens die misschien beter passend kunnen wonen",
    "team": "getoond in de takenlijst van een medewerker, voor de teamleider die het werk verdeelt",
    "plan": "uw plan van aanpak bekeken",
    "partner_plan": "uw plan van aanpak bekeken door een partner die in het plan meedoet",
    "partner_plans": "getoond in de lijst met plannen van aanpak van een partner die in uw plan meedoet",
}
LOOKS |= {f"search_{kind}": f"gevonden toen een medewerker zocht op {label}" for kind, label in search_kinds.items()}


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    rows: list[dict] = field(default_factory=list)


def _is_user(f) -> bool:
    return f.is_relation and f.related_model is not None and f.related_model._meta.label == "auth.User"


def _value(obj, f):
    if f.is_relation:
        related = getattr(obj, f.name)
        if related is None:
            return None
        return related.ref if isinstance(related, Tenancy) else str(related)
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    value = getattr(obj, f.attname)
    if f.name.endswith("_cents") and value is not None:
        return from_cents(value)
    return value


def _label(f) -> str:
    if f.name in LABELS:
        return LABELS[f.name]
    return str(f.verbose_name).replace(" (cent)", "")


def rows(queryset, *, skip=(), extra=None) -> list[dict]:
    """Every row as {Dutch label: value}, without staff identities and internal keys."""
    model = queryset.model
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIP and f.name not in skip and not _is_user(f)]
    found = []
    for obj in queryset:
        row = {_label(f): _value(obj, f) for f in fields}
        if extra:
            row |= extra(obj)
        found.append(row)
    return found


def _by(user, portal_user_id) -> str:
    if user is None:
        return "Huurpad (automatisch)"
    return "u zelf (Mijn Huurpad)" if user == portal_user_id else "een medewerker"


def sections(tenant: Tenant) -> list[Section]:
    """Everything Huurpad holds about a tenant, in the order a reader expects it."""
    tenancies = Tenancy.objects.filter(tenant=tenant).order_by("start_date", "ref")
    of = {"tenancy__in": tenancies}
    account = PortalAccount.objects.filter(tenant=tenant).first()
    portal_user = account.user_id if account else None

    def actor(obj) -> dict:
        return {"door": _by(obj.actor_id, portal_user)}

    def signal(obj) -> dict:
        return {"verstuurd naar de gemeente op": timezone.localdate(obj.export.created_at) if obj.export_id else None}

    help_match = Q(pk__in=[])
    if tenant.email:
        help_match |= Q(email__iexact=tenant.email)
    if tenant.phone:
        help_match |= Q(phone=tenant.phone)
    refs = list(tenancies.values_list("ref", flat=True))
    return [
        Section(
            "huurder",
            "Uw gegevens",
            "Uw naam en hoe we u bereiken, zoals ze bij ons bekend zijn.",
            rows(Tenant.objects.filter(pk=tenant.pk), extra=lambda t: {"huishouden": str(t.household)}),
        ),
        Section(
            "huurcontracten", "Uw huurcontracten", "Het adres, de datums en hoe u de huur betaalt.", rows(tenancies)
        ),
        Section(
            "huurprijzen",
            "Huurprijzen",
            "De huur en servicekosten per maand, vanaf een datum.",
            rows(RentComponent.objects.filter(**of).order_by("valid_from")),
        ),
        Section(
            "machtigingen",
            "Machtigingen",
            "Uw toestemming om de huur automatisch af te schrijven.",
            rows(Mandate.objects.filter(**of)),
        ),
        Section(
            "boekingen",
            "Boekingen",
            "Alle bedragen op uw huurrekening: huur, kosten en betalingen.",
            rows(LedgerEntry.objects.filter(**of).order_by("date", "id")),
        ),
        Section(
            "bankbetalingen",
            "Betalingen via de bank",
            "Betalingen die we op uw huurrekening boekten, zoals de bank ze gaf.",
            rows(BankTransaction.objects.filter(**of).order_by("booking_date")),
        ),
        Section(
            "dossiers",
            "Dossiers",
            "Wanneer we extra aandacht gaven aan uw huurachterstand.",
            rows(Case.objects.filter(**of).order_by("opened_on")),
        ),
        Section(
            "tijdlijn",
            "Tijdlijn",
            "Alles wat er gebeurde, op volgorde: brieven, contact, afspraken en notities.",
            rows(CaseEvent.objects.filter(**of).order_by("date", "id"), extra=actor),
        ),
        Section(
            "berichten",
            "Berichten en brieven",
            "Wat we u stuurden: sms, WhatsApp, e-mail en brieven, met de tekst.",
            rows(
                OutboxMessage.objects.filter(**of).order_by("day", "id"),
                skip=("action", "channel"),
                extra=lambda m: {"hoe": channel_nl(m.channel)},
            ),
        ),
        Section(
            "betaallinks",
            "Betaallinks",
            "Links om te betalen met iDEAL.",
            rows(PayLink.objects.filter(**of).order_by("created_at")),
        ),
        Section(
            "vroegsignalen",
            "Meldingen aan de gemeente",
            "Vroegsignalen: wanneer we de gemeente lieten weten dat u een achterstand had "
            "(Wet gemeentelijke schuldhulpverlening), en wat de gemeente ons terugmeldde.",
            rows(EarlySignal.objects.filter(**of).select_related("export").order_by("signal_date"), extra=signal),
        ),
        Section(
            "doorverwijzingen",
            "Doorverwijzingen",
            "Wanneer we u in contact brachten met een organisatie die kan helpen, en waarom.",
            rows(Referral.objects.filter(**of).select_related("partner", "tenancy").order_by("created_at")),
        ),
        Section(
            "regelingen",
            "Betalingsregelingen",
            "Afspraken om de achterstand in delen te betalen.",
            rows(Arrangement.objects.filter(**of).order_by("created_at")),
        ),
        Section(
            "pauzes",
            "Pauzes",
            "Periodes waarin we niets deden aan de oude achterstand.",
            rows(Pause.objects.filter(**of).order_by("start")),
        ),
        Section(
            "kwijtscheldingen",
            "Kwijtscheldingen",
            "Een deel van de schuld dat we lieten vallen, en de stappen daarvoor.",
            rows(WriteOff.objects.filter(**of).order_by("created_at"))
            + rows(WriteOffStep.objects.filter(write_off__tenancy__in=tenancies).order_by("at")),
        ),
        Section(
            "schuldhulp",
            "Schuldhulp",
            "Uw schuldhulpverlener en de berichten over uw schuldregeling, en wat wij daarop antwoordden.",
            rows(DebtHelp.objects.filter(**of).order_by("started_on"))
            + rows(DebtMessage.objects.filter(**of).order_by("date", "id")),
        ),
        Section(
            "juridisch",
            "Rechter en deurwaarder",
            "De stappen bij de deurwaarder en de kantonrechter: de dagvaarding, het vonnis, een datum voor ontruiming.",
            rows(LegalCase.objects.filter(**of).order_by("opened_on", "id"))
            + rows(LegalStep.objects.filter(legal_case__tenancy__in=tenancies).order_by("date", "id")),
        ),
        Section(
            "plan_van_aanpak",
            "Plan van aanpak",
            "Het plan met u en uw hulpverleners: de doelen, wie wat doet, en uw verzoeken aan ons.",
            rows(Plan.objects.filter(**of).order_by("id"))
            + rows(Helper.objects.filter(plan__tenancy__in=tenancies).order_by("id"))
            + rows(Goal.objects.filter(plan__tenancy__in=tenancies).order_by("id"))
            + rows(PlanAction.objects.filter(plan__tenancy__in=tenancies).order_by("id"))
            + rows(DoorbraakRequest.objects.filter(plan__tenancy__in=tenancies).order_by("id")),
        ),
        Section(
            "geregelde_betalingen",
            "Huur via uw uitkering",
            "Betalingen van de huur door de gemeente, uit uw uitkering.",
            rows(BenefitPayment.objects.filter(**of).order_by("start")),
        ),
        Section(
            "kamerhuurders",
            "Kamerhuurders",
            "Toestemming om een kamer te verhuren.",
            rows(LodgerPermission.objects.filter(**of).order_by("start")),
        ),
        Section(
            "maatregelen",
            "Hulp die u kreeg",
            "Bijvoorbeeld een geldgesprek of een budgetcoach.",
            rows(Measure.objects.filter(**of).order_by("started_on")),
        ),
        Section(
            "taken",
            "Taken van medewerkers",
            "Wat een medewerker voor u moest doen, zoals terugbellen.",
            rows(Task.objects.filter(**of).order_by("due_date")),
        ),
        Section(
            "voorstellen",
            "Voorstellen van Huurpad",
            "Huurpad stelt elke dag de volgende stap voor bij een achterstand, met de uitleg waarom. "
            "Een medewerker of de regels van de corporatie bepalen wat er echt gebeurt.",
            rows(Proposal.objects.filter(**of).order_by("due_date")),
        ),
        Section(
            "incassodag",
            "Wijzigingen van de incassodag",
            "Wanneer de dag van afschrijven veranderde.",
            rows(CollectionDayChange.objects.filter(**of).order_by("made_at")),
        ),
        Section(
            "huurverhoging",
            "Huurverhoging",
            "Uw inkomen en huishouden per jaar, en de voorstellen voor de huurverhoging.",
            rows(RentYearFacts.objects.filter(**of).order_by("year")) + rows(RentIncreaseProposal.objects.filter(**of)),
        ),
        Section(
            "hulpvragen",
            "Hulpvragen",
            "Vragen om hulp die u achterliet op onze website (met hetzelfde e-mailadres of telefoonnummer).",
            rows(HelpRequest.objects.filter(help_match).order_by("created_at")) if tenant.email or tenant.phone else [],
        ),
        Section(
            "mijn_huurpad",
            "Mijn Huurpad",
            "Uw account en wanneer u een inloglink vroeg en gebruikte.",
            rows(PortalAccount.objects.filter(tenant=tenant), skip=("user",))
            + rows(LoginLink.objects.filter(tenant=tenant).order_by("created_at")),
        ),
        Section(
            "inzage",
            "Wie keek naar uw gegevens",
            "Wanneer een medewerker uw gegevens bekeek of afdrukte. De wet geeft u de datum en "
            "wat er gebeurde, niet de naam van de medewerker (Hof van Justitie EU, zaak C-579/21).",
            looks(refs, portal_user),
        ),
    ]


def looks(refs: list[str], portal_user: int | None) -> list[dict]:
    """The access log of the tenant's tenancies, named field by field (never the staff member's
    name, user name or address); refused attempts showed nothing, so they are left out."""
    lines = AccessLog.objects.filter(object_type="tenancy", object_id__in=refs).order_by("at")
    return [
        {
            "tijdstip": line.at,
            "huurcontract": line.object_id,
            "wat": LOOKS.get(line.action, line.action),
            "door": _by(line.user_id, portal_user),
        }
        for line in lines
        if getattr(line, "outcome", "shown") == "shown"
    ]


# --- What the portal shows ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Sent:
    day: date
    what: str
    text: str = ""
    subject: str = ""


def sent_to_tenant(tenancy: Tenancy) -> list[Sent]:
    """Messages and letters that went out, newest first."""
    found = []
    for m in tenancy.outbox.filter(status=OutboxMessage.Status.SENT).order_by("-day", "-id"):
        how = channel_nl(m.channel)
        found.append(
            Sent(day=m.day, what=how[:1].upper() + how[1:], subject=m.subject, text=m.body)
        )  # 'WhatsApp' stays
    return found


def signals_sent(tenancy: Tenancy) -> list[dict]:
    """Early signals that went to the municipality, newest first, with the municipality's name."""
    found = list(
        tenancy.early_signals.filter(status=EarlySignal.Status.EXPORTED)
        .select_related("export")
        .order_by("-signal_date")
    )
    names = dict(Municipality.objects.filter(code__in={s.municipality_code for s in found}).values_list("code", "name"))
    return [
        {
            "day": timezone.localdate(s.export.created_at) if s.export_id else s.signal_date,
            "municipality": names.get(s.municipality_code, f"de gemeente ({s.municipality_code})"),
            "amount": s.amount,
            "crisis": s.crisis,
            "result": s.result_code,
            "result_date": s.result_date,
        }
        for s in found
    ]


def referrals_made(tenancy: Tenancy) -> list[Referral]:
    return list(tenancy.referrals.select_related("partner").order_by("-created_at"))


# --- The file -----------------------------------------------------------------------------------


def _json(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    raise TypeError(type(value))


def shown(value) -> str:
    """A value as a Dutch reader reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return f"{date_nl(local.date())}, {local:%H:%M}"
    if isinstance(value, date):
        return date_nl(value)
    if isinstance(value, Decimal):
        return fmt_eur(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def subject_file(tenant: Tenant, *, made_for: str, now: datetime | None = None) -> tuple[str, bytes]:
    """The ZIP with everything about `tenant`: lees-mij.html to read, gegevens.json for a computer.
    `made_for` says who asked ('Mijn Huurpad' or 'schriftelijk verzoek')."""
    now = now or timezone.now()
    found = sections(tenant)
    terms = retention.terms()
    data = {
        "gemaakt_op": now,
        "aangevraagd_via": made_for,
        "onderdelen": [
            {"onderdeel": s.key, "titel": s.title, "uitleg": s.explanation, "regels": s.rows} for s in found
        ],
    }
    readable = [
        {
            "title": s.title,
            "explanation": s.explanation,
            "rows": [[(label, shown(value)) for label, value in row.items()] for row in s.rows],
        }
        for s in found
    ]
    page = render_to_string(
        "portal/access/lees-mij.html",
        {
            "tenant": tenant,
            "sections": readable,
            "made_on": timezone.localtime(now),
            "made_for": made_for,
            "corporation": Sender.objects.order_by("id").first(),
            "terms": [(TERM_NAMES[t.kind], term_nl(t), t.source) for t in terms.values()],
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lees-mij.html", page)
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2, default=_json))
    name = f"mijn-gegevens-{timezone.localdate(now).isoformat()}.zip"
    return name, buffer.getvalue()


TERM_NAMES = {
    "contact_notes": "Contactnotities",
    "timeline": "Tijdlijn",
    "messages": "Berichten (sms, WhatsApp, e-mail)",
    "letters": "Brieven",
    "early_signals": "Meldingen aan de gemeente",
    "municipal_feedback": "Terugmelding van de gemeente",
    "referrals": "Doorverwijzingen",
    "arrangements": "Inkomen bij een betalingsregeling",
    "pay_links": "Betaallinks",
    "portal_logins": "Inloglinks Mijn Huurpad",
    "portal_accounts": "Account Mijn Huurpad",
    "help_requests": "Hulpvragen",
    "access_log": "Wie keek naar uw gegevens",
    "fiscal": "Huurrekening en boekingen (uw naam en rekening worden daarna gewist)",
}


def term_nl(term: retention.Term) -> str:
    if term.months % 12 == 0:
        years = term.months // 12
        return f"{years} jaar"
    return f"{term.months} maanden"
