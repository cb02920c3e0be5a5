"""Roles are Django groups with these names. Who may do what is one table, ACTIONS, below: every
permission predicate is derived from it, and docs/access.md shows the same table (the access
matrix test, huurpad/cases/tests/test_access_matrix.py, holds the two and the views together).
Every other question of who may do what is asked here too: whose tasks a user works, who may use
Beheer, who may use Mijn Huurpad. Views and templates ask this module; none decides by itself."""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from huurpad.core.policy.proposal import Action


class Role(StrEnum):
    INCASSOMEDEWERKER = "incassomedewerker"
    WOONCONSULENT = "woonconsulent"
    TEAMLEIDER = "teamleider"
    CONTROLLER = "controller"
    MANAGER = "manager"
    PARTNER = "partner"
    BEHEERDER = "beheerder"


LABELS = {
    Role.INCASSOMEDEWERKER: "Incassomedewerker",
    Role.WOONCONSULENT: "Woonconsulent",
    Role.TEAMLEIDER: "Teamleider incasso",
    Role.CONTROLLER: "Controller",
    Role.MANAGER: "Manager incasso",
    Role.PARTNER: "Partner",
    Role.BEHEERDER: "Beheerder",
}

# Roles that work on individual tenancies and so may see a tenant's personal data and ledger.
CASE_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT, Role.TEAMLEIDER, Role.CONTROLLER, Role.MANAGER})
# Who does the case work itself: contact, arrangements, pauses, referrals, bookings. Controller and
# manager read and report, and take their own step of a write-off (least privilege).
CASE_WORKERS = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT, Role.TEAMLEIDER})
# Roles that get Django's staff flag, which Beheer (/beheer/) asks for besides the role.
STAFF_ROLES = frozenset({Role.BEHEERDER})
# Tasks a role also does besides its own: visits are the woonconsulent's (the policy gives them
# to that role), and an incassomedewerker goes on them too ('vandaag' lists calls and visits).
ALSO_DOES = {Role.INCASSOMEDEWERKER.value: (Action.HOME_VISIT.value,)}
_I, _W, _T = Role.INCASSOMEDEWERKER, Role.WOONCONSULENT, Role.TEAMLEIDER
_C, _M, _P, _B = Role.CONTROLLER, Role.MANAGER, Role.PARTNER, Role.BEHEERDER

