"""Gunicorn's settings for Huurpad in production:

    gunicorn -c python:huurpad.gunicorn_conf huurpad.wsgi

Put a web server such as nginx in front for TLS. HUURPAD_BIND, HUURPAD_WORKERS and HUURPAD_THREADS
change the address, the number of processes and the threads in each.

Threaded workers keep an open but idle connection (a browser that connected ahead, a user reading
a page) out of the way: a worker of the default kind would wait on it while other users queue.
One process per core does the work; the threads of a process take turns while one waits for the
database.
"""

import os

# Gunicorn reads this file itself, before Django and huurpad/settings.py are loaded: so it reads
# its three variables from the environment here (allowed in huurpad/tests/test_environment.py).
bind = os.environ.get("HUURPAD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HUURPAD_WORKERS", (os.cpu_count() or 1) + 1))
worker_class = "gthread"
threads = int(os.environ.get("HUURPAD_THREADS", 4))
keepalive = 5  # seconds an idle connection stays open for the next page
