import pytest

from huurpad.core.policy.config import PolicyError, default_text, load


def test_the_default_policy_loads_and_resolves_steps_per_segment_and_payment_method():
    policy = load(default_text(), version="v1")
    assert policy.version == "v1"
    assert policy.charge_costs is False
    assert policy.steps_for("regular", "transfer").call_attempts == 2
    assert policy.steps_for("new", "transfer").call_attempts == 3
    assert policy.steps_for("new", "transfer").pre_due_reminder_days == 3
    # A payment-method setting wins over the segment: the municipality pays, nothing to remember.
    assert policy.steps_for("new", "benefit_deduction").pre_due_reminder_days == 0
    assert policy.steps_for("first_time", "direct_debit").nudge_after_days == 3


def change(old: str, new: str) -> str:
    text = default_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("charge = false", "charge = 'no'", "costs.charge: must be true or false"),
        ("after_signal_days = 60", "after_signal_days = -1", "escalation.after_signal_days: must be a whole number"),
        ('min_arrears = "100.00"', 'min_arrears = "veel"', "early_signal.min_arrears"),
        ('quiet_hours_start = "21:00"', 'quiet_hours_start = "9 uur"', "messages.quiet_hours_start"),
        ('nudge_channel = "sms"', 'nudge_channel = "pigeon"', "nudge_channel: 'pigeon' is not one of"),
        ("[steps.new]", "[steps.newbies]", "steps: unknown segment(s) newbies"),
        ("[steps.default.benefit_deduction]", "[steps.default.cash]", "steps.default.cash: unknown payment method"),
        ("call_attempts = 2", "call_atempts = 2", "steps.default.call_atempts: unknown step setting"),
        ("name = ", "nam = ", "name: missing"),
        ("[compliment]", "[compliment]\nconfetti = true", "compliment.confetti: unknown setting"),
        ("name = ", "name = = ", "not valid TOML"),
        (
            'min_arrears = "100.00"',
            "min_arrears = nan",
            "early_signal.min_arrears: nan is not an amount",
        ),  # found by fuzzing
        ('min_instalment = "10.00"', "min_instalment = inf", "arrangement.min_instalment: inf is not an amount"),
        (
            'min_percentage = "0.00"',
            'min_percentage = "100.01"',
            "debt_help.min_percentage: a percentage is at most 100.00",
        ),
    ],
)
def test_a_wrong_policy_is_refused_with_the_key(old, new, message):
    with pytest.raises(PolicyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load(change(old, new))


@pytest.mark.parametrize("opened", ['"""100.00', "'''100.00"])
def test_a_string_left_open_is_refused_naming_the_line_where_it_opens(opened):
    """tomllib names no line for a multi-line string that runs to the end of the text (found by
    fuzzing): the message names the line and column where it opens."""
    text = change('min_arrears = "100.00"', f"min_arrears = {opened}")
    line = next(n for n, found in enumerate(text.splitlines(), 1) if found.startswith("min_arrears"))
    with pytest.raises(PolicyError, match=rf"^not valid TOML: .* \(at line {line}, column 15\)$"):
        load(text)