# The role x action table: the single source of every decision about who may do what.
ACTIONS: dict[str, frozenset[Role]] = {
    # Reading (and reporting on) arrears: lists, the tenancy page and its print, Vandaag, overviews.
    "see_cases": CASE_ROLES,
    "contact_tenant": CASE_WORKERS,  # record contact, own message, pay link, how the tenant is reached
    "open_close_case": CASE_WORKERS,
    "write_case_notes": CASE_WORKERS,  # notes, measures, signals heard from elsewhere
    "refer": CASE_WORKERS,
    "charge_costs": frozenset({_I, _T}),  # the collections team's decision
    "change_collection_day": CASE_WORKERS,
    "book_bank_payment": CASE_WORKERS,  # an unknown payment onto a tenancy
    "import_bank_statements": frozenset({_I, _T}),  # upload a day's statement (Bankafschriften)
    "print_letters": frozenset({_I, _T}),  # the post room: the day's letters as one PDF, marked sent
    "arrange": CASE_WORKERS,  # arrangements, rent from benefits, lodgers
    "decide_arrangement": frozenset({_T}),  # beyond the officer's bounds
    "pause": CASE_WORKERS,
    "extend_pause": frozenset({_T}),  # a pause's review date moved on, within its limit
    "work_tasks": CASE_WORKERS,  # take, give or dismiss tasks on Vandaag
    "see_team": frozenset({_T, _M}),  # the team's open, overdue and promised work per person
    "reassign_tasks": frozenset({_T}),  # give anyone's task to anyone able to do it (TASK_NEEDS)
    "decide_review": frozenset({_T}),
    "settle_messages": CASE_WORKERS,  # messages whose sending was cut off
    "export_signals": CASE_WORKERS,  # prepare and export early signals, record the municipality's feedback
    "approve_signal": frozenset({_T}),
    "make_evidence_pack": frozenset({_T, _I}),
    "call_back": CASE_WORKERS,  # help requests from the public pages
    "see_reports": frozenset({_T, _M, _C}),
    "propose_write_off": frozenset({_I, _W}),  # toolkit 3.6, step 1
    "see_write_off_queue": frozenset({_T, _C, _M}),
    "write_off_review": frozenset({_T}),  # step 2
    "write_off_assess": frozenset({_C}),  # step 3, and the controller's question before it
    "write_off_approve": frozenset({_M}),  # step 4
    "write_off_answer": CASE_ROLES,  # whoever answers may not decide a step after (separation of duties)
    "see_policy": frozenset({_T, _B}),
    "change_policy": frozenset({_T}),
    "run_rent_increase": frozenset({_T}),
    "see_move_candidates": frozenset({_W, _T}),
    "search": CASE_ROLES | {_P},  # find a household (Zoeken); a partner only those referred to it, while open
    "see_referrals": frozenset({_P}),  # the households referred to the partner's own organisation
    "see_debt_help": frozenset({_P}),  # a debt counsellor: the households in debt help with its own organisation
    "see_access_log": frozenset({_B}),  # who looked, per tenancy and per user (AVG art. 5(2))
    "administer": frozenset({_B}),  # users, roles, partners, the sender, municipalities (/beheer/)
    "make_subject_file": frozenset({_T, _B}),  # a written request for access (AVG art. 15)
    # The household plan (toolkit 3.8, huurpad/plans): read, edit, answer a coach's Doorbraak request.
    "see_plan": CASE_ROLES,
    "edit_plan": CASE_WORKERS,
    "answer_doorbraak": frozenset({_T}),
    # A partner works on the plans its organisation is in (a helper or an open referral): read, add
    # its own actions and Doorbraak requests; nothing else of the household (plans/access.py).
    "work_on_plan_as_partner": frozenset({_P}),
    # Debt help (Schuldenknooppunt): send an answer an officer must look at, or refuse to cooperate.
    "answer_debt_help": CASE_WORKERS,
    # A payment proposal outside the covenant's conditions, and the rest of the claim after a settlement.
    "decide_debt_help": frozenset({_T}),
    # The legal track (huurpad/legal): officers record what the court and the bailiff did; the team
    # leader decides the hand-over and the summons, and charges the bailiff's costs.
    "record_legal_step": frozenset({_I, _T}),
    "decide_court_step": frozenset({_T}),
    # A tenant who left (solutions/former.py): where the final bill's letters go, and the team
    # leader's hand-over of the final bill to a collection agency.
    "record_forwarding_address": CASE_WORKERS,
    "hand_over_to_agency": frozenset({_T}),
}
WRITE_OFF_STEPS = {
    "review": "write_off_review",
    "assess": "write_off_assess",
    "ask": "write_off_assess",
    "approve": "write_off_approve",
    "answer": "write_off_answer",
}
REFUSALS = {
    "see_cases": "Alleen voor medewerkers die met huurachterstanden werken.",
    "contact_tenant": "Contact met de huurder is voor de incassomedewerker, de woonconsulent en de teamleider.",
    "charge_costs": "Alleen incassomedewerkers en teamleiders brengen incassokosten in rekening.",
    "decide_arrangement": "Alleen een teamleider beslist over een regeling buiten de grenzen.",
    "decide_review": "Alleen de teamleider incasso beoordeelt de volgende stap.",
    "approve_signal": "Alleen een teamleider keurt een vroegsignaal goed.",
    "make_evidence_pack": "Alleen de teamleider en de incassomedewerker maken een bewijsdossier.",
    "call_back": "Alleen voor medewerkers die huishoudens terugbellen.",
    "import_bank_statements": "Alleen de incassomedewerker en de teamleider lezen bankafschriften in.",
    "print_letters": "Alleen de incassomedewerker en de teamleider maken de brieven van de dag.",
    "see_reports": "Alleen voor de teamleider, de manager en de controller.",
    "propose_write_off": "Alleen een incassomedewerker of woonconsulent stelt een kwijtschelding voor.",
    "see_write_off_queue": "Alleen voor de teamleider, de controller en de manager incasso.",
    "see_team": "Alleen voor de teamleider en de manager incasso.",
    "reassign_tasks": "Alleen de teamleider geeft taken van het team aan een ander.",
    "see_policy": "Het beleid is alleen te zien voor de teamleider incasso en de beheerder.",
    "change_policy": "Alleen de teamleider incasso kan het beleid wijzigen.",
    "run_rent_increase": "Alleen de teamleider maakt en beslist de huurverhoging.",
    "see_move_candidates": "Alleen voor de woonconsulent en de teamleider.",
    "see_referrals": "Alleen voor medewerkers van een partnerorganisatie.",
    "see_debt_help": "Alleen voor medewerkers van een organisatie voor schuldhulpverlening.",
    "search": "Zoeken is voor medewerkers die met huishoudens werken.",
    "see_access_log": "Alleen de beheerder ziet wie gegevens heeft bekeken.",
    "make_subject_file": "Alleen de teamleider en de beheerder maken het bestand voor een inzageverzoek.",
    "see_plan": "Het plan van aanpak is voor medewerkers die met huishoudens werken.",
    "answer_doorbraak": "Alleen de teamleider beantwoordt een doorbraakverzoek.",
    "work_on_plan_as_partner": "Alleen voor medewerkers van een partnerorganisatie die in het plan meedoet.",
    "decide_debt_help": "Alleen een teamleider beslist over een betaalvoorstel of de restschuld na een schuldregeling.",
    "record_legal_step": "Alleen de incassomedewerker en de teamleider leggen stappen bij de rechter en de deurwaarder vast.",
    "decide_court_step": "Alleen de teamleider beslist over de overdracht aan de deurwaarder, de dagvaarding en de kosten van de deurwaarder.",
    "hand_over_to_agency": "Alleen de teamleider draagt een eindafrekening over aan een incassobureau.",
}
# What a kind of task (Task.action) asks of whoever does it, as an action of the table: a task may
# be given to anyone whose role may do that, also across roles (a call by a woonconsulent). A kind
# not named here asks what every task does: work_tasks.
TASK_NEEDS = {
    Action.CALL.value: "contact_tenant",
    Action.HOME_VISIT.value: "contact_tenant",
    Action.ARRANGEMENT_BROKEN.value: "arrange",
    Action.ESCALATION_REVIEW.value: "decide_review",
    Action.REVIEW_PAUSE.value: "pause",
    Action.FORMER_DECISION.value: "decide_review",  # a former tenant's final bill: agency or write-off
    "promise_check": "contact_tenant",
    "referral_follow_up": "refer",
    "arrangement_review": "decide_arrangement",
    "mandate_check": "change_collection_day",
    "deceased": "write_case_notes",
    "tenant_message": "contact_tenant",
    "portal_arrangement": "arrange",
    "doorbraak_answer": "answer_doorbraak",
    "debt_help_kennisgeving": "answer_debt_help",
    "debt_help_answer": "answer_debt_help",
    "debt_help_review": "answer_debt_help",
    "debt_help_decision": "decide_debt_help",
    "legal_hold": "record_legal_step",
    # The team leader's last-chance offer when an eviction is scheduled (the call and the visit are
    # calls and visits): an arrangement beyond the officer's bounds, a lodger, a move.
    Action.EVICTION_PREVENTION.value: "decide_arrangement",
}
DOING = "Dit doen de incassomedewerker, de woonconsulent en de teamleider; u kunt het dossier lezen."


