"""Plain Dutch names for what the policy proposes, in one place for every page that shows them."""

from huurpad.core.dutch import channel_nl
from huurpad.core.policy.proposal import Action

ACTION_LABELS = {
    Action.PRE_DUE_REMINDER: "Herinnering vooraf",
    Action.NUDGE: "Betaalherinnering met betaallink",
    Action.REMINDER_LETTER: "Herinneringsbrief",
    Action.CALL: "Bellen",
    Action.HOME_VISIT: "Huisbezoek",
    Action.WIK_LETTER: "Veertiendagenbrief",
    Action.EARLY_SIGNAL: "Vroegsignaal gemeente",
    Action.ARRANGEMENT_REMINDER: "Herinnering betalingsregeling",
    Action.ARRANGEMENT_BROKEN: "Betalingsregeling loopt achter",
    Action.ESCALATION_REVIEW: "Beoordeling teamleider",
    Action.COMPLIMENT: "Compliment",
    Action.REVIEW_PAUSE: "Pauze evalueren",
    Action.FINAL_BILL_LETTER: "Brief met de eindafrekening",
    Action.FORMER_DECISION: "Besluit teamleider: incassobureau of kwijtschelden",
    Action.EVICTION_PREVENTION: "Ontruiming voorkomen",
}

# Outbox messages that no policy step made (messaging/texts.py KINDS).
OTHER_ACTIONS = {
    "personal": "Eigen bericht van een medewerker",
    "call_me_back": "Verzoek om terug te bellen",
    "arrangement_confirmation": "Bevestiging van de betalingsregeling",
    "signal_notice": "Brief over het vroegsignaal",
    "pause_confirmation": "Bevestiging van de pauze",
    "write_off": "Brief over de kwijtschelding",
    "rent_increase": "Brief over de huurverhoging",
    "former_wik_letter": "Veertiendagenbrief bij de eindafrekening",
}


def action_label(action: str) -> str:
    try:
        return ACTION_LABELS[Action(action)]
    except ValueError:
        return OTHER_ACTIONS.get(action, action)


def channel_label(channel: str) -> str:
    return channel_nl(channel) if channel else "geen"
