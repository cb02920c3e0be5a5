"""The canonical form of the Schuldenknooppunt messages (spec/CLI.md, 'Debt help messages';
docs/debt-help.md): the codes and field names the flow writes and reads, and the transports map to
and from their wire codes. Defined once, here. Pure Python (no Django), so that the transports
(debthelp/transport/) import it without the models.
"""

# The fields every message has, and per incoming type the fields it adds.
COMMON_FIELDS = ("message_id", "type", "date", "tenancy_ref", "counsellor", "counsellor_reference")
INCOMING_FIELDS = {
    "kennisgeving": ("months",),
    "saldoverzoek": (),
    "betaalvoorstel": ("kind", "percentage", "months"),
    "heroverweging": ("text",),
    "statusbericht": ("text",),
    "schuldregeling_akkoord": ("start_date",),
    "schuldregeling_beeindigd": ("outcome",),
}
OFFER_KINDS = ("schuldbemiddeling", "saneringskrediet", "nul_aanbod")
OUTCOMES = ("geslaagd", "mislukt")

# Our answers. Each answer's message_id is the incoming message's id with ANSWER_SUFFIX (one answer
# per message); an incoming id is at most INCOMING_ID_MAX long, so that the answer's id fits
# MESSAGE_ID_MAX (DebtMessage.message_id).
ANSWER_TYPES = ("saldo_antwoord", "betaalvoorstel_antwoord", "geen_medewerking")
ANSWER_SUFFIX = "-antwoord"
MESSAGE_ID_MAX = 100
INCOMING_ID_MAX = MESSAGE_ID_MAX - len(ANSWER_SUFFIX)

# saldo_antwoord: the kinds of charge its `items` name (the ledger's charges, core/ledger.py CHARGES),
# in the order it lists them. The items add up to the `claim`; a claim of 0.00 has no items.
ITEM_KINDS = ("rent", "service_costs", "collection_costs", "other_charge")
# Extra amounts a saldo_antwoord carries beside claim and items (docs/debt-help.md); the transports
# do not send them (the Schuldenknooppunt's answer has no place for them).
SALDO_EXTRAS = ("overdue", "running", "current_rent")

# betaalvoorstel_antwoord: who decided (null while a person still has to).
DECIDED_BY = ("covenant", "staff")

# geen_medewerking: the four reasons the Schuldenknooppunt allows (its Procesafspraken SE, rule 5;
# FACTS.md §4), the canonical code with its Dutch label for the screens and the timeline. Each
# transport maps the code to its wire code (soap.REASONS, csv_portal.REASONS).
REFUSAL_REASONS = {
    "client_unknown": "Klant onbekend",
    "recent_discharge": "Onlangs finale kwijting gekregen",
    "recent_stabilisation": "Onlangs al een stabilisatiepoging",
    "no_cooperation": "Geen medewerking aan deze schuldhulpverlener",
}


def answer_id(incoming_id: str) -> str:
    """Our answer's message id for an incoming message's id."""
    return f"{incoming_id}{ANSWER_SUFFIX}"
