"""What the daily run reads: the statements of a full run of D and of an ordinary next day, per
table, on a new SQLite corporation (the bench's synthetic ledger, in its daily rhythm).

    SECRET_KEY=x DEBUG=1 .venv/bin/python bench/queries.py [TENANCIES] [MONTHS]

docs/performance.md ('Runs of 2026-12-07') has the figures for 3,000 x 12."""

import os
import random
import re
import sys
import tempfile
from collections import Counter
from datetime import timedelta


def main(tenancies: int, months: int) -> None:
    folder = tempfile.mkdtemp(prefix="huurpad-queries-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/queries.sqlite3"
    os.environ["HUURPAD_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huurpad.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from huurpad.bench import policy, synth
    from huurpad.bench.management.commands.bench import BENCH_DAY
    from huurpad.collection.run import run_policy

    call_command("migrate", verbosity=0)
    synth.build(tenancies=tenancies, months=months, seed=1, on=BENCH_DAY)
    policy.steady_state(BENCH_DAY, seed=1)
    result = counted("full run", lambda: run_policy(BENCH_DAY, full=True))
    policy.carry_out(result.run, BENCH_DAY, random.Random(1))
    policy.ordinary_day(BENCH_DAY, seed=1)
    counted("next day", lambda: run_policy(BENCH_DAY + timedelta(days=1)))


def counted(label: str, run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        result = run()
    reads = Counter()
    for query in captured.captured_queries:
        if query["sql"].lstrip().upper().startswith("SELECT"):
            reads.update(set(re.findall(r'(?:FROM|JOIN) "?(\w+)"?', query["sql"])))
    print(f"{label}: {len(captured.captured_queries)} statements; reads per table: {dict(sorted(reads.items()))}")
    return result


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]) if len(sys.argv) > 2 else (3000, 12))
