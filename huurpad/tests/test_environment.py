"""The environment is read in one place, huurpad/settings.py; every other module asks
django.conf.settings. The exceptions are named here, each with its reason."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

HUURPAD = Path(__file__).resolve().parents[1]
READERS = {"environ", "environb", "getenv", "getenvb"}

# Modules that may read the environment, and why.
ALLOWED = {
    "settings.py": "the one settings module",
    "gunicorn_conf.py": "gunicorn reads it itself, before Django and the settings are loaded",
    "core/params/__init__.py": "the pure core cannot ask Django's settings (HUURPAD_PARAMS_DIR)",
}


def reads(path: Path) -> list[int]:
    """The lines on which a module reads the environment. Not counted: handing it on whole to a
    child process ({**os.environ, ...}) and telling Django which settings to load
    (os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)), neither of which reads a value."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    handed_on = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            handed_on.update(id(value) for key, value in zip(node.keys, node.values) if key is None)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setdefault"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == "DJANGO_SETTINGS_MODULE"
        ):
            handed_on.add(id(node.func.value))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in READERS and id(node) not in handed_on:
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            lines += [node.lineno for alias in node.names if alias.name in READERS]
    return sorted(lines)


def test_only_the_settings_read_the_environment():
    offenders = {}
    for path in sorted(HUURPAD.rglob("*.py")):
        name = path.relative_to(HUURPAD).as_posix()
        if "tests" in path.parts or name in ALLOWED:
            continue
        if lines := reads(path):
            offenders[name] = lines
    assert offenders == {}, "read these from django.conf.settings, set in huurpad/settings.py"


def test_the_allowed_modules_are_there_and_still_need_it():
    assert all(reads(HUURPAD / name) for name in ALLOWED)


def test_the_check_sees_every_way_of_reading(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom os import getenv\n"
        "a = os.environ.get('A')\n"
        "b = os.getenv('B')\n"
        "c = os.environ['C']\n"
        "d = __import__('os').environ.get('D')\n"
        "child = {**os.environ, 'E': '1'}\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'huurpad.settings')\n"
        "f = os.environ.setdefault('F', '1')\n"
    )
    assert reads(sample) == [2, 3, 4, 5, 6, 9]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, ["''", "'demo'", "{'sms': 'console', 'whatsapp': 'console', 'email': 'email'}", "'Huurpad'", "{}"]),
        (
            {
                "HUURPAD_PUBLIC_URL": "https://huurpad.example.nl",
                "HUURPAD_PAY_PROVIDER": "mollie",
                "HUURPAD_CHANNELS": '{"sms": "cm"}',
                "HUURPAD_SMS_SENDER": "DeLinde",
                "HUURPAD_CREDITOR_NAME": " Woonstichting De Linde ",
                "HUURPAD_CREDITOR_BIC": "",
            },
            [
                "'https://huurpad.example.nl'",
                "'mollie'",
                "{'sms': 'cm'}",
                "'DeLinde'",
                "{'name': 'Woonstichting De Linde'}",
            ],
        ),
    ],
)
def test_the_variables_land_in_their_settings(variables, expected):
    code = (
        "import huurpad.settings as s;"
        "[print(repr(v)) for v in (s.PUBLIC_URL, s.PAY_PROVIDER, s.CHANNELS, s.SMS_SENDER, s.CREDITOR)]"
    )
    env = {"SECRET_KEY": "test", "DATABASE_URL": "sqlite://:memory:", **variables}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines() == expected, result.stderr


def test_channels_that_are_not_json_are_named():
    env = {"SECRET_KEY": "test", "DATABASE_URL": "sqlite://:memory:", "HUURPAD_CHANNELS": "{sms"}
    result = subprocess.run(
        [sys.executable, "-c", "import huurpad.settings"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "HUURPAD_CHANNELS is not JSON" in result.stderr
