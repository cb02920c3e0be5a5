"""Every page and form of the staff app, for every role: allowed, refused, or sent elsewhere.

The role x action table is docs/access.md: this test reads it, checks that it is the table in the
code (accounts.roles.ACTIONS), and sends every URL below (pages and writes) as every role, an
outsider, a tenant and an anonymous visitor, expecting what the row of the URL's action says. A
new view without a decision about who may use it fails here.

The access log: every view that shows one tenancy or case writes a line when it answers; the lists
with personal data (the Werklijst, Vandaag, messages whose sending was cut off, requests for help,
a partner's referrals, a list in Beheer) write one line per row they show; every refusal (403)
writes one line saying who was refused which page; no other view writes any. (Signing in and out
is logged too: huurpad/accounts/tests/test_access_log_sign_ins.py.)"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Max
from django.urls import get_resolver
from django.utils import timezone

from huurpad.accounts import urls as accounts_urls
from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import ACTIONS, CASE_ROLES, Role
from huurpad.bank.models import BankStatement, BankTransaction
from huurpad.cases.models import Partner, Referral, Task
from huurpad.collection.models import PolicyVersion
from huurpad.debthelp.models import DebtHelp
from huurpad.messaging.models import OutboxMessage
from huurpad.portal.models import PortalAccount
from huurpad.portal.tests.conftest import portal_session
from huurpad.prevention.models import HelpRequest
from huurpad.rents.models import HomeFacts, RentIncreaseProposal
from huurpad.rents.views import default_year
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import BenefitPayment, WriteOff
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[3] / "docs" / "access.md"
CASE = {role.value for role in CASE_ROLES}
# 'huurder': a tenant logged in to the portal (Mijn Huurpad, huurpad/portal): refused like an outsider.
ALL = {role.value for role in Role} | {"outsider", "huurder"}


def documented() -> tuple[list[str], dict[str, frozenset[str]]]:
    """docs/access.md's table: its role columns, and per action the roles with a tick."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("| action |"))
    roles = [cell.strip() for cell in header.strip().strip("|").split("|")][2:-1]
    table = {}
    for line in lines:
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            marks = cells[2 : 2 + len(roles)]
            assert set(marks) <= {"✓", "—"}, f"docs/access.md, row {cells[0]}: each role cell is ✓ or —, not {marks}"
            table[cells[0].strip("`")] = frozenset(role for role, mark in zip(roles, marks) if mark == "✓")
    return roles, table


ROLE_COLUMNS, TABLE = documented()
PUBLIC = dict.fromkeys(ALL | {"anonymous"}, 200)
PUBLIC_MISSING = dict.fromkeys(ALL | {"anonymous"}, 404)


class Expected(dict):
    """Per user the status expected, and the action of the table it comes from."""

    def __init__(self, action: str, statuses: dict[str, int]):
        super().__init__(statuses)
        self.action = action


def allowed(action: str, ok: int = 200, other: int = 403, **special) -> Expected:
    """What the table's row for `action` means for each user: `ok` for its roles, else `other`."""
    return Expected(action, {who: special.get(who, ok if who in TABLE[action] else other) for who in ALL})


def admin(action: str = "administer", ok: int = 200) -> dict[str, int]:
    """Beheer: whoever is not a beheerder with the staff flag is sent to Beheer's own sign-in."""
    return allowed(action, ok=ok, other=302)


def officer_pk() -> int:
    """The incassomedewerker of the world fixture: the team leader's list of her tasks."""
    return get_user_model().objects.get(username="incassomedewerker").pk


