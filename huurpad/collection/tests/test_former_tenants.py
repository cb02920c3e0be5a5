"""Tenants who left (vertrokken huurders): a tenancy that ended owing money keeps its position, and
its final bill (eindafrekening) goes through its own short policy (core/policy/former.py). From
hand-written import files through `huurpad run --json`, day after day: the letter, the call, the
WIK letter after its term, the team leader's decision, and the report; the worklist's filter; the
letter to the forwarding address; and, over random ledgers, the guardrails."""

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huurpad.cases.models import Task
from huurpad.cases.timeline import Timeline
from huurpad.collection import snapshots
from huurpad.collection.models import PolicyVersion
from huurpad.collection.tests.test_guardrails_on_ledgers import RENT, SERVICE, ledgers, timelines
from huurpad.core import ledger
from huurpad.core.calc.wik import payment_deadline
from huurpad.core.policy import facts, former, guardrails
from huurpad.core.policy.config import default_policy
from huurpad.core.policy.engine import aged, next_wake, propose
from huurpad.core.policy.proposal import Action
from huurpad.core.policy.rules import RULES, signal_blockers
from huurpad.core.policy.tests.strategies import TODAY
from huurpad.core.segments import Segment
from huurpad.messaging import compose
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.solutions.reports import former_tenants
from huurpad.tenancies import arrears
from huurpad.tenancies.arrears import TenancyArrears
from huurpad.tenancies.models import Tenancy

pytestmark = pytest.mark.django_db

HEADER = (
    "tenancy_ref,start_date,end_date,monthly_rent,service_costs,payment_method,collection_day,street,house_number,"
    "house_number_suffix,postcode,city,municipality_code,energy_label,household_size,tenant_initials,tenant_prefix,"
    "tenant_surname,tenant_birth_date,tenant_email,tenant_phone,tenant_iban,forwarding_address\n"
)
TENANCIES = HEADER + "\n".join(
    [
        # Left on 31 March owing March's rent; moved to Elders.
        "LEFT,2020-01-01,2026-03-31,650.00,50.00,transfer,,Lindelaan,12,,1234 AB,Lindestad,GM0363,C,1,A.,,Jansen,"
        '1980-05-17,,06-12345678,NL91ABNA0417164300,"Dorpsstraat 5, 9999 ZZ Elders"',
        # Left on 31 March and settled everything: never looked at again.
        "SETTLED,2020-01-01,2026-03-31,650.00,50.00,transfer,,Lindelaan,14,,1234 AB,Lindestad,GM0363,C,1,B.,,Bakker,"
        "1970-01-01,,06-22222222,NL91ABNA0417164300,",
        # Still living there, behind since April.
        "STAYS,2020-01-01,,650.00,50.00,transfer,,Lindelaan,16,,1234 AB,Lindestad,GM0363,C,1,C.,,de Wit,"
        "1975-03-03,,06-33333333,NL91ABNA0417164300,",
    ]
)
LEDGER = "tenancy_ref,date,kind,amount,external_id,description\n" + "\n".join(
    [
        *(f"LEFT,2026-{m:02d}-01,rent,650.00,L-r{m}," for m in (1, 2, 3)),
        *(f"LEFT,2026-{m:02d}-01,service_costs,50.00,L-s{m}," for m in (1, 2, 3)),
        "LEFT,2026-01-02,payment,700.00,L-p1,",
        "LEFT,2026-02-02,payment,700.00,L-p2,",
        # The final bill, as the ERP books it: the deposit settled, a repair charged.
        "LEFT,2026-04-10,deposit_settlement,700.00,L-deposit,Waarborgsom",
        "LEFT,2026-04-10,repair_charge,300.00,L-repair,Gat in de deur",
        *(f"SETTLED,2026-{m:02d}-01,rent,650.00,S-r{m}," for m in (1, 2, 3)),
        *(f"SETTLED,2026-{m:02d}-01,service_costs,50.00,S-s{m}," for m in (1, 2, 3)),
        *(f"SETTLED,2026-{m:02d}-02,payment,700.00,S-p{m}," for m in (1, 2, 3)),
        *(f"STAYS,2026-{m:02d}-01,rent,650.00,W-r{m}," for m in (1, 2, 3, 4, 5, 6)),
        *(f"STAYS,2026-{m:02d}-01,service_costs,50.00,W-s{m}," for m in (1, 2, 3, 4, 5, 6)),
        *(f"STAYS,2026-{m:02d}-02,payment,700.00,W-p{m}," for m in (1, 2, 3)),
    ]
)
# What a running tenant's policy has and no former tenant may get.
RUNNING_ONLY = {
    Action.PRE_DUE_REMINDER,
    Action.NUDGE,
    Action.REMINDER_LETTER,
    Action.HOME_VISIT,
    Action.EARLY_SIGNAL,
    Action.ARRANGEMENT_REMINDER,
    Action.ARRANGEMENT_BROKEN,
    Action.ESCALATION_REVIEW,
    Action.COMPLIMENT,
    Action.REVIEW_PAUSE,
}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "tenancies.csv").write_text(TENANCIES + "\n", encoding="utf-8")
    (tmp_path / "ledger.csv").write_text(LEDGER + "\n", encoding="utf-8")
    call_command("import-tenancies", str(tmp_path / "tenancies.csv"), "--date", "2025-01-01")
    call_command("import-ledger", str(tmp_path / "ledger.csv"))
    return tmp_path


