"""The policy as a form: every setting once, with its Dutch label, explanation, limits and legal
source (SETTINGS and STEP_SETTINGS), and the way back from the form to the stored TOML text.

The stored form stays TOML (PolicyVersion.text). Saving the form changes only the settings whose
value changed, each on its own line, so comments, layout and the settings the form does not show
(a step for one segment and one way of paying) stay as they were, and the diff shows exactly the
changed lines. The limits here are the ones core/policy/config.py checks when it loads a policy
(tests/test_policy_form.py holds the two together); whatever the form lets through is loaded by
config.load before anything is saved."""

import re
import tomllib
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation

from huurpad.core.dutch import channel_nl
from huurpad.core.policy.config import CONTACT_CHANNELS, MAX_MESSAGES_A_DAY, MESSAGE_CHANNELS, SEGMENTS

TOOLKIT = "Gereedschapskist aanpak schulden en armoede (Aedes, 2024)"


@dataclass(frozen=True)
class Setting:
    key: str  # the dotted key in the TOML text
    kind: str  # 'text', 'int', 'amount', 'bool', 'time', 'channels' (contact), 'channel' (message)
    label: str
    help: str
    source: str = ""
    minimum: int | None = None  # for 'int'; amounts are never below 0
    maximum: int | None = None
    default: object = None  # the value config.load uses when the text leaves the setting out
    required: bool = True

    @property
    def field(self) -> str:
        """The form field's name: the key with __ for the dots."""
        return self.key.replace(".", "__")

    @property
    def limits(self) -> str:
        """The limits in Dutch, for the page; '' when there are none to say."""
        if self.kind == "int":
            if self.maximum is not None:
                return f"Een heel getal van {self.minimum} tot en met {self.maximum}."
            return f"Een heel getal van {self.minimum} of meer."
        if self.kind == "amount":
            return "Een bedrag van 0 of meer, zoals 100,00."
        if self.kind == "time":
            return "Een tijd zoals 21:00."
        if self.kind == "channels":
            return "Kies er minstens één."
        return ""


@dataclass(frozen=True)
class Group:
    title: str
    intro: str
    settings: tuple[Setting, ...]


