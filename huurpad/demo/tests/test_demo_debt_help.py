"""The demo's debt help and household plans: the fake Schuldenknooppunt's messages go through the
inbox day by day, so every stage is the flow's own; the counsellor's payments come through the bank
import; two plans, one with the four-helpers warning and one with Doorbraak requests."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from huurpad.debthelp import flow, inbox
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.demo import debt_help, generator, setup
from huurpad.plans import plans
from huurpad.plans.models import Plan

SIZE = {"tenancies": 300, "months": 12, "seed": 7, "replay_days": 90}
STAGES = {
    "lopend": "lopend",
    "voorstel": "voorstel",
    "geslaagd_wacht": "geslaagd",
    "kennisgeving": "kennisgeving",
    "mislukt": "mislukt",
    "saldo_gevraagd": "saldo_gevraagd",
    "akkoord": "akkoord",
    "geslaagd_afgeboekt": "geslaagd",
    "geen_medewerking": "geen_medewerking",
}


@pytest.fixture(autouse=True)
def every_scenario(monkeypatch):
    """A corporation of 300 homes holds a household for each scenario; the full demo gives them
    all (2000 homes), a small one only the first few."""
    monkeypatch.setattr(debt_help, "HOMES_PER_TRAJECTORY", 30)


def corporation(**size):
    size = {**SIZE, **size}
    return generator.generate(**size, on=timezone.localdate()), size


def test_the_script_is_the_seeds_and_picks_households_in_arrears_on_every_day_of_their_story():
    corp, size = corporation()
    script = debt_help.script(corp, size["seed"], size["replay_days"])
    assert script == debt_help.script(corp, size["seed"], size["replay_days"])
    assert set(script.households) == set(STAGES)  # this corporation has one for each
    assert len(set(script.households.values())) == len(STAGES)
    running = {row["tenancy_ref"] for row in corp.tenancies if not row["end_date"]}
    assert set(script.households.values()) <= running
    for ref in script.households.values():
        lines = debt_help._ledgers(corp, {ref})[ref]
        for day in {m["date"] for m in script.messages if m["tenancy_ref"] == ref}:
            assert debt_help._balance(lines, date.fromisoformat(day)) >= debt_help.IN_ARREARS
    assert [m["date"] for m in script.messages] == sorted(m["date"] for m in script.messages)
    assert debt_help.script(corp, size["seed"], 0).messages == []
    debt_help.HOMES_PER_TRAJECTORY = 200
    assert list(debt_help.script(corp, size["seed"], size["replay_days"]).households) == ["lopend"]
    other = debt_help.script(corp, size["seed"] + 1, size["replay_days"])
    assert other.households != script.households


@pytest.mark.django_db
def test_the_written_messages_are_canonical(tmp_path, settings):
    """The JSONL file of the fake Schuldenknooppunt is what `huurpad debt-help receive` reads: every
    line passes the inbox's checks (a file with one bad line would store nothing)."""
    corp, size = corporation()
    script = debt_help.script(corp, size["seed"], size["replay_days"])
    path = debt_help.write(script, tmp_path)
    lines = path.read_text().splitlines()
    assert len(lines) == len(script.messages)
    problems = inbox.Problems(path)
    for n, line in enumerate(lines, start=1):
        assert inbox._check(json.loads(line), n, problems, timezone.localdate())
    assert not problems.items


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", no_serve=True, stdout=StringIO(), **SIZE)
    return debt_help.script(corporation()[0], SIZE["seed"], SIZE["replay_days"])


@pytest.mark.django_db
def test_every_stage_in_the_demo_is_reached_through_the_flow(demo):
    today = timezone.localdate()
    for name, stage in STAGES.items():
        help_ = DebtHelp.objects.get(tenancy__ref=demo.households[name])
        assert help_.stage == stage, name
    done = DebtHelp.objects.get(tenancy__ref=demo.households["geslaagd_afgeboekt"])
    waiting = DebtHelp.objects.get(tenancy__ref=demo.households["geslaagd_wacht"])
    assert done.ended_on and done.written_off_cents > 0 and waiting.running and waiting.written_off_cents is None
    # The counsellor's payments came through the bank import and count as received.
    for name in ("lopend", "geslaagd_afgeboekt", "geslaagd_wacht", "mislukt"):
        help_ = DebtHelp.objects.get(tenancy__ref=demo.households[name])
        assert flow.payments_in(help_).exists(), name
    lump = DebtHelp.objects.get(tenancy__ref=demo.households["geslaagd_wacht"])
    assert flow.received_cents(lump) == lump.expected_cents
    # The proposal outside the covenant waits for the team leader, within its deadline.
    (owed,) = flow.answers(today).exclude(status=DebtMessage.Status.SENT)
    assert owed.tenancy.ref == demo.households["voorstel"] and flow.answer_status(owed, today) == "awaiting_decision"
    # Every trajectory but the commercial firm's is linked to the demo's schuldhulp organisation.
    linked = DebtHelp.objects.filter(partner__name=debt_help.COUNSELLOR)
    assert linked.count() == len(STAGES) - 1
    counsellor = setup.get_user_model().objects.get(username=setup.COUNSELLOR_USER)
    from huurpad.debthelp import counsellor as view

    seen = {h.tenancy.ref for h in view.households(counsellor, today)}
    assert demo.households["lopend"] in seen and demo.households["geen_medewerking"] not in seen
    assert demo.households["geslaagd_afgeboekt"] not in seen  # ended more than 30 days ago


@pytest.mark.django_db
def test_the_demo_has_two_plans_one_warning_and_one_with_doorbraak_requests(demo):
    today = timezone.localdate()
    warned, asked = Plan.objects.order_by("pk")
    assert warned.tenancy.ref == demo.households["lopend"]
    assert plans.too_many_helpers(len(plans.active_helpers(warned)))
    assert not plans.too_many_helpers(len(plans.active_helpers(asked)))
    answered, open_ = asked.doorbraak_requests.order_by("pk")
    assert answered.decision == "refused" and answered.alternatives and answered.answered_by.username == "teamleider"
    assert open_.open and open_.answer_due > today
    assert not plans.overdue(today).exists()
    call_command("demo", no_serve=True, stdout=StringIO(), **SIZE)  # again: nothing doubles
    assert Plan.objects.count() == 2 and DebtHelp.objects.count() == len(STAGES)
