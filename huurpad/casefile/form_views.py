"""The forms on the tenancy page, in the order of the page: each checks who may send it, acts
through its app's domain functions and goes back to its part of the page (views.on_the_page)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_access
from huurpad.bank import sepa
from huurpad.bank.forms import CollectionDayForm
from huurpad.cases import actions as case_actions
from huurpad.cases import outside
from huurpad.cases.forms import (
    ChannelLimitsForm,
    CloseCaseForm,
    ContactForm,
    MeasureForm,
    NoteForm,
    OpenCaseForm,
    ReferralForm,
)
from huurpad.collection import actions as collection_actions
from huurpad.core.dutch import date_nl
from huurpad.core.money import fmt_eur
from huurpad.messaging import compose, outbox, paylinks
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.solutions import arrangements, benefits, former, lodgers, writeoffs
from huurpad.solutions.forms import (
    ArrangementForm,
    BenefitForm,
    ForwardingAddressForm,
    HandOverForm,
    LodgerForm,
    PauseExtendForm,
    PauseForm,
    ProposeForm,
)
from huurpad.solutions.models import Arrangement, Pause
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Tenancy

from . import page_forms
from .page import page_context
from .views import get_tenancy_for_user, on_the_page, refused

PERSONAL = "personal"  # the outbox action of an officer's own message
ARRANGEMENT = "regeling"  # the part of the page with the arrangement and the pause


# --- the case ------------------------------------------------------------------------------


@on_the_page("open_close_case", "dossier", form=OpenCaseForm, refused_as="open_form")
def open_case(request, tenancy, form):
    """A person opens a case on a tenancy without an open one: a worry, a signal from a neighbour."""
    if tenancy.cases.filter(closed_on__isnull=True).exists():
        return messages.INFO, "Er is al een open dossier voor dit huurcontract."
    case_actions.open_case(tenancy, acting_user=request.user, note=form.cleaned_data["note"].strip())
    return "Dossier geopend. Het staat op de tijdlijn."


@on_the_page("open_close_case", "dossier")
def close_case(request, tenancy):
    """A person closes the open case, saying why (it goes on the timeline)."""
    case = tenancy.cases.filter(closed_on__isnull=True).first()
    form = CloseCaseForm(request.POST)
    if case is not None and not form.is_valid():
        return refused(request, tenancy, close_form=form)
    if case is not None and case_actions.close_case(
        case, acting_user=request.user, reason=form.cleaned_data["reason"].strip()
    ):
        return "Dossier gesloten. De reden staat op de tijdlijn."
    return messages.INFO, "Er is geen open dossier meer: het is al gesloten."


# --- costs and contact ---------------------------------------------------------------------


@on_the_page("charge_costs", "incassokosten")
def charge_costs(request, tenancy):
    """Book the collection costs the fourteen-day letter stated, once the guardrails allow it."""
    try:
        collection_actions.charge_collection_costs(tenancy, acting_user=request.user)
    except collection_actions.CostsRefused as exc:
        return messages.ERROR, str(exc)
    return "De incassokosten staan op de huurrekening. Dit staat ook op de tijdlijn."


@login_required
@require_POST
def record_contact(request, ref):
    """Record a contact attempt from the tenancy page. From the page's own form (htmx) the answer
    is the parts of the page that change: the form, fresh or with its errors, the open tasks, the
    Bgs checklist and the timeline. Without htmx: back to the page, or the page with the errors."""
    tenancy = get_tenancy_for_user(request, ref, "contact_tenant")
    form = ContactForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _contact_part(request, tenancy, contact_form=form)
        return refused(request, tenancy, contact_form=form)
    data = form.cleaned_data
    case_actions.record_contact(
        tenancy,
        acting_user=request.user,
        channel=data["channel"],
        reached=data["reached"],
        day_part=data["day_part"],
        outcome=data["outcome"],
        promise_date=data["promise_date"] if data["outcome"] == "promise_to_pay" else None,
        debt_help_pointed=data["debt_help_pointed"],
        objection=data["objection"],
        note=data["note"],
    )
    said = "gesproken" if data["reached"] else "niet bereikt"
    extra = ""
    if data["outcome"] == "promise_to_pay":
        extra = (
            f" Op {date_nl(data['promise_date'] + timedelta(days=1))} staat een taak klaar om de betaling na te kijken."
        )
    saved = f"Contact vastgelegd: {said}.{extra}"
    if request.htmx:
        return _contact_part(request, tenancy, saved=saved)
    messages.success(request, saved)
    return redirect(tenancy.section_url("tijdlijn"))


def _contact_part(request, tenancy, saved="", **forms):
    log_access(request, tenancy)  # the answer shows the case again, as the page would
    context = page_context(request, tenancy, **forms) | {"saved": saved}
    return render(request, "tenancies/_after_contact.html", context)


@on_the_page("contact_tenant", "betaallinks")
def make_pay_link(request, tenancy):
    """A pay link for what the household owes today, for the officer to send along (iDEAL)."""
    owed = arrears.owed(tenancy, timezone.localdate())
    if owed <= 0:
        return messages.ERROR, "Er is geen achterstand, dus geen betaallink nodig."
    try:
        with transaction.atomic():
            link = paylinks.open_link(tenancy, owed, base_url=paylinks.public_url(request))
    except Exception as exc:  # the provider unreachable or refusing: nothing is kept
        return (
            messages.ERROR,
            f"De betaallink is niet gemaakt: de betaalprovider gaf een fout ({type(exc).__name__}). Probeer het later nog eens.",
        )
    return f"Betaallink gemaakt voor {fmt_eur(owed)}. Stuur hem mee in uw bericht: {link.checkout_url}"


@on_the_page("contact_tenant", "bericht")
def personal_message(request, tenancy):
    """The officer's own message to the tenant (SMS, WhatsApp or e-mail), through the outbox."""
    form = page_forms.personal_message_form(tenancy, request.POST)
    if not form.is_valid():
        return refused(request, tenancy, message_form=form)
    data = form.cleaned_data
    body, sender = data["text"].strip(), Sender.objects.order_by("id").first()
    with transaction.atomic():
        if data["pay_link"] and (owed := arrears.owed(tenancy, timezone.localdate())) > 0:
            link = paylinks.open_link(tenancy, owed, base_url=paylinks.public_url(request))
            body += f"\n\nBetalen kan met deze link: {link.checkout_url}"
        OutboxMessage.objects.create(
            tenancy=tenancy,
            action=PERSONAL,
            channel=data["channel"],
            day=timezone.localdate(),
            created_by=request.user,
            recipient=compose.recipient(tenancy, data["channel"]),
            subject=f"Bericht van {sender.name}" if sender else "Bericht over uw huur",
            body=body,
        )
    return f"Het bericht staat klaar en gaat binnen een paar minuten weg{outbox.quiet_hours_note()}. Het komt op de tijdlijn als het verstuurd is."


