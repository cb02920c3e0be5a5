"""Pages for the team leader: the collection policy, its changes and the daily runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from huurpad.accounts.roles import may_change_policy, require
from huurpad.core.policy import config
from huurpad.core.policy.labels import ACTION_LABELS

from . import actions, policy_settings, policy_text
from .forms import PolicyForm, PolicySettingsForm
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
def policy_form(request):
    """The policy as a form in Dutch: each setting with its explanation, limits and source."""
    return _edit(request, as_form=True)


@login_required
def policy_edit(request):
    """The policy as its stored text (TOML), 'als bestand': for import and export."""
    return _edit(request, as_form=False)


def _edit(request, *, as_form: bool):
    """Three steps: change the settings (in the form, or in the text), check the differences,
    save as a new version. Both ways end in the same text, checked by config.load."""
    _check_may_change(request.user)
    current = PolicyVersion.current()
    if request.method == "POST":
        as_form = request.POST.get("vorm") == "formulier"
    if request.method != "POST":
        if as_form:
            return _form_page(request, _settings_form(current.text, current.number, ""), current)
        form = PolicyForm(initial={"text": current.text, "based_on": current.number})
        return _edit_page(request, form, current)

    step = request.POST.get("stap")
    if as_form and step != "opslaan":
        if step == "bewerken":  # back from the check: the form again, with the text it made
            form = PolicyForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                return _form_page(request, _settings_form(data["text"], data["based_on"], data["note"]), current)
        form = PolicySettingsForm(request.POST)
        if not form.is_valid():
            return _form_page(request, form, current)
        based_on = form.cleaned_data["based_on"]
        base = PolicyVersion.objects.filter(number=based_on).first() or current
        text = policy_settings.apply(base.text, policy_settings.changes(base.text, form.cleaned_data))
        note = form.cleaned_data["note"].strip()
        return _refused(request, form, current, text, based_on, as_form=True) or _confirm(
            request, text, note, based_on, current, as_form=True
        )

    form = PolicyForm(request.POST)
    if not form.is_valid() or step == "bewerken":
        return _edit_page(request, form, current)
    text = actions.normalise_policy_text(form.cleaned_data["text"])
    note, based_on = form.cleaned_data["note"].strip(), form.cleaned_data["based_on"]

    refused = _refused(request, form, current, text, based_on, as_form=False)
    if refused:
        return refused
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
    return _confirm(request, text, note, based_on, current, as_form=False)


def _refused(request, form, current, text, based_on, *, as_form: bool):
    """The page again when the text does not load (naming the setting) or changes nothing; else None."""
    page = _form_page if as_form else _edit_page
    base = PolicyVersion.objects.filter(number=based_on).first() or current
    try:
        config.load(text)
    except config.PolicyError as error:
        return page(request, form, current, problem=policy_text.problem(error))
    if actions.normalise_policy_text(text) == actions.normalise_policy_text(base.text):
        nothing = f"Er is niets veranderd: de tekst is gelijk aan versie {base.number}."
        if as_form:
            return page(request, form, current, refused=nothing)
        form.add_error("text", nothing)
        return page(request, form, current)
    return None


def _confirm(request, text, note, based_on, current, *, as_form: bool):
    """Step 2: what changes, before saving."""
    text = actions.normalise_policy_text(text)
    base = PolicyVersion.objects.filter(number=based_on).first() or current
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
            "as_form": as_form,
        },
    )


def _settings_form(text: str, based_on: int, note: str) -> PolicySettingsForm:
    return PolicySettingsForm(initial=policy_settings.form_values(text) | {"based_on": based_on, "note": note})


def _form_page(request, form, current, *, problem=None, refused=""):
    if problem is not None and problem.key:
        problem = policy_text.PolicyProblem(policy_settings.label_of(problem.key), problem.message)
    return render(
        request,
        "collection/policy_form.html",
        {"form": form, "current": current, "problem": problem, "refused": refused},
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
