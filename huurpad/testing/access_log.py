"""For tests of lists that log what they show: a page asked once, with the access-log inserts it
made counted (one statement per page, never one per row), and the lines written for an action."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from huurpad.accounts.models import AccessLog


def inserts_into_the_log(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("INSERT") and "accounts_accesslog" in q["sql"])


def get_logged_in_one_statement(client, path: str, data: dict | None = None):
    """GET `path`: it answers 200 and writes its access-log lines in one statement."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data or {})
    assert response.status_code == 200, f"{path}: {response.status_code}"
    assert inserts_into_the_log(queries) == 1, f"{path}: {inserts_into_the_log(queries)} inserts into the access log"
    return response


def logged(action: str, user=None) -> list[tuple[str, str]]:
    """The (kind, id) of the lines written for `action` (by `user`), sorted."""
    lines = AccessLog.objects.filter(action=action, outcome=AccessLog.Outcome.SHOWN)
    if user is not None:
        lines = lines.filter(user=user)
    return sorted(lines.values_list("object_type", "object_id"))
