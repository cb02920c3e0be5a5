"""`huurpad check --deploy` with the production settings of docs/deployment.md reports nothing; the
same check without them warns (so the test would notice a check that no longer ran)."""

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


def deploy_check(variables: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HUURPAD_VAR_DIR": str(tmp_path), **variables}
    command = [sys.executable, "-m", "huurpad.cli", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_the_documented_production_settings_pass_the_deploy_check_without_a_warning(tmp_path):
    variables = documented()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "HUURPAD_SECURE_COOKIES", "HUURPAD_HSTS_SECONDS",
            "HUURPAD_PROXY_SSL_HEADER", "HUURPAD_SSL_REDIRECT"} <= set(variables)  # fmt: skip
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
