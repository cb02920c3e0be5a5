"""The public checks without logging in: the huurcheck's verdict and reasons, the geldcheck with the
municipality's schemes, a request for help stored only with consent (POST with CSRF), the officers'
page by role; and in a phone-sized browser, a household filling in the huurcheck."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.core.calc import affordability
from huurpad.demo import setup
from huurpad.prevention.models import HelpRequest, MunicipalScheme

pytestmark = pytest.mark.django_db

CHECK = {
    "huishouden": "single",
    "leeftijd": "40",
    "inkomen": "1369.06",
    "huur": "650.00",
    "servicekosten": "40.00",
    "label": "C",
    "bereken": "1",
}
SCAN = {
    "huishouden": "family",
    "personen": "4",
    "leeftijd": "38",
    "inkomen": "1900.00",
    "huur": "700.00",
    "gemeente": "GM0599",
    "bereken": "1",
}


@pytest.fixture
def schemes():
    setup.ensure_sender()  # the demo municipalities
    setup.ensure_schemes()
    return MunicipalScheme.objects.all()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("\N{NO-BREAK SPACE}", " ")


def test_the_pages_open_without_logging_in(client):
    for path in ("/huurcheck/", "/geldcheck/", "/geldcheck/hulp/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "/login/" not in response.content.decode()
    assert "Past deze huur bij uw inkomen?" in text_of(client.get("/huurcheck/"))


def test_the_check_gives_the_verdict_the_figures_and_the_reasons(client):
    response = client.get("/huurcheck/", CHECK)
    page = text_of(response)
    year = timezone.localdate().year
    result = affordability.check(
        year,
        household="single",
        persons=1,
        age=40,
        net_income=Decimal("1369.06"),
        rent=Decimal("650.00"),
        service_costs=[Decimal("40.00")],
        energy_label="C",
    )
    assert f"Uitkomst: {result.verdict}" in page
    for reason in result.reasons + result.estimates:
        assert reason.replace("\N{NO-BREAK SPACE}", " ") in page
    assert "Wat is een schatting?" in page
    assert "€ 171,00" in page  # the label-C estimate
    assert "Doe de geldcheck" in page
    link = re.search(r'href="(/geldcheck/\?[^"]+)"', response.content.decode()).group(1).replace("&amp;", "&")
    assert "huur=650.00" in link and "inkomen=1369.06" in link and "bereken" not in link
    assert response.context["result"].verdict == result.verdict


@pytest.mark.parametrize(
    "answers, verdict",
    [
        ({"inkomen": "3000.00"}, "betaalbaar"),
        (
            {"inkomen": "2000.00", "belastbaar": "40000", "huur": "880.00", "label": "G"},
            "krap",
        ),  # far from both edges, 2025 and 2026
        ({"inkomen": "1000.00"}, "niet betaalbaar"),
    ],
)
def test_each_verdict_on_the_page(client, answers, verdict):
    response = client.get("/huurcheck/", CHECK | {"label": "B", "servicekosten": ""} | answers)
    assert response.context["result"].verdict == verdict
    assert f"Uitkomst: {verdict}" in text_of(response)
    assert ("Vraag een gesprek aan" in text_of(response)) is (verdict != "betaalbaar")


def test_the_portal_link_fills_in_the_form_without_checking(client):
    response = client.get("/huurcheck/", {"huur": "712.50", "servicekosten": "35.00", "personen": "3", "label": "D"})
    html = response.content.decode()
    assert response.context["result"] is None and not response.context["form"].errors
    assert 'value="712.50"' in html and 'value="35.00"' in html and 'value="3"' in html
    assert re.search(r'<option value="D" selected>', html)
    assert "field-error" not in html


def test_wrong_answers_are_said_per_field_and_nothing_is_calculated(client):
    response = client.get(
        "/huurcheck/", CHECK | {"inkomen": "veel", "huishouden": "family", "personen": "2", "huur": ""}
    )
    page = text_of(response)
    assert response.context["result"] is None
    assert "Vul een bedrag in, zoals 650 of 650,50." in page
    assert "Vul de kale huur per maand in." in page
    assert "horen minstens 3 personen" in page
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_household_size_defaults_to_the_type(client):
    response = client.get("/huurcheck/", CHECK | {"huishouden": "couple", "inkomen": "2400.00"})
    assert response.context["form"].cleaned_data["personen"] == 2
    single = client.get("/huurcheck/", CHECK | {"personen": "3"})
    assert "U woont alleen: vul 1 in." in text_of(single)


def test_the_scan_lists_the_money_the_household_may_miss(client, schemes):
    response = client.get("/geldcheck/", SCAN)
    page = text_of(response)
    result = response.context["result"]
    assert [f.kind for f in result.findings] == ["huurtoeslag", "zorgtoeslag", "gemeente"]
    assert "Individuele inkomenstoeslag (voorbeeld)" in page and "€ 400,00 per jaar" in page
    assert "Bedrag: dat rekent de Belastingdienst uit" in page  # zorgtoeslag: no amount invented
    assert f"Ongeveer € {str(result.findings[0].monthly).replace('.', ',')} per maand" in page
    assert "Wilt u hulp?" in page and "Voorzieningenwijzer-consulent" in page
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "Rotterdam" in page  # the municipality list


def test_another_municipality_has_its_own_schemes_and_the_income_limit_counts(client, schemes):
    schiedam = client.get("/geldcheck/", SCAN | {"gemeente": "GM0606"}).context["result"]
    assert [f.title for f in schiedam.findings if f.kind == "gemeente"] == ["Meedoenregeling (voorbeeld)"]
    rich = client.get("/geldcheck/", SCAN | {"gemeente": "GM0606", "inkomen": "2500.00"}).context["result"]
    assert [f.title for f in rich.findings if f.kind == "gemeente"] == []  # above 120 % of the couple norm (2346.96)
    none = client.get("/geldcheck/", SCAN | {"gemeente": ""}).context["result"]
    assert [f for f in none.findings if f.kind == "gemeente"] == []
    MunicipalScheme.objects.filter(municipality_code="GM0606").update(active=False)
    off = client.get("/geldcheck/", SCAN | {"gemeente": "GM0606"}).context["result"]
    assert [f for f in off.findings if f.kind == "gemeente"] == []


def test_the_checks_store_nothing(client, schemes):
    client.get("/huurcheck/", CHECK)
    client.get("/geldcheck/", SCAN)
    assert HelpRequest.objects.count() == 0
    assert client.post("/huurcheck/", CHECK).status_code == 405  # the checks are GET only


def _ask(client, **fields):
    data = {
        "naam": "Fatima El Amrani",
        "telefoon": "06 12345678",
        "email": "",
        "vraag": "Ik kom elke maand tekort.",
        "toestemming": "on",
        "scan": urlencode(SCAN),
        "website": "",
    } | fields
    return client.post("/geldcheck/hulp/", data)


def test_a_request_for_help_is_stored_with_consent_and_the_outcome(client, schemes):
    response = _ask(client)
    assert response.status_code == 302 and response["Location"] == "/geldcheck/hulp/?verstuurd=1"
    row = HelpRequest.objects.get()
    assert (row.name, row.phone, row.municipality_code, row.household) == (
        "Fatima El Amrani",
        "06 12345678",
        "GM0599",
        "family",
    )
    assert (
        "Huurtoeslag: ongeveer € " in row.findings
        and "Individuele inkomenstoeslag (voorbeeld): € 400,00 per jaar" in row.findings
    )
    assert "Zorgtoeslag: bedrag onbekend" in row.findings
    assert row.consent_at and "Voorzieningenwijzer-consulent" in row.consent_text and row.handled_at is None
    assert "Dank u wel" in text_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"toestemming": ""}, "Zonder uw toestemming kunnen we uw vraag niet bewaren."),
        ({"telefoon": "", "email": ""}, "Vul uw telefoonnummer of uw e-mailadres in."),
        ({"naam": ""}, "Vul uw naam in."),
        ({"telefoon": "", "email": "geen-adres"}, "Dit e-mailadres klopt niet."),
    ],
)
def test_no_request_without_consent_name_or_a_way_to_reach(client, fields, error):
    response = _ask(client, **fields)
    assert response.status_code == 200
    assert error in text_of(response)
    assert HelpRequest.objects.count() == 0


def test_an_email_address_is_enough_and_the_scan_may_be_missing(client):
    _ask(client, telefoon="", email="fatima@example.nl", scan="")
    row = HelpRequest.objects.get()
    assert (row.email, row.phone, row.findings, row.municipality_code) == ("fatima@example.nl", "", "", "")


def test_a_robot_filling_the_hidden_field_stores_nothing(client):
    assert _ask(client, website="http://spam.example").status_code == 302
    assert HelpRequest.objects.count() == 0


def test_the_request_for_help_needs_the_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert _ask(strict).status_code == 403
    assert HelpRequest.objects.count() == 0
    page = strict.get("/geldcheck/hulp/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert _ask(strict, csrfmiddlewaretoken=token).status_code == 302
    assert HelpRequest.objects.count() == 1


def test_officers_see_the_requests_and_mark_them_handled(client, officer, schemes):
    _ask(client)
    row = HelpRequest.objects.get()
    client.force_login(officer)
    page = text_of(client.get("/hulpvragen/"))
    assert "Fatima El Amrani" in page and "06 12345678" in page and "Ik kom elke maand tekort." in page
    assert "Rotterdam" in page and "Individuele inkomenstoeslag" in page
    log = AccessLog.objects.get()  # who saw whose request for help is kept, as for a tenancy
    assert (log.user, log.object_type, log.object_id, log.path) == (officer, "helprequest", str(row.pk), "/hulpvragen/")
    response = client.post(f"/hulpvragen/{row.pk}/afgehandeld/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.handled_by == officer and row.handled_at
    page = text_of(client.get("/hulpvragen/"))
    assert "Er zijn geen open hulpvragen." in page and "afgehandeld op" in page


@pytest.mark.parametrize(
    "who, status", [("partner", 403), ("outsider", 403), ("admin_user_", 403), ("teamleader", 200)]
)
def test_the_officers_page_is_for_case_roles_only(client, request, who, status):
    _ask(client)
    client.force_login(request.getfixturevalue(who))
    response = client.get("/hulpvragen/")
    assert response.status_code == status
    assert ("Fatima" in response.content.decode()) is (status == 200)
    done = client.post(f"/hulpvragen/{HelpRequest.objects.get().pk}/afgehandeld/")
    assert done.status_code == (302 if status == 200 else 403)
    assert (
        HelpRequest.objects.get().handled_at is not None
        if status == 200
        else HelpRequest.objects.get().handled_at is None
    )


def test_anonymous_visitors_are_sent_to_log_in_for_the_officers_page(client):
    response = client.get("/hulpvragen/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_demo_schemes_are_example_data_and_made_once(schemes):
    setup.ensure_schemes()
    assert MunicipalScheme.objects.count() == 3
    assert set(MunicipalScheme.objects.values_list("municipality_code", flat=True)) == {"GM0599", "GM0606", "GM0622"}
    assert all(s.example for s in MunicipalScheme.objects.all())


def test_the_beheerder_keeps_schemes_in_euros(client, admin_user_):
    admin_user_.is_staff = True
    admin_user_.save(update_fields=["is_staff"])
    client.force_login(admin_user_)
    response = client.post(
        "/beheer/prevention/municipalscheme/add/",
        {
            "municipality_code": "GM0363",
            "name": "Stadspas",
            "description": "Korting op sport en cultuur.",
            "income_limit_percent": "",
            "income_limit": "1500.50",
            "amount_per_year": "",
            "link": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = MunicipalScheme.objects.get()
    assert (scheme.income_limit_cents, scheme.amount_per_year_cents) == (150050, None)
    assert "1500.50" in client.get(f"/beheer/prevention/municipalscheme/{scheme.pk}/change/").content.decode()


# In a real browser, at a phone's size


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_household_fills_in_the_check_on_a_phone(live_server, browser_page, look):
    setup.ensure_sender()
    setup.ensure_schemes()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/huurcheck/?huur=650.00&servicekosten=40.00&personen=1&label=C")
    look("huurcheck-empty")
    assert page.get_by_label("Kale huur per maand").input_value() == "650.00"
    page.get_by_label("Alleenstaand", exact=True).check()
    page.get_by_label("Uw leeftijd").fill("40")
    page.get_by_label("Netto inkomen per maand").fill("1369.06")
    page.get_by_role("button", name="Bereken").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", name="Uitkomst: krap")
    heading.wait_for()
    assert heading.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    assert "per maand tekort" in page.locator("#redenen").inner_text()
    look("huurcheck-result")
    page.get_by_role("link", name="Doe de geldcheck").click()
    page.wait_for_load_state()
    assert page.get_by_label("Netto inkomen per maand").input_value() == "1369.06"
    look("geldcheck-filled-in")
    page.get_by_label("In welke gemeente woont u?").select_option(label="Rotterdam")
    page.get_by_role("button", name="Bekijk wat ik misloop").click()
    page.wait_for_load_state()
    page.get_by_role("heading", name="Dit kunt u misschien krijgen").wait_for()
    assert page.get_by_role("heading", name="Individuele inkomenstoeslag (voorbeeld)").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    look("geldcheck-result")
    page.get_by_label("Uw naam").fill("Fatima El Amrani")
    page.get_by_label("Telefoonnummer", exact=True).fill("0612345678")
    page.get_by_label("Ik vind het goed", exact=False).check()
    page.get_by_role("button", name="Gesprek aanvragen").click()
    page.wait_for_load_state()
    page.get_by_role("heading", name="Dank u wel").wait_for()
    look("help-asked")
    row = HelpRequest.objects.get()
    assert (row.name, row.municipality_code) == ("Fatima El Amrani", "GM0599")