@on_the_page("contact_tenant", "bereikbaarheid")
def channel_limits(request, tenancy):
    """How the tenant may be reached: no calls, no messages on some channels, an interpreter."""
    form = ChannelLimitsForm(request.POST)
    if not form.is_valid():  # every field is optional and checked by its widget's choices
        return messages.ERROR, "De bereikbaarheid is niet opgeslagen: kies alleen uit de getoonde kanalen."
    data = form.cleaned_data
    case_actions.set_channel_limits(
        tenancy,
        no_calls=data["no_calls"],
        refused=data["refused"],
        interpreter_needed=data["interpreter_needed"],
        language=data["language"].strip(),
        acting_user=request.user,
    )
    return "Bereikbaarheid opgeslagen. Het beleid houdt er vanaf de volgende run rekening mee."


# --- help: referrals, measures, notes, signals from others ----------------------------------


@on_the_page("refer", "doorverwijzen", form=ReferralForm, refused_as="referral_form")
def refer(request, tenancy, form):
    """A warm handover to a partner from the tenancy page."""
    data = form.cleaned_data
    case_actions.refer(
        tenancy,
        partner=data["partner"],
        reason=data["reason"],
        basis=data["basis"],
        follow_up_on=data["follow_up_on"],
        acting_user=request.user,
    )
    return f"Doorverwezen naar {data['partner'].name}. Op {date_nl(data['follow_up_on'])} staat een taak klaar om na te bellen."


