"""Who reaches which portal page, and that one tenant never reaches another's data.

Every portal page is in the table below (a new one without a decision fails here). The portal's
pages take the tenancy from the session only; staff pages refuse a tenant (the full staff table,
with a 'huurder' row, is huurpad/cases/tests/test_access_matrix.py)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse

from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import Role
from huurpad.bank.models import CollectionDayChange
from huurpad.cases.models import Task
from huurpad.messaging.models import PayLink
from huurpad.portal import auth
from huurpad.portal.models import LoginLink
from huurpad.solutions.models import Arrangement

from .conftest import log_in

pytestmark = pytest.mark.django_db

LOGIN = "/mijn/inloggen/"
STAFF = sorted(role.value for role in Role)
WHO = ["anonymous", "tenant", *STAFF]


def only_tenant(ok: int = 200) -> dict[str, int | str]:
    """The tenant gets `ok`; everyone else is sent to the portal's login."""
    return {who: ok if who == "tenant" else LOGIN for who in WHO}


# name -> (method, path, data, expected per person: a status, or the path a 302 goes to)
PAGES = {
    "portal:overview": ("get", "/mijn/", {}, only_tenant()),
    "portal:login": ("get", "/mijn/inloggen/", {}, {who: "/mijn/" if who == "tenant" else 200 for who in WHO}),
    "portal:link_sent": (
        "get",
        "/mijn/inloggen/verstuurd/",
        {},
        {who: "/mijn/" if who == "tenant" else LOGIN for who in WHO},
    ),
    "portal:login_sms": (
        "get",
        "/mijn/inloggen/sms/",
        {},
        {who: "/mijn/" if who == "tenant" else 200 for who in WHO},
    ),
    "portal:enter_code": (  # without a code asked for in this session: back to asking
        "get",
        "/mijn/inloggen/code/",
        {},
        {who: "/mijn/" if who == "tenant" else "/mijn/inloggen/sms/" for who in WHO},
    ),
    "portal:use_link": ("get", "/mijn/inloggen/geen-echte-link/", {}, dict.fromkeys(WHO, 404)),
    "portal:logout": ("post", "/mijn/uitloggen/", {}, dict.fromkeys(WHO, LOGIN)),
    "portal:pay": ("post", "/mijn/betalen/", {}, only_tenant(302)),
    "portal:collection_day": ("get", "/mijn/incassodag/", {}, only_tenant()),
    "portal:arrangement": ("get", "/mijn/regeling/", {}, only_tenant()),
    "portal:arrangement_preview": ("get", "/mijn/regeling/voorstel/", {"amount": "100"}, only_tenant()),
    "portal:call_me": ("get", "/mijn/bel-mij/", {}, only_tenant()),
    "portal:message": ("get", "/mijn/bericht/", {}, only_tenant()),
    "portal:my_data": ("get", "/mijn/mijn-gegevens/", {}, only_tenant()),
    "portal:my_data_file": ("get", "/mijn/mijn-gegevens/download/", {}, only_tenant()),
}


def test_the_table_names_every_portal_page():
    names = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "portal":
            names |= {f"portal:{sub.name}" for sub in pattern.url_patterns}
    assert names == set(PAGES)


@pytest.mark.parametrize("who", WHO)
def test_every_portal_page_for_everyone(client, home, django_user_model, who):
    for name, (method, path, data, expected) in PAGES.items():
        client.logout()
        if who == "tenant":
            LoginLink.objects.all().delete()  # a fresh login for each page, beyond the hourly limit (tested in test_login.py)
            log_in(client, "anna@example.nl")
        elif who != "anonymous":
            user = django_user_model.objects.get_or_create(username=who)[0]
            user.groups.add(Group.objects.get(name=who))
            client.force_login(user)
        response = getattr(client, method)(path, data)
        want = expected[who]
        if isinstance(want, str):
            assert (response.status_code, response.get("Location")) == (302, want), f"{who} {name}"
        else:
            assert response.status_code == want, f"{who} {name}: {response.status_code}"


def test_a_tenant_reaches_none_of_the_staff_pages_of_their_own_tenancy(tenant_client, home):
    ref = home.ref
    for method, path, data in [
        ("get", reverse("tenancy_detail", args=[ref]), {}),
        ("get", reverse("worklist"), {}),
        ("get", reverse("cases:today"), {}),
        ("post", reverse("make_pay_link", args=[ref]), {}),
        ("post", reverse("bank:change_collection_day", args=[ref]), {"day": "10"}),
        ("post", reverse("solutions:propose_arrangement", args=[ref]), {"basis": "tenant", "instalment": "50"}),
        ("post", reverse("personal_message", args=[ref]), {"channel": "sms", "text": "hoi"}),
    ]:
        assert getattr(tenant_client, method)(path, data).status_code == 403, path
    assert tenant_client.get("/beheer/")["Location"].startswith("/beheer/login/")
    assert (
        not PayLink.objects.exists() and not CollectionDayChange.objects.exists() and not Arrangement.objects.exists()
    )


def test_another_tenant_cannot_reach_the_first_tenants_data(client, home, other_home):
    log_in(client, "bram@example.nl")
    # Every portal page shows Bram's own tenancy, whatever is put in the address.
    for name in ("overview", "collection_day", "arrangement", "call_me", "message"):
        page = client.get(reverse(f"portal:{name}"), {"contract": "HC1", "huurcontract": home.pk}).content.decode()
        assert "HC1" not in page and "Bakker" not in page and "anna@" not in page, name
    assert "HC2" in client.get(reverse("portal:overview")).content.decode()
    # No portal address names a tenancy: anything else under /mijn/ does not exist.
    for path in ("/mijn/HC1/", f"/mijn/{home.pk}/", "/mijn/huurcontract/HC1/", "/mijn/regeling/HC1/"):
        assert client.get(path).status_code == 404, path
    # The staff pages of Anna's tenancy refuse him.
    assert client.get(reverse("tenancy_detail", args=["HC1"])).status_code == 403
    assert client.post(reverse("make_pay_link", args=["HC1"])).status_code == 403
    # What he does lands on his own tenancy only.
    client.post(reverse("portal:message"), {"text": "Hallo"})
    client.post(reverse("portal:call_me"), {"when": "maakt niet uit", "phone": "0612345678"})
    assert set(Task.objects.values_list("tenancy__ref", flat=True)) == {"HC2"}
    assert not home.events.exists()


def test_a_session_pointed_at_another_tenancy_is_ended(client, home, other_home):
    log_in(client, "bram@example.nl")
    session = client.session
    session[auth.SESSION_TENANCY] = home.pk  # as if the binding were changed
    session.save()
    response = client.get(reverse("portal:overview"))
    assert response["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session
    client.post(reverse("portal:message"), {"text": "Hallo"})
    assert not Task.objects.exists()


def test_the_tenants_own_pages_are_not_in_the_access_log_staff_views_are(client, tenant_client, home, officer):
    for name in ("overview", "collection_day", "arrangement", "call_me", "message"):
        tenant_client.get(reverse(f"portal:{name}"))
    assert list(AccessLog.objects.values_list("outcome", flat=True)) == [
        AccessLog.Outcome.SIGNED_IN
    ]  # only the sign-in itself
    client.force_login(officer)
    client.get(reverse("tenancy_detail", args=["HC1"]))
    assert list(
        AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).values_list("user__username", "object_id")
    ) == [("ilse", "HC1")]
