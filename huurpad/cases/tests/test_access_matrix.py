"""Every page and form of the staff app, for every role: allowed, refused, or sent elsewhere.

One table, so a new view without a decision about who may use it fails here. Every view that
shows one tenancy or case writes an access-log line when it answers; the two lists with personal
data (messages whose sending was cut off, requests for help) write one line per row they show; no
other view writes any."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db.models import Max
from django.urls import get_resolver
from django.utils import timezone

from huurpad.accounts import urls as accounts_urls
from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import CASE_ROLES, Role
from huurpad.cases.models import Partner, Referral, Task
from huurpad.collection.models import PolicyVersion
from huurpad.messaging.models import OutboxMessage
from huurpad.portal.models import PortalAccount
from huurpad.prevention.models import HelpRequest
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import WriteOff
from huurpad.portal.tests.conftest import portal_session
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

CASE = {role.value for role in CASE_ROLES}
# 'huurder': a tenant logged in to the portal (Mijn Huurpad, huurpad/portal): refused like an outsider.
ALL = {role.value for role in Role} | {"outsider", "huurder"}
CALLERS = {"incassomedewerker", "woonconsulent", "teamleider"}  # who calls households back


PUBLIC = {who: 200 for who in ALL | {"anonymous"}}
PUBLIC_MISSING = {who: 404 for who in ALL | {"anonymous"}}


def allowed(roles: set[str], ok: int = 200, other: int = 403, **special) -> dict[str, int]:
    return {who: special.get(who, ok if who in roles else other) for who in ALL}


# (name, method, path, data) -> expected status per user; "anonymous" always goes to the login page.
def cases(ref: str, referral: int, task: int, review: int = 0, write_off: int = 999999, export: int = 999999) -> list[tuple[str, str, str, dict, dict[str, int]]]:
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    return [
        ("worklist", "get", "/", {}, allowed(CASE, partner=302)),
        ("tenancy_detail", "get", f"/huurcontract/{ref}/", {}, allowed(CASE)),
        ("tenancy_print", "get", f"/huurcontract/{ref}/afdrukken/", {}, allowed(CASE)),
        ("open_case", "post", f"/huurcontract/{ref}/dossier/openen/", {"note": "Zorgen van de buren"}, allowed(CASE, ok=302)),
        ("close_case", "post", f"/huurcontract/{ref}/dossier/sluiten/", {"reason": "Zorgen weggenomen"}, allowed(CASE, ok=302)),
        ("page_form", "get", f"/huurcontract/{ref}/formulier/bericht/", {}, allowed(CASE)),
        ("record_contact", "post", f"/huurcontract/{ref}/contact/", {"channel": "phone", "reached": "nee"}, allowed(CASE, ok=302)),
        ("refer", "post", f"/huurcontract/{ref}/doorverwijzen/",
         {"partner": Partner.objects.get().pk, "reason": "hulp", "basis": "consent", "follow_up_on": later}, allowed(CASE, ok=302)),
        ("channel_limits", "post", f"/huurcontract/{ref}/bereikbaarheid/", {"no_calls": "on"}, allowed(CASE, ok=302)),
        ("apply_measure", "post", f"/huurcontract/{ref}/maatregelen/",
         {"kind": "budget_coach", "started_on": timezone.localdate().isoformat()}, allowed(CASE, ok=302)),
        ("add_note", "post", f"/huurcontract/{ref}/notitie/", {"text": "Buurvrouw belde"}, allowed(CASE, ok=302)),
        ("record_outside_signal", "post", f"/huurcontract/{ref}/signaal/",
         {"kind": "job_lost", "day": timezone.localdate().isoformat()}, allowed(CASE, ok=302)),
        ("make_pay_link", "post", f"/huurcontract/{ref}/betaallink/", {}, allowed(CASE, ok=302)),
        ("charge_costs", "post", f"/huurcontract/{ref}/incassokosten/", {}, allowed({"incassomedewerker", "teamleider"}, ok=302)),
        ("personal_message", "post", f"/huurcontract/{ref}/bericht/", {"channel": "sms", "text": "Belt u ons?"}, allowed(CASE, ok=302)),
        ("bank:change_collection_day", "post", f"/huurcontract/{ref}/incassodag/", {"day": "10"}, allowed(CASE, ok=302)),
        ("bank:unknown_payments", "get", "/bank/onbekend/", {}, allowed(CASE)),
        ("signals:overview", "get", "/vroegsignalen/", {}, allowed(CASE)),
        ("signals:export", "post", "/vroegsignalen/export/GM0363/", {"format": "csv"}, allowed(CASE, ok=302)),
        ("signals:prepare", "post", "/vroegsignalen/klaarzetten/", {}, allowed(CASE, ok=302)),
        ("signals:download", "get", f"/vroegsignalen/bestand/{export}/", {}, allowed(CASE)),
        ("signals:approve", "post", "/vroegsignalen/999999/akkoord/", {}, allowed({"teamleider"}, ok=404)),
        ("signals:feedback", "post", "/vroegsignalen/999999/terugkoppeling/", {}, allowed(CASE, ok=404)),
        ("signals:evidence_pack", "get", f"/huurcontract/{ref}/bewijsdossier/", {}, allowed({"teamleider", "incassomedewerker"})),
        ("solutions:propose_arrangement", "post", f"/huurcontract/{ref}/regeling/", {"basis": "tenant", "instalment": "50"}, allowed(CASE, ok=302)),
        ("solutions:preview_arrangement", "get", f"/huurcontract/{ref}/regeling/voorstel/", {"basis": "tenant", "instalment": "50"}, allowed(CASE)),
        ("solutions:decide_arrangement", "post", "/regeling/999999/besluit/", {"besluit": "akkoord"}, allowed(CASE, ok=404)),
        ("solutions:end_arrangement", "post", "/regeling/999999/einde/", {"reden": "afgelost"}, allowed(CASE, ok=404)),
        ("solutions:start_pause", "post", f"/huurcontract/{ref}/pauze/", {"reason": "officer"}, allowed(CASE, ok=302)),
        ("solutions:end_pause", "post", "/pauze/999999/einde/", {}, allowed(CASE, ok=404)),
        ("bank:assign_payment", "post", "/bank/onbekend/999999/toewijzen/", {"contract": ref}, allowed(CASE, ok=302)),
        ("solutions:register_benefit", "post", f"/huurcontract/{ref}/geregelde-betaling/",
         {"municipality_code": "GM0363", "amount": "700.00", "day": "5", "start": timezone.localdate().replace(day=1).isoformat()}, allowed(CASE, ok=302)),
        ("solutions:grant_lodger", "post", f"/huurcontract/{ref}/kamerhuurder/",
         {"lodger_name": "A. de Vries", "start": later, "end": (timezone.localdate() + timedelta(days=90)).isoformat()}, allowed(CASE, ok=302)),
        ("solutions:benefit_overview", "get", "/geregelde-betalingen/", {}, allowed(CASE)),
        ("solutions:solutions_report", "get", "/rapportage/oplossingen/", {}, allowed({"teamleider", "manager", "controller"})),
        # Write-offs (toolkit 3.6): officers propose; the steps' own roles are checked in solutions/tests/test_writeoffs.py.
        ("solutions:propose_write_off", "post", f"/huurcontract/{ref}/kwijtschelding/", {"amount": "10.00", "reason_category": "other", "reason": "Lukt niet"},
         allowed({"incassomedewerker", "woonconsulent"}, ok=302)),
        ("solutions:write_off", "get", f"/kwijtschelding/{write_off}/", {}, allowed(CASE)),
        ("solutions:write_off_queue", "get", "/kwijtschelding/", {}, allowed({"teamleider", "controller", "manager"})),
        # Public: the payment provider and the tenant paying are not logged in.
        ("messaging:webhook", "post", "/betalen/webhook/demo/", {"id": "tr_unknown"}, PUBLIC),
        ("messaging:demo_checkout", "get", "/betalen/demo/demo_unknown/", {}, PUBLIC_MISSING),
        ("messaging:paid", "get", "/betalen/klaar/", {}, PUBLIC),
        # Public checks (toolkit 1.1, 1.2): anyone, no login; an incomplete request for help is shown again (200).
        ("prevention:affordability", "get", "/huurcheck/", {}, PUBLIC),
        ("prevention:benefits_scan", "get", "/geldcheck/", {}, PUBLIC),
        ("prevention:help_request", "post", "/geldcheck/hulp/", {"naam": ""}, PUBLIC),
        ("prevention:help_requests", "get", "/hulpvragen/", {}, allowed(CALLERS)),
        ("prevention:help_request_done", "post", "/hulpvragen/999999/afgehandeld/", {}, allowed(CALLERS, ok=404)),
        # CM.com's status reports: only with the key (not set here), for anyone.
        ("messaging:cm_status_report", "get", "/berichten/status/cm/", {"REFERENCE": "huurpad1", "STATUS": "3"}, PUBLIC_MISSING),
        # Messages whose sending was cut off: officers check and settle them.
        ("messaging:uncertain", "get", "/berichten/onzeker/", {}, allowed(CASE)),
        ("messaging:confirm_sent", "post", "/berichten/999999/toch-verstuurd/", {}, allowed(CASE, ok=404)),
        ("messaging:send_again", "post", "/berichten/999999/opnieuw/", {}, allowed(CASE, ok=404)),
        ("tenancy_access_log", "get", f"/huurcontract/{ref}/inzage/", {}, allowed({"beheerder"})),
        ("access_search", "get", "/inzage/", {}, allowed({"beheerder"})),
        ("cases:today", "get", "/vandaag/", {}, allowed(CASE)),
        ("cases:today_bulk", "post", "/vandaag/taken/", {"taak": [task], "doe": "mij"}, allowed(CASE, ok=302)),
        ("cases:decide_review", "post", f"/vandaag/beoordeling/{review}/", {"besluit": "akkoord"}, allowed({"teamleider"}, ok=302)),
        ("cases:partner_list", "get", "/partner/", {}, allowed({"partner"})),
        ("cases:partner_detail", "get", f"/partner/{referral}/", {}, allowed({"partner"})),
        # The rent increase (toolkit 1.7, 1.8, 1.10) is the team leader's; move candidates (1.9) also the woonconsulent's.
        ("rents:overview", "get", "/huurverhoging/", {}, allowed({"teamleider"})),
        ("rents:policy", "post", "/huurverhoging/2026/beleid/", {"percent": "4.1", "discount_months": "12"}, allowed({"teamleider"}, ok=302)),
        ("rents:propose", "post", "/huurverhoging/2026/voorstellen/", {"effective": "2026-07-01"}, allowed({"teamleider"}, ok=302)),
        ("rents:approve_all", "post", "/huurverhoging/2026/akkoord/", {}, allowed({"teamleider"}, ok=302)),
        ("rents:decide", "post", "/huurverhoging/voorstel/999999/", {"besluit": "akkoord"}, allowed({"teamleider"}, ok=404)),
        ("rents:apply", "post", "/huurverhoging/2026/doorvoeren/", {}, allowed({"teamleider"}, ok=302)),
        ("rents:moves", "get", "/verhuiskandidaten/", {}, allowed({"woonconsulent", "teamleider"})),
        ("policy", "get", "/beleid/", {}, allowed({"teamleider", "beheerder"})),
        ("policy_edit", "get", "/beleid/wijzigen/", {}, allowed({"teamleider"})),
        ("policy_history", "get", "/beleid/versies/", {}, allowed({"teamleider", "beheerder"})),
        ("policy_version", "get", f"/beleid/versies/{PolicyVersion.current().number}/", {}, allowed({"teamleider", "beheerder"})),
        ("policy_runs", "get", "/beleid/controles/", {}, allowed({"teamleider", "beheerder"})),
    ]  # fmt: skip


@pytest.fixture
def world(django_user_model):
    users = {}
    for who in sorted(ALL):
        user = django_user_model.objects.create_user(who, password="x")
        if who not in ("outsider", "huurder"):
            user.groups.add(Group.objects.get(name=who))
        users[who] = user
    tenancy = make_tenancy("HC900", phone="0612345678")
    PortalAccount.objects.create(user=users["huurder"], tenant=tenancy.tenant)  # even the staff pages of their own tenancy
    team = Partner.objects.create(name="Buurtteam", kind=Partner.Kind.BUURTTEAM)
    team.members.add(users["partner"])
    referral = Referral.objects.create(tenancy=tenancy, partner=team, reason="hulp", basis="consent",
                                       follow_up_on=timezone.localdate(), created_by=users["incassomedewerker"])  # fmt: skip
    return users, tenancy, referral


def on_the_lists(tenancy) -> dict[str, list[tuple[str, str]]]:
    """Rows for the lists that log what they show: two messages whose sending was cut off (and one
    that went out, not on the list), two requests for help (one open, one handled this week) and one
    handled long ago, no longer shown. Per list, the access-log lines its rows should write."""
    other = make_tenancy("HC901")
    today, now = timezone.localdate(), timezone.now()
    for each, status in ((tenancy, OutboxMessage.Status.UNCERTAIN), (other, OutboxMessage.Status.UNCERTAIN), (other, OutboxMessage.Status.SENT)):
        OutboxMessage.objects.create(tenancy=each, action="personal_message", channel="sms", day=today, status=status)
    consent = {"consent_text": "Ja, bel mij", "consent_at": now}
    open_ = HelpRequest.objects.create(name="J. Jansen", phone="0612345678", **consent)
    handled = HelpRequest.objects.create(name="P. de Boer", handled_at=now - timedelta(days=2), **consent)
    HelpRequest.objects.create(name="K. Bakker", handled_at=now - timedelta(days=60), **consent)
    return {
        "messaging:uncertain": [("tenancy", tenancy.ref), ("tenancy", other.ref)],
        "prevention:help_requests": [("helprequest", str(open_.pk)), ("helprequest", str(handled.pk))],
    }  # fmt: skip


# The views that show one tenancy or case (its page, its print, a form of its page, its evidence
# pack, a write-off, a partner's referral, a batch of signals with it): each answer writes an
# access-log line. Not here: other lists (see LISTS_LOGGED), the arrangement preview (a sum while the
# officer types, on a page that was logged), the access log itself (no personal data).
SHOWS_ONE = {"tenancy_detail", "tenancy_print", "page_form", "signals:evidence_pack", "solutions:write_off",
             "cases:partner_detail", "signals:download"}  # fmt: skip
# The lists that show personal data of several households: one line per row shown (a message
# whose sending was cut off: its tenancy; a request for help: the request itself). Every other
# list (worklists, queues, overviews) writes none.
LISTS_LOGGED = {"messaging:uncertain", "prevention:help_requests"}


def shown_elsewhere(tenancy) -> dict[str, int]:
    """A write-off and a batch of signals for the tenancy, so their pages answer."""
    today = timezone.localdate()
    batch = SignalExport.objects.create(municipality_code="GM0363", format="csv", up_to=today, count=1, content="HP-1", sha256="0" * 64)
    EarlySignal.objects.create(tenancy=tenancy, status=EarlySignal.Status.EXPORTED, municipality_code="GM0363", amount_cents=70000,
                               arrears_since=today, signal_date=today, export=batch)  # fmt: skip
    write_off = WriteOff.objects.create(tenancy=tenancy, amount_cents=1000, reason="Lukt niet")
    return {"write_off": write_off.pk, "export": batch.pk}


def test_the_table_names_every_staff_view(world):
    _, tenancy, referral = world
    named = {name for name, *_ in cases(tenancy.ref, referral.pk, 0)}
    resolver = get_resolver()
    views = set()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "app_name", None) in ("admin", "portal") or getattr(pattern, "urlconf_name", None) is accounts_urls:
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
    review = Task.objects.create(tenancy=tenancy, action="escalation_review", role="teamleider", title="Beoordelen",
                                 due_date=timezone.localdate()).pk  # fmt: skip
    listed = on_the_lists(tenancy)
    for name, method, path, data, expected in cases(tenancy.ref, referral.pk, 0, review, **shown_elsewhere(tenancy)):
        if name == "cases:today_bulk":
            data = data | {"taak": [Task.objects.create(tenancy=tenancy, action="call", role=who if who in CASE else "incassomedewerker",
                                                         title="Bellen", due_date=timezone.localdate()).pk]}  # fmt: skip
        before = AccessLog.objects.aggregate(last=Max("id"))["last"] or 0
        response = getattr(client, method)(path, data)
        want = expected.get(who, 302)  # "anonymous" is sent to log in, unless the page is public
        assert response.status_code == want, f"{who} {method.upper()} {path}: {response.status_code}, expected {want}"
        if who == "anonymous" and want == 302:
            assert response["Location"].startswith("/login/")
        written = AccessLog.objects.filter(id__gt=before)
        lines = written.count()
        if name in SHOWS_ONE:  # every view of one tenancy by someone allowed is logged
            assert lines == (response.status_code == 200), f"{who} {path}: {lines} access-log lines"
        elif name in LISTS_LOGGED:  # one line per row shown, to whoever may see the list
            shown = listed[name] if response.status_code == 200 else []
            assert sorted(written.values_list("object_type", "object_id")) == sorted(shown), f"{who} {path}"
            assert all(line.user == users[who] and line.path == path for line in written)
        else:
            assert lines == 0, f"{who} {path} wrote {lines} access-log lines"
