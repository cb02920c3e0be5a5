"""In a real browser, one journey over the kinds of page (the public check, signing in, the
worklist filtered with htmx, a tenancy page with its forms loaded by htmx, the policy editor, the
admin, Mijn Huurpad with its htmx sizing): the Content-Security-Policy refuses nothing, so no page
needs inline script or style, and htmx keeps no page in the browser's storage. The browser reports each refusal as a `securitypolicyviolation`
event and on the console; the journey ends by making one on purpose, to show both are heard."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from conftest import app_device, enter_code
from huurpad.accounts.roles import Role
from huurpad.messaging.models import Sender
from huurpad.portal.tests.conftest import LINK
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "geheim-wachtwoord-1"
LISTEN = """window.__refused = [];
document.addEventListener('securitypolicyviolation',
    e => window.__refused.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture
def world(django_user_model):
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    tom = django_user_model.objects.create_user(
        username="tom", password=PASSWORD, is_staff=True
    )  # team leader and beheerder
    tom.groups.add(*Group.objects.filter(name__in=[Role.TEAMLEIDER.value, Role.BEHEERDER.value]))
    anna = make_tenancy("HC1", start=date(2023, 1, 1), initials="A.", surname="Bakker", email="anna@example.nl")
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    book(anna, f"{first} rent 650.00\n{first} service_costs 50.00")
    return anna


def test_no_page_of_the_journey_needs_what_the_policy_refuses(live_server, world, browser_page, django_user_model):
    page, url = browser_page, live_server.url
    page.context.add_init_script(LISTEN)
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    refused = []

    def visit(step: str) -> None:
        page.wait_for_load_state("networkidle")
        refused.extend(f"{step}: {what}" for what in page.evaluate("window.__refused"))

    policy = page.goto(
        f"{url}/huurcheck/?huishouden=single&personen=1&leeftijd=30&inkomen=1800&huur=700&servicekosten=50&bereken=1"
    )
    assert "script-src 'self'" in policy.headers["content-security-policy"]
    page.get_by_text("Huur en servicekosten").first.wait_for()
    visit("huurcheck")

    app_device(django_user_model.objects.get(username="tom"))  # Tom set up his app before
    page.goto(f"{url}/login/")
    visit("login")
    page.get_by_label("Gebruikersnaam").fill("tom")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code", exact=True).wait_for()
    visit("second factor")
    enter_code(page, "tom")
    page.get_by_role("heading", name="Werklijst huurachterstand").wait_for()
    visit("worklist")
    page.get_by_label("Profiel").select_option(index=1)  # htmx swaps the list in
    page.wait_for_url("**segment=**")
    visit("worklist filtered")
    # htmx keeps no copy of the list (names, amounts) in the tab's storage; going back reloads it.
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    page.go_back()
    page.get_by_role("heading", name="Werklijst huurachterstand").wait_for()
    assert "segment=" not in page.url
    visit("worklist back")

    page.goto(f"{url}/huurcontract/HC1/")
    page.get_by_text("Zelf een bericht sturen").click()  # htmx loads the form when it opens
    page.get_by_role("button", name="Bericht klaarzetten").wait_for()
    visit("tenancy")

    page.goto(f"{url}/beleid/wijzigen/")
    page.get_by_role("heading", name="Beleid wijzigen").wait_for()
    visit("policy editor")

    page.goto(f"{url}/beheer/tenancies/tenancy/")
    page.get_by_role("link", name="HC1").first.click()
    page.locator("#content form").wait_for()
    visit("admin")

    page.context.clear_cookies()
    page.goto(f"{url}/mijn/inloggen/")
    visit("portal login")
    page.get_by_label("Uw e-mailadres").fill("anna@example.nl")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()
    page.goto(url + LINK.search(mail.outbox[-1].body).group(1))
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Hallo").wait_for()
    visit("portal")
    page.get_by_role("link", name="Maak een betalingsregeling").first.click()
    page.get_by_label("Hoeveel kunt u elke maand extra betalen?").fill("200")
    page.get_by_text("Dit kunt u zelf regelen.").wait_for()  # htmx's answer while she types
    visit("portal arrangement")

    assert refused == [] and console == [], "\n".join(refused + console)
    # Heard when it happens: an inline style added now is refused and reported.
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')")
    visit("on purpose")
    assert len(refused) == 1 and refused[0].startswith("on purpose: style-src") and len(console) == 1
