"""The court evidence pack: a case as the demo has them (arrears, a reminder letter, calls and a
visit, debt help, an early signal in a batch with another household, the municipality's feedback,
a pause and a broken arrangement) gathered into one PDF and a ZIP with the originals; the
Rotterdam two-month rule at its edge; what is missing when there is no signal or an objection.
The sample PDF is kept in var/test-artifacts/evidence/ to look at."""

import io
import json
import shutil
import subprocess
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from conftest import ARTIFACTS, sign_in
from huurpad.accounts.models import AccessLog
from huurpad.accounts.roles import Role
from huurpad.cases import events
from huurpad.core.calendar import add_months
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.messaging.tests.test_texts import facts_for
from huurpad.messaging.texts import render
from huurpad.signals import evidence
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import Arrangement, Pause
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)
S = EarlySignal.Status


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def signal_in_batch(tenancy, day: date, *, up_to: date | None = None, fmt: str = "json") -> EarlySignal:
    """An exported signal, in a batch with another household's signal (which must stay out of the
    pack), the batch written as the municipality got it."""
    other = make_tenancy(surname="Anderhuis", phone="0687654321")
    signals = [
        EarlySignal.objects.create(
            tenancy=t,
            status=S.EXPORTED,
            municipality_code="GM0363",
            amount_cents=cents,
            arrears_since=day - timedelta(days=60),
            signal_date=day,
        )
        for t, cents in ((other, 90000), (tenancy, 160000))
    ]
    records = [
        {
            "kenmerk": s.reference,
            "bedrag": f"{s.amount:.2f}",
            "ontstaansdatum": s.arrears_since.isoformat(),
            "signaaldatum": day.isoformat(),
            "crisissignaal": False,
            "warmeOverdracht": False,
            "signaalpartnerType": "Huur",
            "voorletters": s.tenancy.tenant.initials,
            "achternaam": s.tenancy.tenant.surname,
            "postcode": s.tenancy.postcode,
        }
        for s in signals
    ]
    if fmt == "json":
        content = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        header = ",".join(records[0])
        content = (
            header
            + "\n"
            + "".join(
                ",".join(str(v).lower() if isinstance(v, bool) else str(v) for v in r.values()) + "\n" for r in records
            )
        )
    batch = SignalExport.objects.create(
        municipality_code="GM0363", format=fmt, up_to=up_to or day, count=2, content=content, sha256="ab" * 32
    )
    EarlySignal.objects.filter(pk__in=[s.pk for s in signals]).update(export=batch)
    events.early_signal_sent(tenancy, up_to or day, municipality_code="GM0363", amount=Decimal("1600.00")).save()
    return EarlySignal.objects.select_related("export").get(pk=signals[1].pk)


