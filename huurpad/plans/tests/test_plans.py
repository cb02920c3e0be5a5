"""The household plan (toolkit 3.8): its flow (start, helpers, coordinator, goals and actions,
the corporation's contributions, a Doorbraak request answered in writing within the policy's term
with alternatives when refused), the task and timeline it leaves, the four-helpers warning as a
property, and who sees what: staff by role, a partner only the plan of a household its
organisation is in, and nothing else of that household."""

from datetime import timedelta
from itertools import count

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Client
from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import Role
from huurpad.cases import tasks
from huurpad.cases.models import CaseEvent, Partner, Referral, Task
from huurpad.collection.models import PolicyVersion
from huurpad.plans import panel, plans
from huurpad.plans.models import Action, DoorbraakRequest, Plan
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
_refs = count(1)


def user(django_user_model, name, role):
    made = django_user_model.objects.create_user(name, password="x")
    made.groups.add(Group.objects.get(name=role.value))
    return made


@pytest.fixture
def people(django_user_model):
    return {
        "officer": user(django_user_model, "ilse", Role.INCASSOMEDEWERKER),
        "lead": user(django_user_model, "tom", Role.TEAMLEIDER),
        "controller": user(django_user_model, "carla", Role.CONTROLLER),
        "coach": user(django_user_model, "paula", Role.PARTNER),
        "stranger": user(django_user_model, "piet", Role.PARTNER),
    }


@pytest.fixture
def teams(people):
    buurtteam = Partner.objects.create(name="Buurtteam Oost", kind=Partner.Kind.BUURTTEAM)
    buurtteam.members.add(people["coach"])
    other = Partner.objects.create(name="Budgetcoach West", kind=Partner.Kind.BUDGETCOACH)
    other.members.add(people["stranger"])
    return buurtteam, other


def client_for(who):
    c = Client(raise_request_exception=False)
    c.force_login(who)
    return c


def test_a_plan_from_start_to_a_doorbraak_answered_with_alternatives(people, teams):
    tenancy, today, officer, lead = make_tenancy("HC700"), timezone.localdate(), people["officer"], people["lead"]
    plan = plans.start(tenancy, today, acting_user=officer)
    with pytest.raises(plans.PlanError):
        plans.start(tenancy, today, acting_user=officer)  # one running per household
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(tenancy=tenancy, started_on=today, started_by=officer)
    coach = plans.add_helper(
        plan, today, name="Sanne", organisation="Buurtteam Oost", partner=teams[0], acting_user=officer
    )
    plans.set_coordinator(plan, coach, today, acting_user=officer)
    goal = plans.add_goal(plan, domain="money", situation="Veel rekeningen open", aim="Overzicht", acting_user=officer)
    act = plans.add_action(plan, domain="money", text="Post samen openen", helper=coach, goal=goal, acting_user=officer)
    plans.mark_done(act, today, acting_user=officer)
    assert Action.objects.get(pk=act.pk).done_on == today

    request = plans.register_request(
        plan,
        today,
        kind="write_off",
        question="Schuld kwijtschelden",
        asked_by="Sanne",
        asked_by_organisation="Buurtteam Oost",
        acting_user=officer,
    )
    term = PolicyVersion.current().load().doorbraak_answer_days
    assert request.answer_due == today + timedelta(days=term)
    task = Task.objects.get(tenancy=tenancy, kind=tasks.DOORBRAAK_ANSWER, status=Task.Status.OPEN)
    assert (task.role, task.due_date) == (Role.TEAMLEIDER.value, request.answer_due)

    with pytest.raises(ValidationError):  # a refusal without alternatives is no answer (Almelo)
        plans.answer_request(request, today, decision="refused", answer="Kan niet", acting_user=lead)
    with pytest.raises(IntegrityError), transaction.atomic():  # nor in the database
        DoorbraakRequest.objects.filter(pk=request.pk).update(
            decision="refused", answer="x", answered_on=today, answered_by=lead
        )
    plans.answer_request(
        request,
        today,
        decision="refused",
        answer="Kwijtschelden kan niet",
        alternatives="Regeling van 24 maanden",
        acting_user=lead,
    )
    assert Task.objects.get(pk=task.pk).status == Task.Status.DONE
    with pytest.raises(plans.PlanError):
        plans.answer_request(request, today, decision="granted", answer="Toch wel", acting_user=lead)
    types = list(CaseEvent.objects.filter(tenancy=tenancy).values_list("type", flat=True))
    assert types == ["plan_started", "plan_coordinator", "doorbraak_requested", "doorbraak_answered"]
    answered = CaseEvent.objects.get(tenancy=tenancy, type="doorbraak_answered")
    assert answered.actor == lead and answered.params["alternatives"] == "Regeling van 24 maanden"


