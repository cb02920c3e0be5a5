"""Every page that reads its query string answers hostile values with a message or its default,
never a server error (500): a negative year, a huge number, letters for a number, a 45th of the
13th month, an empty value, markup, a path.

The test finds the pages and what they read by itself: it asks every GET view of the URL conf (and
the admin's lists) as every role, portal tenant and visitor, with a probe in the query string, and
notes each query parameter the view looked at. Then, as each user who may see the page (the probe
answered 200), it sends each hostile value in all those parameters at once, and, as the first such
user, in each parameter alone (not for the admin's lists, which share Django's code)."""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import Client  # force_login passes the second factor too
from huurpad.accounts.roles import Role
from huurpad.cases.models import Partner, Referral
from huurpad.collection.models import PolicyVersion
from huurpad.portal.models import PortalAccount
from huurpad.portal.tests.conftest import portal_session
from huurpad.signals.models import SignalExport
from huurpad.solutions.models import WriteOff
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

HOSTILE = ["-1", "0", "99999999999999999999", "abc", "2026-13-45", "", "<script>", "../"]
PROBE = "sonde"
# The admin takes an unknown parameter for a filter (and sends the list back with ?e=1), and reads
# its own from a copy of the query: these are the ones its lists read.
ADMIN = "/beheer/"
ADMIN_PARAMETERS = {"p", "o", "q", "all", "e", "_facets", "_popup", "_to_field"}


def get_views(patterns, prefix="", namespace=None):
    """(name, route, converters) of every view, the admin's left out (its lists are added below)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from get_views(
                    pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
                )
        else:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.pattern.converters


@pytest.fixture
def world(django_user_model):
    users = {}
    for role in Role:
        users[role.value] = django_user_model.objects.create_user(
            role.value, password="x", is_staff=role == Role.BEHEERDER
        )
        users[role.value].groups.add(Group.objects.get(name=role.value))
    users["outsider"] = django_user_model.objects.create_user("outsider", password="x")
    users["huurder"] = django_user_model.objects.create_user("huurder", password="x")
    tenancy = make_tenancy("HC900", phone="0612345678", email="huurder@example.nl")
    book(tenancy, "2026-10-01 rent 700.00\n2026-11-01 rent 700.00")
    PortalAccount.objects.create(user=users["huurder"], tenant=tenancy.tenant)
    team = Partner.objects.create(name="Buurtteam", kind=Partner.Kind.BUURTTEAM)
    team.members.add(users["partner"])
    referral = Referral.objects.create(
        tenancy=tenancy,
        partner=team,
        reason="hulp",
        basis="consent",
        follow_up_on=timezone.localdate(),
        created_by=users["incassomedewerker"],
    )
    export = SignalExport.objects.create(
        municipality_code="GM0363", format="csv", up_to=timezone.localdate(), count=0, content="", sha256="0" * 64
    )
    write_off = WriteOff.objects.create(tenancy=tenancy, amount_cents=1000, reason="Lukt niet")
    arguments = {
        "ref": tenancy.ref,
        "number": PolicyVersion.current().number,
        "token": "onbekend",
        "provider": "demo",
        "code": "GM0363",
        "year": 2026,
        "name": "bericht",
        "pk": 999999,
        "uidb64": "MQ",
        "role": "incassomedewerker",
    }
    own_pk = {"cases:partner_detail": referral.pk, "solutions:write_off": write_off.pk, "signals:download": export.pk}
    paths = []
    for name, converters in get_views(get_resolver().url_patterns):
        kwargs = {key: own_pk.get(name, arguments[key]) if key == "pk" else arguments[key] for key in converters}
        paths.append(reverse(name, kwargs=kwargs))
    paths += [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    return users, tenancy, paths


def visitors(users, tenancy):
    """A logged-in client per user (the tenant with their portal session), and an anonymous one."""
    for who, user in users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        if who == "huurder":
            portal_session(client, tenancy)
        yield who, client
    yield "anonymous", Client(raise_request_exception=False)


@pytest.fixture
def reads(monkeypatch):
    """The query parameters a view looks at, noted as it reads them."""
    seen = set()
    for method in ("__getitem__", "get", "getlist", "__contains__"):
        original = getattr(QueryDict, method)

        def noting(self, key, *args, _original=original, **kwargs):
            seen.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, method, noting)
    return seen


def test_no_page_answers_a_hostile_query_value_with_a_server_error(world, reads):
    users, tenancy, paths = world
    failures, asked, readers = [], 0, {}
    for who, client in visitors(users, tenancy):
        for path in paths:
            reads.clear()
            if client.get(path, {} if path.startswith(ADMIN) else {PROBE: "1"}).status_code != 200:
                continue  # not theirs to see (or not a page): refused before reading anything
            if path.startswith(ADMIN):
                reads.update(ADMIN_PARAMETERS)
            parameters = sorted(key for key in reads if isinstance(key, str) and key != PROBE)
            if not parameters:
                continue
            first = path not in readers and not path.startswith(ADMIN)  # the admin's lists share one code
            readers.setdefault(path, (parameters, set()))[1].add(who)
            for value in HOSTILE:
                queries = [dict.fromkeys(parameters, value)]
                if first:
                    queries += [{key: value} for key in parameters] if len(parameters) > 1 else []
                for query in queries:
                    asked += 1
                    response = client.get(path, query)
                    if response.status_code >= 500:
                        failures.append(f"{who} GET {path}?{urlencode(query)}: {response.status_code}")
    assert not failures, f"{len(failures)} of {asked} requests failed:\n" + "\n".join(failures[:40])
    # The walk reached the pages known to read their query string, as the roles that see them.
    for path, role in [
        ("/huurverhoging/", "teamleider"),
        ("/", "incassomedewerker"),
        ("/vandaag/", "incassomedewerker"),
        ("/huurcheck/", "anonymous"),
        ("/mijn/regeling/voorstel/", "huurder"),
        (f"/huurcontract/{tenancy.ref}/bewijsdossier/", "teamleider"),
        ("/beheer/tenancies/tenancy/", "beheerder"),
    ]:
        assert path in readers and role in readers[path][1], f"{path} was not asked as {role}"
    assert "jaar" in readers["/huurverhoging/"][0]
