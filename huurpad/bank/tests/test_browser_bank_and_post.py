"""In a real browser: an officer uploads the day's bank statement, books an unknown payment by
clicking a suggestion, and makes the day's letters into one PDF for the post. Each page passes
axe-core's serious and critical rules; the screenshots are in var/test-artifacts/."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from conftest import sign_in
from huurpad.bank.models import BankTransaction
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.testing.camt import Detail, Entry, statement
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def day(django_user_model, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    officer = django_user_model.objects.create_user("ilse", password="geheim-wachtwoord-1", first_name="Ilse")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 1234567",
    )
    bakker = make_tenancy("DEMO-00001-1", surname="Bakker")
    visser = make_tenancy("DEMO-00002-1", surname="Visser")
    book(bakker, "2026-12-01 rent 700.00")
    OutboxMessage.objects.create(
        tenancy=visser,
        action="personal",
        channel="letter",
        day=timezone.localdate(),
        recipient="J. Visser\nLindelaan 2\n1234 AB Lindestad",
        subject="Uw huur",
        body="Beste heer Visser,\n\nWilt u ons bellen?\n\nMet vriendelijke groet",
    )
    path = tmp_path / "afschrift-2026-12-07.xml"
    path.write_bytes(
        statement(
            [
                Entry(
                    D("650.00"),
                    bank_reference="B1",
                    details=[Detail(name="Stichting Hulp", remittance="voor de huur van DEMO-00002-1")],
                ),
                Entry(D("700.00"), bank_reference="B2", details=[Detail(name="M. Bakker", remittance="huur moeder")]),
            ]
        )
    )
    return path


def test_the_bank_and_the_post_room_in_a_browser(live_server, day, browser_page, look):
    page, url = browser_page, live_server.url
    sign_in(page, url, "ilse")

    page.get_by_role("link", name="Bankafschriften").click()
    look("bankafschriften")
    page.get_by_label("Bankafschrift").set_input_files(day)
    page.get_by_role("button", name="Inlezen en boeken").click()
    page.get_by_role("heading", name="afschrift-2026-12-07.xml is ingelezen").wait_for()
    assert "2 nieuwe transacties: 1 geboekt" in page.content()
    look("ingelezen")

    page.get_by_role("link", name="Onbekende betalingen").first.click()
    look("onbekende-betalingen")
    page.get_by_role("button", name="Boeken op DEMO-00001-1 (J. Bakker)").click()
    page.get_by_text("700,00 van M. Bakker is geboekt op DEMO-00001-1.").wait_for()
    assert BankTransaction.objects.get(bank_reference="B2").tenancy.ref == "DEMO-00001-1"
    look("suggestie-geboekt")

    page.get_by_role("link", name="Brieven", exact=True).click()
    assert "1 brief" in page.content()
    page.get_by_role("button", name="Brieven maken als één PDF").click()
    link = page.get_by_role("link", name=f"Brieven van {timezone.localdate().day}")
    busy = page.get_by_text("Bezig met maken…")
    busy.or_(link).first.wait_for()
    if busy.is_visible():  # unless the thread was quicker than the answer
        look("brieven-bezig")
    link.wait_for(timeout=120_000)  # made in a thread; htmx asks every two seconds
    look("brieven-klaar")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"brieven-{timezone.localdate()}.pdf"
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT

    assert page.request.get(f"{url}/favicon.ico").status == 200
