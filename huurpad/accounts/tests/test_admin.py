"""The admin at /beheer/ is for the beheerder; ledger, timeline and access log are read-only."""

import pytest
from django.urls import reverse

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import CaseEvent
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(admin_user_):
    admin_user_.is_staff = True
    admin_user_.save(update_fields=["is_staff"])
    return admin_user_


def test_beheerder_sees_the_models(client, beheerder):
    client.force_login(beheerder)
    text = client.get(reverse("admin:index")).content.decode()
    for name in ["Huurcontracten", "Huurders", "Huishoudens", "Boekingen", "Gebeurtenissen", "Inzagelog"]:
        assert name in text


def test_staff_without_the_beheerder_role_sees_nothing(client, officer):
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    client.force_login(officer)
    assert client.get(reverse("admin:tenancies_tenancy_changelist")).status_code == 403


def test_beheerder_without_staff_flag_is_sent_to_the_admin_login(client, admin_user_):
    client.force_login(admin_user_)
    assert client.get(reverse("admin:index")).status_code == 302


def test_ledger_entries_can_be_viewed_but_not_added_changed_or_deleted(client, beheerder):
    tenancy = make_tenancy("HC1")
    (entry,) = book(tenancy, "2026-01-01 rent 650.00")
    client.force_login(beheerder)
    assert client.get(reverse("admin:tenancies_ledgerentry_changelist")).status_code == 200
    assert client.get(reverse("admin:tenancies_ledgerentry_add")).status_code == 403
    change = reverse("admin:tenancies_ledgerentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"amount_cents": 1}).status_code == 403
    assert client.get(reverse("admin:tenancies_ledgerentry_delete", args=[entry.pk])).status_code == 403


def test_timeline_and_access_log_are_read_only(client, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("admin:cases_caseevent_add")).status_code == 403
    assert client.get(reverse("admin:accounts_accesslog_add")).status_code == 403
    assert client.get(reverse("admin:cases_caseevent_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_accesslog_changelist")).status_code == 200


def test_opening_a_tenancy_in_the_admin_is_logged(client, beheerder):
    tenancy = make_tenancy("HC1")
    CaseEvent.objects.create(tenancy=tenancy, date=tenancy.start_date, type=CaseEvent.Type.REMINDER_LETTER)
    client.force_login(beheerder)
    assert client.get(reverse("admin:tenancies_tenancy_change", args=[tenancy.pk])).status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.object_type, log.object_id, log.action) == (beheerder, "tenancy", "HC1", "beheer")
