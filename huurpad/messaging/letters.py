"""Letters as PDF (WeasyPrint): A4 for a window envelope, the sender's letterhead, the date, the
contract number and our reference, page numbers; and one print file for the post room."""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from huurpad.core.dutch import date_nl

from .models import Sender
from .texts import Message


@dataclass(frozen=True)
class Letter:
    message: Message  # the long text of a kind
    recipient: tuple[str, ...]  # name, street and number, postcode and place
    contract: str
    reference: str
    day: date


def html(letter: Letter, sender: Sender) -> str:
    paragraphs = [
        [(line, line.startswith("https://")) for line in block.splitlines()]
        for block in letter.message.body.split("\n\n")
    ]
    return render_to_string(
        "messaging/letter.html",
        {
            "sender": sender,
            "recipient": letter.recipient,
            "date": date_nl(letter.day),
            "contract": letter.contract,
            "reference": letter.reference,
            "subject": letter.message.subject,
            "paragraphs": paragraphs,
        },
    )


def pdf(letters: list[Letter], sender: Sender | None = None) -> bytes:
    """One PDF with every letter, each starting on a new page and numbered on its own: the
    print file for the post room (or one letter)."""
    return document(letters, sender).write_pdf()


def document(letters: list[Letter], sender: Sender | None = None):
    """The laid-out pages (a weasyprint Document) of every letter in turn."""
    from weasyprint import HTML  # loads Pango: only where letters are made

    sender = sender or Sender.current()
    documents = [HTML(string=html(letter, sender)).render() for letter in letters]
    if not documents:
        raise ValueError("geen brieven om af te drukken")
    return documents[0].copy([page for one in documents for page in one.pages])
