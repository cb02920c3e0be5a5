"""The municipality's result typed in on the tenancy page: stored, on the timeline, its effect
taken; a form that is refused says why and changes nothing."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.run import run_policy
from huurpad.signals import signals
from huurpad.signals.models import EarlySignal
from huurpad.solutions.models import Pause

from .test_signals import DUE, corporation, household  # noqa: F401 (corporation is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model, client):
    user = django_user_model.objects.create_user("ilse", first_name="Ilse")
    user.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(user)
    return user


@pytest.fixture
def signal(corporation):
    tenancy = household("FORM")
    run_policy(DUE, full=True)
    signals.export("GM0599", "csv", DUE)
    return EarlySignal.objects.get(tenancy=tenancy)


def post(client, signal, **data):
    return client.post(f"/vroegsignalen/{signal.pk}/terugkoppeling/", data, follow=True)


def test_a_result_typed_in_is_stored_put_on_the_timeline_and_acted_on(client, officer, signal):
    page = client.get(f"/huurcontract/{signal.tenancy.ref}/").content.decode()
    assert f'action="/vroegsignalen/{signal.pk}/terugkoppeling/"' in page

    response = post(
        client,
        signal,
        result="Inwoner heeft hulp geaccepteerd",
        on="2026-04-28",
        first_contact="2026-04-21",
        creditors="",
    )
    assert response.redirect_chain == [(f"/huurcontract/{signal.tenancy.ref}/#vroegsignalen", 302)]
    page = response.content.decode()
    assert "Terugkoppeling opgeslagen: pauze tot 2026-05-28." in page
    signal.refresh_from_db()
    assert (signal.result_code, signal.result_date, signal.first_contact) == (
        "Inwoner heeft hulp geaccepteerd",
        date(2026, 4, 28),
        date(2026, 4, 21),
    )
    assert signal.feedback_raw == "Inwoner heeft hulp geaccepteerd"
    event = CaseEvent.objects.get(tenancy=signal.tenancy, type=CaseEvent.Type.SIGNAL_FEEDBACK)
    assert (event.date, event.params["result"], event.actor) == (
        date(2026, 4, 28),
        "Inwoner heeft hulp geaccepteerd",
        officer,
    )
    pause = Pause.objects.get(tenancy=signal.tenancy)
    assert (pause.reason, pause.start, pause.review_date, pause.created_by) == (
        "municipal_help",
        date(2026, 4, 28),
        date(2026, 5, 28),
        officer,
    )
    # The page shows the result in the signal history and both events on the timeline.
    assert "Inwoner heeft hulp geaccepteerd (28-04-2026)" in page
    assert "Terugkoppeling van de gemeente" in page and "Pauze gestart" in page
    assert "Terugkoppeling invoeren" not in page  # answered: no form any more

    again = post(client, signal, result="Inwoner heeft hulp geaccepteerd", on="2026-04-28").content.decode()
    assert "Deze terugkoppeling was al bekend." in again
    assert Pause.objects.count() == 1 and CaseEvent.objects.filter(type=CaseEvent.Type.SIGNAL_FEEDBACK).count() == 1


def test_no_contact_typed_in_gives_the_woonconsulent_a_home_visit(client, officer, signal):
    page = post(client, signal, result="Definitief geen contact kunnen krijgen", on="2026-04-30").content.decode()
    assert "Terugkoppeling opgeslagen: taak: huisbezoek." in page
    # The visit joins the policy's own open visit when there is one (one open task of a kind).
    task = Task.objects.get(tenancy=signal.tenancy, action="home_visit", status="open")
    assert task.role == "woonconsulent" and task.due_date <= date(2026, 4, 30)
    assert "De gemeente kreeg geen contact" in task.explanation


@pytest.mark.parametrize(
    "data, says",
    [
        ({"result": "Weet ik veel", "on": "2026-04-28"}, "Resultaat: Selecteer een geldige keuze."),
        ({"result": "Inwoner is overleden", "on": ""}, "Datum: Dit veld is verplicht."),
        ({"result": "Inwoner is overleden", "on": "28 april"}, "Datum: Voer een geldige datum in."),
        (
            {"result": "Inwoner heeft hulp geaccepteerd", "on": "9999-12-31"},
            "Datum: Kies een datum tussen 2000 en 2100.",
        ),
        (
            {"result": "Inwoner is overleden", "on": "2026-04-28", "creditors": "-2"},
            "Aantal schuldeisers (als de gemeente dat meldt): ",
        ),
    ],
)
def test_a_refused_form_says_which_field_is_wrong_and_changes_nothing(client, officer, signal, data, says):
    page = post(client, signal, **data).content.decode()
    assert "De terugkoppeling is niet opgeslagen." in page and says in page
    signal.refresh_from_db()
    assert signal.result_code == "" and not CaseEvent.objects.filter(type=CaseEvent.Type.SIGNAL_FEEDBACK).exists()
    assert not Task.objects.filter(action="deceased").exists()