def build_case(today: date, user) -> dict:
    """Six months of rent (June to November for 27 November), paid less and less; every step a
    corporation takes before court, each on its day."""
    m = [add_months(today.replace(day=1), k) for k in range(-5, 1)]
    tenancy = make_tenancy("HC4711", surname="Bakker", initials="A.", phone="0612345678", start=date(2024, 1, 1))
    book(
        tenancy,
        "\n".join(
            [f"{d} rent 650.00\n{d} service_costs 50.00" for d in m]
            + [
                f"{m[0] + timedelta(days=2)} payment 700.00",
                f"{m[1] + timedelta(days=4)} payment 300.00",
                f"{m[4] + timedelta(days=14)} payment 200.00",
            ]
        ),
    )
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1234",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        email="huur@delinde.example",
    )
    reminder_day = m[1] + timedelta(days=19)
    events.reminder_letter(tenancy, reminder_day, offers_data_sharing=True, points_to_debt_help=True).save()
    written = render(
        "reminder_letter",
        "long",
        **facts_for("reminder_letter")
        | {
            "name": "mevrouw Bakker",
            "corporation": "Woonstichting De Linde",
            "ref": "HC4711",
            "amount": Decimal("1400.00"),
            "object_before": reminder_day + timedelta(days=14),
        },
    )
    letter = OutboxMessage.objects.create(
        tenancy=tenancy,
        action="reminder_letter",
        channel="letter",
        day=reminder_day,
        status=OutboxMessage.Status.SENT,
        sent_at=at(reminder_day),
        recipient="A. Bakker\nLindelaan 1\n1234 AB Lindestad",
        subject=written.subject,
        body=written.body,
    )
    events.message_sent(tenancy, reminder_day, action="reminder_letter", channel="letter").save()
    OutboxMessage.objects.create(
        tenancy=tenancy,
        action="nudge",
        channel="sms",
        day=m[1] + timedelta(days=9),
        status=OutboxMessage.Status.SENT,
        sent_at=at(m[1] + timedelta(days=9)),
        recipient="0612345678",
        body="Beste mevrouw Bakker, de huur van juli is nog niet betaald.",
    )
    OutboxMessage.objects.create(
        tenancy=tenancy, action="nudge", channel="sms", day=today, recipient="0612345678", body="Nog in de wachtrij"
    )
    events.contact_attempt(
        tenancy, m[1] + timedelta(days=24), channel="phone", reached=False, day_part="ochtend"
    ).save()
    visit = m[2] + timedelta(days=1)
    events.contact_attempt(
        tenancy, visit, channel="visit", reached=True, outcome="help_wanted", note="Werk kwijtgeraakt"
    ).save()
    events.debt_help_pointed(tenancy, visit, channel="visit").save()
    signal = signal_in_batch(tenancy, m[3])
    feedback_day = m[3] + timedelta(days=19)
    raw = json.dumps(
        {
            "kenmerk": signal.reference,
            "resultaat": "Inwoner heeft hulp geaccepteerd",
            "datum": feedback_day.isoformat(),
            "eerste_contact": (m[3] + timedelta(days=9)).isoformat(),
        },
        ensure_ascii=False,
    )
    EarlySignal.objects.filter(pk=signal.pk).update(
        result_code="Inwoner heeft hulp geaccepteerd",
        result_date=feedback_day,
        first_contact=m[3] + timedelta(days=9),
        feedback_raw=raw,
    )
    events.signal_feedback(tenancy, feedback_day, result="Inwoner heeft hulp geaccepteerd").save()
    events.creditors_reported(tenancy, feedback_day, count=3).save()
    Pause.objects.create(
        tenancy=tenancy,
        reason=Pause.Reason.MUNICIPAL_HELP,
        start=feedback_day,
        review_date=feedback_day + timedelta(days=30),
        ended_on=feedback_day + timedelta(days=30),
        created_by=user,
        note="terugkoppeling van de gemeente",
    )
    events.pause_started(
        tenancy, feedback_day, reason="municipal_help", review_date=(feedback_day + timedelta(days=30)).isoformat()
    ).save()
    events.pause_ended(tenancy, feedback_day + timedelta(days=30)).save()
    Arrangement.objects.create(
        tenancy=tenancy,
        status=Arrangement.Status.ENDED,
        source=Arrangement.Source.TENANT,
        arrears_at_start_cents=210000,
        instalment_cents=15000,
        count=14,
        first_due=m[4] + timedelta(days=14),
        created_by=user,
        started_on=m[4],
        ended_on=m[4] + timedelta(days=25),
        end_reason="afgebroken",
    )
    events.arrangement_started(tenancy, m[4], arrears_at_start="2100.00", instalment="150.00", count=14).save()
    events.arrangement_ended(tenancy, m[4] + timedelta(days=25), reason="afgebroken").save()
    return {"tenancy": tenancy, "signal": signal, "letter": letter, "months": m, "raw_feedback": raw}


@pytest.fixture
def case(django_user_model):
    user = django_user_model.objects.create_user("ilse")
    user.groups.add(Group.objects.get(name=Role.INCASSOMEDEWERKER.value))
    return build_case(TODAY, user) | {"user": user}


