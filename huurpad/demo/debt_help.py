"""Debt help in the demo: a fake Schuldenknooppunt, the counsellor's payments in the bank
statements, and what the team does about it (docs/debt-help.md, "In the demo").

`script` picks households in arrears from the generated corporation (by the seed, apart from the
generator's own chances, so every other household comes out as before) and writes for each a
trajectory that ends the demo in one stage: a fresh kennisgeving, a balance asked, a proposal
waiting for the team leader, a proposal accepted, a settlement running with the counsellor's
payments, two that succeeded (the rest written off, and one awaiting that decision), one that
failed, and a commercial firm the corporation declines to work with. Its messages are canonical
(spec/CLI.md) and go to a JSONL file; its payments are CAMT.053 statements.

`deliver` runs on each replayed day before the policy run: what the Schuldenknooppunt brought up
to that day goes through `debthelp.inbox.receive_file`, the bank statement of the day through the
ordinary bank import, and the team's steps (a kennisgeving checked, the team leader's write-off,
an officer's 'geen medewerking') through `debthelp.flow`. So stages, answers, deadlines, pauses and
tasks are the flow's own. A replay shorter than the scripts delivers what is older than its first
day on that first day, in date order (as a backlog fetched at once).

Two household plans (toolkit 3.8) are made by `ensure_plans` after the partners exist."""

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

COUNSELLOR = "Schuldhulp Rijnmond"  # a partner of kind schuldhulp with a demo user (setup.COUNSELLOR_USER)
CREDIT_BANK = "Kredietbank Rijnmond"  # pays a saneringskrediet at once, naming the counsellor's reference
COUNSELLOR_ACCOUNT = "NL91ABNA0417164300"
CREDIT_BANK_ACCOUNT = "NL69INGB0123456789"
# A commercial firm, not a member of the NVVK: the corporation declines to take part (geen medewerking).
COMMERCIAL = "Schuldenvrij Direct B.V."
CHARGES = ("rent", "service_costs", "other_charge", "collection_costs", "reversal")

# The trajectories, most telling first (a small demo gets the first ones): the stage it ends in,
# and its steps as (days before the demo day, what). Messages: the canonical type and its fields;
# 'pay' a payment by the counsellor (share of the expected amount); 'check', 'write_off', 'refuse'
# the team's steps.
SCENARIOS = [
    (
        "lopend",
        [
            (88, "kennisgeving", {"months": 4}),
            (83, "saldoverzoek", {}),
            (74, "betaalvoorstel", {"kind": "schuldbemiddeling", "percentage": "35.00", "months": 18}),
            (62, "schuldregeling_akkoord", {"start_offset": 60}),
            (45, "pay", {"share": Decimal(1) / 18}),
            (30, "statusbericht", {"text": "De huurder houdt zich aan de afspraken. De tweede termijn is betaald."}),
            (15, "pay", {"share": Decimal(1) / 18}),
        ],
    ),
    (
        "voorstel",
        [
            (47, "kennisgeving", {"months": 8}),
            (40, "saldoverzoek", {}),
            (6, "betaalvoorstel", {"kind": "nul_aanbod", "percentage": "0.00", "months": 18}),
        ],
    ),
    (
        "geslaagd_wacht",
        [
            (66, "kennisgeving", {"months": 4}),
            (60, "saldoverzoek", {}),
            (45, "betaalvoorstel", {"kind": "saneringskrediet", "percentage": "55.00", "months": 1}),
            (37, "schuldregeling_akkoord", {"start_offset": 37}),
            (30, "pay", {"share": Decimal(1), "payer": "bank"}),
            (4, "schuldregeling_beeindigd", {"outcome": "geslaagd"}),
        ],
    ),
    ("kennisgeving", [(3, "kennisgeving", {"months": 4})]),
    (
        "mislukt",
        [
            (86, "kennisgeving", {"months": 8}),
            (80, "saldoverzoek", {}),
            (72, "betaalvoorstel", {"kind": "schuldbemiddeling", "percentage": "28.00", "months": 18}),
            (66, "schuldregeling_akkoord", {"start_offset": 66}),
            (50, "pay", {"share": Decimal(1) / 18}),
            (
                28,
                "statusbericht",
                {"text": "De huurder heeft twee maanden niets gespaard voor de schuldeisers. We praten met hem."},
            ),
            (6, "schuldregeling_beeindigd", {"outcome": "mislukt"}),
        ],
    ),
    ("saldo_gevraagd", [(21, "kennisgeving", {"months": 8}), (13, "saldoverzoek", {})]),
    (
        "akkoord",
        [
            (62, "kennisgeving", {"months": 4}),
            (55, "saldoverzoek", {}),
            (9, "betaalvoorstel", {"kind": "schuldbemiddeling", "percentage": "42.50", "months": 18}),
        ],
    ),
    (
        "geslaagd_afgeboekt",
        [
            (84, "kennisgeving", {"months": 4}),
            (79, "saldoverzoek", {}),
            (70, "betaalvoorstel", {"kind": "saneringskrediet", "percentage": "62.00", "months": 1}),
            (63, "schuldregeling_akkoord", {"start_offset": 63}),
            (56, "pay", {"share": Decimal(1), "payer": "bank"}),
            (52, "schuldregeling_beeindigd", {"outcome": "geslaagd"}),
            (49, "write_off", {}),
        ],
    ),
    ("geen_medewerking", [(34, "kennisgeving", {"months": 4, "counsellor": COMMERCIAL}), (32, "refuse", {})]),
]
IN_ARREARS = 40000  # cents: a household the demo gives debt help owes at least this on every day of its story
# A small demo gets fewer trajectories (the first scenarios), so the households in arrears the other
# demo stories need (the step towards court, the early signals) are left to them.
HOMES_PER_TRAJECTORY = 200
CHECKED_AFTER = 2  # days after a kennisgeving an officer has looked (its task done), but the freshest