GROUPS = (
    Group(
        "Over dit beleid",
        "De naam en een korte omschrijving, zodat iedereen weet welk beleid dit is.",
        (
            Setting("name", "text", "Naam van het beleid", "Staat boven het beleid en bij elke controle."),
            Setting(
                "description", "text", "Omschrijving", "Eén of twee zinnen: waar dit beleid voor staat.", required=False
            ),
        ),
    ),
    Group(
        "Berichten",
        "Hoe vaak en wanneer Huurpad een huurder een bericht stuurt.",
        (
            Setting(
                "messages.per_tenant_per_day",
                "int",
                "Berichten per huurder per dag",
                "Hoeveel berichten een huurder op één dag hoogstens krijgt. Nooit twee op een dag: dat geeft stress.",
                f"{TOOLKIT}, 3.4 (stress-sensitief); een vaste grens van Huurpad",
                minimum=1,
                maximum=MAX_MESSAGES_A_DAY,
            ),
            Setting(
                "messages.quiet_hours_start",
                "time",
                "Stille uren: vanaf",
                "Vanaf dit uur verstuurt Huurpad niets meer. Wat dan klaarstaat, gaat na de stille uren.",
                f"{TOOLKIT}, 3.4",
            ),
            Setting(
                "messages.quiet_hours_end",
                "time",
                "Stille uren: tot",
                "Vanaf dit uur mag Huurpad weer berichten versturen.",
                f"{TOOLKIT}, 3.4",
            ),
        ),
    ),
    Group(
        "Incassokosten",
        "Of u incassokosten rekent. Dat mag pas na een veertiendagenbrief waarvan de termijn voorbij is.",
        (
            Setting(
                "costs.charge",
                "bool",
                "Incassokosten rekenen",
                "Nee: Huurpad stuurt geen veertiendagenbrief en rekent nooit kosten. Veel corporaties rekenen geen kosten.",
                "Art. 6:96 BW en de Wet incassokosten (WIK); Besluit vergoeding buitengerechtelijke incassokosten",
            ),
            Setting(
                "costs.receipt_days",
                "int",
                "Dagen tot een brief ontvangen is",
                "Na zoveel bezorgdagen (dinsdag tot en met zaterdag) telt een brief als ontvangen. "
                "De 14 dagen van de veertiendagenbrief tellen vanaf de dag daarna.",
                "Art. 6:96 lid 6 BW (14 dagen na ontvangst)",
                minimum=0,
            ),
        ),
    ),
    Group(
        "Vroegsignaal aan de gemeente",
        "Wanneer Huurpad de gemeente laat weten dat een huishouden achterloopt, zodat zij hulp kan aanbieden.",
        (
            Setting(
                "early_signal.after_reminder_days",
                "int",
                "Dagen na de herinneringsbrief",
                "Zoveel dagen na de schriftelijke herinnering gaat het signaal naar de gemeente.",
                "Wgs art. 3 lid 3 en Bgs art. 2; Landelijk Convenant Vroegsignalering: vanaf 30 dagen",
                minimum=0,
            ),
            Setting(
                "early_signal.min_arrears",
                "amount",
                "Vanaf dit bedrag",
                "Bij een kleinere achterstand gaat er geen signaal.",
                "Landelijk Convenant Vroegsignalering",
            ),
            Setting(
                "early_signal.repeat_after_days",
                "int",
                "Opnieuw na dagen",
                "Na zoveel dagen gaat er opnieuw een signaal, alleen als de achterstand groter werd.",
                "Landelijk Convenant Vroegsignalering (maandelijks opnieuw)",
                minimum=1,
            ),
            Setting(
                "early_signal.personal_contact_channels",
                "channels",
                "Wat telt als persoonlijk contact",
                "Voor een signaal moet u eerst geprobeerd hebben de huurder persoonlijk te spreken. "
                "Deze manieren tellen daarvoor.",
                "Bgs art. 2, onder a",
            ),
            Setting(
                "early_signal.needs_approval",
                "bool",
                "Teamleider keurt elk signaal goed",
                "Ja: een signaal gaat pas naar de gemeente als een teamleider akkoord gaf.",
                default=False,
            ),
        ),
    ),
    Group(
        "Escaleren",
        "Pas als alles geprobeerd is, vraagt Huurpad de teamleider te beoordelen of de zaak verder moet.",
        (
            Setting(
                "escalation.min_months",
                "amount",
                "Achterstand in maanden huur",
                "Pas vanaf zoveel maanden huur achterstand.",
                "Rechtspraak: ontbinding vanaf 3 maanden achterstand (FACTS.md §3)",
            ),
            Setting(
                "escalation.after_signal_days",
                "int",
                "Dagen na het vroegsignaal",
                "Pas zoveel dagen nadat het eerste vroegsignaal naar de gemeente ging.",
                "Rb Rotterdam: minstens 2 maanden tussen signaal en dagvaarding (FACTS.md §1)",
                minimum=0,
            ),
        ),
    ),
    Group(
        "Betalingsregeling",
        "Wat een medewerker zelf mag afspreken, en wanneer een termijn als gemist telt.",
        (
            Setting(
                "arrangement.remind_days_before",
                "int",
                "Herinnering, dagen voor een termijn",
                "Zoveel dagen voor een termijn krijgt de huurder een herinnering.",
                f"{TOOLKIT}, 1.5",
                minimum=0,
            ),
            Setting(
                "arrangement.grace_days",
                "int",
                "Dagen voordat een termijn gemist is",
                "Een termijn telt als gemist als hij zoveel dagen na de datum nog niet betaald is.",
                f"{TOOLKIT}, 3.2",
                minimum=0,
            ),
            Setting(
                "arrangement.self_service_instalments",
                "int",
                "Termijnen die een medewerker zelf afspreekt",
                "Een medewerker spreekt zelf hoogstens zoveel termijnen af. Daarboven beslist de teamleider.",
                f"{TOOLKIT}, 3.2",
                minimum=1,
                default=6,
            ),
            Setting(
                "arrangement.self_service_months",
                "amount",
                "Achterstand die een medewerker zelf regelt, in maanden huur",
                "Een medewerker regelt zelf een achterstand van hoogstens zoveel maanden huur. Daarboven beslist de teamleider.",
                f"{TOOLKIT}, 3.2",
                default=Decimal("1.00"),
            ),
            Setting(
                "arrangement.max_instalments",
                "int",
                "Hoogstens termijnen",
                "Langer dan dit is werk voor de schuldhulp.",
                "NVVK: een schuldregeling duurt 18 maanden (FACTS.md §4)",
                minimum=1,
                default=18,
            ),
            Setting(
                "arrangement.min_instalment",
                "amount",
                "Kleinste termijn",
                "Een termijn is minstens dit bedrag.",
                default=Decimal("10.00"),
            ),
            Setting(
                "arrangement.broken_after_missed",
                "int",
                "Afgebroken na gemiste termijnen",
                "Zoveel gemiste termijnen, niet ingehaald, en de regeling is afgebroken. Eén gemist: Huurpad vraagt om te bellen.",
                f"{TOOLKIT}, 3.2",
                minimum=1,
                default=2,
            ),
        ),
    ),
    Group(
        "Pauze",
        "Tijdens een pauze wacht de oude achterstand: geen herinneringen, geen kosten. De huur van nu blijft Huurpad volgen.",
        (
            Setting(
                "pause.current_rent_call_after_days",
                "int",
                "Bellen over de huur van nu, na dagen",
                "Is huur die tijdens de pauze moest worden betaald zoveel dagen na de datum nog niet betaald? "
                "Dan vraagt Huurpad een medewerker om te bellen, één keer per maand. Over de oude achterstand gaat dat gesprek niet.",
                f"{TOOLKIT}, 3.5; NVVK: nieuwe schulden brengen een schuldregeling in gevaar",
                minimum=1,
                maximum=60,
                default=10,
            ),
        ),
    ),
    Group(
        "Vertrokken huurders",
        "Een huurder die is vertrokken en de eindafrekening nog niet betaalde, krijgt een eigen korte aanpak: "
        "een brief, een telefoontje, eventueel de veertiendagenbrief, dan beslist de teamleider. "
        "De dagen tellen vanaf de dag na het einde van het huurcontract. Geen vroegsignaal: de huurder woont er niet meer.",
        (
            Setting(
                "former.letter_after_days",
                "int",
                "Brief met de eindafrekening, na dagen",
                "Zoveel dagen na het einde gaat de brief met de eindafrekening: wat met de waarborgsom is verrekend "
                "en wat nog open staat. Naar het nieuwe adres als dat bekend is, anders naar het laatste.",
                "Wet goed verhuurderschap (2023): waarborgsom terug binnen 14 dagen, 30 dagen bij schade",
                minimum=0,
                maximum=60,
                default=14,
            ),
            Setting(
                "former.call_after_days",
                "int",
                "Bellen, na dagen",
                "Na de brief belt een medewerker, als er een telefoonnummer is. 0: niet bellen.",
                f"{TOOLKIT}, 3.2 en 3.4",
                minimum=0,
                maximum=120,
                default=21,
            ),
            Setting(
                "former.call_attempts",
                "int",
                "Keren bellen",
                "Zo vaak, op verschillende momenten van de dag.",
                f"{TOOLKIT}, 3.2",
                minimum=1,
                maximum=5,
                default=2,
            ),
            Setting(
                "former.wik_letter_after_days",
                "int",
                "Veertiendagenbrief, na dagen",
                "Alleen als u incassokosten rekent. Kosten pas als de 14 dagen na ontvangst voorbij zijn.",
                "Art. 6:96 BW (WIK)",
                minimum=1,
                maximum=180,
                default=42,
            ),
            Setting(
                "former.decision_after_days",
                "int",
                "Besluit teamleider, na dagen",
                "Daarna beslist de teamleider: de vordering naar een incassobureau, of kwijtschelding voorstellen. "
                "Rekent u kosten? Dan pas als de termijn van de veertiendagenbrief voorbij is.",
                f"{TOOLKIT}, 3.6",
                minimum=1,
                maximum=365,
                default=70,
            ),
        ),
    ),
    Group(
        "Ontruiming voorkomen",
        "Plant de deurwaarder een ontruiming? Dan zet Huurpad meteen de stappen klaar om die te voorkomen, "
        "en gaat er opnieuw een signaal naar de gemeente, als crisissignaal. Elke stap heeft een datum, "
        "zoveel dagen voor de ontruiming (of vandaag, als dat later is).",
        (
            Setting(
                "eviction_prevention.call_days_before",
                "int",
                "Bellen, dagen voor de ontruiming",
                "Een medewerker belt de huurder: wat speelt er, wat kan nog?",
                f"{TOOLKIT}, 3.2",
                minimum=0,
                maximum=90,
                default=28,
            ),
            Setting(
                "eviction_prevention.visit_days_before",
                "int",
                "Huisbezoek, dagen voor de ontruiming",
                "De woonconsulent gaat langs, ook als bellen niet lukte.",
                f"{TOOLKIT}, 3.3",
                minimum=0,
                maximum=90,
                default=21,
            ),
            Setting(
                "eviction_prevention.offer_days_before",
                "int",
                "Laatste aanbod, dagen voor de ontruiming",
                "De teamleider doet een laatste aanbod: een regeling voor wat openstaat, een onderhuurder of "
                "verhuizen naar een goedkopere woning. Zo blijft er tijd om de deurwaarder te laten stoppen.",
                f"{TOOLKIT}, 3.7; Wgs art. 4 (gemeente binnen 3 werkdagen bij dreigende ontruiming)",
                minimum=0,
                maximum=90,
                default=14,
            ),
        ),
    ),
    Group(
        "Compliment en dossier",
        "Een compliment als alles weer betaald is, en wanneer een dossier sluit.",
        (
            Setting(
                "compliment.after_days_overdue",
                "int",
                "Compliment na dagen achter",
                "Wie minstens zo lang achter liep en alles betaalde, krijgt een compliment.",
                f"{TOOLKIT}, 3.4",
                minimum=1,
            ),
            Setting(
                "cases.close_after_days",
                "int",
                "Dossier sluit na dagen zonder achterstand",
                "Een dossier sluit vanzelf als er zolang geen achterstand meer is.",
                minimum=1,
                default=30,
            ),
        ),
    ),
    Group(
        "Plan van aanpak",
        "Het plan met het huishouden en de hulpverleners (Achter de voordeur, Doorbraakmethode).",
        (
            Setting(
                "plan.doorbraak_answer_days",
                "int",
                "Doorbraakverzoek beantwoorden binnen dagen",
                "Vraagt een coach de corporatie om een doorbraak? Dan krijgt de coach binnen zoveel dagen een schriftelijk antwoord.",
                f"{TOOLKIT}, 3.8 (Doorbraakmethode Almelo)",
                minimum=1,
                maximum=90,
                default=10,
            ),
        ),
    ),
    Group(
        "Schuldhulp (Schuldenknooppunt)",
        "Hoe Huurpad berichten van schuldhulpverleners beantwoordt, volgens het modelconvenant van Aedes en NVVK. "
        "De afspraken van het convenant zijn niet openbaar: elke voorwaarde is hier in te stellen.",
        (
            Setting(
                "debt_help.advance_consent",
                "bool",
                "Vooraf akkoord geven",
                "Ja: bij het saldo staat dat we vooraf akkoord gaan met een voorstel volgens de NVVK-norm.",
                "Modelconvenant Aedes-NVVK; Schuldenknooppunt (FACTS.md §4)",
                default=True,
            ),
            Setting(
                "debt_help.auto_send_balance",
                "bool",
                "Saldo vanzelf versturen",
                "Ja: het saldo uit de huurrekening gaat meteen terug. Nee: een medewerker kijkt het eerst na.",
                default=True,
            ),
            Setting(
                "debt_help.auto_accept",
                "bool",
                "Betaalvoorstel vanzelf aannemen",
                "Ja: een voorstel dat aan de voorwaarden hieronder voldoet, nemen we aan zonder teamleider.",
                "Modelconvenant Aedes-NVVK",
                default=True,
            ),
            Setting(
                "debt_help.accept_schuldbemiddeling",
                "bool",
                "Schuldbemiddeling vanzelf aannemen",
                "Ja: een voorstel voor schuldbemiddeling kan vanzelf worden aangenomen.",
                "NVVK Gedragscode",
                default=True,
            ),
            Setting(
                "debt_help.accept_saneringskrediet",
                "bool",
                "Saneringskrediet vanzelf aannemen",
                "Ja: een voorstel voor een saneringskrediet kan vanzelf worden aangenomen.",
                "NVVK Gedragscode",
                default=True,
            ),
            Setting(
                "debt_help.accept_nul_aanbod",
                "bool",
                "Nul-aanbod vanzelf aannemen",
                "Ja: ook een regeling zonder afloscapaciteit kan vanzelf worden aangenomen. Nee: de teamleider beslist.",
                default=False,
            ),
            Setting(
                "debt_help.max_months",
                "int",
                "Looptijd hoogstens, in maanden",
                "Een voorstel met een langere looptijd gaat naar de teamleider.",
                "NVVK: een schuldregeling duurt 18 maanden (FACTS.md §4)",
                minimum=1,
                maximum=120,
                default=18,
            ),
            Setting(
                "debt_help.min_percentage",
                "amount",
                "Percentage minstens",
                "Een voorstel met een lager percentage van de vordering gaat naar de teamleider. "
                "0,00: we volgen wat de schuldhulpverlener met het VTLB berekende.",
                "NVVK-norm (VTLB)",
                default=Decimal("0.00"),
            ),
            Setting(
                "debt_help.answer_working_days",
                "int",
                "Antwoord binnen werkdagen",
                "Zoveel werkdagen na de datum van het bericht moet het antwoord er zijn.",
                "Schuldenknooppunt: antwoord binnen 10 werkdagen (FACTS.md §4)",
                minimum=1,
                maximum=60,
                default=10,
            ),
        ),
    ),
)
SETTINGS = {setting.key: setting for group in GROUPS for setting in group.settings}

