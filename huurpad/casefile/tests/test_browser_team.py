"""In a real browser: the team leader sees the team's work, gives two of an officer's calls to a
woonconsulent, and changes one setting of the policy in the form. Screenshots are kept in
var/test-artifacts/; every page is checked with axe-core."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from conftest import sign_in
from huurpad.accounts.roles import Role
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import PolicyVersion
from huurpad.testing.ledgers import make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_team_leader_hands_out_calls_and_changes_the_policy_in_the_form(
    live_server, officer, teamleader, django_user_model, browser_page, look
):
    page, today = browser_page, timezone.localdate()
    wendy = django_user_model.objects.create_user(username="wendy", first_name="Wendy", last_name="Wit")
    wendy.groups.add(Group.objects.get(name=Role.WOONCONSULENT.value))
    calls = [
        Task.objects.create(
            tenancy=make_tenancy(f"HC30{n}"),
            action="call",
            role="incassomedewerker",
            title="Bellen",
            due_date=today - timedelta(days=n),
            assigned_to=officer,
        )
        for n in range(3)
    ]
    sign_in(page, live_server.url, "tom")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Team").click()
    page.get_by_role("heading", name="Team", exact=True).wait_for()
    row = page.get_by_role("row", name="ilse")
    assert row.inner_text().split()[:5] == ["ilse", "Incassomedewerker", "3", "2", "3"]  # open, overdue, households
    look("team")

    row.get_by_role("link", name="ilse").click()
    page.get_by_role("heading", name="Taken van ilse").wait_for()
    page.get_by_label("Kies taak bellen voor HC301").check()
    page.get_by_label("Kies taak bellen voor HC302").check()
    page.get_by_label("Collega").select_option(label="Wendy Wit (woonconsulent)")
    page.get_by_role("button", name="Geven").click()
    assert "2 taken gegeven aan Wendy Wit." in page.get_by_role("status").first.inner_text()
    look("taken-gegeven")
    assert set(Task.objects.filter(assigned_to=wendy).values_list("pk", flat=True)) == {calls[1].pk, calls[2].pk}
    lines = [e.params["text"] for e in CaseEvent.objects.filter(actor=teamleader)]
    assert lines == ["Taak 'Bellen' overgedragen van ilse aan Wendy Wit."] * 2

    page.goto(f"{live_server.url}/beleid/")
    page.get_by_role("link", name="Beleid wijzigen").click()
    page.get_by_label("Dagen voordat een termijn gemist is").fill("9")
    page.get_by_label("Toelichting (verplicht)").fill("Meer tijd voor een termijn")
    look("beleid-formulier")
    page.get_by_role("button", name="Verschillen bekijken").click()
    page.get_by_role("heading", name="Controleer de wijziging").wait_for()
    changes = page.get_by_role("table", name="Instellingen die anders zijn")
    assert changes.get_by_role("row").count() == 1 + 1  # the header and the one setting
    look("beleid-controleren")
    page.get_by_role("button", name="Opslaan als versie 2").click()
    page.get_by_role("heading", name="Beleid versie 2").wait_for()
    assert PolicyVersion.current().load().arrangement_grace_days == 9
