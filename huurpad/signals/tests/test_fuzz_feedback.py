"""Fuzzing `signals import-feedback`: 1,000 mutations of a valid feedback file from the
municipality. Each is applied or refused with an error that names file, line and field; refused,
nothing changes."""

import re

import pytest
from hypothesis import event, given

from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.run import run_policy
from huurpad.signals import signals
from huurpad.signals.models import EarlySignal
from huurpad.signals.tests.test_signals import DUE, corporation, household  # noqa: F401 (fixture)
from huurpad.solutions.models import Pause
from huurpad.testing import fuzz

pytestmark = pytest.mark.django_db
HEADER = ["kenmerk", "resultaat", "datum", "eerste_contact", "schuldeisers"]


@pytest.fixture
def sent(corporation):
    for ref in ("A", "B"):
        household(ref)
    run_policy(DUE, full=True)
    signals.export("GM0599", "csv", DUE)
    return [s.reference for s in EarlySignal.objects.order_by("pk")]


def state():
    return (
        list(
            EarlySignal.objects.order_by("pk").values_list(
                "result_code", "result_date", "first_contact", "feedback_raw"
            )
        ),
        CaseEvent.objects.count(),
        Task.objects.count(),
        Pause.objects.count(),
    )


def valid(references):
    return [
        [references[0], "Inwoner heeft hulp geaccepteerd", "2026-04-28", "2026-04-20", "3"],
        [references[1], "Definitief geen contact kunnen krijgen", "2026-04-29", "", ""],
    ]


@fuzz.FUZZ
@given(fuzz.table(HEADER, valid(["HP-0000001", "HP-0000002"])).flatmap(lambda t: fuzz.file_bytes(fuzz.csv_text(*t))))
def test_every_mutation_is_applied_or_refused_naming_the_line(sent, tmp_path, data):
    assert sent == ["HP-0000001", "HP-0000002"] or data is not None
    path = tmp_path / "terug.csv"
    path.write_bytes(data.replace(b"HP-0000001", sent[0].encode()).replace(b"HP-0000002", sent[1].encode()))
    with fuzz.rolled_back():
        before = state()
        try:
            signals.import_feedback(path)
        except signals.SignalError as exc:
            event("refused")
            assert state() == before
            for line in str(exc).splitlines():
                assert re.match(r"terug\.csv: (line \d+: |not UTF-8 text$)", line), line
        else:
            event("applied")
