"""huurpad bench: build a synthetic ledger in a fresh database and time arrears against DuckDB,
then the daily policy run: a full run on D and an ordinary next day, then the import of a month's
bank statement (one transaction per tenancy, in the mix of huurpad.bench.bank).

The command never touches the database in DATABASE_URL. It makes a new one (a SQLite file in a
temporary folder, or a new database on the PostgreSQL server given with --database-url), and runs
each step in a child process of its own that points DATABASE_URL there: build, arrears, baseline,
policy run, next day. A fresh process per measurement also keeps one step's memory out of the next
one's figure.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from huurpad.commands import iso_day

BENCH_DAY = date(2026, 11, 28)
MEASURES = ("arrears", "arrears_baseline_duckdb", "policy_run", "policy_next_day", "bank_import")


class Command(BaseCommand):
    help = "Time arrears for all tenancies on a synthetic ledger, against a DuckDB baseline, and the policy run."
    requires_system_checks = []  # the parent process must not open any database

    def add_arguments(self, parser):
        parser.add_argument("--tenancies", type=int, default=20_000)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--date",
            type=iso_day,
            default=BENCH_DAY,
            help=f"the day D arrears are computed for; the ledger ends with its month (default {BENCH_DAY})",
        )
        parser.add_argument(
            "--repeat", type=int, default=1, help="run each measurement R times: median time, largest peak"
        )
        parser.add_argument(
            "--database-url",
            help="postgres://... to measure on a PostgreSQL server (a new database is created there and "
            "dropped afterwards); sqlite:///FILE for a SQLite file that must not exist yet. "
            "Default: a SQLite file in a new temporary folder.",
        )
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database and folder")
        parser.add_argument("--json", action="store_true", help="one JSON line per measurement")
        parser.add_argument("--step", choices=["build", *MEASURES], help=argparse.SUPPRESS)
        parser.add_argument("--results", type=Path, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["step"]:
            return self.run_step(options)
        if options["tenancies"] < 1 or options["months"] < 1 or options["repeat"] < 1:
            raise CommandError("--tenancies, --months and --repeat must be at least 1", returncode=2)
        folder = Path(tempfile.mkdtemp(prefix="huurpad-bench-"))
        url, drop = fresh_database(options["database_url"], folder)
        env = {**os.environ, "DATABASE_URL": url, "HUURPAD_VAR_DIR": str(folder)}
        try:
            measurements = self.run_all(options, env, folder)
        finally:
            if options["keep"]:
                self.stderr.write(f"Kept the benchmark database: {url} (folder {folder})")
            else:
                drop()
                shutil.rmtree(folder, ignore_errors=True)
        self.report(options, measurements)

    # --- the parent: orchestrate the steps ---------------------------------------------------

    def run_all(self, options, env, folder: Path) -> dict[str, dict]:
        common = [
            "--tenancies",
            str(options["tenancies"]),
            "--months",
            str(options["months"]),
            "--seed",
            str(options["seed"]),
            "--date",
            options["date"].isoformat(),
            "--repeat",
            str(options["repeat"]),
        ]
        build = child(env, ["--step", "build", *common])
        self.stderr.write(
            f"Built {options['tenancies']} tenancies x {options['months']} months: "
            f"{build['rows']} ledger rows in {build['seconds']:.1f} s."
        )
        measurements, figures = {}, {}
        for name in MEASURES:  # in this order: the next day builds on the full run of D
            results = folder / f"{name}.json"
            measurements[name] = child(env, ["--step", name, "--results", str(results), *common])
            figures[name] = json.loads(results.read_text())
        check_agreement(
            {ref: tuple(v) for ref, v in figures["arrears"].items()},
            {ref: tuple(v) for ref, v in figures["arrears_baseline_duckdb"].items()},
        )
        check_next_day(figures["policy_next_day"]["missed"])
        run, day = figures["policy_run"]["counts"], figures["policy_next_day"]
        self.stderr.write(
            f"Full run: {run['tenancies']} tenancies, {run['proposals']} proposals. Next day: "
            f"{day['changed']} tenancies changed, {day['counts']['tenancies']} looked at, "
            f"{day['counts']['proposals']} proposals; a full run would add nothing."
        )
        return measurements

    def report(self, options, measurements: dict[str, dict]) -> None:
        n, k = options["tenancies"], options["months"]
        if options["json"]:
            for name in MEASURES:
                m = measurements[name]
                line = {
                    "measure": name,
                    "seconds": round(m["seconds"], 4),
                    "peak_mb": round(m["peak_mb"], 1),
                    "tenancies": n,
                    "months": k,
                }
                self.stdout.write(json.dumps(line))
            return
        self.stdout.write(f"{n} tenancies x {k} months, arrears on {options['date']}; both agree on every tenancy.")
        self.stdout.write(f"{'measure':<26}{'seconds':>10}{'peak MB':>10}{'process MB':>12}")
        for name in MEASURES:
            m = measurements[name]
            self.stdout.write(f"{name:<26}{m['seconds']:>10.3f}{m['peak_mb']:>10.1f}{m['process_peak_mb']:>12.1f}")
        seconds = {name: m["seconds"] for name, m in measurements.items()}
        baseline_s = seconds["arrears_baseline_duckdb"]
        self.stdout.write(f"arrears / baseline: {seconds['arrears'] / baseline_s:.1f}x")
        self.stdout.write(f"policy_run / baseline: {seconds['policy_run'] / baseline_s:.1f}x")
        self.stdout.write(f"policy_run / policy_next_day: {seconds['policy_run'] / seconds['policy_next_day']:.1f}x")
        self.stdout.write("peak MB: memory the step added (RSS high-water mark); process MB: the whole process.")

    # --- the children: one step each, with DATABASE_URL pointing at the fresh database -------

    def run_step(self, options) -> None:
        from huurpad.bench import measure

        on, step = options["date"], options["step"]
        if step == "build":
            out = build_step(options)
        else:
            prepare, compute, figures, *reset = STEPS[step](options, on)
            state, runs, result = prepare(), [], None
            for i in range(options["repeat"]):
                if i and reset:  # not timed: put the database back as it was before the step
                    reset[0](state, result)
                with measure.measured() as m:
                    result = compute(state)
                runs.append(m)
            options["results"].write_text(json.dumps(figures(result)))
            out = {
                "seconds": statistics.median(r.seconds for r in runs),
                "peak_mb": max(r.peak_mb for r in runs),
                "process_peak_mb": max(r.process_peak_mb for r in runs),
            }
        self.stdout.write(json.dumps(out))


def build_step(options) -> dict:
    from django.db import connection

    from huurpad.bench import synth

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throw-away database: no need to survive a crash
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")
    start = time.perf_counter()
    rows = synth.build(
        tenancies=options["tenancies"], months=options["months"], seed=options["seed"], on=options["date"]
    )
    return {"rows": rows, "seconds": time.perf_counter() - start}


def arrears_step(options, on):
    from huurpad.bench import baseline
    from huurpad.tenancies import arrears

    return (lambda: None), (lambda _: arrears.compute(on)), baseline.figures_from_compute


def baseline_step(options, on):
    import duckdb

    from huurpad.bench import baseline

    folder = options["results"].parent

    def prepare():
        duck = duckdb.connect()
        baseline.load(duck, paths)
        return duck

    paths = baseline.export(folder)
    return prepare, (lambda duck: baseline.run(duck, on)), baseline.figures_from_baseline


def policy_run_step(options, on):
    """The full run of D on a corporation in its daily rhythm (not timed: a first run a week
    before D and ordinary days up to D - 1, every proposal carried out): arrears, segments, rules,
    and storing proposals, outbox, tasks and the tenancy states. The last repetition stays: it is
    the previous run of the next day."""
    from huurpad.bench import policy
    from huurpad.collection.run import run_policy

    def prepare():
        policy.steady_state(on, seed=options["seed"])
        return policy.saved_states()

    def compute(_):
        result = run_policy(on, full=True)
        assert result.run.full
        return result

    return (
        prepare,
        compute,
        lambda result: {"counts": result.counts},
        lambda states, result: policy.undo(result.run, states),
    )


def policy_next_day_step(options, on):
    """D + 1 after the full run of D, with its proposals carried out and about 3 % of the
    tenancies changed: an ordinary day."""
    import random

    from huurpad.bench import policy
    from huurpad.collection.models import PolicyRun
    from huurpad.collection.run import run_policy

    following = on + timedelta(days=1)
    changed = {}

    def prepare():
        run = PolicyRun.objects.filter(day=on, full=True, status=PolicyRun.Status.DONE).first()
        if run is None:
            raise CommandError(f"the next day needs the full run of {on} first")
        policy.carry_out(run, on, random.Random(options["seed"]))
        changed["tenancies"] = policy.ordinary_day(on, seed=options["seed"])
        return policy.saved_states()

    def compute(_):
        result = run_policy(following)
        if result.run.full:
            raise CommandError("the next day ran as a full run; it should build on the run of D")
        return result

    def figures(result):
        return {"counts": result.counts, "changed": changed["tenancies"], "missed": policy.misses(following)}

    return prepare, compute, figures, lambda states, result: policy.undo(result.run, states)


def bank_import_step(options, on):
    """`huurpad bank import` of a CAMT.053 statement of D's month with one transaction per tenancy
    (huurpad.bench.bank: mostly batch credits of our own direct debits, some returned, transfers
    with the payment reference or from a known account, a few unknown payers, money out). Not
    timed: the accounts, mandates and collections it needs, and writing the file. Between
    repetitions what the import booked is removed again."""
    from huurpad.bank import imports
    from huurpad.bench import bank

    path = options["results"].parent / "statement.xml"

    def prepare():
        bank.prepare(on, options["seed"])
        data, _ = bank.statement(options["tenancies"], on, options["seed"])
        path.write_bytes(data)

    def figures(result):
        return {"booked": result.booked, "returned": result.returned, "unknown": result.unknown, "other": result.other}

    return prepare, (lambda _: imports.import_file(path)), figures, lambda state, result: bank.undo()


STEPS = {
    "arrears": arrears_step,
    "arrears_baseline_duckdb": baseline_step,
    "policy_run": policy_run_step,
    "policy_next_day": policy_next_day_step,
    "bank_import": bank_import_step,
}


def child(env: dict, args: list[str]) -> dict:
    """Run one step in a new process; its last line of output is a JSON object."""
    command = [sys.executable, "-m", "huurpad.cli", "bench", *args]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise CommandError(f"benchmark step {args[1]} failed (exit status {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_agreement(ours: dict[str, tuple], baseline_figures: dict[str, tuple]) -> None:
    """Fail loudly when arrears and the baseline differ for any tenancy."""
    from huurpad.bench.baseline import disagreements

    found = disagreements(ours, baseline_figures)
    if found:
        count = sum(1 for ref in ours.keys() | baseline_figures.keys() if ours.get(ref) != baseline_figures.get(ref))
        raise CommandError(
            f"arrears and the DuckDB baseline disagree on {count} tenancies, for example:\n  " + "\n  ".join(found)
        )


def check_next_day(missed: list[str]) -> None:
    """Fail loudly when a full run after the ordinary next day would still propose something."""
    if missed:
        raise CommandError(
            f"the ordinary next day missed {len(missed)} proposals a full run would make, for example:\n  "
            + "\n  ".join(missed[:10])
        )


def fresh_database(url: str | None, folder: Path):
    """A URL for a new, empty database and a function that removes it again."""
    if not url:
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path)
        if path.exists():
            raise CommandError(f"{path} exists; the benchmark only writes to a new database", returncode=2)
        return url, lambda: path.unlink(missing_ok=True)
    if parts.scheme not in ("postgres", "postgresql"):
        raise CommandError(f"--database-url must be sqlite:///... or postgres://..., not {parts.scheme}", returncode=2)
    import psycopg

    name = f"huurpad_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop
