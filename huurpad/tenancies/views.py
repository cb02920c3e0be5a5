"""Staff pages for tenancies: the worklist of households in arrears and the tenancy page."""

import os
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from huurpad.accounts.models import AccessLog, describe, log_access, log_list_access
from huurpad.accounts.roles import may, require, start_page
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
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import actions as collection_actions
from huurpad.collection import snapshots
from huurpad.collection.labels import action_label, channel_label
from huurpad.collection.models import PolicyVersion, Proposal
from huurpad.core import ledger
from huurpad.core.dutch import channel_nl, date_nl
from huurpad.core.money import ZERO, fmt_eur, from_cents
from huurpad.core.policy import bgs, rules
from huurpad.core.policy.config import Policy
from huurpad.core.segments import Segment
from huurpad.messaging import compose, outbox, paylinks
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.signals import page as signals_page
from huurpad.solutions import benefits as solutions_benefits
from huurpad.solutions import page as solutions_page
from huurpad.solutions import writeoffs as solutions_writeoffs
from huurpad.solutions.models import WriteOffStep

from . import arrears, page_forms
from .models import KINDS, LedgerEntry, Tenancy

PAGE_SIZE = 50

# Plain Dutch names for the risk segments (toolkit 1.11), and how each is shown.
SEGMENT_LABELS = {
    Segment.NEW: "Nieuwe huurder",
    Segment.FIRST_TIME: "Eerste keer achter",
    Segment.OCCASIONAL: "Soms achter",
    Segment.FREQUENT: "Vaak achter",
    Segment.REGULAR: "Betaalt op tijd",
}
SEGMENT_STYLES = {
    Segment.NEW: "info",
    Segment.FIRST_TIME: "neutral",
    Segment.OCCASIONAL: "warning",
    Segment.FREQUENT: "danger",
    Segment.REGULAR: "success",
}
# A tenancy in arrears is never 'regular', so the worklist offers the other four.
WORKLIST_SEGMENTS = [Segment.NEW, Segment.FIRST_TIME, Segment.OCCASIONAL, Segment.FREQUENT]

# Sort key -> (column heading, value to sort on, largest first by default).
SORTS = {
    "contract": ("Contract", lambda a: a.ref, False),
    "arrears": ("Achterstand", lambda a: a.position.arrears, True),
    "days": ("Dagen te laat", lambda a: a.position.days_overdue, True),
    "months": ("Maanden", lambda a: a.position.months_in_arrears, True),
}
# How the current order is described in the table caption: (ascending, descending).
SORT_DESCRIPTIONS = {
    "contract": ("contractnummer, van laag naar hoog", "contractnummer, van hoog naar laag"),
    "arrears": ("achterstand, laagste bovenaan", "achterstand, hoogste bovenaan"),
    "days": ("dagen te laat, kortste bovenaan", "dagen te laat, langste bovenaan"),
    "months": ("maanden achterstand, minste bovenaan", "maanden achterstand, meeste bovenaan"),
}
DEFAULT_SORT = "-arrears"

# The timeline's event parameters, in plain Dutch.
EVENT_PARAM_LABELS = {
    "action": "Stap",
    "day_part": "Dagdeel",
    "channel": "Kanaal",
    "reached": "Bereikt",
    "costs": "Aangekondigde kosten",
    "amount": "Bedrag",
    "reason": "Reden",
    "municipality_code": "Gemeente",
    "offers_data_sharing": "Gegevens delen aangeboden",
    "points_to_debt_help": "Gewezen op schuldhulp",
    "outcome": "Uitkomst",
    "promise_date": "Betaalt op",
    "note": "Notitie",
    "partner": "Partner",
    "basis": "Grondslag",
    "text": "Bericht",
    "no_calls": "Niet bellen",
    "refused": "Geen berichten via",
    "interpreter_needed": "Tolk nodig",
    "language": "Voorkeurstaal",
    "measure": "Maatregel",
    "approved": "Akkoord",
    "reason_code": "Code",
    "counterparty": "Van",
    "collection_day": "Nieuwe incassodag",
    "effective_from": "Vanaf",
    "arrears_at_start": "Achterstand bij de start",
    "instalment": "Termijn",
    "first_due": "Eerste termijn",
    "count": "Aantal",
    "review_date": "Evaluatiedatum",
    "step": "Stap",
    "write_off": "Kwijtschelding nr.",
    "start": "Vanaf",
    "end": "Tot en met",
    "kind": "Signaal",
    "heard_from": "Gehoord van",
    "no_repeat_above": "Opnieuw melden als de achterstand hoger is dan",
}
MONEY_PARAMS = {"costs", "amount", "arrears_at_start", "instalment", "no_repeat_above"}
DATE_PARAMS = {"promise_date", "effective_from", "first_due", "review_date", "start", "end"}
STEP_LABELS = dict(WriteOffStep.Step.choices)
PERSONAL = "personal"  # the outbox action of an officer's own message