def test_a_request_granted_becomes_the_corporations_contribution_and_the_task_waits_for_the_last(people):
    tenancy, today = make_tenancy("HC701"), timezone.localdate()
    plan = plans.start(tenancy, today, acting_user=people["officer"])
    first, second = (
        plans.register_request(
            plan,
            today,
            kind=kind,
            question="Graag",
            asked_by="Sanne",
            asked_by_organisation="Buurtteam",
            acting_user=people["officer"],
        )
        for kind in ("other_home", "rent_exemption")
    )
    assert Task.objects.filter(tenancy=tenancy, kind=tasks.DOORBRAAK_ANSWER).count() == 1  # one open a household
    plans.answer_request(
        first, today, decision="granted", answer="Andere woning per 1 juni", acting_user=people["lead"]
    )
    assert Task.objects.get(tenancy=tenancy, kind=tasks.DOORBRAAK_ANSWER).status == Task.Status.OPEN
    contribution = DoorbraakRequest.objects.get(pk=first.pk).action
    assert (contribution.contribution, contribution.domain, contribution.done_on) == ("other_home", "housing", None)
    plans.answer_request(second, today, decision="partly", answer="Drie maanden halve huur", acting_user=people["lead"])
    assert Task.objects.get(tenancy=tenancy, kind=tasks.DOORBRAAK_ANSWER).status == Task.Status.DONE


def test_the_term_is_the_policys(people):
    text = PolicyVersion.current().text.replace("doorbraak_answer_days = 10", "doorbraak_answer_days = 5")
    PolicyVersion.objects.create(number=PolicyVersion.current().number + 1, text=text, created_by=people["lead"])
    tenancy, today = make_tenancy("HC702"), timezone.localdate()
    plan = plans.start(tenancy, today, acting_user=people["officer"])
    made = plans.register_request(
        plan, today, kind="other", question="?", asked_by="A", asked_by_organisation="B", acting_user=people["officer"]
    )
    assert made.answer_due == today + timedelta(days=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(helpers=st.integers(min_value=0, max_value=8), stopped=st.integers(min_value=0, max_value=8))
def test_the_warning_shows_if_and_only_if_four_or_more_helpers_are_active(people, helpers, stopped):
    stopped = min(stopped, helpers)
    tenancy, today = make_tenancy(f"HP{next(_refs)}"), timezone.localdate()
    plan = plans.make_plan(
        tenancy,
        today,
        acting_user=people["officer"],
        coordinator=None,
        helpers=[plans.HelperSpec(f"Helper {n}", f"Organisatie {n}") for n in range(helpers)],
    )
    for helper in list(plan.helpers.all())[:stopped]:
        plans.stop_helper(helper, today, acting_user=people["officer"])
    shown = panel.panel(tenancy, today=today)["household_plan"]
    assert shown["too_many_helpers"] == (helpers - stopped >= 4)
    assert len(shown["active_helpers"]) == helpers - stopped
    page = client_for(people["officer"]).get(f"/plan/{plan.pk}/").content.decode()
    assert ("Veel hulpverleners" in page) == (helpers - stopped >= 4)


@pytest.fixture
def household(people, teams):
    tenancy, today = make_tenancy("HC710", phone="0612345678"), timezone.localdate()
    plan = plans.make_plan(
        tenancy,
        today,
        acting_user=people["officer"],
        helpers=[plans.HelperSpec("Sanne", "Buurtteam Oost", partner=teams[0]), plans.HelperSpec("Ahmed", "GGZ")],
        goals=[("mental_health", "Slaapt slecht", "Weer rust")],
        actions=[("mental_health", "Afspraak huisarts", 1)],
    )
    return tenancy, plan


def test_a_partner_in_the_plan_sees_the_plan_and_nothing_else_of_the_household(people, household):
    tenancy, plan = household
    coach = client_for(people["coach"])
    page = coach.get(f"/plan/{plan.pk}/")
    assert page.status_code == 200 and "Afspraak huisarts" in page.content.decode()
    assert "0612345678" not in page.content.decode()  # nothing else of the household
    assert AccessLog.objects.filter(user=people["coach"], action="partner_plan", object_id=tenancy.ref).count() == 1
    assert coach.get(f"/huurcontract/{tenancy.ref}/").status_code == 403
    assert tenancy.ref not in coach.get("/partner/plannen/").content.decode()  # a link to the plan, no ref
    assert f"/plan/{plan.pk}/" in coach.get("/partner/plannen/").content.decode()
    # Their own action and request.
    sanne = plan.helpers.get(name="Sanne")
    coach.post(f"/plan/{plan.pk}/actie/", {"domain": "money", "text": "Budgetplan maken", "helper": sanne.pk})
    assert plan.actions.filter(text="Budgetplan maken", created_by=people["coach"]).exists()
    ahmed = plan.helpers.get(name="Ahmed")
    refused = coach.post(f"/plan/{plan.pk}/actie/", {"domain": "money", "text": "Niet van mij", "helper": ahmed.pk})
    assert refused.status_code == 400 and not plan.actions.filter(text="Niet van mij").exists()
    coach.post(f"/plan/{plan.pk}/doorbraak/", {"kind": "write_off", "question": "Kwijtschelden?"})
    made = DoorbraakRequest.objects.get(plan=plan)
    assert (made.asked_by, made.asked_by_organisation) == ("paula", "Buurtteam Oost")
    # Not what the corporation does: helpers, the coordinator, the answer.
    assert coach.post(f"/plan/{plan.pk}/hulpverlener/", {"name": "X", "organisation": "Y"}).status_code == 403
    assert coach.post(f"/plan/doorbraak/{made.pk}/antwoord/", {}).status_code == 403


def test_a_partner_of_another_organisation_sees_nothing(people, household):
    tenancy, plan = household
    stranger = client_for(people["stranger"])
    assert stranger.get(f"/plan/{plan.pk}/").status_code == 403
    assert stranger.post(f"/plan/{plan.pk}/actie/", {"text": "x"}).status_code == 403
    assert f"/plan/{plan.pk}/" not in stranger.get("/partner/plannen/").content.decode()
    assert (
        not AccessLog.objects.filter(
            user=people["stranger"], outcome=AccessLog.Outcome.SHOWN, action__startswith="partner_plan"
        )
        .exclude(object_id="")
        .exists()
    )


def test_an_open_referral_lets_a_partner_in_and_access_ends_with_it(people, household, teams):
    tenancy, plan = household
    stranger = client_for(people["stranger"])
    referral = Referral.objects.create(
        tenancy=tenancy,
        partner=teams[1],
        reason="Budget",
        basis="consent",
        follow_up_on=timezone.localdate(),
        created_by=people["officer"],
    )
    assert stranger.get(f"/plan/{plan.pk}/").status_code == 200
    stranger.post(f"/plan/{plan.pk}/meedoen/")
    assert plan.helpers.filter(partner=teams[1], active=True).count() == 1
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.CLOSED)
    assert stranger.get(f"/plan/{plan.pk}/").status_code == 200  # now a helper of the plan
    plans.stop_helper(plan.helpers.get(partner=teams[1]), timezone.localdate(), acting_user=people["officer"])
    assert stranger.get(f"/plan/{plan.pk}/").status_code == 403


