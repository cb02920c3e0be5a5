"""Every page of the staff app and the portal, with its URL parameters filled from real records,
asked as each user; each answer's shown text checked for codes and English (testing/screen.py).

Used by huurpad/tests/test_dutch_on_screen.py on a small generated demo, and by hand on a copy of
the full demo (see that test's docstring)."""

import time
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from huurpad.accounts import roles
from huurpad.accounts.roles import Role
from huurpad.casefile import page_forms
from huurpad.portal import auth as portal_auth
from huurpad.portal.models import PortalAccount
from huurpad.tenancies.models import Tenancy

from .screen import problems, shown_text

# Views whose <int:pk> is a record of this model (optionally of these field values).
PK_SOURCES = {
    "messaging:confirm_sent": ("messaging.OutboxMessage", {}),
    "messaging:send_again": ("messaging.OutboxMessage", {}),
    "cases:partner_detail": ("cases.Referral", {}),
    "cases:decide_review": ("cases.Task", {"action": "escalation_review"}),
    "bank:assign_payment": ("bank.BankTransaction", {"status": "unknown"}),
    "bank:statement_import": ("bank.BankStatement", {}),
    "solutions:write_off": ("solutions.WriteOff", {}),
    "solutions:decide_arrangement": ("solutions.Arrangement", {}),
    "solutions:end_arrangement": ("solutions.Arrangement", {}),
    "solutions:end_pause": ("solutions.Pause", {}),
    "solutions:extend_pause": ("solutions.Pause", {}),
    "signals:download": ("signals.SignalExport", {}),
    "signals:approve": ("signals.EarlySignal", {}),
    "signals:feedback": ("signals.EarlySignal", {}),
    "prevention:help_request_done": ("prevention.HelpRequest", {}),
    "rents:decide": ("rents.RentIncreaseProposal", {}),
    "plans:plan": ("plans.Plan", {}),
    "plans:add_helper": ("plans.Plan", {}),
    "plans:join": ("plans.Plan", {}),
    "plans:coordinator": ("plans.Plan", {}),
    "plans:add_goal": ("plans.Plan", {}),
    "plans:add_action": ("plans.Plan", {}),
    "plans:add_contribution": ("plans.Plan", {}),
    "plans:register_request": ("plans.Plan", {}),
    "plans:stop_helper": ("plans.Helper", {}),
    "plans:mark_done": ("plans.Action", {}),
    "plans:answer": ("plans.DoorbraakRequest", {}),
    "debthelp:answer": ("debthelp.DebtMessage", {}),
    "debthelp:decide": ("debthelp.DebtMessage", {}),
    "debthelp:write_off": ("debthelp.DebtHelp", {}),
    "counsellor:household": ("debthelp.DebtHelp", {}),
    "counsellor:statement_pdf": ("debthelp.DebtHelp", {}),
    "counsellor:statement_csv": ("debthelp.DebtHelp", {}),
    "legal:charge_costs": ("legal.LegalStep", {}),
    "legal:release": ("legal.LegalCase", {}),
}
# Views that a GET would change: signing out ends the walk's session.
NOT_ASKED = {"logout", "portal:logout"}
# Views that answer htmx with a part of the page of their own (asked both ways).
FRAGMENTS = {"cases:today", "worklist"}
# The tenancy page's folded forms: without htmx they are the tenancy page with one form open, so
# only the fragment is asked, for one tenancy (a form is the same for every tenancy).
FORM_FRAGMENTS = {"page_form"}
UNKNOWN = {"token": "onbekend", "uidb64": "MQ", "provider": "demo"}
TENANT = "huurder"  # the tenant of the first tenancy, in the portal


