"""The collection policy as readable configuration (TOML), checked when it is loaded."""

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import time
from decimal import Decimal, InvalidOperation
from importlib import resources

SEGMENTS = ("new", "first_time", "occasional", "frequent", "regular")
PAYMENT_METHODS = ("direct_debit", "transfer", "benefit_deduction")
MESSAGE_CHANNELS = ("sms", "whatsapp", "email", "letter")
CONTACT_CHANNELS = ("phone", "visit", "card", "whatsapp", "sms", "email", "letter")
MAX_MESSAGES_A_DAY = 1  # a guardrail (PRODUCT.md): a policy may not allow more


class PolicyError(ValueError):
    """A policy that cannot be used; the message names the key."""


@dataclass(frozen=True, kw_only=True)
class Steps:
    pre_due_reminder_days: int
    pre_due_channel: str
    nudge_after_days: int
    nudge_channel: str
    call_after_days: int
    call_attempts: int
    reminder_letter_after_days: int
    home_visit_after_days: int
    wik_letter_after_days: int


@dataclass(frozen=True, kw_only=True)
class Policy:
    name: str
    description: str
    per_tenant_per_day: int
    quiet_hours: tuple[time, time]
    charge_costs: bool
    receipt_days: int
    signal_after_reminder_days: int
    signal_min_arrears: Decimal
    signal_repeat_after_days: int
    personal_contact_channels: frozenset[str]
    escalation_min_months: Decimal
    escalation_after_signal_days: int
    arrangement_remind_days_before: int
    arrangement_grace_days: int
    compliment_after_days_overdue: int
    steps: dict[tuple[str, str], Steps]  # (segment, payment method) -> steps
    case_close_after_days: int = 30  # a case closes once the arrears stay cleared this long
    # What an officer may agree alone; beyond it a team leader decides (toolkit 3.2).
    arrangement_self_service_instalments: int = 6
    arrangement_self_service_months: Decimal = Decimal("1.00")  # arrears of at most this many months' rent
    arrangement_max_instalments: int = 18  # the term of an out-of-court settlement (NVVK, FACTS.md §4)
    arrangement_min_instalment: Decimal = Decimal("10.00")
    # Broken (afgebroken) while this many instalments are missed: not paid within the grace days
    # and not made up since. One missed instalment is 'behind' (a task to call); the household
    # that catches up is running again.
    arrangement_broken_after_missed: int = 2
    # A collected direct debit is final once the debtor's bank can no longer return it: SEPA Core
    # rulebook, returns up to 5 TARGET2 business days after settlement. The compliment waits for it.
    debit_final_after_business_days: int = 5
    signal_needs_approval: bool = False  # a team leader approves each early signal before it goes
    # A coach's Doorbraak request is answered in writing within this many days (toolkit 3.8).
    doorbraak_answer_days: int = 10
    # Debt help under the Aedes-NVVK model covenant ([debt_help] in default.toml, where each has its
    # source). The covenant's clauses are not public: every condition is a setting.
    debt_help_advance_consent: bool = True  # 'vooraf akkoord' in the balance answer
    debt_help_auto_send_balance: bool = True  # the balance answer goes without an officer
    debt_help_auto_accept: bool = True  # a proposal within the conditions below is accepted by the covenant
    debt_help_accept_schuldbemiddeling: bool = True
    debt_help_accept_saneringskrediet: bool = True
    debt_help_accept_nul_aanbod: bool = False
    debt_help_max_months: int = 18  # NVVK: an out-of-court settlement runs 18 months
    debt_help_min_percentage: Decimal = Decimal("0.00")  # of the claim; 0: what the counsellor's VTLB gives
    debt_help_answer_working_days: int = 10  # Schuldenknooppunt: answer within 10 working days
    # While a pause runs, rent that fell due after it began and is unpaid this many days after its
    # due date gives a call (rules.current_rent): the current rent is still watched (toolkit 3.5).
    pause_current_rent_call_after_days: int = 10
    # A tenant who left with a final bill unpaid (vertrokken huurder, [former] in default.toml):
    # its own short policy (core/policy/former.py). Days count from the day after the tenancy
    # ended, or from the oldest unpaid due date when that is later (a final bill booked after it).
    former_letter_after_days: int = 14  # the letter with the final bill (eindafrekening)
    former_call_after_days: int = 21  # a friendly call where a number is known; 0 switches it off
    former_call_attempts: int = 2
    former_wik_letter_after_days: int = 42  # only when costs.charge is on, after the final bill letter
    former_decision_after_days: int = 70  # the team leader decides: collection agency or write-off
    # An eviction scheduled ([eviction_prevention] in default.toml, core/policy/eviction.py): the
    # steps to prevent it, each due this many days before the eviction date (today when later).
    eviction_call_days_before: int = 28  # a call by the officer
    eviction_visit_days_before: int = 21  # a visit by the woonconsulent
    eviction_offer_days_before: int = 14  # the team leader's last-chance offer
    version: str = ""  # set by whoever stores the policy

    def steps_for(self, segment: str, payment_method: str) -> Steps:
        return self.steps[(segment, payment_method)]


