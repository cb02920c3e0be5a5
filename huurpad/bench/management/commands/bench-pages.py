"""huurpad bench-pages: case pages under load.

Builds a synthetic corporation in a new database as `huurpad bench` does, runs the policy once,
serves it with gunicorn and lets wrk open the tenancy page of a random household in arrears, as a
logged-in officer, for a number of users who each read a page for a while before opening the
next. Prints how many pages were served and the 50th, 90th, 95th and 99th percentiles.

With --existing the database of an earlier `--keep` is used as it is: nothing is built, the policy
runs only if it has not run today, and the database is kept.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huurpad.bench.management.commands.bench import child, fresh_database

SCRIPT = Path(__file__).resolve().parents[2] / "case_pages.lua"
OFFICER = "bench-officer"


class Command(BaseCommand):
    help = "Serve a synthetic corporation with gunicorn and time its case pages under load with wrk."
    requires_system_checks = []  # the parent process must not open any database

    def add_arguments(self, parser):
        parser.add_argument("--tenancies", type=int, default=100_000)
        parser.add_argument("--months", type=int, default=36)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database-url", help="as for `huurpad bench`: a new database is made on this server")
        parser.add_argument("--existing", metavar="URL", help="use this database, built earlier with --keep")
        parser.add_argument("--keep", action="store_true", help="keep the database and folder")
        parser.add_argument("--users", type=int, default=20, help="users at the same time (default 20)")
        parser.add_argument("--duration", type=int, default=60, help="seconds of load, after a warm-up (default 60)")
        parser.add_argument(
            "--pause",
            default="1000-3000",
            metavar="MIN-MAX",
            help="milliseconds each user reads a page before opening the next (default 1000-3000; 0 for none)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=(os.cpu_count() or 1) + 1,
            help="gunicorn processes, each with the threads of huurpad/gunicorn_conf.py",
        )
        parser.add_argument("--json", action="store_true", help="one JSON line with the figures")
        parser.add_argument("--step", choices=["setup"], help="(internal)")
        parser.add_argument("--folder", type=Path, help="(internal)")

    def handle(self, *args, **options):
        if options["step"]:
            self.stdout.write(json.dumps(setup(options["folder"])))
            return
        if options["pause"] != "0" and not re.fullmatch(r"\d+-\d+", options["pause"]):
            raise CommandError("--pause is MIN-MAX in milliseconds, e.g. 1000-3000, or 0", returncode=2)
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed; on Debian: apt-get install wrk", returncode=2)
        folder = Path(tempfile.mkdtemp(prefix="huurpad-pages-"))
        (folder / "static").mkdir()  # no static files are asked for; an empty folder keeps WhiteNoise quiet
        if options["existing"]:
            url, drop = options["existing"], (lambda: None)
        else:
            url, drop = fresh_database(options["database_url"], folder)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "HUURPAD_VAR_DIR": str(folder),
            "ALLOWED_HOSTS": "127.0.0.1",
            "HUURPAD_SECURE_COOKIES": "0",
            "HUURPAD_DEBUG": "0",
        }
        try:
            if not options["existing"]:
                common = [
                    "--tenancies",
                    str(options["tenancies"]),
                    "--months",
                    str(options["months"]),
                    "--seed",
                    str(options["seed"]),
                    "--date",
                    timezone.localdate().isoformat(),
                ]
                built = child(env, ["--step", "build", *common])
                self.stderr.write(f"Built {built['rows']} ledger rows in {built['seconds']:.0f} s.")
            ready = json.loads(run_huurpad(env, ["bench-pages", "--step", "setup", "--folder", str(folder)]))
            self.stderr.write(f"{ready['refs']} households in arrears; policy run {ready['policy_run']}.")
            figures = self.load(options, env, folder, ready["cookie"])
        finally:
            if options["keep"]:
                self.stderr.write(f"Kept the database: {url} (folder {folder})")
            else:
                drop()  # nothing to drop for --existing
                shutil.rmtree(folder, ignore_errors=True)
        figures |= {
            "users": options["users"],
            "pause_ms": options["pause"],
            "workers": options["workers"],
            "households_in_arrears": ready["refs"],
        }
        if options["json"]:
            self.stdout.write(json.dumps({"measure": "case_page", **figures}))
        else:
            self.stdout.write(
                f"{figures['requests']} pages in {figures['seconds']:.0f} s ({figures['failed']} failed), "
                f"{options['users']} users, pauses {options['pause']} ms, {options['workers']} workers"
            )
            self.stdout.write(" ".join(f"p{p} {figures[f'p{p}_ms']} ms" for p in (50, 90, 95, 99)))

    def load(self, options, env, folder: Path, cookie: str) -> dict:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:huurpad.gunicorn_conf",
                "huurpad.wsgi",
                "--log-level",
                "warning",
            ],
            env=env | {"HUURPAD_BIND": f"127.0.0.1:{port}", "HUURPAD_WORKERS": str(options["workers"])},
        )
        try:
            wait_until_up(base, server)
            first = (folder / "refs.txt").read_text().split()[0]
            check_page(f"{base}/huurcontract/{first}/", cookie)
            wrk_env = {**os.environ, "REFS": str(folder / "refs.txt"), "COOKIE": cookie}
            if options["pause"] != "0":
                wrk_env["PAUSE_MS"] = options["pause"]
            users = str(options["users"])
            threads = str(min(2, options["users"]))
            warm = ["wrk", "-t", threads, "-c", users, "-d", "10s", "-s", str(SCRIPT), base]
            subprocess.run(warm, env=wrk_env, check=True, capture_output=True)  # every worker loads templates
            timed = ["wrk", "-t", threads, "-c", users, "-d", f"{options['duration']}s", "-s", str(SCRIPT), base]
            cpu, checkpoints = cpu_times(), checkpoint_count(env["DATABASE_URL"])
            out = subprocess.run(timed, env=wrk_env, check=True, capture_output=True, text=True).stdout
            machine = machine_figures(cpu, cpu_times(), checkpoints, checkpoint_count(env["DATABASE_URL"]))
        finally:
            server.terminate()
            server.wait(timeout=30)
        return parse_wrk(out) | machine


def setup(folder: Path) -> dict:
    """In the child: the day's policy run (if not done yet), an officer with a session, and the
    contract numbers of the households in arrears."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from huurpad.accounts.roles import Role
    from huurpad.collection.models import PolicyRun, TenancyState
    from huurpad.collection.run import run_policy

    today = timezone.localdate()
    if PolicyRun.objects.filter(day=today, status=PolicyRun.Status.DONE).exists():
        ran = "done earlier"
    else:
        start = time.perf_counter()
        run_policy(today, full=True)
        ran = f"took {time.perf_counter() - start:.0f} s"
    user, _ = User.objects.get_or_create(username=OFFICER)
    user.groups.add(Group.objects.get_or_create(name=Role.INCASSOMEDEWERKER.value)[0])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session[DEVICE_ID_SESSION_KEY] = app.persistent_id  # the second factor passed, as after signing in
    session.create()
    refs = list(TenancyState.objects.filter(arrears_cents__gt=0).values_list("tenancy__ref", flat=True))
    if not refs:
        raise CommandError("no household is in arrears; nothing to open")
    (folder / "refs.txt").write_text("\n".join(refs) + "\n")
    return {"cookie": f"sessionid={session.session_key}", "refs": len(refs), "policy_run": ran}


