"""The headers every page carries: a Content-Security-Policy that allows no inline script,
`Cache-Control: no-store` on everything that may show personal data (each kind of page: a staff
page, an htmx partial, a PDF, a CSV export, a portal page, the admin), HSTS when switched on."""

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from huurpad.accounts.headers import NoStoreMiddleware
from huurpad.accounts.roles import Role
from huurpad.portal.models import PortalAccount
from huurpad.portal.tests.conftest import portal_session
from huurpad.signals.models import SignalExport
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def not_stored(response) -> bool:
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in cache_control and response.get("Pragma") == "no-cache"


@pytest.fixture
def tenancy():
    tenancy = make_tenancy("HC1", phone="0612345678")
    book(tenancy, "2026-10-01 rent 700.00\n2026-11-01 rent 700.00")
    return tenancy


def test_every_page_forbids_inline_script_framing_plugins_and_foreign_forms(client, officer):
    client.force_login(officer)
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == [
        "'self'"
    ]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert directives(client.get("/huurcheck/")) == policy  # public pages too
    assert directives(client.get("/login/")) == policy


def test_every_page_says_its_type_and_charset_and_may_not_be_framed_sniffed_or_referred_elsewhere(client):
    page = client.get("/login/")
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert page["X-Content-Type-Options"] == "nosniff" and page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin" and page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signing_out_clears_what_the_browser_kept(client, officer, django_user_model, tenancy):
    client.force_login(officer)
    signed_out = client.post("/logout/")
    assert signed_out["Clear-Site-Data"] == '"cache", "storage"' and not_stored(signed_out)
    tenant = django_user_model.objects.create_user("huurder", password="x")
    PortalAccount.objects.create(user=tenant, tenant=tenancy.tenant)
    client.force_login(tenant)
    portal_session(client, tenancy)
    assert client.post("/mijn/uitloggen/")["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get("/login/")


def test_a_staff_page_and_its_htmx_partial_are_not_stored(client, officer, tenancy):
    client.force_login(officer)
    assert not_stored(client.get("/"))
    partial = client.get("/", {"segment": "new"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode() and not_stored(partial)
    assert not_stored(client.get(f"/huurcontract/{tenancy.ref}/"))


def test_a_pdf_and_a_csv_export_are_not_stored(client, teamleader, tenancy):
    client.force_login(teamleader)
    pdf = client.get(f"/huurcontract/{tenancy.ref}/bewijsdossier/", {"download": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and not_stored(pdf)
    batch = SignalExport.objects.create(
        municipality_code="GM0363",
        format="csv",
        up_to=timezone.localdate(),
        count=0,
        content="contract;bedrag\r\n",
        sha256="0" * 64,
    )
    csv = client.get(f"/vroegsignalen/bestand/{batch.pk}/")
    assert csv["Content-Type"].startswith("text/csv") and not_stored(csv)


def test_a_portal_page_is_not_stored(client, django_user_model, tenancy):
    tenant = django_user_model.objects.create_user("huurder", password="x")
    PortalAccount.objects.create(user=tenant, tenant=tenancy.tenant)
    client.force_login(tenant)
    portal_session(client, tenancy)
    page = client.get("/mijn/")
    assert page.status_code == 200 and not_stored(page)
    assert not_stored(client.get("/mijn/inloggen/"))  # the login form too: what was typed stays out of caches


def test_the_admin_is_not_stored(client, django_user_model, tenancy):
    beheerder = django_user_model.objects.create_user("bea", password="x", is_staff=True)
    beheerder.groups.add(Group.objects.get(name=Role.BEHEERDER.value))
    client.force_login(beheerder)
    page = client.get("/beheer/tenancies/tenancy/")
    assert page.status_code == 200 and "HC1" in page.content.decode() and not_stored(page)


def test_only_the_empty_public_checks_may_be_kept(client):
    for path in ("/huurcheck/", "/geldcheck/", "/geldcheck/hulp/"):
        assert "no-store" not in client.get(path).get("Cache-Control", "")
    # With answers in the query string the page shows a household's income: not kept.
    assert not_stored(client.get("/huurcheck/", {"inkomen": "1800", "huur": "700", "bereken": "1"}))
    assert not_stored(client.get("/geldcheck/hulp/", {"scan": "inkomen=1800"}))
    assert not_stored(client.get("/login/")) and not_stored(client.get("/bestaat-niet/"))


def test_hsts_is_sent_over_https_when_switched_on_also_behind_a_proxy(settings):
    # SecurityMiddleware reads its settings when it starts: a new client for each setting.
    assert "Strict-Transport-Security" not in Client().get("/huurcheck/", secure=True)  # off unless set
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    hsts = "max-age=31536000; includeSubDomains; preload"
    assert Client().get("/huurcheck/", secure=True)["Strict-Transport-Security"] == hsts
    assert "Strict-Transport-Security" not in Client().get(
        "/huurcheck/", headers={"X-Forwarded-Proto": "https"}
    )  # proxy not trusted
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client().get("/huurcheck/", headers={"X-Forwarded-Proto": "https"})["Strict-Transport-Security"] == hsts
    assert "Strict-Transport-Security" not in Client().get("/huurcheck/")  # plain HTTP: never


def test_static_files_may_be_kept():
    """WhiteNoise answers them before this middleware runs; served otherwise, they are left alone too."""
    served = HttpResponse("body { color: #111 }", content_type="text/css")
    served["Cache-Control"] = "max-age=60, public"
    response = NoStoreMiddleware(lambda request: served)(RequestFactory().get("/static/huurpad.css"))
    assert response["Cache-Control"] == "max-age=60, public" and "Pragma" not in response
