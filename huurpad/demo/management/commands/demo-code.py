from django.core.management.base import BaseCommand, CommandError

from huurpad.demo import setup


class Command(BaseCommand):
    help = (
        "Print the code a demo user's authenticator app shows now, for signing in to the demo"
        " without a phone. Only for the demo's users in a database that holds only the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo login, e.g. incassomedewerker")

    def handle(self, *args, **options):
        try:
            code, seconds = setup.current_code(options["username"])
        except setup.NotADemo as e:
            raise CommandError(str(e), returncode=1) from e
        self.stdout.write(f"{code}  (valid for {seconds} more seconds)")
