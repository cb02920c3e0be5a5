"""The data migration that brings a stored policy asking for two messages a day to one."""

import importlib

import pytest
from django.apps import apps

from huurpad.collection.models import PolicyVersion

migration = importlib.import_module("huurpad.collection.migrations.0007_one_message_a_day")


@pytest.mark.django_db
def test_a_current_policy_asking_for_two_messages_a_day_gets_a_version_with_one():
    v1 = PolicyVersion.current()
    PolicyVersion.objects.create(
        number=2, text=v1.text.replace("per_tenant_per_day = 1", "per_tenant_per_day = 2"), note="twee"
    )
    migration.one_a_day(apps, None)
    newest = PolicyVersion.current()
    assert newest.number == 3 and "per_tenant_per_day = 1" in newest.text
    assert newest.load().per_tenant_per_day == 1  # it loads again
    assert newest.text.replace("per_tenant_per_day = 1", "") == PolicyVersion.objects.get(number=2).text.replace(
        "per_tenant_per_day = 2", ""
    )
    migration.one_a_day(apps, None)
    assert PolicyVersion.objects.count() == 3  # once only


@pytest.mark.django_db
def test_a_policy_with_one_message_a_day_is_left_alone():
    PolicyVersion.current()
    migration.one_a_day(apps, None)
    assert PolicyVersion.objects.count() == 1
