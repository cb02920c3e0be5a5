"""huurpad bench-search: how fast Zoeken finds a household in a large corporation.

Builds a synthetic corporation in a new database as `huurpad bench` does (a few months of
ledger), then, in a child process: gives the tenants Dutch names (common ones and a long tail),
streets, postcodes, phone numbers in the notations people store them in, e-mail addresses and
IBANs (huurpad.bench.people); makes their search keys (`search_keys`, timed); and asks --queries
searches in a mix of kinds, each written the way an officer types it and differently from how it
is stored. Each search is timed twice: the lookup alone (reading the query, finding the ids:
`lookup`) and the whole page as a signed-in officer sees it (`page`: the view, arrears and open
tasks of the results, the access log, the template; a single hit answers with its redirect),
with the CPU time the page took in this process besides (`page_cpu`: on a busy machine the
wall-clock time is mostly waiting for a core; the database server's own time is not in it).

`--json` prints one line per kind and measure (`search_lookup`, `search_page`, `search_page_cpu`),
`{"measure": "search_page", "kind", "queries",
"p50_ms", "p95_ms", "max_ms", "tenancies", "database"}`, and one for all kinds together
(`"kind": "all"`), and the time to make the keys (`{"measure": "search_keys", "seconds"}`).
`--database-url` as for `huurpad bench` (a new database on that server), or `--into URL` for an
empty database made for the occasion (it is migrated and filled, not dropped).
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.bench.management.commands.bench import BENCH_DAY, child, fresh_database

MONTHS = 3


class Command(BaseCommand):
    help = "Time Zoeken (the search) over a mix of queries on a synthetic corporation."
    requires_system_checks = []  # the parent process must not open any database

    def add_arguments(self, parser):
        parser.add_argument("--tenancies", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=210, help="searches to time, spread over the kinds")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database-url", help="postgres://... (a new database there); default: a new SQLite file")
        parser.add_argument("--into", metavar="URL", help="an empty database to build in (kept afterwards)")
        parser.add_argument("--json", action="store_true", help="one JSON line per kind and measure")
        parser.add_argument("--step", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["step"]:
            self.stdout.write(json.dumps(measure(options["queries"], options["seed"])))
            return
        folder = Path(tempfile.mkdtemp(prefix="huurpad-bench-search-"))
        if options["into"]:
            url, drop = options["into"], (lambda: None)
        else:
            url, drop = fresh_database(options["database_url"], folder)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "HUURPAD_VAR_DIR": str(folder),
            "ALLOWED_HOSTS": "testserver",
            "HUURPAD_SECURE_COOKIES": "0",
        }
        try:
            build = child(
                env,
                [
                    "--step",
                    "build",
                    "--tenancies",
                    str(options["tenancies"]),
                    "--months",
                    str(MONTHS),
                    "--seed",
                    str(options["seed"]),
                    "--date",
                    BENCH_DAY.isoformat(),
                ],
            )
            self.stderr.write(f"Built {options['tenancies']} tenancies in {build['seconds']:.1f} s.")
            command = [sys.executable, "-m", "huurpad.cli", "bench-search", "--step"]
            command += ["--queries", str(options["queries"]), "--seed", str(options["seed"])]
            done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
            if done.returncode:
                raise CommandError(f"the measurement failed (exit status {done.returncode})")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            drop()
            shutil.rmtree(folder, ignore_errors=True)
        self.report(options, figures)

    def report(self, options, figures: dict) -> None:
        n, database = options["tenancies"], figures["database"]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "measure": "search_keys",
                        "seconds": figures["keys_seconds"],
                        "tenancies": n,
                        "database": database,
                    }
                )
            )
            for measure_name in ("lookup", "page", "page_cpu"):
                for kind, row in figures[measure_name].items():
                    self.stdout.write(
                        json.dumps(
                            {
                                "measure": f"search_{measure_name}",
                                "kind": kind,
                                **row,
                                "tenancies": n,
                                "database": database,
                            }
                        )
                    )
            return
        self.stdout.write(
            f"{n} tenancies on {database}; search keys made in {figures['keys_seconds']:.1f} s; "
            f"{figures['queries']} searches, {figures['redirects']} went straight to one household."
        )
        self.stdout.write(
            f"{'kind':<10}{'n':>5}{'lookup p50':>12}{'p95':>8}{'page p50':>11}{'p95':>8}{'max':>8}{'cpu p95':>9}  ms"
        )
        for kind, page in figures["page"].items():
            lookup, cpu = figures["lookup"][kind], figures["page_cpu"][kind]
            self.stdout.write(
                f"{kind:<10}{page['queries']:>5}{lookup['p50_ms']:>12.1f}{lookup['p95_ms']:>8.1f}"
                f"{page['p50_ms']:>11.1f}{page['p95_ms']:>8.1f}{page['max_ms']:>8.1f}{cpu['p95_ms']:>9.1f}"
            )


def percentiles(times: list[float]) -> dict:
    ordered = sorted(times)

    def at(p: float) -> float:  # nearest rank: the smallest time at least p of the searches took no longer than
        return round(ordered[max(0, math.ceil(p * len(ordered) - 1e-9) - 1)] * 1000, 2)

    return {"queries": len(ordered), "p50_ms": at(0.50), "p95_ms": at(0.95), "max_ms": round(ordered[-1] * 1000, 2)}


def measure(queries: int, seed: int) -> dict:
    """In the child: names and addresses, the keys, then the searches."""
    import time

    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from huurpad.accounts.roles import Role
    from huurpad.bench import people
    from huurpad.core import search as parse
    from huurpad.tenancies import search

    people.fill(seed)
    start = time.perf_counter()
    search.refresh()
    keys_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    user, _ = User.objects.get_or_create(username="bench-officer")
    user.groups.add(Group.objects.get_or_create(name=Role.INCASSOMEDEWERKER.value)[0])
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    mix = people.queries(queries, seed)
    for _kind, text in mix[:20]:  # warm up: connections, templates, the first pages of the indexes
        client.get("/zoeken/", {"q": text})
    lookup: dict[str, list[float]] = {}
    page: dict[str, list[float]] = {}
    page_cpu: dict[str, list[float]] = {}  # this process's CPU time: the page without waiting for a busy machine
    redirects = 0
    for kind, text in mix:
        start = time.perf_counter()
        for meaning in parse.parse(text):
            if search.find(meaning):
                break
        lookup.setdefault(kind, []).append(time.perf_counter() - start)
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get("/zoeken/", {"q": text})
        page.setdefault(kind, []).append(time.perf_counter() - start)
        page_cpu.setdefault(kind, []).append(time.process_time() - cpu)
        if response.status_code not in (200, 302):
            raise CommandError(f"/zoeken/?q={text} answered {response.status_code}")
        redirects += response.status_code == 302
    every = {"lookup": lookup, "page": page, "page_cpu": page_cpu}
    return {
        "database": connection.vendor,
        "keys_seconds": round(keys_seconds, 2),
        "queries": len(mix),
        "redirects": redirects,
        **{
            name: {kind: percentiles(t) for kind, t in times.items()}
            | {"all": percentiles([x for t in times.values() for x in t])}
            for name, times in every.items()
        },
    }