def _get_tenancy_for_user(request, ref: str, action: str = "see_cases") -> Tenancy:
    """The tenancy, if this user may do `action` (roles.ACTIONS) on it. Checks the role before the
    tenancy exists or not, so an outsider learns nothing."""
    require(request.user, action)
    return get_object_or_404(Tenancy.objects.select_related("tenant", "household"), ref=ref)


def _parse_sort(value: str) -> tuple[str, bool]:
    """'-arrears' -> ('arrears', descending). Anything unknown falls back to the default."""
    key = value.removeprefix("-")
    if key not in SORTS:
        return _parse_sort(DEFAULT_SORT)
    return key, value.startswith("-")


def _sort_columns(sort_key: str, descending: bool, segment: str) -> dict:
    """Per sortable column: the link that sorts on it and its aria-sort state."""
    columns = {}
    for key, (label, _, largest_first) in SORTS.items():
        current = key == sort_key
        # A first click sorts the natural way; a click on the current column turns it around.
        next_descending = (not descending) if current else largest_first
        query = {"sort": f"{'-' if next_descending else ''}{key}"}
        if segment:
            query["segment"] = segment
        columns[key] = {
            "label": label,
            "url": "?" + urlencode(query),
            "aria_sort": ("descending" if descending else "ascending") if current else None,
        }
    return columns


