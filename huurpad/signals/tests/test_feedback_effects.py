"""Every result code the municipality can send, read from a feedback file through `huurpad
signals import-feedback`, does what docs/signals.md says, and nothing else."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from huurpad.cases.models import CaseEvent, Task
from huurpad.collection import daily
from huurpad.signals import signals
from huurpad.signals.models import EarlySignal
from huurpad.solutions.models import Pause

from .test_signals import DUE, corporation, feedback_file, household  # noqa: F401 (corporation is a fixture)

pytestmark = pytest.mark.django_db
ANSWERED = date(2026, 4, 28)


@pytest.fixture
def sent(corporation):  # noqa: F811
    tenancy = household("FB")
    daily.run_day(DUE, full=True)
    signals.export("GM0599", "csv", DUE)
    return EarlySignal.objects.get(tenancy=tenancy)


# What each effect leaves behind besides the stored result: pauses (reason, start, review date),
# tasks outside the policy (action, role, due date), and the line the command prints.
EFFECTS = {
    "pause": ([("municipal_help", ANSWERED, ANSWERED + timedelta(days=30))], [], "pauze tot 2026-05-28"),
    "no_repeat": ([], [], "niet opnieuw melden tot de achterstand hoger is dan € 2.100,00"),
    "unjustified": ([], [], "genoteerd voor de evaluatie van de drempel"),
    "visit": ([], [("home_visit", "woonconsulent", ANSWERED)], "taak: huisbezoek"),
    "deceased": ([], [("deceased", "incassomedewerker", ANSWERED)], "taak: overlijden"),
    "none": ([], [], "vastgelegd"),
}


@pytest.mark.parametrize("result", signals.RESULTS, ids=[r.code for r in signals.RESULTS])
def test_each_result_code_in_a_feedback_file_has_its_documented_effect(sent, tmp_path, capsys, result):
    pauses, tasks, says = EFFECTS[result.effect]
    path = feedback_file(tmp_path, [(sent.reference, result.code, ANSWERED.isoformat(), "2026-04-21", "")])
    call_command("signals", "import-feedback", str(path))
    out = capsys.readouterr().out
    assert "1 results applied, 0 already known" in out and f"{sent.reference}: {says}" in out

    sent.refresh_from_db()
    tenancy = sent.tenancy
    # Stored as the municipality sent it, and on the timeline.
    assert (sent.result_code, sent.result_date, sent.first_contact) == (result.code, ANSWERED, date(2026, 4, 21))
    assert json.loads(sent.feedback_raw) == {"kenmerk": sent.reference, "resultaat": result.code, "datum": "2026-04-28",
                                             "eerste_contact": "2026-04-21", "schuldeisers": ""}  # fmt: skip
    event = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.SIGNAL_FEEDBACK)
    assert (event.date, event.params["result"]) == (ANSWERED, result.code)
    # The effect, and no other.
    assert list(Pause.objects.filter(tenancy=tenancy).values_list("reason", "start", "review_date")) == pauses
    assert CaseEvent.objects.filter(tenancy=tenancy, type=CaseEvent.Type.PAUSE_STARTED).count() == len(pauses)
    assert list(Task.objects.filter(tenancy=tenancy, proposal__isnull=True).values_list("action", "role", "due_date")) == tasks
    assert event.params.get("no_repeat_above") == ("2100.00" if result.effect == "no_repeat" else None)
    figures = signals.by_municipality()[0]
    assert (figures.answered, figures.help, figures.unjustified) == (1, result.effect == "pause", result.effect == "unjustified")
    assert figures.median_days == 7  # signal 14 April, first contact 21 April
