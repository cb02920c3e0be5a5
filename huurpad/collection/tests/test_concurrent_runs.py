"""Two policy runs at once cannot both proceed. On PostgreSQL the second is refused while the first
is busy; on SQLite (the write lock is taken up front) the second waits, then runs after the first
and adds nothing. Both are tried with two real connections, not by faking a busy run."""

import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date

import pytest
from django.db import connection

from huurpad.collection import run as policy_run
from huurpad.collection.models import PolicyRun, Proposal
from huurpad.testing.ledgers import book, make_tenancy

DAY = date(2026, 3, 11)
MISSED_MARCH = "2026-02-01 rent 650.00\n2026-02-01 service_costs 50.00\n2026-02-02 payment 700.00\n2026-03-01 rent 650.00\n2026-03-01 service_costs 50.00"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the threads' connections see it
def test_postgresql_refuses_a_second_run_while_the_first_is_busy(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections at once (PostgreSQL); SQLite: see the test below")
    book(make_tenancy("A1", phone="0612345678"), MISSED_MARCH)
    inside, tried, results = threading.Event(), threading.Event(), {}
    propose_all = policy_run.propose_all

    def slow(*args, **kwargs):  # the first run holds on until the second has tried
        if threading.current_thread().name == "first":
            inside.set()
            tried.wait(timeout=20)
        return propose_all(*args, **kwargs)

    monkeypatch.setattr(policy_run, "propose_all", slow)

    def run(name):
        try:
            if name == "second":
                inside.wait(timeout=20)
            results[name] = policy_run.run_policy(DAY)
        except policy_run.RunBusy as exc:
            results[name] = exc
        finally:
            if name == "second":
                tried.set()
            connection.close()

    threads = [threading.Thread(target=run, args=(name,), name=name) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert isinstance(results["second"], policy_run.RunBusy)
    assert "Another policy run is busy" in str(results["second"])
    assert isinstance(results["first"], policy_run.RunResult) and results["first"].new
    assert PolicyRun.objects.filter(status=PolicyRun.Status.DONE).count() == 1
    assert Proposal.objects.count() == len(results["first"].new)


FIRST = """
import sys, time
import django
django.setup()
from huurpad.collection import run as policy_run
propose_all = policy_run.propose_all
def slow(*args, **kwargs):
    print("inside", flush=True)  # the run is started and holds the write lock
    time.sleep(3)
    return propose_all(*args, **kwargs)
policy_run.propose_all = slow
result = policy_run.run_policy(__import__("datetime").date.fromisoformat(sys.argv[1]))
print("done", len(result.new), flush=True)
"""

SEED = """
import django
django.setup()
from huurpad.testing.ledgers import book, make_tenancy
book(make_tenancy("A1", phone="0612345678"), {ledger!r})
"""


def test_on_sqlite_a_second_run_waits_for_the_first_and_adds_nothing(tmp_path):
    """Two processes on one embedded database, as two cron jobs would be."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass tries this")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huurpad.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "huurpad.settings",
    }
    env.setdefault("SECRET_KEY", "test")
    python = [sys.executable, "-c"]
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True)
    subprocess.run([*python, textwrap.dedent(SEED).format(ledger=MISSED_MARCH)], env=env, check=True)
    first = subprocess.Popen([*python, FIRST, DAY.isoformat()], env=env, stdout=subprocess.PIPE, text=True)
    assert first.stdout.readline().strip() == "inside"
    started = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "django", "run", "--date", DAY.isoformat(), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    waited = time.monotonic() - started
    made_by_first = int(first.stdout.readline().split()[1])
    assert first.wait(timeout=60) == 0
    assert second.returncode == 0, second.stderr
    assert waited > 1.5  # it waited for the first run's lock
    count = [
        sys.executable,
        "-c",
        "import django; django.setup(); from huurpad.collection.models import Proposal, PolicyRun; "
        "print(Proposal.objects.count(), PolicyRun.objects.filter(status='done').count(), len(set(Proposal.objects.values_list('run_id', flat=True))))",
    ]
    proposals, runs, runs_that_proposed = map(
        int, subprocess.run(count, env=env, capture_output=True, text=True, check=True).stdout.split()
    )
    assert made_by_first > 0 and proposals == made_by_first  # the second run added nothing
    assert (runs, runs_that_proposed) == (2, 1)
    assert len(second.stdout.splitlines()) == made_by_first  # and lists what the first proposed, still open