@on_the_page("write_case_notes", "maatregelen", form=MeasureForm, refused_as="measure_form")
def apply_measure(request, tenancy, form):
    """A toolkit measure the household received (a coach, budget training, ...)."""
    measure = case_actions.apply_measure(tenancy, acting_user=request.user, **form.cleaned_data)
    return f"Maatregel vastgelegd: {measure.get_kind_display()}."


@on_the_page("write_case_notes", "tijdlijn", form=NoteForm, refused_as="note_form")
def add_note(request, tenancy, form):
    case_actions.add_note(tenancy, text=form.cleaned_data["text"], acting_user=request.user)
    return "Notitie vastgelegd."


@on_the_page("write_case_notes", "signalen", form=outside.OutsideSignalForm, refused_as="outside_form")
def record_outside_signal(request, tenancy, form):
    """A signal heard from elsewhere (energy or water arrears, a job lost, ...): on the timeline,
    and for 90 days a reason to put the household higher up in 'Vandaag'."""
    data = form.cleaned_data
    outside.record(
        tenancy, data["kind"], data["note"], data["day"], heard_from=data["heard_from"], acting_user=request.user
    )
    saved = f"Signaal vastgelegd: {outside.label(data['kind']).lower()}."
    if outside.counts(data["day"], timezone.localdate()):
        saved += f" Tot en met {date_nl(data['day'] + outside.RECENT)} staat dit huishouden hoger op de lijst Vandaag."
    return saved


# --- solutions: arrangement, pause, benefits, lodgers, write-off ----------------------------


@login_required
def preview_arrangement(request, ref):
    """What the arrangement would be (htmx, while the officer types)."""
    tenancy = get_tenancy_for_user(request, ref, "arrange")
    form = ArrangementForm(request.GET)
    sizing = arrangements.size_for(tenancy, timezone.localdate(), **form.given()) if form.is_valid() else None
    return render(request, "solutions/_arrangement_preview.html", {"form": form, "sizing": sizing})


