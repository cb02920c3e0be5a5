"""The move-candidate list in a real browser: a page at a time, the filter and the order kept
from page to page, axe-core's serious and critical rules passed."""

import pytest
from django.contrib.auth.models import Group

from conftest import sign_in
from huurpad.rents import views
from huurpad.rents.tests.test_moves import home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_move_list_page_by_page(live_server, django_user_model, browser_page, look, monkeypatch):
    monkeypatch.setattr(views, "MOVES_PER_PAGE", 2)
    lead = django_user_model.objects.create_user(username="tom", password="geheim-wachtwoord-1")
    lead.groups.add(Group.objects.get(name="teamleider"))
    home("A-GROOT", "600.00", rooms=4)
    home("B-GROOT", "610.00", rooms=6)
    home("C-DUUR", "760.00", income=20000)
    page, url = browser_page, live_server.url
    sign_in(page, url, "tom")
    page.goto(f"{url}/verhuiskandidaten/")
    assert "3 huishoudens, nummer 1 tot en met 2" in page.locator("caption").inner_text()
    look("page-1")
    page.get_by_role("link", name="Volgende →").click()
    assert page.get_by_role("row").filter(has_text="C-DUUR").count() == 1
    look("page-2")
    page.get_by_role("link", name="Te groot (2)").click()
    page.get_by_label("Sorteer op").select_option("kamers")
    page.get_by_role("button", name="Sorteer").click()
    rows = page.locator("tbody th").all_inner_texts()
    assert rows == ["B-GROOT", "A-GROOT"]
    page.set_viewport_size({"width": 390, "height": 844})
    look("groot-by-rooms-phone")