@login_required
def worklist(request):
    if not may(request.user, "see_cases") and start_page(request.user):
        return redirect(start_page(request.user))  # a partner's or beheerder's own start page
    require(request.user, "see_cases")
    today = timezone.localdate()
    in_arrears = [a for a in arrears.compute(today) if a.position.arrears > 0]

    segment = request.GET.get("segment", "")
    if segment not in {s.value for s in WORKLIST_SEGMENTS}:
        segment = ""
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort_key, descending = _parse_sort(sort)

    shown = [a for a in in_arrears if a.segment == segment] if segment else list(in_arrears)
    shown.sort(key=lambda a: a.ref)  # ties keep contract order
    shown.sort(key=SORTS[sort_key][1], reverse=descending)

    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("pagina"))
    tenancies = Tenancy.objects.select_related("tenant").in_bulk([a.tenancy_id for a in page])
    rows = [
        {
            "arrears": a,
            "tenancy": tenancies[a.tenancy_id],
            "segment_label": SEGMENT_LABELS[a.segment],
            "segment_style": SEGMENT_STYLES[a.segment],
        }
        for a in page
    ]
    log_list_access(request, [row["tenancy"] for row in rows], action="worklist")  # one statement per page

    counts = dict.fromkeys(WORKLIST_SEGMENTS, 0)
    for a in in_arrears:
        counts[a.segment] = counts.get(a.segment, 0) + 1
    base_query = {"sort": f"{'-' if descending else ''}{sort_key}"}
    if segment:
        base_query["segment"] = segment

    context = {
        "today": today,
        "rows": rows,
        "page": page,
        "page_query": urlencode(base_query),
        "sort": base_query["sort"],
        "sort_description": SORT_DESCRIPTIONS[sort_key][descending],
        "segment": segment,
        "segment_label": SEGMENT_LABELS.get(segment, ""),
        "segments": [(s.value, SEGMENT_LABELS[s], counts[s]) for s in WORKLIST_SEGMENTS],
        "columns": _sort_columns(sort_key, descending, segment),
        "total_count": len(in_arrears),
        "total_arrears": sum((a.position.arrears for a in in_arrears), ZERO),
        "shown_count": len(shown),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "tenancies/_worklist_results.html", context | {"oob": True})
    else:
        response = render(request, "tenancies/worklist.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def tenancy_detail(request, ref, **forms):
    tenancy = _get_tenancy_for_user(request, ref)
    log_access(request, tenancy)
    return render(request, "tenancies/tenancy_detail.html", page_context(request, tenancy, **forms))


@login_required
def tenancy_print(request, ref):
    """The case on paper: the essentials of the tenancy page (tenant, arrears and open items, the
    Bgs checklist, arrangement, referrals, contacts, tasks, timeline) without menus, forms or
    buttons. A view of the case like the page, and logged as one."""
    tenancy = _get_tenancy_for_user(request, ref)
    log_access(request, tenancy, action="print")
    context = page_context(request, tenancy)
    context["contacts"] = [item for item in context["events"] if item["event"].type == CaseEvent.Type.CONTACT_ATTEMPT]
    context["printed_at"] = timezone.localtime()
    return render(request, "tenancies/tenancy_print.html", context)


@login_required
def page_form(request, ref, name):
    """One of the page's folded forms (page_forms), fetched when the officer opens it. Without
    htmx: the whole page with that form open."""
    form = page_forms.FORMS.get(name)
    if form is None:
        raise Http404("Dit formulier bestaat niet.")
    tenancy = _get_tenancy_for_user(request, ref, page_forms.ACTIONS[name])
    log_access(request, tenancy)
    if not request.htmx:
        return render(request, "tenancies/tenancy_detail.html", page_context(request, tenancy, opened=name))
    today = timezone.localdate()
    context = {"tenancy": tenancy, "today": today, "owed": arrears.owed(tenancy, today)}
    return render(request, form.template, context | {form.key: form.empty(tenancy, today)})


def page_context(
    request, tenancy, opened: str = "", contact_form=None, note_form=None, open_form=None, close_form=None, **refused
) -> dict:
    """What the tenancy page shows; a form passed in (refused, with its errors) replaces the empty
    one. The forms of page_forms come only when refused or `opened` by name."""
    today = timezone.localdate()
    policy = PolicyVersion.current().load()

    kind_labels = LedgerEntry.KIND_LABELS
    # The whole ledger, rent history and timeline are read once; the figures, the statement and
    # the Bgs checklist are all worked out from them (arrears.one: the core's definitions).
    ledger_rows = tenancy.ledger_entries.values_list("date", "kind", "amount_cents", "external_id", "description")
    descriptions, core_entries, future_count = {}, [], 0
    for day, kind, cents, external_id, description in ledger_rows:
        if day > today:
            future_count += 1
            continue
        core_entries.append(ledger.Entry(date=day, kind=KINDS[kind], amount=from_cents(cents), external_id=external_id))
        descriptions[external_id] = description
    rent = max((r for r in tenancy.rents.all() if r.valid_from <= today), key=lambda r: r.valid_from, default=None)
    events = list(tenancy.events.select_related("actor").order_by("-date", "-id"))
    monthly_cents = rent.rent_cents + rent.service_costs_cents if rent else 0
    state = arrears.one(tenancy, core_entries, monthly_cents, [(e.date, e.type) for e in events], today)

    # The policy's view of the household, for the Bgs checklist and the collection costs.
    snapshot = (
        snapshots.of_tenancy(tenancy, state, core_entries, events, today, policy)
        if state.position.arrears > 0 or policy.charge_costs
        else None
    )
    open_items = [i for i in ledger.open_items(core_entries, on=today) if i.open > 0]
    statement = [
        {
            "entry": core,
            "label": kind_labels[core.kind],
            "description": descriptions[core.external_id],
            "balance": balance,
            "raises": balance_raised(core),
        }
        for core, balance in ledger.running_balance(core_entries)
    ]
    statement.reverse()  # newest first: what happened last is what an officer asks about
    # The last year by default; the balances are those of the whole ledger.
    show_all = request.GET.get("alles") == "1"
    since = today.replace(year=today.year - 1)
    older = 0 if show_all else sum(1 for line in statement if line["entry"].date < since)
    if older:
        statement = [line for line in statement if line["entry"].date >= since]

    return {
        "today": today,
        "tenancy": tenancy,
        "tenant": tenancy.tenant,
        "household": tenancy.household,
        "housemates": tenancy.household.tenants.exclude(pk=tenancy.tenant_id),
        "rent": rent,
        "mandate": tenancy.mandates.filter(revoked_on__isnull=True).order_by("-signed_on").first(),
        "collection_day_change": (  # for bank/_collection_day.html: a new day not applied yet
            tenancy.collection_day_changes.filter(applied=False).order_by("-effective_from", "-id").first()
            if tenancy.payment_method == Tenancy.PaymentMethod.DIRECT_DEBIT
            else None
        ),
        "position": state.position,
        "segment": state.segment,
        "segment_label": SEGMENT_LABELS[state.segment],
        "segment_style": SEGMENT_STYLES[state.segment],
        "open_items": [
            {"item": i, "label": kind_labels[i.kind.value], "overdue": i.due_date < today} for i in open_items
        ],
        "open_total": sum((i.open for i in open_items), ZERO),
        "statement": statement,
        "future_count": future_count,
        "older_count": older,
        "statement_since": since,
        "proposals": proposal_rows(tenancy),
        "bgs": bgs_checklist(tenancy, state, core_entries, events, today, policy, snapshot=snapshot),
        "costs": snapshot and collection_actions.costs_status(tenancy, snapshot, core_entries, events, today),
        **case_part(tenancy, open_form, close_form),
        "contact_form": contact_form or ContactForm(initial={"day_part": day_part(timezone.localtime())}),
        "referrals": tenancy.referrals.select_related("partner"),
        "measures": tenancy.measures.all(),
        "pay_links": tenancy.pay_links.order_by("-id")[:5],
        "open_tasks": tenancy.tasks.filter(status=Task.Status.OPEN)
        .select_related("assigned_to")
        .order_by("due_date", "id"),
        "note_form": note_form or NoteForm(),
        "events": [{"event": e, "details": event_details(e.params)} for e in events],
        **solutions_page.for_page(tenancy, today, policy, entries=core_entries),
        **signals_page.for_page(tenancy),
        **solutions_benefits.for_page(tenancy, today),
        "write_offs": solutions_writeoffs.for_page(tenancy),
        **outside.for_page(events, today),
        "owed": state.position.arrears,
        "reach_limits": page_forms.reach_limits(tenancy.tenant),
        **page_forms.for_page(tenancy, today, opened, refused),
    }


def case_part(tenancy, open_form=None, close_form=None) -> dict:
    """The open case (or the last one closed) and the forms to open or close one (cases/_case.html)."""
    latest = (  # the open one first (at most one is open), else the one closed last
        tenancy.cases.select_related("opened_by", "closed_by")
        .order_by(F("closed_on").desc(nulls_first=True), "-id")
        .first()
    )
    is_open = latest is not None and latest.closed_on is None
    return {
        "case": latest if is_open else None,
        "last_case": None if is_open else latest,
        "open_form": open_form or OpenCaseForm(),
        "close_form": close_form or CloseCaseForm(),
    }


OPEN_PROPOSALS = (Proposal.Status.PROPOSED, Proposal.Status.QUEUED)


def proposal_rows(tenancy: Tenancy) -> list[dict]:
    """The steps the policy proposed for this tenancy: open ones first, then the rest; newest first."""
    proposals = sorted(
        tenancy.proposals.select_related("policy_version").order_by("-due_date", "-id"),
        key=lambda p: p.status not in OPEN_PROPOSALS,
    )
    return [
        {
            "proposal": p,
            "open": p.status in OPEN_PROPOSALS,
            "action": action_label(p.action),
            "channel": channel_label(p.channel),
        }
        for p in proposals
    ]


def event_details(params: dict) -> list[tuple[str, str]]:
    """An event's parameters as (label, value) pairs for people to read."""
    details = []
    for key, value in params.items():
        if value in ("", None):
            continue  # e.g. no part of the day for a visit
        label = EVENT_PARAM_LABELS.get(key, key)
        if isinstance(value, bool):
            shown = "ja" if value else "nee"
        elif key == "channel":
            shown = channel_nl(str(value))
        elif key == "action":
            shown = action_label(str(value)).lower()
        elif key == "outcome":
            shown = case_actions.OUTCOMES.get(str(value), str(value)).lower()
        elif key == "kind":
            shown = outside.label(str(value)).lower()
        elif key == "step":
            shown = STEP_LABELS.get(str(value), str(value)).lower()
        elif key in DATE_PARAMS:
            try:
                shown = date_nl(date.fromisoformat(str(value)))
            except ValueError:
                shown = str(value)
        elif key in MONEY_PARAMS:
            try:
                shown = fmt_eur(Decimal(str(value)))
            except InvalidOperation:
                shown = str(value)
        else:
            shown = str(value)
        details.append((label, shown))
    return details


def balance_raised(entry: ledger.Entry) -> bool:
    """Whether an entry raises what the tenant owes (a charge or a returned payment)."""
    return entry.kind in ledger.CHARGES or entry.kind == ledger.Kind.REVERSAL


def bgs_checklist(
    tenancy: Tenancy,
    row: arrears.TenancyArrears,
    entries: list[ledger.Entry],
    events: list[CaseEvent],
    today,
    policy: Policy | None = None,
    snapshot=None,
) -> dict | None:
    """The four conditions of Bgs art. 2 for the current arrears, with their evidence and what is
    still missing before an early signal may go out, and what else the policy waits for (the
    blockers of rules.signal_blockers); None without arrears. From the tenancy's
    whole ledger and timeline (`events` newest first), as the policy run would see them, under
    `policy` (the current one when not given); `snapshot` when the page has built it already."""
    if row.position.arrears <= 0:
        return None
    snapshot = snapshot or snapshots.of_tenancy(
        tenancy, row, entries, events, today, policy or PolicyVersion.current().load()
    )
    conditions = bgs.conditions(snapshot)
    return {
        "conditions": conditions,
        "missing": [c for c in conditions if not c.met],
        "blockers": rules.signal_blockers(snapshot, today),  # as the policy run asks them
        "since": snapshot.episode_start,
    }


def _refused(request, ref, **forms):
    """The tenancy page again, with the refused form and its errors (nothing was saved)."""
    response = tenancy_detail(request, ref, **forms)
    response.status_code = 400
    return response


def _back_to(tenancy, section: str):
    return redirect(reverse("tenancy_detail", args=[tenancy.ref]) + f"#{section}")


def day_part(now) -> str:
    return "ochtend" if now.hour < 12 else "middag" if now.hour < 18 else "avond"


@login_required
@require_POST
def record_contact(request, ref):
    """Record a contact attempt from the tenancy page. From the page's own form (htmx) the answer
    is the parts of the page that change: the form, fresh or with its errors, the open tasks, the
    Bgs checklist and the timeline. Without htmx: back to the page, or the page with the errors."""
    tenancy = _get_tenancy_for_user(request, ref, "contact_tenant")
    form = ContactForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _contact_part(request, tenancy, contact_form=form)
        return _refused(request, ref, contact_form=form)
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
    return _back_to(tenancy, "tijdlijn")


def _contact_part(request, tenancy, saved="", **forms):
    log_access(request, tenancy)  # the answer shows the case again, as the page would
    context = page_context(request, tenancy, **forms) | {"saved": saved}
    return render(request, "tenancies/_after_contact.html", context)


@login_required
@require_POST
def open_case(request, ref):
    """A person opens a case on a tenancy without an open one: a worry, a signal from a neighbour."""
    tenancy = _get_tenancy_for_user(request, ref, "open_close_case")
    form = OpenCaseForm(request.POST)
    if not form.is_valid():
        return _refused(request, ref, open_form=form)
    if tenancy.cases.filter(closed_on__isnull=True).exists():
        messages.info(request, "Er is al een open dossier voor dit huurcontract.")
    else:
        case_actions.open_case(tenancy, acting_user=request.user, note=form.cleaned_data["note"].strip())
        messages.success(request, "Dossier geopend. Het staat op de tijdlijn.")
    return _back_to(tenancy, "dossier")


@login_required
@require_POST
def close_case(request, ref):
    """A person closes the open case, saying why (it goes on the timeline)."""
    tenancy = _get_tenancy_for_user(request, ref, "open_close_case")
    case = tenancy.cases.filter(closed_on__isnull=True).first()
    form = CloseCaseForm(request.POST)
    if case is not None and not form.is_valid():
        return _refused(request, ref, close_form=form)
    if case is not None and case_actions.close_case(
        case, acting_user=request.user, reason=form.cleaned_data["reason"].strip()
    ):
        messages.success(request, "Dossier gesloten. De reden staat op de tijdlijn.")
    else:
        messages.info(request, "Er is geen open dossier meer: het is al gesloten.")
    return _back_to(tenancy, "dossier")


@login_required
@require_POST
def charge_costs(request, ref):
    """Book the collection costs the fourteen-day letter stated, once the guardrails allow it."""
    tenancy = _get_tenancy_for_user(request, ref, "charge_costs")
    try:
        collection_actions.charge_collection_costs(tenancy, acting_user=request.user)
    except collection_actions.CostsRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "De incassokosten staan op de huurrekening. Dit staat ook op de tijdlijn.")
    return _back_to(tenancy, "incassokosten")


