"""The legal track in the demo: households handed over to the bailiff, summoned, judged, with an
eviction scheduled, two evictions prevented and one carried out (docs/demo-data.md, "The legal
track"; docs/legal.md).

`script` lists the tracks the demo wants, each as the stage it ends in on the demo day and its
steps (days before the demo day), and the households that could walk them: running tenancies
owing at least CANDIDATE_MONTHS months' rent on the demo day, not given debt help by the demo,
in an order of their own (seeded from the seed, apart from the generator's chances).

`Court.deliver` runs on each replayed day before the policy run, as the debt help's delivery does.
On a track's first day it picks the first household for which every step can be taken on its day
as far as the files and the timeline tell: the escalation's conditions met on the days of the
hand-over and the summons (core.policy.guardrails.why_no_escalation), nothing holding the track on
the days of a step towards eviction (legal/rules.py), an open case. A household the previous
system handed over already (an imported `bailiff_handover`) goes on from its hand-over. Then every
step goes through legal/track.py on its day: the team leader's approved escalation first (the
decision on the timeline, as cases.actions.decide_escalation writes it), the hand-over and the
summons by the team leader (`track.record`, so the guardrails are checked again on the day), the
court's and the bailiff's steps entered by the incassomedewerker. A step refused all the same (a
household that came into debt help meanwhile) stops its track there, as it would in a corporation:
the refusal leaves its hold task and timeline line, and the demo says so.

The eviction carried out ends the tenancy as the ERP would tell the next day: the tenancies file
with its end date, the rent charged after it credited, and a final bill (repairs, the deposit)
in a ledger file; from then on it is a tenant who left, in the former tenants' policy.

A small demo gets fewer tracks (the first ones: one of each stage before a second of any), when
it has fewer households that could walk them.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from . import generator

HANDOVER, SUMMONS, HEARING, JUDGMENT = "bailiff_handover", "summons_served", "hearing", "judgment"
SERVED, SCHEDULED, CANCELLED, EXECUTED = (
    "judgment_served",
    "eviction_scheduled",
    "eviction_cancelled",
    "eviction_executed",
)
APPROVE = "approve"  # the team leader's yes to the next step towards court or bailiff

BAILIFF = "Gerechtsdeurwaarders Maasstad"  # invented
COURT = "Kantonrechter Rechtbank Rotterdam"
CANDIDATE_MONTHS = Decimal("2.5")
CREDITS = frozenset({"payment", "direct_debit", "benefit_payment", "write_off", "discount", "deposit_settlement"})
PAYMENT_ORDER = (
    "Betaal elke maand de huur op tijd en 150 euro op de achterstand. Gaat dat twee keer mis, dan mag de "
    "woning worden ontruimd."
)


def _path(
    approve: int,
    *,
    summons: int | None = None,
    court: int | None = None,
    judgment: int | None = None,
    outcome: str = "ontbinding_ontruiming",
    served: int | None = None,
    scheduled: int | None = None,
    eviction: int | None = None,
    cancelled: tuple[int, str] | None = None,
    executed: bool = False,
) -> list[tuple[int, str, dict]]:
    """A track's steps as (days before the demo day, stage, details); negative days lie after it."""
    steps = [(approve, APPROVE, {}), (approve - 2, HANDOVER, {})]
    if summons is not None:
        steps.append((summons, SUMMONS, {"court": court}))
    if judgment is not None:
        steps.append((court, HEARING, {}))
        steps.append((judgment, JUDGMENT, {"outcome": outcome}))
    if served is not None:
        steps.append((served, SERVED, {}))
    if scheduled is not None:
        steps.append((scheduled, SCHEDULED, {"eviction": eviction}))
    if cancelled is not None:
        steps.append((cancelled[0], CANCELLED, {"reason": cancelled[1]}))
    if executed:
        steps.append((eviction, EXECUTED, {}))
    return steps


