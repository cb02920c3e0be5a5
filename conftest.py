"""Shared fixtures: named users, one per role (owner / member / outsider style), and a browser."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from huurpad.accounts.roles import Role


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing passwords properly is slow by design; tests need no protection against cracking."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(django_user_model, username: str, *roles: Role):
    user = django_user_model.objects.create_user(username=username, password="geheim-wachtwoord-1")
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def officer(db, django_user_model):
    """Ilse, incassomedewerker: works the worklist."""
    return _user(django_user_model, "ilse", Role.INCASSOMEDEWERKER)


@pytest.fixture
def teamleader(db, django_user_model):
    return _user(django_user_model, "tom", Role.TEAMLEIDER)


@pytest.fixture
def partner(db, django_user_model):
    """Paula of the buurtteam: sees only what is handed to her organisation."""
    return _user(django_user_model, "paula", Role.PARTNER)


@pytest.fixture
def outsider(db, django_user_model):
    """Olaf has an account but no role."""
    return _user(django_user_model, "olaf")


@pytest.fixture
def admin_user_(db, django_user_model):
    return _user(django_user_model, "bea", Role.BEHEERDER)


CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium; `make test` installs it when missing
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VENDOR = Path(__file__).resolve().parent / "huurpad" / "static" / "vendor"


@pytest.fixture
def browser_page():
    """A page in headless Chromium. Tests that use it need live_server and a transactional db."""
    from django.db import connections
    from playwright import sync_api

    # Playwright's sync API runs an event loop in this thread; Django refuses DB access from there.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    assert (VENDOR / "htmx" / "htmx.min.js").exists(), "front-end files missing: run `make assets`"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        yield page
        # While Playwright's event loop runs, Django keeps this thread's database connection apart
        # from the one it uses otherwise: close the test's own here, or it outlives the test
        # database (PostgreSQL then refuses to drop it).
        connections.close_all()
        browser.close()


ARTIFACTS = Path(os.environ.get("HUURPAD_VAR_DIR", Path(__file__).resolve().parent / "var")) / "test-artifacts"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def look(browser_page, request):
    """Check the page as a user would: a screenshot kept in var/test-artifacts/ (named after the
    test and the step), and axe-core's accessibility rules, failing on any serious or critical
    violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert AXE.exists(), "axe-core missing: run `npm ci` (make assets)"

    def check(step: str) -> None:
        browser_page.wait_for_load_state()
        browser_page.screenshot(path=ARTIFACTS / f"{request.node.name}--{step}.png", full_page=True)
        # Evaluated, not added as a <script> tag: the Content-Security-Policy refuses inline script.
        browser_page.evaluate(AXE.read_text() + "\n;0")
        result = browser_page.evaluate("async () => (await axe.run(document)).violations")
        bad = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
               for v in result if v["impact"] in ("serious", "critical")]  # fmt: skip
        assert not bad, f"{step}: " + "; ".join(bad)

    return check
