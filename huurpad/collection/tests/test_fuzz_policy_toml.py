"""Fuzzing the policy TOML reader: 1,000 mutations of the default policy (values of other types,
nan and inf, tables where values belong, keys dropped, duplicated or unknown, lines cut off).
Each is read or refused with an error that names the line (broken TOML) or the setting, never a
traceback; refused, no policy version is stored."""

import re

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from huurpad.collection import actions
from huurpad.collection.models import PolicyVersion
from huurpad.core.policy import config
from huurpad.testing import fuzz

pytestmark = pytest.mark.django_db
DEFAULT = config.default_text()
LITERALS = [
    "0",
    "-1",
    "1",
    "9" * 40,
    "1e309",
    "nan",
    "inf",
    "-inf",
    "+nan",
    "1.5",
    "true",
    "false",
    '""',
    '"x"',
    '"-5.00"',
    '"NaN"',
    '"Infinity"',
    '"1e999"',
    '"=HYPERLINK(1)"',
    '"25:00"',
    '"21:00"',
    "[]",
    '["phone"]',
    '["fax"]',
    "[[1]]",
    "[1, 2]",
    "{}",
    "{ a = 1 }",
    "2026-01-01",
    "21:00:00",
    '"sms"',
    '"pigeon"',
    "'''\nx'''",
    '"\\u0000"',
]

JUNK = st.from_regex(r'[0-9a-z"\[\]{}.,=+-]{0,8}', fullmatch=True)


@st.composite
def policy_text(draw):
    lines = DEFAULT.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "value", "value", "drop", "duplicate", "insert", "cut", "table"]))
        settings = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")]
        if op == "value" and settings:
            at = draw(st.sampled_from(settings))
            key = lines[at].split("=", 1)[0]
            lines[at] = f"{key}= {draw(st.one_of(st.sampled_from(LITERALS), JUNK))}"
        elif op == "drop":
            lines.pop(at)
        elif op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "insert":
            lines.insert(
                at,
                draw(
                    st.sampled_from(
                        [
                            "extra = 1",
                            "[steps.nieuw]",
                            "[steps.default.contant]",
                            "steps = 5",
                            "[messages.more]",
                            "x.y.z = 1",
                            "[[steps]]",
                            "=",
                            "[steps.default.sms]",
                        ]
                    )
                ),
            )
        elif op == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif op == "table" and "=" in lines[at]:
            key = lines[at].split("=", 1)[0].strip()
            lines[at] = f"{key} = {{ nested = 1 }}"
    return "\n".join(lines) + "\n"


@fuzz.FUZZ
@given(policy_text())
def test_every_mutation_is_read_or_refused_naming_the_line_or_the_setting(db, text):
    with fuzz.rolled_back():
        before = PolicyVersion.objects.count()
        try:
            actions.new_policy_version(text, "fuzz", acting_user=None)
        except config.PolicyError as exc:
            event("refused")
            message = str(exc)
            assert (
                re.search(r"\(at line \d+, column \d+\)$", message)
                if message.startswith("not valid TOML")
                else re.match(r"[\w.() ,]+: ", message)
            ), message
            assert PolicyVersion.objects.count() == before
        except actions.PolicyChangeRefused:
            event("unchanged")  # read fine, the same text as the current version
        else:
            event("stored")
            assert PolicyVersion.current().load().name is not None