# (name, method, path, data, action) -> expected status per user; "anonymous" always goes to the login page.
def cases(
    ref: str,
    referral: int,
    task: int,
    review: int = 0,
    write_off: int = 999999,
    export: int = 999999,
    tenancy_pk: int = 0,
    debt_help: int = 999999,
) -> list[tuple[str, str, str, dict, dict[str, int]]]:
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    next_month = (
        (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1).isoformat()
    )  # the list's missing payment stays
    return [
        ("start", "get", "/start/", {}, {who: 302 if who in {r.value for r in Role} else 403 for who in ALL}),
        ("worklist", "get", "/", {}, allowed("see_cases", partner=302, beheerder=302)),
        ("tenancy_detail", "get", f"/huurcontract/{ref}/", {}, allowed("see_cases")),
        ("tenancy_print", "get", f"/huurcontract/{ref}/afdrukken/", {}, allowed("see_cases")),
        (
            "open_case",
            "post",
            f"/huurcontract/{ref}/dossier/openen/",
            {"note": "Zorgen van de buren"},
            allowed("open_close_case", ok=302),
        ),
        (
            "close_case",
            "post",
            f"/huurcontract/{ref}/dossier/sluiten/",
            {"reason": "Zorgen weggenomen"},
            allowed("open_close_case", ok=302),
        ),
        ("page_form", "get", f"/huurcontract/{ref}/formulier/bericht/", {}, allowed("contact_tenant")),
        (
            "record_contact",
            "post",
            f"/huurcontract/{ref}/contact/",
            {"channel": "phone", "reached": "nee"},
            allowed("contact_tenant", ok=302),
        ),
        (
            "refer",
            "post",
            f"/huurcontract/{ref}/doorverwijzen/",
            {
                "partner": Partner.objects.get(kind=Partner.Kind.BUURTTEAM).pk,
                "reason": "hulp",
                "basis": "consent",
                "follow_up_on": later,
            },
            allowed("refer", ok=302),
        ),
        (
            "channel_limits",
            "post",
            f"/huurcontract/{ref}/bereikbaarheid/",
            {"no_calls": "on"},
            allowed("contact_tenant", ok=302),
        ),
        (
            "apply_measure",
            "post",
            f"/huurcontract/{ref}/maatregelen/",
            {"kind": "budget_coach", "started_on": timezone.localdate().isoformat()},
            allowed("write_case_notes", ok=302),
        ),
        (
            "add_note",
            "post",
            f"/huurcontract/{ref}/notitie/",
            {"text": "Buurvrouw belde"},
            allowed("write_case_notes", ok=302),
        ),
        (
            "record_outside_signal",
            "post",
            f"/huurcontract/{ref}/signaal/",
            {"kind": "job_lost", "day": timezone.localdate().isoformat()},
            allowed("write_case_notes", ok=302),
        ),
        ("make_pay_link", "post", f"/huurcontract/{ref}/betaallink/", {}, allowed("contact_tenant", ok=302)),
        ("charge_costs", "post", f"/huurcontract/{ref}/incassokosten/", {}, allowed("charge_costs", ok=302)),
        (
            "personal_message",
            "post",
            f"/huurcontract/{ref}/bericht/",
            {"channel": "sms", "text": "Belt u ons?"},
            allowed("contact_tenant", ok=302),
        ),
        (
            "bank:change_collection_day",
            "post",
            f"/huurcontract/{ref}/incassodag/",
            {"day": "10"},
            allowed("change_collection_day", ok=302),
        ),
        ("bank:unknown_payments", "get", "/bank/onbekend/", {}, allowed("see_cases")),
        ("bank:statement_imports", "get", "/bank/afschriften/", {}, allowed("import_bank_statements")),
        ("bank:statement_imports", "post", "/bank/afschriften/", {}, allowed("import_bank_statements")),
        ("bank:statement_import", "get", "/bank/afschriften/999999/", {}, allowed("import_bank_statements", ok=404)),
        ("messaging:letters_of_the_day", "get", "/post/brieven/", {}, allowed("print_letters")),
        ("messaging:letters_status", "get", "/post/brieven/stand/", {}, allowed("print_letters")),
        ("messaging:make_letters", "post", "/post/brieven/maken/", {}, allowed("print_letters", ok=302)),
        ("messaging:letters_file", "get", "/post/brieven/brieven-2000-01-01.pdf", {}, allowed("print_letters", ok=404)),
        ("signals:overview", "get", "/vroegsignalen/", {}, allowed("see_cases")),
        (
            "signals:export",
            "post",
            "/vroegsignalen/export/GM0363/",
            {"format": "csv"},
            allowed("export_signals", ok=302),
        ),
        ("signals:prepare", "post", "/vroegsignalen/klaarzetten/", {}, allowed("export_signals", ok=302)),
        ("signals:download", "get", f"/vroegsignalen/bestand/{export}/", {}, allowed("see_cases")),
        ("signals:approve", "post", "/vroegsignalen/999999/akkoord/", {}, allowed("approve_signal", ok=404)),
        ("signals:feedback", "post", "/vroegsignalen/999999/terugkoppeling/", {}, allowed("export_signals", ok=404)),
        ("signals:evidence_pack", "get", f"/huurcontract/{ref}/bewijsdossier/", {}, allowed("make_evidence_pack")),
        (
            "solutions:propose_arrangement",
            "post",
            f"/huurcontract/{ref}/regeling/",
            {"basis": "tenant", "instalment": "50"},
            allowed("arrange", ok=302),
        ),
        (
            "solutions:preview_arrangement",
            "get",
            f"/huurcontract/{ref}/regeling/voorstel/",
            {"basis": "tenant", "instalment": "50"},
            allowed("arrange"),
        ),
        (
            "solutions:decide_arrangement",
            "post",
            "/regeling/999999/besluit/",
            {"besluit": "akkoord"},
            allowed("decide_arrangement", ok=404),
        ),
        (
            "solutions:end_arrangement",
            "post",
            "/regeling/999999/einde/",
            {"reden": "afgelost"},
            allowed("arrange", ok=404),
        ),
        (
            "solutions:start_pause",
            "post",
            f"/huurcontract/{ref}/pauze/",
            {"reason": "officer"},
            allowed("pause", ok=302),
        ),
        ("solutions:end_pause", "post", "/pauze/999999/einde/", {}, allowed("pause", ok=404)),
        ("solutions:extend_pause", "post", "/pauze/999999/verlengen/", {}, allowed("extend_pause", ok=404)),
        (
            "debthelp:answer",
            "post",
            "/schuldhulp/bericht/999999/beantwoorden/",
            {"what": "send"},
            allowed("answer_debt_help", ok=404),
        ),
        (
            "debthelp:decide",
            "post",
            "/schuldhulp/bericht/999999/besluiten/",
            {"accepted": "ja", "why": "Goed"},
            allowed("decide_debt_help", ok=404),
        ),
        (
            "debthelp:write_off",
            "post",
            "/schuldhulp/999999/kwijtschelden/",
            {},
            allowed("decide_debt_help", ok=404),
        ),
        # The legal track (huurpad/legal): a step without its required fields goes back with a message (302).
        (
            "legal:record",
            "post",
            f"/huurcontract/{ref}/juridisch/stap/",
            {"stage": "hearing", "date": "2026-06-15"},
            allowed("record_legal_step", ok=302),
        ),
        ("legal:charge_costs", "post", "/juridisch/stap/999999/kosten/", {}, allowed("decide_court_step", ok=404)),
        ("legal:release", "post", "/juridisch/999999/niet-meer-aanhouden/", {}, allowed("record_legal_step", ok=404)),
        # A tenant who left (solutions/former.py): the running tenancy here has no end date and no
        # decision asked for, so both go back to the page with a message (302), saving nothing.
        (
            "solutions:record_forwarding_address",
            "post",
            f"/huurcontract/{ref}/nieuw-adres/",
            {"address": "Kade 1, 1011 AA Amsterdam"},
            allowed("record_forwarding_address", ok=302),
        ),
        (
            "solutions:hand_over_to_agency",
            "post",
            f"/huurcontract/{ref}/incassobureau/",
            {"agency": "Incasso Noord BV", "amount": "10.00", "on": "2026-06-15"},
            allowed("hand_over_to_agency", ok=302),
        ),
        (
            "bank:assign_payment",
            "post",
            "/bank/onbekend/999999/toewijzen/",
            {"contract": ref},
            allowed("book_bank_payment", ok=302),
        ),
        (
            "solutions:register_benefit",
            "post",
            f"/huurcontract/{ref}/geregelde-betaling/",
            {"municipality_code": "GM0363", "amount": "700.00", "day": "5", "start": next_month},
            allowed("arrange", ok=302),
        ),
        (
            "solutions:grant_lodger",
            "post",
            f"/huurcontract/{ref}/kamerhuurder/",
            {
                "lodger_name": "A. de Vries",
                "start": later,
                "end": (timezone.localdate() + timedelta(days=90)).isoformat(),
            },
            allowed("arrange", ok=302),
        ),
        ("solutions:benefit_overview", "get", "/geregelde-betalingen/", {}, allowed("see_cases")),
        ("solutions:solutions_report", "get", "/rapportage/oplossingen/", {}, allowed("see_reports")),
        # Write-offs (toolkit 3.6): officers propose; each step is its role's own (whether the step
        # fits the write-off's state is solutions/tests/test_writeoffs.py; here: a message and back, 302).
        (
            "solutions:propose_write_off",
            "post",
            f"/huurcontract/{ref}/kwijtschelding/",
            {"amount": "10.00", "reason_category": "other", "reason": "Lukt niet"},
            allowed("propose_write_off", ok=302),
        ),
        ("solutions:write_off", "get", f"/kwijtschelding/{write_off}/", {}, allowed("see_cases")),
        (
            "solutions:write_off",
            "post",
            f"/kwijtschelding/{write_off}/",
            {"stap": "assess", "decision": "afwijzen", "note": "Nee"},
            allowed("write_off_assess", ok=302),
        ),
        (
            "solutions:write_off",
            "post",
            f"/kwijtschelding/{write_off}/",
            {"stap": "ask", "text": "Waarom?"},
            allowed("write_off_assess", ok=302),
        ),
        (
            "solutions:write_off",
            "post",
            f"/kwijtschelding/{write_off}/",
            {"stap": "approve", "decision": "afwijzen", "note": "Nee"},
            allowed("write_off_approve", ok=302),
        ),
        (
            "solutions:write_off",
            "post",
            f"/kwijtschelding/{write_off}/",
            {"stap": "answer", "text": "Daarom."},
            allowed("write_off_answer", ok=302),
        ),
        (
            "solutions:write_off",
            "post",
            f"/kwijtschelding/{write_off}/",
            {"stap": "review", "decision": "afwijzen", "note": "Nee"},
            allowed("write_off_review", ok=302),
        ),
        ("solutions:write_off_queue", "get", "/kwijtschelding/", {}, allowed("see_write_off_queue")),
        # Public: the payment provider and the tenant paying are not logged in.
        ("messaging:webhook", "post", "/betalen/webhook/demo/", {"id": "tr_unknown"}, PUBLIC),
        ("messaging:demo_checkout", "get", "/betalen/demo/demo_unknown/", {}, PUBLIC_MISSING),
        ("messaging:paid", "get", "/betalen/klaar/", {}, PUBLIC),
        ("favicon", "get", "/favicon.ico", {}, PUBLIC),
        # Public checks (toolkit 1.1, 1.2): anyone, no login; an incomplete request for help is shown again (200).
        ("prevention:affordability", "get", "/huurcheck/", {}, PUBLIC),
        ("prevention:benefits_scan", "get", "/geldcheck/", {}, PUBLIC),
        ("prevention:help_request", "post", "/geldcheck/hulp/", {"naam": ""}, PUBLIC),
        ("prevention:help_requests", "get", "/hulpvragen/", {}, allowed("call_back")),
        ("prevention:help_request_done", "post", "/hulpvragen/999999/afgehandeld/", {}, allowed("call_back", ok=404)),
        # CM.com's status reports: only with the key (not set here), for anyone.
        (
            "messaging:cm_status_report",
            "get",
            "/berichten/status/cm/",
            {"REFERENCE": "huurpad1", "STATUS": "3"},
            PUBLIC_MISSING,
        ),
        # Messages whose sending was cut off: officers check and settle them; controller and manager read.
        ("messaging:uncertain", "get", "/berichten/onzeker/", {}, allowed("see_cases")),
        ("messaging:confirm_sent", "post", "/berichten/999999/toch-verstuurd/", {}, allowed("settle_messages", ok=404)),
        ("messaging:send_again", "post", "/berichten/999999/opnieuw/", {}, allowed("settle_messages", ok=404)),
        ("tenancy_access_log", "get", f"/huurcontract/{ref}/inzage/", {}, allowed("see_access_log")),
        ("access_search", "get", "/inzage/", {}, allowed("see_access_log")),
        # A written request for access (AVG art. 15): the same file the tenant downloads, made by staff.
        ("subject_file", "post", f"/huurcontract/{ref}/gegevens-huurder/", {}, allowed("make_subject_file")),
        (
            "user_access_log",
            "get",
            "/inzage/medewerker/",
            {"gebruiker": "incassomedewerker"},
            allowed("see_access_log"),
        ),
        ("cases:today", "get", "/vandaag/", {}, allowed("see_cases")),
        ("cases:team", "get", "/team/", {}, allowed("see_team")),
        ("cases:team_role", "get", "/team/rol/incassomedewerker/", {}, allowed("see_team")),
        ("cases:team_person", "get", f"/team/medewerker/{officer_pk()}/", {}, allowed("see_team")),
        ("cases:team_reassign", "post", "/team/taken/", {"taak": [task]}, allowed("reassign_tasks", ok=302)),
        ("cases:today_bulk", "post", "/vandaag/taken/", {"taak": [task], "doe": "mij"}, allowed("work_tasks", ok=302)),
        (
            "cases:decide_review",
            "post",
            f"/vandaag/beoordeling/{review}/",
            {"besluit": "akkoord"},
            allowed("decide_review", ok=302),
        ),
        # Zoeken: a name no one has (one hit would open the case file or the referral, 302).
        ("search", "get", "/zoeken/", {"q": "Pietersen"}, allowed("search")),
        ("cases:partner_list", "get", "/partner/", {}, allowed("see_referrals")),
        ("cases:partner_detail", "get", f"/partner/{referral}/", {}, allowed("see_referrals")),
        # The household plan (plans): staff read and edit, the team leader answers a Doorbraak request;
        # a partner reaches a plan its organisation is in (here none: 404 as for staff).
        ("plans:start", "post", f"/huurcontract/{ref}/plan/starten/", {}, allowed("edit_plan", ok=302)),
        ("plans:plan", "get", "/plan/999999/", {}, allowed("see_plan", ok=404, partner=404)),
        ("plans:partner_list", "get", "/partner/plannen/", {}, allowed("work_on_plan_as_partner")),
        ("plans:add_helper", "post", "/plan/999999/hulpverlener/", {}, allowed("edit_plan", ok=404)),
        ("plans:join", "post", "/plan/999999/meedoen/", {}, allowed("work_on_plan_as_partner", ok=404)),
        ("plans:coordinator", "post", "/plan/999999/regisseur/", {}, allowed("edit_plan", ok=404)),
        ("plans:add_goal", "post", "/plan/999999/doel/", {}, allowed("edit_plan", ok=404)),
        ("plans:add_action", "post", "/plan/999999/actie/", {}, allowed("edit_plan", ok=404, partner=404)),
        ("plans:add_contribution", "post", "/plan/999999/bijdrage/", {}, allowed("edit_plan", ok=404)),
        ("plans:register_request", "post", "/plan/999999/doorbraak/", {}, allowed("edit_plan", ok=404, partner=404)),
        ("plans:stop_helper", "post", "/plan/hulpverlener/999999/stoppen/", {}, allowed("edit_plan", ok=404)),
        ("plans:mark_done", "post", "/plan/actie/999999/gedaan/", {}, allowed("edit_plan", ok=404, partner=404)),
        ("plans:answer", "post", "/plan/doorbraak/999999/antwoord/", {}, allowed("answer_doorbraak", ok=404)),
        ("counsellor:households", "get", "/schuldhulp/", {}, allowed("see_debt_help")),
        ("counsellor:household", "get", f"/schuldhulp/{debt_help}/", {}, allowed("see_debt_help")),
        (
            "counsellor:statement_pdf",
            "get",
            f"/schuldhulp/{debt_help}/saldo.pdf",
            {},
            allowed("see_debt_help"),
        ),
        (
            "counsellor:statement_csv",
            "get",
            f"/schuldhulp/{debt_help}/saldo.csv",
            {},
            allowed("see_debt_help"),
        ),
        # The rent increase (toolkit 1.7, 1.8, 1.10) is the team leader's; move candidates (1.9) also the woonconsulent's.
        ("rents:overview", "get", "/huurverhoging/", {}, allowed("run_rent_increase")),
        (
            "rents:policy",
            "post",
            "/huurverhoging/2026/beleid/",
            {"percent": "4.1", "discount_months": "12"},
            allowed("run_rent_increase", ok=302),
        ),
        (
            "rents:propose",
            "post",
            "/huurverhoging/2026/voorstellen/",
            {"effective": "2026-07-01"},
            allowed("run_rent_increase", ok=302),
        ),
        ("rents:approve_all", "post", "/huurverhoging/2026/akkoord/", {}, allowed("run_rent_increase", ok=302)),
        (
            "rents:decide",
            "post",
            "/huurverhoging/voorstel/999999/",
            {"besluit": "akkoord"},
            allowed("run_rent_increase", ok=404),
        ),
        ("rents:apply", "post", "/huurverhoging/2026/doorvoeren/", {}, allowed("run_rent_increase", ok=302)),
        ("rents:moves", "get", "/verhuiskandidaten/", {}, allowed("see_move_candidates")),
        ("policy", "get", "/beleid/", {}, allowed("see_policy")),
        ("policy_edit", "get", "/beleid/wijzigen/", {}, allowed("change_policy")),
        ("policy_form", "get", "/beleid/instellingen/", {}, allowed("change_policy")),
        ("policy_history", "get", "/beleid/versies/", {}, allowed("see_policy")),
        ("policy_version", "get", f"/beleid/versies/{PolicyVersion.current().number}/", {}, allowed("see_policy")),
        ("policy_runs", "get", "/beleid/controles/", {}, allowed("see_policy")),
        # Beheer: what the beheerder administers (users and roles, partners, the sender,
        # municipalities), and a list and a record with personal data (logged).
        ("admin:index", "get", "/beheer/", {}, admin()),
        ("admin:auth_user_changelist", "get", "/beheer/auth/user/", {}, admin()),
        ("admin:auth_user_add", "get", "/beheer/auth/user/add/", {}, admin()),
        ("admin:auth_group_changelist", "get", "/beheer/auth/group/", {}, admin()),
        ("admin:cases_partner_add", "get", "/beheer/cases/partner/add/", {}, admin()),
        ("admin:messaging_sender_changelist", "get", "/beheer/messaging/sender/", {}, admin()),
        ("admin:tenancies_municipality_add", "get", "/beheer/tenancies/municipality/add/", {}, admin()),
        ("admin:tenancies_tenancy_changelist", "get", "/beheer/tenancies/tenancy/", {}, admin()),
        ("admin:tenancies_tenancy_change", "get", f"/beheer/tenancies/tenancy/{tenancy_pk}/change/", {}, admin()),
    ]