def pdf_text(content: bytes, html: str) -> str:
    """The PDF's text, with pdftotext where it is installed; else the text WeasyPrint laid out
    from the same HTML (what went into the PDF)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    else:
        out = " ".join(box.text for _, box in laid_out(HTML(string=html).render()))
    return " ".join(out.split())


def laid_out(document) -> list[tuple[int, boxes.TextBox]]:
    found = []

    def walk(box, page):
        if isinstance(box, boxes.TextBox):
            found.append((page, box))
        for child in getattr(box, "children", []):
            walk(child, page)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number)
    return found


# --- what the pack holds -------------------------------------------------------------------


def test_the_pack_holds_every_step_with_its_date(case):
    pack = evidence.assemble(case["tenancy"], today=TODAY)
    m, signal = case["months"], case["signal"]
    assert pack.summons_date == TODAY + timedelta(days=14)
    assert pack.position.arrears == Decimal("3000.00")
    # 1,200.00 paid: June, then most of July's rent (oldest first); August to November open.
    assert [(i.due_date, i.label, i.open) for i in pack.open_items] == [
        (m[1], "Huur", Decimal("150.00")),
        (m[1], "Servicekosten", Decimal("50.00")),
        *[
            (d, label, Decimal(amount))
            for d in m[2:]
            for label, amount in (("Huur", "650.00"), ("Servicekosten", "50.00"))
        ],
    ]
    assert pack.open_total == Decimal("3000.00")
    assert [c.met for c in pack.bgs["conditions"]] == [True, True, True, True]
    assert [(i.date, i.title) for i in pack.reminders] == [(m[1] + timedelta(days=19), "Herinneringsbrief")]
    assert [(i.date, i.title) for i in pack.letters] == [
        (m[1] + timedelta(days=19), "Herinnering: uw huur is nog niet betaald")
    ]
    assert pack.letters[0].text == case["letter"].body
    assert [(i.date, dict(i.details)["Kanaal"]) for i in pack.contacts] == [
        (m[1] + timedelta(days=24), "telefoon"),
        (m[2] + timedelta(days=1), "huisbezoek"),
    ]
    assert [i.date for i in pack.messages] == [m[1] + timedelta(days=9)]  # the queued one did not go out
    assert [(i.date, i.title) for i in pack.debt_help] == [
        (m[1] + timedelta(days=19), "In de herinneringsbrief"),
        (m[2] + timedelta(days=1), "Gewezen op schuldhulp"),
    ]
    assert [i.date for i in pack.data_sharing] == [m[1] + timedelta(days=19)]
    assert pack.objections == []
    assert [(i.date, i.title) for i in pack.signals] == [(m[3], f"Vroegsignaal {signal.reference} verstuurd")]
    assert dict(pack.signals[0].details)["Bedrag"] == "€ 1.600,00"
    assert [i.title for i in pack.feedback] == [
        f"Resultaat voor {signal.reference}: Inwoner heeft hulp geaccepteerd",
        "Gemeente meldt meerdere schuldeisers",
    ]  # the event repeating the result is not shown twice
    assert pack.feedback[0].text == case["raw_feedback"]
    assert [(i.date, dict(i.details)["Status"]) for i in pack.arrangements] == [(m[4], "Beëindigd")]
    assert [(i.date, dict(i.details)["Reden"]) for i in pack.pauses] == [
        (m[3] + timedelta(days=19), "Gemeente meldt: hulp aanvaard")
    ]
    assert pack.signal_date == m[3] and pack.rotterdam_rule_met
    assert pack.missing == []


def test_only_this_households_record_leaves_the_export_exactly_as_written(case):
    signal = case["signal"]
    text, ext = evidence.signal_record(signal)
    assert ext == "json"
    assert text.rstrip("\n") in signal.export.content  # byte for byte what went to the municipality
    assert json.loads(text)["kenmerk"] == signal.reference
    assert "Anderhuis" not in text and "Anderhuis" in signal.export.content


def test_a_csv_export_gives_its_header_and_this_households_line(case):
    signal = signal_in_batch(make_tenancy(surname="Smit"), date(2026, 9, 1), fmt="csv")
    text, ext = evidence.signal_record(signal)
    header, line = text.splitlines()
    assert ext == "csv" and header.startswith("kenmerk,bedrag") and line.startswith(f"{signal.reference},1600.00,")
    lines = signal.export.content.splitlines()
    assert header == lines[0] and line in lines[1:] and "Anderhuis" not in text  # each line as written


# --- the Rotterdam rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    "summons, met", [(date(2026, 10, 31), False), (date(2026, 11, 1), True), (date(2026, 11, 2), True)]
)
def test_the_rotterdam_rule_wants_two_full_months(case, summons, met):
    # The signal went on 1 September: the first summons day that meets the rule is 1 November.
    pack = evidence.assemble(case["tenancy"], summons, today=date(2026, 10, 25))
    assert pack.signal_date == date(2026, 9, 1) and pack.rotterdam_from == date(2026, 11, 1)
    assert pack.rotterdam_rule_met is met
    assert ("rotterdam" in [x.code for x in pack.missing]) is not met


def test_the_rule_counts_from_the_day_the_batch_went(django_user_model):
    tenancy = make_tenancy("HC5000")
    book(tenancy, "2026-06-01 rent 700.00")
    signal_in_batch(tenancy, date(2026, 9, 1), up_to=date(2026, 9, 4))  # prepared on the 1st, sent on the 4th
    pack = evidence.assemble(tenancy, date(2026, 11, 3), today=TODAY)
    assert pack.signal_date == date(2026, 9, 4) and pack.rotterdam_from == date(2026, 11, 4)
    assert not pack.rotterdam_rule_met


def test_months_end_where_the_month_ends():
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)
    assert add_months(date(2026, 1, 15), -5) == date(2025, 8, 15)


# --- what is missing -----------------------------------------------------------------------


def test_without_a_signal_the_pack_says_so(django_user_model):
    tenancy = make_tenancy("HC6000")
    book(tenancy, "2026-08-01 rent 700.00\n2026-09-01 rent 700.00\n2026-10-01 rent 700.00")
    events.reminder_letter(tenancy, date(2026, 8, 20), offers_data_sharing=True, points_to_debt_help=False).save()
    pack = evidence.assemble(tenancy, today=TODAY)
    codes = [x.code for x in pack.missing]
    assert not pack.rotterdam_rule_met and pack.signal_date is None
    assert "no_signal" in codes
    assert {"bgs_a", "bgs_b"} <= set(codes)  # never called or visited, debt help never pointed out
    assert "letter_text" in codes  # the letter is on the timeline, its text is not in Huurpad
    assert "bgs_c" not in codes and "bgs_d" not in codes
    content = evidence.pdf(pack)
    assert content.startswith(b"%PDF-")
    (ARTIFACTS / "evidence").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "evidence" / "bewijsdossier-met-gaten.pdf").write_bytes(content)  # the gaps on the title page
    text = pdf_text(content, evidence.html(pack))
    assert "Termijn rechtbank Rotterdam: niet gehaald" in text and "Wat ontbreekt of in de weg staat (4)" in text


def test_a_letter_marked_sent_without_its_text_does_not_count_as_its_text(case):
    """A step marked done by hand (proposals.carry_out) sends no written letter: the pack has its date, not its text."""
    OutboxMessage.objects.filter(pk=case["letter"].pk).update(body="")
    pack = evidence.assemble(case["tenancy"], today=TODAY)
    assert "letter_text" in [x.code for x in pack.missing]


def test_an_objection_on_file_is_listed(case):
    tenancy = case["tenancy"]
    events.data_sharing_objection(tenancy, date(2026, 11, 20)).save()
    pack = evidence.assemble(tenancy, today=TODAY)
    codes = [x.code for x in pack.missing]
    assert "objection" in codes and "bgs_d" not in codes  # said once, with its date
    assert "20 november 2026" in next(x.text for x in pack.missing if x.code == "objection")
    assert [i.date for i in pack.objections] == [date(2026, 11, 20)]


def test_a_running_pause_stands_in_the_way(case):
    Pause.objects.create(
        tenancy=case["tenancy"],
        reason=Pause.Reason.OFFICER,
        start=date(2026, 11, 20),
        review_date=date(2026, 12, 20),
        created_by=case["user"],
    )
    assert "pause_running" in [x.code for x in evidence.assemble(case["tenancy"], today=TODAY).missing]


def test_no_arrears_is_listed(django_user_model):
    tenancy = make_tenancy("HC7000")
    book(tenancy, "2026-11-01 rent 700.00\n2026-11-01 payment 700.00")
    pack = evidence.assemble(tenancy, today=TODAY)
    assert pack.bgs is None and [x.code for x in pack.missing] == ["no_arrears", "no_signal"]
    assert evidence.pdf(pack).startswith(b"%PDF-")  # an empty pack prints too


# --- the files -----------------------------------------------------------------------------


def test_the_pdf_shows_every_part(case):
    pack = evidence.assemble(case["tenancy"], today=TODAY)
    content = evidence.pdf(pack)
    assert content.startswith(b"%PDF-")
    folder = ARTIFACTS / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bewijsdossier.pdf").write_bytes(content)
    text = pdf_text(content, evidence.html(pack))
    signal = case["signal"]
    for shown in (
        "Woonstichting De Linde",
        "Bewijsdossier huurachterstand",
        "HC4711",
        "A. Bakker",
        "27 november 2026",
        "11 december 2026",
        "Termijn rechtbank Rotterdam: gehaald",
        "Er ontbreekt niets",
        "€ 3.000,00",
        "Herinnering: uw huur is nog niet betaald",
        "Contactpogingen",
        "huisbezoek",
        "Gewezen op schuldhulp",
        "Geen bezwaar vastgelegd",
        signal.reference,
        "1 september 2026",
        "Inwoner heeft hulp geaccepteerd",
        "Betalingsregelingen",
        "afgebroken",
        "Gemeente meldt: hulp aanvaard",
        "tijdlijn.json",
        "Pagina 1 van",
    ):
        assert shown in text, f"{shown!r} not in the PDF"
    assert "Anderhuis" not in text


def test_nothing_runs_off_the_page(case):
    """Long lines (the export record, the hash, the letter) wrap inside the page's margins."""
    pack = evidence.assemble(case["tenancy"], today=TODAY)
    document = HTML(string=evidence.html(pack)).render()
    texts = laid_out(document)
    assert 4 <= len(document.pages) <= 12
    page_width = document.pages[0].width
    right_margin_edge = page_width - 18 * 96 / 25.4  # the 18 mm right margin, in CSS pixels
    wide = [(page, box.text) for page, box in texts if box.position_x + box.width > right_margin_edge + 1]
    assert not wide, f"text beyond the right margin: {wide[:3]}"
    words = " ".join(box.text for _, box in texts)
    assert "Bewijsdossier huurachterstand" in words and case["signal"].reference in words


