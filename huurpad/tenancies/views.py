"""Staff pages for tenancies: the worklist of households in arrears, and Inzage (who looked at a
tenancy). The tenancy page itself is the case file: huurpad/casefile."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

from huurpad.accounts.models import AccessLog, describe, log_list_access
from huurpad.accounts.roles import may, require, start_page
from huurpad.core.money import ZERO
from huurpad.core.segments import Segment

from . import arrears
from .labels import SEGMENT_LABELS, SEGMENT_STYLES
from .models import Tenancy

PAGE_SIZE = 50

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
# Who the worklist shows: everyone in arrears, the running tenancies, or the tenants who left with
# a final bill unpaid (vertrokken huurders: the contract ended before today).
WHO = {"": "Alle huurders", "huidig": "Huidige huurders", "vertrokken": "Vertrokken huurders"}


def _parse_sort(value: str) -> tuple[str, bool]:
    """'-arrears' -> ('arrears', descending). Anything unknown falls back to the default."""
    key = value.removeprefix("-")
    if key not in SORTS:
        return _parse_sort(DEFAULT_SORT)
    return key, value.startswith("-")


def _sort_columns(sort_key: str, descending: bool, segment: str, who: str = "") -> dict:
    """Per sortable column: the link that sorts on it and its aria-sort state."""
    columns = {}
    for key, (label, _, largest_first) in SORTS.items():
        current = key == sort_key
        # A first click sorts the natural way; a click on the current column turns it around.
        next_descending = (not descending) if current else largest_first
        query = {"sort": f"{'-' if next_descending else ''}{key}"}
        if segment:
            query["segment"] = segment
        if who:
            query["huurders"] = who
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
    who = request.GET.get("huurders", "")
    if who not in WHO:
        who = ""
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort_key, descending = _parse_sort(sort)

    shown = [a for a in in_arrears if a.segment == segment] if segment else list(in_arrears)
    if who:
        shown = [a for a in shown if a.former(today) == (who == "vertrokken")]
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
            "former": a.former(today),
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
    if who:
        base_query["huurders"] = who
    former_count = sum(1 for a in in_arrears if a.former(today))

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
        "columns": _sort_columns(sort_key, descending, segment, who),
        "who": who,
        "who_label": WHO[who],
        "whos": [
            ("", WHO[""], len(in_arrears)),
            ("huidig", WHO["huidig"], len(in_arrears) - former_count),
            ("vertrokken", WHO["vertrokken"], former_count),
        ],
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
