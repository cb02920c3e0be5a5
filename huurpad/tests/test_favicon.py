"""/favicon.ico answers (it was a 404 in every server log) with the small SVG the pages link to."""

from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_favicon_ico_is_the_svg_icon_for_anyone(client, django_user_model):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"
    icon = body(answer)
    assert ElementTree.fromstring(icon).tag == "{http://www.w3.org/2000/svg}svg"
    with open(finders.find("favicon.svg"), "rb") as f:
        assert icon == f.read()

    # Signed in, before the second factor: still the icon, not the step to sign in
    client.force_login(django_user_model.objects.create_user("ilse"))
    assert client.get("/favicon.ico").status_code == 200


def test_the_staff_pages_link_the_icon(client):
    page = client.get("/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
