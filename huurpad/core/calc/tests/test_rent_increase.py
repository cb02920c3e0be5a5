"""The rule for one tenancy (rent_increase.decide), without the database: exemptions, the legal limits,
discounts with end dates, huurgewenning, and the guardrails as a property."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huurpad.core.calc import rent_limits
from huurpad.core.calc.rent_increase import (
    DiscountKind,
    Exemption,
    Facts,
    RentRunError,
    Rules,
    Status,
    decide,
    raised,
)

DAY = date(2026, 7, 1)
LIM = rent_limits.for_year(
    2026
)  # 4.1 %, liberalisatiegrens 932.93, aftoppingsgrens 713.02 / 764.14, income 29,400 / 39,925
RULES = Rules(percent=Decimal("4.1"))
HOME = Facts(ref="HC1", start_date=date(2015, 1, 1), persons=1, energy_label="B", rent_cents=65000, paid_cents=65000)


def test_the_2026_limits_come_from_the_parameter_file():
    assert (LIM.max_increase_percent, LIM.liberalisation_limit) == (Decimal("4.1"), Decimal("932.93"))
    assert (LIM.capping_for(2), LIM.capping_for(3)) == (Decimal("713.02"), Decimal("764.14"))
    assert (LIM.income_limit_for(1), LIM.income_limit_for(2)) == (Decimal("29400"), Decimal("39925"))
    assert LIM.unconfirmed  # the 2026 aftoppingsgrenzen are ◐ in FACTS.md
    assert not rent_limits.for_year(2025).unconfirmed


def test_2024_cannot_be_run_without_its_aftoppingsgrenzen():
    with pytest.raises(rent_limits.LimitsMissing, match="aftoppingsgrens"):
        rent_limits.for_year(2024)
    assert rent_limits.max_increase_percent(2024) == Decimal("5.8")


def test_a_plain_tenancy_gets_the_policy_percentage():
    out = decide(HOME, RULES, LIM, DAY)
    assert (out.status, out.new_rent_cents, out.pay_cents, out.percent) == (
        Status.PROPOSED,
        67665,
        67665,
        Decimal("4.10"),
    )
    assert out.reasons == ["Verhoging 4,1 % (wettelijk maximum 4,1 %): € 650,00 wordt € 676,65."]
    assert "4,1 procent" in " ".join(out.why)


def test_rounding_is_down_so_never_a_cent_above_the_maximum():
    assert raised(65001, Decimal("4.1")) == 67666  # 676.660 41 -> 676.66
    assert raised(12345, Decimal("4.1")) == 12851  # 128.516 45 -> 128.51, not 128.52


@pytest.mark.parametrize("label", ["E", "F", "G", "g"])
def test_labels_e_f_g_get_no_increase(label):
    out = decide(replace(HOME, energy_label=label), RULES, LIM, DAY)
    assert (out.new_rent_cents, out.pay_cents, out.exemption) == (65000, 65000, Exemption.LABEL)
    assert out.reasons[0].startswith(f"Energielabel {label.upper()}: geen verhoging")


def test_the_exempt_labels_are_the_corporations_choice():
    assert (
        decide(replace(HOME, energy_label="D"), replace(RULES, labels=frozenset({"D"})), LIM, DAY).exemption
        == Exemption.LABEL
    )
    assert decide(replace(HOME, energy_label="F"), replace(RULES, labels=frozenset()), LIM, DAY).exemption == ""


def test_low_income_on_request_above_the_aftoppingsgrens_gets_no_increase():
    facts = replace(HOME, rent_cents=74000, paid_cents=74000, income=25000, request=True)
    out = decide(facts, RULES, LIM, DAY)
    assert (out.new_rent_cents, out.exemption) == (74000, Exemption.LOW_INCOME)
    assert "inkomen € 25.000 per jaar, grens € 29.400,00" in out.reasons[0]


@pytest.mark.parametrize(
    "change, why",
    [
        ({"request": False}, None),  # not asked: the rule needs the tenant's request
        ({"income": None}, "het inkomen is niet bekend"),
        ({"income": 29401}, "hoger dan de grens van € 29.400,00"),
        ({"rent_cents": 71302, "paid_cents": 71302}, "niet hoger dan de aftoppingsgrens € 713,02"),
    ],
)
def test_low_income_exemption_needs_request_known_low_income_and_rent_above_the_aftoppingsgrens(change, why):
    facts = replace(HOME, **{"rent_cents": 74000, "paid_cents": 74000, "income": 25000, "request": True} | change)
    out = decide(facts, RULES, LIM, DAY)
    assert out.exemption == "" and out.new_rent_cents > facts.rent_cents
    if why:
        assert any(why in reason for reason in out.reasons), out.reasons


def test_three_persons_use_the_high_aftoppingsgrens_and_the_multi_person_income_limit():
    facts = replace(HOME, persons=3, rent_cents=74000, paid_cents=74000, income=39000, request=True)
    assert decide(facts, RULES, LIM, DAY).exemption == ""  # 740.00 is under 764.14
    assert decide(replace(facts, rent_cents=77000, paid_cents=77000), RULES, LIM, DAY).exemption == Exemption.LOW_INCOME


def test_tax_remission_extra_household_kind_and_listed_refs_get_no_increase():
    assert decide(replace(HOME, tax_remission=True), RULES, LIM, DAY).exemption == Exemption.TAX_REMISSION
    assert decide(replace(HOME, tax_remission=True), replace(RULES, tax_remission=False), LIM, DAY).exemption == ""
    kinds = replace(RULES, household_kinds=frozenset({"single_parent"}))
    assert decide(replace(HOME, household_kind="single_parent"), kinds, LIM, DAY).exemption == Exemption.GROUP
    assert decide(replace(HOME, household_kind="family"), kinds, LIM, DAY).exemption == ""
    assert decide(HOME, replace(RULES, refs=frozenset({"HC1"})), LIM, DAY).exemption == Exemption.GROUP


def test_never_above_the_liberalisatiegrens():
    out = decide(replace(HOME, rent_cents=92000, paid_cents=92000), RULES, LIM, DAY)
    assert out.new_rent_cents == 93293  # 957.72 capped
    assert "Afgetopt op de liberalisatiegrens € 932,93." in out.reasons


def test_rent_above_the_liberalisatiegrens_and_young_tenancies_are_not_in_the_round():
    free = decide(replace(HOME, rent_cents=100000, paid_cents=100000), RULES, LIM, DAY)
    assert (free.status, free.new_rent_cents) == (Status.SKIPPED, 100000)
    assert "geen sociale huur" in free.reasons[0]
    young = decide(replace(HOME, start_date=date(2025, 7, 2)), RULES, LIM, DAY)
    assert young.status == Status.SKIPPED and "eens in de 12 maanden" in young.reasons[0]
    assert decide(replace(HOME, start_date=date(2025, 7, 1)), RULES, LIM, DAY).status == Status.PROPOSED


def test_a_policy_above_the_legal_maximum_is_refused():
    with pytest.raises(RentRunError, match="meer dan het wettelijke maximum van 4,1 %"):
        decide(HOME, replace(RULES, percent=Decimal("4.2")), LIM, DAY)


def test_low_income_discount_down_to_the_aftoppingsgrens_with_an_end_date():
    rules = replace(RULES, low_income_on_request=False, discount_low_income=True, discount_months=6)
    facts = replace(HOME, rent_cents=74000, paid_cents=74000, income=25000, request=True)
    out = decide(facts, rules, LIM, DAY)
    assert (out.new_rent_cents, out.pay_cents, out.discount_cents) == (77034, 71302, 5732)
    assert (out.discount_kind, out.discount_until) == (DiscountKind.LOW_INCOME, date(2026, 12, 31))
    assert "korting tot de aftoppingsgrens € 713,02 tot en met 31 december 2026" in out.reasons[-1]
    assert (
        decide(replace(facts, request=False), rules, LIM, DAY).discount_cents == 0
    )  # the law asks for the tenant's request


def test_exempt_and_discounted_pays_the_aftoppingsgrens():
    rules = replace(RULES, discount_low_income=True)
    out = decide(replace(HOME, rent_cents=74000, paid_cents=74000, income=25000, request=True), rules, LIM, DAY)
    assert (out.exemption, out.new_rent_cents, out.pay_cents, out.discount_until) == (
        Exemption.LOW_INCOME,
        74000,
        71302,
        date(2027, 6, 30),
    )


def test_a_discount_lasts_three_years_at_most():
    rules = replace(RULES, low_income_on_request=False, discount_low_income=True)
    facts = replace(
        HOME, rent_cents=74000, paid_cents=71302, income=25000, request=True, discount_since=date(2024, 7, 1)
    )
    assert decide(facts, rules, LIM, DAY).discount_until == date(2027, 6, 30)  # the third year
    third = decide(replace(facts, discount_since=date(2024, 9, 1)), rules, LIM, DAY)
    assert third.discount_until == date(2027, 6, 30)
    assert decide(replace(facts, discount_since=date(2024, 1, 1)), rules, LIM, DAY).discount_until == date(2026, 12, 31)
    over = decide(replace(facts, discount_since=date(2023, 7, 1)), rules, LIM, DAY)
    assert over.discount_cents == 0 and any("ten hoogste 3 jaar" in r for r in over.reasons)


def test_huurgewenning_after_a_renovation_reaches_the_rent_in_steps_within_three_years():
    facts = replace(HOME, rent_cents=80000, paid_cents=60000, renovation=True, discount_since=date(2026, 1, 1))
    out = decide(facts, replace(RULES, max_step_cents=5000), LIM, DAY)
    # Rent 800.00 + 4.1 % = 832.80; 232.80 to go in 3 years: the step grows from 50.00 to 77.60.
    assert (out.new_rent_cents, out.pay_cents, out.phase, out.phases) == (83280, 67760, 1, 3)
    assert (out.discount_kind, out.discount_until) == (DiscountKind.PHASING, None)
    assert "stap 1 van 3" in out.reasons[-1]
    slow = decide(replace(facts, paid_cents=78000), replace(RULES, max_step_cents=2500), LIM, DAY)
    assert (slow.pay_cents, slow.phase, slow.phases) == (80500, 1, 3)  # 52.80 to go, 25.00 a year
    second = decide(
        replace(facts, paid_cents=67760, phases_done=1, discount_since=date(2025, 7, 1)),
        replace(RULES, max_step_cents=5000),
        LIM,
        DAY,
    )
    assert (second.phase, second.phases) == (2, 3)
    assert second.pay_cents == 67760 + 7760  # 155.20 left in 2 years


def test_no_huurgewenning_for_an_ordinary_increase_under_the_step():
    out = decide(HOME, replace(RULES, max_step_cents=5000), LIM, DAY)
    assert (out.pay_cents, out.phase, out.discount_cents) == (67665, None, 0)


def test_an_exempt_tenant_never_pays_more_than_now():
    facts = replace(
        HOME, energy_label="F", rent_cents=80000, paid_cents=70000, phases_done=1, discount_since=date(2025, 7, 1)
    )
    out = decide(facts, replace(RULES, max_step_cents=5000), LIM, DAY)
    assert (out.new_rent_cents, out.pay_cents, out.discount_kind) == (80000, 70000, DiscountKind.PHASING)


rents = st.integers(min_value=20000, max_value=110000)


@settings(max_examples=300, deadline=None)
@given(
    rent=rents,
    paid_share=st.integers(min_value=50, max_value=100),
    percent=st.decimals(min_value=0, max_value=Decimal("4.1"), places=2),
    persons=st.integers(min_value=1, max_value=6),
    income=st.one_of(st.none(), st.integers(min_value=0, max_value=80000)),
    request=st.booleans(),
    remission=st.booleans(),
    label=st.sampled_from(["", "A", "C", "E", "G"]),
    discount=st.booleans(),
    months=st.integers(min_value=1, max_value=12),
    step=st.one_of(st.none(), st.integers(min_value=100, max_value=20000)),
    since=st.one_of(st.none(), st.dates(min_value=date(2022, 1, 1), max_value=DAY)),
    renovation=st.booleans(),
)
def test_guardrails_hold_for_any_facts_and_rules(
    rent, paid_share, percent, persons, income, request, remission, label, discount, months, step, since, renovation
):
    facts = Facts(
        ref="HC1",
        start_date=date(2010, 1, 1),
        persons=persons,
        energy_label=label,
        rent_cents=rent,
        paid_cents=rent * paid_share // 100,
        income=income,
        request=request,
        tax_remission=remission,
        renovation=renovation,
        discount_since=since,
    )
    rules = Rules(percent=percent, discount_low_income=discount, discount_months=months, max_step_cents=step)
    out = decide(facts, rules, LIM, DAY)
    lib = 93293
    if rent > lib:
        assert out.status == Status.SKIPPED and out.new_rent_cents == rent
        return
    assert (
        rent <= out.new_rent_cents <= min(raised(rent, LIM.max_increase_percent), lib)
    )  # never above the legal maximum
    assert out.new_rent_cents * 100 <= rent * (100 + LIM.max_increase_percent)
    assert 0 < out.pay_cents <= out.new_rent_cents
    assert out.discount_cents == out.new_rent_cents - out.pay_cents >= 0
    if out.exemption:
        assert out.new_rent_cents == rent and out.pay_cents <= facts.paid_cents
    if out.discount_until is not None:
        assert out.discount_kind == DiscountKind.LOW_INCOME and out.discount_until >= DAY
    assert out.reasons  # every proposal says why