def default_text() -> str:
    return resources.files(__package__).joinpath("default.toml").read_text("utf-8")


END = "(at end of document)"


def _where(message: str, text: str) -> str:
    """tomllib's message, with the line and column where it went wrong. A string, array or table
    left open runs to the end of the text, and tomllib then names no line: name the line where the
    open part begins, the first from which every longer beginning of the text is still open."""
    if not message.endswith(END):
        return message
    lines = text.splitlines()
    start = len(lines)
    while start > 1 and _open_at_end("\n".join(lines[: start - 1])):
        start -= 1
    line = lines[start - 1] if lines else ""
    opening = min((i for i in (line.find(q) for q in ('"""', "'''", "[", "{", '"', "'")) if i >= 0), default=0)
    return f"{message[: -len(END)]}(at line {start}, column {opening + 1})"


def _open_at_end(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return str(exc).endswith(END)
    return False


def load(text: str, version: str = "") -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"not valid TOML: {_where(str(exc), text)}") from None
    r = _Reader(data)
    policy = Policy(
        name=r.text("name"),
        description=r.text("description", required=False),
        per_tenant_per_day=r.integer("messages.per_tenant_per_day", minimum=1, maximum=MAX_MESSAGES_A_DAY),
        quiet_hours=(r.clock("messages.quiet_hours_start"), r.clock("messages.quiet_hours_end")),
        charge_costs=r.boolean("costs.charge"),
        receipt_days=r.integer("costs.receipt_days", minimum=0),
        signal_after_reminder_days=r.integer("early_signal.after_reminder_days", minimum=0),
        signal_min_arrears=r.amount("early_signal.min_arrears"),
        signal_repeat_after_days=r.integer("early_signal.repeat_after_days", minimum=1),
        personal_contact_channels=r.channels("early_signal.personal_contact_channels"),
        escalation_min_months=r.amount("escalation.min_months"),
        escalation_after_signal_days=r.integer("escalation.after_signal_days", minimum=0),
        arrangement_remind_days_before=r.integer("arrangement.remind_days_before", minimum=0),
        arrangement_grace_days=r.integer("arrangement.grace_days", minimum=0),
        compliment_after_days_overdue=r.integer("compliment.after_days_overdue", minimum=1),
        steps=_steps(r),
        # Versions saved before cases existed lack the setting: they keep the default.
        case_close_after_days=r.integer("cases.close_after_days", minimum=1, default=30),
        # Versions saved before arrangements could be made lack these: they keep the defaults.
        arrangement_self_service_instalments=r.integer("arrangement.self_service_instalments", minimum=1, default=6),
        arrangement_self_service_months=r.amount("arrangement.self_service_months", default=Decimal("1.00")),
        arrangement_max_instalments=r.integer("arrangement.max_instalments", minimum=1, default=18),
        arrangement_min_instalment=r.amount("arrangement.min_instalment", default=Decimal("10.00")),
        arrangement_broken_after_missed=r.integer("arrangement.broken_after_missed", minimum=1, default=2),
        # Versions saved before the compliment waited for the money lack it: they keep the default.
        debit_final_after_business_days=r.integer("compliment.debit_final_after_business_days", default=5, maximum=40),
        signal_needs_approval=r.boolean("early_signal.needs_approval", default=False),
        # Versions saved before the household plan lack it: they keep the default.
        doorbraak_answer_days=r.integer("plan.doorbraak_answer_days", minimum=1, maximum=90, default=10),
        # Versions saved before debt help came lack these: they keep the defaults.
        debt_help_advance_consent=r.boolean("debt_help.advance_consent", default=True),
        debt_help_auto_send_balance=r.boolean("debt_help.auto_send_balance", default=True),
        debt_help_auto_accept=r.boolean("debt_help.auto_accept", default=True),
        debt_help_accept_schuldbemiddeling=r.boolean("debt_help.accept_schuldbemiddeling", default=True),
        debt_help_accept_saneringskrediet=r.boolean("debt_help.accept_saneringskrediet", default=True),
        debt_help_accept_nul_aanbod=r.boolean("debt_help.accept_nul_aanbod", default=False),
        debt_help_max_months=r.integer("debt_help.max_months", minimum=1, default=18, maximum=120),
        debt_help_min_percentage=r.percentage("debt_help.min_percentage", default=Decimal("0.00")),
        debt_help_answer_working_days=r.integer("debt_help.answer_working_days", minimum=1, default=10, maximum=60),
        # Versions saved before the current rent was watched during a pause keep the default. Not
        # 0: the guardrail watches the current rent whatever the policy says.
        pause_current_rent_call_after_days=r.integer(
            "pause.current_rent_call_after_days", minimum=1, default=10, maximum=60
        ),
        # Versions saved before former tenants were followed lack these: they keep the defaults.
        former_letter_after_days=r.integer("former.letter_after_days", minimum=0, default=14, maximum=60),
        former_call_after_days=r.integer("former.call_after_days", minimum=0, default=21, maximum=120),
        former_call_attempts=r.integer("former.call_attempts", minimum=1, default=2, maximum=5),
        former_wik_letter_after_days=r.integer("former.wik_letter_after_days", minimum=1, default=42, maximum=180),
        former_decision_after_days=r.integer("former.decision_after_days", minimum=1, default=70, maximum=365),
        # Versions saved before the eviction prevention lack these: they keep the defaults.
        eviction_call_days_before=r.integer("eviction_prevention.call_days_before", minimum=0, default=28, maximum=90),
        eviction_visit_days_before=r.integer(
            "eviction_prevention.visit_days_before", minimum=0, default=21, maximum=90
        ),
        eviction_offer_days_before=r.integer(
            "eviction_prevention.offer_days_before", minimum=0, default=14, maximum=90
        ),
        version=version,
    )
    r.no_unknown_keys()
    return policy