# The steps, per segment: each a number of days (0: the step is off) or a channel.
STEP_SETTINGS = (
    Setting(
        "pre_due_reminder_days",
        "int",
        "Herinnering vooraf, dagen voor de datum",
        "Zoveel dagen voor de huur vervalt of wordt afgeschreven.",
        f"{TOOLKIT}, 1.5",
        minimum=0,
    ),
    Setting("pre_due_channel", "channel", "Herinnering vooraf, via", "Hoe de herinnering vooraf gaat."),
    Setting(
        "nudge_after_days",
        "int",
        "Betaalherinnering met betaallink, na dagen",
        "Een vriendelijk bericht met een link om te betalen.",
        f"{TOOLKIT}, 3.4",
        minimum=0,
    ),
    Setting("nudge_channel", "channel", "Betaalherinnering, via", "Hoe de betaalherinnering gaat."),
    Setting(
        "call_after_days",
        "int",
        "Bellen, na dagen",
        "Een medewerker belt de huurder.",
        "Bgs art. 2, onder a (persoonlijk contact)",
        minimum=0,
    ),
    Setting("call_attempts", "int", "Keren bellen", "Zo vaak, op verschillende momenten van de dag.", minimum=0),
    Setting(
        "reminder_letter_after_days",
        "int",
        "Herinneringsbrief, na dagen",
        "De schriftelijke herinnering, met het aanbod om hulp te vragen.",
        "Bgs art. 2, onder c en d",
        minimum=0,
    ),
    Setting(
        "home_visit_after_days",
        "int",
        "Huisbezoek, na dagen",
        "Een woonconsulent gaat langs.",
        f"{TOOLKIT}, 2.1",
        minimum=0,
    ),
    Setting(
        "wik_letter_after_days",
        "int",
        "Veertiendagenbrief, na dagen",
        "Alleen als u incassokosten rekent.",
        "Art. 6:96 lid 6 BW",
        minimum=0,
    ),
)
STEPS_BY_NAME = {setting.key: setting for setting in STEP_SETTINGS}
SEGMENT_NAMES = {
    "new": "Nieuwe huurder",
    "first_time": "Eerste keer achter",
    "occasional": "Soms achter",
    "frequent": "Vaak achter",
    "regular": "Betaalt op tijd",
}
PAYMENT_METHOD_NAMES = {
    "direct_debit": "Automatische incasso",
    "transfer": "Overmaken",
    "benefit_deduction": "Via uitkering",
}
# The columns of the steps: for everyone, then what differs per segment or per way of paying.
STEP_SCOPES = (
    ("default", "Iedereen"),
    *((segment, SEGMENT_NAMES[segment]) for segment in SEGMENTS),
    *((f"default.{method}", PAYMENT_METHOD_NAMES[method]) for method in PAYMENT_METHOD_NAMES),
)
STEPS_SOURCE = f"{TOOLKIT}, 1.5, 1.11, 2.1 en 3.4"