def test_the_document_is_the_table_in_the_code():
    assert ROLE_COLUMNS == [role.value for role in Role]
    assert TABLE == {action: frozenset(role.value for role in roles) for action, roles in ACTIONS.items()}


def test_every_action_of_the_table_is_tried_here(world):
    _, tenancy, referral = world
    tried = {expected.action for *_, expected in cases(tenancy.ref, referral.pk, 0) if isinstance(expected, Expected)}
    assert tried == set(ACTIONS)


@pytest.fixture
def world(django_user_model):
    users = {}
    for who in sorted(ALL):
        user = django_user_model.objects.create_user(who, password="x", is_staff=who == "beheerder")
        if who not in ("outsider", "huurder"):
            user.groups.add(Group.objects.get(name=who))
        users[who] = user
    tenancy = make_tenancy("HC900", phone="0612345678")
    PortalAccount.objects.create(
        user=users["huurder"], tenant=tenancy.tenant
    )  # even the staff pages of their own tenancy
    team = Partner.objects.create(name="Buurtteam", kind=Partner.Kind.BUURTTEAM)
    team.members.add(users["partner"])
    referral = Referral.objects.create(
        tenancy=tenancy,
        partner=team,
        reason="hulp",
        basis="consent",
        follow_up_on=timezone.localdate(),
        created_by=users["incassomedewerker"],
    )
    return users, tenancy, referral


