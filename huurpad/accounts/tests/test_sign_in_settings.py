"""Sign-in settings from the environment: the demo-only switch is refused outside development, a
bad group map or proxy count is named, and single sign-on, when configured, offers its button."""

import os
import subprocess
import sys

import pytest

BASE = {
    "SECRET_KEY": "test",
    "PATH": os.environ.get("PATH", ""),
    "HUURPAD_VAR_DIR": os.environ.get("HUURPAD_VAR_DIR", "var"),
}


def load_settings(**env) -> subprocess.CompletedProcess:
    code = "import huurpad.settings as s; print(s.OIDC_ENABLED, s.SECOND_FACTOR_OFF, s.TRUSTED_PROXY_COUNT)"
    return subprocess.run([sys.executable, "-c", code], env={**BASE, **env}, capture_output=True, text=True, timeout=60)


def test_the_second_factor_cannot_be_switched_off_in_production():
    result = load_settings(HUURPAD_SECOND_FACTOR_OFF="1")
    assert result.returncode != 0
    assert "HUURPAD_SECOND_FACTOR_OFF is for development only" in result.stderr


def test_the_second_factor_can_be_switched_off_in_development():
    result = load_settings(HUURPAD_SECOND_FACTOR_OFF="1", HUURPAD_DEBUG="1")
    assert result.returncode == 0 and result.stdout.split() == ["False", "True", "0"]


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"HUURPAD_OIDC_GROUP_ROLES": "{not json"}, "HUURPAD_OIDC_GROUP_ROLES is not JSON"),
        ({"HUURPAD_OIDC_GROUP_ROLES": '["beheerder"]'}, "HUURPAD_OIDC_GROUP_ROLES must be a JSON object"),
        ({"HUURPAD_TRUSTED_PROXY_COUNT": "-1"}, "HUURPAD_TRUSTED_PROXY_COUNT must be 0 or more"),
        ({"HUURPAD_OIDC_CLIENT_ID": "huurpad"}, "Set the environment variable HUURPAD_OIDC_CLIENT_SECRET"),
    ],
)
def test_bad_settings_are_named(env, says):
    result = load_settings(**env)
    assert result.returncode != 0 and says in result.stderr


def test_single_sign_on_is_off_by_default_and_on_when_configured():
    assert load_settings().stdout.split()[0] == "False"
    oidc = {
        f"HUURPAD_OIDC_{k}": v
        for k, v in {
            "CLIENT_ID": "huurpad",
            "CLIENT_SECRET": "geheim",
            "AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
            "TOKEN_ENDPOINT": "https://login.example/token",
            "JWKS_ENDPOINT": "https://login.example/keys",
        }.items()
    }
    code = (
        "import django; django.setup(); from django.test import Client;"
        "page = Client().get('/login/').content.decode(); print('Inloggen met uw organisatie-account' in page);"
        "from django.urls import reverse; print(reverse('oidc_authentication_callback'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **BASE,
            **oidc,
            "DJANGO_SETTINGS_MODULE": "huurpad.settings",
            "HUURPAD_DEBUG": "1",
            "DATABASE_URL": "sqlite://:memory:",
            "ALLOWED_HOSTS": "testserver",
        },
    )
    assert result.stdout.split() == ["True", "/sso/callback/"], result.stderr


def test_over_https_the_cookies_are_host_only():
    code = "import huurpad.settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_HTTPONLY if hasattr(s, 'SESSION_COOKIE_HTTPONLY') else 'default')"
    result = subprocess.run([sys.executable, "-c", code], env=BASE, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "default"], result.stderr