def test_the_zip_holds_the_pdf_and_the_originals(case):
    pack = evidence.assemble(case["tenancy"], today=TODAY)
    signal, letter = case["signal"], case["letter"]
    archive = zipfile.ZipFile(io.BytesIO(evidence.zip_file(pack)))
    assert (
        archive.namelist()
        == [
            "bewijsdossier-HC4711-2026-11-27.pdf",
            f"brieven/2026-07-20-huurpad{letter.pk}-reminder_letter.pdf",
            f"vroegsignaal/{signal.reference}-export-{signal.export_id}.json",
            f"terugkoppeling/{signal.reference}.json",
            "tijdlijn.json",
        ]
        == pack.file_names
    )
    for name in archive.namelist():
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF-")
    record = archive.read(f"vroegsignaal/{signal.reference}-export-{signal.export_id}.json").decode()
    assert record.rstrip("\n") in signal.export.content and "Anderhuis" not in record
    assert archive.read(f"terugkoppeling/{signal.reference}.json").decode() == case["raw_feedback"]
    timeline = json.loads(archive.read("tijdlijn.json"))
    assert timeline["contract"] == "HC4711"
    kinds = [e["soort"] for e in timeline["gebeurtenissen"]]
    assert kinds.count("contact_attempt") == 2 and "early_signal_sent" in kinds and "arrangement_ended" in kinds
    assert [e["datum"] for e in timeline["gebeurtenissen"]] == sorted(e["datum"] for e in timeline["gebeurtenissen"])
    if shutil.which("pdftotext"):
        assert "Herinnering: uw huur is nog niet betaald" in pdf_text(archive.read(archive.namelist()[1]), "")