# The tracks, most telling first: one of each stage, then a second of the stages a team sees most.
TRACKS = [
    ("ontruiming_gepland", _path(62, summons=50, court=36, judgment=29, served=22, scheduled=8, eviction=-16)),
    (
        "voorkomen_regeling",
        _path(
            66, summons=55, court=41, judgment=34, served=27, scheduled=20, eviction=-3, cancelled=(6, "arrangement")
        ),
    ),
    (
        "voorkomen_gemeente",
        _path(
            64,
            summons=52,
            court=38,
            judgment=31,
            served=24,
            scheduled=16,
            eviction=-5,
            cancelled=(2, "municipality_guarantee"),
        ),
    ),
    ("ontruimd", _path(70, summons=58, court=45, judgment=38, served=31, scheduled=25, eviction=12, executed=True)),
    ("vonnis_betekend", _path(52, summons=40, court=26, judgment=19, served=9)),
    ("vonnis", _path(45, summons=33, court=19, judgment=12)),
    ("gedagvaard", _path(30, summons=14, court=-12)),
    ("overgedragen", _path(12)),
    ("ontruiming_gepland_2", _path(58, summons=47, court=33, judgment=26, served=19, scheduled=5, eviction=-23)),
    ("vonnis_betekend_2", _path(48, summons=37, court=23, judgment=16, served=4)),
    ("vonnis_2", _path(40, summons=29, court=15, judgment=5, outcome="betalingsregeling")),
    ("gedagvaard_2", _path(24, summons=9, court=-20)),
    ("overgedragen_2", _path(6)),
]
# The stage each track ends in on the demo day.
ENDS_IN = {name: steps[-1][1] for name, steps in TRACKS}


@dataclass
class Track:
    name: str
    steps: list[tuple[date, str, dict]]  # (day, stage, details), in date order
    ref: str | None = None
    from_history: bool = False  # handed over by the previous system: goes on from there
    approved: bool = False  # the team leader's yes is on the timeline
    taken: int = 0  # steps done
    stopped: str = ""  # why the track stopped early (a refusal), or that no household could walk it

    @property
    def first_day(self) -> date:
        return self.steps[0][0]


@dataclass
class Script:
    tracks: list[Track] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # ref -> the tenancy's latest row of tenancies.csv
    seconds: float = 0.0  # spent choosing households and taking the steps

    def households(self) -> dict[str, str]:
        return {t.name: t.ref for t in self.tracks if t.ref and not t.stopped}


def _latest_rows(corp) -> dict[str, dict]:
    rows = {row["tenancy_ref"]: row for row in corp.tenancies}
    for day in sorted(corp.rent_files):
        for row in corp.rent_files[day]:
            rows[row["tenancy_ref"]] = row
    return rows


def script(corp, seed: int, replay_days: int, *, taken=frozenset()) -> Script:
    """The demo's legal tracks for the generated corporation (none without a replay)."""
    out = Script()
    if replay_days <= 0:
        return out
    on = corp.on
    out.rows = _latest_rows(corp)
    monthly = {
        ref: int(Decimal(row["monthly_rent"]) * 100) + int(Decimal(row["service_costs"]) * 100)
        for ref, row in out.rows.items()
        if not row["end_date"] and ref not in taken
    }
    owed = dict.fromkeys(monthly, 0)
    for ref, day, kind, cents, _, _ in corp.ledger:
        if ref in owed and day < on:
            owed[ref] += -cents if kind in CREDITS else cents
    out.candidates = sorted(ref for ref, cents in owed.items() if cents >= CANDIDATE_MONTHS * monthly[ref])
    random.Random(f"{seed}-rechter").shuffle(out.candidates)
    out.tracks = [
        Track(name, [(on - timedelta(days=days), stage, details) for days, stage, details in steps])
        for name, steps in TRACKS
    ]
    return out


# --- during the replay ----------------------------------------------------------------------------


