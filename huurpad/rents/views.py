"""The rent increase for the team leader (rules, proposals, approve or reject, apply) and the move
candidates for the woonconsulent and the team leader."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import require
from huurpad.core.calc import rent_limits
from huurpad.core.dutch import date_nl

from . import moves, run
from .forms import PolicyForm, RunForm
from .models import RentIncreaseProposal, RentPolicy

P = RentIncreaseProposal
S = P.Status
PER_PAGE = 100
# What the list can show: (key in the address, label, filter).
FILTERS = {
    "alle": ("Alle", {}),
    "open": ("Wacht op besluit", {"status": S.PROPOSED}),
    "verhoging": ("Verhoging", {"exemption": "", "status__in": [S.PROPOSED, S.APPROVED, S.REJECTED, S.APPLIED]}),
    "vrijgesteld": ("Geen verhoging", {"exemption__gt": ""}),
    "korting": ("Korting tot aftoppingsgrens", {"discount_kind": P.DiscountKind.LOW_INCOME}),
    "huurgewenning": ("Huurgewenning", {"phase__isnull": False}),
    "buiten": ("Niet in deze ronde", {"status": S.SKIPPED}),
}


def _check(user) -> None:
    """The team leader owns the rent increase."""
    require(user, "run_rent_increase")


FIRST_YEAR = 2000  # no round before this one is asked for


def default_year(today: date) -> int:
    """The round being prepared: this year's until 1 July, next year's after."""
    return today.year if (today.month, today.day) <= (7, 1) else today.year + 1


def _back(year: int, show: str = "alle"):
    return redirect(f"{reverse('rents:overview')}?jaar={year}&toon={show if show in FILTERS else 'alle'}")


def _year_asked(request, today: date) -> int:
    """The round in ?jaar=, if it is a year a rent increase can be for; else the default round,
    with a word on why (a year out of range would fail further on, in dates and the database)."""
    asked, default = request.GET.get("jaar", "").strip(), default_year(today)
    if not asked:
        return default
    if asked.isascii() and asked.isdigit() and _may_be_round(int(asked), today):
        return int(asked)
    messages.warning(
        request, f"Een huurverhoging voor het jaar '{asked[:20]}' kennen we niet. U ziet die van {default}."
    )
    return default


def _may_be_round(year: int, today: date) -> bool:
    return FIRST_YEAR <= year <= today.year + 10


def _round(year: int) -> None:
    """A year in the address that no round can be for is not a page (404), not a failure further on."""
    if not _may_be_round(year, timezone.localdate()):
        raise Http404(f"Een huurverhoging voor {year} kennen we niet.")


@login_required
def overview(request, policy_form=None, run_form=None, status=200):
    _check(request.user)
    today = timezone.localdate()
    year = _year_asked(request, today)
    show = request.GET.get("toon", "alle")
    if show not in FILTERS:
        show = "alle"
    policy = RentPolicy.objects.filter(year=year).first()
    try:
        year_limits, limits_error = rent_limits.for_year(year), ""
    except rent_limits.LimitsMissing as exc:
        year_limits, limits_error = None, str(exc)
    proposals = (
        P.objects.filter(year=year, **FILTERS[show][1])
        .select_related("tenancy__tenant", "tenancy__household")
        .order_by("tenancy__ref")
    )
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("pagina"))
    log_list_access(request, [p.tenancy for p in page.object_list], action="rent_proposals")
    return render(
        request,
        "rents/overview.html",
        {
            "year": year,
            "years": sorted(set(rent_limits.known_years()) | {year}),
            "show": show,
            "filters": [(key, label) for key, (label, _) in FILTERS.items()],
            "policy": policy,
            "limits": year_limits,
            "limits_error": limits_error,
            "policy_form": policy_form or PolicyForm.for_policy(policy),
            "run_form": run_form or RunForm(year=year),
            "page": page,
            "summary": run.summary(year),
            "waiting": proposals.filter(status=S.PROPOSED).count(),
            "approved": P.objects.filter(year=year, status=S.APPROVED).count(),
            "today": today,
        },
        status=status,
    )


@login_required
@require_POST
def policy(request, year):
    _check(request.user)
    _round(year)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            form.save(year, acting_user=request.user)
        except ValidationError:
            pass
        else:
            messages.success(
                request, f"Het huurbeleid voor {year} is opgeslagen. Maak de voorstellen opnieuw om het te gebruiken."
            )
            return _back(year)
    request.GET = request.GET.copy()
    request.GET["jaar"] = str(year)
    messages.error(request, "Het huurbeleid is niet opgeslagen. Kijk bij de regels wat er mis is.")
    return overview(request, policy_form=form, status=400)


@login_required
@require_POST
def propose(request, year):
    _check(request.user)
    _round(year)
    form = RunForm(request.POST, year=year)
    if not form.is_valid():
        messages.error(
            request, "Geen voorstellen gemaakt: " + " ".join(e for errors in form.errors.values() for e in errors)
        )
        return _back(year)
    try:
        done = run.propose(year, form.cleaned_data["effective"], run.policy_for(year))
    except run.RentRunError as exc:
        messages.error(request, f"Geen voorstellen gemaakt. {exc}")
        return _back(year)
    kept = f" {done.kept} voorstellen waren al beslist en bleven zoals ze waren." if done.kept else ""
    messages.success(request, f"{done.made} voorstellen gemaakt of bijgewerkt.{kept}")
    return _back(year, "open")


@login_required
@require_POST
def approve_all(request, year):
    """Approve every proposal waiting in the list shown (the filter the team leader looked at)."""
    _check(request.user)
    _round(year)
    show = request.POST.get("toon", "alle")
    count = run.approve(
        P.objects.filter(year=year, status=S.PROPOSED, **FILTERS.get(show, FILTERS["alle"])[1]),
        acting_user=request.user,
    )
    messages.success(
        request, f"{count} voorstellen goedgekeurd." if count else "Er wachtten geen voorstellen op een besluit."
    )
    return _back(year, show)


@login_required
@require_POST
def decide(request, pk):
    _check(request.user)  # before looking anything up: outsiders learn nothing
    proposal = get_object_or_404(P.objects.select_related("tenancy"), pk=pk)
    one = P.objects.filter(pk=proposal.pk)
    choice = request.POST.get("besluit")
    if choice == "akkoord":
        done, text = run.approve(one, acting_user=request.user), f"{proposal.tenancy.ref}: akkoord."
    elif choice == "afwijzen":
        done, text = (
            run.reject(one, acting_user=request.user),
            f"{proposal.tenancy.ref}: afgewezen. De huur blijft zoals hij is.",
        )
    else:
        messages.error(request, "Kies akkoord of afwijzen.")
        return _back(proposal.year, request.POST.get("toon", "alle"))
    if done:
        messages.success(request, text)
    else:
        messages.error(request, f"{proposal.tenancy.ref}: dit voorstel is al doorgevoerd of hoort niet bij de ronde.")
    return _back(proposal.year, request.POST.get("toon", "alle"))


@login_required
@require_POST
def apply(request, year):
    _check(request.user)
    _round(year)
    done = run.apply(year, acting_user=request.user, day=timezone.localdate())
    if done.applied:
        messages.success(
            request, f"{done.applied} huurverhogingen doorgevoerd; {done.letters} brieven staan klaar om te printen."
        )
    elif not done.problems:
        messages.info(request, "Er waren geen goedgekeurde voorstellen om door te voeren.")
    for warning in done.warnings:
        messages.warning(request, warning)
    for problem in done.problems[:10]:
        messages.error(request, problem)
    if len(done.problems) > 10:
        messages.error(request, f"En nog {len(done.problems) - 10} andere.")
    return _back(year)


MOVES_PER_PAGE = 50
# What the move list can show: (key in the address, label, which candidates).
MOVE_FILTERS = {
    "alle": ("Alle", lambda c: True),
    "duur": ("Te duur", lambda c: c.too_expensive),
    "groot": ("Te groot", lambda c: c.too_large),
}
# How the move list can be sorted: (key in the address, label, sort key).
MOVE_ORDERS = {
    "contract": ("Contractnummer", lambda c: c.tenancy.ref),
    "huur": ("Hoogste huur eerst", lambda c: (-c.rent, c.tenancy.ref)),
    "kamers": ("Meeste kamers over eerst", lambda c: (-(c.rooms - 1 - c.persons) if c.rooms else 0, c.tenancy.ref)),
}


@login_required
def move_candidates(request):
    """The move candidates, one page of MOVES_PER_PAGE at a time: only the households on the page
    shown are rendered and logged."""
    require(request.user, "see_move_candidates")
    show = request.GET.get("toon", "alle")
    if show not in MOVE_FILTERS:
        show = "alle"
    order = request.GET.get("sorteer", "contract")
    if order not in MOVE_ORDERS:
        order = "contract"
    found = moves.candidates(timezone.localdate())
    counts = {key: sum(1 for c in found.candidates if keep(c)) for key, (_, keep) in MOVE_FILTERS.items()}
    rows = sorted(filter(MOVE_FILTERS[show][1], found.candidates), key=MOVE_ORDERS[order][1])
    page = Paginator(rows, MOVES_PER_PAGE).get_page(request.GET.get("pagina"))
    log_list_access(request, [c.tenancy for c in page.object_list], action="move_candidates")
    return render(
        request,
        "rents/moves.html",
        {
            "list": found,
            "page": page,
            "show": show,
            "order": order,
            "filters": [(key, label, counts[key]) for key, (label, _) in MOVE_FILTERS.items()],
            "orders": [(key, label) for key, (label, _) in MOVE_ORDERS.items()],
            "day": date_nl(found.on),
        },
    )
