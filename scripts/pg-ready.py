"""Exit 0 when the PostgreSQL server of a database URL answers (the database itself need not exist)."""

import sys
from urllib.parse import urlsplit

import psycopg

url = urlsplit(sys.argv[1])
psycopg.connect(
    host=url.hostname or "127.0.0.1",
    port=url.port or 5432,
    user=url.username or "postgres",
    password=url.password,
    dbname="postgres",
    connect_timeout=3,
).close()