def on_the_lists(tenancy, who: str) -> dict[str, list[tuple[str, str]]]:
    """Rows for the lists that log what they show: the tenancy in arrears (the Werklijst) with a
    call for the incassomedewerker and a review for the team leader (Vandaag), two messages whose
    sending was cut off (and one that went out, not on the list), two requests for help (one open,
    one handled this week) and one handled long ago, no longer shown; an unknown payment naming the
    tenancy (suggested to those who may book it) and one booked by an officer onto the other; an
    early signal waiting; a municipality's payment that is missing; a rent proposal; a home too
    large; write-offs waiting for each step. Per list, the access-log lines its rows should write
    for `who` (for the write-offs, at the moment of asking: the steps before it move them on)."""
    other = make_tenancy("HC901")
    today, now = timezone.localdate(), timezone.now()
    book(tenancy, f"{(today - timedelta(days=40)).replace(day=1).isoformat()} rent 650.00")
    Task.objects.create(tenancy=tenancy, action="call", role="incassomedewerker", title="Bellen", due_date=today)
    for each, status in (
        (tenancy, OutboxMessage.Status.UNCERTAIN),
        (other, OutboxMessage.Status.UNCERTAIN),
        (other, OutboxMessage.Status.SENT),
    ):
        OutboxMessage.objects.create(tenancy=each, action="personal_message", channel="sms", day=today, status=status)
    consent = {"consent_text": "Ja, bel mij", "consent_at": now}
    open_ = HelpRequest.objects.create(name="J. Jansen", phone="0612345678", **consent)
    handled = HelpRequest.objects.create(name="P. de Boer", handled_at=now - timedelta(days=2), **consent)
    HelpRequest.objects.create(name="K. Bakker", handled_at=now - timedelta(days=60), **consent)
    statement = BankStatement.objects.create(
        account_iban="NL91ABNA0417164300", statement_id="1", format="camt053", file_name="dag.xml", file_sha256="0" * 64
    )
    money = {
        "statement": statement,
        "booking_date": today,
        "value_date": today,
        "amount_cents": 65000,
        "credit_debit": "CRDT",
    }
    unknown = BankTransaction.objects.create(
        key="onbekend", status=BankTransaction.Status.UNKNOWN, remittance=tenancy.ref, **money
    )
    officer = Referral.objects.get().created_by
    BankTransaction.objects.create(
        key="toegewezen",
        status=BankTransaction.Status.BOOKED,
        tenancy=other,
        assigned_at=now,
        assigned_by=officer,
        matched_by=BankTransaction.MatchedBy.OFFICER,
        **money,
    )
    EarlySignal.objects.create(
        tenancy=other,
        status=EarlySignal.Status.PREPARED,
        municipality_code="GM0363",
        amount_cents=70000,
        arrears_since=today - timedelta(days=40),
        signal_date=today,
    )
    BenefitPayment.objects.create(
        tenancy=tenancy,
        municipality_code="GM0363",
        amount_cents=30000,
        day=5,
        start=(today - timedelta(days=120)).replace(day=1),
        created_by=officer,
    )
    year = default_year(today)
    RentIncreaseProposal.objects.create(
        tenancy=other,
        year=year,
        effective=date(year, 7, 1),
        old_rent_cents=65000,
        new_rent_cents=67000,
        percent="3.08",
        paid_before_cents=65000,
        pay_cents=67000,
    )
    HomeFacts.objects.create(tenancy=other, rooms=4, floor_area=80)  # for one person
    waiting = {
        "write_off_review": WriteOff.Status.PROPOSED,
        "write_off_assess": WriteOff.Status.REVIEWED,
        "write_off_approve": WriteOff.Status.ASSESSED,
    }
    for status in waiting.values():
        WriteOff.objects.create(tenancy=other, amount_cents=500, reason="Lukt niet", status=status)
    steps = [status for action, status in waiting.items() if who in TABLE[action]]
    return {
        "worklist": [("tenancy", tenancy.ref)],
        "cases:today": [("tenancy", tenancy.ref)] if who in ("incassomedewerker", "teamleider") else [],
        "cases:team_role": [("tenancy", tenancy.ref)],  # the call no one has yet
        "cases:team_person": [],
        "messaging:uncertain": [("tenancy", tenancy.ref), ("tenancy", other.ref)],
        "prevention:help_requests": [("helprequest", str(open_.pk)), ("helprequest", str(handled.pk))],
        "cases:partner_list": [("tenancy", tenancy.ref)],
        "counsellor:households": [("tenancy", tenancy.ref)],  # the trajectory of shown_elsewhere
        "search": [("search", "")],  # a search that found no one: who searched for what kind, not the query
        "admin:tenancies_tenancy_changelist": [("tenancy", tenancy.ref), ("tenancy", other.ref)],
        "bank:unknown_payments": [("banktransaction", str(unknown.pk)), ("tenancy", other.ref)]
        + ([("tenancy", tenancy.ref)] if who in TABLE["book_bank_payment"] else []),
        "signals:overview": [("tenancy", other.ref)],
        "solutions:benefit_overview": [("tenancy", tenancy.ref)],
        "rents:overview": [("tenancy", other.ref)],
        "rents:moves": [("tenancy", other.ref)],
        "solutions:write_off_queue": lambda: sorted(
            {("tenancy", w.tenancy.ref) for w in WriteOff.objects.filter(status__in=steps)}
        ),
    }


