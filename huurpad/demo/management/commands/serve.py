import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCAL_HOSTS = ["127.0.0.1", "localhost"]


def serve(port: int, stdout, outbox_log: Path | None = None) -> None:
    """Collect static files, then run Django's development server on 127.0.0.1 without reloading.
    With `outbox_log`, the outbox worker runs beside it (huurpad send-outbox, every 20 seconds) and
    writes what it sends there: the demo's text messages and e-mails go to the console channel."""
    call_command("collectstatic", interactive=False, verbosity=0)
    if not settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = LOCAL_HOSTS  # it only listens on 127.0.0.1
    if settings.SESSION_COOKIE_SECURE:
        stdout.write(
            "Note: cookies are sent over HTTPS only, so logging in on http://127.0.0.1 will not work."
            " Set HUURPAD_SECURE_COOKIES=0 for a local demo (make demo does)."
        )
    worker = None
    if outbox_log is not None:
        outbox_log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,  # handed on whole to the worker, which reads its settings from it
            "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
            "HUURPAD_PUBLIC_URL": settings.PUBLIC_URL or f"http://127.0.0.1:{port}",
        }
        with outbox_log.open("a", encoding="utf-8") as log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "django", "send-outbox", "--interval", "20"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        stdout.write(
            f"The outbox worker sends the messages of the day; what it sends (text messages, e-mails) is written to {outbox_log}."
        )
    stdout.write(f"Huurpad at http://127.0.0.1:{port}/ (stop with Ctrl-C)")
    try:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


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