class Court:
    """Each replayed day, before the policy run: the tracks' households chosen on their first day,
    and the steps of the day taken through legal/track.py."""

    def __init__(self, plan: Script, folder: Path, users: dict, on: date, start: date):
        from huurpad.accounts.roles import Role

        self.plan = plan
        self.folder = folder
        self.on = on
        self.start = start  # the first replayed day: steps up to it are the previous system's history
        self.leader = users[Role.TEAMLEIDER.value]
        self.officer = users[Role.INCASSOMEDEWERKER.value]
        self.used: set[str] = set()

    def deliver(self, day: date) -> None:
        started = time.perf_counter()
        self._deliver(day)
        self.plan.seconds += time.perf_counter() - started

    def _deliver(self, day: date) -> None:
        for t in self.plan.tracks:
            if t.stopped or t.first_day > day:
                continue
            if t.ref is None:
                t.ref = self._choose(t)
                if t.ref is None:
                    t.stopped = "geen huishouden kon dit traject lopen"
                    continue
                self.used.add(t.ref)
            while t.taken < len(t.steps) and t.steps[t.taken][0] <= day and not t.stopped:
                self._take(t, *t.steps[t.taken])
                t.taken += 1

    # choosing

    def _choose(self, t: Track) -> str | None:
        from huurpad.cases.models import Case
        from huurpad.legal import rules, track
        from huurpad.tenancies.models import Tenancy

        stages = {stage for _, stage, _ in t.steps}
        for ref in self.plan.candidates:
            if ref in self.used:
                continue
            tenancy = Tenancy.objects.filter(ref=ref, end_date__isnull=True).first()
            if tenancy is None:
                continue
            if (
                t.first_day > self.start
                and not Case.objects.filter(
                    tenancy=tenancy, closed_on__isnull=True, opened_on__lte=t.first_day
                ).exists()
            ):
                continue
            running = track.running(tenancy)
            from_history = running is not None
            if running is not None and (
                running.stage != HANDOVER
                or running.held_since
                or SUMMONS not in stages
                or running.handed_over_on > t.first_day  # a hand-over the previous system made later
            ):
                continue
            # The steps that need the escalation's conditions first: they fail most often.
            ordered = sorted(t.steps, key=lambda s: s[1] not in rules.NEEDS_ESCALATION)
            if all(self._may(tenancy, day, stage, from_history) for day, stage, _ in ordered):
                t.from_history = from_history
                return ref
        return None

    @staticmethod
    def _may(tenancy, day: date, stage: str, from_history: bool) -> bool:
        from huurpad.legal import rules, track

        if stage == HANDOVER and from_history:
            return True
        if stage in rules.NEEDS_ESCALATION:
            f = track.facts_on(tenancy, day)
            return not f.escalation_reasons and not rules.holds(f)
        if stage in rules.TOWARDS_EVICTION:
            return not rules.holds(track.facts_on(tenancy, day, escalation=False))
        return True

    # the steps

    def _take(self, t: Track, day: date, stage: str, details: dict) -> None:
        from huurpad.legal import track
        from huurpad.legal.models import LegalStep
        from huurpad.tenancies.models import Tenancy

        tenancy = Tenancy.objects.get(ref=t.ref)
        history = day <= self.start  # before Huurpad ran: the previous system's, imported as a fact
        if stage == APPROVE:
            if not history:
                self._approve(t, tenancy, day)
            return
        if stage == HANDOVER and t.from_history:
            return
        number = f"{t.ref[-7:-2]}"
        d = {
            HANDOVER: dict(decided_by_name=BAILIFF, document=f"overdracht {BAILIFF} dossier MS-{number}"),
            SUMMONS: dict(
                court_date=self._day(details.get("court")),
                decided_by_name=BAILIFF,
                document=f"dagvaarding MS-{number}",
                costs=Decimal("108.93"),
            ),
            HEARING: dict(decided_by_name=COURT, note="De huurder was niet op de zitting."),
            JUDGMENT: dict(
                outcome=details.get("outcome", ""),
                conditions=PAYMENT_ORDER if details.get("outcome") == "betalingsregeling" else "",
                decided_by_name=COURT,
                document=f"vonnis {COURT} {day:%d-%m-%Y}, zaaknummer {day:%y}-{number}",
            ),
            SERVED: dict(decided_by_name=BAILIFF, document=f"betekening vonnis MS-{number}", costs=Decimal("96.40")),
            SCHEDULED: dict(
                eviction_date=self._day(details.get("eviction")),
                decided_by_name=BAILIFF,
                document=f"aanzegging ontruiming MS-{number}",
            ),
            CANCELLED: dict(
                reason=details.get("reason", ""),
                decided_by_name=BAILIFF,
                note=CANCEL_NOTES.get(details.get("reason"), ""),
            ),
            EXECUTED: dict(decided_by_name=BAILIFF, document=f"proces-verbaal van ontruiming MS-{number}"),
        }[stage]
        if stage == CANCELLED and details.get("reason") == "arrangement":
            self._arrangement(tenancy, day)
        person = self.leader if stage in (HANDOVER, SUMMONS, CANCELLED) else self.officer
        try:
            if history:
                track.from_elsewhere(tenancy, stage, day, track.Details(**d), source=LegalStep.Source.IMPORT)
            else:
                if stage in (HANDOVER, SUMMONS) and not t.approved:  # its approval fell in the history
                    self._approve(t, tenancy, day)
                track.record(tenancy, stage, day, track.Details(**d), acting_user=person)
        except track.Refused as refused:
            t.stopped = f"{stage} op {day}: {'; '.join(refused.reasons)}"
            return
        if stage == EXECUTED:
            self._end_tenancy(tenancy, day)

    def _approve(self, t: Track, tenancy, day: date) -> None:
        from huurpad.cases import events

        events.escalation_decided(
            tenancy,
            day,
            approved=True,
            note="Alle stappen zijn gezet en er is geen contact. Door naar de deurwaarder; de huurder kan tot "
            "het laatst een regeling treffen.",
            acting_user=self.leader,
        ).save()
        t.approved = True

    def _day(self, days: int | None) -> date | None:
        return None if days is None else self.on - timedelta(days=days)

    def _arrangement(self, tenancy, day: date) -> None:
        """The last-chance offer: an arrangement for what the judgment awarded, agreed by the team leader."""
        from huurpad.solutions import arrangements
        from huurpad.tenancies import arrears

        owed = arrears.owed(tenancy, day)
        instalment = max(Decimal(50), -(-owed // 18 // 5) * 5)  # in 18 months, in whole fives
        try:
            arrangements.propose(tenancy, acting_user=self.leader, today=day, proposed_instalment=instalment)
        except arrangements.NotAllowed:
            pass  # the cancellation's note says what was agreed

    def _end_tenancy(self, tenancy, day: date) -> None:
        """What the ERP sends after the eviction: the tenancy ended that day, the rent charged after
        it credited, and the final bill (repairs and cleaning, the deposit)."""
        from huurpad.tenancies.imports import import_ledger, import_tenancies
        from huurpad.tenancies.models import LedgerEntry

        folder = self.folder / "juridisch"
        folder.mkdir(parents=True, exist_ok=True)
        row = {**self.plan.rows[tenancy.ref], "end_date": day.isoformat()}
        path = folder / f"tenancies-{tenancy.ref}-{day.isoformat()}.csv"
        generator.write_csv(path, generator.TENANCY_HEADER, [row])
        import_tenancies(path, effective=day)
        billed = min(day + timedelta(days=7), self.on - timedelta(days=1))
        lines = [
            (
                tenancy.ref,
                e.date,
                "discount",
                e.amount_cents,
                f"{tenancy.ref}-ONT-{e.pk}",
                f"Vervalt na de ontruiming: {e.description}",
            )
            for e in LedgerEntry.objects.filter(
                tenancy=tenancy, date__gt=day, kind__in=["rent", "service_costs"]
            ).order_by("date", "pk")
        ]
        lines.append(
            (
                tenancy.ref,
                billed,
                "repair_charge",
                64500,
                f"{tenancy.ref}-EA-R1",
                "Herstel en schoonmaak na de ontruiming",
            )
        )
        deposit = int(Decimal(row["monthly_rent"])) // 10 * 1000
        lines.append(
            (tenancy.ref, billed, "deposit_settlement", deposit, f"{tenancy.ref}-EA-W", "Waarborgsom verrekend")
        )
        path = folder / f"ledger-{tenancy.ref}-{day.isoformat()}.csv"
        generator.write_ledger(path, lines)
        import_ledger(path)


CANCEL_NOTES = {
    "arrangement": "Op het laatste gesprek met de woonconsulent is een betalingsregeling getroffen voor het bedrag "
    "van het vonnis. De deurwaarder blaast de ontruiming af.",
    "municipality_guarantee": "De gemeente staat garant voor de achterstand en helpt met schuldhulp. De "
    "deurwaarder blaast de ontruiming af.",
}
