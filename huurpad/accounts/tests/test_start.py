"""After signing in, everyone lands on a page that works for their role (accounts.views.start)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from conftest import app_device, current_code
from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-1"


@pytest.mark.parametrize(
    ("role", "staff", "lands_on"),
    [
        (Role.INCASSOMEDEWERKER, False, "/"),
        (Role.WOONCONSULENT, False, "/"),
        (Role.TEAMLEIDER, False, "/"),
        (Role.CONTROLLER, False, "/"),
        (Role.MANAGER, False, "/"),
        (Role.PARTNER, False, "/partner/"),
        (Role.BEHEERDER, True, "/beheer/"),
        (Role.BEHEERDER, False, "/inzage/"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_own_start_page_which_answers(
    client, django_user_model, role, staff, lands_on
):
    user = django_user_model.objects.create_user("sam", password=PASSWORD, is_staff=staff)
    user.groups.add(Group.objects.get(name=role.value))
    device = app_device(user)
    client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    response = client.post(
        reverse("second_factor"), {"code": current_code(device), "next": reverse("start")}, follow=True
    )
    assert [url for url, _ in response.redirect_chain] == [reverse("start"), lands_on]
    assert response.status_code == 200


def test_someone_without_a_role_is_told_to_ask_the_beheerder_and_the_refusal_is_logged(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("start"))
    assert response.status_code == 403
    assert "nog geen rol" in response.content.decode()
    assert list(AccessLog.objects.values_list("username", "outcome", "path")) == [("olaf", "refused", "/start/")]
