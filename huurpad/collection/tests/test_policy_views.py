"""The policy pages: who may see and change the policy, checking, the diff, saving a new version."""

from datetime import date

import pytest
from django.urls import reverse

from huurpad.collection import actions
from huurpad.collection.models import PolicyRun, PolicyVersion, Proposal
from huurpad.collection.run import run_policy
from huurpad.core.policy import config
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

NUDGE_FIRST_TIME = (
    "[steps.first_time]          # late for the first time in a year: a nudge is usually enough\nnudge_after_days = 3"
)
PAGES = ["policy", "policy_history", "policy_runs"]


def changed_text(old: str = NUDGE_FIRST_TIME, new: str = NUDGE_FIRST_TIME.replace("= 3", "= 8")) -> str:
    text = config.default_text()
    assert old in text
    return text.replace(old, new)


def check(client, text, note="Later herinneren", based_on=1, step="controleren"):
    return client.post(reverse("policy_edit"), {"text": text, "note": note, "based_on": based_on, "stap": step})


# Who may see and change it


@pytest.mark.parametrize("page", [*PAGES, "policy_edit"])
def test_anonymous_user_is_sent_to_login(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["officer", "partner", "outsider"])
@pytest.mark.parametrize("page", [*PAGES, "policy_edit"])
def test_other_roles_get_403(client, request, who, page):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(page))
    assert response.status_code == 403
    text = response.content.decode()
    assert "geen toegang" in text
    assert "teamleider incasso" in text  # why, not the generic reason


def test_other_roles_cannot_see_a_version_or_post_a_change(client, officer):
    client.force_login(officer)
    PolicyVersion.current()
    assert client.get(reverse("policy_version", args=[1])).status_code == 403
    assert check(client, changed_text(), step="opslaan").status_code == 403
    assert PolicyVersion.objects.count() == 1


@pytest.mark.parametrize("page", PAGES)
def test_teamleader_sees_the_pages(client, teamleader, page):
    client.force_login(teamleader)
    assert client.get(reverse(page)).status_code == 200


def test_beheerder_may_read_but_not_change(client, admin_user_):
    client.force_login(admin_user_)
    for page in PAGES:
        assert client.get(reverse(page)).status_code == 200
    assert client.get(reverse("policy_version", args=[1])).status_code == 200
    text = client.get(reverse("policy")).content.decode()
    assert "Alleen de teamleider incasso kan het wijzigen" in text
    assert reverse("policy_edit") not in text
    assert client.get(reverse("policy_edit")).status_code == 403
    assert check(client, changed_text(), step="opslaan").status_code == 403
    assert PolicyVersion.objects.count() == 1


def test_nav_link_only_for_those_who_may_see_the_policy(client, officer, teamleader):
    client.force_login(officer)
    assert f'href="{reverse("policy")}"' not in client.get(reverse("worklist")).content.decode()
    client.force_login(teamleader)
    assert f'href="{reverse("policy")}"' in client.get(reverse("worklist")).content.decode()


# Reading the policy


def test_policy_page_shows_the_current_version_readably(client, teamleader):
    PolicyVersion.objects.create(number=1, text=config.default_text(), note="Standaardbeleid")
    PolicyVersion.objects.create(number=2, text=changed_text(), note="Later herinneren", created_by=teamleader)
    client.force_login(teamleader)
    text = client.get(reverse("policy")).content.decode()
    assert "Versie 2 geldt nu" in text
    assert "Later herinneren" in text and "tom" in text
    assert '<pre class="policy-text"' in text and "nudge_after_days = 8" in text
    assert "Zo leest u het beleid" in text and "eerste keer achter" in text
    assert reverse("policy_edit") in text


def test_policy_page_says_which_version_the_next_run_uses(client, teamleader):
    run_policy(date(2026, 3, 4))
    client.force_login(teamleader)
    assert "De volgende controle" not in client.get(reverse("policy")).content.decode()
    actions.new_policy_version(changed_text(), "Later herinneren", acting_user=teamleader)
    text = client.get(reverse("policy")).content.decode()
    assert "4 maart 2026, met versie 1. De volgende controle gebruikt versie 2." in text


# Changing it


def test_edit_form_holds_the_current_text_and_asks_for_a_note(client, teamleader):
    client.force_login(teamleader)
    response = client.get(reverse("policy_edit"))
    text = response.content.decode()
    assert response.context["form"]["text"].value() == config.default_text()
    assert '<label class="utrecht-form-label" for="id_text">' in text
    assert '<label class="utrecht-form-label" for="id_note">Toelichting (verplicht)</label>' in text