def _steps(r: "_Reader") -> dict[tuple[str, str], Steps]:
    table = r.get("steps")
    if not isinstance(table, dict):
        raise PolicyError("steps: missing")
    unknown = set(table) - {"default", *SEGMENTS}
    if unknown:
        raise PolicyError(f"steps: unknown segment(s) {', '.join(sorted(unknown))}; use {', '.join(SEGMENTS)}")
    names = [f.name for f in fields(Steps)]
    for segment, settings in table.items():
        for key, value in settings.items():
            if isinstance(value, dict):
                if key not in PAYMENT_METHODS:
                    raise PolicyError(
                        f"steps.{segment}.{key}: unknown payment method; use {', '.join(PAYMENT_METHODS)}"
                    )
                wrong = set(value) - set(names)
                if wrong:
                    raise PolicyError(f"steps.{segment}.{key}.{sorted(wrong)[0]}: unknown step setting")
            elif key not in names:
                raise PolicyError(f"steps.{segment}.{key}: unknown step setting")
    missing = [name for name in names if name not in table.get("default", {})]
    if missing:
        raise PolicyError(f"steps.default: missing {', '.join(missing)}")
    result = {}
    for segment in SEGMENTS:
        for method in PAYMENT_METHODS:
            values = {}
            for settings in (
                table["default"],
                table.get(segment, {}),
                table["default"].get(method, {}),
                table.get(segment, {}).get(method, {}),
            ):
                values.update({k: v for k, v in settings.items() if not isinstance(v, dict)})
            result[(segment, method)] = _check_steps(values, f"steps ({segment}, {method})")
    return result


