"""huurpad bench-bank: parse and import a large CAMT.053 statement.

Builds a synthetic corporation in a new database as `huurpad bench` does (two months of ledger),
gives every tenant an account number and every direct-debit tenancy a mandate and a collection
in the SEPA batches of the month, writes one statement of --entries transactions in the mix a
corporation receives (huurpad.bench.bank: mostly batch credits of our own direct debits, some
returned, transfers with the RF reference or from a known account, a few unknown payers, money
out), then, in a child process of its own, times: reading the file alone (`bank parse`),
importing it (read, match, split, book), and importing it again (everything already known).

`--json` prints one line per measurement in the form of spec/CLI.md: `{"measure", "seconds",
"peak_mb", "tenancies", "months"}`; the readable output adds the statement's size and mix.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.bench.management.commands.bench import BENCH_DAY, child, fresh_database

STEPS = ("bank_parse", "bank_import", "bank_import_again")
MONTHS = 2  # of ledger before the statement's month ends


class Command(BaseCommand):
    help = "Time reading and importing a CAMT.053 statement with many transactions."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--tenancies", type=int, default=100_000)
        parser.add_argument("--entries", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database-url", help="postgres://... (a new database there); default: a new SQLite file")
        parser.add_argument("--json", action="store_true", help="one JSON line per measurement")
        parser.add_argument("--step", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["step"]:
            return self.measure(options)
        folder = Path(tempfile.mkdtemp(prefix="huurpad-bench-bank-"))
        url, drop = fresh_database(options["database_url"], folder)
        env = {**os.environ, "DATABASE_URL": url, "HUURPAD_VAR_DIR": str(folder)}
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
            command = [
                sys.executable,
                "-m",
                "huurpad.cli",
                "bench-bank",
                "--step",
                "--folder",
                str(folder),
                "--entries",
                str(options["entries"]),
                "--seed",
                str(options["seed"]),
            ]
            done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
            if done.returncode:
                raise CommandError(f"the measurement failed (exit status {done.returncode})")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            drop()
            shutil.rmtree(folder, ignore_errors=True)
        if options["json"]:
            for name in STEPS:
                m = figures[name]
                self.stdout.write(
                    json.dumps(
                        {
                            "measure": name,
                            "seconds": round(m["seconds"], 4),
                            "peak_mb": round(m["peak_mb"], 1),
                            "tenancies": options["tenancies"],
                            "months": MONTHS,
                        }
                    )
                )
            return
        self.stdout.write(
            f"{options['entries']} transactions in {figures['ntry']} entries ({figures['megabytes']:.0f} MB), "
            f"{options['tenancies']} tenancies"
        )
        self.stdout.write("mix: " + ", ".join(f"{kind} {n}" for kind, n in sorted(figures["mix"].items())))
        for name in STEPS:
            self.stdout.write(f"{name:<20}{figures[name]['seconds']:>8.2f} s {figures[name]['peak_mb']:>8.0f} MB")
        self.stdout.write(
            f"booked: {figures['booked']}, returned: {figures['returned']}, unknown: {figures['unknown']}, "
            f"not rent: {figures['other']}"
        )

    def measure(self, options) -> None:
        from huurpad.bank import imports
        from huurpad.bench import bank, measure

        path = options["folder"] / "statement.xml"
        bank.prepare(BENCH_DAY, options["seed"])
        data, mix = bank.statement(options["entries"], BENCH_DAY, options["seed"])
        path.write_bytes(data)
        figures = {"megabytes": path.stat().st_size / 1e6, "ntry": data.count(b"<Ntry>"), "mix": mix}
        with measure.measured() as m:
            transactions = sum(len(s.transactions) for s in imports.read(path))
        figures["bank_parse"] = {"seconds": m.seconds, "peak_mb": m.peak_mb}
        with measure.measured() as m:
            result = imports.import_file(path)
        figures["bank_import"] = {"seconds": m.seconds, "peak_mb": m.peak_mb}
        if result.booked + result.returned + result.unknown + result.other != options["entries"]:
            raise CommandError(
                f"the import accounted for {result.booked + result.returned + result.unknown + result.other} "
                f"of {options['entries']} transactions ({transactions} read, batches unsplit)"
            )
        figures |= {
            "booked": result.booked,
            "returned": result.returned,
            "unknown": result.unknown,
            "other": result.other,
        }
        with measure.measured() as m:
            again = imports.import_file(path)
        if again.new:
            raise CommandError(f"importing the statement again booked {again.new} transactions")
        figures["bank_import_again"] = {"seconds": m.seconds, "peak_mb": m.peak_mb}
        self.stdout.write(json.dumps(figures))
