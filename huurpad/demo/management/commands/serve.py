from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCAL_HOSTS = ["127.0.0.1", "localhost"]


def serve(port: int, stdout) -> None:
    """Collect static files, then run Django's development server on 127.0.0.1 without reloading."""
    call_command("collectstatic", interactive=False, verbosity=0)
    if not settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = LOCAL_HOSTS  # it only listens on 127.0.0.1
    if settings.SESSION_COOKIE_SECURE:
        stdout.write(
            "Note: cookies are sent over HTTPS only, so logging in on http://127.0.0.1 will not work."
            " Set HUURPAD_SECURE_COOKIES=0 for a local demo (make demo does)."
        )
    stdout.write(f"Huurpad at http://127.0.0.1:{port}/ (stop with Ctrl-C)")
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)


class Command(BaseCommand):
    help = (
        "Serve Huurpad at http://127.0.0.1:PORT for a demo or a trial. This is Django's development"
        " server (runserver --noreload) after collecting static files: fine on your own machine, not"
        " for production (use a WSGI server such as gunicorn behind a web server there)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")

    def handle(self, *args, **options):
        serve(options["port"], self.stdout)