def _check_steps(values: dict, where: str) -> Steps:
    for name, value in values.items():
        if name.endswith("_channel"):
            if value not in MESSAGE_CHANNELS:
                raise PolicyError(f"{where}.{name}: {value!r} is not one of {', '.join(MESSAGE_CHANNELS)}")
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise PolicyError(f"{where}.{name}: must be a whole number of 0 or more, not {value!r}")
    return Steps(**values)


class _Reader:
    """Reads dotted keys and remembers which it read, so unknown keys are reported."""

    def __init__(self, data: dict):
        self.data = data
        self.read: set[str] = {"steps"}

    def get(self, key: str, required: bool = True):
        node = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if required:
                    raise PolicyError(f"{key}: missing")
                return None
            node = node[part]
        self.read.add(key)
        return node

    def text(self, key, required=True) -> str:
        value = self.get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise PolicyError(f"{key}: must be text")
        return value

    def integer(self, key, minimum=0, default: int | None = None, maximum: int | None = None) -> int:
        value = self.get(key, required=default is None)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise PolicyError(f"{key}: must be a whole number of {minimum} or more, not {value!r}")
        if maximum is not None and value > maximum:
            raise PolicyError(f"{key}: may be at most {maximum}, not {value!r}")
        return value

    def boolean(self, key, default: bool | None = None) -> bool:
        value = self.get(key, required=default is None)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise PolicyError(f"{key}: must be true or false")
        return value

    def amount(self, key, default: Decimal | None = None) -> Decimal:
        value = self.get(key, required=default is None)
        if value is None:
            return default
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            raise PolicyError(f'{key}: {value!r} is not an amount like "100.00"') from None
        if not result.is_finite():  # nan and inf are TOML floats, and no amount
            raise PolicyError(f'{key}: {value!r} is not an amount like "100.00"')
        if result < 0:
            raise PolicyError(f"{key}: must not be negative")
        return result

    def percentage(self, key, default: Decimal) -> Decimal:
        """An amount from 0 to 100: a share of something, in per cent."""
        result = self.amount(key, default)
        if result > 100:
            raise PolicyError(f"{key}: a percentage is at most 100.00")
        return result

    def clock(self, key) -> time:
        value = self.get(key)
        try:
            return time.fromisoformat(str(value))
        except ValueError:
            raise PolicyError(f'{key}: {value!r} is not a time like "21:00"') from None

    def channels(self, key) -> frozenset[str]:
        value = self.get(key)
        if not isinstance(value, list) or not value or any(v not in CONTACT_CHANNELS for v in value):
            raise PolicyError(f"{key}: must list channels among {', '.join(CONTACT_CHANNELS)}")
        return frozenset(value)

    def no_unknown_keys(self) -> None:
        def walk(node, prefix):
            for key, value in node.items():
                path = f"{prefix}{key}"
                if path in self.read:
                    continue
                if isinstance(value, dict):
                    yield from walk(value, path + ".")
                else:
                    yield path

        unknown = sorted(walk(self.data, ""))
        if unknown:
            raise PolicyError(f"{unknown[0]}: unknown setting")


def default_policy() -> Policy:
    return load(default_text(), version="default")


__all__ = ["Policy", "PolicyError", "Steps", "default_policy", "default_text", "load", "replace"]