# The views that show one tenancy or case (its page, its print, a form of its page, its evidence
# pack, a write-off, a partner's referral, a batch of signals with it, its record in Beheer): each
# answer writes an access-log line. Not here: the lists (LISTS_LOGGED), the arrangement preview (a
# sum while the officer types, on a page that was logged), the access log itself (no personal data).
SHOWS_ONE = {
    "tenancy_detail",
    "tenancy_print",
    "page_form",
    "signals:evidence_pack",
    "solutions:write_off",
    "cases:partner_detail",
    "plans:plan",
    "counsellor:household",
    "counsellor:statement_pdf",
    "counsellor:statement_csv",
    "signals:download",
    "admin:tenancies_tenancy_change",
    "subject_file",
}
# The lists that show personal data of several households: one line per row shown. Every other
# list (queues, overviews, reports) writes none.
LISTS_LOGGED = {
    "worklist",
    "cases:today",
    "cases:team_role",
    "cases:team_person",
    "messaging:uncertain",
    "prevention:help_requests",
    "cases:partner_list",
    "counsellor:households",
    "search",
    "admin:tenancies_tenancy_changelist",
    "bank:unknown_payments",
    "signals:overview",
    "solutions:benefit_overview",
    "rents:overview",
    "rents:moves",
    "solutions:write_off_queue",
}


