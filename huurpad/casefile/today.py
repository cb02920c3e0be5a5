"""'Vandaag': the open tasks of the user's roles, in the order to work them. It lives with the case
file because, like the tenancy page, it brings together what several apps know (tasks, the
run's state, early signals awaiting approval, the policy's latest version)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import also_does, holders_of, may, require, task_roles
from huurpad.cases import actions, outside
from huurpad.cases.models import Task
from huurpad.cases.tasks import ARRANGEMENT_REVIEW, PROMISE_CHECK, REFERRAL_FOLLOW_UP
from huurpad.collection.models import PolicyVersion, TenancyState
from huurpad.core.money import from_cents
from huurpad.core.segments import Segment
from huurpad.signals.models import EarlySignal
from huurpad.tenancies.labels import SEGMENT_LABELS, SEGMENT_STYLES

PAGE_SIZE = 50
# New tenants and first-timers first: early personal contact solves most for them (toolkit 1.11).
SEGMENT_ORDER = {segment.value: i for i, segment in enumerate(Segment)}
TASK_KINDS = {
    "call": "Bellen",
    "home_visit": "Huisbezoek",
    PROMISE_CHECK: "Betaalbelofte nakijken",
    REFERRAL_FOLLOW_UP: "Doorverwijzing nabellen",
    "arrangement_broken": "Regeling loopt achter",
    "review_pause": "Pauze evalueren",
    "escalation_review": "Beoordelen: volgende stap",
    ARRANGEMENT_REVIEW: "Regeling beoordelen",  # an arrangement beyond the officer's bounds (solutions)
    "tenant_message": "Bericht van de huurder",  # from Mijn Huurpad (huurpad/portal)
    "portal_arrangement": "Regeling via Mijn Huurpad",
    "former_decision": "Vertrokken huurder: besluit",  # incassobureau or write-off (solutions/former.py)
}
WHOSE = {"": "Iedereen", "mij": "Aan mij", "vrij": "Nog niet toegewezen"}
# Where on the tenancy page a task is done, when not at 'Contact vastleggen'.
TASK_SECTIONS = {ARRANGEMENT_REVIEW: "regeling", "former_decision": "vertrokken"}
SIGNALS_LISTED = 10  # awaiting approval, on the team leader's 'vandaag'; the rest on Vroegsignalen


def _roles(user, action: str = "see_cases") -> list[str]:
    require(user, action)
    return task_roles(user)


def _tasks_for(roles: list[str], user):
    """The tasks of these roles, the ones they also do (roles.ALSO_DOES), and any the team leader
    gave this user from another role's list (casefile/team.py)."""
    also = also_does(roles)
    mine = Q(role__in=roles) | Q(assigned_to=user)
    return Task.objects.filter(mine | Q(action__in=also) if also else mine)


def team_leader_queue() -> dict:
    """What waits for a team leader besides tasks: early signals to approve (approved on the
    Vroegsignalen page), and the latest change of the policy, to see what changed."""
    waiting = EarlySignal.objects.filter(status=EarlySignal.Status.AWAITING).select_related("tenancy")
    listed = list(waiting.order_by("signal_date", "id")[: SIGNALS_LISTED + 1])
    return {
        "signals_waiting": listed[:SIGNALS_LISTED],
        "signals_waiting_count": len(listed) if len(listed) <= SIGNALS_LISTED else waiting.count(),
        "latest_policy": PolicyVersion.objects.select_related("created_by").order_by("-number").first(),
    }