@login_required
@require_POST
def refer(request, ref):
    """A warm handover to a partner from the tenancy page."""
    tenancy = _get_tenancy_for_user(request, ref, "refer")
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return _refused(request, ref, referral_form=form)
    data = form.cleaned_data
    case_actions.refer(
        tenancy,
        partner=data["partner"],
        reason=data["reason"],
        basis=data["basis"],
        follow_up_on=data["follow_up_on"],
        acting_user=request.user,
    )
    messages.success(
        request,
        f"Doorverwezen naar {data['partner'].name}. Op {date_nl(data['follow_up_on'])} staat een taak klaar om na te bellen.",
    )
    return _back_to(tenancy, "doorverwijzen")


@login_required
@require_POST
def make_pay_link(request, ref):
    """A pay link for what the household owes today, for the officer to send along (iDEAL)."""
    tenancy = _get_tenancy_for_user(request, ref, "contact_tenant")
    owed = arrears.owed(tenancy, timezone.localdate())
    if owed <= 0:
        messages.error(request, "Er is geen achterstand, dus geen betaallink nodig.")
        return _back_to(tenancy, "betaallinks")
    try:
        with transaction.atomic():
            link = paylinks.open_link(tenancy, owed, base_url=_public_url(request))
    except Exception as exc:  # the provider unreachable or refusing: nothing is kept
        messages.error(
            request,
            f"De betaallink is niet gemaakt: de betaalprovider gaf een fout ({type(exc).__name__}). Probeer het later nog eens.",
        )
        return _back_to(tenancy, "betaallinks")
    messages.success(
        request, f"Betaallink gemaakt voor {fmt_eur(owed)}. Stuur hem mee in uw bericht: {link.checkout_url}"
    )
    return _back_to(tenancy, "betaallinks")


