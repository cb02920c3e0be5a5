"""The household plan's pages: the plan itself (for staff and for the partners in it), the
partner's list of plans, and one POST view per thing people add or decide. Every view asks
plans/access.py first; every page that shows the plan is in the access log."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_access, log_list_access
from huurpad.accounts.roles import may, require
from huurpad.tenancies.models import Tenancy

from . import access, plans
from .forms import (
    ActionForm,
    AnswerForm,
    ContributionForm,
    CoordinatorForm,
    GoalForm,
    HelperForm,
    PartnerRequestForm,
    RequestForm,
)
from .models import Action, Domain, DoorbraakRequest, Helper
from .panel import summary

PAGE = "plans/plan.html"


def _url(plan, section: str = "") -> str:
    return reverse("plans:plan", args=[plan.pk]) + (f"#{section}" if section else "")


def _helpers_for(user, plan):
    """Whom an action may be given to: staff any active helper; a partner only its own."""
    active = plan.helpers.filter(active=True)
    if access.as_staff(user):
        return active
    return active.filter(partner__in=access.own_organisations(user, plan))


def page_context(request, plan, **forms) -> dict:
    user = request.user
    staff = access.as_staff(user)
    editing = staff and may(user, "edit_plan")
    helpers = list(plan.helpers.select_related("partner").order_by("-active", "added_on", "id"))
    goals = list(plan.goals.all())
    actions = list(plan.actions.select_related("helper", "done_by"))
    requests = list(plan.doorbraak_requests.select_related("answered_by", "action"))
    own = [] if staff else list(access.own_organisations(user, plan))
    own_ids = {o.pk for o in own}
    domains = []
    for value, label in Domain.choices:
        mine_goals = [g for g in goals if g.domain == value]
        mine_actions = [a for a in actions if a.domain == value and not a.contribution]
        domains.append({"value": value, "label": label, "goals": mine_goals, "actions": mine_actions})
    today = timezone.localdate()
    context = {
        "plan": plan,
        "tenant": plan.tenancy.tenant,
        "tenancy": plan.tenancy,
        "staff": staff,
        "editing": editing,
        "answering": staff and may(user, "answer_doorbraak"),
        "own_organisations": own,
        "own_ids": own_ids,
        "helpers": helpers,
        "domains": domains,
        "filled": [d for d in domains if d["goals"] or d["actions"]],
        "empty": [d for d in domains if not (d["goals"] or d["actions"])],
        "contributions": [a for a in actions if a.contribution],
        "requests": [{"request": r, "form": None} for r in requests],
        "today": today,
        "answer_days": plans.answer_days(),
        **summary(plan, helpers=helpers),
    }
    if plan.running and (editing or own):
        context |= {
            "action_form": forms.get("action_form") or ActionForm(helpers=_helpers_for(user, plan)),
            "request_form": forms.get("request_form") or (RequestForm() if staff else PartnerRequestForm()),
        }
    if plan.running and editing:
        context |= {
            "helper_form": forms.get("helper_form") or HelperForm(),
            "coordinator_form": forms.get("coordinator_form") or CoordinatorForm(plan=plan),
            "goal_form": forms.get("goal_form") or GoalForm(),
            "contribution_form": forms.get("contribution_form") or ContributionForm(),
        }
    if context["answering"]:
        for row in context["requests"]:
            if row["request"].open:
                refused = forms.get("answer_form") if forms.get("answer_for") == row["request"].pk else None
                row["form"] = refused or AnswerForm(prefix=f"antwoord-{row['request'].pk}")
    return context


def _show(request, plan, status=200, **forms):
    log_access(request, plan.tenancy, action="plan" if access.as_staff(request.user) else "partner_plan")
    return render(request, PAGE, page_context(request, plan, **forms), status=status)


@login_required
def plan_page(request, pk):
    plan = access.plan_for(request.user, pk)
    return _show(request, plan)


@login_required
def partner_list(request):
    """The running plans the partner's organisations are in; a link to each, nothing else."""
    found = list(access.partner_plans(request.user).select_related("tenancy__tenant").order_by("-started_on", "-id"))
    log_list_access(request, [p.tenancy for p in found], action="partner_plans")
    return render(request, "plans/partner_list.html", {"plans": found})


@login_required
@require_POST
def start(request, ref):
    require(request.user, "edit_plan")
    tenancy = get_object_or_404(Tenancy, ref=ref)
    try:
        plan = plans.start(tenancy, timezone.localdate(), acting_user=request.user)
    except plans.PlanError as refusal:
        messages.error(request, str(refusal))
        return redirect(tenancy.section_url("plan"))
    messages.success(request, "Het plan van aanpak is gestart. Voeg de hulpverleners toe en kies een regisseur.")
    return redirect(_url(plan))


def on_the_plan(*, staff_only: bool = True, partner_only: bool = False, of=None, form=None, form_name: str = ""):
    """A POST on the plan page: signed in; allowed before anything is looked up (staff need
    edit_plan; unless `staff_only`, a partner's staff may too, for the plans its organisation is
    in; with `partner_only` only they); the plan looked up through access, or a record `of` the plan by its pk; perhaps a `form`
    (a class, or a function of the request giving one; invalid: the page again with its errors,
    400). The view answers with what to say and the section of the plan page to go back to."""

    def decorate(view):
        @login_required
        @require_POST
        @wraps(view)
        def answer(request, pk):
            user = request.user
            if partner_only:
                require(user, "work_on_plan_as_partner")
            else:
                require(user, "edit_plan" if staff_only or access.as_staff(user) else "work_on_plan_as_partner")
            found = ()
            if of is None:
                plan = access.plan_for(user, pk, edit=True)
            else:
                thing = get_object_or_404(of, pk=pk)
                plan = access.plan_for(user, thing.plan_id, edit=True)
                found = (thing,)
            if form is not None:
                cls = form if isinstance(form, type) else form(request)
                bound = cls(request.POST, **_form_kwargs(cls, user, plan))
                if not bound.is_valid():
                    messages.error(request, "Het is nog niet opgeslagen. Kijk hieronder wat er ontbreekt.")
                    return _show(request, plan, status=400, **{form_name: bound})
                found += (bound,)
            try:
                said, section = view(request, plan, *found)
            except plans.PlanError as refusal:
                messages.error(request, str(refusal))
                return redirect(_url(plan))
            messages.success(request, said)
            return redirect(_url(plan, section))

        return answer

    return decorate


