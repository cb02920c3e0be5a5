"""Walk every page of a demo database as each demo user and a tenant, and list the internal codes
and English on screen (huurpad/testing/pages.py, the check of huurpad/tests/test_dutch_on_screen.py).

Run it on a COPY of the demo: the walk writes access-log lines and a portal account.
    cp var/huurpad.sqlite3 /tmp/copy.sqlite3
    PYTHONPATH=$PWD DATABASE_URL=sqlite:////tmp/copy.sqlite3 SECRET_KEY="$(cat var/secret_key)" \\
        .venv/bin/python scripts/dutch-on-screen.py [TENANCIES]
TENANCIES: how many tenancies to open (default 5), picked to show between them most of what a
tenancy page can show. Exits 1 when something is found."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huurpad.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from conftest import Client  # noqa: E402  (force_login passes the second factor too)
from huurpad.demo import setup  # noqa: E402
from huurpad.testing import pages  # noqa: E402

if setup.database_state() != "demo":
    sys.exit("This database is not a demo (huurpad demo); the walk is for a copy of one.")
setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
started = time.perf_counter()
refs = pages.rich_refs(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
found, unfilled = pages.pages(refs)
walk = pages.walk((who, client, found) for who, client in pages.signed_in(Client, refs).items())
print(f"Tenancies opened: {', '.join(refs)}. Views the walk could not fill: {unfilled or 'none'}.")
print(walk.report(200))
print(f"{len({name for _, name in walk.shown})} views shown, in {time.perf_counter() - started:.0f} s.")
sys.exit(1 if walk.findings or walk.failed or unfilled else 0)
