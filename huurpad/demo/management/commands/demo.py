import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huurpad.demo import calibration, debt_help, generator, setup
from huurpad.portal import auth as portal_auth

from .serve import serve


class Command(BaseCommand):
    help = (
        "Build the demo corporation (synthetic, see docs/demo-data.md), import it through the"
        " ordinary imports, create one demo user per role and serve it. On a database that already"
        " holds the demo, the demo is reused; --fresh rebuilds it. A database holding anything else"
        " is never emptied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tenancies",
            type=int,
            default=None,
            help=f"homes let on the demo day (default {generator.DEFAULT_TENANCIES})",
        )
        parser.add_argument(
            "--months", type=int, default=None, help=f"months of history (default {generator.DEFAULT_MONTHS})"
        )
        parser.add_argument("--seed", type=int, default=None, help=f"random seed (default {generator.DEFAULT_SEED})")
        parser.add_argument(
            "--replay-days",
            type=int,
            default=None,
            help=f"days before the demo day over which the policy is replayed (default {generator.DEFAULT_REPLAY_DAYS})",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="rebuild the demo even when the database already holds one"
        )
        parser.add_argument("--no-serve", action="store_true", help="build and report, but do not serve")
        parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")

    def handle(self, *args, **options):
        started = time.perf_counter()
        wanted = {
            "tenancies": options["tenancies"] or generator.DEFAULT_TENANCIES,
            "months": options["months"] or generator.DEFAULT_MONTHS,
            "seed": generator.DEFAULT_SEED if options["seed"] is None else options["seed"],
            "replay_days": generator.DEFAULT_REPLAY_DAYS if options["replay_days"] is None else options["replay_days"],
        }
        if wanted["tenancies"] < 1 or wanted["months"] < 1 or wanted["replay_days"] < 0:
            raise CommandError("--tenancies and --months must be at least 1, --replay-days at least 0.", returncode=2)
        call_command("migrate", interactive=False, verbosity=0)
        today = timezone.localdate()
        state = setup.database_state()
        if state == "other":
            raise CommandError(
                "This database holds tenancies or users that are not the demo's. The demo never"
                " touches such a database: point DATABASE_URL (or HUURPAD_VAR_DIR) elsewhere.",
                returncode=1,
            )
        marker = setup.read_marker()
        has_demo = state == "demo" and setup.Tenancy.objects.exists()
        asked = {k: options[k] for k in wanted if options[k] is not None}
        if has_demo and not options["fresh"]:
            differs = {k: v for k, v in asked.items() if marker.get(k) != v}
            if differs:
                made = ", ".join(f"{k} {marker.get(k, '?')}" for k in differs)
                raise CommandError(
                    f"This database already holds a demo ({made}). Add --fresh to rebuild it with"
                    f" {', '.join(f'{k} {v}' for k, v in differs.items())}.",
                    returncode=1,
                )
            on = _day(marker.get("on")) or today
            self.stdout.write(
                f"Using the demo already in the database (made for {on.isoformat()}; --fresh rebuilds it for today)."
            )
        else:
            if state == "demo":
                self.stdout.write("Emptying the demo database to rebuild it.")
                setup.wipe()
            on = today
            self.stdout.write(
                f"Building the demo corporation: {wanted['tenancies']} homes, {wanted['months']} months"
                f" up to {on.isoformat()}, seed {wanted['seed']}."
            )
            timings = setup.build(**wanted, on=on, log=self.stdout.write)
            self.stdout.write(
                f"Generated in {timings.generate:.1f} s, files written in {timings.write:.1f} s,"
                f" imported in {timings.imports:.1f} s, replayed in {timings.replay:.1f} s."
            )
        users = setup.ensure_users()
        setup.ensure_partners(on)
        debt_help.ensure_plans(on)
        setup.ensure_sender()
        setup.ensure_schemes()
        setup.ensure_rent_facts(on)
        if setup.ensure_bank(on):
            self.stdout.write(
                "A bank statement of today is imported: 'Onbekende betalingen' shows what it could not place."
            )
        self.stdout.write("")
        self.stdout.write(
            "Demo logins, one per role (log in at /login/). After the password Huurpad asks a code from the"
        )
        self.stdout.write(
            "authenticator app: add the app key below to an app, or run `huurpad demo-code USERNAME` for the code."
        )
        for username, name, secret in users:
            self.stdout.write(
                f"  {username:<18} {name:<18} gebruikersnaam: {username:<18} wachtwoord: {setup.DEMO_PASSWORD}  app-sleutel: {secret}"
            )
        if tenant_email := portal_auth.demo_hint(on):
            self.stdout.write(
                f"Tenant portal (Mijn Huurpad): open /mijn/inloggen/ and enter {tenant_email} (a tenant in arrears); the login link appears in this console."
            )
        self.stdout.write("")
        figures = calibration.from_database(on)
        for line in calibration.report(figures):
            self.stdout.write(line)
        outside = figures.outside()
        if outside:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(outside)} figure(s) fall outside their band: {', '.join(b.label for b in outside)}."
                )
            )
        else:
            self.stdout.write("All calibration figures fall within their bands.")
        self.stdout.write(f"Ready in {time.perf_counter() - started:.1f} s.")
        if not options["no_serve"]:
            serve(options["port"], self.stdout, outbox_log=setup.demo_folder() / "berichten.txt")


def _day(value):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