def _form_kwargs(form, user, plan) -> dict:
    if form is ActionForm:
        return {"helpers": _helpers_for(user, plan)}
    if form is CoordinatorForm:
        return {"plan": plan}
    return {}


@on_the_plan(form=HelperForm, form_name="helper_form")
def add_helper(request, plan, form):
    data = form.cleaned_data
    plans.add_helper(
        plan,
        timezone.localdate(),
        name=data["name"],
        organisation=data["organisation"],
        role=data["role"],
        partner=data["partner"],
        acting_user=request.user,
    )
    return f"{data['name']} doet mee in het plan.", "hulpverleners"


@on_the_plan(partner_only=True)
def join(request, plan):
    """A partner's staff member joins the plan as a helper of their own organisation."""
    organisation = access.own_organisations(request.user, plan).first()
    name = request.user.get_full_name() or request.user.username
    plans.add_helper(
        plan,
        timezone.localdate(),
        name=name,
        organisation=organisation.name,
        partner=organisation,
        acting_user=request.user,
    )
    return "U doet mee in het plan.", "hulpverleners"


@on_the_plan(of=Helper)
def stop_helper(request, plan, helper):
    plans.stop_helper(helper, timezone.localdate(), acting_user=request.user)
    return f"{helper.name} doet niet meer mee in het plan.", "hulpverleners"


@on_the_plan(form=CoordinatorForm, form_name="coordinator_form")
def coordinator(request, plan, form):
    helper = form.cleaned_data["helper"]
    plans.set_coordinator(plan, helper, timezone.localdate(), acting_user=request.user)
    return f"{helper.name} is de regisseur van het plan.", "hulpverleners"


@on_the_plan(form=GoalForm, form_name="goal_form")
def add_goal(request, plan, form):
    goal = plans.add_goal(plan, acting_user=request.user, **form.cleaned_data)
    return "Het doel staat in het plan.", f"gebied-{goal.domain}"


@on_the_plan(staff_only=False, form=ActionForm, form_name="action_form")
def add_action(request, plan, form):
    action = plans.add_action(plan, acting_user=request.user, **form.cleaned_data)
    return "De actie staat in het plan.", f"gebied-{action.domain}"


@on_the_plan(form=ContributionForm, form_name="contribution_form")
def add_contribution(request, plan, form):
    data = form.cleaned_data
    plans.add_action(
        plan,
        domain=Domain.HOUSING if data["kind"] == "other_home" else Domain.MONEY,
        text=data["text"],
        contribution=data["kind"],
        due_on=data["due_on"],
        acting_user=request.user,
    )
    return "De bijdrage van de corporatie staat in het plan.", "corporatie"


@on_the_plan(staff_only=False, of=Action)
def mark_done(request, plan, action):
    """Staff who edit mark any action done; a partner only those of its own organisation's helpers."""
    if not access.as_staff(request.user) and (
        action.helper is None
        or action.helper.partner_id not in {o.pk for o in access.own_organisations(request.user, plan)}
    ):
        raise PermissionDenied("U kunt alleen acties van uw eigen organisatie afvinken.")
    plans.mark_done(action, timezone.localdate(), acting_user=request.user)
    return "De actie is gedaan.", f"gebied-{action.domain}" if not action.contribution else "corporatie"


def _request_form(request):
    return RequestForm if access.as_staff(request.user) else PartnerRequestForm


@on_the_plan(staff_only=False, form=_request_form, form_name="request_form")
def register_request(request, plan, form):
    """A coach's Doorbraak request: registered by staff for a coach, or by a partner's coach itself."""
    data = dict(form.cleaned_data)
    if not access.as_staff(request.user):
        data["asked_by"] = request.user.get_full_name() or request.user.username
        data["asked_by_organisation"] = access.own_organisations(request.user, plan).first().name
    made = plans.register_request(plan, timezone.localdate(), acting_user=request.user, **data)
    return (
        f"Het doorbraakverzoek is vastgelegd. De corporatie antwoordt uiterlijk {made.answer_due:%d-%m-%Y}.",
        "doorbraak",
    )


@login_required
@require_POST
def answer(request, pk):
    """The team leader's written answer to a Doorbraak request."""
    require(request.user, "answer_doorbraak")
    found = get_object_or_404(DoorbraakRequest.objects.select_related("plan__tenancy__tenant"), pk=pk)
    plan = found.plan
    form = AnswerForm(request.POST, prefix=f"antwoord-{found.pk}")
    if not form.is_valid():
        messages.error(request, "Het antwoord is nog niet opgeslagen. Kijk hieronder wat er ontbreekt.")
        return _show(request, plan, status=400, answer_form=form, answer_for=found.pk)
    try:
        plans.answer_request(found, timezone.localdate(), acting_user=request.user, **form.cleaned_data)
    except (plans.PlanError, ValidationError) as refusal:
        messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
        return redirect(_url(plan, "doorbraak"))
    messages.success(request, "Het antwoord staat in het plan. Stuur het ook schriftelijk aan de coach.")
    return redirect(_url(plan, "doorbraak"))
