"""`huurpad check --deploy` with the production settings of docs/deployment.md reports nothing; the
same check without them warns (so the test would notice a check that no longer ran). The security
variables become the settings they name, and are off unless set."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "deployment.md"


def documented() -> dict[str, str]:
    """The variables in the first code block of the section "Production settings"."""
    section = DOC.read_text().split("## Production settings", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return dict(line.split("=", 1) for line in block.splitlines() if re.match(r"[A-Z_]+=", line))


def huurpad(args: list[str], variables: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """The huurpad command with only these variables in its environment."""
    env = {"PATH": os.environ["PATH"], "HUURPAD_VAR_DIR": str(tmp_path), **variables}
    return subprocess.run(
        [sys.executable, "-m", "huurpad.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def deploy_check(variables: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    return huurpad(["check", "--deploy", "--fail-level", "WARNING"], variables, tmp_path)


def test_the_documented_production_settings_pass_the_deploy_check_without_a_warning(tmp_path):
    variables = documented()
    assert {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "HUURPAD_SECURE_COOKIES",
        "HUURPAD_HSTS_SECONDS",
        "HUURPAD_PROXY_SSL_HEADER",
        "HUURPAD_SSL_REDIRECT",
    } <= set(variables)
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)  # the doc says how to make one
    done = deploy_check(variables, tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_without_hsts_and_the_https_redirect_the_check_warns(tmp_path):
    variables = documented() | {"SECRET_KEY": secrets.token_urlsafe(50)}
    for name in ("HUURPAD_HSTS_SECONDS", "HUURPAD_SSL_REDIRECT"):
        del variables[name]
    done = deploy_check(variables, tmp_path)
    assert done.returncode == 1
    assert "security.W004" in done.stderr and "security.W008" in done.stderr


def test_the_documented_variables_become_the_settings(tmp_path):
    variables = documented() | {"SECRET_KEY": secrets.token_urlsafe(50)}
    shown = "print(settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)"
    done = huurpad(["shell", "-c", f"from django.conf import settings; {shown}"], variables, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') 31536000 True True True True", (
        done.stderr
    )
    unset = {
        name: value
        for name, value in variables.items()
        if not name.startswith(("HUURPAD_HSTS", "HUURPAD_PROXY", "HUURPAD_SSL"))
    }
    done = huurpad(
        [
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_HSTS_SECONDS)",
        ],
        unset,
        tmp_path,
    )
    assert done.stdout.strip().splitlines()[-1] == "None 0", done.stderr  # off unless set


def test_hsts_seconds_that_are_not_a_number_stop_every_command_with_the_variables_name(tmp_path):
    done = huurpad(
        ["check"],
        documented() | {"SECRET_KEY": secrets.token_urlsafe(50), "HUURPAD_HSTS_SECONDS": "een jaar"},
        tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "huurpad: HUURPAD_HSTS_SECONDS must be a number of seconds, not 'een jaar'."
