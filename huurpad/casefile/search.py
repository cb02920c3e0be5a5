"""Zoeken: find a household while the tenant is on the phone. By contract number, name, street
and number, postcode and number, phone, e-mail or IBAN (core/search.py reads the query, the
search keys of tenancies/search.py find it). One hit opens the case file; several show who,
where, the arrears and the open tasks. A partner finds only the households referred to its
organisation with a referral still open, and opens the referral.

A search shows personal data: every household shown (or opened) is a line in the access log,
saying what kind of query found it; a search that finds nothing is a line too. The query itself
is not written down (the log's path is the page's, without it)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from huurpad.accounts.models import LOG_PATH, log_list_access, log_search
from huurpad.accounts.roles import may, require
from huurpad.cases.models import Referral, Task
from huurpad.core import search as parse
from huurpad.tenancies import arrears, search
from huurpad.tenancies.models import Tenancy


def _within(user):
    """The tenancies a user may find: a partner only those referred to it with a referral still
    open; None for the roles that see all cases."""
    if may(user, "see_cases"):
        return None
    return Referral.objects.filter(partner__members=user, partner__active=True, status=Referral.Status.OPEN).values(
        "tenancy_id"
    )


def _open_referrals(user, ids: list[int]) -> dict[int, int]:
    """A partner's open referral per tenancy found: where the result leads."""
    found = Referral.objects.filter(
        partner__members=user, partner__active=True, status=Referral.Status.OPEN, tenancy_id__in=ids
    ).order_by("pk")
    return {r.tenancy_id: r.pk for r in found}


@login_required
@require_GET
def find(request):
    path = reverse("search")  # the access log keeps the page, not what was typed
    setattr(request, LOG_PATH, path)  # also when the search is refused
    require(request.user, "search")
    text = request.GET.get("q", "").strip()
    meanings = parse.parse(text)
    within = _within(request.user)
    query, ids = None, []
    for meaning in meanings:  # the first meaning that finds anything
        ids = search.find(meaning, within=within)
        query = meaning
        if ids:
            break
    more = len(ids) > search.LIMIT
    ids = ids[: search.LIMIT]
    partner = within is not None
    if len(ids) == 1:
        (tenancy,) = Tenancy.objects.filter(pk=ids[0]).only("ref")
        log_list_access(request, [tenancy], action=f"search_{query.kind}", path=path)
        if partner:
            return redirect("cases:partner_detail", pk=_open_referrals(request.user, ids)[tenancy.pk])
        return redirect("tenancy_detail", ref=tenancy.ref)
    tenancies = Tenancy.objects.select_related("tenant").in_bulk(ids)
    today = timezone.localdate()
    shown = [tenancies[i] for i in ids if i in tenancies]
    shown.sort(key=lambda t: t.end_date is not None and t.end_date < today)  # running tenancies first
    if shown:
        log_list_access(request, shown, action=f"search_{query.kind}", path=path)
    elif query is not None:
        log_search(request, f"search_{query.kind}", path=path)
    rows = [{"tenancy": t} for t in shown]
    if rows and partner:
        referrals = _open_referrals(request.user, ids)
        for row in rows:
            row["url"] = reverse("cases:partner_detail", args=[referrals[row["tenancy"].pk]])
    elif rows:
        owed = {a.tenancy_id: a.position.arrears for a in arrears.compute(today, Tenancy.objects.filter(pk__in=ids))}
        tasks = dict(
            Task.objects.filter(tenancy_id__in=ids, status=Task.Status.OPEN)
            .values("tenancy_id")
            .annotate(n=Count("id"))
            .values_list("tenancy_id", "n")
        )
        for row in rows:
            pk = row["tenancy"].pk
            row |= {
                "url": reverse("tenancy_detail", args=[row["tenancy"].ref]),
                "arrears": owed.get(pk),
                "tasks": tasks.get(pk, 0),
            }
    return render(
        request,
        "casefile/search.html",
        {
            "q": text,
            "query": query,
            "understood": bool(meanings),
            "tried": " en ".join(dict.fromkeys(m.label for m in meanings)),  # 'contractnummer en telefoonnummer'
            "rows": rows,
            "more": more,
            "limit": search.LIMIT,
            "partner": partner,
        },
    )
