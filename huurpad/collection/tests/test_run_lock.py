"""The policy run's lock: a killed or stopped `huurpad run` never blocks the next one. A lock
whose process is gone or whose lease ran out is taken over and logged; a live one is respected;
an operator releases it by command. (Two real runs at once: test_concurrent_runs.py.)"""

import logging
import os
import subprocess
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from huurpad.collection import runlock
from huurpad.collection.models import PolicyRun, PolicyVersion, Proposal
from huurpad.collection.run import RunBusy, run_policy
from huurpad.collection.tests.test_run_command import missed_march  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
DAY = "2026-03-04"


def _ended() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def left_behind(*, pid: int, host: str = runlock.HOST, lease: timedelta = PolicyRun.LEASE) -> PolicyRun:
    """A run marked busy, as a process that was killed leaves it."""
    return PolicyRun.objects.create(
        day=date(2026, 3, 3),
        policy_version=PolicyVersion.current(),
        host=host,
        pid=pid,
        lease_until=timezone.now() + lease,
    )


def test_a_lock_left_by_a_killed_run_is_taken_over_and_logged(missed_march, capsys, caplog):
    dead = left_behind(pid=_ended())
    with caplog.at_level(logging.WARNING, logger="huurpad.collection"):
        call_command("run", "--date", DAY)
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.note == f"taken over: process {dead.pid} on {runlock.HOST} is gone"
    assert f"took over the lock of run {dead.pk}" in caplog.text
    assert f"Took over the lock of run {dead.pk} for 2026-03-03 by process {dead.pid}" in capsys.readouterr().err
    assert PolicyRun.objects.filter(status="done").count() == 1 and Proposal.objects.exists()


def test_a_lock_held_by_a_live_process_is_respected(missed_march):
    busy = left_behind(pid=os.getppid())  # alive: the process that started these tests
    with pytest.raises(CommandError, match=f"Another policy run is busy.*process {busy.pid} on") as refused:
        call_command("run", "--date", DAY)
    assert refused.value.returncode == 1
    assert "huurpad run --release-lock" in str(refused.value)
    busy.refresh_from_db()
    assert busy.status == "running" and not Proposal.objects.exists()


def test_a_lock_on_another_server_is_respected_while_its_lease_runs(missed_march):
    left_behind(pid=_ended(), host="other-server")  # its pid means nothing here
    with pytest.raises(RunBusy):
        run_policy(date(2026, 3, 4))


@pytest.mark.parametrize("host", ["other-server", runlock.HOST])
def test_a_lock_whose_lease_ran_out_is_taken_over_even_if_its_process_lives(missed_march, host):
    hung = left_behind(pid=os.getppid(), host=host, lease=-timedelta(seconds=1))
    result = run_policy(date(2026, 3, 4))
    hung.refresh_from_db()
    assert hung.status == "failed" and hung.note.startswith("taken over: its lease ran out at ")
    assert result.taken_over and result.run.status == "done"


def test_an_operator_releases_the_lock_by_command(missed_march, capsys, caplog):
    busy = left_behind(pid=os.getppid())
    with caplog.at_level(logging.WARNING, logger="huurpad.collection"):
        call_command("run", "--release-lock")
    assert capsys.readouterr().out.startswith(
        f"Released the lock of run {busy.pk} for 2026-03-03 by process {busy.pid}"
    )
    assert "released the lock" in caplog.text
    busy.refresh_from_db()
    assert busy.status == "failed" and "released by an operator" in busy.note
    call_command("run", "--date", DAY)
    assert PolicyRun.objects.filter(status="done").count() == 1

    call_command("run", "--release-lock")
    assert capsys.readouterr().out.endswith("No policy run holds the lock.\n")


def test_a_run_holds_the_lock_in_its_own_name_and_renews_only_its_own_lease(missed_march):
    result = run_policy(date(2026, 3, 4))
    assert (result.run.host, result.run.pid) == (runlock.HOST, os.getpid())

    mine = left_behind(pid=os.getpid(), lease=timedelta(seconds=5))
    before = mine.lease_until
    assert runlock.renew(mine)
    mine.refresh_from_db()
    assert mine.lease_until >= before + PolicyRun.LEASE - timedelta(seconds=6)
    PolicyRun.objects.filter(pk=mine.pk).update(pid=os.getppid())  # taken over and restarted by another process
    assert not runlock.renew(mine)


def test_the_lease_keeper_starts_with_the_run_and_stops_with_it(missed_march):
    run = left_behind(pid=os.getpid())
    with runlock.Lease(run) as lease:
        assert lease.thread.is_alive()
    assert not lease.thread.is_alive()


class Ticks:
    """Stands in for the keeper's stop signal: `times` intervals pass, then the run ends."""

    def __init__(self, times: int):
        self.times = times

    def wait(self, seconds):
        assert seconds == PolicyRun.LEASE.total_seconds() / 3
        self.times -= 1
        return self.times < 0

    def set(self):
        self.times = 0


def test_the_lease_keeper_renews_the_lease_each_interval_while_the_run_works(missed_march):
    run = left_behind(pid=os.getpid(), lease=timedelta(seconds=30))
    lease = runlock.Lease(run)
    lease.stopped = Ticks(2)
    lease._renew()  # here, not in its thread: the test's transaction holds the row
    run.refresh_from_db()
    assert run.lease_until > timezone.now() + PolicyRun.LEASE - timedelta(seconds=30)
    assert run.status == "running"
