"""Bankafschriften: the collections team uploads a bank statement (MT940 or CAMT.053) and sees
what it booked, matched, left unknown or refused; earlier imports stay listed. The same import
as `huurpad bank import` (imports.import_data: atomic, idempotent)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import require
from huurpad.core.bankfiles import BankFileError

from . import imports
from .models import BankStatement, BankTransaction

MAX_MB = 50  # a month of a large corporation's statement is a few MB
SHOWN = 100  # booked transactions listed per import; the counts cover all


class StatementForm(forms.Form):
    bestand = forms.FileField(
        label="Bankafschrift",
        help_text="Een MT940-bestand (.sta, .940, .txt) of CAMT.053-bestand (.xml) van de bank.",
        error_messages={"required": "Kies het bestand van de bank.", "empty": "Het bestand is leeg."},
    )

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if upload.size > MAX_MB * 1024 * 1024:
            raise forms.ValidationError(f"Het bestand is groter dan {MAX_MB} MB. Vraag de bank om afschriften per dag.")
        return upload


def _where(error: BankFileError) -> str:
    """The place in the file, in Dutch ('line 12 (:86:)': 'regel 12 (:86:)')."""
    return error.where.replace("line ", "regel ").replace("statement ", "afschrift ")


@login_required
def statement_imports(request):
    """The upload form, what the upload did, and the earlier imports."""
    require(request.user, "import_bank_statements")
    form, outcome, shown = StatementForm(), None, {}
    if request.method == "POST":
        form = StatementForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["bestand"]
            outcome = {"name": upload.name}
            try:
                result = imports.import_data(upload.read(), upload.name, acting_user=request.user)
            except BankFileError as exc:
                outcome |= {"refused": exc, "where": _where(exc)}
            else:
                statements = list(BankStatement.objects.filter(pk__in=result.statement_ids).order_by("pk"))
                earlier = (
                    BankStatement.objects.filter(file_sha256__in={s.file_sha256 for s in statements})
                    .exclude(pk__in=result.statement_ids)
                    .select_related("imported_by")
                    .order_by("imported_at")
                    .first()
                )
                outcome |= {"result": result, "earlier": earlier}
                shown = _shown(request, statements)
            form = StatementForm()
    return render(
        request,
        "bank/statement_imports.html",
        {"form": form, "outcome": outcome, "imports": _earlier_imports(), "max_mb": MAX_MB} | shown,
    )


@login_required
def statement_import(request, pk):
    """One earlier import: what it booked and what stayed unknown."""
    require(request.user, "import_bank_statements")
    statement = get_object_or_404(BankStatement.objects.select_related("imported_by"), pk=pk)
    return render(request, "bank/statement_import.html", {"statement": statement} | _shown(request, [statement]))


def _shown(request, statements: list[BankStatement]) -> dict:
    """What the statements' transactions came to: counts per status and way found, the booked
    ones (the first SHOWN) and the unknown ones; each shown payer and tenancy in the access log."""
    rows = BankTransaction.objects.filter(statement__in=statements)
    counts = {
        (status, how): n
        for status, how, n in rows.values_list("status", "matched_by").annotate(n=Count("id")).order_by()
    }
    status_names, how_names = dict(BankTransaction.Status.choices), dict(BankTransaction.MatchedBy.choices)
    tally = [
        (status_names[status], how_names.get(how, ""), n)
        for (status, how), n in sorted(
            counts.items(), key=lambda item: (list(status_names).index(item[0][0]), item[0][1])
        )
    ]
    placed = list(rows.filter(tenancy__isnull=False).select_related("tenancy").order_by("booking_date", "id")[:SHOWN])
    unknown = list(rows.filter(status=BankTransaction.Status.UNKNOWN).order_by("booking_date", "id"))
    log_list_access(request, [*((row.tenancy, "bank_import") for row in placed), *unknown])
    return {
        "tally": tally,
        "placed": placed,
        "placed_total": sum(
            n for (status, how), n in counts.items() if status != BankTransaction.Status.UNKNOWN and how
        ),
        "unknown": unknown,
    }


def _earlier_imports():
    return list(BankStatement.objects.select_related("imported_by").order_by("-imported_at", "-pk")[:30])
