"""In a real browser: the household plan's whole journey. An officer starts a plan from the case
file, adds helpers until the four-helpers warning shows, chooses the coordinator and registers a
coach's Doorbraak request; the team leader refuses it in writing with an alternative; a partner
in the plan sees the plan, and is refused the case file. Screenshots go to /tmp/plan-*.png and
var/test-artifacts/, each page checked with axe-core."""

import pytest
from django.contrib.auth.models import Group

from conftest import sign_in
from huurpad.accounts.roles import Role
from huurpad.cases.models import Partner
from huurpad.plans.models import DoorbraakRequest, Plan
from huurpad.testing.ledgers import make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_household_plan_from_start_to_a_doorbraak_answer(
    live_server, officer, teamleader, browser_page, look, django_user_model
):
    page, url = browser_page, live_server.url
    coach = django_user_model.objects.create_user(
        "sanne", password="geheim-wachtwoord-1", first_name="Sanne", last_name="Bos"
    )
    coach.groups.add(Group.objects.get(name=Role.PARTNER.value))
    team = Partner.objects.create(name="Buurtteam Oost", kind=Partner.Kind.BUURTTEAM)
    team.members.add(coach)
    tenancy = make_tenancy("HC730", initials="M.", surname="Yilmaz")

    def shot(step):
        page.screenshot(path=f"/tmp/plan-{step}.png", full_page=True)
        look(step)

    sign_in(page, url, "ilse")
    page.goto(f"{url}/huurcontract/HC730/#plan")
    page.get_by_role("button", name="Plan van aanpak starten").click()
    page.get_by_text("Het plan van aanpak is gestart").wait_for()
    plan = Plan.objects.get(tenancy=tenancy)

    helpers = [
        ("Sanne Bos", "Buurtteam Oost", "Buurtteam Oost"),
        ("Ahmed", "GGZ Centraal", ""),
        ("Lisa", "Jeugdteam", ""),
        ("Kees", "Bewindvoering Plus", ""),
    ]
    for n, (name, organisation, partner) in enumerate(helpers, start=1):
        page.locator("summary", has_text="Hulpverlener toevoegen").click()
        page.get_by_label("Naam", exact=True).fill(name)
        page.get_by_label("Organisatie", exact=True).fill(organisation)
        if partner:
            page.get_by_label("Partner in Huurpad (ziet dan het plan)").select_option(label=partner)
        page.get_by_role("button", name="Hulpverlener toevoegen").click()
        page.get_by_text(f"{name} doet mee in het plan.").wait_for()
        warned = page.get_by_text("Veel hulpverleners").count() > 0
        assert warned == (n >= 4), n
    shot("warning")

    page.get_by_label("Regisseur", exact=True).select_option(label="Sanne Bos (Buurtteam Oost)")
    page.get_by_role("button", name="Regisseur kiezen").click()
    page.get_by_text("Sanne Bos is de regisseur van het plan.").wait_for()

    page.locator("summary", has_text="Doel toevoegen").click()
    page.locator("#doel-domain").select_option(label="Geld")
    page.get_by_label("Hoe gaat het nu").fill("Veel post ongeopend, huurachterstand van drie maanden.")
    page.get_by_label("Doel", exact=True).fill("Overzicht over geld en geen nieuwe schulden.")
    page.get_by_role("button", name="Doel toevoegen").click()
    page.get_by_text("Het doel staat in het plan.").wait_for()

    page.locator("summary", has_text="Doorbraakverzoek vastleggen").click()
    page.get_by_label("Wat vraagt de coach").select_option(label="Kwijtschelding van (een deel van) de huurschuld")
    page.get_by_label("Het verzoek").fill("De huurschuld kwijtschelden, zodat de schuldregeling kan starten.")
    page.get_by_label("Naam van de coach").fill("Sanne Bos")
    page.get_by_label("Organisatie van de coach").fill("Buurtteam Oost")
    page.get_by_role("button", name="Verzoek vastleggen").click()
    page.get_by_text("Het doorbraakverzoek is vastgelegd").wait_for()
    shot("request")

    # The team leader answers in writing, with an alternative.
    page.context.clear_cookies()
    sign_in(page, url, "tom")
    page.goto(f"{url}/plan/{plan.pk}/#doorbraak")
    page.get_by_label("Afgewezen").check()
    page.get_by_label("Antwoord aan de coach (waarom)").fill("Kwijtschelden kan pas als de schuldregeling loopt.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.get_by_text("Bij een afwijzing noemt u de alternatieven.").wait_for()
    page.get_by_label("Afgewezen").check()
    page.get_by_label("Antwoord aan de coach (waarom)").fill("Kwijtschelden kan pas als de schuldregeling loopt.")
    page.get_by_label("Alternatieven").fill("Een regeling van 24 maanden zonder kosten, en een pauze van drie maanden.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.get_by_text("Het antwoord staat in het plan.").wait_for()
    answered = DoorbraakRequest.objects.get(plan=plan)
    assert answered.decision == "refused" and "24 maanden" in answered.alternatives
    shot("answered")
    page.goto(f"{url}/huurcontract/HC730/#plan")
    panel = page.locator("#plan")
    assert "Veel hulpverleners: 4" in panel.inner_text() and "Sanne Bos (Buurtteam Oost)" in panel.inner_text()
    page.locator("#plan").screenshot(path="/tmp/plan-panel.png")

    # The partner in the plan sees the plan, and nothing else.
    page.context.clear_cookies()
    sign_in(page, url, "sanne")
    page.goto(f"{url}/partner/plannen/")
    page.get_by_role("link", name="M. Yilmaz").click()
    page.get_by_role("heading", name="Doorbraakverzoeken").wait_for()
    assert "Een regeling van 24 maanden" in page.content()
    shot("partner")
    assert page.goto(f"{url}/huurcontract/HC730/").status == 403