def _errors(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


@on_the_page("arrange", ARRANGEMENT)
def propose_arrangement(request, tenancy):
    form = ArrangementForm(request.POST)
    if not form.is_valid():
        return messages.ERROR, "De regeling is niet gemaakt: " + _errors(form)
    running = tenancy.arrangements.filter(status=Arrangement.Status.RUNNING).first()
    try:
        made = arrangements.propose(
            tenancy, acting_user=request.user, today=timezone.localdate(), replaces=running, **form.given()
        )
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        return messages.ERROR, f"Geen regeling gemaakt. {exc}"
    if made.status == Arrangement.Status.AWAITING:
        return "De regeling gaat naar de teamleider: die beslist erover. U ziet het besluit op deze pagina."
    return (
        f"De regeling loopt: {made.count} termijnen van {fmt_eur(made.instalment)}, de eerste op "
        f"{date_nl(made.first_due)}. De bevestiging gaat met de post."
    )


@on_the_page("decide_arrangement", ARRANGEMENT, of=Arrangement)
def decide_arrangement(request, tenancy, arrangement):
    approved = request.POST.get("besluit") == "akkoord"
    try:
        arrangements.decide(arrangement, acting_user=request.user, approved=approved, today=timezone.localdate())
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        return messages.ERROR, str(exc)
    return "De regeling loopt. De bevestiging gaat met de post." if approved else "De regeling is afgewezen."


@on_the_page("arrange", ARRANGEMENT, of=Arrangement)
def end_arrangement(request, tenancy, arrangement):
    reason = {"afgelost": arrangements.PAID_OFF, "afgebroken": arrangements.BROKEN}.get(request.POST.get("reden", ""))
    if reason is None:
        return messages.ERROR, "Kies: afgelost of afgebroken."
    try:
        arrangements.end(arrangement, acting_user=request.user, today=timezone.localdate(), reason=reason)
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        return messages.ERROR, str(exc)
    return f"De regeling is beëindigd: {reason}."


@on_the_page("pause", ARRANGEMENT)
def start_pause(request, tenancy):
    form = PauseForm(request.POST)
    if not form.is_valid():
        return messages.ERROR, "Geen pauze gestart: " + _errors(form)
    data = form.cleaned_data
    try:
        pause = arrangements.start_pause(
            tenancy,
            reason=data["reason"],
            review_date=data["review_date"],
            note=data["note"],
            acting_user=request.user,
            today=timezone.localdate(),
        )
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        return messages.ERROR, f"Geen pauze gestart. {exc}"
    return f"Pauze tot {date_nl(pause.review_date)}: geen herinneringen over de achterstand. Dan komt er een taak om te evalueren."


@on_the_page("pause", ARRANGEMENT, of=Pause)
def end_pause(request, tenancy, pause):
    try:
        arrangements.end_pause(
            pause, acting_user=request.user, today=timezone.localdate(), reason=request.POST.get("reden", "")[:200]
        )
    except ValueError as exc:  # NotAllowed, or no sender for the letter
        return messages.ERROR, str(exc)
    return "De pauze is beëindigd. Het beleid kijkt vanaf de volgende run weer naar de achterstand."


@on_the_page("extend_pause", ARRANGEMENT, of=Pause)
def extend_pause(request, tenancy, pause):
    """A team leader lets a pause run on to a later review date, within its limit, saying why."""
    form = PauseExtendForm(request.POST)
    if not form.is_valid():
        return messages.ERROR, "De pauze is niet verlengd: " + _errors(form)
    try:
        arrangements.extend_pause(
            pause,
            acting_user=request.user,
            today=timezone.localdate(),
            review_date=form.cleaned_data["review_date"],
            reason=form.cleaned_data["reason"],
        )
    except ValueError as exc:  # NotAllowed
        return messages.ERROR, f"De pauze is niet verlengd. {exc}"
    return f"De pauze loopt door. Nieuwe evaluatiedatum: {date_nl(pause.review_date)}."


def _not_saved(what: str) -> str:
    return f"{what} is nog niet opgeslagen. Kijk verderop bij het formulier wat er nog ontbreekt."


BENEFIT_NOT_SAVED = _not_saved("De geregelde betaling")
LODGER_NOT_SAVED = _not_saved("De toestemming voor een kamerhuurder")


@on_the_page(
    "arrange", "geregelde-betaling", form=BenefitForm, refused_as="benefit_form", say_refused=BENEFIT_NOT_SAVED
)
def register_benefit(request, tenancy, form):
    """Rent paid by the municipality from the tenant's benefit, from a month on."""
    data = form.cleaned_data
    try:
        benefit = benefits.register(
            tenancy,
            data["municipality_code"],
            data["amount"],
            data["day"],
            data["payer_iban"],
            data["start"],
            acting_user=request.user,
            today=timezone.localdate(),
        )
    except benefits.BenefitError as exc:
        form.add_error(None, str(exc))
        return refused(request, tenancy, BENEFIT_NOT_SAVED, benefit_form=form)
    return (
        f"Geregelde betaling vastgelegd: {fmt_eur(benefit.amount)} per maand, rond de "
        f"{benefit.day}e, vanaf {date_nl(benefit.start)}."
    )


@on_the_page("arrange", "kamerhuurder", form=LodgerForm, refused_as="lodger_form", say_refused=LODGER_NOT_SAVED)
def grant_lodger(request, tenancy, form):
    """Permission for a lodger, at most a year (Onder de Pannen)."""
    data = form.cleaned_data
    try:
        permission = lodgers.grant(
            tenancy,
            data["lodger_name"],
            data["start"],
            data["end"],
            data["purpose"],
            data["monthly_income"],
            acting_user=request.user,
            today=timezone.localdate(),
        )
    except lodgers.LodgerError as exc:
        form.add_error(None, str(exc))
        return refused(request, tenancy, LODGER_NOT_SAVED, lodger_form=form)
    return (
        f"Toestemming voor een kamerhuurder vastgelegd, van {date_nl(permission.start)} "
        f"tot en met {date_nl(permission.end)}."
    )


@on_the_page("propose_write_off", "kwijtschelding", form=ProposeForm, refused_as="write_off_form")
def propose_write_off(request, tenancy, form):
    """Step 1 of a write-off: an officer proposes it (solutions/writeoffs.py)."""
    data = form.cleaned_data
    try:
        made = writeoffs.propose(
            tenancy,
            data["amount"],
            data["reason"],
            data["conditions"],
            timezone.localdate(),
            category=data["reason_category"],
            acting_user=request.user,
        )
    except writeoffs.WriteOffError as exc:
        return messages.ERROR, f"Geen voorstel gemaakt. {exc}"
    return f"Voorstel gemaakt: {fmt_eur(made.amount)} kwijtschelden. Nu beoordeelt de teamleider het."


# --- a tenant who left (solutions/former.py) -------------------------------------------------

FORMER = "vertrokken"  # the part of the page about the tenant who left


def _wrong(form) -> str:
    return "; ".join(f"{form.fields[name].label}: {errors[0]}" for name, errors in form.errors.items())


@on_the_page("record_forwarding_address", FORMER)
def record_forwarding_address(request, tenancy):
    """Where the final bill's letters go: the forwarding address, recorded, changed or cleared."""
    form = ForwardingAddressForm(request.POST)
    if not form.is_valid():
        return messages.ERROR, f"Het nieuwe adres is niet opgeslagen. {_wrong(form)}"
    try:
        changed = former.record_forwarding_address(tenancy, form.cleaned_data["address"], acting_user=request.user)
    except former.Refused as exc:
        return messages.ERROR, f"Het nieuwe adres is niet opgeslagen. {exc}"
    if not changed:
        return messages.INFO, "Dit adres stond er al. Er is niets veranderd."
    if tenancy.forwarding_address:
        return "Nieuw adres opgeslagen: brieven over de eindafrekening gaan daarheen. Het staat op de tijdlijn."
    return "Het nieuwe adres is gewist: brieven gaan weer naar het laatste adres. Het staat op de tijdlijn."


@on_the_page("hand_over_to_agency", FORMER)
def hand_over_to_agency(request, tenancy):
    """The team leader hands a former tenant's final bill to a collection agency."""
    form = HandOverForm(request.POST)
    if not form.is_valid():
        return messages.ERROR, f"Niet overgedragen. {_wrong(form)}"
    data = form.cleaned_data
    try:
        former.hand_over(
            tenancy,
            agency=data["agency"].strip(),
            amount=data["amount"],
            on=data["on"],
            reference=data["reference"].strip(),
            acting_user=request.user,
        )
    except former.Refused as exc:
        return messages.ERROR, f"Niet overgedragen. {exc}"
    return (
        f"Overgedragen aan {data['agency'].strip()}: {fmt_eur(data['amount'])}. Het beleid stelt voor deze "
        "eindafrekening geen stappen meer voor. Het staat op de tijdlijn."
    )


# --- the bank ------------------------------------------------------------------------------


@on_the_page("change_collection_day", "incassodag")
def change_collection_day(request, tenancy):
    """A new collection day, asked for by the tenant; it holds from the first of next month."""
    form = CollectionDayForm(request.POST)
    if tenancy.payment_method != Tenancy.PaymentMethod.DIRECT_DEBIT:
        return messages.ERROR, "Deze huurder betaalt niet met automatische incasso. Er is dus geen incassodag."
    if not form.is_valid():
        return messages.ERROR, "De incassodag is niet gewijzigd: kies een van de dagen in de lijst."
    change = sepa.change_collection_day(
        tenancy, form.cleaned_data["day"], today=timezone.localdate(), acting_user=request.user
    )
    return sepa.effective_message(change)
