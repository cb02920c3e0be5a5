"""Shared fixtures: named users, one per role (owner / member / outsider style), and a browser."""

import os
from pathlib import Path

import django.test
import pytest
from django.contrib.auth.models import Group

from huurpad.accounts.roles import Role

# The PostgreSQL pass of `make test` (`--database-dependent`) runs the tests whose outcome can
# depend on the database; the SQLite pass runs every test. The rule, applied per test:
# - A test that reaches no database (no django_db mark, no database fixture, no Django TestCase) is
#   left to the SQLite pass: pytest-django refuses it any query, so it proves the same on both.
# - A test in a browser (the browser_page fixture) is left to the SQLite pass too: what it adds to
#   the client tests is the browser's side (scripts, htmx swaps, the Content-Security-Policy,
#   layout, keyboard, accessibility), which the database does not change; the server side of the
#   pages it opens is walked on PostgreSQL by huurpad/tests/test_dutch_on_screen.py and
#   huurpad/accounts/tests/test_hostile_query_values.py, and the actions it clicks are tested
#   through Django's client in their apps.
# Everything else that reaches the database runs on PostgreSQL too: SQL, locking, concurrency,
# raw SQL, migrations, transactions, the page walks.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_setup",  # what every way into the test database goes through
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def pytest_addoption(parser):
    parser.addoption(
        "--database-dependent",
        action="store_true",
        help="run only the tests whose outcome can depend on the database (the PostgreSQL pass; see conftest.py)",
    )


def reaches_database(item) -> bool:
    cls = getattr(item, "cls", None)
    return (
        item.get_closest_marker("django_db") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        or (cls is not None and issubclass(cls, django.test.TransactionTestCase))
    )


def in_browser(item) -> bool:
    return "browser_page" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-dependent"):
        return
    keep = [item for item in items if reaches_database(item) and not in_browser(item)]
    if len(keep) < len(items):
        kept = set(keep)
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = keep


class Client(django.test.Client):
    """Django's test client, whose force_login also passes the second factor: most tests are about
    what a signed-in user may do, not about signing in. huurpad/accounts/tests/ test the real steps
    (password, then code) with a plain django.test.Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)


def pass_second_factor(client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user).persistent_id
    session.save()


@pytest.fixture
def client():
    return Client()


def landing() -> str:
    """Where signing in leads when no page was asked for (LOGIN_REDIRECT_URL)."""
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_REDIRECT_URL)


def app_device(user):
    """The user's authenticator app: their confirmed TOTP device, made when there is none yet."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device) -> str:
    """The code the app shows now. A code is accepted once (in its 30 seconds); a test that signs
    the same user in twice gets it accepted again, as if the next 30 seconds had come."""
    from django_otp.oath import totp

    device.refresh_from_db()
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(page, url, username, password="geheim-wachtwoord-1") -> None:
    """Sign in through the form in a browser: the password, then the code from the app."""
    from django.contrib.auth import get_user_model

    app_device(get_user_model().objects.get(username=username))  # set up before, as staff have it
    page.goto(f"{url}/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    enter_code(page, username)


def enter_code(page, username) -> None:
    """The second step of signing in: the code the user's app shows now."""
    from django.contrib.auth import get_user_model

    device = app_device(get_user_model().objects.get(username=username))
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Verder").click()
    page.wait_for_load_state()


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
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{step}: " + "; ".join(bad)

    return check
