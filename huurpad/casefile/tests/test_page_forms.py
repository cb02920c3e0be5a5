"""The tenancy page's folded forms (page_forms): not on the page until opened, fetched with htmx,
the whole page with the form open without it, and open with their errors when refused."""

import re

import pytest

from huurpad.accounts.models import AccessLog
from huurpad.casefile import page_forms
from huurpad.cases.models import Partner
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Where each form sends its answer.
ACTIONS = {
    "bericht": "/huurcontract/HC1/bericht/",
    "bereikbaarheid": "/huurcontract/HC1/bereikbaarheid/",
    "doorverwijzen": "/huurcontract/HC1/doorverwijzen/",
    "maatregel": "/huurcontract/HC1/maatregelen/",
    "signaal": "/huurcontract/HC1/signaal/",
    "geregelde-betaling": "/huurcontract/HC1/geregelde-betaling/",
    "kamerhuurder": "/huurcontract/HC1/kamerhuurder/",
    "kwijtschelding": "/huurcontract/HC1/kwijtschelding/",
    "pauze": "/huurcontract/HC1/pauze/",
}


@pytest.fixture
def tenancy():
    Partner.objects.create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    tenancy = make_tenancy("HC1", phone="06 12345678", email="a@example.nl")
    book(tenancy, "2026-01-01 rent 650.00")
    return tenancy


def form_actions(html: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="([^"]+)"', html))


def test_the_table_names_every_form():
    assert set(ACTIONS) == set(page_forms.FORMS)


def test_the_page_carries_every_form_folded_and_empty(client, officer, tenancy):
    client.force_login(officer)
    page = client.get("/huurcontract/HC1/").content.decode()
    assert not form_actions(page) & set(ACTIONS.values())
    for name, form in page_forms.FORMS.items():
        assert f'hx-get="/huurcontract/HC1/formulier/{name}/"' in page
        assert f'href="/huurcontract/HC1/formulier/{name}/#{form.section}"' in page
        assert f'id="{form.section}"' in page


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_opening_a_form_fetches_it_and_logs_the_view(client, officer, tenancy, name):
    client.force_login(officer)
    response = client.get(f"/huurcontract/HC1/formulier/{name}/", headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert form_actions(html) == {ACTIONS[name]}
    assert 'name="csrfmiddlewaretoken"' in html
    log = AccessLog.objects.get()
    assert (log.user, log.object_id, log.path) == (officer, "HC1", f"/huurcontract/HC1/formulier/{name}/")


def test_without_htmx_the_link_opens_the_page_with_that_form_open(client, officer, tenancy):
    client.force_login(officer)
    page = client.get("/huurcontract/HC1/formulier/maatregel/").content.decode()
    assert "<html" in page and ACTIONS["maatregel"] in form_actions(page)
    assert '<details class="form-details" open>\n    <summary>Maatregel vastleggen</summary>' in page
    assert ACTIONS["bericht"] not in form_actions(page)  # the others stay folded


def test_a_refused_form_comes_open_with_its_errors(client, officer, tenancy):
    client.force_login(officer)
    response = client.post(ACTIONS["maatregel"], {"started_on": "2026-01-05"})
    page = response.content.decode()
    assert response.status_code == 400
    assert ACTIONS["maatregel"] in form_actions(page) and "Kies welke maatregel." in page
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described and all(f'id="{name}"' in page for name in described)  # a screen reader finds the error
    assert ACTIONS["doorverwijzen"] not in form_actions(page)


def test_a_form_that_does_not_exist_is_404_and_outsiders_learn_nothing(client, officer, partner, tenancy):
    client.force_login(officer)
    assert client.get("/huurcontract/HC1/formulier/onbekend/", headers=HTMX).status_code == 404
    client.force_login(partner)
    assert client.get("/huurcontract/HC1/formulier/bericht/", headers=HTMX).status_code == 403
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()  # refusals are logged, nothing shown


def test_the_folded_channel_limits_are_said_in_one_sentence(tenancy):
    tenant = tenancy.tenant
    assert page_forms.reach_limits(tenant) == "Geen beperkingen vastgelegd: bellen en berichten mogen."
    tenant.no_calls, tenant.refused_channels, tenant.interpreter_needed, tenant.language = (
        True,
        ["whatsapp", "sms"],
        True,
        "Arabisch",
    )
    assert page_forms.reach_limits(tenant) == "Niet bellen. Geen berichten via WhatsApp of sms. Tolk nodig (Arabisch)."
    tenant.interpreter_needed = False
    assert page_forms.reach_limits(tenant).endswith("Voorkeurstaal: Arabisch.")


def test_a_refused_form_the_page_does_not_know_is_an_error_not_lost(tenancy):
    with pytest.raises(TypeError, match="referal_form"):
        page_forms.for_page(tenancy, tenancy.start_date, refused={"referal_form": object()})


@pytest.mark.parametrize(
    "action, data",
    [
        ("/huurcontract/HC1/contact/", {"channel": "phone"}),
        (ACTIONS["doorverwijzen"], {}),
        (ACTIONS["kamerhuurder"], {}),
        (ACTIONS["geregelde-betaling"], {}),
    ],
)
def test_every_error_a_field_points_to_is_on_the_page(client, officer, tenancy, action, data):
    client.force_login(officer)
    page = client.post(action, data).content.decode()
    described = {name for names in re.findall(r'aria-describedby="([^"]+)"', page) for name in names.split()}
    assert described, "the refused form shows no errors"
    assert [name for name in described if f'id="{name}"' not in page] == []
