"""The case file: the tenancy page, its print, its folded forms and the court evidence pack; the
one access check for a tenancy, and the one shape of every form on the page (on_the_page)."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from huurpad.accounts.models import log_access
from huurpad.accounts.roles import require
from huurpad.cases.models import CaseEvent
from huurpad.forms import Form, date_input
from huurpad.signals import evidence
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Tenancy

from . import page_forms
from .page import page_context

PAGE = "tenancies/tenancy_detail.html"


def get_tenancy_for_user(request, ref: str, action: str = "see_cases") -> Tenancy:
    """The tenancy, if this user may do `action` (roles.ACTIONS) on it. Checks the role before the
    tenancy exists or not, so an outsider learns nothing."""
    require(request.user, action)
    return get_object_or_404(Tenancy.objects.select_related("tenant", "household"), ref=ref)


def refused(request, tenancy, say: str = "", **forms):
    """The tenancy page again, with the refused form and its errors (nothing was saved), and
    perhaps a line that `say`s so above it. It shows the case, so it is logged as the page is."""
    if say:
        messages.error(request, say)
    log_access(request, tenancy)
    return render(request, PAGE, page_context(request, tenancy, **forms), status=400)


def on_the_page(action: str, section: str, *, form=None, refused_as: str = "", say_refused: str = "", of=None):
    """The shape of a form on the tenancy page: POST only, signed in, allowed to do `action`
    (roles.ACTIONS, checked before anything is looked up), then the view acts and answers with
    what to tell the officer, a text (said as done) or (level, text), and the answer goes back to
    `section` of the page; a view may also answer with a response of its own.

    With `form` (a form class): a form with errors does not reach the view but shows the page
    again with it, as `refused_as` (400, nothing saved; `say_refused` above it); the view gets the
    valid form. With `of` (a model with a tenancy): the address names one of these by its pk; it
    is looked up after the role is checked, and the view gets it.
    """

    def decorate(view):
        @login_required
        @require_POST
        @wraps(view)
        def answer(request, ref=None, pk=None):
            found = ()
            if of is not None:
                require(request.user, action)  # before looking anything up: outsiders learn nothing
                thing = get_object_or_404(of.objects.select_related("tenancy"), pk=pk)
                ref, found = thing.tenancy.ref, (thing,)
            tenancy = get_tenancy_for_user(request, ref, action)
            if form is not None:
                bound = form(request.POST)
                if not bound.is_valid():
                    return refused(request, tenancy, say_refused, **{refused_as: bound})
                found = (bound,)
            said = view(request, tenancy, *found)
            if isinstance(said, HttpResponse):
                return said
            level, text = (messages.SUCCESS, said) if isinstance(said, str) else said
            messages.add_message(request, level, text)
            return redirect(tenancy.section_url(section))

        return answer

    return decorate


@login_required
def tenancy_detail(request, ref):
    tenancy = get_tenancy_for_user(request, ref)
    log_access(request, tenancy)
    return render(request, PAGE, page_context(request, tenancy))


@login_required
def tenancy_print(request, ref):
    """The case on paper: the essentials of the tenancy page (tenant, arrears and open items, the
    Bgs checklist, arrangement, referrals, contacts, tasks, timeline) without menus, forms or
    buttons. A view of the case like the page, and logged as one."""
    tenancy = get_tenancy_for_user(request, ref)
    log_access(request, tenancy, action="print")
    context = page_context(request, tenancy)
    context["contacts"] = [item for item in context["events"] if item["event"].type == CaseEvent.Type.CONTACT_ATTEMPT]
    context["printed_at"] = timezone.localtime()
    return render(request, "tenancies/tenancy_print.html", context)


@login_required
def page_form(request, ref, name):
    """One of the page's folded forms (page_forms), fetched when the officer opens it. Without
    htmx: the whole page with that form open."""
    form = page_forms.FORMS.get(name)
    if form is None:
        raise Http404("Dit formulier bestaat niet.")
    tenancy = get_tenancy_for_user(request, ref, page_forms.ACTIONS[name])
    log_access(request, tenancy)
    if not request.htmx:
        return render(request, PAGE, page_context(request, tenancy, opened=name))
    today = timezone.localdate()
    context = {"tenancy": tenancy, "today": today, "owed": arrears.owed(tenancy, today)}
    return render(request, form.template, context | {form.key: form.empty(tenancy, today)})


# The court evidence pack (signals/evidence.py): the page shows what it holds and what is missing
# for a summons date; ?download=pdf or ?download=zip hands over the files. For the team leader and
# the incassomedewerker. Every view and every download is a view of the case, and logged.

DOWNLOADS = {"pdf": "application/pdf", "zip": "application/zip"}


class SummonsForm(Form):
    id_prefix = "bewijsdossier"
    dagvaarding = forms.DateField(
        label="Datum van de dagvaarding",
        required=False,
        widget=date_input(),
        error_messages={"invalid": "Vul een datum in, zoals 15-01-2027."},
    )


@login_required
@require_GET
def evidence_pack(request, ref):
    tenancy = get_tenancy_for_user(request, ref, "make_evidence_pack")
    today = timezone.localdate()
    form = SummonsForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    # No date (or a wrong one, shown with its error): two weeks from today.
    summons = (
        form.cleaned_data.get("dagvaarding") if valid and form.is_bound else None
    ) or today + evidence.SUMMONS_LEAD
    download = request.GET.get("download", "")
    if valid and download in DOWNLOADS:
        pack = evidence.assemble(tenancy, summons, today=today)
        log_access(request, tenancy, action=f"evidence_{download}")
        content, name = (
            (evidence.pdf(pack), pack.pdf_name) if download == "pdf" else (evidence.zip_file(pack), pack.zip_name)
        )
        response = HttpResponse(content, content_type=DOWNLOADS[download])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"  # personal data: not kept by browsers or proxies
        return response
    pack = evidence.assemble(tenancy, summons, today=today)
    log_access(request, tenancy)
    response = render(
        request,
        "signals/evidence_pack.html",
        {
            "tenancy": tenancy,
            "tenant": tenancy.tenant,
            "pack": pack,
            "form": form,
            "summons": summons,
            "rotterdam_months": evidence.ROTTERDAM_MONTHS,
        },
        status=200 if valid else 400,
    )
    response["Cache-Control"] = "no-store"
    return response
