"""In a real browser: the case file fits on a screen. At 1280 x 800 and on a 390 px phone the top of
the tenancy page shows who, how to reach them, the position, what is running, the open tasks and
the next step; the in-page menu reaches every part; past steps are folded; axe-core finds nothing.
Screenshots go to the test's tmp path."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import AXE, sign_in
from huurpad.accounts.roles import Role
from huurpad.cases.models import Task
from huurpad.collection.models import PolicyRun, PolicyVersion, Proposal
from huurpad.solutions.models import Pause
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECTIONS = {  # the menu's links and a heading in the part each leads to
    "Contact": "Contact vastleggen",
    "Stand en huurrekening": "Huurrekening",
    "Stappen": "Voorgestelde stappen",
    "Tijdlijn": "Tijdlijn",
    "Oplossingen": "Betalingsregeling en pauze",
    "Signalen en Bgs": "Signalen van buiten",
    "Dossier en gegevens": "Dossier",
    "Documenten": "Documenten",
}


@pytest.fixture
def household():
    """Three months behind, twenty-two steps behind it, one call waiting, a pause running."""
    today = timezone.localdate()
    tenancy = make_tenancy(
        "HC500",
        initials="A.",
        surname="Dekker",
        phone="06 11223344",
        email="a.dekker@example.nl",
        start=today.replace(year=today.year - 2),
    )
    month = today.replace(day=1)
    lines = []
    for back in range(3, 0, -1):
        due = (month - timedelta(days=28 * back)).replace(day=1)
        lines.append(f"{due} rent 700.00")
    book(tenancy, "\n".join(lines))
    run = PolicyRun.objects.create(day=today, policy_version=PolicyVersion.current(), status="done")
    for n in range(22):
        Proposal.objects.create(
            tenancy=tenancy,
            run=run,
            policy_version=run.policy_version,
            rule="nudge",
            action="nudge",
            channel="sms",
            period=f"oud-{n}",
            due_date=today - timedelta(days=100 - n),
            status="done",
            explanation=f"Eerdere herinnering nummer {n}.",
        )
    Proposal.objects.create(
        tenancy=tenancy,
        run=run,
        policy_version=run.policy_version,
        rule="call",
        action="call",
        channel="phone",
        period="nu",
        due_date=today,
        status="proposed",
        explanation="Nog niemand gesproken: eerst een gesprek.",
    )
    Task.objects.create(
        tenancy=tenancy,
        action="call",
        role=Role.INCASSOMEDEWERKER.value,
        title="Terugbellen",
        explanation="De huurder vroeg om terug te bellen.",
        due_date=today,
    )
    Pause.objects.create(
        tenancy=tenancy, reason="officer", start=today - timedelta(days=3), review_date=today + timedelta(days=11)
    )
    return tenancy


def in_first_view(page, locator, name: str) -> None:
    """The element lies wholly inside the viewport with the page scrolled to the top."""
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None, name
    assert 0 <= box["y"] and box["y"] + box["height"] <= size["height"], (name, box, size)
    assert 0 <= box["x"] and box["x"] + box["width"] <= size["width"], (name, box, size)


def no_axe_violations(page, step: str) -> None:
    page.evaluate(AXE.read_text() + "\n;0")  # evaluated: the Content-Security-Policy refuses inline script
    found = page.evaluate("async () => (await axe.run(document)).violations")
    assert not found, f"{step}: " + "; ".join(
        f"{v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:3]}" for v in found
    )


def test_the_case_file_fits_on_a_screen_at_desk_and_on_a_phone(live_server, officer, household, browser_page, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, "ilse")
    page.goto(f"{live_server.url}/huurcontract/HC500/")
    glance = page.locator(".glance")
    parts = {
        "name": page.get_by_role("heading", name="A. Dekker", level=1),
        "phone": glance.get_by_role("link", name="06 11223344"),
        "e-mail": glance.get_by_role("link", name="a.dekker@example.nl"),
        "position": page.get_by_role("region", name="Achterstand"),
        "running": page.get_by_role("region", name="Loopt nu"),
        "tasks": page.get_by_role("region", name="Open taken"),
        "next step": page.get_by_role("region", name="Volgende stap"),
        "contact button": glance.get_by_role("link", name="Contact vastleggen"),
    }
    assert parts["phone"].get_attribute("href") == "tel:0611223344"
    assert parts["e-mail"].get_attribute("href") == "mailto:a.dekker@example.nl"
    assert "€ 2.100,00" in parts["position"].inner_text().replace("\N{NO-BREAK SPACE}", " ")
    assert "Pauze" in parts["running"].inner_text()
    assert "Terugbellen" in parts["tasks"].inner_text()
    assert "Bellen" in parts["next step"].inner_text()
    for name, locator in parts.items():
        in_first_view(page, locator, name)
    page.screenshot(path=tmp_path / "desk-top.png")
    no_axe_violations(page, "desk")

    # Past steps are folded away; the current one shows.
    steps = page.locator("#deel-stappen")
    assert steps.get_by_text("Nog niemand gesproken: eerst een gesprek.").is_visible()
    assert steps.get_by_text("Eerdere stappen (22)").is_visible()
    assert not steps.get_by_text("Eerdere herinnering nummer 0.").is_visible()
    assert page.locator("details.past-steps").get_attribute("open") is None

    # The contact form is one click away.
    parts["contact button"].click()
    page.wait_for_url("**#contact")
    in_view = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    assert page.get_by_label("Hoe").evaluate(in_view)

    # The in-page menu reaches every part (the menu stays on screen, sticky).
    menu = page.get_by_role("navigation", name="In dit dossier")
    for link, heading in SECTIONS.items():
        menu.get_by_role("link", name=link, exact=True).click()
        target = page.get_by_role("heading", name=heading, exact=True)
        page.wait_for_function(
            "sel => { const r = document.querySelector(sel).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
            arg=menu.get_by_role("link", name=link, exact=True).get_attribute("href"),
        )
        assert target.evaluate(in_view), link
        assert menu.evaluate(in_view), link
    page.screenshot(path=tmp_path / "desk-documents.png")

    # On a phone: one column, readable; who, how to reach them and the position come first.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/huurcontract/HC500/")
    for name in ("name", "phone", "position"):
        in_first_view(page, parts[name], name)
    in_first_view(page, parts["contact button"], "contact button")
    top = glance.bounding_box()
    assert top["x"] >= 0 and top["x"] + top["width"] <= 390  # the top runs off no side
    for name in ("running", "tasks", "next step"):  # the rest of the top follows before the menu
        assert parts[name].bounding_box()["y"] < menu.bounding_box()["y"], name
    page.screenshot(path=tmp_path / "phone-top.png")
    page.screenshot(path=tmp_path / "phone-full.png", full_page=True)
    no_axe_violations(page, "phone")