# --- the page ------------------------------------------------------------------------------


@pytest.fixture
def live_case(django_user_model):
    """The same case dated from today, for the pages (which work from today)."""
    user = django_user_model.objects.create_user("ilse")
    user.groups.add(Group.objects.get(name=Role.INCASSOMEDEWERKER.value))
    return build_case(timezone.localdate(), user) | {"user": user}


def test_the_page_shows_the_pack_and_logs_each_view_and_download(client, live_case):
    client.force_login(live_case["user"])
    url = "/huurcontract/HC4711/bewijsdossier/"
    summons = timezone.localdate() + timedelta(days=30)
    response = client.get(url, {"dagvaarding": summons.isoformat()})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Wat het dossier bevat" in page and "Termijn rechtbank Rotterdam" in page and summons.isoformat() in page
    assert response.context["pack"].summons_date == summons
    for download, kind in (("pdf", "application/pdf"), ("zip", "application/zip")):
        response = client.get(url, {"dagvaarding": summons.isoformat(), "download": download})
        assert response.status_code == 200 and response["Content-Type"] == kind
        assert response["Content-Disposition"].startswith('attachment; filename="bewijsdossier-HC4711-')
    assert response.content.startswith(b"PK")
    logged = list(AccessLog.objects.filter(object_id="HC4711").order_by("id").values_list("action", flat=True))
    assert logged == ["view", "evidence_pdf", "evidence_zip"]