def shown_elsewhere(tenancy) -> dict[str, int]:
    """A write-off and a batch of signals for the tenancy, so their pages answer."""
    today = timezone.localdate()
    batch = SignalExport.objects.create(
        municipality_code="GM0363", format="csv", up_to=today, count=1, content="HP-1", sha256="0" * 64
    )
    EarlySignal.objects.create(
        tenancy=tenancy,
        status=EarlySignal.Status.EXPORTED,
        municipality_code="GM0363",
        amount_cents=70000,
        arrears_since=today,
        signal_date=today,
        export=batch,
    )
    write_off = WriteOff.objects.create(tenancy=tenancy, amount_cents=1000, reason="Lukt niet")
    # The partner also works for a debt counsellor's organisation, which helps this household.
    counsellors = Partner.objects.create(name="Schuldhulp Lindestad", kind=Partner.Kind.SCHULDHULP)
    counsellors.members.add(get_user_model().objects.get(username="partner"))
    debt_help = DebtHelp.objects.create(
        tenancy=tenancy,
        counsellor="Schuldhulp Lindestad",
        counsellor_reference="SH-1",
        partner=counsellors,
        started_on=today,
    )
    return {"write_off": write_off.pk, "export": batch.pk, "tenancy_pk": tenancy.pk, "debt_help": debt_help.pk}


