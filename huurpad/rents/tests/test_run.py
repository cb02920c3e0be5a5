"""The rent increase round for a demo year (2026, effective 1 July): one proposal per active
tenancy with the right exemptions, discounts and phasing; applying writes the new rent and queues
the letter, once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from huurpad.core.calc import rent_increase
from huurpad.core.dutch import date_nl
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.rents import run
from huurpad.rents.models import HomeFacts, RentIncreaseProposal, RentPolicy, RentYearFacts
from huurpad.tenancies.models import Municipality, RentComponent
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

P = RentIncreaseProposal
S = P.Status
DAY = date(2026, 7, 1)
POSTED = date(2026, 4, 20)  # more than two months before


def tenancy(ref, rent="650.00", *, label="B", persons=1, kind="single", start=date(2015, 1, 1), **facts):
    made = make_tenancy(ref, rent=rent, service_costs="40.00", start=start, initials="A.", surname=f"Huurder {ref}")
    made.energy_label = label
    made.save(update_fields=["energy_label"])
    made.household.size, made.household.kind = persons, kind
    made.household.save()
    if facts:
        RentYearFacts.objects.create(tenancy=made, year=facts.pop("year", 2026), income_source="statement", **facts)
    return made


@pytest.fixture
def corporation():
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Lindeplein 1",
        postcode_city="1234 AB Lindestad",
        phone="010 123 45 67",
    )
    Municipality.objects.create(
        code="GM0363", name="Amsterdam", debt_help="bel 14 020 of kijk op amsterdam.nl/geldzorgen"
    )


@pytest.fixture
def demo(corporation):
    homes = {
        "PLAIN": tenancy("PLAIN"),
        "LABEL": tenancy("LABEL", label="F"),
        "LOW": tenancy("LOW", "740.00", income=25000, low_income_request=True),
        "LOW-NOT-ASKED": tenancy("LOW-NOT-ASKED", "740.00", income=25000),
        "TAX": tenancy("TAX", tax_remission=True),
        "PARENT": tenancy("PARENT", persons=2, kind="single_parent"),
        "LISTED": tenancy("LISTED"),
        "HIGH": tenancy("HIGH", "920.00"),
        "FREE": tenancy("FREE", "1000.00"),
        "NEW": tenancy("NEW", start=date(2026, 3, 1)),
        "ENDED": tenancy("ENDED"),
    }
    homes["ENDED"].end_date = date(2026, 6, 30)
    homes["ENDED"].save(update_fields=["end_date"])
    policy = RentPolicy.objects.create(
        year=2026, percent=Decimal("4.1"), exempt_household_kinds="single_parent", exempt_refs="LISTED"
    )
    return homes, policy


def proposals(year=2026) -> dict[str, RentIncreaseProposal]:
    return {p.tenancy.ref: p for p in P.objects.filter(year=year).select_related("tenancy")}


def test_the_round_makes_one_proposal_per_active_tenancy_with_the_right_exemptions(demo):
    _, policy = demo
    done = run.propose(2026, DAY, policy)
    got = proposals()
    assert done.made == 10 and set(got) == {
        "PLAIN",
        "LABEL",
        "LOW",
        "LOW-NOT-ASKED",
        "TAX",
        "PARENT",
        "LISTED",
        "HIGH",
        "FREE",
        "NEW",
    }
    assert done.warnings == ["De aftoppingsgrenzen van 2026 zijn nog niet officieel bevestigd."]
    assert {ref: p.exemption for ref, p in got.items() if p.exemption} == {
        "LABEL": P.Exemption.LABEL,
        "LOW": P.Exemption.LOW_INCOME,
        "TAX": P.Exemption.TAX_REMISSION,
        "PARENT": P.Exemption.GROUP,
        "LISTED": P.Exemption.GROUP,
    }
    assert (got["PLAIN"].new_rent_cents, got["PLAIN"].percent) == (67665, Decimal("4.10"))
    assert got["LOW-NOT-ASKED"].new_rent_cents == 77034
    assert got["HIGH"].new_rent_cents == 93293  # the liberalisatiegrens
    assert {ref for ref, p in got.items() if p.status == S.SKIPPED} == {"FREE", "NEW"}
    for p in got.values():
        assert p.reasons, p.tenancy.ref  # every proposal says why
        assert p.service_costs_cents == 4000
        if p.status != S.SKIPPED:
            assert p.new_rent_cents * 100 <= p.old_rent_cents * Decimal("104.1") and p.new_rent_cents <= 93293


def test_a_policy_above_the_legal_maximum_is_refused_by_the_model_and_by_the_run(demo):
    _, policy = demo
    policy.percent = Decimal("4.2")
    with pytest.raises(ValidationError, match="wettelijke maximum van 4.1 %"):
        policy.full_clean()
    with pytest.raises(run.RentRunError, match="meer dan het wettelijke maximum"):
        run.propose(2026, DAY, policy)
    assert not P.objects.exists()


def test_a_year_without_limits_cannot_be_run(demo):
    policy = RentPolicy.objects.create(year=2024, percent=Decimal("5.8"))
    with pytest.raises(run.RentRunError, match="ontbreekt in rent_policy.toml"):
        run.propose(2024, date(2024, 7, 1), policy)


def test_proposing_again_updates_the_undecided_and_keeps_the_decided(demo):
    homes, policy = demo
    run.propose(2026, DAY, policy)
    run.reject(P.objects.filter(tenancy=homes["PLAIN"]), acting_user=None)
    RentYearFacts.objects.filter(tenancy=homes["LOW-NOT-ASKED"], year=2026).update(tax_remission=True)
    done = run.propose(2026, DAY, policy)
    got = proposals()
    assert (done.made, done.kept) == (9, 1)
    assert got["PLAIN"].status == S.REJECTED
    assert got["LOW-NOT-ASKED"].exemption == P.Exemption.TAX_REMISSION


def test_apply_writes_the_new_rent_and_queues_the_letter_once(demo):
    homes, policy = demo
    run.propose(2026, DAY, policy)
    assert run.approve(P.objects.filter(year=2026, tenancy__ref__in=["PLAIN", "LABEL"]), acting_user=None) == 2
    assert (
        run.approve(P.objects.filter(tenancy__ref="FREE"), acting_user=None) == 0
    )  # not in the round: cannot be approved
    done = run.apply(2026, day=POSTED)
    assert (done.applied, done.letters, done.problems, done.warnings) == (2, 2, [], [])
    plain = homes["PLAIN"]
    assert plain.rent_on(DAY).rent_cents == 67665 and plain.rent_on(DAY).service_costs_cents == 4000
    assert plain.rent_on(date(2026, 6, 30)).rent_cents == 65000
    letter = OutboxMessage.objects.get(tenancy=plain)
    assert (letter.action, letter.channel, letter.day) == ("rent_increase", "letter", POSTED)
    assert letter.subject == "Uw huur vanaf 1 juli 2026"
    assert "Nu is de kale huur € 650,00 per maand. Vanaf 1 juli 2026 is de kale huur € 676,65 per maand." in letter.body
    assert "Wij verhogen de huur met 4,1 procent." in letter.body
    assert "bel 14 020 of kijk op amsterdam.nl/geldzorgen" in letter.body
    label_letter = OutboxMessage.objects.get(tenancy=homes["LABEL"]).body
    assert "Uw huur gaat dit jaar niet omhoog. De kale huur blijft € 650,00 per maand." in label_letter
    assert "energielabel F" in label_letter
    assert P.objects.get(tenancy=plain).letter == letter and P.objects.get(tenancy=plain).status == S.APPLIED

    again = run.apply(2026, day=POSTED)
    assert (again.applied, again.letters) == (0, 0)
    assert OutboxMessage.objects.count() == 2 and RentComponent.objects.filter(tenancy=plain).count() == 2
    run.propose(2026, DAY, policy)  # a new run leaves the applied alone
    assert P.objects.get(tenancy=plain).status == S.APPLIED and plain.rent_on(DAY).rent_cents == 67665


def test_two_applies_at_once_write_the_rent_and_the_letter_once(demo, monkeypatch):
    homes, policy = demo
    run.propose(2026, DAY, policy)
    run.approve(P.objects.filter(tenancy__ref="PLAIN"), acting_user=None)
    stale = run._approved(2026)  # a second apply read the list before the first one finished
    assert run.apply(2026, day=POSTED).applied == 1
    monkeypatch.setattr(run, "_approved", lambda year: stale)
    assert run.apply(2026, day=POSTED).applied == 0
    assert OutboxMessage.objects.count() == 1 and RentComponent.objects.filter(tenancy=homes["PLAIN"]).count() == 2


def test_rejected_and_undecided_proposals_are_not_applied(demo):
    homes, policy = demo
    run.propose(2026, DAY, policy)
    run.approve(P.objects.filter(tenancy__ref="PLAIN"), acting_user=None)
    run.reject(P.objects.filter(tenancy__ref="PLAIN"), acting_user=None)
    assert run.apply(2026, day=POSTED).applied == 0
    assert homes["PLAIN"].rent_on(DAY).rent_cents == 65000 and not OutboxMessage.objects.exists()


def test_a_late_letter_is_warned_about_and_without_a_sender_nothing_is_applied(demo):
    homes, policy = demo
    run.propose(2026, DAY, policy)
    run.approve(P.objects.filter(tenancy__ref="PLAIN"), acting_user=None)
    Sender.objects.all().delete()
    refused = run.apply(2026, day=POSTED)
    assert refused.applied == 0 and "Vul eerst de afzender in" in refused.problems[0]
    assert P.objects.get(tenancy__ref="PLAIN").status == S.APPROVED
    Sender.objects.create(
        name="De Linde", street_address="Lindeplein 1", postcode_city="1234 AB Lindestad", phone="010 123 45 67"
    )
    late = run.apply(2026, day=date(2026, 5, 2))
    assert late.applied == 1 and "later dan twee maanden" in late.warnings[0]


def test_discount_to_the_aftoppingsgrens_ends_on_its_date_and_next_year_continues_from_it(corporation):
    home = tenancy("LOW", "700.00", income=25000, low_income_request=True, year=2025)
    RentYearFacts.objects.create(
        tenancy=home, year=2026, income=26000, income_source="statement", low_income_request=True
    )
    rules = {"exempt_low_income_on_request": False, "discount_low_income": True, "discount_months": 12}
    p2025 = RentPolicy.objects.create(year=2025, percent=Decimal("5.0"), **rules)
    run.propose(2025, date(2025, 7, 1), p2025)
    first = P.objects.get(year=2025)
    # 700.00 + 5 % = 735.00; the 2025 aftoppingsgrens for one person is 682.96.
    assert (first.new_rent_cents, first.pay_cents, first.discount_cents, first.discount_until) == (
        73500,
        68296,
        5204,
        date(2026, 6, 30),
    )
    run.approve(P.objects.filter(year=2025), acting_user=None)
    run.apply(2025, day=date(2025, 4, 1))
    assert home.rent_on(date(2025, 7, 1)).rent_cents == 68296
    assert home.rent_on(date(2026, 7, 1)).rent_cents == 73500  # the full rent from the day after the discount

    p2026 = RentPolicy.objects.create(year=2026, percent=Decimal("4.1"), **rules)
    run.propose(2026, DAY, p2026)
    second = P.objects.get(year=2026)
    # The rent goes on from 735.00 (not from what was paid): 765.13; discount again, to 713.02.
    assert (second.old_rent_cents, second.paid_before_cents, second.new_rent_cents, second.pay_cents) == (
        73500,
        68296,
        76513,
        71302,
    )
    assert second.discount_until == date(2027, 6, 30)
    run.approve(P.objects.filter(year=2026), acting_user=None)
    assert run.apply(2026, day=date(2026, 4, 1)).applied == 1
    assert home.rent_on(DAY).rent_cents == 71302  # the row of the ended discount is replaced
    assert home.rent_on(date(2027, 7, 1)).rent_cents == 76513
    body = OutboxMessage.objects.filter(tenancy=home).latest("id").body
    assert "U krijgt korting: € 52,11 per maand, tot en met 30 juni 2027." in body
    assert "betaalt u dus € 713,02 kale huur per maand" in body
    assert (
        "Nu is de kale huur € 735,00 per maand. Vanaf 1 juli 2026 is de kale huur € 765,13 per maand. Door korting betaalt u nu € 682,96."
        in body
    )


def test_huurgewenning_after_a_renovation_step_by_step(corporation):
    home = tenancy("RENO", "600.00")
    HomeFacts.objects.create(tenancy=home, rooms=4, agreed_rent_cents=80000, agreed_on=date(2026, 1, 1))
    policy = RentPolicy.objects.create(year=2026, percent=Decimal("4.1"), max_step_cents=5000)
    run.propose(2026, DAY, policy)
    p = P.objects.get()
    assert (p.old_rent_cents, p.paid_before_cents, p.new_rent_cents, p.pay_cents, p.phase, p.phases) == (
        80000,
        60000,
        83280,
        67760,
        1,
        3,
    )
    run.approve(P.objects.all(), acting_user=None)
    run.apply(2026, day=date(2026, 4, 1))
    assert home.rent_on(DAY).rent_cents == 67760
    body = OutboxMessage.objects.get(tenancy=home).body
    assert "Dit is stap 1 van 3." in body and "U krijgt korting: € 155,20 per maand." in body


def test_a_rent_already_set_after_the_effective_date_stops_that_proposal(demo):
    homes, policy = demo
    run.propose(2026, DAY, policy)
    RentComponent.objects.create(
        tenancy=homes["PLAIN"], valid_from=date(2026, 9, 1), rent_cents=70000, service_costs_cents=4000
    )
    run.approve(P.objects.filter(tenancy__ref__in=["PLAIN", "LABEL"]), acting_user=None)
    done = run.apply(2026, day=POSTED)
    assert done.applied == 1 and done.problems == [
        "PLAIN: er staat al een huur klaar vanaf 1 september 2026; niet doorgevoerd."
    ]
    assert P.objects.get(tenancy__ref="PLAIN").status == S.APPROVED


def test_summary_counts_the_round(demo):
    _, policy = demo
    run.propose(2026, DAY, policy)
    s = run.summary(2026)
    assert (s["total"], s["raised"], s["exempt"], s["skipped"], s["by_status"]["proposed"]) == (10, 3, 5, 2, 8)
    assert s["by_exemption"] == {"label": 1, "low_income": 1, "tax_remission": 1, "group": 2}


@pytest.mark.parametrize(
    ("raised_on", "skipped"),
    [
        (DAY, True),  # the ERP already wrote this year's rise on the day itself
        (date(2025, 9, 1), True),  # within the 12 months before
        (date(2025, 7, 1), False),  # exactly 12 months before: may go up again
    ],
)
def test_a_rent_raised_outside_the_run_in_the_12_months_before_is_not_raised_again(corporation, raised_on, skipped):
    home = tenancy("ERP", "650.00")
    RentComponent.objects.create(tenancy=home, valid_from=raised_on, rent_cents=67665, service_costs_cents=4000)
    run.propose(2026, DAY, RentPolicy.objects.create(year=2026, percent=Decimal("4.1")))
    p = P.objects.get()
    assert (p.status == S.SKIPPED) is skipped
    if skipped:
        assert p.new_rent_cents == p.old_rent_cents == 67665
        assert p.reasons == [
            f"De huur ging al omhoog op {date_nl(raised_on)}: de huur mag maar eens in de 12 maanden omhoog, niet in deze ronde."
        ]
    else:
        assert (p.old_rent_cents, p.new_rent_cents) == (67665, 70439)


def test_an_exempt_tenant_keeps_a_running_discount_until_its_own_end(corporation):
    home = tenancy("LOW", "700.00", income=25000, low_income_request=True, year=2025)
    rules = {"exempt_low_income_on_request": False, "discount_low_income": True, "discount_months": 24}
    run.propose(2025, date(2025, 7, 1), RentPolicy.objects.create(year=2025, percent=Decimal("5.0"), **rules))
    run.approve(P.objects.filter(year=2025), acting_user=None)
    run.apply(2025, day=date(2025, 4, 1))
    assert P.objects.get(year=2025).discount_until == date(2027, 6, 30)
    home.energy_label = "F"  # exempt from 2026 on
    home.save(update_fields=["energy_label"])
    run.propose(2026, DAY, RentPolicy.objects.create(year=2026, percent=Decimal("4.1"), **rules))
    p = P.objects.get(year=2026)
    assert (p.status, p.exemption, p.new_rent_cents, p.pay_cents) == (S.PROPOSED, P.Exemption.LABEL, 73500, 68296)
    assert (p.discount_kind, p.discount_until) == (P.DiscountKind.LOW_INCOME, date(2027, 6, 30))


def test_an_exempt_household_kind_is_named_in_words(demo):
    _, policy = demo
    run.propose(2026, DAY, policy)
    assert proposals()["PARENT"].reasons[0] == "Soort huishouden 'eenoudergezin': geen verhoging (extra groep)."


def test_the_rules_codes_are_the_proposals_choices():
    """The pure rule (core/calc/rent_increase.py) gives the codes RentIncreaseProposal stores."""
    assert set(rent_increase.Status) <= set(S.values)
    assert set(rent_increase.Exemption) <= set(P.Exemption.values)
    assert set(rent_increase.DiscountKind) <= set(P.DiscountKind.values)