def _public_url(request) -> str:
    """Where a payment provider reaches Huurpad: HUURPAD_PUBLIC_URL, else the address in use."""
    return os.environ.get("HUURPAD_PUBLIC_URL") or request.build_absolute_uri("/").rstrip("/")


@login_required
@require_POST
def personal_message(request, ref):
    """The officer's own message to the tenant (SMS, WhatsApp or e-mail), through the outbox."""
    tenancy = _get_tenancy_for_user(request, ref, "contact_tenant")
    form = page_forms.personal_message_form(tenancy, request.POST)
    if not form.is_valid():
        return _refused(request, ref, message_form=form)
    data = form.cleaned_data
    body, sender = data["text"].strip(), Sender.objects.order_by("id").first()
    with transaction.atomic():
        if data["pay_link"] and (owed := arrears.owed(tenancy, timezone.localdate())) > 0:
            link = paylinks.open_link(tenancy, owed, base_url=_public_url(request))
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
    messages.success(
        request,
        f"Het bericht staat klaar en gaat binnen een paar minuten weg{outbox.quiet_hours_note()}. Het komt op de tijdlijn als het verstuurd is.",
    )
    return _back_to(tenancy, "bericht")


ACCESS_LOG_LINES = 500


@login_required
def access_search(request):
    """The beheerder looks up a tenancy by its contract number, to see who looked at it."""
    require(request.user, "see_access_log")
    wanted = request.GET.get("contract", "").strip()
    if request.GET.get("gebruiker", "").strip():  # the other search on the page: per user
        return redirect(reverse("user_access_log") + "?" + urlencode({"gebruiker": request.GET["gebruiker"].strip()}))
    if wanted:
        tenancy = Tenancy.objects.filter(ref__iexact=wanted).only("ref").first()
        if tenancy is not None:
            return redirect("tenancy_access_log", ref=tenancy.ref)
    return render(request, "tenancies/access_log.html", {"wanted": wanted, "not_found": bool(wanted)})


