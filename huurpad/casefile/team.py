"""'Team': the team leader's view of the team's work. Per person (and per role, for the tasks no one
has yet) the open tasks, how many are overdue, the workload, and whether the callbacks promised in
Mijn Huurpad ("meestal binnen 2 werkdagen") were kept; each person's list, where the team leader
gives tasks to anyone able to do them (roles.TASK_NEEDS). It lives with the case file because,
like Vandaag, it brings together tasks of every kind."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import LABELS, may, require, team_members
from huurpad.cases import actions
from huurpad.cases.models import Task
from huurpad.cases.tasks import CALLBACK_PROMISED_WORKING_DAYS, KINDS, callbacks
from huurpad.core.calendar import add_target2_business_days
from huurpad.debthelp import flow as debt_help

CALLBACK_DAYS_BACK = 28  # the callbacks asked for in the last four weeks
PAGE_SIZE = 100
TASK_ROLES = sorted({kind.role.value for kind in KINDS.values()})  # the roles tasks are made for


@dataclass
class Row:
    """One line of the team page: a person, or a role's tasks that no one has yet."""

    name: str
    url: str
    user: object = None  # the person; None for a role's row
    role: str = ""  # the role, in Dutch, for a role's row
    open: int = 0
    overdue: int = 0
    households: int = 0
    this_week: int = 0  # due from today to Sunday
    kept: int = 0  # callbacks closed within the promised working days
    not_kept: int = 0  # closed later, or still open after them
    waiting: int = 0  # still open, and still in time
    late_ids: list = field(default_factory=list)


def callback_deadline(created: date) -> date:
    """The last day a callback asked for on `created` keeps the promise: 2 working days later
    (the business-day calendar of core.calendar; a weekend in between does not count)."""
    return add_target2_business_days(created, CALLBACK_PROMISED_WORKING_DAYS)


def callback_outcome(task: Task, today: date) -> str:
    """'kept', 'not_kept' or 'waiting': a callback closed by its deadline kept the promise."""
    deadline = callback_deadline(timezone.localdate(task.created_at))
    if task.closed_at is not None:
        return "kept" if timezone.localdate(task.closed_at) <= deadline else "not_kept"
    return "waiting" if today <= deadline else "not_kept"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _counts(tasks, today: date, by: str) -> dict:
    sunday = today + timedelta(days=6 - today.weekday())
    rows = tasks.values(by).annotate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        households=Count("tenancy", distinct=True),
        this_week=Count("id", filter=Q(due_date__gte=today, due_date__lte=sunday)),
    )
    return {row[by]: row for row in rows}


def figures(today: date) -> tuple[list[Row], list[Row]]:
    """The team page's rows: one per person of the case-working roles (and anyone else who holds
    open tasks), then one per role for its tasks that no one has yet. Four queries."""
    open_tasks = Task.objects.filter(status=Task.Status.OPEN)
    per_person = _counts(open_tasks.filter(assigned_to__isnull=False), today, "assigned_to")
    per_role = _counts(open_tasks.filter(assigned_to__isnull=True), today, "role")
    since = today - timedelta(days=CALLBACK_DAYS_BACK)
    asked = callbacks(Task.objects.filter(created_at__date__gt=since)).only(
        "assigned_to", "role", "created_at", "closed_at", "status"
    )
    members = get_user_model().objects.filter(Q(pk__in=team_members()) | Q(pk__in=list(per_person)))
    people = {u.pk: u for u in members}
    person_rows = {
        pk: Row(
            name=_name(u),
            url=reverse("cases:team_person", args=[pk]),
            user=u,
            **{k: v for k, v in per_person.get(pk, {}).items() if k != "assigned_to"},
        )
        for pk, u in people.items()
    }
    role_rows = {
        role: Row(
            name=f"Nog niet toegewezen: {LABELS.get(role, role).lower()}",
            url=reverse("cases:team_role", args=[role]),
            role=LABELS.get(role, role),
            **{k: v for k, v in per_role.get(role, {}).items() if k != "role"},
        )
        for role in sorted({role for role in per_role if role in LABELS} | {*TASK_ROLES})
    }
    for task in asked:
        row = person_rows.get(task.assigned_to_id) if task.assigned_to_id else role_rows.get(task.role)
        if row is not None:
            outcome = callback_outcome(task, today)
            setattr(row, outcome, getattr(row, outcome) + 1)
    ordered = sorted(person_rows.values(), key=lambda r: (-r.overdue, -r.open, r.name))
    return ordered, list(role_rows.values())


@login_required
def team(request):
    require(request.user, "see_team")
    today = timezone.localdate()
    people, roles = figures(today)
    totals = Row(name="Hele team", url="")
    for row in (*people, *roles):
        for name in ("open", "overdue", "this_week", "kept", "not_kept", "waiting"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return render(
        request,
        "cases/team.html",
        {
            "today": today,
            "people": people,
            "roles": roles,
            "totals": totals,
            "days_back": CALLBACK_DAYS_BACK,
            "promised": CALLBACK_PROMISED_WORKING_DAYS,
            "debt_answers": dict(zip(("owed", "overdue"), debt_help.owed_counts(today), strict=True)),
        },
    )


def _list(request, tasks, heading: str, back: str):
    today = timezone.localdate()
    tasks = tasks.filter(status=Task.Status.OPEN).select_related("tenancy__tenant", "assigned_to")
    page = Paginator(tasks.order_by("due_date", "id"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_list_access(request, [task.tenancy for task in page.object_list], action="team")  # one statement per page
    return render(
        request,
        "cases/team_list.html",
        {
            "heading": heading,
            "today": today,
            "page": page,
            "rows": [{"task": t, "late": t.due_date < today} for t in page.object_list],
            "back": back,
            "may_reassign": may(request.user, "reassign_tasks"),
            "colleagues": sorted(team_members(), key=_name),
        },
    )


@login_required
def team_person(request, pk):
    require(request.user, "see_team")
    person = get_object_or_404(get_user_model(), pk=pk)
    return _list(request, Task.objects.filter(assigned_to=person), f"Taken van {_name(person)}", request.path)


@login_required
def team_role(request, role):
    require(request.user, "see_team")
    if role not in LABELS:
        raise Http404
    tasks = Task.objects.filter(role=role, assigned_to__isnull=True)
    return _list(request, tasks, f"Nog niet toegewezen: taken voor de {LABELS[role].lower()}", request.path)


@login_required
@require_POST
def team_reassign(request):
    """The team leader gives the chosen tasks to a colleague able to do them; nothing changes
    when the colleague may not do one of them."""
    require(request.user, "reassign_tasks")
    back = request.POST.get("terug", "")
    if not back.startswith("/team/"):
        back = reverse("cases:team")
    ids = [int(i) for i in request.POST.getlist("taak") if i.isdigit()]
    colleague = get_user_model().objects.filter(pk=request.POST.get("aan") or 0, is_active=True).first()
    if not ids:
        messages.warning(request, "Kies eerst een of meer taken.")
    elif colleague is None:
        messages.warning(request, "Kies een collega om de taken aan te geven.")
    else:
        try:
            n = actions.reassign_tasks(ids, to_user=colleague, acting_user=request.user)
        except PermissionDenied as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{n} {'taak' if n == 1 else 'taken'} gegeven aan {_name(colleague)}.")
    return redirect(back)
