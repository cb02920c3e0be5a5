"""accounts.roles: one table, every predicate derived from it, and templates ask the same table."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template, TemplateSyntaxError

from huurpad.accounts import roles
from huurpad.accounts.roles import ACTIONS, CASE_ROLES, CASE_WORKERS, Role
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db


def user_with(django_user_model, *names: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("-".join(names) or "niemand", password="x")
    for name in names:
        user.groups.add(Group.objects.get(name=name))
    return user


def test_every_named_predicate_answers_as_its_row_of_the_table(django_user_model):
    """may_<action> for every action, for every role: what ACTIONS says, and nothing else."""
    for role in Role:
        user = user_with(django_user_model, role.value)
        for action, allowed in ACTIONS.items():
            predicate = getattr(roles, f"may_{action}", None) or {
                "see_cases": roles.may_work_cases,
                "propose_write_off": roles.may_propose_writeoff,
            }.get(action)
            if predicate is not None:
                assert predicate(user) == (role in allowed), f"{role} {action}"
            assert roles.may(user, action) == (role in allowed)


def test_controller_and_manager_read_and_take_only_their_own_write_off_step(django_user_model):
    controller, manager = user_with(django_user_model, "controller"), user_with(django_user_model, "manager")
    for user in (controller, manager):
        assert roles.may_work_cases(user) and roles.may_see_reports(user)
        for write in (
            "contact_tenant",
            "pause",
            "refer",
            "book_bank_payment",
            "change_collection_day",
            "arrange",
            "open_close_case",
            "write_case_notes",
            "export_signals",
            "charge_costs",
            "settle_messages",
            "work_tasks",
        ):
            assert not roles.may(user, write), f"{user} {write}"
    assert [
        step for step in ("review", "assess", "ask", "approve") if roles.may_take_writeoff_step(controller, step)
    ] == ["assess", "ask"]
    assert [step for step in ("review", "assess", "ask", "approve") if roles.may_take_writeoff_step(manager, step)] == [
        "approve"
    ]
    assert not roles.may_take_writeoff_step(manager, "no-such-step")


def test_several_roles_may_what_any_of_them_may(django_user_model):
    both = user_with(django_user_model, "controller", "woonconsulent")
    assert roles.may_contact_tenant(both) and roles.may_take_writeoff_step(both, "assess")
    assert roles.allowed_actions(both) == {
        a for a, allowed in ACTIONS.items() if allowed & {Role.CONTROLLER, Role.WOONCONSULENT}
    }


def test_require_refuses_with_a_dutch_reason_and_no_role_may_nothing(django_user_model):
    nobody = user_with(django_user_model)
    assert roles.allowed_actions(nobody) == frozenset()
    with pytest.raises(PermissionDenied, match="huurachterstanden"):
        roles.require(nobody, "see_cases")
    with pytest.raises(PermissionDenied, match="u kunt het dossier lezen"):
        roles.require(user_with(django_user_model, "manager"), "pause")


def test_case_workers_are_the_case_roles_without_controller_and_manager():
    assert CASE_WORKERS == CASE_ROLES - {Role.CONTROLLER, Role.MANAGER}


def test_templates_ask_the_table_and_an_unknown_action_is_an_error(django_user_model):
    page = Template('{% load accounts %}{% if user|may:"contact_tenant" %}bellen{% else %}lezen{% endif %}')
    assert page.render(Context({"user": user_with(django_user_model, "incassomedewerker")})) == "bellen"
    assert page.render(Context({"user": user_with(django_user_model, "controller")})) == "lezen"
    with pytest.raises(TemplateSyntaxError, match="Unknown action"):
        Template('{% load accounts %}{{ user|may:"bellen" }}').render(
            Context({"user": user_with(django_user_model, "manager")})
        )


def test_the_tenancy_page_shows_a_controller_no_button_for_case_work(client, django_user_model):
    """The page a controller reads has no form they may not use; an officer's has them all."""
    tenancy = make_tenancy("HC5", phone="0612345678")
    book(tenancy, "2026-01-01 rent 650.00")
    forms = [
        "/contact/",
        "/betaallink/",
        "/doorverwijzen/",
        "/notitie/",
        "/dossier/",
        "formulier/bericht/",
        "formulier/pauze/",
        "/regeling/",
        "formulier/geregelde-betaling/",
    ]
    client.force_login(user_with(django_user_model, "incassomedewerker"))
    officer_page = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    client.force_login(user_with(django_user_model, "controller"))
    response = client.get(f"/huurcontract/{tenancy.ref}/")
    assert response.status_code == 200
    controller_page = response.content.decode()
    for form in forms:
        assert form in officer_page, form
        assert form not in controller_page, form


def test_the_lists_show_a_manager_no_buttons_for_case_work(client, django_user_model):
    from huurpad.messaging.models import OutboxMessage

    tenancy = make_tenancy("HC6")
    OutboxMessage.objects.create(
        tenancy=tenancy,
        action="personal_message",
        channel="sms",
        day=tenancy.start_date,
        status=OutboxMessage.Status.UNCERTAIN,
    )
    client.force_login(user_with(django_user_model, "teamleider"))
    assert "/opnieuw/" in client.get("/berichten/onzeker/").content.decode()
    client.force_login(user_with(django_user_model, "manager"))
    page = client.get("/berichten/onzeker/").content.decode()
    assert tenancy.ref in page and "/opnieuw/" not in page and "/toch-verstuurd/" not in page


# What asks who a user is, to decide what they may do: only accounts/roles.py does.
ASKING = re.compile(
    r"groups__|\.groups\.(?:filter|exists|values_list)\(|\.is_superuser\b|roles_of\(|CASE_ROLES|CASE_WORKERS"
)
SHOWN = {"accounts/templatetags/accounts.py": {"roles_of("}}  # role_labels: the user's roles, shown, not asked


def test_every_permission_question_is_asked_in_roles():
    """Views, template tags and domain code ask accounts.roles (may, require, may_*, task_roles,
    holders_of, may_use_beheer, may_use_portal); none looks at groups or flags itself."""
    root = Path(roles.__file__).resolve().parents[1]
    asking = {}
    for path in sorted(root.rglob("*.py")):
        where = str(path.relative_to(root))
        if "tests" in path.parts or "migrations" in path.parts or where == "accounts/roles.py":
            continue
        found = set(ASKING.findall(path.read_text(encoding="utf-8"))) - SHOWN.get(where, set())
        if found:
            asking[where] = sorted(found)
    assert asking == {}
