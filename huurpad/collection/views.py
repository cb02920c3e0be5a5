"""Pages for the team leader: the collection policy, its changes and the daily runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from huurpad.accounts.roles import may_change_policy, require
from huurpad.core.policy import config
from huurpad.core.policy.labels import ACTION_LABELS

from . import actions, policy_text
from .forms import PolicyForm
from .models import PolicyRun, PolicyVersion

RUNS_SHOWN = 30


def _check_may_see(user) -> None:
    require(user, "see_policy")


def _check_may_change(user) -> None:
    require(user, "change_policy")


@login_required
def policy(request):
    _check_may_see(request.user)
    current = PolicyVersion.current()
    return render(
        request,
        "collection/policy.html",
        {
            "current": current,
            "may_change": may_change_policy(request.user),
            "version_count": PolicyVersion.objects.count(),
            "last_run": PolicyRun.objects.select_related("policy_version").first(),
        },
    )


@login_required
def policy_edit(request):
    """Three steps: change the text, check the differences, save as a new version."""
    _check_may_change(request.user)
    current = PolicyVersion.current()
    if request.method != "POST":
        form = PolicyForm(initial={"text": current.text, "based_on": current.number})
        return _edit_page(request, form, current)

    form = PolicyForm(request.POST)
    step = request.POST.get("stap")
    if not form.is_valid() or step == "bewerken":
        return _edit_page(request, form, current)
    text = actions.normalise_policy_text(form.cleaned_data["text"])
    note, based_on = form.cleaned_data["note"].strip(), form.cleaned_data["based_on"]
    base = PolicyVersion.objects.filter(number=based_on).first() or current
    try:
        config.load(text)
    except config.PolicyError as error:
        return _edit_page(request, form, current, problem=policy_text.problem(error))
    if text == actions.normalise_policy_text(base.text):
        form.add_error("text", f"Er is niets veranderd: de tekst is gelijk aan versie {base.number}.")
        return _edit_page(request, form, current)

    if step == "opslaan":
        try:
            version = actions.new_policy_version(text, note, acting_user=request.user, based_on=based_on)
        except config.PolicyError as error:
            return _edit_page(request, form, current, problem=policy_text.problem(error))
        except actions.PolicyChangeRefused as refused:
            form = PolicyForm(initial={"text": text, "note": note, "based_on": PolicyVersion.current().number})
            return _edit_page(request, form, PolicyVersion.current(), refused=str(refused))
        messages.success(
            request, f"Versie {version.number} is opgeslagen. De volgende dagelijkse controle gebruikt deze versie."
        )
        return redirect("policy_version", number=version.number)

    return render(
        request,
        "collection/policy_confirm.html",
        {
            "base": base,
            "text": text,
            "note": note,
            "next_number": current.number + 1,
            "base_label": f"versie {base.number}",
            "changes": policy_text.setting_changes(base.text, text),
            "diff": policy_text.line_diff(base.text, text),
        },
    )


def _edit_page(request, form, current, *, problem=None, refused=""):
    return render(
        request,
        "collection/policy_edit.html",
        {"form": form, "current": current, "problem": problem, "refused": refused},
    )


@login_required
def policy_history(request):
    _check_may_see(request.user)
    PolicyVersion.current()  # the default policy is version 1, also before the first run
    return render(
        request,
        "collection/policy_history.html",
        {"versions": PolicyVersion.objects.select_related("created_by").order_by("-number")},
    )


@login_required
def policy_version(request, number):
    _check_may_see(request.user)
    version = get_object_or_404(PolicyVersion.objects.select_related("created_by"), number=number)
    previous = PolicyVersion.objects.filter(number__lt=number).order_by("-number").first()
    newest = PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "collection/policy_version.html",
        {
            "version": version,
            "previous": previous,
            "is_current": version.number == newest,
            "previous_label": f"versie {previous.number}" if previous else "",
            "version_label": f"versie {version.number}",
            "changes": policy_text.setting_changes(previous.text, version.text) if previous else [],
            "diff": policy_text.line_diff(previous.text, version.text) if previous else [],
            "run_count": version.runs.count(),
        },
    )


@login_required
def policy_runs(request):
    _check_may_see(request.user)
    runs = PolicyRun.objects.select_related("policy_version").order_by("-started_at")[:RUNS_SHOWN]
    order = [a.value for a in ACTION_LABELS]
    rows = [
        {
            "run": run,
            "counts": {key: (run.counts or {}).get(key) for key in ("tenancies", "in_arrears", "proposals")},
            "by_action": [
                (ACTION_LABELS.get(action, action), count)
                for action, count in sorted(
                    (run.counts or {}).get("by_action", {}).items(),
                    key=lambda item: order.index(item[0]) if item[0] in order else len(order),
                )
            ],
        }
        for run in runs
    ]
    return render(request, "collection/policy_runs.html", {"rows": rows, "shown": RUNS_SHOWN})
