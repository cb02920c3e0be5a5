"""`huurpad retention`: once a household's data has passed its term it is deleted or anonymised,
counted per kind; nothing is touched while anything still needs it; a second run does nothing."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import Case, CaseEvent, Referral
from huurpad.core import params
from huurpad.debthelp.models import DebtHelp, DebtMessage
from huurpad.messaging.models import OutboxMessage, PayLink
from huurpad.portal.models import LoginLink, PortalAccount
from huurpad.prevention.models import HelpRequest
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import Arrangement, Pause
from huurpad.tenancies.models import LedgerEntry, Mandate, SearchKeys, Tenant
from huurpad.testing.ledgers import book, make_tenancy

from . import history as h

ENDED = date(2026, 1, 31)  # the tenancy ended; everything else ended before
TWO_YEARS_ON = date(2028, 1, 31)


def retention(capsys, *args) -> dict[tuple[str, str], int]:
    call_command("retention", "--json", *args)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {(x["kind"], x["action"]): x["count"] for x in lines}


@pytest.fixture
def fatima(db):
    """Fatima El Amrani rented HC7 until January 2026. Her arrears of 2025 were paid off by an
    arrangement; the case closed in September 2025. Everything of that year is on file."""
    tenancy = make_tenancy(
        "HC7",
        start=date(2019, 5, 1),
        end=ENDED,
        initials="F.",
        surname="El Amrani",
        email="fatima@example.nl",
        phone="0687654321",
        iban="NL91ABNA0417164300",
    )
    book(tenancy, "2025-03-01 rent 700.00\n2025-08-01 payment 700.00")
    h.case(tenancy, date(2025, 3, 5), date(2025, 9, 1))
    h.event(tenancy, date(2025, 3, 10), CaseEvent.Type.CONTACT_ATTEMPT, channel="phone", reached=True)
    h.event(tenancy, date(2025, 3, 11), CaseEvent.Type.REMINDER_LETTER)
    h.message(tenancy, date(2025, 3, 12))
    h.message(tenancy, date(2025, 3, 20), channel="letter", body="Beste mevrouw El Amrani, ...")
    h.signal(tenancy, date(2025, 4, 15))
    h.referral(tenancy, date(2025, 4, 20))
    h.arrangement(tenancy, date(2025, 5, 1), date(2025, 8, 1))
    h.pay_link(tenancy, date(2025, 3, 12))
    h.portal(tenancy, date(2025, 6, 1))
    h.looked_at(tenancy, date(2025, 3, 10))
    h.mandate(tenancy, date(2019, 5, 1))
    Pause.objects.create(
        tenancy=tenancy,
        reason=Pause.Reason.OFFICER,
        note="Ziek, in het ziekenhuis",
        start=date(2025, 4, 1),
        review_date=date(2025, 5, 1),
        ended_on=date(2025, 5, 1),
        created_by=h.staff(),
    )
    return tenancy


def test_two_years_after_the_tenancy_ended_her_case_file_is_deleted_or_anonymised(fatima, capsys):
    counts = retention(capsys, "--date", TWO_YEARS_ON.isoformat())
    assert counts[("contact_notes", "deleted")] == 1 and counts[("contact_notes", "anonymised")] == 1
    assert counts[("timeline", "deleted")] == 1
    assert counts[("messages", "anonymised")] == 1 and counts[("letters", "anonymised")] == 1
    assert counts[("early_signals", "deleted")] == 1 and counts[("signal_exports", "anonymised")] == 1
    assert counts[("referrals", "anonymised")] == 1 and counts[("arrangements", "anonymised")] == 1
    assert counts[("access_log", "deleted")] == 1
    assert CaseEvent.objects.filter(tenancy=fatima).count() == 0
    assert set(OutboxMessage.objects.values_list("body", "recipient")) == {("", "")}
    assert EarlySignal.objects.count() == 0 and SignalExport.objects.get().content == ""
    assert Referral.objects.get().reason == "" and Case.objects.get().note == ""
    arrangement = Arrangement.objects.get()
    assert arrangement.net_income_cents is None and arrangement.instalment_cents == 10000  # the terms stay
    assert AccessLog.objects.count() == 0
    # The ledger and her name stay: the fiscal term has not passed.
    assert LedgerEntry.objects.filter(tenancy=fatima).count() == 2
    assert Tenant.objects.get().surname == "El Amrani"
    assert counts[("fiscal", "anonymised")] == 0


def test_a_second_run_the_same_day_does_nothing_more(fatima, capsys):
    retention(capsys, "--date", TWO_YEARS_ON.isoformat())
    assert set(retention(capsys, "--date", TWO_YEARS_ON.isoformat()).values()) == {0}


def test_the_day_before_the_term_ends_only_the_shorter_terms_have_passed(fatima, capsys):
    counts = retention(capsys, "--date", "2028-01-30")
    assert counts[("portal_logins", "deleted")] == 1  # 3 months
    assert counts[("portal_accounts", "anonymised")] == 1 and counts[("pay_links", "anonymised")] == 1  # 12 months
    assert all(
        n == 0 for (kind, _), n in counts.items() if kind not in ("portal_logins", "portal_accounts", "pay_links")
    )
    assert CaseEvent.objects.count() == 2 and EarlySignal.objects.get().feedback_raw
    account = PortalAccount.objects.select_related("user").get()
    assert not account.user.is_active and account.user.email == "" and account.last_login_at is None
    assert LoginLink.objects.count() == 0 and PayLink.objects.get().checkout_url == ""


def test_a_dry_run_counts_the_same_and_changes_nothing(fatima, capsys):
    call_command("retention", "--json", "--dry-run", "--date", TWO_YEARS_ON.isoformat())
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(x["dry_run"] for x in lines) and sum(x["count"] for x in lines) > 0
    assert CaseEvent.objects.count() == 2 and OutboxMessage.objects.exclude(body="").count() == 2
    assert LoginLink.objects.count() == 1 and EarlySignal.objects.count() == 1
    promised = {(x["kind"], x["action"]): x["count"] for x in lines}
    assert retention(capsys, "--date", TWO_YEARS_ON.isoformat()) == promised


@pytest.mark.parametrize(
    "still_needed",
    [
        "arrears",
        "open case",
        "running arrangement",
        "running pause",
        "write-off in progress",
        "open referral",
        "early signal waiting",
        "message not yet sent",
        "running debt help",
    ],
)
def test_nothing_is_touched_while_something_still_needs_it(fatima, capsys, still_needed):
    match still_needed:
        case "arrears":
            book(fatima, "2025-12-01 rent 700.00")
        case "open case":
            h.case(fatima, date(2025, 12, 1))
        case "running arrangement":
            h.arrangement(fatima, date(2025, 12, 1), None)
        case "running pause":
            h.pause(fatima, date(2025, 12, 1), None)
        case "write-off in progress":
            h.write_off(fatima)
        case "open referral":
            h.referral(fatima, date(2025, 12, 1), status=Referral.Status.OPEN)
        case "early signal waiting":
            EarlySignal.objects.update(status=EarlySignal.Status.AWAITING)
        case "message not yet sent":
            h.message(fatima, date(2025, 12, 1), status=OutboxMessage.Status.FAILED)
        case "running debt help":
            DebtHelp.objects.create(
                tenancy=fatima, counsellor="Kredietbank", counsellor_reference="K-1", started_on=date(2025, 12, 1)
            )
    counts = retention(capsys, "--date", "2040-01-01")
    assert set(counts.values()) == {0}, counts


def test_seven_years_after_the_end_of_the_year_she_left_her_name_and_iban_are_wiped_and_the_ledger_stays(
    fatima, capsys
):
    helped = DebtHelp.objects.create(
        tenancy=fatima,
        counsellor="Kredietbank",
        counsellor_reference="K-1",
        started_on=date(2024, 1, 5),
        ended_on=date(2024, 9, 1),
        stage=DebtHelp.Stage.GESLAAGD,
    )
    for n, (kind, payload) in enumerate(
        [
            ("statusbericht", {"text": "Mevrouw is opgenomen in het ziekenhuis."}),
            ("saldo_antwoord", {"claim": "700.00"}),
        ]
    ):
        DebtMessage.objects.create(
            message_id=f"m{n}",
            direction="in" if kind == "statusbericht" else "out",
            type=kind,
            date=date(2024, 2, 1),
            tenancy=fatima,
            debt_help=helped,
            status="received" if kind == "statusbericht" else "sent",
            payload=payload,
            why="Mevrouw vertelde over haar opname.",
        )
    assert retention(capsys, "--date", "2033-12-30")[("fiscal", "anonymised")] == 0
    assert retention(capsys, "--date", "2033-12-31")[("fiscal", "anonymised")] == 1
    tenant = Tenant.objects.get()
    assert (tenant.surname, tenant.initials, tenant.email, tenant.phone, tenant.iban) == (
        "(geanonimiseerd)",
        "",
        "",
        "",
        "",
    )
    assert Mandate.objects.get().iban == ""
    keys = SearchKeys.objects.get(tenancy=fatima)  # nothing of her is left to find
    assert (keys.surname, keys.initials, keys.email, keys.phone, keys.iban) == ("geanonimiseerd", "", "", "", "")
    assert Pause.objects.get().note == ""
    assert DebtMessage.objects.get(type="statusbericht").payload == {}  # the counsellor's text is gone
    assert DebtMessage.objects.get(type="saldo_antwoord").payload["claim"] == "700.00"  # the figures stay
    assert LedgerEntry.objects.filter(tenancy=fatima).count() == 2
    assert retention(capsys, "--date", "2033-12-31")[("fiscal", "anonymised")] == 0
    assert set(DebtMessage.objects.values_list("why", flat=True)) == {""}


def test_a_tenant_who_still_rents_another_home_keeps_her_account_and_name(fatima, capsys):
    _move(fatima)
    counts = retention(capsys, "--date", "2040-01-01")
    assert counts[("portal_accounts", "anonymised")] == 0 and counts[("fiscal", "anonymised")] == 0
    assert counts[("contact_notes", "deleted")] == 1  # the old home's case file still goes


def _move(old):
    """She moved to HC8 in the same corporation: a new tenancy of the same tenant, running."""
    new = make_tenancy("HC8", start=ENDED)
    new.tenant = old.tenant
    new.save(update_fields=["tenant"])
    return new


def test_a_help_request_goes_a_year_after_it_was_handled_and_an_open_one_stays(db, capsys):
    def ask(name, handled):
        return HelpRequest.objects.create(
            name=name,
            phone="0612345678",
            consent_text="Ja",
            consent_at=h.at(date(2026, 1, 5)),
            handled_at=h.at(handled) if handled else None,
        )

    ask("Karin", date(2026, 1, 10))
    ask("Joost", None)
    assert retention(capsys, "--date", "2027-01-09")[("help_requests", "deleted")] == 0
    assert retention(capsys, "--date", "2027-01-10")[("help_requests", "deleted")] == 1
    assert list(HelpRequest.objects.values_list("name", flat=True)) == ["Joost"]


@pytest.fixture
def own_terms(tmp_path, monkeypatch):
    monkeypatch.setenv(params.OWN_DIR, str(tmp_path))
    params.load.cache_clear()
    yield tmp_path / "retention.toml"
    monkeypatch.delenv(params.OWN_DIR)
    params.load.cache_clear()


def test_the_corporation_sets_its_own_term(fatima, capsys, own_terms):
    own_terms.write_text(
        '[contact_notes]\nmonths = 6\nsource = "Besluit directie Woonstichting De Linde, 2026"\n', "utf-8"
    )
    counts = retention(capsys, "--date", "2026-07-31")
    assert counts[("contact_notes", "deleted")] == 1 and counts[("timeline", "deleted")] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[contact_notes]\nmonths = 0\nsource = "Eigen keuze"\n',
            r"retention.toml: \[contact_notes\]: months must be a whole number of at least 1",
        ),
        ("[contact_notes]\nmonths = 6\n", r"retention.toml: \[contact_notes\]: source is missing"),
        ("[contact_notes\n", r"retention.toml: cannot be read"),
    ],
)
def test_own_terms_that_cannot_be_used_are_refused_with_file_and_table_and_nothing_changes(
    fatima, capsys, own_terms, text, message
):
    own_terms.write_text(text, "utf-8")
    with pytest.raises(CommandError, match=message) as failure:
        call_command("retention", "--json", "--date", "2040-01-01")
    assert failure.value.returncode == 1
    assert CaseEvent.objects.count() == 2


def test_a_date_that_is_not_a_date_is_wrong_usage(db):
    with pytest.raises(CommandError, match="is not a date"):
        call_command("retention", "--date", "31-01-2028")


def test_every_kind_of_data_that_points_at_a_tenancy_or_tenant_is_either_handled_or_kept_on_purpose():
    from django.apps import apps

    from huurpad.portal import retention as module

    pointing = {
        model._meta.label
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.is_relation
        and f.concrete
        and f.related_model is not None
        and f.related_model._meta.label in ("tenancies.Tenancy", "tenancies.Tenant")
    }
    assert pointing - module.HANDLED - module.KEPT == set()
    assert module.HANDLED & module.KEPT == set()


def test_every_kind_has_its_term_and_source_in_the_privacy_doc():
    from pathlib import Path

    from huurpad.portal import retention as module

    doc = (Path(__file__).resolve().parents[3] / "docs" / "privacy.md").read_text("utf-8")
    for kind, term in module.terms().items():
        assert f"| `{kind}` |" in doc, kind
        assert term.source and not term.own