@dataclass
class Script:
    """What the fake Schuldenknooppunt, the bank and the team do, in date order."""

    messages: list[dict] = field(default_factory=list)  # canonical, sorted by date
    payments: list[dict] = field(default_factory=list)  # {date, tenancy_ref, amount, payer, iban, remittance}
    steps: list[dict] = field(default_factory=list)  # {date, kind, tenancy_ref, counsellor_reference}
    households: dict = field(default_factory=dict)  # scenario -> tenancy_ref

    def first_day(self) -> date | None:
        days = [date.fromisoformat(m["date"]) for m in self.messages]
        return min(days) if days else None


def _ledgers(corp, refs: set[str]) -> dict[str, list[tuple[date, int]]]:
    """Per tenancy of `refs`: (date, cents) of each ledger line, charges positive, credits negative."""
    out: dict[str, list[tuple[date, int]]] = {ref: [] for ref in refs}
    for ref, day, kind, cents, _, _ in corp.ledger:
        if ref in out:
            out[ref].append((day, cents if kind in CHARGES else -cents))
    return out


def _balance(lines: list[tuple[date, int]], on: date, *, including: bool = False) -> int:
    """The balance in cents on the morning of `on` (with `including`: the lines of `on` too, as the
    balance answer counts what falls due that day)."""
    return sum(cents for day, cents in lines if day < on or (including and day == on))


def _busy(corp, before: date) -> set[str]:
    """Tenancies with a pause or arrangement running, or handed to the bailiff, before `before`."""
    last: dict[tuple[str, str], str] = {}
    bailiff = set()
    for e in sorted(corp.events, key=lambda e: e["date"]):
        if e["date"] >= before.isoformat():
            continue
        kind = e["type"]
        if kind == "bailiff_handover":
            bailiff.add(e["tenancy_ref"])
        for topic in ("pause", "arrangement"):
            if kind in (f"{topic}_started", f"{topic}_ended"):
                last[(e["tenancy_ref"], topic)] = kind
    return bailiff | {ref for (ref, topic), kind in last.items() if kind.endswith("_started")}


