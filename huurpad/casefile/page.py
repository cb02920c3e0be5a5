"""The tenancy page: what it shows, composed from one panel per app.

The page reads the tenancy's ledger, rent history and timeline once, works out the arrears
(arrears.one: the core's definitions) and the policy's view of the household, and shows the
tenancy, its figures and its statement itself. Every other app shows its part through one
function, `panel(tenancy, **facts) -> dict` in `<app>/panel.py`, listed in PANELS. The facts are
keyword arguments; a panel names those it uses and takes the rest as **facts:

- today: the day the page is for
- policy: the current policy (PolicyVersion.current().load())
- entries: the ledger up to today, as core entries
- events: the timeline, newest first (with the actor)
- state: the arrears row of arrears.one (position, segment)
- snapshot: the policy's snapshot of the household, or None when there is nothing to check
- refused: the page's own forms sent back with their errors, by their name in the context

A panel returns context for its templates; no two panels give the same name. The top of the
page, the case at a glance (casefile/glance.py), is worked out last, from what the page and its
panels gave.
"""

from django.utils import timezone

from huurpad.bank import panel as bank_panel
from huurpad.cases import panel as cases_panel
from huurpad.collection import panel as collection_panel
from huurpad.collection import snapshots
from huurpad.collection.models import PolicyVersion
from huurpad.core import ledger
from huurpad.core.money import ZERO, from_cents
from huurpad.debthelp import panel as debthelp_panel
from huurpad.legal import panel as legal_panel
from huurpad.messaging import panel as messaging_panel
from huurpad.plans import panel as plans_panel
from huurpad.signals import panel as signals_panel
from huurpad.signals.timeline import event_details
from huurpad.solutions import former
from huurpad.solutions import panel as solutions_panel
from huurpad.tenancies import arrears
from huurpad.tenancies.labels import SEGMENT_LABELS, SEGMENT_STYLES
from huurpad.tenancies.models import KINDS, LedgerEntry

from . import glance, page_forms

TIMELINE_SHOWN = 12  # the newest events on the page; the older ones are folded away (the print shows all)

PANELS = (
    cases_panel.panel,
    collection_panel.panel,
    signals_panel.panel,
    solutions_panel.panel,
    messaging_panel.panel,
    bank_panel.panel,
    plans_panel.panel,
    debthelp_panel.panel,
    legal_panel.panel,
)


def page_context(
    request, tenancy, opened: str = "", contact_form=None, note_form=None, open_form=None, close_form=None, **refused
) -> dict:
    """What the tenancy page shows; a form passed in (refused, with its errors) replaces the empty
    one. The forms of page_forms come only when refused or `opened` by name."""
    today = timezone.localdate()
    policy = PolicyVersion.current().load()

    kind_labels = LedgerEntry.KIND_LABELS
    # The whole ledger, rent history and timeline are read once; the figures, the statement and
    # every panel are worked out from them.
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

    context = {
        "today": today,
        "tenancy": tenancy,
        "tenant": tenancy.tenant,
        "household": tenancy.household,
        "housemates": tenancy.household.tenants.exclude(pk=tenancy.tenant_id),
        "rent": rent,
        "mandate": tenancy.mandates.filter(revoked_on__isnull=True).order_by("-signed_on").first(),
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
        "events": [{"event": e, "details": former.event_details(e) or event_details(e.params)} for e in events],
        "timeline_fold": TIMELINE_SHOWN,
        "owed": state.position.arrears,
        "reach_limits": page_forms.reach_limits(tenancy.tenant),
        **page_forms.for_page(tenancy, today, opened, refused),
    }
    facts = {
        "today": today,
        "policy": policy,
        "entries": core_entries,
        "events": events,
        "state": state,
        "snapshot": snapshot,
        "refused": {
            "contact_form": contact_form,
            "note_form": note_form,
            "open_form": open_form,
            "close_form": close_form,
        },
    }
    for panel in PANELS:
        part = panel(tenancy, **facts)
        if clash := part.keys() & context.keys():
            raise KeyError(f"{panel.__module__} gives what the page has already: {', '.join(sorted(clash))}")
        context |= part
    # The top of the page, from what the page and its panels have read.
    top = glance.glance(context, policy=policy, events=events)
    if clash := top.keys() & context.keys():
        raise KeyError(f"the glance gives what the page has already: {', '.join(sorted(clash))}")
    return context | top


def balance_raised(entry: ledger.Entry) -> bool:
    """Whether an entry raises what the tenant owes (a charge or a returned payment)."""
    return entry.kind in ledger.CHARGES or entry.kind == ledger.Kind.REVERSAL