@login_required
def access_log(request, ref):
    """Who looked at this tenancy and when, and at its tenant's record in Beheer: for the
    beheerder, who sees no personal data here (only the contract number)."""
    require(request.user, "see_access_log")
    tenancy = get_object_or_404(Tenancy.objects.only("ref", "tenant_id", "household_id"), ref=ref)
    lines = (
        AccessLog.objects.filter(
            Q(object_type="tenancy", object_id=tenancy.ref)
            | Q(object_type="tenant", object_id=str(tenancy.tenant_id))
            | Q(object_type="household", object_id=str(tenancy.household_id))
        )
        .select_related("user")
        .order_by("-at", "-id")[: ACCESS_LOG_LINES + 1]
    )
    entries = [{"line": line, "what": describe(line)} for line in lines]
    return render(
        request,
        "tenancies/access_log.html",
        {
            "tenancy": tenancy,
            "entries": entries[:ACCESS_LOG_LINES],
            "more": len(entries) > ACCESS_LOG_LINES,
            "wanted": tenancy.ref,
            "shown": ACCESS_LOG_LINES,
        },
    )


@login_required
@require_POST
def channel_limits(request, ref):
    """How the tenant may be reached: no calls, no messages on some channels, an interpreter."""
    tenancy = _get_tenancy_for_user(request, ref, "contact_tenant")
    form = ChannelLimitsForm(request.POST)
    if form.is_valid():  # every field is optional and checked by its widget's choices
        data = form.cleaned_data
        case_actions.set_channel_limits(
            tenancy,
            no_calls=data["no_calls"],
            refused=data["refused"],
            interpreter_needed=data["interpreter_needed"],
            language=data["language"].strip(),
            acting_user=request.user,
        )
        messages.success(request, "Bereikbaarheid opgeslagen. Het beleid houdt er vanaf de volgende run rekening mee.")
    else:
        messages.error(request, "De bereikbaarheid is niet opgeslagen: kies alleen uit de getoonde kanalen.")
    return _back_to(tenancy, "bereikbaarheid")


