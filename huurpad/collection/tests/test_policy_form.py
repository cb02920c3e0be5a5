"""The policy as a form in Dutch: the form writes the stored TOML, changes only what changed, and
refuses a value outside its limits naming the setting; its limits are the loader's."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.collection import policy_settings
from huurpad.collection.models import PolicyVersion
from huurpad.core.policy import config

pytestmark = pytest.mark.django_db

DEFAULT = config.default_text()
INTS = [s for s in policy_settings.every_setting().values() if s.kind == "int"]


def post_data(text: str = DEFAULT, **changed) -> dict:
    """What the browser sends for the form showing `text`, with some fields changed (by field name)."""
    data = {}
    for name, value in policy_settings.form_values(text).items():
        data[name] = value if isinstance(value, list) else str(value)
    return data | changed | {"based_on": PolicyVersion.current().number, "note": "Waarom", "vorm": "formulier"}


def check(client, data):
    return client.post("/beleid/instellingen/", data | {"stap": "controleren"})


def same_policy(a: config.Policy, b: config.Policy) -> bool:
    return replace(a, version="") == replace(b, version="")


def test_an_unchanged_form_is_the_same_policy_and_nothing_to_save(client, teamleader):
    client.force_login(teamleader)
    page = client.get("/beleid/instellingen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Berichten per huurder per dag" in html and "Bgs art. 2, onder a" in html
    assert 'href="/beleid/wijzigen/"' in html  # the text, for import and export, one click away
    response = check(client, post_data())
    assert "Er is niets veranderd: de tekst is gelijk aan versie 1." in response.content.decode()
    bound = response.context["form"]
    assert policy_settings.changes(DEFAULT, bound.cleaned_data) == {}
    text = policy_settings.apply(DEFAULT, policy_settings.changes(DEFAULT, bound.cleaned_data))
    assert text == DEFAULT and same_policy(config.load(text), config.default_policy())


def test_one_setting_changed_changes_exactly_that_key_and_keeps_the_comments(client, teamleader):
    client.force_login(teamleader)
    response = check(client, post_data(steps__first_time__nudge_after_days="6"))
    assert response.status_code == 200
    changes = response.context["changes"]
    assert [(c.key, c.old, c.new) for c in changes] == [("steps.first_time.nudge_after_days", "3", "6")]
    text = response.context["text"]
    assert text == DEFAULT.replace(
        "[steps.first_time]          # late for the first time in a year: a nudge is usually enough\nnudge_after_days = 3",
        "[steps.first_time]          # late for the first time in a year: a nudge is usually enough\nnudge_after_days = 6",
    )
    # Confirmed: saved as version 2 through the same step as the text editor.
    saved = client.post(
        "/beleid/wijzigen/",
        {"text": text, "note": "Later", "based_on": 1, "stap": "opslaan", "vorm": "formulier"},
    )
    assert saved.status_code == 302
    assert PolicyVersion.current().text == text
    assert PolicyVersion.current().load().steps_for("first_time", "transfer").nudge_after_days == 6


def test_an_amount_with_a_comma_a_switch_and_a_channel_keep_their_line(teamleader, client):
    client.force_login(teamleader)
    data = post_data(escalation__min_months="3,50", costs__charge="ja")
    data["early_signal__personal_contact_channels"] = ["phone", "visit"]
    text = check(client, data).context["text"]
    assert 'min_months = "3.50"         # arrears of at least three months' in text
    assert "charge = true               # many corporations" in text
    assert 'personal_contact_channels = ["phone", "visit"]\n' in text
    policy = config.load(text)
    assert (policy.escalation_min_months, policy.charge_costs) == (Decimal("3.50"), True)
    assert policy.personal_contact_channels == {"phone", "visit"}


def test_a_step_left_blank_follows_everyone_and_a_new_one_gets_its_table(client, teamleader):
    client.force_login(teamleader)
    data = post_data(steps__first_time__nudge_after_days="", steps__regular__call_after_days="5")
    text = check(client, data).context["text"]
    policy = config.load(text)
    assert policy.steps_for("first_time", "transfer").nudge_after_days == 5  # as for everyone
    assert policy.steps_for("regular", "transfer").call_after_days == 5
    assert "[steps.regular]\ncall_after_days = 5" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("messages__per_tenant_per_day", "2", "Berichten per huurder per dag: mag niet meer zijn dan 1."),
        ("arrangement__max_instalments", "0", "Hoogstens termijnen: moet 1 of meer zijn."),
        ("early_signal__min_arrears", "-5", "Vanaf dit bedrag: mag niet kleiner zijn dan 0."),
        ("messages__quiet_hours_start", "25:00", "Stille uren: vanaf: vul een tijd in, zoals 21:00."),
        ("steps__new__call_after_days", "-1", "Bellen, na dagen (nieuwe huurder): moet 0 of meer zijn."),
    ],
)
def test_a_value_outside_its_limits_is_refused_in_dutch_naming_the_setting(client, teamleader, field, value, message):
    client.force_login(teamleader)
    response = check(client, post_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het beleid is niet opgeslagen." in html and message in html
    assert 'aria-invalid="true"' in html
    assert PolicyVersion.objects.count() == 1


def test_back_from_the_check_shows_the_form_with_the_change(client, teamleader):
    client.force_login(teamleader)
    text = check(client, post_data(arrangement__grace_days="9")).context["text"]
    back = client.post(
        "/beleid/wijzigen/", {"text": text, "note": "Later", "based_on": 1, "stap": "bewerken", "vorm": "formulier"}
    )
    assert back.templates[0].name == "collection/policy_form.html"
    assert back.context["form"]["arrangement__grace_days"].value() == 9


@settings(max_examples=60, deadline=None)
@given(which=st.sampled_from(INTS), value=st.integers(min_value=-3, max_value=40))
def test_the_form_accepts_a_number_exactly_when_the_policy_loads_with_it(which, value):
    """The limits shown and checked by the form are the loader's (config.load)."""
    from huurpad.collection.forms import PolicySettingsForm

    data = post_data() | {which.field: str(value)}
    form = PolicySettingsForm(data)
    text = policy_settings.apply(DEFAULT, {which.key: value})
    try:
        config.load(text)
        loads = True
    except config.PolicyError as error:
        loads = False
        assert str(error).startswith(which.key.split(".")[0])
    assert form.is_valid() == loads, (which.key, value, form.errors)


def test_a_value_written_over_several_lines_is_written_anew_with_the_same_settings():
    text = DEFAULT.replace(
        'personal_contact_channels = ["phone", "visit", "card", "whatsapp"]',
        'personal_contact_channels = [\n  "phone",\n  "visit",\n  "card",\n  "whatsapp",\n]',
    )
    result = policy_settings.apply(text, {"early_signal.personal_contact_channels": ["phone"]})
    assert policy_settings.flat(result) == policy_settings.flat(DEFAULT) | {
        "early_signal.personal_contact_channels": ["phone"]
    }
    assert config.load(result).personal_contact_channels == {"phone"}