def test_staff_roles_read_edit_and_answer_as_the_table_says(people, household):
    tenancy, plan = household
    controller, officer, lead = (client_for(people[w]) for w in ("controller", "officer", "lead"))
    assert controller.get(f"/plan/{plan.pk}/").status_code == 200
    assert AccessLog.objects.filter(user=people["controller"], action="plan", object_id=tenancy.ref).exists()
    assert (
        controller.post(f"/plan/{plan.pk}/doel/", {"domain": "money", "situation": "a", "aim": "b"}).status_code == 403
    )
    officer.post(
        f"/plan/{plan.pk}/doorbraak/",
        {
            "kind": "rent_exemption",
            "question": "Twee maanden geen huur",
            "asked_by": "Sanne",
            "asked_by_organisation": "Buurtteam Oost",
        },
    )
    made = DoorbraakRequest.objects.get(plan=plan)
    assert officer.post(f"/plan/doorbraak/{made.pk}/antwoord/", {}).status_code == 403
    key = f"antwoord-{made.pk}"
    no = lead.post(f"/plan/doorbraak/{made.pk}/antwoord/", {f"{key}-decision": "refused", f"{key}-answer": "Nee"})
    assert no.status_code == 400 and "noemt u de alternatieven" in no.content.decode()
    lead.post(
        f"/plan/doorbraak/{made.pk}/antwoord/",
        {f"{key}-decision": "refused", f"{key}-answer": "Nee, want", f"{key}-alternatives": "Een regeling"},
    )
    assert DoorbraakRequest.objects.get(pk=made.pk).alternatives == "Een regeling"
    page = officer.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Plan van aanpak" in page and "Sanne (Buurtteam Oost)" in page
