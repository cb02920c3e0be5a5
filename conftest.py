"""Shared fixtures: named users, one per role (owner / member / outsider style)."""

import pytest
from django.contrib.auth.models import Group

from huurpad.accounts.roles import Role


def _user(django_user_model, username: str, *roles: Role):
    user = django_user_model.objects.create_user(username=username, password="geheim-wachtwoord-1")
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def officer(db, django_user_model):
    """Ilse, incassomedewerker: works the worklist."""
    return _user(django_user_model, "ilse", Role.INCASSOMEDEWERKER)


@pytest.fixture
def teamleader(db, django_user_model):
    return _user(django_user_model, "tom", Role.TEAMLEIDER)


@pytest.fixture
def partner(db, django_user_model):
    """Paula of the buurtteam: sees only what is handed to her organisation."""
    return _user(django_user_model, "paula", Role.PARTNER)


@pytest.fixture
def outsider(db, django_user_model):
    """Olaf has an account but no role."""
    return _user(django_user_model, "olaf")


@pytest.fixture
def admin_user_(db, django_user_model):
    return _user(django_user_model, "bea", Role.BEHEERDER)
