"""huurpad bench-pages: the officer's session it hands to wrk, and reading wrk's figures.

The load itself (gunicorn and wrk) is run by hand; its figures belong in docs/performance.md.
"""

import importlib

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from huurpad.bench import synth

pages = importlib.import_module("huurpad.bench.management.commands.bench-pages")

WRK_OUTPUT = """Running 30s test @ http://127.0.0.1:8001
requests 283 in 30.1 s, failed 0 (not 2xx: 0)
p50 57 ms
p90 104 ms
p95 122 ms
p99 257 ms
"""


def test_reads_what_the_script_prints_when_wrk_is_done():
    assert pages.parse_wrk(WRK_OUTPUT) == {
        "requests": 283,
        "seconds": 30.1,
        "failed": 0,
        "p50_ms": 57,
        "p90_ms": 104,
        "p95_ms": 122,
        "p99_ms": 257,
    }


def test_output_without_the_figures_fails_loudly():
    with pytest.raises(CommandError, match="could not read"):
        pages.parse_wrk(WRK_OUTPUT.replace("p95 122 ms\n", ""))


def test_tells_what_else_the_machine_did_during_the_load():
    #          user nice system idle iowait irq softirq steal
    before = [1000, 0, 200, 5000, 10, 0, 5, 40]
    after = [1500, 0, 290, 5300, 60, 0, 15, 90]  # 1,000 ticks: 600 busy, 300 idle, 50 iowait, 50 steal
    assert pages.machine_figures(before, after, 7, 9) == {
        "cpu_busy_pct": 60.0,
        "cpu_iowait_pct": 5.0,
        "cpu_steal_pct": 5.0,
        "checkpoints": 2,
    }
    assert pages.machine_figures(None, after, None, None) == {}  # not Linux, not PostgreSQL
    assert pages.checkpoint_count("sqlite:///x.sqlite3") is None


# The build ends with (VACUUM) ANALYZE, outside any transaction (see test_bench.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setup_hands_over_a_session_that_opens_the_pages_of_households_in_arrears(tmp_path, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    synth.build(tenancies=60, months=6, seed=1, on=timezone.localdate())
    ready = pages.setup(tmp_path)
    refs = (tmp_path / "refs.txt").read_text().split()
    assert ready["refs"] == len(refs) > 0 and ready["policy_run"].startswith("took")
    name, value = ready["cookie"].split("=")
    client.cookies[name] = value
    page = client.get(f"/huurcontract/{refs[0]}/")
    assert page.status_code == 200 and b"Huurachterstand" in page.content
    assert pages.setup(tmp_path)["policy_run"] == "done earlier"  # a second load on the same database