def test_invalid_policy_is_refused_in_dutch_naming_the_key_and_nothing_is_saved(client, teamleader):
    client.force_login(teamleader)
    bad = changed_text("per_tenant_per_day = 1", "per_tenant_per_day = 0")
    for step in ("controleren", "opslaan"):
        response = check(client, bad, step=step)
        text = response.content.decode()
        assert response.status_code == 200
        assert "Het beleid is niet opgeslagen" in text
        assert "<code>messages.per_tenant_per_day</code>: moet een heel getal zijn van 1 of meer, niet 0." in text
        assert 'aria-invalid="true"' in text
        assert "per_tenant_per_day = 0" in text  # the user's text is kept for correction
    assert PolicyVersion.objects.count() == 1


def test_text_that_is_not_toml_names_the_line(client, teamleader):
    client.force_login(teamleader)
    text = check(client, 'name = "x"\n[messages\n').content.decode()
    assert "De tekst klopt niet in regel 2" in text
    assert PolicyVersion.objects.count() == 1


def test_a_note_is_required(client, teamleader):
    client.force_login(teamleader)
    text = check(client, changed_text(), note="  ").content.decode()
    assert "Schrijf in de toelichting waarom het beleid verandert." in text
    assert PolicyVersion.objects.count() == 1


def test_check_shows_the_diff_and_saves_nothing(client, teamleader):
    client.force_login(teamleader)
    response = check(client, changed_text().replace("\n", "\r\n"))  # as a browser sends a textarea
    text = response.content.decode()
    assert "Controleer de wijziging" in text
    assert [(c.key, c.old, c.new) for c in response.context["changes"]] == [
        ("steps.first_time.nudge_after_days", "3", "8")
    ]
    assert "Betaalherinnering met betaallink, na dagen (eerste keer achter)" in text  # the setting's Dutch name
    assert '<code translate="no" class="muted">steps.first_time.nudge_after_days</code>' in text
    assert '<span class="sr-only">Weggehaald: </span>nudge_after_days = 3</del>' in text
    assert '<span class="sr-only">Toegevoegd: </span>nudge_after_days = 8</ins>' in text
    (group,) = response.context["diff"]
    assert [line.kind for line in group].count("removed") == 1 and [line.kind for line in group].count("added") == 1
    assert "Opslaan als versie 2" in text
    assert PolicyVersion.objects.count() == 1


def test_confirm_creates_the_next_version_with_note_and_user(client, teamleader):
    client.force_login(teamleader)
    response = check(client, changed_text(), note="Eerste keer achter: later herinneren", step="opslaan")
    version = PolicyVersion.objects.get(number=2)
    assert response.status_code == 302 and response["Location"] == reverse("policy_version", args=[2])
    assert version.text == changed_text()
    assert version.note == "Eerste keer achter: later herinneren"
    assert version.created_by == teamleader
    assert PolicyVersion.current() == version
    page = client.get(response["Location"]).content.decode()
    assert "Versie 2 is opgeslagen" in page


def test_back_to_editing_keeps_the_text_and_note(client, teamleader):
    client.force_login(teamleader)
    response = check(client, changed_text(), note="Later herinneren", step="bewerken")
    assert response.context["form"]["text"].value() == changed_text()
    assert 'value="Later herinneren"' in response.content.decode()
    assert PolicyVersion.objects.count() == 1


def test_the_same_text_is_refused(client, teamleader):
    client.force_login(teamleader)
    for step in ("controleren", "opslaan"):
        text = check(client, config.default_text().replace("\n", "\r\n"), step=step).content.decode()
        assert "Er is niets veranderd: de tekst is gelijk aan versie 1." in text
    assert PolicyVersion.objects.count() == 1


def test_a_version_saved_in_the_meantime_is_not_overwritten(client, teamleader, django_user_model):
    client.force_login(teamleader)
    check_page = check(client, changed_text())
    assert check_page.context["next_number"] == 2
    other = django_user_model.objects.create_user(username="tara", first_name="Tara", last_name="Bos")
    actions.new_policy_version(
        changed_text("receipt_days = 2", "receipt_days = 3"), "Post is trager", acting_user=other
    )
    text = check(client, changed_text(), step="opslaan").content.decode()
    assert "Intussen heeft Tara Bos versie 2 opgeslagen" in text
    assert list(PolicyVersion.objects.values_list("number", "note")) == [
        (2, "Post is trager"),
        (1, "Standaardbeleid Gereedschapskist"),
    ]


