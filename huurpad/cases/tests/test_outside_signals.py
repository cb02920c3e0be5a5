"""Signals from others (issue 8, item 5): recorded on the timeline by anyone who works cases, and
for 90 days a reason, shown on screen, to put the household higher up in 'Vandaag'."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from huurpad.accounts.roles import CASE_ROLES, CASE_WORKERS, Role
from huurpad.cases import outside
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import snapshots
from huurpad.collection.models import TenancyState
from huurpad.signals.timeline import event_details
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db


def user_with(django_user_model, name: str, *roles: str):
    user = django_user_model.objects.create_user(name, password="x")
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def task(ref: str, *, segment="occasional", arrears=50000, days=20):
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
    Task.objects.create(
        tenancy=tenancy,
        action="call",
        role=Role.INCASSOMEDEWERKER.value,
        title=f"Bellen {ref}",
        explanation=f"Waarom {ref}",
        due_date=today,
    )
    return tenancy


def heard(tenancy, kind: str, days_ago: int = 0, by=None):
    return outside.record(tenancy, kind, "", timezone.localdate() - timedelta(days=days_ago), acting_user=by)


def refs(response) -> list[str]:
    return [row["tenancy"].ref for row in response.context["rows"]]


# Recording


def test_a_woonconsulent_records_a_signal_it_goes_on_the_timeline(client, django_user_model):
    consultant = user_with(django_user_model, "wim", Role.WOONCONSULENT.value)
    tenancy = make_tenancy("HC700")
    client.force_login(consultant)
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        f"/huurcontract/{tenancy.ref}/signaal/",
        {"kind": "job_lost", "day": day.isoformat(), "heard_from": " Buurtteam ", "note": "Fabriek dicht"},
    )
    assert response.status_code == 302 and response["Location"] == f"/huurcontract/{tenancy.ref}/#signalen"
    event = CaseEvent.objects.get(type=CaseEvent.Type.OUTSIDE_SIGNAL)
    assert event.params == {"kind": "job_lost", "note": "Fabriek dicht", "heard_from": "Buurtteam"}
    assert (event.tenancy, event.date, event.actor, event.source) == (tenancy, day, consultant, "huurpad")
    page = client.get(f"/huurcontract/{tenancy.ref}/")
    html = page.content.decode()
    assert "Signaal vastgelegd: baan kwijt." in html  # the message after saving
    assert "Signaal: baan kwijt · Notitie: Fabriek dicht · Gehoord van: Buurtteam" in html  # the timeline
    assert "Baan kwijt, gehoord op" in html and "telt mee tot en met" in html  # the section


def test_record_leaves_out_what_was_not_said_and_refuses_an_unknown_kind():
    tenancy = make_tenancy("HC701")
    event = outside.record(tenancy, "energy_arrears", "  ", timezone.localdate(), acting_user=None)
    assert event.pk and event.params == {"kind": "energy_arrears"}
    with pytest.raises(ValueError):
        outside.record(tenancy, "nationality", "", timezone.localdate(), acting_user=None)
    assert CaseEvent.objects.count() == 1


def test_every_case_worker_may_record_a_signal_and_no_one_else(client, django_user_model, partner, outsider):
    """Controller and manager read the file; what goes in it is written by those who work it."""
    tenancy = make_tenancy("HC702")
    data = {"kind": "death_in_family", "day": timezone.localdate().isoformat()}
    for role in sorted(CASE_WORKERS):
        client.force_login(user_with(django_user_model, f"u-{role}", role.value))
        assert client.post(f"/huurcontract/{tenancy.ref}/signaal/", data).status_code == 302, role
    assert CaseEvent.objects.filter(type=CaseEvent.Type.OUTSIDE_SIGNAL).count() == len(CASE_WORKERS)
    readers = [user_with(django_user_model, f"u-{role}", role.value) for role in sorted(CASE_ROLES - CASE_WORKERS)]
    for user in (partner, outsider, *readers):
        client.force_login(user)
        assert client.post(f"/huurcontract/{tenancy.ref}/signaal/", data).status_code == 403
    client.logout()
    response = client.post(f"/huurcontract/{tenancy.ref}/signaal/", data)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get(f"/huurcontract/{tenancy.ref}/signaal/").status_code in (302, 405)
    assert CaseEvent.objects.filter(type=CaseEvent.Type.OUTSIDE_SIGNAL).count() == len(
        CASE_WORKERS
    )  # nothing more from the refused


@pytest.mark.parametrize(
    "data, error",
    [
        ({"kind": "", "day": "2026-01-05"}, "Kies wat u hebt gehoord."),
        ({"kind": "nationality", "day": "2026-01-05"}, "Kies een signaal uit de lijst."),
        ({"kind": "job_lost", "day": ""}, "Vul in wanneer u het hoorde."),
        ({"kind": "job_lost", "day": "tomorrow"}, "Die dag is nog niet geweest."),
    ],
)
def test_a_signal_needs_a_known_kind_and_a_day_not_in_the_future(client, officer, data, error):
    tenancy = make_tenancy("HC703")
    if data["day"] == "tomorrow":
        data = data | {"day": (timezone.localdate() + timedelta(days=1)).isoformat()}
    client.force_login(officer)
    response = client.post(f"/huurcontract/{tenancy.ref}/signaal/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and "Het signaal is nog niet opgeslagen." in html
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.OUTSIDE_SIGNAL).exists()


def test_the_timeline_shows_the_kind_in_dutch():
    assert event_details({"kind": "water_arrears", "heard_from": "Waternet"}) == [
        ("Signaal", "achterstand water"),
        ("Gehoord van", "Waternet"),
    ]


# The order of 'Vandaag'


def test_without_a_signal_the_order_is_segment_then_arrears(client, officer):
    task("HC-NEW", segment="new", arrears=10000)
    task("HC-FREQUENT", segment="frequent", arrears=90000)
    client.force_login(officer)
    response = client.get("/vandaag/")
    assert refs(response) == ["HC-NEW", "HC-FREQUENT"]
    assert "Signaal:" not in response.content.decode()


def test_a_recent_signal_moves_a_household_up_and_says_why(client, officer):
    task("HC-NEW", segment="new", arrears=90000)
    frequent = task("HC-FREQUENT", segment="frequent", arrears=10000)
    heard(frequent, "job_lost", days_ago=90)  # 90 days ago still counts
    client.force_login(officer)
    response = client.get("/vandaag/")
    assert refs(response) == ["HC-FREQUENT", "HC-NEW"]
    assert response.context["rows"][0]["signal_tags"] == ["Signaal: baan kwijt"]
    assert response.context["rows"][1]["signal_tags"] == []
    html = response.content.decode()
    assert html.count("Signaal: baan kwijt") == 1 and "signalen van buiten" in html
    partial = client.get("/vandaag/", headers={"HX-Request": "true"})  # the filters swap the table in place
    assert b"<html" not in partial.content and b"Signaal: baan kwijt" in partial.content


def test_an_old_signal_or_one_dated_later_does_not_count(client, officer):
    task("HC-NEW", segment="new", arrears=90000)
    frequent = task("HC-FREQUENT", segment="frequent", arrears=10000)
    heard(frequent, "energy_arrears", days_ago=91)
    heard(frequent, "job_lost", days_ago=-1)  # recorded by hand for tomorrow: not heard yet
    client.force_login(officer)
    response = client.get("/vandaag/")
    assert refs(response) == ["HC-NEW", "HC-FREQUENT"]
    assert "Signaal:" not in response.content.decode()


def test_stronger_signals_first_several_kinds_add_up_the_same_kind_counts_once(client, officer):
    illness = task("HC-ILL", segment="new", arrears=90000)
    job = task("HC-JOB", segment="frequent", arrears=10000)
    twice = task("HC-TWICE", segment="new", arrears=50000)
    both = task("HC-BOTH", segment="frequent", arrears=5000)
    task("HC-NONE", segment="new", arrears=99000)
    heard(illness, "illness")  # 2
    heard(job, "job_lost")  # 3
    heard(twice, "illness"), heard(twice, "illness", days_ago=10)  # still 2
    heard(both, "other"), heard(both, "energy_arrears", days_ago=30)  # 1 + 3 = 4
    client.force_login(officer)
    response = client.get("/vandaag/")
    assert refs(response) == ["HC-BOTH", "HC-JOB", "HC-ILL", "HC-TWICE", "HC-NONE"]
    tags = {row["tenancy"].ref: row["signal_tags"] for row in response.context["rows"]}
    assert tags["HC-BOTH"] == ["Signaal: energieachterstand", "Signaal: anders"]  # strongest first
    assert tags["HC-TWICE"] == ["Signaal: ziek of in het ziekenhuis"]


def test_the_weights_are_what_the_table_says_and_the_policy_does_not_read_signals():
    assert outside.priority(["job_lost", "income_dropped", "energy_arrears", "water_arrears"]) == 12
    assert {k for k, (_, w) in outside.KINDS.items() if w == 3} == {
        "job_lost",
        "income_dropped",
        "energy_arrears",
        "water_arrears",
    }
    assert outside.priority([]) == 0 and outside.priority(["job_lost", "job_lost"]) == 3
    # Only the order of the work changes: the policy's view of the timeline leaves signals out.
    assert CaseEvent.Type.OUTSIDE_SIGNAL not in snapshots.TIMELINE_TYPES