def test_a_wrong_date_is_refused_and_nothing_downloads(client, live_case):
    client.force_login(live_case["user"])
    response = client.get("/huurcontract/HC4711/bewijsdossier/", {"dagvaarding": "morgen", "download": "pdf"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "Vul een datum in" in response.content.decode()


@pytest.mark.parametrize(
    "role, shown", [(Role.INCASSOMEDEWERKER, True), (Role.TEAMLEIDER, True), (Role.WOONCONSULENT, False)]
)
def test_the_tenancy_page_links_to_the_pack_for_those_who_may_make_it(
    client, live_case, django_user_model, role, shown
):
    user = django_user_model.objects.create_user(f"u-{role.value}")
    user.groups.add(Group.objects.get(name=role.value))
    client.force_login(user)
    page = client.get("/huurcontract/HC4711/").content.decode()
    assert ("Bewijsdossier voor de rechter" in page) is shown


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_a_browser_from_the_tenancy_page_to_the_pack(live_server, django_user_model, browser_page, look):
    user = django_user_model.objects.create_user("tom", password="geheim-wachtwoord-1")
    user.groups.add(Group.objects.get(name=Role.TEAMLEIDER.value))
    case = build_case(timezone.localdate(), user)
    page, url = browser_page, live_server.url
    sign_in(page, url, "tom")
    page.goto(f"{url}/huurcontract/HC4711/")
    page.get_by_role("link", name="Bewijsdossier voor de rechter").click()
    page.get_by_role("heading", name="Wat het dossier bevat").wait_for()
    look("pack")
    too_soon = add_months(case["months"][3], 2) - timedelta(days=1)  # a day before the two months are up
    page.get_by_label("Datum van de dagvaarding").fill(too_soon.isoformat())
    page.get_by_role("button", name="Dossier bijwerken").click()
    page.get_by_text("niet gehaald").first.wait_for()
    assert "minder dan 2 maanden" in page.locator("#dossier-ontbreekt").locator("..").inner_text()
    look("pack-too-soon")
