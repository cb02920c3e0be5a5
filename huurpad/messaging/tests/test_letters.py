"""Letters as PDF: every kind of message printed on the sender's letterhead, one page each, and
the print file with all of them. The PDFs are kept in var/test-artifacts/letters/ to look at."""

from datetime import date

import pytest
from weasyprint import HTML

from conftest import ARTIFACTS
from huurpad.messaging import letters
from huurpad.messaging.models import Sender
from huurpad.messaging.tests.test_texts import facts_for
from huurpad.messaging.texts import KINDS, render, wik_terms

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 27)


@pytest.fixture
def sender():
    return Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1234",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        email="huur@delinde.example",
        website="delinde.example",
        iban="NL44 RABO 0123 4567 89",
    )


def letter(kind: str) -> letters.Letter:
    facts = facts_for(kind)
    if "direct_debit" in facts:
        facts["direct_debit"] = False  # paying by transfer: the letter says where to
    if kind == "wik_letter":
        facts |= wik_terms(facts["amount"], DAY, 2)
    return letters.Letter(
        message=render(kind, "long", **facts),
        recipient=("Mevrouw A. Bakker", "Lindelaan 1", "3011 AB Rotterdam"),
        contract="HC1001",
        reference=f"B-{kind}",
        day=DAY,
    )


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_prints_on_one_page_of_letterhead(sender, kind):
    page = letters.html(letter(kind), sender)
    for shown in (
        "Woonstichting De Linde",
        "Postbus 1234",
        "Mevrouw A. Bakker",
        "3011 AB Rotterdam",
        "27 november 2026",
        "HC1001",
        f"B-{kind}",
        "Met vriendelijke groet,",
    ):
        assert shown in page
    assert len(HTML(string=page).render().pages) == 1, f"{kind} runs over one page"
    pdf = letters.pdf([letter(kind)], sender)
    assert pdf.startswith(b"%PDF-")
    folder = ARTIFACTS / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}.pdf").write_bytes(pdf)


def test_the_print_file_holds_every_letter_each_numbered_on_its_own(sender):
    batch = [letter(kind) for kind in KINDS]
    printed = letters.document(batch, sender)
    assert len(printed.pages) == len(KINDS)  # one page a letter, in order
    folder = ARTIFACTS / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "printbestand.pdf").write_bytes(printed.write_pdf())


def test_a_name_with_quotes_or_an_ampersand_prints_as_written(sender):
    sender.name = "Stichting 't Heem & Co"
    page = letters.html(letter("nudge"), sender)
    assert "Stichting &#x27;t Heem &amp; Co" in page  # escaped in the HTML, printed as written


def test_without_a_sender_nothing_is_printed():
    with pytest.raises(Sender.DoesNotExist, match="Vul eerst de afzender in"):
        letters.pdf([letter("nudge")])
