"""'Team': the team leader's view of the team's work, and giving tasks to anyone able to do them."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import Role, able_to_do, may_do_task
from huurpad.casefile.team import callback_deadline, figures
from huurpad.cases import actions, tasks
from huurpad.cases.models import CaseEvent, Task
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 8)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_task(ref, *, action="call", role=Role.INCASSOMEDEWERKER, due=TUESDAY, **kw) -> Task:
    tenancy = make_tenancy(ref)
    return Task.objects.create(tenancy=tenancy, action=action, role=role.value, title=f"Taak {ref}", due_date=due, **kw)


def callback(ref, *, asked: date, closed: date | None = None, assigned_to=None) -> Task:
    task = tasks.tenant_callback(make_tenancy(ref), asked, explanation="Via Mijn Huurpad.")
    task.assigned_to = assigned_to
    task.save()
    Task.objects.filter(pk=task.pk).update(
        created_at=at(asked),
        closed_at=at(closed, 16) if closed else None,
        status=Task.Status.DONE if closed else Task.Status.OPEN,
    )
    return task


@pytest.fixture
def woonconsulent(django_user_model):
    user = django_user_model.objects.create_user(username="wendy", first_name="Wendy", last_name="Wit")
    user.groups.add(Group.objects.get(name=Role.WOONCONSULENT.value))
    return user


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user(username="mara")
    user.groups.add(Group.objects.get(name=Role.MANAGER.value))
    return user


def test_two_working_days_skip_the_weekend_and_holidays():
    assert callback_deadline(date(2026, 12, 4)) == date(2026, 12, 8)  # Friday: Monday, Tuesday
    assert callback_deadline(date(2026, 12, 5)) == date(2026, 12, 8)  # Saturday: the same
    assert callback_deadline(date(2026, 12, 7)) == date(2026, 12, 9)  # Monday: Wednesday
    assert callback_deadline(date(2026, 12, 24)) == date(2026, 12, 29)  # Christmas is no working day


def test_the_team_page_counts_per_person_and_per_role(officer, woonconsulent):
    make_task("HC-1", due=TUESDAY - timedelta(days=3), assigned_to=officer)  # overdue
    make_task("HC-2", due=TUESDAY - timedelta(days=1), assigned_to=officer)  # overdue
    second = make_task("HC-3", due=TUESDAY, assigned_to=officer)  # due today: this week, not overdue
    Task.objects.create(
        tenancy=second.tenancy,
        action="promise_check",
        role="incassomedewerker",
        title="Nakijken",
        due_date=TUESDAY + timedelta(days=5),
        assigned_to=officer,
    )  # Sunday: this week, same household
    make_task("HC-4", due=TUESDAY + timedelta(days=6), assigned_to=officer)  # next Monday
    make_task("HC-5", due=TUESDAY - timedelta(days=10), assigned_to=officer, status=Task.Status.DONE)  # closed
    make_task("HC-6", action="home_visit", role=Role.WOONCONSULENT, due=TUESDAY - timedelta(days=1))  # no one's yet
    make_task("HC-7", action="home_visit", role=Role.WOONCONSULENT, due=TUESDAY, assigned_to=woonconsulent)

    people, roles = figures(TUESDAY)
    ilse = next(r for r in people if r.name == "ilse")
    assert (ilse.open, ilse.overdue, ilse.households, ilse.this_week) == (5, 2, 4, 2)
    wendy = next(r for r in people if r.name == "Wendy Wit")
    assert (wendy.open, wendy.overdue, wendy.households, wendy.this_week) == (1, 0, 1, 1)
    assert people[0] is ilse  # the most overdue first
    unassigned = {r.role: r for r in roles}
    assert (unassigned["Woonconsulent"].open, unassigned["Woonconsulent"].overdue) == (1, 1)
    assert unassigned["Incassomedewerker"].open == 0


def test_callbacks_closed_within_two_working_days_are_kept_across_a_weekend(officer):
    friday, monday = date(2026, 12, 4), date(2026, 12, 7)
    callback("HC-KEPT", asked=friday, closed=TUESDAY, assigned_to=officer)  # 4 days later, 2 working days
    callback("HC-LATE", asked=friday, closed=TUESDAY + timedelta(days=1), assigned_to=officer)  # Wednesday: late
    callback("HC-OPEN-LATE", asked=date(2026, 12, 3), assigned_to=officer)  # Thursday, still open on Tuesday
    callback("HC-WAITING", asked=monday, assigned_to=officer)  # until Wednesday
    callback("HC-FREE", asked=monday - timedelta(days=7), closed=monday)  # no one's: counted for the role
    make_task("HC-CALL", assigned_to=officer, status=Task.Status.DONE)  # a policy call is no callback
    callback("HC-OLD", asked=TUESDAY - timedelta(days=40), assigned_to=officer)  # before the period shown

    people, roles = figures(TUESDAY)
    ilse = next(r for r in people if r.name == "ilse")
    assert (ilse.kept, ilse.not_kept, ilse.waiting) == (1, 2, 1)
    free = next(r for r in roles if r.role == "Incassomedewerker")
    assert (free.kept, free.not_kept, free.waiting) == (0, 1, 0)


def test_the_team_page_is_for_the_team_leader_and_the_manager_reads_it(client, officer, teamleader, manager):
    make_task("HC-1", assigned_to=officer)
    client.force_login(officer)
    assert client.get("/team/").status_code == 403
    client.force_login(manager)
    page = client.get("/team/")
    assert page.status_code == 200 and "ilse" in page.content.decode()
    listing = client.get(f"/team/medewerker/{officer.pk}/")
    assert listing.status_code == 200 and 'name="taak"' not in listing.content.decode()  # reads, does not give
    assert client.post("/team/taken/", {"taak": [Task.objects.get().pk], "aan": manager.pk}).status_code == 403
    client.force_login(teamleader)
    listing = client.get(f"/team/medewerker/{officer.pk}/")
    assert 'name="taak"' in listing.content.decode() and "HC-1" in listing.content.decode()
    assert list(AccessLog.objects.filter(action="team").values_list("object_id", flat=True)) == ["HC-1", "HC-1"]


def test_who_may_do_a_kind_of_task_is_the_role_table(officer, teamleader, woonconsulent, manager):
    assert may_do_task(woonconsulent, "call") and may_do_task(officer, "home_visit")
    assert not may_do_task(officer, "escalation_review") and may_do_task(teamleader, "escalation_review")
    assert not may_do_task(manager, "call")
    assert set(able_to_do("arrangement_review")) == {teamleader}


def test_the_team_leader_gives_a_call_to_a_woonconsulent_and_the_timeline_says_so(client, teamleader, woonconsulent):
    call = make_task("HC-1", due=timezone.localdate())
    client.force_login(teamleader)
    response = client.post(
        "/team/taken/", {"taak": [call.pk], "aan": woonconsulent.pk, "terug": "/team/rol/incassomedewerker/"}
    )
    assert response.status_code == 302 and response["Location"] == "/team/rol/incassomedewerker/"
    call.refresh_from_db()
    assert call.assigned_to == woonconsulent and call.role == "incassomedewerker"
    line = CaseEvent.objects.get(tenancy=call.tenancy)
    assert line.actor == teamleader
    assert line.params["text"] == "Taak 'Taak HC-1' overgedragen van de lijst van de incassomedewerker aan Wendy Wit."
    # Her 'Vandaag' shows it, though calls are not her role's.
    client.force_login(woonconsulent)
    assert [row["task"].pk for row in client.get("/vandaag/").context["rows"]] == [call.pk]


def test_only_to_someone_able_to_do_every_task_chosen(client, officer, teamleader, woonconsulent):
    call = make_task("HC-1", assigned_to=woonconsulent)
    review = make_task("HC-2", action="escalation_review", role=Role.TEAMLEIDER)
    client.force_login(teamleader)
    response = client.post("/team/taken/", {"taak": [call.pk, review.pk], "aan": officer.pk}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["ilse mag de taak 'Taak HC-2' (HC-2) niet doen. Dat mogen: tom. Er is niets veranderd."]
    assert Task.objects.get(pk=call.pk).assigned_to == woonconsulent
    assert Task.objects.get(pk=review.pk).assigned_to is None
    assert not CaseEvent.objects.exists()
    # From one person to another: the line names both.
    assert actions.reassign_tasks([call.pk], to_user=officer, acting_user=teamleader) == 1
    assert CaseEvent.objects.get().params["text"] == "Taak 'Taak HC-1' overgedragen van Wendy Wit aan ilse."


def test_an_officer_may_not_give_tasks_away_here(client, officer, woonconsulent):
    call = make_task("HC-1")
    client.force_login(officer)
    assert client.post("/team/taken/", {"taak": [call.pk], "aan": woonconsulent.pk}).status_code == 403
    with pytest.raises(Exception, match="teamleider"):
        actions.reassign_tasks([call.pk], to_user=woonconsulent, acting_user=officer)
    assert Task.objects.get().assigned_to is None
