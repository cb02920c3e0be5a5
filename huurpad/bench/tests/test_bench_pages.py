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
        "requests": 283, "seconds": 30.1, "failed": 0, "p50_ms": 57, "p90_ms": 104, "p95_ms": 122, "p99_ms": 257,
    }  # fmt: skip


def test_output_without_the_figures_fails_loudly():
    with pytest.raises(CommandError, match="could not read"):
        pages.parse_wrk(WRK_OUTPUT.replace("p95 122 ms\n", ""))


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
