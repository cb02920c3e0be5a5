"""Dates, amounts and channel names as Dutch readers expect them."""

from datetime import date

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


# The months shortened as the Taalunie writes them: lower case, a full stop, 'mei' in full.
MONTHS_SHORT = ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")


def months_nl(months) -> str:
    """'1 maand', '18 maanden'; an unknown number reads as such."""
    if months is None or months == "":
        return "een onbekend aantal maanden"
    return f"{months} {plural_nl(int(months), 'maand', 'maanden')}"


def date_nl(day: date) -> str:
    """'5 maart 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_nl_short(day: date) -> str:
    """'5 mrt.': a day of this year in a narrow column (Django's 'j M' writes '5 Mrt', '5 Dec')."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]}"


def plural_nl(count: int, one: str, more: str) -> str:
    """The noun for `count`: '1 signaal', '0 signalen', '2 signalen'."""
    return one if count == 1 else more


# How a message goes out or a contact is made.
CHANNELS = {
    "sms": "sms",
    "whatsapp": "WhatsApp",
    "email": "e-mail",
    "letter": "brief",
    "phone": "telefoon",
    "visit": "huisbezoek",
    "card": "kaartje aan de deur",
    "municipality": "naar de gemeente",
}


def channel_nl(channel: str) -> str:
    return CHANNELS.get(channel, channel)


# Why a pause runs (solutions.models.Pause.Reason, the policy's facts.Pause.reason).
PAUSE_REASONS = {
    "officer": "Op verzoek van de medewerker",
    "kennisgeving": "Kennisgeving van de schuldhulpverlener",
    "municipal_help": "Gemeente meldt: hulp aanvaard",
    "moratorium": "Moratorium van de rechter",
    "debt_settlement": "Schuldregeling loopt",
}


def pause_reason_nl(reason: str) -> str:
    return PAUSE_REASONS.get(reason, reason)


# The legal track (huurpad/legal; spec/CLI.md "Legal track events"): what the kantonrechter
# decided, and why a scheduled eviction did not go ahead.
JUDGMENT_OUTCOMES = {
    "ontbinding_ontruiming": "Ontbinding van de huur en ontruiming",
    "betalingsregeling": "Betalingsregeling opgelegd door de rechter",
    "afgewezen": "Vordering afgewezen",
    "aangehouden": "Zaak aangehouden",
}
EVICTION_CANCEL_REASONS = {
    "paid": "De achterstand is betaald",
    "arrangement": "Er is een betalingsregeling",
    "debt_help": "De huurder zit in een schuldhulptraject",
    "municipality_guarantee": "De gemeente staat garant",
    "other": "Andere reden",
}
