"""huurpad bench-bank: parse and import a large CAMT.053 statement.

Builds a synthetic corporation in a new database as `huurpad bench` does (each tenant with an
account number), writes one statement of --entries transactions in the mix a corporation sees
(half paid with the payment reference, a third from a known account, the rest unknown payments
and money out), then, in a child process of its own, times: reading the file alone (`bank
parse`), importing it (read, match, book), and importing it again (everything already known).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huurpad.bench.management.commands.bench import BENCH_DAY, child, fresh_database

STEPS = ("bank_parse", "bank_import", "bank_import_again")


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
            build = child(env, ["--step", "build", "--tenancies", str(options["tenancies"]), "--months", "2",
                                "--seed", str(options["seed"]), "--date", BENCH_DAY.isoformat()])  # fmt: skip
            self.stderr.write(f"Built {options['tenancies']} tenancies in {build['seconds']:.1f} s.")
            command = [sys.executable, "-m", "huurpad.cli", "bench-bank", "--step", "--folder", str(folder),
                       "--entries", str(options["entries"]), "--seed", str(options["seed"])]  # fmt: skip
            done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
            if done.returncode:
                raise CommandError(f"the measurement failed (exit status {done.returncode})")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            drop()
            shutil.rmtree(folder, ignore_errors=True)
        if options["json"]:
            for name in STEPS:
                self.stdout.write(json.dumps({"measure": name, **figures[name], "entries": options["entries"],
                                              "tenancies": options["tenancies"]}))  # fmt: skip
            return
        self.stdout.write(f"{options['entries']} transactions ({figures['megabytes']:.0f} MB), {options['tenancies']} tenancies")
        for name in STEPS:
            self.stdout.write(f"{name:<20}{figures[name]['seconds']:>8.2f} s {figures[name]['peak_mb']:>8.0f} MB")
        self.stdout.write(f"booked: {figures['booked']}, unknown: {figures['unknown']}, not rent: {figures['other']}")

    def measure(self, options) -> None:
        from huurpad.bank import imports
        from huurpad.bench import measure

        path = options["folder"] / "statement.xml"
        path.write_bytes(statement(options["entries"], options["seed"]))
        figures = {"megabytes": path.stat().st_size / 1e6}
        with measure.measured() as m:
            transactions = sum(len(s.transactions) for s in imports.read(path))
        assert transactions == options["entries"]
        figures["bank_parse"] = {"seconds": m.seconds, "peak_mb": m.peak_mb}
        with measure.measured() as m:
            result = imports.import_file(path)
        figures["bank_import"] = {"seconds": m.seconds, "peak_mb": m.peak_mb}
        figures |= {"booked": result.booked, "unknown": result.unknown, "other": result.other}
        with measure.measured() as m:
            again = imports.import_file(path)
        if again.new:
            raise CommandError(f"importing the statement again booked {again.new} transactions")
        figures["bank_import_again"] = {"seconds": m.seconds, "peak_mb": m.peak_mb}
        self.stdout.write(json.dumps(figures))


def statement(entries: int, seed: int) -> bytes:
    """One statement: every tenant has an account (set here); half pay with the reference."""
    from django.db import connection, transaction
    from schwifty import IBAN

    from huurpad.bank.imports import payment_reference
    from huurpad.tenancies.models import Tenancy, Tenant
    from huurpad.testing.camt import Detail, Entry
    from huurpad.testing.camt import statement as write

    def account(n: int) -> str:
        return str(IBAN.generate("NL", bank_code="INGB", account_code=f"{n:010d}"))

    with transaction.atomic(), connection.cursor() as cursor:
        table = Tenant._meta.db_table
        cursor.executemany(f"UPDATE {table} SET iban = %s WHERE id = %s", [(account(t), t) for t in Tenant.objects.values_list("id", flat=True)])
    rng = random.Random(seed)
    people = list(Tenancy.objects.filter(end_date__isnull=True).values_list("ref", "tenant_id", "tenant__surname"))
    rows = []
    for n in range(entries):
        ref, tenant, name = rng.choice(people)
        amount = Decimal(rng.randrange(5000, 120000)) / 100
        day = BENCH_DAY - timedelta(days=rng.randrange(0, 28))
        draw = rng.random()
        if draw < 0.5:
            detail = Detail(name=f"A. {name}", iban=account(10_000_000 + n), reference=payment_reference(ref))
        elif draw < 0.85:
            detail = Detail(name=f"A. {name}", iban=account(tenant), remittance=f"huur {ref}")
        elif draw < 0.95:
            detail = Detail(name="Stichting Onbekend", iban=account(20_000_000 + n), remittance="voor de huur van mijn zoon")
        else:
            rows.append(Entry(amount, side="DBIT", booked=day, bank_reference=f"B{n}",
                              details=[Detail(name="Onderhoud BV", iban=account(30_000_000 + n))]))  # fmt: skip
            continue
        rows.append(Entry(amount, booked=day, bank_reference=f"B{n}", details=[detail]))
    return write(rows, statement_id=f"bench-{date.today():%Y%m%d}")
