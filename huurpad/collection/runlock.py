"""The policy run's lock: one run at a time (the unique constraint 'one_run_at_a_time' on a
running PolicyRun), held on a lease by one process.

A run records its host and process id and holds the lock until `lease_until`; while it works a
small thread renews the lease every LEASE / 3. The next run takes the lock over, and logs it, when
the holder's process is gone (same host, pid no longer alive: killed, stopped, crashed) or when
its lease ran out (another host, or a process that hangs). An operator releases it by command:
`huurpad run --release-lock` (docs/policy.md)."""

import logging
import os
import socket
import threading

from django.db import DatabaseError, connection
from django.utils import timezone

from .models import PolicyRun

log = logging.getLogger("huurpad.collection")
HOST = socket.gethostname()[:255]
RUNNING = PolicyRun.Status.RUNNING


def claim() -> dict:
    """The fields of a new running PolicyRun: this process holds its lock for one lease."""
    return {"host": HOST, "pid": os.getpid(), "lease_until": timezone.now() + PolicyRun.LEASE}


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    except (OverflowError, ValueError):
        return False
    return True


def stale(run: PolicyRun, now=None) -> str:
    """Why the lock of a busy run no longer holds ('' while it does)."""
    now = now or timezone.now()
    if run.host == HOST and run.pid and not process_alive(run.pid):
        return f"process {run.pid} on {run.host} is gone"
    lease = run.lease_until or run.started_at + PolicyRun.LEASE  # a run from before leases: one lease from its start
    if lease < now:
        return f"its lease ran out at {timezone.localtime(lease):%Y-%m-%d %H:%M:%S}"
    return ""


def _stop(run: PolicyRun, note: str) -> bool:
    """Mark a busy run failed, by conditional update: of two runs taking over, one wins."""
    return bool(
        PolicyRun.objects.filter(pk=run.pk, status=RUNNING).update(status=PolicyRun.Status.FAILED, note=note[:300])
    )


def describe(run: PolicyRun) -> str:
    holder = f"process {run.pid} on {run.host}" if run.pid else "an unknown process"
    return f"run {run.pk} for {run.day} by {holder}, started {timezone.localtime(run.started_at):%Y-%m-%d %H:%M}"


def take_over_stale() -> list[str]:
    """Free the lock of every busy run whose process is gone or whose lease ran out. Returns what
    was taken over, in words; each is logged."""
    taken, now = [], timezone.now()
    for run in PolicyRun.objects.filter(status=RUNNING):
        why = stale(run, now)
        if why and _stop(run, f"taken over: {why}"):
            said = f"took over the lock of {describe(run)}: {why}"
            log.warning("policy run lock: %s", said)
            taken.append(said)
    return taken


def release() -> list[str]:
    """The operator's release: every busy run is marked failed, whatever its state. Returns what
    was released, in words; each is logged."""
    released = []
    for run in PolicyRun.objects.filter(status=RUNNING):
        if _stop(run, "released by an operator (huurpad run --release-lock)"):
            said = f"released the lock of {describe(run)}"
            log.warning("policy run lock: %s", said)
            released.append(said)
    return released


def renew(run: PolicyRun) -> bool:
    """One more lease for a busy run held by this process. False when it is no longer ours."""
    return bool(
        PolicyRun.objects.filter(pk=run.pk, status=RUNNING, host=HOST, pid=os.getpid()).update(
            lease_until=timezone.now() + PolicyRun.LEASE
        )
    )


class Lease:
    """While the run works: a thread that renews the lease every LEASE / 3, on a connection of its
    own (the run's work is one long transaction; its own writes are not seen until it ends). On
    SQLite the run holds the write lock up front, so no other run can even look meanwhile; a
    renewal that cannot write then is skipped."""

    def __init__(self, run: PolicyRun):
        self.run = run
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._renew, name=f"policy-run-{run.pk}-lease", daemon=True)

    def _renew(self) -> None:
        try:
            while not self.stopped.wait(PolicyRun.LEASE.total_seconds() / 3):
                try:
                    if not renew(self.run):
                        return
                except DatabaseError as exc:
                    log.info("policy run lock: lease of run %s not renewed now (%s)", self.run.pk, exc)
        finally:
            if threading.current_thread() is self.thread:  # the keeper's own connection
                connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=1)
