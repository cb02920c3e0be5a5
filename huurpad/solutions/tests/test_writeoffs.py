"""Write-offs in four steps (toolkit 3.6): four different people, one winner per step, the credit
booked and the letter queued on the manager's approval, and the rules that stop it on the way."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from huurpad.accounts.roles import Role
from huurpad.cases import events
from huurpad.cases.models import CaseEvent
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.solutions import writeoffs
from huurpad.solutions.models import Pause, WriteOff
from huurpad.solutions.writeoffs import NotPermitted, WriteOffError
from huurpad.tenancies import arrears
from huurpad.tenancies.models import LedgerEntry
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)
LEDGER = """
2025-01-01 rent 700.00
2025-02-01 rent 700.00
2025-03-01 rent 700.00
"""  # 2,100.00 in arrears from March on
S = WriteOff.Status


def person(django_user_model, username: str, *roles: Role):
    user = django_user_model.objects.create_user(username=username, password="x")
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def staff(django_user_model):
    return {
        "officer": person(django_user_model, "ilse", Role.INCASSOMEDEWERKER),
        "colleague": person(django_user_model, "joost", Role.INCASSOMEDEWERKER),  # has not touched the write-off
        "lead": person(django_user_model, "tom", Role.TEAMLEIDER),
        "controller": person(django_user_model, "cas", Role.CONTROLLER),
        "manager": person(django_user_model, "mona", Role.MANAGER),
        "manager2": person(django_user_model, "max", Role.MANAGER),
        "partner": person(django_user_model, "paula", Role.PARTNER),
        "outsider": person(django_user_model, "olaf"),
    }


@pytest.fixture
def tenancy():
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Lindeplein 1",
        postcode_city="1234 AB Lindestad",
        phone="010 123 45 67",
    )
    made = make_tenancy("HC500", rent="650.00", service_costs="50.00", initials="A.", surname="de Vries")
    book(made, LEDGER)
    return made


def proposed(tenancy, staff, amount="1500.00", conditions="U neemt hulp aan van het buurtteam.") -> WriteOff:
    return writeoffs.propose(
        tenancy,
        Decimal(amount),
        "Terugbetalen lukt niet; wel werk gevonden.",
        conditions,
        TODAY,
        category="fresh_start",
        acting_user=staff["officer"],
    )


def assessed(tenancy, staff) -> WriteOff:
    write_off = proposed(tenancy, staff)
    writeoffs.review(
        write_off, True, amount=Decimal("1200.00"), note="Iets lager", today=TODAY, acting_user=staff["lead"]
    )
    writeoffs.assess(write_off, True, note="Klopt", today=TODAY, acting_user=staff["controller"])
    return write_off


def credits(tenancy) -> list[tuple]:
    return list(
        LedgerEntry.objects.filter(tenancy=tenancy, kind="write_off").values_list("external_id", "amount_cents", "date")
    )


# The four steps -----------------------------------------------------------------------------------


def test_four_steps_by_four_people_book_the_credit_and_queue_the_letter(tenancy, staff):
    write_off = assessed(tenancy, staff)
    assert write_off.status == S.ASSESSED and write_off.amount_cents == 120000
    writeoffs.decide(write_off, True, note="Akkoord", today=TODAY, acting_user=staff["manager"])

    assert write_off.status == S.APPROVED
    assert credits(tenancy) == [(f"writeoff:{write_off.pk}", 120000, TODAY)]
    assert arrears.owed(tenancy, TODAY) == Decimal("900.00")  # 2,100.00 - 1,200.00
    steps = [
        (s.step, s.actor.username, s.approved, s.amount_cents, s.note) for s in write_off.steps.select_related("actor")
    ]
    assert steps == [
        ("propose", "ilse", True, 150000, "Terugbetalen lukt niet; wel werk gevonden."),
        ("review", "tom", True, 120000, "Iets lager"),
        ("assess", "cas", True, 120000, "Klopt"),
        ("approve", "mona", True, 120000, "Akkoord"),
    ]
    timeline = list(tenancy.events.filter(type=CaseEvent.Type.WRITE_OFF_STEP).order_by("id"))
    assert [
        (e.date, e.actor.username, e.params["step"], e.params["amount"], e.params["approved"]) for e in timeline
    ] == [
        (TODAY, "ilse", "propose", "1500.00", True),
        (TODAY, "tom", "review", "1200.00", True),
        (TODAY, "cas", "assess", "1200.00", True),
        (TODAY, "mona", "approve", "1200.00", True),
    ]
    assert timeline[-1].params["write_off"] == write_off.pk
    (letter,) = OutboxMessage.objects.filter(tenancy=tenancy)
    assert (letter.action, letter.channel, letter.day, letter.status, letter.created_by) == (
        "write_off",
        "letter",
        TODAY,
        OutboxMessage.Status.QUEUED,
        staff["manager"],
    )
    assert letter.recipient == f"A. de Vries\nLindelaan {tenancy.house_number}\n1234 AB Lindestad"
    assert letter.subject == "We schelden € 1.200,00 van uw huurschuld kwijt"
    assert letter.body.startswith("Beste A. de Vries,")
    assert "We schelden € 1.200,00 van uw huurschuld kwijt." in letter.body
    assert "Dit hebben we samen afgesproken: U neemt hulp aan van het buurtteam." in letter.body
    assert "Betaal wel elke maand de huur: € 700,00." in letter.body
    assert "Bel ons dan op 010 123 45 67." in letter.body


def test_without_conditions_the_letter_leaves_the_sentence_out(tenancy, staff):
    write_off = proposed(tenancy, staff, conditions="")
    writeoffs.review(write_off, True, today=TODAY, acting_user=staff["lead"])
    writeoffs.assess(write_off, True, today=TODAY, acting_user=staff["controller"])
    writeoffs.decide(write_off, True, today=TODAY, acting_user=staff["manager"])
    assert credits(tenancy) == [(f"writeoff:{write_off.pk}", 150000, TODAY)]
    assert "afgesproken" not in OutboxMessage.objects.get(tenancy=tenancy).body


# Four different people ----------------------------------------------------------------------------


def test_the_same_person_cannot_take_two_decision_steps(tenancy, staff, django_user_model):
    both = person(django_user_model, "tessa", Role.TEAMLEIDER, Role.CONTROLLER)
    write_off = proposed(tenancy, staff)
    writeoffs.review(write_off, True, today=TODAY, acting_user=both)
    with pytest.raises(WriteOffError, match="U hebt al een stap gezet bij deze kwijtschelding"):
        writeoffs.assess(write_off, True, note="Ook goed", today=TODAY, acting_user=both)
    write_off.refresh_from_db()
    assert write_off.status == S.REVIEWED  # the UPDATE was rolled back with the refusal
    assert list(write_off.steps.values_list("step", flat=True)) == ["propose", "review"]
    assert tenancy.events.filter(type=CaseEvent.Type.WRITE_OFF_STEP).count() == 2
    writeoffs.assess(write_off, True, today=TODAY, acting_user=staff["controller"])  # a colleague can
    assert write_off.status == S.ASSESSED


def test_the_proposer_cannot_review_their_own_proposal(tenancy, django_user_model):
    Sender.objects.create(name="X", street_address="a", postcode_city="b", phone="1")
    officer_lead = person(django_user_model, "olga", Role.INCASSOMEDEWERKER, Role.TEAMLEIDER)
    write_off = writeoffs.propose(
        tenancy, Decimal("100.00"), "Lukt niet", "", TODAY, category="other", acting_user=officer_lead
    )
    with pytest.raises(WriteOffError, match="U hebt al een stap gezet"):
        writeoffs.review(write_off, True, today=TODAY, acting_user=officer_lead)
    assert WriteOff.objects.get(pk=write_off.pk).status == S.PROPOSED


# One winner ---------------------------------------------------------------------------------------


def test_a_double_approval_books_once(tenancy, staff):
    """Two managers click at the same time: both loaded the write-off while it waited for them."""
    write_off = assessed(tenancy, staff)
    first, second = WriteOff.objects.get(pk=write_off.pk), WriteOff.objects.get(pk=write_off.pk)
    writeoffs.decide(first, True, today=TODAY, acting_user=staff["manager"])
    with pytest.raises(WriteOffError, match="al door iemand anders behandeld"):
        writeoffs.decide(second, True, today=TODAY, acting_user=staff["manager2"])
    assert credits(tenancy) == [(f"writeoff:{write_off.pk}", 120000, TODAY)]
    assert OutboxMessage.objects.filter(tenancy=tenancy).count() == 1
    assert list(write_off.steps.filter(step="approve").values_list("actor__username", flat=True)) == ["mona"]


def test_the_update_is_conditional_on_the_status_in_the_database(tenancy, staff):
    """The object in memory still says 'assessed'; the database moved on behind its back."""
    write_off = assessed(tenancy, staff)
    WriteOff.objects.filter(pk=write_off.pk).update(status=S.REJECTED)
    assert write_off.status == S.ASSESSED
    with pytest.raises(WriteOffError, match="al door iemand anders behandeld"):
        writeoffs.decide(write_off, True, today=TODAY, acting_user=staff["manager"])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.REJECTED
    assert credits(tenancy) == []
    assert not OutboxMessage.objects.exists()
    assert not write_off.steps.filter(step="approve").exists()


def test_a_review_behind_the_back_is_not_reviewed_twice(tenancy, staff, django_user_model):
    write_off = proposed(tenancy, staff)
    stale = WriteOff.objects.get(pk=write_off.pk)
    writeoffs.review(write_off, False, note="Eerst hulp", today=TODAY, acting_user=staff["lead"])
    other_lead = person(django_user_model, "tim", Role.TEAMLEIDER)
    with pytest.raises(WriteOffError, match="al door iemand anders behandeld"):
        writeoffs.review(stale, True, today=TODAY, acting_user=other_lead)
    assert WriteOff.objects.get(pk=write_off.pk).status == S.REJECTED
    assert list(write_off.steps.values_list("step", "approved")) == [("propose", True), ("review", False)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the threads' connections see it
def test_two_connections_deciding_at_once_exactly_one_wins(tenancy, staff):
    """Two threads, each with its own database connection, approve at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections at once (PostgreSQL)")
    write_off = assessed(tenancy, staff)
    loaded = [WriteOff.objects.get(pk=write_off.pk) for _ in range(2)]
    start, results = threading.Barrier(2), []

    def approve(obj, user):
        try:
            start.wait()
            writeoffs.decide(obj, True, today=TODAY, acting_user=user)
            results.append("won")
        except WriteOffError as exc:
            results.append(str(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(obj, staff[who])) for obj, who in zip(loaded, ["manager", "manager2"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == sorted(["won", writeoffs.TAKEN])
    assert credits(tenancy) == [(f"writeoff:{write_off.pk}", 120000, TODAY)]
    assert OutboxMessage.objects.filter(tenancy=tenancy).count() == 1
    assert write_off.steps.filter(step="approve").count() == 1


# Rejection, amounts, the creditors' block ---------------------------------------------------------


@pytest.mark.parametrize("rejected_at", ["review", "assess", "approve"])
def test_a_rejection_ends_it(tenancy, staff, rejected_at):
    write_off = proposed(tenancy, staff)
    steps = [
        (
            "review",
            lambda approved: writeoffs.review(write_off, approved, note="Nee", today=TODAY, acting_user=staff["lead"]),
        ),
        (
            "assess",
            lambda approved: writeoffs.assess(
                write_off, approved, note="Nee", today=TODAY, acting_user=staff["controller"]
            ),
        ),
        (
            "approve",
            lambda approved: writeoffs.decide(
                write_off, approved, note="Nee", today=TODAY, acting_user=staff["manager"]
            ),
        ),
    ]
    for name, take in steps:
        take(name != rejected_at)
        if name == rejected_at:
            break
    assert WriteOff.objects.get(pk=write_off.pk).status == S.REJECTED
    for _, take in steps:  # nothing moves it any more
        with pytest.raises(WriteOffError, match="wacht niet op deze stap"):
            take(True)
    assert credits(tenancy) == []
    assert not OutboxMessage.objects.exists()
    assert write_off.steps.get(step=rejected_at).approved is False


def test_the_amount_is_above_zero_and_at_most_the_arrears(tenancy, staff):
    with pytest.raises(WriteOffError, match=r"hoger dan de achterstand van vandaag \(€ 2\.100,00\)"):
        proposed(tenancy, staff, amount="2100.01")
    with pytest.raises(WriteOffError, match="boven nul"):
        proposed(tenancy, staff, amount="0")
    assert not WriteOff.objects.exists()
    assert proposed(tenancy, staff, amount="2100.00").amount_cents == 210000


def test_nothing_to_write_off_without_arrears(staff):
    quiet = make_tenancy("HC502")
    with pytest.raises(WriteOffError, match="geen achterstand"):
        writeoffs.propose(
            quiet, Decimal("10.00"), "Lukt niet", "", TODAY, category="other", acting_user=staff["officer"]
        )


def test_the_team_leader_may_lower_the_amount_but_not_raise_it(tenancy, staff):
    write_off = proposed(tenancy, staff, amount="1000.00")
    with pytest.raises(WriteOffError, match="alleen lager"):
        writeoffs.review(write_off, True, amount=Decimal("1000.01"), today=TODAY, acting_user=staff["lead"])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.PROPOSED
    writeoffs.review(write_off, True, amount=Decimal("999.99"), today=TODAY, acting_user=staff["lead"])
    assert (write_off.status, write_off.amount_cents) == (S.REVIEWED, 99999)


def test_only_one_open_write_off_per_tenancy(tenancy, staff):
    proposed(tenancy, staff, amount="100.00")
    with pytest.raises(WriteOffError, match="Er loopt al een voorstel"):
        proposed(tenancy, staff, amount="200.00")


def test_several_creditors_block_a_write_off_until_debt_help_runs(tenancy, staff):
    events.creditors_reported(tenancy, date(2025, 5, 20), count=4).save()
    with pytest.raises(WriteOffError, match="meerdere schuldeisers"):
        proposed(tenancy, staff)
    officer_pause = Pause.objects.create(
        tenancy=tenancy,
        reason=Pause.Reason.OFFICER,
        start=date(2025, 5, 21),
        review_date=date(2025, 6, 30),
        created_by=staff["officer"],
    )
    with pytest.raises(WriteOffError, match="meerdere schuldeisers"):  # the officer's own pause is no trajectory
        proposed(tenancy, staff)
    Pause.objects.filter(pk=officer_pause.pk).update(ended_on=date(2025, 5, 25))
    Pause.objects.create(
        tenancy=tenancy,
        reason=Pause.Reason.KENNISGEVING,
        start=date(2025, 5, 26),
        review_date=date(2025, 9, 26),
        created_by=staff["officer"],
    )
    assert writeoffs.waits_for_debt_help(tenancy, TODAY) is False
    assert proposed(tenancy, staff).status == S.PROPOSED
    assert not WriteOff.objects.filter(status=S.REJECTED).exists()


def test_a_report_of_creditors_before_the_approval_stops_the_booking(tenancy, staff):
    write_off = assessed(tenancy, staff)
    events.creditors_reported(tenancy, TODAY, count=2).save()
    with pytest.raises(WriteOffError, match="meerdere schuldeisers"):
        writeoffs.decide(write_off, True, today=TODAY, acting_user=staff["manager"])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.ASSESSED
    assert credits(tenancy) == []
    writeoffs.decide(
        write_off, False, note="Eerst schuldhulp", today=TODAY, acting_user=staff["manager"]
    )  # rejecting still can
    assert write_off.status == S.REJECTED


def test_a_creditors_report_without_any_event_leaves_it_open(tenancy):
    assert writeoffs.waits_for_debt_help(tenancy, TODAY) is False
    events.creditors_reported(tenancy, date(2025, 6, 3), count=3).save()  # reported after today
    assert writeoffs.waits_for_debt_help(tenancy, TODAY) is False
    assert writeoffs.waits_for_debt_help(tenancy, date(2025, 6, 3)) is True


# The controller's question ------------------------------------------------------------------------


def test_the_question_blocks_the_assessment_until_it_is_answered(tenancy, staff):
    write_off = proposed(tenancy, staff)
    writeoffs.review(write_off, True, today=TODAY, acting_user=staff["lead"])
    stale = WriteOff.objects.get(pk=write_off.pk)  # loaded before the question
    writeoffs.ask(write_off, "Heeft de huurder de hulp al aanvaard?", today=TODAY, acting_user=staff["controller"])
    assert write_off.open_question == "Heeft de huurder de hulp al aanvaard?"
    with pytest.raises(WriteOffError, match="Er staat nog een vraag open"):
        writeoffs.assess(write_off, True, today=TODAY, acting_user=staff["controller"])
    with pytest.raises(WriteOffError, match="al door iemand anders behandeld"):  # the UPDATE checks it too
        writeoffs.assess(stale, True, today=TODAY, acting_user=staff["controller"])
    with pytest.raises(WriteOffError, match="Er staat al een vraag open"):
        writeoffs.ask(write_off, "Nog een vraag", today=TODAY, acting_user=staff["controller"])
    with pytest.raises(WriteOffError, match="U stelde de vraag zelf"):
        writeoffs.answer(write_off, "Ja", today=TODAY, acting_user=staff["controller"])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.REVIEWED

    writeoffs.answer(write_off, "Ja, sinds vorige week bij het buurtteam.", today=TODAY, acting_user=staff["colleague"])
    assert write_off.open_question == ""
    writeoffs.assess(write_off, True, today=TODAY, acting_user=staff["controller"])  # the asker assesses after all
    assert write_off.status == S.ASSESSED
    assert list(write_off.steps.values_list("step", "actor__username", "approved", "note")) == [
        ("propose", "ilse", True, "Terugbetalen lukt niet; wel werk gevonden."),
        ("review", "tom", True, ""),
        ("question", "cas", None, "Heeft de huurder de hulp al aanvaard?"),
        ("answer", "joost", None, "Ja, sinds vorige week bij het buurtteam."),
        ("assess", "cas", True, ""),
    ]
    with pytest.raises(WriteOffError, match="Er staat geen vraag open"):
        writeoffs.answer(write_off, "Nog iets", today=TODAY, acting_user=staff["colleague"])


def test_whoever_answered_the_question_takes_no_decision_step(tenancy, staff, django_user_model):
    """The manager answers the controller's question, and may then not give the final approval."""
    write_off = proposed(tenancy, staff)
    writeoffs.review(write_off, True, today=TODAY, acting_user=staff["lead"])
    writeoffs.ask(write_off, "Is er hulp?", today=TODAY, acting_user=staff["controller"])
    writeoffs.answer(write_off, "Ja, het buurtteam.", today=TODAY, acting_user=staff["manager"])
    writeoffs.assess(write_off, True, today=TODAY, acting_user=staff["controller"])
    assert writeoffs.next_step(write_off, staff["manager"]) == ""
    with pytest.raises(WriteOffError, match="U beantwoordde de vraag van de controller"):
        writeoffs.decide(write_off, True, today=TODAY, acting_user=staff["manager"])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.ASSESSED and not credits(tenancy)
    assert writeoffs.next_step(write_off, staff["manager2"]) == "approve"
    writeoffs.decide(write_off, True, today=TODAY, acting_user=staff["manager2"])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.APPROVED


def test_whoever_answered_does_not_ask_or_assess_as_controller(tenancy, staff, django_user_model):
    both = person(django_user_model, "bo", Role.CONTROLLER)
    write_off = proposed(tenancy, staff)
    writeoffs.review(write_off, True, today=TODAY, acting_user=staff["lead"])
    writeoffs.ask(write_off, "Is er hulp?", today=TODAY, acting_user=staff["controller"])
    writeoffs.answer(write_off, "Ja.", today=TODAY, acting_user=both)  # a second controller answers ...
    with pytest.raises(WriteOffError, match="U beantwoordde de vraag"):
        writeoffs.ask(write_off, "En werk?", today=TODAY, acting_user=both)  # ... and may then not ask
    with pytest.raises(WriteOffError, match="U beantwoordde de vraag"):
        writeoffs.assess(write_off, True, today=TODAY, acting_user=both)  # ... nor assess
    assert writeoffs.next_step(write_off, both) == ""


@pytest.mark.parametrize("who", ["officer", "lead"])  # proposed it, reviewed it
def test_whoever_took_a_decision_step_does_not_answer(tenancy, staff, who):
    write_off = proposed(tenancy, staff)
    writeoffs.review(write_off, True, today=TODAY, acting_user=staff["lead"])
    writeoffs.ask(write_off, "Is er hulp?", today=TODAY, acting_user=staff["controller"])
    assert writeoffs.next_step(write_off, staff[who]) == ""
    with pytest.raises(WriteOffError, match="Het antwoord komt van een collega die nog niets"):
        writeoffs.answer(write_off, "Ja.", today=TODAY, acting_user=staff[who])
    assert WriteOff.objects.get(pk=write_off.pk).open_question == "Is er hulp?"
    assert writeoffs.next_step(write_off, staff["colleague"]) == "answer"


# Roles, in the actions ----------------------------------------------------------------------------


def test_a_proposal_names_a_kind_of_reason(tenancy, staff):
    for wrong in ("", "ziekte"):
        with pytest.raises(WriteOffError, match="Kies de soort reden"):
            writeoffs.propose(
                tenancy, Decimal("100.00"), "Lukt niet", "", TODAY, category=wrong, acting_user=staff["officer"]
            )
    made = writeoffs.propose(
        tenancy,
        Decimal("100.00"),
        "Overleden; de erven kunnen niet betalen.",
        "",
        TODAY,
        category="life_event",
        acting_user=staff["officer"],
    )
    assert made.get_reason_category_display() == "Overlijden of andere ingrijpende gebeurtenis"


def test_each_step_only_for_its_role(tenancy, staff):
    with pytest.raises(NotPermitted, match="incassomedewerker of woonconsulent"):
        writeoffs.propose(tenancy, Decimal("10.00"), "x", "", TODAY, category="other", acting_user=staff["lead"])
    write_off = proposed(tenancy, staff)
    for who in ["officer", "controller", "manager"]:
        with pytest.raises(NotPermitted, match="Alleen de teamleider"):
            writeoffs.review(write_off, True, today=TODAY, acting_user=staff[who])
    writeoffs.review(write_off, True, today=TODAY, acting_user=staff["lead"])
    for who in ["officer", "lead", "manager"]:
        with pytest.raises(NotPermitted, match="Alleen de controller"):
            writeoffs.assess(write_off, True, today=TODAY, acting_user=staff[who])
        with pytest.raises(NotPermitted, match="Alleen de controller"):
            writeoffs.ask(write_off, "Vraag?", today=TODAY, acting_user=staff[who])
    writeoffs.ask(write_off, "Vraag?", today=TODAY, acting_user=staff["controller"])
    for who in ["partner", "outsider"]:
        with pytest.raises(NotPermitted, match="beantwoorden de vraag"):
            writeoffs.answer(write_off, "Antwoord", today=TODAY, acting_user=staff[who])
    writeoffs.answer(write_off, "Antwoord", today=TODAY, acting_user=staff["colleague"])
    writeoffs.assess(write_off, True, today=TODAY, acting_user=staff["controller"])
    for who in ["officer", "lead", "controller"]:
        with pytest.raises(NotPermitted, match="Alleen de manager"):
            writeoffs.decide(write_off, True, today=TODAY, acting_user=staff[who])
    assert WriteOff.objects.get(pk=write_off.pk).status == S.ASSESSED


# The views ----------------------------------------------------------------------------------------


def test_an_officer_proposes_from_the_tenancy_page(client, tenancy, staff):
    client.force_login(staff["officer"])
    page = client.get(f"/huurcontract/{tenancy.ref}/")
    assert page.status_code == 200
    assert 'id="kwijtschelding"' in page.text and "Kwijtschelding voorstellen" in page.text
    form = client.get(f"/huurcontract/{tenancy.ref}/formulier/kwijtschelding/", headers={"HX-Request": "true"})
    assert "Voorstel maken" in form.text
    response = client.post(
        f"/huurcontract/{tenancy.ref}/kwijtschelding/",
        {
            "amount": "1500.00",
            "reason_category": "fresh_start",
            "reason": "Lukt niet",
            "conditions": "U neemt hulp aan.",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/huurcontract/{tenancy.ref}/#kwijtschelding"
    write_off = WriteOff.objects.get()
    assert (write_off.amount_cents, write_off.status, write_off.reason_category, write_off.conditions) == (
        150000,
        S.PROPOSED,
        "fresh_start",
        "U neemt hulp aan.",
    )
    page = client.get(f"/huurcontract/{tenancy.ref}/")
    assert "Voorgesteld, wacht op de teamleider" in page.text and "Kwijtschelding voorstellen" not in page.text


def test_a_refused_proposal_shows_why(client, tenancy, staff):
    client.force_login(staff["officer"])
    response = client.post(f"/huurcontract/{tenancy.ref}/kwijtschelding/", {"amount": "1500.00", "reason": ""})
    assert response.status_code == 400
    assert "Schrijf kort waarom terugbetalen niet lukt" in response.text and "Kies de soort reden." in response.text
    response = client.post(
        f"/huurcontract/{tenancy.ref}/kwijtschelding/",
        {"amount": "5000.00", "reason_category": "other", "reason": "Lukt niet"},
        follow=True,
    )
    assert "Geen voorstel gemaakt. Het bedrag (€ 5.000,00) is hoger dan de achterstand" in response.text
    assert not WriteOff.objects.exists()


@pytest.mark.parametrize(
    "who, status", [("lead", 403), ("controller", 403), ("manager", 403), ("partner", 403), ("outsider", 403)]
)
def test_only_officers_propose(client, tenancy, staff, who, status):
    client.force_login(staff[who])
    response = client.post(
        f"/huurcontract/{tenancy.ref}/kwijtschelding/",
        {"amount": "10.00", "reason_category": "other", "reason": "Lukt niet"},
    )
    assert response.status_code == status
    assert not WriteOff.objects.exists()


def test_the_tenancy_page_offers_no_proposal_to_the_team_leader(client, tenancy, staff):
    client.force_login(staff["lead"])
    page = client.get(f"/huurcontract/{tenancy.ref}/")
    assert 'id="kwijtschelding"' in page.text and "Voorstel maken" not in page.text
    assert ">Kwijtschelding</a></li>" in page.text  # the nav entry for team leaders
    client.force_login(staff["officer"])
    assert ">Kwijtschelding</a></li>" not in client.get(f"/huurcontract/{tenancy.ref}/").text


def test_the_steps_through_the_page(client, tenancy, staff):
    write_off = proposed(tenancy, staff)
    url = f"/kwijtschelding/{write_off.pk}/"
    plan = [
        ("officer", {"stap": "review", "decision": "akkoord"}, 403, S.PROPOSED),
        ("controller", {"stap": "review", "decision": "akkoord"}, 403, S.PROPOSED),
        ("lead", {"stap": "review", "decision": "akkoord", "amount": "1000.00"}, 302, S.REVIEWED),
        ("lead", {"stap": "assess", "decision": "akkoord"}, 403, S.REVIEWED),
        ("manager", {"stap": "approve", "decision": "akkoord"}, 302, S.REVIEWED),  # refused by the rules: not its turn
        ("controller", {"stap": "ask", "text": "Is er hulp?"}, 302, S.REVIEWED),
        ("controller", {"stap": "assess", "decision": "akkoord"}, 302, S.REVIEWED),  # the question is open
        ("partner", {"stap": "answer", "text": "Ja"}, 403, S.REVIEWED),
        (
            "officer",
            {"stap": "answer", "text": "Ja, het buurtteam helpt."},
            302,
            S.REVIEWED,
        ),  # refused: she proposed it
        ("controller", {"stap": "assess", "decision": "akkoord"}, 302, S.REVIEWED),  # the question is still open
        ("colleague", {"stap": "answer", "text": "Ja, het buurtteam helpt."}, 302, S.REVIEWED),
        ("controller", {"stap": "assess", "decision": "akkoord"}, 302, S.ASSESSED),
        ("controller", {"stap": "approve", "decision": "akkoord"}, 403, S.ASSESSED),
        ("manager", {"stap": "approve", "decision": "akkoord"}, 302, S.APPROVED),
    ]
    for who, data, status, after in plan:
        client.force_login(staff[who])
        response = client.post(url, data)
        assert response.status_code == status, (who, data)
        assert WriteOff.objects.get(pk=write_off.pk).status == after, (who, data)
    assert credits(tenancy)[0][:2] == (f"writeoff:{write_off.pk}", 100000)
    page = client.get(url)
    assert page.status_code == 200 and "Goedgekeurd en geboekt" in page.text


def test_a_rejection_on_the_page_needs_a_reason(client, tenancy, staff):
    write_off = proposed(tenancy, staff)
    client.force_login(staff["lead"])
    response = client.post(f"/kwijtschelding/{write_off.pk}/", {"stap": "review", "decision": "afwijzen"})
    assert response.status_code == 400 and "Schrijf kort waarom u afwijst" in response.text
    assert WriteOff.objects.get(pk=write_off.pk).status == S.PROPOSED
    client.post(
        f"/kwijtschelding/{write_off.pk}/", {"stap": "review", "decision": "afwijzen", "note": "Eerst hulp zoeken"}
    )
    assert WriteOff.objects.get(pk=write_off.pk).status == S.REJECTED


@pytest.mark.parametrize(
    "who, status, form",
    [
        ("officer", 200, None),
        ("lead", 200, "Besluit opslaan"),
        ("controller", 200, None),
        ("manager", 200, None),
        ("partner", 403, None),
        ("outsider", 403, None),
    ],
)
def test_the_write_off_page_and_its_form_for_whoever_is_next(client, tenancy, staff, who, status, form):
    write_off = proposed(tenancy, staff)
    client.force_login(staff[who])
    response = client.get(f"/kwijtschelding/{write_off.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Terugbetalen lukt niet; wel werk gevonden." in response.text
        assert ("Besluit opslaan" in response.text) == (form is not None)


def test_the_queue_per_role(client, tenancy, staff):
    waiting_for_lead = proposed(tenancy, staff)
    other = make_tenancy("HC503")
    book(other, LEDGER)
    for_manager = writeoffs.propose(
        other, Decimal("50.00"), "Lukt niet", "", TODAY, category="other", acting_user=staff["officer"]
    )
    writeoffs.review(for_manager, True, today=TODAY, acting_user=staff["lead"])
    writeoffs.assess(for_manager, True, today=TODAY, acting_user=staff["controller"])

    def links(who):
        client.force_login(staff[who])
        response = client.get("/kwijtschelding/")
        return response.status_code, {
            pk for pk in (waiting_for_lead.pk, for_manager.pk) if f'href="/kwijtschelding/{pk}/"' in response.text
        }

    assert links("lead") == (200, {waiting_for_lead.pk})
    assert links("controller") == (200, set())
    assert links("manager") == (200, {for_manager.pk})
    assert links("officer")[0] == 403
    assert links("partner")[0] == 403