def _choice(request, name: str, allowed) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@login_required
def today(request):
    roles = _roles(request.user)
    day = timezone.localdate()
    kind = _choice(request, "soort", TASK_KINDS)
    segment = _choice(request, "profiel", SEGMENT_LABELS)
    whose = _choice(request, "wie", WHOSE)

    tasks = _tasks_for(roles, request.user).filter(status=Task.Status.OPEN, due_date__lte=day)
    counts = dict.fromkeys(TASK_KINDS, 0)
    overdue = 0  # past their day: marked on each row and counted above the list
    for action, due in tasks.values_list("action", "due_date"):
        counts[action] = counts.get(action, 0) + 1
        overdue += due < day
    if kind:
        tasks = tasks.filter(action=kind)
    if whose == "mij":
        tasks = tasks.filter(assigned_to=request.user)
    elif whose == "vrij":
        tasks = tasks.filter(assigned_to__isnull=True)
    tasks = list(tasks.select_related("tenancy__tenant", "assigned_to"))
    states = TenancyState.objects.in_bulk({t.tenancy_id for t in tasks}, field_name="tenancy_id")
    signals = outside.recent(day)  # signals from others, the last 90 days: they move a household up
    rows = []
    for task in tasks:
        state = states.get(task.tenancy_id)
        row_segment = state.segment if state and state.segment else ""
        # Aged to today: the state is from the last day the run looked at the tenancy.
        days = state.days_overdue + (day - state.day).days if state and state.oldest_unpaid_due_date else None
        if segment and row_segment != segment:
            continue
        rows.append(
            {
                "task": task,
                "tenancy": task.tenancy,
                "section": TASK_SECTIONS.get(task.action, "contact"),
                "arrears": from_cents(state.arrears_cents) if state else None,
                "days_overdue": days,
                "segment": row_segment,
                "segment_label": SEGMENT_LABELS.get(row_segment, ""),
                "segment_style": SEGMENT_STYLES.get(row_segment, "neutral"),
                "late": task.due_date < day,
                "signal_priority": outside.priority(signals.get(task.tenancy_id, ())),
                "signal_tags": outside.tags(signals.get(task.tenancy_id, ())),
            }
        )
    rows.sort(
        key=lambda r: (
            -r["signal_priority"],
            SEGMENT_ORDER.get(r["segment"], len(SEGMENT_ORDER)),
            -(r["arrears"] or 0),
            -(r["days_overdue"] or 0),
            r["tenancy"].ref,
        )
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_list_access(request, [row["tenancy"] for row in page.object_list], action="today")  # one statement per page
    query = {k: v for k, v in (("soort", kind), ("profiel", segment), ("wie", whose)) if v}
    context = {
        "today": day,
        "page": page,
        "rows": page.object_list,
        "total": sum(counts.values()),
        "overdue": overdue,
        "kinds": [(k, label, counts.get(k, 0)) for k, label in TASK_KINDS.items() if counts.get(k) or k == kind],
        "kind": kind,
        "segments": [(s.value, SEGMENT_LABELS[s]) for s in Segment if s != Segment.REGULAR],
        "segment": segment,
        "whose_choices": WHOSE.items(),
        "whose": whose,
        "page_query": urlencode(query),
        "colleagues": holders_of(roles).filter(is_active=True).distinct().order_by("first_name", "username"),
        "filtered": bool(query),
        "may_decide": may(request.user, "decide_review"),
    }
    partial = request.htmx and not request.htmx.history_restore_request  # the list only, after a filter changed
    if context["may_decide"] and not partial:
        context["queue"] = team_leader_queue()  # above the list, not part of its filters
    template = "cases/_today_results.html" if partial else "cases/today.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def today_bulk(request):
    """Several tasks at once: take them, give them to a colleague, or let them lapse."""
    roles = _roles(request.user, "work_tasks")
    what = request.POST.get("doe", "")
    # Another role's tasks that this one also does (roles.ALSO_DOES) it may take, not give away or dismiss.
    mine = _tasks_for(roles, request.user) if what == "mij" else Task.objects.filter(role__in=roles)
    ids = list(
        mine.filter(id__in=[i for i in request.POST.getlist("taak") if i.isdigit()]).values_list("id", flat=True)
    )
    if not ids:
        messages.warning(request, "Kies eerst een of meer taken.")
    elif what == "mij":
        n = actions.assign_tasks(ids, to_user=request.user, acting_user=request.user)
        messages.success(request, f"{n} {'taak' if n == 1 else 'taken'} aan u toegewezen.")
    elif what == "toewijzen":
        colleague = holders_of(roles).filter(pk=request.POST.get("aan") or 0).first()
        if colleague is None:
            messages.warning(request, "Kies een collega om de taken aan toe te wijzen.")
        else:
            n = actions.assign_tasks(ids, to_user=colleague, acting_user=request.user)
            name = colleague.get_full_name() or colleague.get_username()
            messages.success(request, f"{n} {'taak' if n == 1 else 'taken'} toegewezen aan {name}.")
    elif what == "vervalt":
        n = actions.dismiss_tasks(ids, acting_user=request.user)
        messages.success(request, f"{n} {'taak vervalt' if n == 1 else 'taken vervallen'}.")
    else:
        messages.warning(request, "Kies wat er met de taken moet gebeuren.")
    back = request.POST.get("terug", "")  # the filters the list was shown with
    return redirect(reverse("cases:today") + (f"?{back}" if back else ""))


@login_required
@require_POST
def decide_review(request, pk):
    """A team leader approves an escalation review, or decides 'not now'."""
    require(request.user, "decide_review")
    task = get_object_or_404(Task, pk=pk, action="escalation_review")
    approved = request.POST.get("besluit") == "akkoord"
    if actions.decide_escalation(
        task, approved=approved, note=request.POST.get("toelichting", "").strip()[:500], acting_user=request.user
    ):
        verdict = "akkoord gegeven voor de volgende stap" if approved else "besloten: nu niet verder"
        messages.success(request, f"{task.tenancy.ref}: {verdict}.")
    else:
        messages.warning(request, "Over deze beoordeling is al besloten.")
    return redirect("cases:today")