def step_setting(scope: str, name: str) -> Setting:
    """One cell of the steps: the step's setting for that scope ('default' is required)."""
    step = STEPS_BY_NAME[name]
    scope_name = dict(STEP_SCOPES)[scope]
    return Setting(
        f"steps.{scope}.{name}",
        step.kind,
        f"{step.label} ({scope_name.lower()})",
        step.help,
        step.source,
        minimum=step.minimum,
        required=scope == "default",
    )


def every_setting() -> dict[str, Setting]:
    """Every setting the form shows, by key."""
    steps = {s.key: s for scope, _ in STEP_SCOPES for s in (step_setting(scope, name) for name in STEPS_BY_NAME)}
    return SETTINGS | steps


def label_of(key: str) -> str:
    """The Dutch name of a key, for an error from config.load; the key itself when it is none of these."""
    known = every_setting()
    if key in known:
        return known[key].label
    found = re.fullmatch(r"steps \((\w+), (\w+)\)\.(\w+)", key)  # as config names a resolved step
    if found and found[3] in STEPS_BY_NAME:
        segment, method, name = found.groups()
        return f"{STEPS_BY_NAME[name].label} ({SEGMENT_NAMES.get(segment, segment).lower()}, {PAYMENT_METHOD_NAMES.get(method, method).lower()})"
    return key