# The change log and one version


def test_change_log_lists_every_version_newest_first(client, teamleader):
    client.force_login(teamleader)
    actions.new_policy_version(changed_text(), "Later herinneren", acting_user=teamleader)
    actions.new_policy_version(
        changed_text("receipt_days = 2", "receipt_days = 3"), "Post is trager", acting_user=teamleader
    )
    response = client.get(reverse("policy_history"))
    assert [v.number for v in response.context["versions"]] == [3, 2, 1]
    text = response.content.decode()
    assert (
        text.index("Post is trager") < text.index("Later herinneren") < text.index("Standaardbeleid Gereedschapskist")
    )
    assert reverse("policy_version", args=[2]) in text


def test_a_version_shows_its_diff_to_the_previous(client, teamleader):
    client.force_login(teamleader)
    actions.new_policy_version(changed_text(), "Later herinneren", acting_user=teamleader)
    response = client.get(reverse("policy_version", args=[2]))
    text = response.content.decode()
    assert "Wat veranderde ten opzichte van versie 1" in text
    assert [(c.key, c.old, c.new) for c in response.context["changes"]] == [
        ("steps.first_time.nudge_after_days", "3", "8")
    ]
    assert "geldt nu" in text
    first = client.get(reverse("policy_version", args=[1])).content.decode()
    assert "Dit is de eerste versie" in first and "oude versie" in first
    assert client.get(reverse("policy_version", args=[9])).status_code == 404


# The next run uses the new version


def test_the_next_run_uses_the_saved_version(client, teamleader):
    """A first-time late payer gets a nudge 3 days overdue under version 1; version 2 says 8."""
    t = make_tenancy("A1", start=date(2020, 1, 1), phone="0612345678")
    book(t, "2026-02-01 rent 650.00\n2026-02-01 service_costs 50.00\n2026-02-02 payment 700.00")
    book(t, "2026-03-01 rent 650.00\n2026-03-01 service_costs 50.00")
    assert run_policy(date(2026, 3, 3)).run.policy_version.number == 1

    client.force_login(teamleader)
    check(client, changed_text(), note="Later herinneren", step="opslaan")

    on_the_4th = run_policy(date(2026, 3, 4))
    assert on_the_4th.run.policy_version == PolicyVersion.objects.get(number=2)
    assert on_the_4th.new == []  # version 1 would have nudged today
    on_the_9th = run_policy(date(2026, 3, 9))
    assert [p.action.value for _, p in on_the_9th.new] == ["nudge"]
    assert PolicyRun.objects.latest("started_at").policy_version.number == 2
    assert Proposal.objects.get(action="nudge").policy_version.number == 2


# The action on its own


def test_two_saves_at_once_cannot_both_get_the_same_number(teamleader, monkeypatch):
    """The second of two team leaders who both read version 1 hits the unique number, not a crash."""
    v1 = PolicyVersion.current()
    actions.new_policy_version(changed_text(), "Later herinneren", acting_user=teamleader)
    monkeypatch.setattr(PolicyVersion, "current", classmethod(lambda cls: v1))  # still sees version 1
    with pytest.raises(actions.PolicyChangeRefused, match="Intussen heeft tom versie 2 opgeslagen"):
        actions.new_policy_version(
            changed_text("receipt_days = 2", "receipt_days = 3"), "Post is trager", acting_user=teamleader
        )
    assert PolicyVersion.objects.count() == 2


def test_the_action_checks_the_policy_and_the_note(teamleader):
    with pytest.raises(config.PolicyError, match="messages.per_tenant_per_day"):
        actions.new_policy_version(
            changed_text("per_tenant_per_day = 1", "per_tenant_per_day = 0"), "x", acting_user=teamleader
        )
    with pytest.raises(actions.PolicyChangeRefused, match="toelichting"):
        actions.new_policy_version(changed_text(), " ", acting_user=teamleader)
    with pytest.raises(actions.PolicyChangeRefused, match="niets veranderd"):
        actions.new_policy_version(config.default_text() + "\n\n", "x", acting_user=teamleader)
    assert not PolicyVersion.objects.filter(number__gt=1).exists()
