"""What a page shows its reader, and the internal codes and English words in it.

Everything on screen is Dutch (docs/glossary.md): no stored code such as `signal_notice`, no
English word, no English month or weekday, and Dutch plurals ("1 signaal", "2 signalen").
`shown_text` takes a page apart as a reader (or a screen reader) meets it; `problems` names what
should not be there. huurpad/tests/test_dutch_on_screen.py walks every page with them."""

import re
from html.parser import HTMLParser

# Attributes whose text is shown or read out; every other attribute value is the page's own.
SPOKEN_ATTRIBUTES = {"title", "aria-label", "aria-description", "placeholder", "alt", "hx-confirm", "data-confirm"}
BUTTON_INPUTS = {"submit", "button", "reset"}  # an <input> of these types shows its value
UNSEEN = {"script", "style"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.unseen = 0
        self.verbatim: list[str] = []  # the element marked translate="no" we are in, and its kind nested in it

    def handle_starttag(self, tag, attrs):
        if tag in UNSEEN:
            self.unseen += 1
        values = dict(attrs)
        if self.verbatim and tag == self.verbatim[0]:
            self.verbatim.append(tag)
        elif not self.verbatim and values.get("translate") == "no":
            self.verbatim.append(tag)
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.parts.append(value)
        if tag == "input" and values.get("type") in BUTTON_INPUTS and values.get("value"):
            self.parts.append(values["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in UNSEEN:
            self.unseen -= 1

    def handle_endtag(self, tag):
        if self.verbatim and tag == self.verbatim[0]:
            self.verbatim.pop()
        if tag in UNSEEN and self.unseen:
            self.unseen -= 1
        elif tag in {"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "option", "dt", "dd"}:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.unseen and not self.verbatim:
            self.parts.append(data)


def shown_text(html: str) -> str:
    """The page's text as a reader meets it: the words between the tags, and the attributes that
    are shown or read out (title, aria-label, placeholder, alt, a button's value, a confirm
    question); not scripts, styles or the other attributes, nor the contents of an element marked
    translate="no" (HTML's mark for text that is not to be translated: the policy's stored TOML,
    shown as the file it is)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return re.sub(r"[ \t\r\f\v]+", " ", " ".join(reader.parts))


# Written forms that may hold an underscore and are not codes: e-mail addresses, web addresses,
# paths and file names (an export's name, a download).
NOT_CODES = re.compile(
    r"\S+@\S+"  # e-mail address
    r"|\bhttps?://\S+"  # web address
    r"|\S*/\S*"  # a path
    r"|\S+\.(?:csv|pdf|zip|xml|txt|toml|json|sta|940|xlsx)\b",  # a file name
    re.IGNORECASE,
)
SNAKE_CASE = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")

# English words that are not also Dutch ("open", "status", "team", "code", "per", "risico",
# "week", "letter", "stop", "test" are left out: they are Dutch too).
ENGLISH_WORDS = {
    "result",
    "results",
    "pending",
    "none",
    "true",
    "false",
    "null",
    "signal",
    "signals",
    "arrears",
    "payment",
    "payments",
    "due",
    "review",
    "reviewed",
    "approved",
    "rejected",
    "declined",
    "cancelled",
    "canceled",
    "failed",
    "sent",
    "queued",
    "draft",
    "unknown",
    "amount",
    "reason",
    "tenant",
    "tenancy",
    "officer",
    "reminder",
    "notice",
    "summons",
    "bailiff",
    "court",
    "arrangement",
    "pause",  # Dutch writes 'pauze'
    "referral",
    "yes",
    "email",  # Dutch writes 'e-mail' (an address is not checked)
    "the",
    "and",
    "with",
    "from",
    "month",
    "months",
    "days",
    "today",
    "yesterday",
    "tomorrow",
    "midnight",
    "noon",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "august",
    "october",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(sorted(ENGLISH_WORDS)) + r")(?![\w-])", re.IGNORECASE)
# Month and weekday abbreviations written the English way next to a number ('5 Dec', 'Dec 5',
# and Django's 'j M', which writes '5 Mrt' in Dutch too), and a.m./p.m.: Dutch writes '5 dec.' or
# '5 december', 'ma 7 dec.', and the 24-hour clock.
MONTH_ABBR = "Jan|Feb|Mar|Mrt|Apr|May|Mei|Jun|Jul|Aug|Sep|Sept|Oct|Okt|Nov|Dec"
DAY_ABBR = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
ENGLISH_DATE = re.compile(
    rf"\b\d{{1,2}}\.? (?:{MONTH_ABBR})\b"
    rf"|\b(?:{MONTH_ABBR})\.? \d{{1,2}}\b"
    rf"|\b(?:{DAY_ABBR})\b,? \d"
    r"|\b[ap]\.m\."
)

# The project's common nouns, singular and plural: '1 signalen' and '3 signaal' are mistakes.
# ('jaar', 'uur', 'keer' and 'euro' stay singular after a number in Dutch: '3 jaar', '2 keer'.)
NOUNS = {
    "signaal": "signalen",
    "vroegsignaal": "vroegsignalen",
    "taak": "taken",
    "dag": "dagen",
    "werkdag": "werkdagen",
    "maand": "maanden",
    "week": "weken",
    "betaling": "betalingen",
    "regeling": "regelingen",
    "huishouden": "huishoudens",
    "brief": "brieven",
    "bericht": "berichten",
    "termijn": "termijnen",
    "voorstel": "voorstellen",
    "huurder": "huurders",
    "woning": "woningen",
    "dossier": "dossiers",
    "stap": "stappen",
    "herinnering": "herinneringen",
    "aanmaning": "aanmaningen",
    "pauze": "pauzes",
    "huurcontract": "huurcontracten",
    "melding": "meldingen",
    "verwijzing": "verwijzingen",
    "doorverwijzing": "doorverwijzingen",
    "afspraak": "afspraken",
    "regel": "regels",
    "rij": "rijen",
    "schuldeiser": "schuldeisers",
    "contactpoging": "contactpogingen",
    "notitie": "notities",
    "gebeurtenis": "gebeurtenissen",
    "kwijtschelding": "kwijtscheldingen",
    "medewerker": "medewerkers",
    "partner": "partners",
    "gemeente": "gemeenten",
    "bestand": "bestanden",
    "transactie": "transacties",
    "incasso": "incasso's",
    "storting": "stortingen",
}
_NUMBER = r"(?<![\d.,:/€-])(?<!€ )(\d+)"
ONE_PLURAL = re.compile(_NUMBER + r" (" + "|".join(sorted(set(NOUNS.values()), key=len, reverse=True)) + r")\b")
MANY_SINGULAR = re.compile(_NUMBER + r" (" + "|".join(sorted(NOUNS, key=len, reverse=True)) + r")\b(?![-'])")


def problems(text: str) -> list[tuple[str, str]]:
    """What in `text` is not plain Dutch: (the kind of problem and its words, the text around it)."""
    found = []

    def note(kind: str, match: re.Match, source: str) -> None:
        start, end = match.span()
        around = " ".join(source[max(0, start - 40) : end + 40].split())
        found.append((f"{kind} {match.group(0)!r}", f"…{around}…"))

    words = NOT_CODES.sub(" ", text)
    for match in SNAKE_CASE.finditer(words):
        note("code", match, words)
    for match in ENGLISH.finditer(words):
        note("English", match, words)
    for match in ENGLISH_DATE.finditer(text):
        note("month written the English way", match, text)
    for match in ONE_PLURAL.finditer(text):
        if match.group(1) == "1":
            note("plural after 1", match, text)
    for match in MANY_SINGULAR.finditer(text):
        if match.group(1) != "1":
            note("singular after a number", match, text)
    return found
