"""Single sign-on by OpenID Connect: the identity provider's groups set the roles at every
sign-in (added and taken away), someone without a mapped group is refused, and the provider's
own second factor counts only when the ID token's `amr` says it was used. Token exchange and
verification are mocked: no network."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from conftest import landing
from huurpad.accounts import second_factor, sso
from huurpad.accounts.roles import Role, roles_of

pytestmark = pytest.mark.django_db

ENTRA_TEAM = "6f1c2a7e-0000-4000-8000-000000000001"  # a group id, as Entra ID sends them
ENTRA_BEHEER = "6f1c2a7e-0000-4000-8000-000000000002"


@pytest.fixture(autouse=True)
def oidc(settings):
    settings.OIDC_RP_CLIENT_ID = "huurpad"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example/token"
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.example/keys"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_GROUP_ROLES = {
        ENTRA_TEAM: "incassomedewerker",
        "Huurpad beheer": "beheerder",
        ENTRA_BEHEER: "beheerder",
    }
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "huurpad.accounts.sso.Backend"]
    settings.ROOT_URLCONF = "huurpad.accounts.tests.sso_urls"


def claims(groups, amr=("pwd",), sub="a1b2c3"):
    return {
        "sub": sub,
        "given_name": "Ilse",
        "family_name": "de Vries",
        "email": "ilse@woonstichting.nl",
        "groups": list(groups),
        "amr": list(amr),
    }


def callback(payload):
    """The browser comes back from the identity provider with a code; the token is 'verified'."""
    request = RequestFactory().get("/sso/callback/", {"code": "c0de", "state": "st4te"})
    SessionMiddleware(lambda r: None).process_request(request)
    request.session["oidc_states"] = {"st4te": {"nonce": "n0nce", "code_verifier": None}}
    request.session.save()
    request.user = AnonymousUser()
    with (
        mock.patch.object(sso.Backend, "get_token", return_value={"id_token": "id", "access_token": "at"}),
        mock.patch.object(sso.Backend, "verify_token", return_value=payload) as verify,
    ):
        response = sso.CallbackView.as_view()(request)
    verify.assert_called_once_with("id", nonce="n0nce")
    return request, response


def test_the_first_sign_in_makes_the_user_with_the_mapped_role(db):
    request, response = callback(claims([ENTRA_TEAM, "Kantine"]))
    user = get_user_model().objects.get(username="oidc-a1b2c3")
    assert response["Location"] == landing()
    assert (user.first_name, user.last_name, user.email) == ("Ilse", "de Vries", "ilse@woonstichting.nl")
    assert roles_of(user) == {Role.INCASSOMEDEWERKER} and not user.is_staff
    assert not user.has_usable_password()
    assert request.session["_auth_user_id"] == str(user.pk)


def test_roles_follow_the_groups_at_every_sign_in(db):
    callback(claims([ENTRA_TEAM]))
    user = get_user_model().objects.get(username="oidc-a1b2c3")
    user.groups.add(Group.objects.create(name="nieuwsbrief"))  # not a role: stays
    callback(claims(["Huurpad beheer"]))
    user = get_user_model().objects.get(pk=user.pk)
    assert roles_of(user) == {Role.BEHEERDER} and user.is_staff
    assert set(user.groups.values_list("name", flat=True)) == {"beheerder", "nieuwsbrief"}


def test_someone_without_a_mapped_group_is_refused_and_loses_the_roles(db):
    callback(claims([ENTRA_BEHEER]))
    request, response = callback(claims(["Kantine"]))
    assert response["Location"] == "/login/?sso=mislukt"
    assert "_auth_user_id" not in request.session
    user = get_user_model().objects.get(username="oidc-a1b2c3")
    assert roles_of(user) == set() and not user.is_staff


def test_the_providers_second_factor_counts_when_amr_says_so(db):
    request, _ = callback(claims([ENTRA_TEAM], amr=["pwd", "mfa"]))
    assert second_factor.passed(request)


def test_without_mfa_in_amr_huurpads_own_code_is_asked(db):
    request, _ = callback(claims([ENTRA_TEAM], amr=["pwd"]))
    assert not second_factor.passed(request)


def test_trusting_the_provider_can_be_switched_off(db, settings):
    settings.OIDC_TRUST_MFA = False
    request, _ = callback(claims([ENTRA_TEAM], amr=["mfa"]))
    assert not second_factor.passed(request)


def test_an_unknown_role_in_the_map_is_a_configuration_error(settings):
    settings.OIDC_GROUP_ROLES = {ENTRA_TEAM: "directeur"}
    with pytest.raises(ImproperlyConfigured, match="unknown role.*directeur"):
        sso.role_map()
