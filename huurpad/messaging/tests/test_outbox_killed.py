"""Killing the outbox worker mid-batch and starting it again: every message reaches the gateway
exactly once. The worker runs as the real command in its own process, on a database of its own,
against the local stand-in for CM.com; it is killed (SIGKILL) while the gateway has accepted a
message and not yet answered, the worst moment."""

import json
import os
import sqlite3
import subprocess
import sys
import time

from huurpad.testing.fake_cm import FakeCM

SEED = """
from datetime import date
from huurpad.collection.models import PolicyVersion
from huurpad.core.policy import config
from huurpad.messaging.models import OutboxMessage
from huurpad.testing.ledgers import make_tenancy
# No quiet hours: the test may run at any time of day.
text = config.default_text().replace('quiet_hours_start = "21:00"', 'quiet_hours_start = "00:00"')
PolicyVersion.objects.create(number=1, text=text.replace('quiet_hours_end = "08:00"', 'quiet_hours_end = "00:00"'))
for n in range(6):
    OutboxMessage.objects.create(tenancy=make_tenancy(), action="nudge", channel="sms", day=date(2026, 11, 27),
                                 recipient=f"06123456{n:02d}", body=f"Bericht {n}")
"""


def huurpad(env, *args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "huurpad.cli", *args], env=env, capture_output=True, text=True, timeout=120, **kw
    )


def test_a_killed_worker_started_again_sends_every_message_exactly_once(tmp_path):
    database = tmp_path / "outbox.sqlite3"
    with FakeCM(hold=60) as gateway:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "HUURPAD_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "HUURPAD_CHANNELS": json.dumps({"sms": "cm"}),
            "HUURPAD_CM_URL": gateway.url,
            "HUURPAD_CM_TOKEN": gateway.token,
        }
        assert huurpad(env, "migrate", "--verbosity", "0").returncode == 0
        seeded = huurpad(env, "shell", "-c", SEED)
        assert seeded.returncode == 0, seeded.stderr

        gateway.hold_from = 3  # the third message is accepted, its answer held back
        worker = subprocess.Popen(
            [sys.executable, "-m", "huurpad.cli", "send-outbox", "--once"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while len(gateway.references()) < 3:
            assert time.monotonic() < deadline and worker.poll() is None, "the worker did not get to the third message"
            time.sleep(0.05)
        worker.kill()
        worker.wait()

        gateway.hold = 0
        again = huurpad(env, "send-outbox", "--once", "--lease", "0")
        assert again.returncode == 0, again.stderr
        assert "sent 3," in again.stdout and "uncertain 1" in again.stdout

    references = gateway.references()
    with sqlite3.connect(database) as db:
        rows = dict(db.execute("SELECT id, status FROM messaging_outboxmessage").fetchall())
    assert sorted(references) == sorted(f"huurpad{pk}" for pk in rows)  # each exactly once
    assert sorted(rows.values()) == ["sent"] * 5 + ["uncertain"]
    (cut_off,) = [pk for pk, status in rows.items() if status == "uncertain"]
    assert references[2] == f"huurpad{cut_off}"  # the one cut off did arrive; it was not sent twice
