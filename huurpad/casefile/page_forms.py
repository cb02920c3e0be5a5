"""Forms of the tenancy page that an officer opens now and then.

The page carries them folded (a <details>) and empty: opening one fetches it (htmx, the view
casefile.views.page_form), and without JavaScript its link opens the page with that form in it.
A form refused with its errors comes with the page, open. The page stays light: every officer
opens it many times a day, and most of these forms only now and then.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from huurpad.cases.forms import ChannelLimitsForm, MeasureForm, PersonalMessageForm, ReferralForm
from huurpad.cases.outside import OutsideSignalForm
from huurpad.collection import snapshots
from huurpad.core.calendar import first_of_next_month
from huurpad.core.dutch import channel_nl
from huurpad.messaging import texts
from huurpad.messaging.models import Sender
from huurpad.solutions.forms import BenefitForm, LodgerForm, PauseForm, ProposeForm
from huurpad.solutions.models import LodgerPermission
from huurpad.tenancies.models import Tenancy

REFERRAL_FOLLOW_UP = timedelta(days=14)  # by default: ask how it went two weeks later


def personal_message_form(tenancy: Tenancy, data=None) -> PersonalMessageForm:
    """Starts from the call-me-back text; the officer makes it their own."""
    initial = {}
    if data is None:
        try:
            sender = Sender.current()
            initial["text"] = texts.render(
                "call_me_back", "short", name=tenancy.tenant.name, corporation=sender.name, phone=sender.phone
            ).body
        except Sender.DoesNotExist:
            pass
    return PersonalMessageForm(data, initial=initial, reachable=snapshots.tenant_channels(tenancy.tenant))


def referral_form(tenancy: Tenancy, today: date) -> ReferralForm:
    form = ReferralForm(initial={"follow_up_on": today + REFERRAL_FOLLOW_UP})
    form.offer_partners()
    return form


def limits_form(tenancy: Tenancy, today: date) -> ChannelLimitsForm:
    tenant = tenancy.tenant
    return ChannelLimitsForm(
        initial={
            "no_calls": tenant.no_calls,
            "refused": tenant.refused_channels,
            "interpreter_needed": tenant.interpreter_needed,
            "language": tenant.language,
        }
    )


def benefit_form(tenancy: Tenancy, today: date) -> BenefitForm:
    next_month = first_of_next_month(today)
    return BenefitForm(
        initial={
            "municipality_code": tenancy.municipality_code,
            "start": next_month,
            "amount": tenancy.monthly_due_on(next_month) or None,
        }
    )


def lodger_form(tenancy: Tenancy, today: date) -> LodgerForm:
    return LodgerForm(initial={"start": today, "purpose": LodgerPermission._meta.get_field("purpose").default})


def reach_limits(tenant) -> str:
    """The tenant's channel limits in one sentence, for the page while their form is folded."""
    said = []
    if tenant.no_calls:
        said.append("Niet bellen.")
    if tenant.refused_channels:
        said.append("Geen berichten via " + " of ".join(channel_nl(c) for c in tenant.refused_channels) + ".")
    if tenant.interpreter_needed:
        said.append(f"Tolk nodig ({tenant.language})." if tenant.language else "Tolk nodig.")
    elif tenant.language:
        said.append(f"Voorkeurstaal: {tenant.language}.")
    return " ".join(said) or "Geen beperkingen vastgelegd: bellen en berichten mogen."


@dataclass(frozen=True)
class PageForm:
    key: str  # the form's name in the page's context (and in page_context's arguments)
    section: str  # the id of the part of the page it sits in
    template: str
    empty: Callable[[Tenancy, date], object]  # a new, empty form


FORMS = {
    "bericht": PageForm(
        "message_form", "bericht", "tenancies/forms/_message.html", lambda t, today: personal_message_form(t)
    ),
    "bereikbaarheid": PageForm("limits_form", "bereikbaarheid", "tenancies/forms/_limits.html", limits_form),
    "doorverwijzen": PageForm("referral_form", "doorverwijzen", "tenancies/forms/_referral.html", referral_form),
    "maatregel": PageForm(
        "measure_form",
        "maatregelen",
        "tenancies/forms/_measure.html",
        lambda t, today: MeasureForm(initial={"started_on": today}),
    ),
    "signaal": PageForm(
        "outside_form",
        "signalen",
        "cases/_outside_signal_form.html",
        lambda t, today: OutsideSignalForm(initial={"day": today}),
    ),
    "geregelde-betaling": PageForm("benefit_form", "geregelde-betaling", "solutions/_benefit_form.html", benefit_form),
    "kamerhuurder": PageForm("lodger_form", "kamerhuurder", "solutions/_lodger_form.html", lodger_form),
    "kwijtschelding": PageForm(
        "write_off_form", "kwijtschelding", "solutions/_write_off_form.html", lambda t, today: ProposeForm()
    ),
    "pauze": PageForm("pause_form", "regeling", "solutions/_pause_form.html", lambda t, today: PauseForm()),
}
# What each form does, as a key of accounts.roles.ACTIONS: who may open it is who may send it.
ACTIONS = {
    "bericht": "contact_tenant",
    "bereikbaarheid": "contact_tenant",
    "doorverwijzen": "refer",
    "maatregel": "write_case_notes",
    "signaal": "write_case_notes",
    "geregelde-betaling": "arrange",
    "kamerhuurder": "arrange",
    "kwijtschelding": "propose_write_off",
    "pauze": "pause",
}
KEYS = {form.key for form in FORMS.values()}


def for_page(tenancy: Tenancy, today: date, opened: str = "", refused: dict | None = None) -> dict:
    """The forms that come with the page: those refused (with their errors) and the one asked for
    with `opened`; None for the others, which the page fetches when opened."""
    refused = refused or {}
    if unknown := set(refused) - KEYS:
        raise TypeError(f"not a form of the tenancy page: {', '.join(sorted(unknown))}")
    return {
        form.key: refused.get(form.key) or (form.empty(tenancy, today) if name == opened else None)
        for name, form in FORMS.items()
    }