def run_huurpad(env: dict, args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", "huurpad.cli", *args], env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise CommandError(f"`huurpad {' '.join(args)}` failed (exit status {done.returncode})")
    return done.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped (exit status {server.returncode})")
        try:
            urllib.request.urlopen(base + "/login/", timeout=5)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer at {base} within {timeout:.0f} s")


def check_page(url: str, cookie: str) -> None:
    """wrk counts a redirect to the login page as a success: make sure the session works."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=30) as page:
            if page.url != url:
                raise CommandError(f"{url} sent the officer to {page.url}")
    except urllib.error.HTTPError as e:
        raise CommandError(f"{url} answered {e.code}") from e


def cpu_times() -> list[int] | None:
    """The machine's processor time so far, in ticks, from /proc/stat (Linux): user, nice, system,
    idle, iowait, irq, softirq, steal."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None


def checkpoint_count(url: str) -> int | None:
    """PostgreSQL checkpoints since its statistics were reset; None for SQLite."""
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        for sql in (
            "SELECT num_timed + num_requested FROM pg_stat_checkpointer",  # PostgreSQL 17 and later
            "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter",
        ):
            try:
                return db.execute(sql).fetchone()[0]
            except psycopg.Error:
                continue
    return None


def machine_figures(before, after, checkpoints_before, checkpoints_after) -> dict:
    """What else the machine did during the load: the share of processor time that was busy,
    waited for the disk, or was taken by other virtual machines (steal), and how many database
    checkpoints ran. A slow tail often lines up with these rather than with the pages."""
    figures = {}
    if before and after:
        spent = [b - a for a, b in zip(before, after)]
        total = sum(spent) or 1
        figures |= {
            "cpu_busy_pct": round(100 * (sum(spent[:3]) + spent[5] + spent[6]) / total, 1),
            "cpu_iowait_pct": round(100 * spent[4] / total, 1),
            "cpu_steal_pct": round(100 * spent[7] / total, 1),
        }
    if checkpoints_before is not None and checkpoints_after is not None:
        figures["checkpoints"] = checkpoints_after - checkpoints_before
    return figures


def parse_wrk(out: str) -> dict:
    """The figures case_pages.lua prints when wrk is done."""
    summary = re.search(r"requests (\d+) in ([\d.]+) s, failed (\d+)", out)
    percentiles = dict(re.findall(r"p(\d+) (\d+) ms", out))
    if not summary or set(percentiles) != {"50", "90", "95", "99"}:
        raise CommandError(f"could not read wrk's output:\n{out}")
    requests, seconds, failed = summary.groups()
    return {"requests": int(requests), "seconds": float(seconds), "failed": int(failed)} | {
        f"p{p}_ms": int(ms) for p, ms in percentiles.items()
    }