def channel_choices(channels) -> list[tuple[str, str]]:
    return [(channel, channel_nl(channel)) for channel in channels]


MESSAGE_CHANNEL_CHOICES = channel_choices(MESSAGE_CHANNELS)
CONTACT_CHANNEL_CHOICES = channel_choices(CONTACT_CHANNELS)


# --- Between the text and the form ----------------------------------------------------------


def flat(text: str) -> dict:
    """The settings of a policy text by dotted key (tables become dots)."""
    return _flat(tomllib.loads(text))


def _flat(data: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def form_values(text: str) -> dict:
    """The form's values for a policy text, by field name: what the text says, or the default
    config.load uses when it leaves a setting out; blank for a step the scope does not change."""
    values = flat(text)
    out = {}
    for key, setting in every_setting().items():
        value = values.get(key, setting.default)
        if value is None:
            continue
        if setting.kind == "amount":
            value = _amount(value)
        elif setting.kind == "bool":
            value = "ja" if value else "nee"
        elif setting.kind == "time":
            value = str(value)[:5]
        out[setting.field] = value
    return out


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _same(setting: Setting, old, new) -> bool:
    """Whether the text's value and the form's mean the same (an amount "100.00" or 100.0)."""
    if old is None or new is None:
        return old is new
    if setting.kind == "amount":
        return _amount(old) == _amount(new)
    if setting.kind == "time":
        return str(old)[:5] == str(new)[:5]
    if setting.kind == "channels":
        return isinstance(old, list) and sorted(old) == sorted(new)
    return type(old) is type(new) and old == new


def changes(text: str, cleaned: dict) -> dict:
    """What the form changes in the text: key -> new value (None: the setting is taken out, a
    step that is now as for everyone). A setting the text leaves out and the form sets to its
    default is no change."""
    values = flat(text)
    out = {}
    for key, setting in every_setting().items():
        new = cleaned.get(setting.field)
        if new == "" and not setting.required and (setting.kind != "text" or key not in values):
            new = None  # left blank: as for everyone (a step), or not set (the description)
        if setting.kind == "bool" and new is not None:
            new = new == "ja"
        elif setting.kind == "time" and new is not None:
            new = new.strftime("%H:%M")
        elif setting.kind == "amount" and new is not None:
            new = f"{new:.2f}"
        elif setting.kind == "channels" and new is not None:
            new = [c for c in CONTACT_CHANNELS if c in new]  # in the order Huurpad names them
        old = values.get(key, setting.default)
        if not _same(setting, old, new):
            out[key] = new
    return out


def apply(text: str, changed: dict) -> str:
    """The text with these settings changed, each on its own line; comments and layout stay.
    The result is read back: when a line could not be changed safely (a value over several
    lines), the whole text is written anew from its settings, without comments."""
    if not changed:
        return text
    lines = text.splitlines()
    try:
        for key, value in changed.items():
            lines = _set(lines, key, value)
        result = "\n".join(lines) + "\n"
        wanted = _wanted(text, changed)
        if flat(result) == wanted:
            return result
    except (_CannotEdit, tomllib.TOMLDecodeError):
        pass
    return dump(_nest(_wanted(text, changed)))


class _CannotEdit(Exception):
    pass


def _wanted(text: str, changed: dict) -> dict:
    values = flat(text)
    for key, value in changed.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return values


_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")


def _section(lines: list[str], table: str) -> tuple[int, int] | None:
    """Where a table's lines are: (first line after its header, first line of the next table)."""
    start = 0 if table == "" else None
    for n, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            name = ".".join(part.strip().strip('"') for part in header[1].split("."))
            if start is not None:
                return start, n
            if name == table:
                start = n + 1
    return (start, len(lines)) if start is not None else None


def _set(lines: list[str], key: str, value) -> list[str]:
    table, _, name = key.rpartition(".")
    where = _section(lines, table)
    pattern = re.compile(rf"^(\s*{re.escape(name)}\s*=\s*)(.*)$")
    if where is not None:
        for n in range(*where):
            found = pattern.match(lines[n])
            if found:
                if value is None:
                    return lines[:n] + lines[n + 1 :]
                rest = found[2]
                cut = _comment_start(rest)
                comment = rest[cut:] if cut is not None else ""
                if _opens_more_lines(rest[:cut] if cut is not None else rest):
                    raise _CannotEdit(key)
                new = found[1] + toml_value(value)
                if comment:
                    column = len(found[1]) + cut
                    new += " " * max(1, column - len(new)) + comment
                return lines[:n] + [new] + lines[n + 1 :]
    if value is None:
        return lines
    line = f"{name} = {toml_value(value)}"
    if where is None:
        return [*lines, "", f"[{table}]", line]
    end = where[1]
    while end > where[0] and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return lines[:end] + [line] + lines[end:]


def _comment_start(rest: str) -> int | None:
    quote, escaped = None, False
    for i, char in enumerate(rest):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return i
    return None


def _opens_more_lines(value: str) -> bool:
    value = value.strip()
    return value.startswith(('"""', "'''")) or value.count("[") != value.count("]")


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _nest(values: dict) -> dict:
    nested: dict = {}
    for key, value in values.items():
        node = nested
        *tables, name = key.split(".")
        for table in tables:
            node = node.setdefault(table, {})
        node[name] = value
    return nested


def dump(data: dict, prefix: str = "") -> str:
    """A policy's settings as TOML: the plain values first, then each table under its header."""
    plain = [f"{key} = {toml_value(value)}" for key, value in data.items() if not isinstance(value, dict)]
    out = "\n".join(plain) + ("\n" if plain else "")
    for key, value in data.items():
        if isinstance(value, dict):
            name = f"{prefix}{key}"
            inner = dump(value, f"{name}.")
            if any(not isinstance(v, dict) for v in value.values()):
                out += f"\n[{name}]\n"
            out += inner
    return out
