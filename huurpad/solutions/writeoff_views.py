"""Write-offs in four steps (toolkit 3.6): one page per write-off with its steps and the form for
whoever may act next, and the queue of write-offs waiting for the team leader, the controller and
the manager. (The proposal is made on the tenancy page: casefile/form_views.py.)"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from huurpad.accounts.models import log_access, log_list_access
from huurpad.accounts.roles import may, may_take_writeoff_step, require, require_case_role
from huurpad.core.money import fmt_eur
from huurpad.forms import Form
from huurpad.tenancies import arrears

from . import writeoffs
from .forms import MONEY, TEXTAREA
from .models import WriteOff, WriteOffStep

S = WriteOff.Status


class DecisionForm(Form):
    """The team leader's, the controller's and the manager's decision."""

    decision = forms.ChoiceField(
        label="Besluit",
        widget=forms.RadioSelect,
        choices=[("akkoord", "Akkoord"), ("afwijzen", "Afwijzen")],
        error_messages={"required": "Kies akkoord of afwijzen."},
    )
    amount = forms.DecimalField(
        label="Bedrag (alleen lager)",
        min_value=0.01,
        max_digits=11,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages={"invalid": "Vul een bedrag in, zoals 250.00."},
    )
    note = forms.CharField(
        label="Toelichting", max_length=1000, required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "afwijzen" and not data.get("note", "").strip():
            self.add_error("note", "Schrijf kort waarom u afwijst. De collega's lezen het.")
        return data


class TextForm(Form):
    """The controller's question, or the answer to it."""

    text = forms.CharField(
        label="Tekst",
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Schrijf eerst iets op."},
    )


STEP_ACTIONS = {"review", "assess", "approve", "ask", "answer"}


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    """One write-off: its steps, and the form for whoever may take the next one."""
    require_case_role(request.user)
    write_off = get_object_or_404(WriteOff.objects.select_related("tenancy__tenant"), pk=pk)
    step = writeoffs.next_step(write_off, request.user)
    form = None
    if request.method == "POST":
        wanted = request.POST.get("stap", "")
        if wanted not in STEP_ACTIONS:
            messages.error(request, "Kies een stap.")
            return redirect("solutions:write_off", pk=pk)
        if not may_take_writeoff_step(request.user, wanted):
            raise PermissionDenied(_ROLE_TEXT[wanted])
        form = (TextForm if wanted in ("ask", "answer") else DecisionForm)(request.POST)
        if form.is_valid():
            try:
                done = _take(write_off, request.user, wanted, form.cleaned_data)
            except writeoffs.NotPermitted as exc:
                raise PermissionDenied(str(exc)) from exc
            except ValueError as exc:  # a rule refused it: nothing was saved
                messages.error(request, str(exc))
            else:
                messages.success(request, done)
            return redirect("solutions:write_off", pk=pk)
        step = wanted
    log_access(request, write_off.tenancy)
    context = {
        "write_off": write_off,
        "tenancy": write_off.tenancy,
        "steps": write_off.steps.select_related("actor"),
        "step": step,
        "arrears": arrears.owed(write_off.tenancy, timezone.localdate()),
        "took_step": write_off.steps.filter(actor=request.user, step__in=writeoffs.ACTED).exists(),
        "decision_form": form if isinstance(form, DecisionForm) else DecisionForm(initial={"amount": write_off.amount}),
        "text_form": form if isinstance(form, TextForm) else TextForm(),
    }
    return render(request, "solutions/write_off.html", context, status=400 if form is not None else 200)


_ROLE_TEXT = {
    "review": writeoffs.WHO[WriteOffStep.Step.REVIEW],
    "assess": writeoffs.WHO[WriteOffStep.Step.ASSESS],
    "ask": "Alleen de controller stelt een vraag over een kwijtschelding.",
    "approve": writeoffs.WHO[WriteOffStep.Step.APPROVE],
    "answer": "Alleen medewerkers die met huurachterstanden werken beantwoorden de vraag.",
}


def _take(write_off, user, step: str, data: dict) -> str:
    """Take the step; what to tell the user when it worked."""
    if step == "ask":
        writeoffs.ask(write_off, data["text"], acting_user=user)
        return "Uw vraag staat open. Toetsen kan als een collega hem heeft beantwoord."
    if step == "answer":
        writeoffs.answer(write_off, data["text"], acting_user=user)
        return "Antwoord opgeslagen. De controller kan nu verder."
    approved = data["decision"] == "akkoord"
    if step == "review":
        writeoffs.review(write_off, approved, amount=data.get("amount"), note=data["note"], acting_user=user)
    elif step == "assess":
        writeoffs.assess(write_off, approved, note=data["note"], acting_user=user)
    else:
        writeoffs.decide(write_off, approved, note=data["note"], acting_user=user)
    if not approved:
        return "Afgewezen. De kwijtschelding stopt hier."
    return {
        "review": "Akkoord. Nu toetst de controller het voorstel.",
        "assess": "Akkoord. Nu besluit de manager.",
        "approve": f"Goedgekeurd: {fmt_eur(write_off.amount)} is geboekt en de brief aan de huurder staat klaar.",
    }[step]


@login_required
def queue(request):
    """The write-offs waiting, per role of the user: PROPOSED for the team leader, REVIEWED for
    the controller (with an open question apart), ASSESSED for the manager."""
    require(request.user, "see_write_off_queue")
    waiting = WriteOff.objects.select_related("tenancy__tenant").order_by("created_at", "id")
    own = set(
        WriteOffStep.objects.filter(
            actor=request.user, step__in=writeoffs.ACTED, write_off__status__in=writeoffs.OPEN
        ).values_list("write_off_id", flat=True)
    )
    sections = []
    if may(request.user, "write_off_review"):
        sections.append(("teamleider", "Wacht op uw beoordeling (teamleider)", waiting.filter(status=S.PROPOSED)))
    if may(request.user, "write_off_assess"):
        reviewed = waiting.filter(status=S.REVIEWED)
        sections.append(("controller", "Wacht op uw toetsing (controller)", reviewed.filter(open_question="")))
        sections.append(("vraag", "Er staat een vraag open: wacht op een antwoord", reviewed.exclude(open_question="")))
    if may(request.user, "write_off_approve"):
        sections.append(("manager", "Wacht op uw besluit (manager)", waiting.filter(status=S.ASSESSED)))
    sections = [{"key": key, "title": title, "rows": list(rows)} for key, title, rows in sections]
    log_list_access(request, [w.tenancy for section in sections for w in section["rows"]], action="write_off_queue")
    return render(
        request,
        "solutions/write_off_queue.html",
        {
            "sections": sections,
            "own": own,
        },
    )


urlpatterns = [
    path("kwijtschelding/", queue, name="write_off_queue"),
    path("kwijtschelding/<int:pk>/", detail, name="write_off"),
]