def roles_of(user) -> set[Role]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_huurpad_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        user._huurpad_roles = cached
    return cached


def may(user, action: str) -> bool:
    """Whether the table lets any of the user's roles do `action` (a key of ACTIONS)."""
    return bool(roles_of(user) & ACTIONS[action])


def require(user, action: str) -> None:
    """Refuse (403) unless the table allows it; views call it before looking anything up."""
    if not may(user, action):
        raise PermissionDenied(
            REFUSALS.get(action, DOING if ACTIONS[action] == CASE_WORKERS else "U mag dit niet doen.")
        )


def allowed_actions(user) -> frozenset[str]:
    """Every action the user may take: for the templates (the `may` filter), one query per request."""
    mine = roles_of(user)
    return frozenset(action for action, roles in ACTIONS.items() if mine & roles)


def _predicate(action: str):
    def predicate(user) -> bool:
        return may(user, action)

    predicate.__name__ = f"may_{action}"
    predicate.__doc__ = f"ACTIONS[{action!r}]: {', '.join(sorted(ACTIONS[action]))}."
    return predicate


may_work_cases = _predicate("see_cases")
may_contact_tenant = _predicate("contact_tenant")
may_open_close_case = _predicate("open_close_case")
may_write_case_notes = _predicate("write_case_notes")
may_refer = _predicate("refer")
may_charge_costs = _predicate("charge_costs")
may_change_collection_day = _predicate("change_collection_day")
may_book_bank_payment = _predicate("book_bank_payment")
may_arrange = _predicate("arrange")
may_decide_arrangement = _predicate("decide_arrangement")
may_pause = _predicate("pause")
may_extend_pause = _predicate("extend_pause")
may_work_tasks = _predicate("work_tasks")
may_see_team = _predicate("see_team")
may_reassign_tasks = _predicate("reassign_tasks")
may_decide_review = _predicate("decide_review")
may_settle_messages = _predicate("settle_messages")
may_export_signals = _predicate("export_signals")
may_approve_signal = _predicate("approve_signal")
may_make_evidence_pack = _predicate("make_evidence_pack")
may_call_back = _predicate("call_back")
may_see_reports = _predicate("see_reports")
may_propose_writeoff = _predicate("propose_write_off")
may_see_write_off_queue = _predicate("see_write_off_queue")
may_see_policy = _predicate("see_policy")
may_change_policy = _predicate("change_policy")
may_run_rent_increase = _predicate("run_rent_increase")
may_see_move_candidates = _predicate("see_move_candidates")
may_see_referrals = _predicate("see_referrals")
may_see_debt_help = _predicate("see_debt_help")
may_search = _predicate("search")
may_see_access_log = _predicate("see_access_log")
may_administer = _predicate("administer")
may_make_subject_file = _predicate("make_subject_file")
may_see_plan = _predicate("see_plan")
may_edit_plan = _predicate("edit_plan")
may_answer_doorbraak = _predicate("answer_doorbraak")
may_work_on_plan_as_partner = _predicate("work_on_plan_as_partner")
may_answer_debt_help = _predicate("answer_debt_help")
may_decide_debt_help = _predicate("decide_debt_help")


