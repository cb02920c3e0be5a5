"""huurpad bench-search: every query of its mix finds the household it was written from (or, on
purpose, no one), and its percentiles are the usual ones. Nothing here is timed."""

from datetime import date
from importlib import import_module

import pytest

from huurpad.bench import people, synth
from huurpad.core import search as parse
from huurpad.tenancies import search

pytestmark = pytest.mark.django_db
command = import_module("huurpad.bench.management.commands.bench-search")


def test_percentiles():
    figures = command.percentiles([i / 1000 for i in range(1, 101)])
    assert figures == {"queries": 100, "p50_ms": 50.0, "p95_ms": 95.0, "max_ms": 100.0}
    assert command.percentiles([0.01])["p95_ms"] == 10.0


# synth.build vacuums on PostgreSQL, which cannot run inside the test's transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_mix_finds_the_households_it_was_written_from():
    synth.build(tenancies=120, months=2, seed=3, on=date(2026, 3, 31))
    people.fill(3)
    search.refresh()
    mix = people.queries(70, 3)
    assert {kind for kind, _ in mix} == set(parse.KINDS)
    missed = []
    for i, (kind, text) in enumerate(mix):
        meanings = parse.parse(text)
        assert meanings, text
        found = next((ids for m in meanings if (ids := search.find(m))), [])
        if i % 25 != 24 and not found:
            missed.append((kind, text))
    assert missed == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_measurement_runs_as_an_officer():
    synth.build(tenancies=40, months=2, seed=1, on=date(2026, 3, 31))
    figures = command.measure(14, 1)
    assert figures["queries"] == 14
    assert set(figures["page"]) == set(figures["lookup"]) == set(figures["page_cpu"]) == set(parse.KINDS) | {"all"}
    assert figures["page"]["all"]["queries"] == 14