@login_required
@require_POST
def apply_measure(request, ref):
    """A toolkit measure the household received (a coach, budget training, ...)."""
    tenancy = _get_tenancy_for_user(request, ref, "write_case_notes")
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return _refused(request, ref, measure_form=form)
    measure = case_actions.apply_measure(tenancy, acting_user=request.user, **form.cleaned_data)
    messages.success(request, f"Maatregel vastgelegd: {measure.get_kind_display()}.")
    return _back_to(tenancy, "maatregelen")


@login_required
@require_POST
def add_note(request, ref):
    tenancy = _get_tenancy_for_user(request, ref, "write_case_notes")
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, ref, note_form=form)
    case_actions.add_note(tenancy, text=form.cleaned_data["text"], acting_user=request.user)
    messages.success(request, "Notitie vastgelegd.")
    return _back_to(tenancy, "tijdlijn")


@login_required
@require_POST
def record_outside_signal(request, ref):
    """A signal heard from elsewhere (energy or water arrears, a job lost, ...): on the timeline,
    and for 90 days a reason to put the household higher up in 'Vandaag'."""
    tenancy = _get_tenancy_for_user(request, ref, "write_case_notes")
    form = outside.OutsideSignalForm(request.POST)
    if not form.is_valid():
        return _refused(request, ref, outside_form=form)
    data = form.cleaned_data
    outside.record(tenancy, data["kind"], data["note"], data["day"], request.user, heard_from=data["heard_from"])
    saved = f"Signaal vastgelegd: {outside.label(data['kind']).lower()}."
    if outside.counts(data["day"], timezone.localdate()):
        saved += f" Tot en met {date_nl(data['day'] + outside.RECENT)} staat dit huishouden hoger op de lijst Vandaag."
    messages.success(request, saved)
    return _back_to(tenancy, "signalen")