def with_policy(**changes: str) -> None:
    """A new policy version with these TOML lines changed (key = value)."""
    current = PolicyVersion.current()
    text = current.text
    for line, new in changes.items():
        assert line in text, line
        text = text.replace(line, new)
    PolicyVersion.objects.create(number=current.number + 1, text=text, note="test")


def run_days(capsys, start: date, end: date, *, on_day=None) -> dict[tuple[str, str, str], date]:
    """Run every day through the command; the day each (tenancy, rule-ish action, period) was first
    listed. `on_day(day, lines)` is called after each day's run."""
    seen = {}
    day = start
    while day <= end:
        call_command("run", "--date", day.isoformat(), "--json")
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        for line in lines:
            assert line["explanation"], line
            seen.setdefault((line["tenancy_ref"], line["action"], line["due_date"]), day)
        if on_day:
            on_day(day, lines)
            capsys.readouterr()  # what the day's imports printed
        day += timedelta(days=1)
    return seen


def fired(seen, ref: str) -> dict[str, list[date]]:
    result = {}
    for (r, action, _), day in sorted(seen.items(), key=lambda kv: kv[1]):
        if r == ref:
            result.setdefault(action, []).append(day)
    return result


def test_the_final_bill_gets_its_steps_and_reaches_the_report(files, capsys):
    # The arrears command keeps the former tenant who owes and leaves out the one who settled.
    call_command("arrears", "--date", "2026-04-20", "--json")
    rows = {r["tenancy_ref"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert set(rows) == {"LEFT", "STAYS"}
    # The deposit paid March's rent (oldest first): the repair of 10 April is what is open.
    assert rows["LEFT"]["arrears"] == "300.00" and rows["LEFT"]["oldest_unpaid_due_date"] == "2026-04-10"

    seen = run_days(capsys, date(2026, 4, 1), date(2026, 6, 30))
    left = fired(seen, "LEFT")
    # Days count from 10 April (the final bill, later than the day after the end): the letter after
    # 14, the call after 21, the decision after 70 days.
    assert left == {
        "final_bill_letter": [date(2026, 4, 24)],
        "call": [date(2026, 5, 1)],
        "former_decision": [date(2026, 6, 19)],
    }  # no WIK letter: the default policy charges no costs; nothing of a running tenant's policy
    assert not fired(seen, "SETTLED")
    assert "nudge" in fired(seen, "STAYS") and "final_bill_letter" not in fired(seen, "STAYS")

    # The call and the decision are tasks, and the tenancy's end does not close them.
    tenancy = Tenancy.objects.get(ref="LEFT")
    open_tasks = {t.kind: t for t in Task.objects.filter(tenancy=tenancy, status=Task.Status.OPEN)}
    assert set(open_tasks) == {"former_call", "former_decision"}
    assert open_tasks["former_call"].action == "call" and open_tasks["former_call"].role == "incassomedewerker"
    assert open_tasks["former_decision"].role == "teamleider"
    assert "incassobureau" in open_tasks["former_decision"].explanation

    figures = former_tenants(date(2026, 6, 30))
    assert (figures.open_count, figures.open_amount) == (1, Decimal("300.00"))
    assert (figures.letters, figures.calls, figures.wik_letters, figures.decisions) == (1, 1, 0, 1)


def test_with_costs_the_wik_letter_comes_and_the_decision_waits_for_its_term(files, capsys, tmp_path):
    with_policy(**{"charge = false": "charge = true", "decision_after_days = 70": "decision_after_days = 45"})

    def the_letter_goes_out(day, lines):
        """A WIK letter proposed is printed and posted that day: its event is on the timeline."""
        for line in lines:
            if line["tenancy_ref"] == "LEFT" and line["action"] == "wik_letter" and line["due_date"] == str(day):
                assert line["legal_basis"] == "art. 6:96 BW"
                event = {"tenancy_ref": "LEFT", "date": str(day), "type": "wik_letter", "costs": "45.00"}
                (tmp_path / "wik.jsonl").write_text(json.dumps(event) + "\n")
                call_command("import-events", str(tmp_path / "wik.jsonl"))

    seen = run_days(capsys, date(2026, 4, 1), date(2026, 6, 30), on_day=the_letter_goes_out)
    left = fired(seen, "LEFT")
    wik = date(2026, 4, 10) + timedelta(days=42)
    assert left["wik_letter"] == [wik]
    # 45 days after 10 April is 25 May, but the letter's 14 days after receipt run until its deadline.
    deadline = payment_deadline(wik, 2)
    assert deadline > date(2026, 5, 25)
    assert left["former_decision"] == [deadline + timedelta(days=1)]
    assert set(left) == {"final_bill_letter", "call", "wik_letter", "former_decision"}
    assert former_tenants(date(2026, 6, 30)).wik_letters == 1


def test_the_final_bill_letter_goes_to_the_forwarding_address(files, capsys):
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )
    call_command("run", "--date", "2026-04-24")
    written, counts = compose.write_letters(date(2026, 4, 24), base_url="https://huurpad.example")
    (message,) = OutboxMessage.objects.filter(tenancy__ref="LEFT", action="final_bill_letter")
    assert message.pk in written, counts
    assert message.recipient == "A. Jansen\nDorpsstraat 5\n9999 ZZ Elders"
    assert "Uw huurcontract is gestopt op 31 maart 2026" in message.body
    assert "waarborgsom van € 700,00" in message.body and "reparaties aan de woning rekenen we € 300,00" in message.body
    assert "nog € 300,00 open" in message.body
    # Without a forwarding address the letter goes to the last address, the home.
    Tenancy.objects.filter(ref="LEFT").update(forwarding_address="")
    assert compose.recipient(Tenancy.objects.get(ref="LEFT"), "letter", date(2026, 4, 24)).endswith(
        "Lindelaan 12\n1234 AB Lindestad"
    )


def test_the_worklist_shows_former_tenants_apart(files, client, officer):
    with time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        client.force_login(officer)
        everyone = client.get(reverse("worklist"))
        left = client.get(reverse("worklist"), {"huurders": "vertrokken"})
        staying = client.get(reverse("worklist"), {"huurders": "huidig"})
    refs = lambda response: [row["tenancy"].ref for row in response.context["rows"]]  # noqa: E731
    assert sorted(refs(everyone)) == ["LEFT", "STAYS"]
    assert refs(left) == ["LEFT"]
    assert refs(staying) == ["STAYS"]
    text = left.content.decode()
    assert "Vertrokken huurders (1)" in text and "Vertrokken op 31 maart 2026" in text


# --- Over random ledgers ---------------------------------------------------------------------


@st.composite
def former_cases(draw) -> facts.Snapshot:
    """A tenancy that ended some days before TODAY, with a year of rent, a final bill (the deposit
    settled, repairs), a timeline, contact details, and some of its steps taken before."""
    ended = TODAY - timedelta(days=draw(st.integers(1, 150)))
    entries = [e for e in draw(ledgers()) if e.date <= ended or e.kind in ledger.CREDITS]
    bill = ended + timedelta(days=draw(st.integers(0, 20)))
    if bill <= TODAY:
        if draw(st.booleans()):
            entries.append(ledger.Entry(date=bill, kind=ledger.Kind.DEPOSIT_SETTLEMENT, amount=RENT + SERVICE))
        if draw(st.booleans()):
            amount = Decimal(draw(st.integers(1, 200_000))) / 100
            entries.append(ledger.Entry(date=bill, kind=ledger.Kind.REPAIR_CHARGE, amount=amount))
    episode = ledger.episode_start(entries, TODAY)
    timeline = Timeline()
    for day, kind, params in draw(timelines(episode)):
        timeline.add(day, kind, params)
    row = TenancyArrears(
        tenancy_id=1,
        ref="T1",
        position=ledger.position(entries, on=TODAY, monthly_due=RENT + SERVICE),
        segment=draw(st.sampled_from(list(Segment))),
        monthly_due_cents=int((RENT + SERVICE) * 100),
        end_date=ended,
    )
    phone = draw(st.sampled_from(["", "0612345678"]))
    s = snapshots.assemble(
        row,
        replace(default_policy(), charge_costs=draw(st.booleans())),
        payment_method=draw(st.sampled_from(["direct_debit", "transfer", "benefit_deduction"])),
        collection_day=draw(st.sampled_from([1, 5, 10, 15, 20, 25])),
        channels=snapshots.channels(phone, "", draw(st.booleans()), ()),
        timeline=timeline,
        episode_start=episode,
        since_pause=facts.SincePause.of(entries, pause.start, TODAY) if (pause := timeline.pause()) else None,
        message_dates=(TODAY,) * draw(st.integers(0, 1)),
    )
    # Steps taken before: of both policies, as a tenancy that ran and then ended has them.
    keys = sorted(
        {p.key for rule in RULES for p in rule(replace(s, ended_on=None), TODAY)}
        | {p.key for rule in former.RULES for p in rule(replace(s, policy=replace(s.policy, charge_costs=True)), TODAY)}
        | {f"{former.FINAL_BILL_LETTER}:{ended}"}
    )
    return replace(s, done=frozenset(draw(st.lists(st.sampled_from(keys), unique=True)) if keys else ()))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(former_cases())
def test_a_former_tenant_gets_only_the_final_bills_steps_within_the_guardrails(s):
    assert s.former
    made = propose(s, TODAY)
    for p in made:
        assert p.rule in former.RULE_NAMES, p  # never a step of a running tenant's policy
        assert p.action not in RUNNING_ONLY, p
        assert p.explanation and "Huurcontract beëindigd op" in p.explanation  # says why, with the facts
    actions = [p.action for p in made]
    sent_letter = any(k.startswith(f"{former.FINAL_BILL_LETTER}:") for k in s.done)
    if Action.WIK_LETTER in actions:  # costs only by the policy, after the final bill letter
        assert s.policy.charge_costs and sent_letter and s.pause is None
    if Action.CALL in actions or Action.FORMER_DECISION in actions:
        assert sent_letter
    if Action.FORMER_DECISION in actions and s.policy.charge_costs:  # after the WIK letter's term
        wik = [d for d in s.wik_letters if d > s.ended_on]
        assert wik and TODAY > payment_deadline(min(wik), s.policy.receipt_days)
    if s.pause is not None:
        assert not made
    assert sum(p.is_message for p in made) <= 1 - len(s.message_dates)  # never two messages a day
    # No collection costs without a WIK letter whose term has passed.
    wik = [d for d in s.wik_letters if s.episode_start and d >= s.episode_start]
    if not wik or TODAY <= payment_deadline(min(wik), s.policy.receipt_days) or not s.policy.charge_costs:
        assert guardrails.why_no_costs(s, TODAY)
    # No early signal and no escalation for someone who no longer lives there, and the checklist says why.
    assert former.NO_SIGNAL in signal_blockers(s, TODAY)
    assert former.NO_ESCALATION in guardrails.why_no_escalation(s, TODAY)
    # Nothing the running policy proposes passes for a former tenant, whatever it is.
    running = [p for rule in RULES for p in rule(replace(s, ended_on=None), TODAY)]
    assert not [p for p in guardrails.apply(s, TODAY, running) if p.rule not in former.RULE_NAMES]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(former_cases())
def test_a_running_tenancy_never_gets_the_final_bills_steps(s):
    running = replace(s, ended_on=None if s.ended_on.day % 2 else TODAY)  # no end, or ending today
    assert not running.former
    assert not [p for p in propose(running, TODAY) if p.rule in former.RULE_NAMES]
    made = [p for rule in former.RULES for p in rule(s, TODAY)]
    assert not guardrails.apply(running, TODAY, made)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(former_cases(), st.integers(1, 90))
def test_a_former_tenant_wakes_before_any_step(s, later):
    """Without new facts nothing is proposed before the wake-up day (a run may sleep until it)."""
    wake = next_wake(s, TODAY)
    day = TODAY + timedelta(days=later)
    if wake is None or day < wake:
        done = s.done | {p.key for p in propose(s, TODAY)}
        assert not propose(aged(s, TODAY, day, done), day)


def test_ended_tenancies_that_owe_nothing_are_not_read(files):
    rows = {row.ref for row in arrears.compute(date(2026, 5, 1))}
    assert rows == {"LEFT", "STAYS"}
    assert {row.ref for row in arrears.compute(date(2026, 3, 31))} == {"LEFT", "SETTLED", "STAYS"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(former_cases(), st.integers(0, 150), st.integers(0, 90))
def test_after_the_hand_over_to_a_collection_agency_no_former_step_is_proposed(s, after_end, later):
    """The team leader handed the final bill to a collection agency: the agency collects, and the
    former policy proposes nothing more for this ended tenancy, today or on any later day."""
    handed = min(s.ended_on + timedelta(days=1 + after_end), TODAY)
    s = replace(s, agency_since=handed)
    assert former.handed_over(s)
    assert not propose(s, TODAY)
    day = TODAY + timedelta(days=later)
    assert not propose(aged(s, TODAY, day, s.done), day)
    assert not former.wake(s, TODAY)
    # Whatever a rule would propose without the hand-over, the guardrails keep it back by rule.
    made = [p for rule in former.RULES for p in rule(replace(s, agency_since=None), TODAY)]
    assert not guardrails.apply(s, TODAY, made)


def test_a_hand_over_on_the_timeline_reaches_the_policys_facts():
    timeline = Timeline()
    timeline.add(date(2026, 5, 1), "agency_handover", {"agency": "Incasso BV", "amount": "300.00"})
    timeline.add(date(2026, 4, 1), "agency_handover", {"agency": "Eerder BV", "amount": "100.00"})
    assert timeline.agency == date(2026, 5, 1)
    row = TenancyArrears(
        tenancy_id=1,
        ref="T1",
        position=ledger.position(
            [ledger.Entry(date=date(2026, 3, 1), kind=ledger.Kind.RENT, amount=RENT)],
            on=date(2026, 6, 1),
            monthly_due=RENT,
        ),
        segment=Segment.OCCASIONAL,
        monthly_due_cents=int(RENT * 100),
        end_date=date(2026, 3, 31),
    )
    s = snapshots.assemble(
        row,
        default_policy(),
        payment_method="transfer",
        collection_day=None,
        channels=frozenset({"letter"}),
        timeline=timeline,
        episode_start=date(2026, 3, 1),
    )
    assert s.agency_since == date(2026, 5, 1) and former.handed_over(s)
    assert not propose(s, date(2026, 6, 1))
    # Without it, the same tenant gets the final bill's first step.
    assert [p.rule for p in propose(replace(s, agency_since=None), date(2026, 6, 1))] == ["final_bill_letter"]