def test_the_table_names_every_staff_view(world):
    _, tenancy, referral = world
    named = {name for name, *_ in cases(tenancy.ref, referral.pk, 0) if not name.startswith("admin:")}
    resolver = get_resolver()
    views = set()
    for pattern in resolver.url_patterns:
        if (
            getattr(pattern, "app_name", None) in ("admin", "portal")
            or getattr(pattern, "urlconf_name", None) is accounts_urls
        ):
            continue  # the tenant portal has its own table: huurpad/portal/tests/test_portal_access.py; sign-in
            # and the user's own account: huurpad/accounts/tests/
        for sub in getattr(pattern, "url_patterns", [pattern]):
            views.add(f"{pattern.namespace}:{sub.name}" if getattr(pattern, "namespace", None) else sub.name)
    assert views == named


@pytest.mark.parametrize("who", sorted(ALL | {"anonymous"}))
def test_every_view_for_every_role(client, world, who):
    users, tenancy, referral = world
    if who != "anonymous":
        client.force_login(users[who])
    if who == "huurder":  # with the portal session an e-mail link gives, bound to the tenancy
        portal_session(client, tenancy)
    review = Task.objects.create(
        tenancy=tenancy,
        action="escalation_review",
        role="teamleider",
        title="Beoordelen",
        due_date=timezone.localdate(),
    ).pk
    listed = on_the_lists(tenancy, who)
    for name, method, path, data, expected in cases(tenancy.ref, referral.pk, 0, review, **shown_elsewhere(tenancy)):
        if name == "cases:today_bulk":
            # A tenant's callback (a call of its own kind): one open a household, so the last goes first.
            Task.objects.filter(tenancy=tenancy, kind="tenant_callback", status=Task.Status.OPEN).update(
                status=Task.Status.DONE
            )
            data = data | {
                "taak": [
                    Task.objects.create(
                        tenancy=tenancy,
                        kind="tenant_callback",
                        action="call",
                        role=who if who in CASE else "incassomedewerker",
                        title="Bellen",
                        due_date=timezone.localdate(),
                    ).pk
                ]
            }
        before = AccessLog.objects.aggregate(last=Max("id"))["last"] or 0
        response = getattr(client, method)(path, data)
        want = expected.get(who, 302)  # "anonymous" is sent to log in, unless the page is public
        assert response.status_code == want, (
            f"{who} {method.upper()} {path} {data}: {response.status_code}, expected {want}"
        )
        if who == "anonymous" and want == 302:
            assert response["Location"].startswith("/beheer/login/" if name.startswith("admin:") else "/login/")
        written = AccessLog.objects.filter(id__gt=before)
        if response.status_code == 403:  # a refusal: one line, who was refused which page
            assert [(line.outcome, line.user_id, line.path.split("?")[0]) for line in written] == [
                (AccessLog.Outcome.REFUSED, users[who].pk, path)
            ], f"{who} {path}"
            continue
        lines = written.count()
        if name in SHOWS_ONE:  # every view of one tenancy by someone allowed is logged
            assert lines == (response.status_code == 200), f"{who} {path}: {lines} access-log lines"
        elif name in LISTS_LOGGED:  # one line per row shown, to whoever may see the list
            shown = listed[name] if response.status_code == 200 else []
            shown = shown() if callable(shown) else shown
            assert sorted(written.values_list("object_type", "object_id")) == sorted(shown), f"{who} {path}"
            assert all(line.user == users[who] and line.path == path for line in written)
        else:
            assert lines == 0, f"{who} {path} wrote {lines} access-log lines"