def may_take_writeoff_step(user, step: str) -> bool:
    """A step of a write-off by its name ('review', 'assess', 'ask', 'approve', 'answer')."""
    return step in WRITE_OFF_STEPS and may(user, WRITE_OFF_STEPS[step])


def require_case_role(user) -> None:
    """Refuse (403) anyone who does not work with arrears; views call it before looking anything up."""
    require(user, "see_cases")


def task_roles(user) -> list[str]:
    """The roles whose tasks the user works on Vandaag (Task.role): their case roles, by name."""
    return sorted(role.value for role in roles_of(user) & CASE_ROLES)


def also_does(roles: list[str]) -> list[str]:
    """The kinds of task (Task.action) of other roles that these roles do too (ALSO_DOES); they
    may take them, not give them away or let them lapse."""
    return [action for role in roles for action in ALSO_DOES.get(role, ())]


def holders_of(roles: list[str]):
    """The users who hold one of these roles (by name): to whom their tasks may be given."""
    return get_user_model().objects.filter(groups__name__in=roles)


def team_members():
    """The active users of the roles that do case work (CASE_WORKERS): the team on 'Team'."""
    return holders_of([role.value for role in CASE_WORKERS]).filter(is_active=True).distinct()


def may_do_task(user, task_action: str) -> bool:
    """Whether the user's roles may do this kind of task (TASK_NEEDS), whoever's it is now."""
    return may(user, TASK_NEEDS.get(task_action, "work_tasks"))


def able_to_do(task_action: str):
    """The active users whose roles may do this kind of task: to whom a team leader may give it."""
    roles = ACTIONS[TASK_NEEDS.get(task_action, "work_tasks")]
    return holders_of([role.value for role in roles]).filter(is_active=True).distinct()


def may_use_beheer(user) -> bool:
    """Beheer (/beheer/, Django's admin): an active user with the staff flag who is a beheerder,
    or a superuser. Data is never deleted there."""
    return user.is_active and user.is_staff and (user.is_superuser or may_administer(user))


def may_change_django_permissions(user) -> bool:
    """Only a superuser makes superusers, hands out Django's own model permissions, or adds or
    changes a role's group: what a role may do is in this module, not in the database."""
    return user.is_superuser


def may_use_portal(user) -> bool:
    """Mijn Huurpad (huurpad/portal) is for a tenant's own portal user: never staff, never in a
    group (a role)."""
    return (
        user.is_authenticated
        and not user.is_staff
        and not user.is_superuser
        and hasattr(user, "portal_account")
        and not user.groups.exists()
    )


def counsels_debt(user) -> bool:
    """Whether the user works for an active organisation for debt help (cases.Partner of kind
    'schuldhulp') and may see its households: the menu's 'Schuldhulp' and the start page."""
    return may_see_debt_help(user) and user.partner_organisations.filter(kind="schuldhulp", active=True).exists()


def start_page(user) -> str:
    """The URL name a user lands on after signing in, by role."""
    if may_work_cases(user):
        return "worklist"
    if may_see_debt_help(user) and counsels_debt(user):
        return "counsellor:households"
    if may_see_referrals(user):
        return "cases:partner_list"
    if may_administer(user):
        return "admin:index" if user.is_staff else "access_search"
    return ""
