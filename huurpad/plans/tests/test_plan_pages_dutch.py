"""Every page of the plan is Dutch for everyone who may see it (as huurpad/tests/test_dutch_on_screen.py
checks the demo's pages): the walk of huurpad/testing/pages.py over the plans' views, with a plan
that holds everything a plan can show (helpers active and stopped, a coordinator, goals, actions
open and done, the corporation's contributions, Doorbraak requests open, late, granted and refused),
asked as every role and a partner in the plan; and the tenancy page's panel with it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from conftest import Client
from huurpad.accounts.roles import Role
from huurpad.cases.models import Partner
from huurpad.plans import plans
from huurpad.testing import pages as walker
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def test_every_plan_page_is_dutch_for_every_role(django_user_model):
    users = {}
    for role in Role:
        users[role.value] = django_user_model.objects.create_user(role.value, password="x")
        users[role.value].groups.add(Group.objects.get(name=role.value))
    team = Partner.objects.create(name="Buurtteam Oost", kind=Partner.Kind.BUURTTEAM)
    team.members.add(users["partner"])
    tenancy, today = make_tenancy("HC720"), timezone.localdate()
    officer = users["incassomedewerker"]
    plan = plans.make_plan(
        tenancy,
        today - timedelta(days=30),
        acting_user=officer,
        helpers=[plans.HelperSpec(f"Hulp {n}", f"Organisatie {n}", role="Gesprekken") for n in range(5)]
        + [plans.HelperSpec("Sanne", "Buurtteam Oost", partner=team)],
        goals=[(domain, "Hoe het nu gaat", "Het doel") for domain in ("money", "children")],
        actions=[("money", "Post openen", 5), ("children", "Naar school", 1)],
        contributions=[("rent_debt_arrangement", "Regeling over 24 maanden")],
        requests=[
            {
                "kind": "write_off",
                "question": "Kwijtschelden",
                "asked_by": "Sanne",
                "asked_by_organisation": "Buurtteam",
            },
            {
                "kind": "other_home",
                "question": "Kleinere woning",
                "asked_by": "Sanne",
                "asked_by_organisation": "Buurtteam",
                "answer": {"decision": "granted", "answer": "Woning aangeboden"},
            },
            {
                "kind": "rent_exemption",
                "question": "Geen huur",
                "asked_by": "Sanne",
                "asked_by_organisation": "Buurtteam",
                "answer": {"decision": "refused", "answer": "Kan niet", "alternatives": "Halve huur"},
            },
        ],
    )
    plans.stop_helper(plan.helpers.get(name="Hulp 4"), today, acting_user=officer)
    plans.mark_done(plan.actions.get(text="Post openen"), today, acting_user=officer)
    found, unfilled = walker.pages([tenancy.ref])
    assert not [u for u in unfilled if u.startswith("plans:")]
    mine = [page for page in found if page.name.startswith("plans:")]
    mine.append(walker.Page("tenancy_detail", f"/huurcontract/{tenancy.ref}/"))
    visits = []
    for who, user in users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        visits.append((who, client, mine))
    result = walker.walk(visits)
    assert not result.failed and not result.findings, result.report()
    for who in ("incassomedewerker", "teamleider", "controller", "manager", "partner"):
        assert (who, "plans:plan") in result.shown, who
    assert ("partner", "plans:partner_list") in result.shown
