"""Policy errors in Dutch, naming the key; what changed between two texts."""

import pytest

from huurpad.collection import policy_text
from huurpad.core.policy import config

DEFAULT = config.default_text()


def problem_for(old: str, new: str) -> policy_text.PolicyProblem:
    assert old in DEFAULT
    with pytest.raises(config.PolicyError) as error:
        config.load(DEFAULT.replace(old, new, 1))
    return policy_text.problem(error.value)


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ('name = "Gereedschapskist"', "", "name", "deze instelling ontbreekt."),
        (
            "per_tenant_per_day = 1",
            "per_tenant_per_day = 0",
            "messages.per_tenant_per_day",
            "moet een heel getal zijn van 1 of meer, niet 0.",
        ),
        (
            "per_tenant_per_day = 1",
            "per_tenant_per_day = 2",
            "messages.per_tenant_per_day",
            "mag niet meer zijn dan 1, niet 2.",
        ),
        (
            "per_tenant_per_day = 1",
            "per_tenant_per_day = 1\nper_tenant = 2",
            "messages.per_tenant",
            "deze instelling kent Huurpad niet. Kijk of de naam goed gespeld is.",
        ),
        ("charge = false", 'charge = "nee"', "costs.charge", "moet true (ja) of false (nee) zijn."),
        (
            'min_arrears = "100.00"',
            'min_arrears = "honderd"',
            "early_signal.min_arrears",
            "'honderd' is geen bedrag. Schrijf een bedrag zoals \"100.00\", met een punt.",
        ),
        ('min_arrears = "100.00"', 'min_arrears = "-1"', "early_signal.min_arrears", "mag niet kleiner zijn dan 0."),
        (
            'quiet_hours_start = "21:00"',
            'quiet_hours_start = "negen uur"',
            "messages.quiet_hours_start",
            "'negen uur' is geen tijd. Schrijf een tijd zoals \"21:00\".",
        ),
        (
            'personal_contact_channels = ["phone"',
            'personal_contact_channels = ["duif"',
            "early_signal.personal_contact_channels",
            "moet een lijst van kanalen zijn, gekozen uit phone, visit, card, whatsapp, sms, email, letter.",
        ),
        ('name = "Gereedschapskist"', "name = 3", "name", "moet tekst zijn, tussen aanhalingstekens."),
        (
            "[steps.frequent]",
            "[steps.often]",
            "steps",
            "onbekend profiel often. Gebruik new, first_time, occasional, frequent, regular.",
        ),
        (
            "[steps.default.direct_debit]",
            "[steps.default.cash]",
            "steps.default.cash",
            "onbekende betaalwijze. Gebruik direct_debit, transfer, benefit_deduction.",
        ),
        (
            "call_attempts = 3",
            "call_tries = 3",
            "steps.new.call_tries",
            "deze instelling voor een stap kent Huurpad niet. Kijk of de naam goed gespeld is.",
        ),
        (
            'nudge_channel = "sms"',
            'nudge_channel = "duif"',
            "steps (new, direct_debit).nudge_channel",
            "'duif' is geen kanaal dat Huurpad kent. Kies uit sms, whatsapp, email, letter.",
        ),
        (
            "reminder_letter_after_days = 14",
            "",
            "steps.default",
            "deze instellingen ontbreken: reminder_letter_after_days.",
        ),
    ],
)
def test_each_policy_error_reads_in_dutch_and_names_the_key(old, new, key, message):
    found = problem_for(old, new)
    assert (found.key, found.message) == (key, message)


def test_text_that_is_not_toml_names_line_and_column():
    with pytest.raises(config.PolicyError) as error:
        config.load('name = "x"\n[messages\n')
    found = policy_text.problem(error.value)
    assert found.key == ""
    assert found.message.startswith("De tekst klopt niet in regel 2, kolom 10.")


def test_an_unknown_message_still_names_the_key():
    found = policy_text.problem(config.PolicyError("costs.charge: something new"))
    assert str(found) == "costs.charge: deze instelling klopt niet (something new)."


def test_setting_changes_ignore_comments_and_name_added_and_removed_settings():
    new = (
        DEFAULT.replace("grace_days = 7              # an instalment", "grace_days = 9  # changed")
        .replace(
            "receipt_days = 2            # a letter counts as received this many postal delivery days (Tue-Sat) after posting\n",
            "",
        )
        .replace("# Steps per segment.", "# Steps, per segment.")
    )
    new += "\n[steps.regular]\ncall_attempts = 1\n"
    changes = [(c.key, c.old, c.new) for c in policy_text.setting_changes(DEFAULT, new)]
    assert changes == [
        ("costs.receipt_days", "2", ""),
        ("arrangement.grace_days", "7", "9"),
        ("steps.regular.call_attempts", "", "1"),
    ]


def test_line_diff_numbers_lines_in_both_texts_and_groups_far_apart_changes():
    old = "\n".join(f"line {n}" for n in range(1, 21))
    new = old.replace("line 2\n", "line two\n").replace("line 18", "line eighteen")
    first, second = policy_text.line_diff(old, new, context=1)
    assert [(x.old_number, x.new_number, x.kind, x.text) for x in first] == [
        (1, 1, "same", "line 1"),
        (2, None, "removed", "line 2"),
        (None, 2, "added", "line two"),
        (3, 3, "same", "line 3"),
    ]
    assert [x.kind for x in second] == ["same", "removed", "added", "same"]
    assert policy_text.line_diff(old, old) == []