def named_routes(patterns=None, namespace=None):
    """(name, converters) of every view of the URL conf, the admin's left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from named_routes(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), set(pattern.pattern.converters)


def _values(name: str, key: str, refs: list[str]) -> list | None:
    """The values tried for URL parameter `key` of view `name`; None when the walk does not know."""
    if key == "ref":
        return refs[:1] if name in FORM_FRAGMENTS else refs
    if key == "name" and name == "page_form":
        return list(page_forms.FORMS)
    if key == "name" and name == "messaging:letters_file":  # a PDF when it exists: its refusal is a page
        return ["brieven-onbekend.pdf"]
    if key == "pk" and name in PK_SOURCES:
        label, where = PK_SOURCES[name]
        pks = list(apps.get_model(label).objects.filter(**where).order_by("pk").values_list("pk", flat=True))
        return sorted({pks[0], pks[-1]}) if pks else []
    if key == "pk" and name == "cases:team_person":  # a team member's open tasks
        return list(roles.team_members().order_by("pk").values_list("pk", flat=True)[:1])
    if key == "role" and name == "cases:team_role":
        return [Role.INCASSOMEDEWERKER.value, Role.WOONCONSULENT.value]
    if key == "number":
        return list(apps.get_model("collection.PolicyVersion").objects.values_list("number", flat=True)[:2])
    if key == "year":
        return [timezone.localdate().year]
    if key == "code":
        return sorted(set(Tenancy.objects.values_list("municipality_code", flat=True)))[:1]
    if key in UNKNOWN:
        return [UNKNOWN[key]]
    return None


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    htmx: bool = False


def pages(refs: list[str]) -> tuple[list[Page], list[str]]:
    """Every page to ask, and the views whose URL parameters the walk could not fill."""
    found, unfilled = [], []
    for name, keys in named_routes():
        if name in NOT_ASKED:
            continue
        choices = [{}]
        for key in sorted(keys):
            values = _values(name, key, refs)
            if values is None:
                unfilled.append(f"{name} <{key}>")
                choices = []
                break
            choices = [dict(choice, **{key: value}) for choice in choices for value in values]
        for kwargs in choices:
            path = reverse(name, kwargs=kwargs)
            found.append(Page(name, path, htmx=name in FORM_FRAGMENTS))
            if name in FRAGMENTS:
                found.append(Page(name, path, htmx=True))
    return found, unfilled


def signed_in(client_class, refs: list[str]) -> dict:
    """A client per demo user (username = role, as huurpad demo makes them), signed in past the
    second factor by `client_class` (the tests' Client), and the tenant of the first tenancy in
    the portal, bound to it as the login link does."""
    User = get_user_model()
    found = {}
    for role in Role:
        client = client_class(raise_request_exception=False)
        client.force_login(User.objects.get(username=role.value))
        found[role.value] = client
    tenancy = Tenancy.objects.get(ref=refs[0])
    account = PortalAccount.objects.filter(tenant=tenancy.tenant).first() or PortalAccount.objects.create(
        user=User.objects.create_user(f"huurder-{tenancy.ref}"), tenant=tenancy.tenant
    )
    client = client_class(raise_request_exception=False)
    client.force_login(account.user)
    session = client.session
    session[portal_auth.SESSION_TENANCY] = tenancy.pk
    session[portal_auth.SESSION_SEEN] = int(time.time())
    session.save()
    found[TENANT] = client
    return found


@dataclass
class Walk:
    asked: int = 0
    shown: set = field(default_factory=set)  # (who, view name) answered with a page
    failed: list = field(default_factory=list)  # server errors
    findings: dict = field(default_factory=dict)  # what (kind and words) -> [(who, path, text around)]

    def report(self, limit: int = 80) -> str:
        lines = [f"{len(self.findings)} different problems on screen ({self.asked} pages asked):"]
        for problem, where in sorted(self.findings.items(), key=lambda item: -len(item[1]))[:limit]:
            who, path, around = where[0]
            pages = len({path for _, path, _ in where})
            lines.append(f"  {problem} on {pages} pages, e.g. {who} {path}: {around}")
        return "\n".join(lines + self.failed)


def walk(visits) -> Walk:
    """Ask each (who, client, pages) every one of its pages; check the text of each page answered."""
    result = Walk()
    for who, client, page_list in visits:
        for page in page_list:
            headers = {"HX-Request": "true"} if page.htmx else {}
            response = client.get(page.path, headers=headers)
            result.asked += 1
            if response.status_code >= 500:
                result.failed.append(f"{who} GET {page.path}: {response.status_code}")
            if not response.get("Content-Type", "").startswith("text/html") or 300 <= response.status_code < 400:
                continue  # a file, or sent elsewhere; a refusal or 'not found' is a page too, and checked
            if response.status_code == 200:
                result.shown.add((who, page.name))
            path = page.path + (" (htmx)" if page.htmx else "")
            for what, around in problems(shown_text(response.content.decode())):
                result.findings.setdefault(what, []).append((who, path, around))
    return result


# What a tenancy can hold that its page shows: records of these models (per status, rule or kind).
SHOWN_WITH_A_TENANCY = {
    "collection.Proposal": "rule",
    "cases.Task": "action",
    "cases.Case": None,
    "cases.Referral": "status",
    "cases.Measure": "kind",
    "solutions.Arrangement": "status",
    "solutions.Pause": "reason",
    "solutions.WriteOff": "status",
    "solutions.BenefitPayment": None,
    "solutions.LodgerPermission": None,
    "signals.EarlySignal": "status",
    "rents.RentIncreaseProposal": "status",
    "messaging.OutboxMessage": "status",
    "bank.CollectionDayChange": None,
}


def rich_refs(limit: int = 12) -> list[str]:
    """A few tenancies that between them show most of what a tenancy page can show: every type of
    timeline event (with each set of its fields), and the records of SHOWN_WITH_A_TENANCY per
    status; picked greedily, the tenancy that adds most first."""
    features: dict[int, set[str]] = {}
    events = apps.get_model("cases.CaseEvent").objects.values_list("tenancy_id", "type", "params")
    for tenancy_id, kind, params in events.iterator():
        features.setdefault(tenancy_id, set()).add(f"{kind}:{','.join(sorted(params or {}))}")
    for label, field_name in SHOWN_WITH_A_TENANCY.items():
        rows = apps.get_model(label).objects.values_list("tenancy_id", field_name or "tenancy_id").distinct()
        for tenancy_id, value in rows.iterator():
            features.setdefault(tenancy_id, set()).add(f"{label}:{value if field_name else ''}")
    for tenancy_id in Tenancy.objects.filter(end_date__isnull=False).values_list("pk", flat=True)[:1]:
        features.setdefault(tenancy_id, set()).add("ended")
    chosen, covered = [], set()
    while len(chosen) < limit:
        best = max(features, key=lambda t: (len(features[t] - covered), -t), default=None)
        if best is None or not features[best] - covered:
            break
        chosen.append(best)
        covered |= features.pop(best)
    return list(Tenancy.objects.filter(pk__in=chosen).values_list("ref", flat=True))
