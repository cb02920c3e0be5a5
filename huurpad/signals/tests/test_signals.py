"""Early signals: prepared on the right day and never after an objection or for a municipality
without the covenant; exported with exactly the allowed fields, once; the municipality's feedback
acted on, code by code."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from huurpad.cases import events
from huurpad.cases.models import CaseEvent, Task
from huurpad.collection.models import Proposal
from huurpad.collection.run import run_policy
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.signals import signals
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import Pause
from huurpad.tenancies.models import Municipality
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
LETTER = date(2026, 3, 15)
DUE = date(2026, 4, 14)  # 30 days after the reminder letter with the offer


@pytest.fixture
def corporation():
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
    )
    Municipality.objects.create(code="GM0599", name="Rotterdam", debt_help="bel 14 010")
    Municipality.objects.create(code="GM0606", name="Schiedam", debt_help="bel 14 010", covenant_signed=False)


def household(ref, municipality="GM0599", **tenant):
    tenancy = make_tenancy(ref, start=date(2024, 1, 1), phone="06 1234 5678", birth_date=date(1980, 5, 17), **tenant)
    tenancy.municipality_code = municipality
    tenancy.save()
    book(tenancy, "2026-02-01 rent 700.00\n2026-03-01 rent 700.00\n2026-04-01 rent 700.00")
    events.contact_attempt(tenancy, date(2026, 3, 10), channel="phone", reached=False).save()
    events.debt_help_pointed(tenancy, date(2026, 3, 10), channel="letter").save()
    events.reminder_letter(tenancy, LETTER, offers_data_sharing=True, points_to_debt_help=True).save()
    return tenancy


def signalled(ref) -> bool:
    return Proposal.objects.filter(tenancy__ref=ref, action="early_signal").exists()


def test_a_signal_is_prepared_on_the_right_day_and_never_after_an_objection_or_without_a_covenant(corporation):
    household("READY")
    household("UNSIGNED", municipality="GM0606")
    objected = household("OBJECTED")
    events.data_sharing_objection(objected, date(2026, 3, 20)).save()

    run_policy(date(2026, 4, 13), full=True)
    assert not signalled("READY")  # a day early
    run_policy(DUE, full=True)
    assert signalled("READY") and not signalled("UNSIGNED") and not signalled("OBJECTED")

    assert signals.prepare(DUE) == 1
    signal = EarlySignal.objects.get()
    assert (signal.status, signal.signal_date, signal.amount, signal.arrears_since) == (
        "prepared",
        DUE,
        2100,
        date(2026, 2, 1),
    )


def test_preparing_at_the_same_moment_as_another_skips_what_the_other_made(corporation, monkeypatch):
    household("BOTH")
    run_policy(DUE, full=True)
    blockers = signals._blockers

    def the_other_prepares_meanwhile(tenancies, on):  # after this one read what waits
        found = blockers(tenancies, on)
        proposal = signals.unprepared(DUE).get()
        EarlySignal.objects.create(
            tenancy=proposal.tenancy,
            proposal=proposal,
            municipality_code="GM0599",
            amount_cents=210000,
            arrears_since=date(2026, 2, 1),
            signal_date=DUE,
        )
        return found

    monkeypatch.setattr(signals, "_blockers", the_other_prepares_meanwhile)
    assert signals.prepare(DUE) == 0  # no error, and nothing made twice
    assert EarlySignal.objects.count() == 1


def test_an_objection_after_the_proposal_cancels_the_signal(corporation):
    tenancy = household("LATE")
    run_policy(DUE, full=True)
    events.data_sharing_objection(tenancy, DUE).save()
    assert signals.prepare(DUE) == 0
    signal = EarlySignal.objects.get()
    assert signal.status == "cancelled" and "bezwaar" in signal.cancel_reason
    assert signal.proposal.status == "dismissed"


def test_the_export_holds_exactly_the_allowed_fields_and_goes_once(corporation, capsys, tmp_path):
    tenancy = household("READY", initials="A.B.", surname="Vries", prefix="de")
    run_policy(DUE, full=True)
    call_command(
        "signals", "export", "--municipality", "GM0599", "--format", "json", "--date", DUE.isoformat(), "--dry-run"
    )
    dry = json.loads(capsys.readouterr().out)
    assert len(dry) == 1 and not SignalExport.objects.exists()

    out = tmp_path / "signalen.csv"
    call_command(
        "signals", "export", "--municipality", "GM0599", "--format", "csv", "--date", DUE.isoformat(), "-o", str(out)
    )
    [row] = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(row) == signals.FIELDS
    signal = EarlySignal.objects.get()
    assert row == {
        "kenmerk": signal.reference,
        "bedrag": "2100.00",
        "ontstaansdatum": "2026-02-01",
        "signaaldatum": "2026-04-14",
        "crisissignaal": "false",
        "warmeOverdracht": "false",
        "signaalpartnerType": "Huur",
        "voorletters": "A.B.",
        "voorvoegsel": "de",
        "achternaam": "Vries",
        "geboortedatum": "1980-05-17",
        "straatnaam": "Lindelaan",
        "huisnummer": str(tenancy.house_number),
        "huisnummertoevoeging": "",
        "postcode": "1234 AB",
        "plaatsnaam": "Lindestad",
        "telefoon": "06 1234 5678",
        "email": "",
    }
    assert signal.status == "exported" and signal.proposal.status == "done"
    sent = CaseEvent.objects.get(tenancy=tenancy, type=CaseEvent.Type.EARLY_SIGNAL_SENT)
    assert (sent.date, sent.params["municipality_code"]) == (DUE, "GM0599")
    letter = OutboxMessage.objects.get(tenancy=tenancy, action="signal_notice")
    assert "Op 14 april 2026 hebben we de gemeente Rotterdam gevraagd om contact met u op te nemen." in letter.body

    call_command("signals", "export", "--municipality", "GM0599", "--format", "csv", "--date", DUE.isoformat())
    assert capsys.readouterr().out.splitlines() == [",".join(signals.FIELDS)]  # nothing twice
    assert SignalExport.objects.count() == 1


@pytest.fixture
def sent(corporation):
    made = {}
    for ref in ("A", "B", "C", "D", "E", "F"):
        made[ref] = household(ref)
    run_policy(DUE, full=True)
    signals.export("GM0599", "csv", DUE)
    return {ref: EarlySignal.objects.get(tenancy=t) for ref, t in made.items()}


def feedback_file(tmp_path, rows, name="terug.csv"):
    path = tmp_path / name
    lines = ["kenmerk,resultaat,datum,eerste_contact,schuldeisers"] + [",".join(map(str, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_each_result_code_has_its_effect_and_a_file_twice_changes_nothing(sent, tmp_path, capsys):
    day = "2026-04-28"
    rows = [
        (sent["A"].reference, "Inwoner heeft hulp geaccepteerd", day, "2026-04-20", ""),
        (sent["B"].reference, "Niet opgepakt: herhaalde melding", day, "", ""),
        (sent["C"].reference, "Niet opgepakt: onterecht signaal", day, "", ""),
        (sent["D"].reference, "Definitief geen contact kunnen krijgen", day, "", ""),
        (sent["E"].reference, "Inwoner is overleden", day, "", ""),
        (sent["F"].reference, "Inwoner al bekend bij schuldhulpverlening", day, "2026-04-16", "4"),
    ]
    path = feedback_file(tmp_path, rows)
    call_command("signals", "import-feedback", str(path))
    assert "6 results applied" in capsys.readouterr().out
    for ref in sent:
        sent[ref].refresh_from_db()

    pause = Pause.objects.get(tenancy=sent["A"].tenancy)
    assert (pause.reason, pause.review_date, pause.created_by) == ("municipal_help", date(2026, 5, 28), None)
    assert sent["A"].first_contact == date(2026, 4, 20)
    visit = Task.objects.get(tenancy=sent["D"].tenancy, action="home_visit", status="open")  # the one open visit
    assert visit.role == "woonconsulent" and "De gemeente kreeg geen contact" in visit.explanation
    assert Task.objects.get(tenancy=sent["E"].tenancy, action="deceased").title == "Gemeente meldt overlijden"
    assert Pause.objects.filter(tenancy=sent["F"].tenancy).exists()
    assert CaseEvent.objects.get(tenancy=sent["F"].tenancy, type=CaseEvent.Type.CREDITORS_REPORTED).params == {
        "count": 4
    }
    assert not Pause.objects.filter(tenancy__in=[sent[r].tenancy for r in "BCDE"]).exists()
    assert sent["C"].result_code == "Niet opgepakt: onterecht signaal"
    assert json.loads(sent["A"].feedback_raw)["resultaat"] == "Inwoner heeft hulp geaccepteerd"  # kept as received
    figures = {m.code: m for m in signals.by_municipality()}["GM0599"]
    assert (figures.sent, figures.answered, figures.help, figures.unjustified, figures.median_days) == (6, 6, 2, 1, 6)

    call_command("signals", "import-feedback", str(path))
    assert "0 results applied, 6 already known" in capsys.readouterr().out
    from_feedback = Task.objects.filter(action__in=["home_visit", "deceased"], explanation__contains="De gemeente")
    assert Pause.objects.count() == 2 and from_feedback.count() == 2


def test_a_bad_feedback_file_names_the_line_and_changes_nothing(sent, tmp_path):
    path = feedback_file(
        tmp_path,
        [
            (sent["A"].reference, "Inwoner heeft hulp geaccepteerd", "2026-04-28", "", ""),
            ("HP-9999999", "Inwoner heeft hulp geaccepteerd", "2026-04-28", "", ""),
            (sent["B"].reference, "Weet ik veel", "2026-04-28", "", ""),
            (sent["C"].reference, "Inwoner is overleden", "28-04-2026", "", ""),
        ],
    )
    with pytest.raises(CommandError) as refused:
        call_command("signals", "import-feedback", str(path))
    message = str(refused.value)
    assert "terug.csv: line 3: kenmerk: 'HP-9999999' is not a signal we sent" in message
    assert "terug.csv: line 4: resultaat: 'Weet ik veel' is not a known result" in message
    assert "terug.csv: line 5: datum: '28-04-2026' is not a date like 2026-01-31" in message
    assert "Nothing was changed." in message
    assert not Pause.objects.exists() and not EarlySignal.objects.exclude(result_code="").exists()


@pytest.mark.parametrize(
    "column, value, says",
    [
        ("kenmerk", "", "kenmerk: '' is not a signal we sent"),
        ("resultaat", "", "resultaat: '' is not a known result"),
        ("datum", "", "datum: is empty; expected a date like 2026-01-31"),
        ("datum", "2026-02-30", "datum: '2026-02-30' is not a date like 2026-01-31"),
        ("eerste_contact", "20 april", "eerste_contact: '20 april' is not a date like 2026-01-31"),
        (
            "datum",
            "9999-12-31",
            "datum: '9999-12-31' is not a date between 2000 and 2100",
        ),  # found by fuzzing: a pause to 10000
        ("schuldeisers", "drie", "schuldeisers: 'drie' is not a whole number"),
        ("schuldeisers", "-1", "schuldeisers: '-1' is not a whole number"),
    ],
)
def test_a_wrong_field_in_a_feedback_file_is_named_with_file_and_line(sent, tmp_path, column, value, says):
    good = {
        "kenmerk": sent["A"].reference,
        "resultaat": "Inwoner heeft hulp geaccepteerd",
        "datum": "2026-04-28",
        "eerste_contact": "2026-04-20",
        "schuldeisers": "2",
    }
    path = feedback_file(tmp_path, [tuple(good.values()), tuple((good | {column: value}).values())])
    with pytest.raises(CommandError) as refused:
        call_command("signals", "import-feedback", str(path))
    assert str(refused.value) == f"terug.csv: line 3: {says}\nNothing was changed."
    assert refused.value.returncode == 1
    assert not Pause.objects.exists() and not EarlySignal.objects.exclude(result_code="").exists()


def test_a_policy_that_asks_for_approval_holds_the_signal_for_the_team_leader(corporation, django_user_model):
    from huurpad.collection.models import PolicyVersion

    version = PolicyVersion.current()
    PolicyVersion.objects.filter(pk=version.pk).update(
        text=version.text.replace("needs_approval = false", "needs_approval = true")
    )
    household("READY")
    run_policy(DUE, full=True)
    signals.prepare(DUE)
    signal = EarlySignal.objects.get()
    assert signal.status == "awaiting" and signals.export("GM0599", "csv", DUE).count == 0
    boss = django_user_model.objects.create_user("tom")
    assert signals.approve(signal, acting_user=boss) and not signals.approve(signal, acting_user=boss)
    assert signals.export("GM0599", "csv", DUE).count == 1


def test_an_officer_makes_the_batch_and_every_download_is_logged(corporation, client, django_user_model):
    from django.contrib.auth.models import Group

    from huurpad.accounts.models import AccessLog

    tenancy = household("READY")
    call_command("run", "--date", DUE.isoformat())  # the day's run prepares the signal
    officer = django_user_model.objects.create_user("ilse")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(officer)
    page = client.get("/vroegsignalen/").content.decode()
    assert "Rotterdam (GM0599): 1" in page and "READY" in page
    assert "Klaarzetten" not in page  # nothing waits to be prepared
    client.post("/vroegsignalen/export/GM0599/", {"format": "json"})
    batch = SignalExport.objects.get()
    assert batch.created_by == officer and batch.count == 1
    download = client.get(f"/vroegsignalen/bestand/{batch.pk}/")
    assert download["Content-Disposition"].startswith('attachment; filename="vroegsignalen-GM0599-')
    assert [r["kenmerk"] for r in json.loads(download.content)] == [EarlySignal.objects.get().reference]
    assert AccessLog.objects.filter(user=officer, object_id=tenancy.ref, action="signal_export").count() == 1
    history = client.get(f"/huurcontract/{tenancy.ref}/").content.decode()
    assert "Vroegsignalen aan de gemeente" in history and "Terugkoppeling invoeren" in history


def test_a_prepared_signal_does_not_go_after_an_objection_and_goes_with_todays_amount(corporation):
    objecting, paying = household("OBJECTS"), household("PAYS")
    run_policy(DUE, full=True)
    assert signals.prepare(DUE) == 2
    events.data_sharing_objection(objecting, date(2026, 4, 15)).save()  # after the signal was prepared
    book(paying, "2026-04-15 payment 100.00")
    done = signals.export("GM0599", "json", date(2026, 4, 16))
    assert [r["achternaam"] for r in json.loads(done.content)] == [paying.tenant.surname]
    assert json.loads(done.content)[0]["bedrag"] == "2000.00"
    stopped = EarlySignal.objects.get(tenancy=objecting)
    assert (
        stopped.status == "cancelled" and "bezwaar" in stopped.cancel_reason and stopped.proposal.status == "dismissed"
    )
    assert not OutboxMessage.objects.filter(tenancy=objecting, action="signal_notice").exists()


def test_the_page_only_reads_and_an_officer_may_prepare_before_the_days_run(corporation, client, django_user_model):
    from django.contrib.auth.models import Group

    household("READY")
    run_policy(DUE, full=True)  # proposed, but the day's run has not prepared it (yet)
    officer = django_user_model.objects.create_user("ilse")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(officer)
    page = client.get("/vroegsignalen/").content.decode()
    assert not EarlySignal.objects.exists()  # a GET changes nothing
    assert "Het beleid stelt 1 nieuw vroegsignaal voor." in page and "Klaarzetten" in page
    assert "Er staan geen vroegsignalen klaar." in page

    done = client.post("/vroegsignalen/klaarzetten/", follow=True).content.decode()
    assert "1 vroegsignaal klaargezet." in done and "Rotterdam (GM0599): 1" in done and "Klaarzetten" not in done
    assert EarlySignal.objects.get().status == "prepared"
    again = client.post("/vroegsignalen/klaarzetten/", follow=True).content.decode()
    assert "Er was niets klaar te zetten." in again and EarlySignal.objects.count() == 1
