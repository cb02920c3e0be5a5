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


def inserts_into_the_log(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("INSERT") and "accounts_accesslog" in q["sql"])


def test_a_list_with_personal_data_logs_each_row_shown_in_one_statement(client, beheerder):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(30):
        make_tenancy(f"HC{i:02}")
    client.force_login(beheerder)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:tenancies_tenancy_changelist"), {"q": "HC0"}).status_code == 200
    assert inserts_into_the_log(queries) == 1
    lines = AccessLog.objects.all()
    assert sorted(lines.values_list("object_id", flat=True)) == [f"HC0{i}" for i in range(10)]  # the search, as shown
    assert {(line.action, line.path) for line in lines} == {("beheer_list", "/beheer/tenancies/tenancy/?q=HC0")}


def test_a_record_that_belongs_to_a_tenancy_logs_the_tenancy(client, beheerder):
    tenancy = make_tenancy("HC1")
    (entry,) = book(tenancy, "2026-01-01 rent 650.00")
    client.force_login(beheerder)
    client.get(reverse("admin:tenancies_ledgerentry_change", args=[entry.pk]))
    client.get(reverse("admin:tenancies_ledgerentry_changelist"))
    assert list(AccessLog.objects.order_by("id").values_list("object_type", "object_id", "action")) == [
        ("tenancy", "HC1", "beheer"),
        ("tenancy", "HC1", "beheer_list"),
    ]


def test_lists_without_personal_data_are_not_logged(client, beheerder):
    client.force_login(beheerder)
    for name in (
        "admin:tenancies_municipality_changelist",
        "admin:messaging_sender_changelist",
        "admin:accounts_accesslog_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200
    assert not AccessLog.objects.exists()


def test_a_beheerder_who_is_no_superuser_administers_users_and_their_roles(client, beheerder, django_user_model):
    from django.contrib.auth.models import Group

    assert not beheerder.is_superuser
    client.force_login(beheerder)
    form = client.get(reverse("admin:auth_user_add"))
    assert form.status_code == 200
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nieuw",
            "password1": "een-lang-wachtwoord-voor-nieuw",
            "password2": "een-lang-wachtwoord-voor-nieuw",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = django_user_model.objects.get(username="nieuw")
    change = client.get(reverse("admin:auth_user_change", args=[new.pk])).content.decode()
    assert 'name="groups"' in change and 'name="is_active"' in change
    assert 'name="is_superuser"' not in change and 'name="user_permissions"' not in change
    role = Group.objects.get(name="controller")
    client.post(
        reverse("admin:auth_user_change", args=[new.pk]),
        {
            "username": "nieuw",
            "is_active": "on",
            "groups": [role.pk],
            "is_superuser": "on",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
        },
    )
    new.refresh_from_db()
    assert list(new.groups.values_list("name", flat=True)) == ["controller"]
    assert not new.is_superuser  # not on the form, so not taken from it
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_group_add")).status_code == 403  # roles are fixed in code


def test_a_beheerder_administers_partners_the_sender_and_municipalities(client, beheerder):
    from huurpad.cases.models import Partner

    client.force_login(beheerder)
    for name in ("admin:cases_partner_add", "admin:messaging_sender_changelist", "admin:tenancies_municipality_add"):
        assert client.get(reverse(name)).status_code == 200, name
    assert (
        client.post(
            reverse("admin:cases_partner_add"),
            {"name": "Schuldhulp Oost", "kind": Partner.Kind.BUURTTEAM, "active": "on"},
        ).status_code
        == 302
    )
    assert Partner.objects.filter(name="Schuldhulp Oost").exists()
    index = client.get(reverse("admin:index")).content.decode()
    for label in ("Gebruikers", "Groepen", "Partners", "Gemeenten"):
        assert label in index, label


def test_the_tenancy_inzage_shows_its_tenant_and_household_opened_in_beheer(client, beheerder):
    tenancy = make_tenancy("HC1")
    client.force_login(beheerder)
    client.get(reverse("admin:tenancies_household_change", args=[tenancy.household_id]))
    client.get(reverse("admin:tenancies_tenant_changelist"))
    text = client.get(f"/huurcontract/{tenancy.ref}/inzage/").content.decode()
    assert "Huishouden geopend in Beheer" in text and "Huurder in een lijst in Beheer" in text