def script(corp, seed: int, replay_days: int) -> Script:
    """The demo's debt help for the generated corporation: households in arrears on every day of
    their story and on the demo day, running then, without a pause, arrangement or bailiff in the
    history; chosen by the seed apart from the generator's chances (a scenario without such a
    household is left out, as in a small demo)."""
    out = Script()
    if replay_days <= 0:
        return out
    on = corp.on
    running = {row["tenancy_ref"] for row in corp.tenancies if not row["end_date"]}
    free = {ref for ref in running - _busy(corp, on) if ref.startswith("DEMO-")}
    ledgers = _ledgers(corp, free)
    candidates = sorted(ref for ref in free if _balance(ledgers[ref], on) >= IN_ARREARS)
    rng = random.Random(f"{seed}-schuldhulp")
    rng.shuffle(candidates)
    numbers = rng.sample(range(1000, 9999), len(SCENARIOS))
    wanted = SCENARIOS[: max(1, corp.homes // HOMES_PER_TRAJECTORY)]
    for (name, steps), number in zip(wanted, numbers):
        # In arrears on every day of its story, up to the demo day.
        days = [on - timedelta(days=d) for d, _, _ in steps] + [on]
        ref = next((r for r in candidates if all(_balance(ledgers[r], d) >= IN_ARREARS for d in days)), None)
        if ref is None:
            continue
        candidates.remove(ref)
        out.households[name] = ref
        counsellor = next((s[2].get("counsellor") for s in steps if s[2].get("counsellor")), COUNSELLOR)
        reference = f"{'SR' if counsellor == COUNSELLOR else 'SVD'}-{on.year}-{number}"
        claim, percentage = None, None
        for n, (days, what, fields) in enumerate(steps, start=1):
            day = on - timedelta(days=days)
            if what == "pay":
                expected = Decimal(claim) * Decimal(percentage) / 100
                amount = (expected * fields["share"] / 100).quantize(Decimal("0.01"))
                by_bank = fields.get("payer") == "bank"
                out.payments.append(
                    {
                        "date": day,
                        "tenancy_ref": ref,
                        "amount": amount,
                        "payer": CREDIT_BANK if by_bank else counsellor,
                        "iban": CREDIT_BANK_ACCOUNT if by_bank else COUNSELLOR_ACCOUNT,
                        "remittance": f"{reference} {'saneringskrediet' if by_bank else 'schuldregeling termijn'} {ref}",
                    }
                )
                continue
            if what in ("write_off", "refuse"):
                out.steps.append({"date": day, "kind": what, "tenancy_ref": ref, "counsellor_reference": reference})
                continue
            message = {
                "message_id": f"skn-{reference}-{n:02d}",
                "type": what,
                "date": day.isoformat(),
                "tenancy_ref": ref,
                "counsellor": counsellor,
                "counsellor_reference": reference,
            }
            extra = {k: v for k, v in fields.items() if k != "counsellor"}
            if "start_offset" in extra:
                extra = {"start_date": (on - timedelta(days=extra["start_offset"])).isoformat()}
            message |= extra
            out.messages.append(message)
            if what == "saldoverzoek":
                claim = max(_balance(ledgers[ref], day, including=True), 0)
            if what == "betaalvoorstel":
                percentage = fields["percentage"]
                if claim is None:
                    claim = max(_balance(ledgers[ref], day, including=True), 0)
            if what == "kennisgeving" and days > CHECKED_AFTER + 1 and name != "geen_medewerking":
                out.steps.append(
                    {
                        "date": day + timedelta(days=CHECKED_AFTER),
                        "kind": "check",
                        "tenancy_ref": ref,
                        "counsellor_reference": reference,
                    }
                )
    out.messages.sort(key=lambda m: (m["date"], m["message_id"]))
    out.payments.sort(key=lambda p: (p["date"], p["tenancy_ref"]))
    out.steps.sort(key=lambda s: (s["date"], s["tenancy_ref"]))
    return out


def write(plan: Script, folder: Path) -> Path:
    """The fake Schuldenknooppunt's messages as one canonical JSONL file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "schuldenknooppunt.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for message in plan.messages:
            handle.write(json.dumps(message, ensure_ascii=False) + "\n")
    return path


# --- during the replay ----------------------------------------------------------------------------


class Delivery:
    """Hands each replayed day what the Schuldenknooppunt, the bank and the team bring."""

    def __init__(self, plan: Script, folder: Path, users: dict):
        self.plan = plan
        self.folder = folder
        self.users = users
        self.messages = list(plan.messages)
        self.payments = list(plan.payments)
        self.steps = list(plan.steps)
        self.received = 0

    def deliver(self, day: date) -> None:
        """Everything dated up to `day` not yet delivered, in date order: per date the payments,
        then the messages, then the team's steps."""
        dates = sorted(
            {date.fromisoformat(m["date"]) for m in self.messages}
            | {p["date"] for p in self.payments}
            | {s["date"] for s in self.steps}
        )
        for when in (d for d in dates if d <= day):
            self._bank(when, day)
            self._messages(when, day)
            self._steps(when, day)
        self._post(day)

    def _post(self, day: date) -> None:
        """The post room sends the day's letters the debt-help steps wrote, as the replay does
        with the signal notices."""
        from huurpad.messaging import outbox
        from huurpad.messaging.models import OutboxMessage

        for letter in OutboxMessage.objects.filter(
            day=day, status=OutboxMessage.Status.QUEUED, tenancy__ref__in=set(self.plan.households.values())
        ):
            outbox.mark_sent(letter, day=day)

    def _bank(self, when: date, day: date) -> None:
        from huurpad.bank import imports
        from huurpad.testing.camt import Detail, Entry, statement

        from .setup import DEMO_ACCOUNT

        due = [p for p in self.payments if p["date"] == when]
        if not due:
            return
        self.payments = [p for p in self.payments if p["date"] != when]
        entries = [
            Entry(
                p["amount"],
                booked=when,
                bank_reference=f"DEMO-SH-{when:%Y%m%d}-{n}",
                details=[Detail(name=p["payer"], iban=p["iban"], remittance=p["remittance"])],
            )
            for n, p in enumerate(due)
        ]
        path = self.folder / "bank" / f"afschrift-schuldhulp-{when.isoformat()}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(statement(entries, statement_id=f"DEMO-SH-{when:%Y%m%d}", account=DEMO_ACCOUNT))
        imports.import_file(path)

    def _messages(self, when: date, day: date) -> None:
        from huurpad.debthelp import inbox

        due = [m for m in self.messages if m["date"] == when.isoformat()]
        if not due:
            return
        self.messages = [m for m in self.messages if m["date"] != when.isoformat()]
        path = self.folder / "schuldenknooppunt" / f"berichten-{when.isoformat()}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in due), encoding="utf-8")
        self.received += inbox.receive_file(path, today=day).created

    def _steps(self, when: date, day: date) -> None:
        from huurpad.accounts.roles import Role
        from huurpad.cases import tasks
        from huurpad.debthelp import flow
        from huurpad.debthelp.models import DebtHelp, DebtMessage
        from huurpad.tenancies.models import Tenancy

        due = [s for s in self.steps if s["date"] == when]
        self.steps = [s for s in self.steps if s["date"] != when]
        officer = self.users[Role.INCASSOMEDEWERKER.value]
        leader = self.users[Role.TEAMLEIDER.value]
        for step in due:
            tenancy = Tenancy.objects.get(ref=step["tenancy_ref"])
            help_ = flow.trajectory(tenancy, step["counsellor_reference"])
            if step["kind"] == "check":
                tasks.done(tenancy, tasks.DEBT_HELP_KENNISGEVING, acting_user=officer)
            elif step["kind"] == "write_off" and help_ and help_.stage == DebtHelp.Stage.GESLAAGD:
                flow.write_off_rest(
                    help_,
                    acting_user=leader,
                    today=day,
                    why="De schuldhulpverlener heeft het afgesproken deel betaald. Zo afgesproken in de regeling.",
                )
            elif step["kind"] == "refuse" and help_ and help_.running:
                incoming = help_.messages.filter(type=DebtMessage.Type.KENNISGEVING).first()
                flow.refuse(
                    incoming,
                    acting_user=officer,
                    today=day,
                    reason="no_cooperation",
                    why=f"{help_.counsellor} is een commercieel bureau en geen lid van de NVVK. We werken samen "
                    f"met {COUNSELLOR}; de huurder is gebeld en kan zich daar gratis aanmelden.",
                )


# --- the household plans (toolkit 3.8) ------------------------------------------------------------


def ensure_plans(on: date, households: dict | None = None) -> None:
    """Two household plans: one for a household in debt help with five helpers (the plan warns
    from the fourth), one for a household the buurtteam helps, whose coach asked the corporation
    twice to break through a rule (one answered in writing with alternatives, one still open).
    Running it again changes nothing."""
    from django.contrib.auth import get_user_model

    from huurpad.accounts.roles import Role
    from huurpad.cases.models import Partner, Referral
    from huurpad.debthelp.models import DebtHelp
    from huurpad.plans.models import Contribution, Domain, DoorbraakRequest, Plan
    from huurpad.plans.plans import HelperSpec, answer_request, make_plan

    from .setup import COUNSELLOR_USER

    if Plan.objects.exists():
        return
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    officer, leader = users[Role.INCASSOMEDEWERKER.value], users[Role.TEAMLEIDER.value]
    team = Partner.objects.filter(kind=Partner.Kind.BUURTTEAM).order_by("pk").first()
    coaches = Partner.objects.filter(kind=Partner.Kind.BUDGETCOACH).order_by("pk").first()
    counsellor = Partner.objects.filter(name=COUNSELLOR).first()
    # The first: a household whose settlement runs (else any in debt help).
    helped = DebtHelp.objects.filter(ended_on__isnull=True, partner=counsellor).select_related("tenancy").order_by("pk")
    first = helped.filter(stage=DebtHelp.Stage.LOPEND).first() or helped.first()
    referred = Referral.objects.filter(partner=team).select_related("tenancy").order_by("pk")
    second = next((r.tenancy for r in referred if first is None or r.tenancy_id != first.tenancy_id), None)
    if first is not None:
        tenancy = first.tenancy
        partner_user = users.get(Role.PARTNER.value)
        make_plan(
            tenancy,
            on - timedelta(days=40),
            acting_user=officer,
            helpers=[
                HelperSpec("Fatma Kaya", team.name, "coach van het buurtteam", partner=team, user=partner_user),
                HelperSpec(
                    "Jeroen Mulder",
                    COUNSELLOR,
                    "schuldhulpverlener",
                    partner=counsellor,
                    user=users.get(COUNSELLOR_USER),
                ),
                HelperSpec("Noor Bakker", "GGZ Rijnmond", "ambulant begeleider"),
                HelperSpec("Thijs de Vries", "Jeugdteam Rotterdam", "jeugdhulp voor de oudste zoon"),
                HelperSpec("Sanne Visser", "Woonstichting De Linde", "incassomedewerker", user=officer),
            ],
            coordinator=0,
            goals=[
                (
                    Domain.MONEY,
                    "Er loopt een schuldregeling. De huur van nu is niet altijd op tijd betaald.",
                    "Elke maand de huur op tijd, zodat de schuldregeling blijft lopen.",
                ),
                (
                    Domain.MENTAL_HEALTH,
                    "Slaapt slecht en ziet op tegen de post.",
                    "De post elke week samen openen; minder zorgen.",
                ),
                (
                    Domain.CHILDREN,
                    "De oudste zoon (14) gaat niet graag naar school.",
                    "Weer elke dag naar school.",
                ),
                (Domain.DAYTIME, "Thuis sinds het verlies van het werk.", "Twee dagen per week vrijwilligerswerk."),
            ],
            actions=[
                (Domain.MONEY, "De huur laten afschrijven op de dag na de uitkering", 4),
                (Domain.MONEY, "Elke maand de termijn van de schuldregeling nakijken", 1),
                (Domain.MENTAL_HEALTH, "Elke week een gesprek; de post samen openen", 2),
                (Domain.CHILDREN, "Gesprek met school en de zoon", 3),
                (Domain.DAYTIME, "Samen zoeken naar vrijwilligerswerk in de wijk", 0),
            ],
            contributions=[
                (Contribution.NO_EVICTION, "Geen deurwaarder zolang de schuldregeling loopt."),
            ],
        )
    if second is not None:
        plan = make_plan(
            second,
            on - timedelta(days=6),
            acting_user=officer,
            helpers=[
                HelperSpec(
                    "Fatma Kaya", team.name, "coach van het buurtteam", partner=team, user=users.get(Role.PARTNER.value)
                ),
                HelperSpec(
                    "Kees Jansen", coaches.name if coaches else "Budgetcoaches Rijnmond", "budgetcoach", partner=coaches
                ),
            ],
            coordinator=0,
            goals=[
                (
                    Domain.MONEY,
                    "De huurachterstand loopt op; er komen aanmaningen van meer schuldeisers.",
                    "Een plan voor alle schulden, en de huur van nu elke maand betaald.",
                ),
                (
                    Domain.HOUSING,
                    "De woning is te groot en te duur sinds de scheiding.",
                    "Een woning die past bij het inkomen.",
                ),
            ],
            actions=[
                (Domain.MONEY, "Alle post en schulden op een rij zetten", 1),
                (Domain.MONEY, "Aanmelden bij Schuldhulp Rijnmond", 0),
            ],
            requests=[
                {
                    "kind": Contribution.WRITE_OFF,
                    "question": "Wilt u de incassokosten en de helft van de huurachterstand kwijtschelden? Dan kan "
                    "de schuldhulp sneller beginnen.",
                    "asked_by": "Fatma Kaya",
                    "asked_by_organisation": team.name,
                },
                {
                    "kind": Contribution.OTHER_HOME,
                    "question": "Mag dit gezin met voorrang naar een kleinere, goedkopere woning in de wijk?",
                    "asked_by": "Fatma Kaya",
                    "asked_by_organisation": team.name,
                },
            ],
        )
        # The team leader's written answer to the first request: refused, with the alternatives (Almelo).
        answer_request(
            plan.doorbraak_requests.order_by("pk").first(),
            on - timedelta(days=2),
            acting_user=leader,
            decision=DoorbraakRequest.Decision.REFUSED,
            answer="We schelden nu niets kwijt. Een kwijtschelding past bij een schuldregeling, en die is er nog niet.",
            alternatives="We stoppen de incasso zodra de kennisgeving van de schuldhulp binnen is. Tot dan: een "
            "regeling van 50 euro per maand zonder extra kosten. Slaagt later een schuldregeling, dan schelden we "
            "de rest kwijt zoals afgesproken.",
        )
