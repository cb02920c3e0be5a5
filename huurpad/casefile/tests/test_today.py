"""'Vandaag': the open tasks of one's roles, in working order, with bulk assignment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huurpad.accounts.roles import Role
from huurpad.cases.models import Task
from huurpad.collection.models import TenancyState
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def task(
    ref: str, *, action="call", role=Role.INCASSOMEDEWERKER, segment="occasional", arrears=50000, days=20, due=0, **kw
):
    today = timezone.localdate()
    tenancy = make_tenancy(ref)
    TenancyState.objects.create(
        tenancy=tenancy,
        day=today - timedelta(days=1),
        arrears_cents=arrears,
        days_overdue=days - 1,
        oldest_unpaid_due_date=today - timedelta(days=days),
        segment=segment,
    )
    return Task.objects.create(
        tenancy=tenancy,
        action=action,
        role=role.value,
        title=f"Taak {ref}",
        explanation=f"Waarom {ref}",
        due_date=today - timedelta(days=due),
        **kw,
    )


def refs(response) -> list[str]:
    return [row["tenancy"].ref for row in response.context["rows"]]


def test_an_officer_sees_her_roles_calls_and_the_visits_due_in_working_order(client, officer):
    task("HC-FREQUENT-HIGH", segment="frequent", arrears=200000)
    task("HC-NEW-LOW", segment="new", arrears=10000)
    task("HC-NEW-HIGH", segment="new", arrears=90000, due=2)
    task("HC-VISIT", action="home_visit", role=Role.WOONCONSULENT)  # the policy gives visits to the woonconsulent
    task("HC-REVIEW", action="escalation_review", role=Role.TEAMLEIDER)
    task("HC-LATER", due=-1)  # due tomorrow
    Task.objects.filter(tenancy__ref="HC-NEW-LOW").update(status=Task.Status.DONE)
    client.force_login(officer)
    response = client.get("/vandaag/")
    assert response.status_code == 200
    assert refs(response) == ["HC-NEW-HIGH", "HC-FREQUENT-HIGH", "HC-VISIT"]
    html = response.content.decode()
    assert "Waarom HC-NEW-HIGH" in html and "sinds" in html  # the explanation; waiting two days
    assert [row["days_overdue"] for row in response.context["rows"]] == [20, 20, 20]  # yesterday's state, aged
    assert refs(client.get("/vandaag/?soort=home_visit")) == ["HC-VISIT"]


def test_the_woonconsulent_keeps_the_visits_and_either_may_take_one(client, officer, django_user_model):
    from django.contrib.auth.models import Group

    consultant = django_user_model.objects.create_user("wim")
    consultant.groups.add(Group.objects.get(name=Role.WOONCONSULENT.value))
    visit = task("HC-VISIT", action="home_visit", role=Role.WOONCONSULENT)
    task("HC-CALL")
    client.force_login(consultant)
    assert refs(client.get("/vandaag/")) == ["HC-VISIT"]  # not the officer's calls
    client.force_login(officer)
    client.post("/vandaag/taken/", {"taak": [visit.id], "doe": "vervalt"})  # not the officer's to dismiss
    client.post("/vandaag/taken/", {"taak": [visit.id], "doe": "toewijzen", "aan": consultant.id})  # nor to hand out
    visit.refresh_from_db()
    assert (visit.status, visit.assigned_to) == ("open", None)
    client.post("/vandaag/taken/", {"taak": [visit.id], "doe": "mij"})
    visit.refresh_from_db()
    assert visit.assigned_to == officer


def test_each_role_sees_its_own_queue_and_others_are_refused(
    client, officer, teamleader, partner, outsider, django_user_model
):
    task("HC-CALL")
    task("HC-REVIEW", action="escalation_review", role=Role.TEAMLEIDER)
    client.force_login(teamleader)
    assert refs(client.get("/vandaag/")) == ["HC-REVIEW"]
    for user in (partner, outsider):
        client.force_login(user)
        assert client.get("/vandaag/").status_code == 403
        assert (
            client.post(
                "/vandaag/taken/", {"taak": [Task.objects.get(tenancy__ref="HC-CALL").id], "doe": "mij"}
            ).status_code
            == 403
        )
    client.logout()
    assert client.get("/vandaag/").status_code == 302  # to the login page


def test_filters_by_kind_segment_and_who(client, officer):
    mine = task("HC-MINE", assigned_to=officer)
    task("HC-FREE", segment="new")
    task("HC-PROMISE", action="promise_check")
    client.force_login(officer)
    assert refs(client.get("/vandaag/?wie=mij")) == ["HC-MINE"]
    assert sorted(refs(client.get("/vandaag/?wie=vrij"))) == ["HC-FREE", "HC-PROMISE"]
    assert refs(client.get("/vandaag/?soort=promise_check")) == ["HC-PROMISE"]
    assert refs(client.get("/vandaag/?profiel=new")) == ["HC-FREE"]
    assert sorted(refs(client.get("/vandaag/?soort=onzin&profiel=onzin"))) == ["HC-FREE", "HC-MINE", "HC-PROMISE"]
    partial = client.get("/vandaag/?soort=call", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and mine.title.encode() in partial.content


def test_bulk_assign_and_dismiss_only_touch_ones_own_open_tasks(client, officer, django_user_model):
    from django.contrib.auth.models import Group

    colleague = django_user_model.objects.create_user("kees", first_name="Kees")
    colleague.groups.add(Group.objects.get(name=Role.INCASSOMEDEWERKER.value))
    a, b = task("HC-A"), task("HC-B")
    review = task("HC-REVIEW", action="escalation_review", role=Role.TEAMLEIDER)
    client.force_login(officer)
    response = client.post("/vandaag/taken/", {"taak": [a.id, review.id], "doe": "mij", "terug": "wie=vrij"})
    assert response.status_code == 302 and response["Location"] == "/vandaag/?wie=vrij"
    a.refresh_from_db(), review.refresh_from_db()
    assert a.assigned_to == officer and review.assigned_to is None  # not her role: untouched
    client.post("/vandaag/taken/", {"taak": [b.id], "doe": "toewijzen", "aan": colleague.id})
    b.refresh_from_db()
    assert b.assigned_to == colleague
    client.post("/vandaag/taken/", {"taak": [a.id, b.id], "doe": "vervalt"})
    assert set(Task.objects.filter(id__in=[a.id, b.id]).values_list("status", flat=True)) == {Task.Status.DISMISSED}
    assert refs(client.get("/vandaag/")) == []


def test_a_team_leader_decides_an_escalation_review_once(client, teamleader):
    from huurpad.cases.models import CaseEvent

    review = task("HC-REVIEW", action="escalation_review", role=Role.TEAMLEIDER)
    client.force_login(teamleader)
    assert b"Akkoord" in client.get("/vandaag/").content
    response = client.post(f"/vandaag/beoordeling/{review.id}/", {"besluit": "akkoord"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.assigned_to) == (Task.Status.DONE, teamleader)
    decision = CaseEvent.objects.get(type=CaseEvent.Type.ESCALATION_DECIDED)
    assert decision.params["approved"] is True and decision.actor == teamleader
    client.post(f"/vandaag/beoordeling/{review.id}/", {"besluit": "niet-nu"})  # a second click
    assert CaseEvent.objects.filter(type=CaseEvent.Type.ESCALATION_DECIDED).count() == 1
    assert refs(client.get("/vandaag/")) == []


def test_a_team_leader_filters_arrangement_reviews(client, teamleader):
    task("HC-ARRANGEMENT", action="arrangement_review", role=Role.TEAMLEIDER)
    task("HC-REVIEW", action="escalation_review", role=Role.TEAMLEIDER)
    client.force_login(teamleader)
    response = client.get("/vandaag/")
    assert ("arrangement_review", "Regeling beoordelen", 1) in response.context["kinds"]
    response = client.get("/vandaag/?soort=arrangement_review")
    assert refs(response) == ["HC-ARRANGEMENT"]
    assert 'href="/huurcontract/HC-ARRANGEMENT/#regeling"' in response.content.decode()  # where it is decided


def test_a_team_leader_sees_signals_to_approve_and_the_latest_policy_change(client, teamleader, officer):
    from huurpad.collection.models import PolicyVersion
    from huurpad.signals.models import EarlySignal

    today = timezone.localdate()
    tenancy = task("HC-SIGNAL", action="call").tenancy
    EarlySignal.objects.create(
        tenancy=tenancy,
        status=EarlySignal.Status.AWAITING,
        municipality_code="GM0363",
        amount_cents=140000,
        arrears_since=today - timedelta(days=60),
        signal_date=today,
    )
    EarlySignal.objects.create(
        tenancy=tenancy,
        status=EarlySignal.Status.EXPORTED,
        municipality_code="GM0363",
        amount_cents=70000,
        arrears_since=today - timedelta(days=90),
        signal_date=today - timedelta(days=30),
    )
    current = PolicyVersion.current()
    assert current.number == 1
    client.force_login(teamleader)
    page = client.get("/vandaag/").content.decode()
    queue = page[page.index('id="teamleider-kop"') : page.index("</section>", page.index('id="teamleider-kop"'))]
    # Only the default policy: nothing was changed, so no 'latest change' to report.
    assert (
        "We gebruiken het standaardbeleid. Niemand heeft het gewijzigd." in queue and "Laatste wijziging" not in queue
    )
    teamleader.first_name = "Tom"
    teamleader.save()
    PolicyVersion.objects.create(
        number=current.number + 1, text=current.text, note="Bellen na 5 dagen", created_by=teamleader
    )
    page = client.get("/vandaag/").content.decode()
    queue = page[page.index('id="teamleider-kop"') : page.index("</section>", page.index('id="teamleider-kop"'))]
    assert '<a class="utrecht-link" href="/vroegsignalen/">1 vroegsignaal wacht op uw akkoord' in queue
    assert (
        'href="/vroegsignalen/#gemeente-GM0363">HC-SIGNAL</a>: €\xa01.400,00' in queue
    )  # the exported one is not waiting
    assert f"Laatste wijziging: versie {current.number + 1}, door Tom op" in queue and "(Bellen na 5 dagen)" in queue
    assert 'href="/beleid/versies/"' in queue

    EarlySignal.objects.filter(status=EarlySignal.Status.AWAITING).update(status=EarlySignal.Status.PREPARED)
    assert "Er wachten geen vroegsignalen op akkoord." in client.get("/vandaag/").content.decode()
    client.force_login(officer)
    assert 'id="teamleider-kop"' not in client.get("/vandaag/").content.decode()
