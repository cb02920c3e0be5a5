"""The huurtoeslag estimate: the published checks, the worked examples of docs/calculations.md
(read from the doc itself), the edges of every band and rule, and the unconfirmed parameters."""

import math
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huurpad.core.calc.huurtoeslag import InputError, calculate
from huurpad.core.params import load

DOC = Path(__file__).resolve().parents[4] / "docs" / "calculations.md"


def doc_table(marker: str) -> list[dict[str, str]]:
    """The Markdown table between <!-- marker --> and <!-- /marker --> in docs/calculations.md."""
    text = DOC.read_text("utf-8")
    body = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in body.strip().splitlines()]
    header, rows = rows[0], [r for r in rows[2:] if r != [""]]
    return [dict(zip(header, row, strict=True)) for row in rows]


EXAMPLES = doc_table("huurtoeslag-examples")


def test_the_doc_holds_the_examples_the_brief_asks_for():
    assert len(EXAMPLES) >= 25
    years = {row["year"] for row in EXAMPLES}
    assert years == {"2025", "2026"}
    assert sum(row["household"] == "multi" for row in EXAMPLES) >= 2


@pytest.mark.parametrize("row", EXAMPLES, ids=[row["example"] for row in EXAMPLES])
def test_every_worked_example_in_the_doc(row):
    services = [] if row["service costs"] == "–" else [s.strip() for s in row["service costs"].split("+")]
    result = calculate(
        int(row["year"]),
        household=row["household"],
        persons=int(row["persons"]),
        age=int(row["age"]),
        income=Decimal(row["income"]),
        assets=None if row["assets"] == "–" else Decimal(row["assets"]),
        rent=Decimal(row["rent"]),
        service_costs=services,
    )
    assert result.monthly == Decimal(row["monthly"])
    assert result.eligible == (result.monthly > 0)
    assert bool(result.reasons) == (not result.eligible)


# The published checks (Metro/NOS, 2025): published amounts are whole euros, rounded down.


@pytest.mark.parametrize("income, published, exact", [(25000, 449, "449.55"), (37000, 153, "153.77")])
def test_the_published_metro_nos_checks(income, published, exact):
    result = calculate(2025, household="single", age=27, income=income, assets=0, rent="900")
    assert math.floor(result.monthly) == published
    assert result.monthly == Decimal(exact)
    assert result.eligible and result.unconfirmed == [] and result.notes == []


def test_the_steps_of_the_published_check_in_order():
    result = calculate(2025, household="single", age=27, income=25000, assets=0, rent="900")
    shown = [(s.name, s.value.quantize(Decimal("0.01"))) for s in result.steps]
    assert shown == [
        ("rekenhuur", Decimal("900.00")),
        ("normhuur", Decimal("285.35")),
        ("basishuur", Decimal("248.21")),
        ("band_1", Decimal("228.99")),
        ("band_2", Decimal("133.74")),
        ("band_3", Decimal("86.82")),
        ("huurtoeslag", Decimal("449.55")),
    ]
    assert all(s.explanation for s in result.steps)
    # Exact until the end: the parts add up to more than the rounded amount shows.
    assert sum(s.value for s in result.steps if s.name.startswith("band_")) == Decimal("449.553933375000")


def test_a_band_that_is_negative_counts_zero_and_band_2_starts_at_the_basishuur():
    result = calculate(2025, household="single", age=27, income=37000, assets=0, rent="900")
    steps = {s.name: s.value for s in result.steps}
    assert steps["basishuur"] > Decimal("477.20")
    assert steps["band_1"] == 0
    assert steps["band_2"] == (Decimal("682.96") - steps["basishuur"]) * Decimal("0.65")


# Band edges, 2025 (single, income below the minimum income point: basishuur 199.05).


def single_2025(rent, income=20000, **kw):
    return calculate(2025, household="single", age=kw.pop("age", 30), income=income, assets=0, rent=rent, **kw)


def test_rent_at_the_kkg_fills_band_1_only():
    steps = {s.name: s.value for s in single_2025("477.20").steps}
    assert steps["band_1"] == Decimal("278.15") and steps["band_2"] == 0 and steps["band_3"] == 0
    assert single_2025("477.21").monthly == Decimal("278.16")  # 65 % of a cent: 278.1565 rounds up


def test_rent_at_the_aftoppingsgrens_leaves_band_3_empty():
    steps = {s.name: s.value for s in single_2025("682.96").steps}
    assert steps["band_3"] == 0
    assert steps["band_2"] == Decimal("133.744")
    steps = {s.name: s.value for s in single_2025("692.96").steps}
    assert steps["band_3"] == Decimal("4.00")  # 40 % of 10


def test_three_persons_use_the_high_aftoppingsgrens():
    two = calculate(2025, household="multi", persons=2, age=30, income=20000, assets=0, rent="731.93")
    three = calculate(2025, household="multi", persons=3, age=30, income=20000, assets=0, rent="731.93")
    assert {s.name: s.value for s in three.steps}["band_3"] == 0
    assert {s.name: s.value for s in two.steps}["band_3"] == (Decimal("731.93") - Decimal("682.96")) * Decimal("0.4")
    assert three.monthly > two.monthly


def test_rent_at_the_maximum_rent_counts_and_a_cent_more_gets_nothing():
    assert single_2025("900.07").eligible
    over = single_2025("900.08")
    assert over.monthly == 0 and not over.eligible
    assert "900,07" in over.reasons[0]


def test_service_costs_push_the_rekenhuur_over_the_maximum_rent_in_2025():
    result = single_2025("880.00", service_costs=["12", "12"])
    assert not result.eligible and "904,00" in result.reasons[0]


def test_service_costs_count_up_to_12_each_and_at_most_4_items():
    result = single_2025("600.00", service_costs=["5", "12", "12.01", "30"])
    steps = {s.name: s.value for s in result.steps}
    assert steps["servicekosten"] == Decimal("41.00")
    assert steps["rekenhuur"] == Decimal("641.00")
    with pytest.raises(InputError) as error:
        single_2025("600.00", service_costs=["1", "1", "1", "1", "1"])
    assert error.value.field == "service_costs"


def test_income_at_the_minimum_income_point_gives_the_minimum_basishuur():
    at = {s.name: s.value for s in single_2025("600", income=22700).steps}
    assert "normhuur" not in at and at["basishuur"] == Decimal("199.05")
    above = {s.name: s.value for s in single_2025("600", income=22701).steps}
    assert above["basishuur"] > Decimal("199.05")
    # The formula meets the minimum at the point (within a tenth of a cent).
    a, b = Decimal("0.000000438698"), Decimal("0.000446392665")
    assert abs(a * 22700**2 + b * 22700 - Decimal("37.14") - Decimal("199.05")) < Decimal("0.001")


def test_multi_person_minimum_meets_its_formula_too():
    a, b = Decimal("0.000000298184"), Decimal("-0.001382497146")
    assert abs(a * 30450**2 + b * 30450 - Decimal("37.14") - Decimal("197.24")) < Decimal("0.001")


def test_rent_below_the_basishuur_gets_nothing():
    result = single_2025("199.05")
    assert result.monthly == 0 and not result.eligible and "basishuur" in result.reasons[0]
    assert single_2025("199.06").monthly == Decimal("0.01")


@given(
    income=st.integers(min_value=0, max_value=60000),
    rent=st.integers(min_value=0, max_value=90007).map(lambda c: Decimal(c) / 100),
    household=st.sampled_from([("single", 1), ("multi", 2), ("multi", 3)]),
    year=st.sampled_from([2025, 2026]),
)
def test_more_rent_never_lowers_and_more_income_never_raises_the_toeslag(income, rent, household, year):
    kind, persons = household

    def monthly(income, rent):
        return calculate(year, household=kind, persons=persons, age=30, income=income, assets=0, rent=rent).monthly

    base = monthly(income, rent)
    assert Decimal(0) <= base <= rent
    assert monthly(income, rent + Decimal("0.01")) >= base or rent + Decimal("0.01") > Decimal("900.07")
    assert monthly(income + 100, rent) <= base


# Who gets nothing.


@pytest.mark.parametrize(
    "year, household, limit",
    [(2025, "single", 37395), (2025, "multi", 74790), (2026, "single", 38479), (2026, "multi", 76958)],
)
def test_the_assets_limit(year, household, limit):
    def run(assets):
        return calculate(year, household=household, age=30, income=20000, assets=assets, rent="600")

    assert run(limit).eligible
    above = run(limit + 1)
    assert above.monthly == 0 and not above.eligible
    assert "vermogen" in above.reasons[0].lower()


def test_assets_not_given_are_not_checked_and_the_estimate_says_so():
    result = calculate(2025, household="single", age=30, income=20000, rent="600")
    assert result.eligible
    assert any("Vermogen niet opgegeven" in note for note in result.notes)


@pytest.mark.parametrize("year", [2025, 2026])
def test_under_18_gets_nothing(year):
    assert not calculate(year, household="single", age=17, income=10000, assets=0, rent="400").eligible
    assert calculate(year, household="single", age=18, income=10000, assets=0, rent="400").eligible


def test_2025_youth_limit_below_23():
    assert not single_2025("477.21", age=22).eligible
    assert single_2025("477.20", age=22).eligible
    assert single_2025("600", age=23).eligible
    assert "jongeren_maximale_huurgrens" in single_2025("477.20", age=22).unconfirmed


# 2026.


def single_2026(rent, income=20000, **kw):
    return calculate(2026, household="single", age=kw.pop("age", 30), income=income, assets=0, rent=rent, **kw)


def test_2026_has_no_maximum_rent_the_rent_counts_up_to_the_rekengrens():
    at = single_2026("932.93")
    far_above = single_2026("2500.00")
    assert far_above.eligible and far_above.monthly == at.monthly
    assert {s.name: s.value for s in far_above.steps}["rekenhuur"] == Decimal("932.93")
    assert single_2026("932.92").monthly < at.monthly


def test_2026_youth_rekengrens_below_21():
    youth = single_2026("600", age=20)
    assert {s.name: s.value for s in youth.steps}["rekenhuur"] == Decimal("498.20")
    assert youth.monthly == Decimal("498.20") - Decimal("202.52")
    assert single_2026("600", age=21).monthly > youth.monthly


def test_2026_service_costs_do_not_count():
    with_costs = single_2026("600", service_costs=["12", "12"])
    assert with_costs.monthly == single_2026("600").monthly
    assert any("Servicekosten" in note for note in with_costs.notes)
    assert "servicekosten" not in [s.name for s in with_costs.steps]


@pytest.mark.parametrize(
    "household, persons, threshold, percent",
    [("single", 1, 23425, 27), ("multi", 2, 31500, 22)],
)
def test_2026_phase_out_is_a_share_of_the_yearly_income_above_the_threshold_over_12_months(
    household, persons, threshold, percent
):
    def run(income):
        return calculate(2026, household=household, persons=persons, age=40, income=income, assets=0, rent="900")

    at = run(threshold)
    assert {s.name: s.value for s in at.steps}["afbouw"] == 0
    assert run(threshold - 5000).monthly == at.monthly  # no phase-out below the threshold
    above = run(threshold + 1200)
    assert {s.name: s.value for s in above.steps}["afbouw"] == Decimal(1200 * percent) / 100 / 12
    assert at.monthly - above.monthly == Decimal(percent)  # 1,200 a year = 100 a month


def test_2026_the_phase_out_ends_at_zero_never_below():
    result = single_2026("900", income=100000)
    assert result.monthly == 0 and not result.eligible
    assert "afbouw" in result.reasons[0]


def test_2026_steps_in_order():
    names = [s.name for s in single_2026("950", income=30000).steps]
    assert names == ["rekenhuur", "basishuur", "band_1", "band_2", "band_3", "afbouw", "huurtoeslag"]


# Unconfirmed parameters are reported: the ones used, no more.


def test_2025_single_uses_only_confirmed_parameters():
    assert single_2025("600", income=30000).unconfirmed == []


def test_2025_multi_person_parameters_are_unconfirmed():
    below = calculate(2025, household="multi", age=40, income=28000, assets=0, rent="600")
    assert below.unconfirmed == ["multi.minimum_inkomensijkpunt", "multi.minimum_basishuur"]
    above = calculate(2025, household="multi", age=40, income=40000, assets=0, rent="600")
    assert {"multi.a", "multi.b"} <= set(above.unconfirmed)


def test_2025_aow_age_is_a_caveat_with_a_note():
    result = single_2025("600", age=67)
    assert "pensioen_leeftijd" in result.unconfirmed
    assert any("AOW" in note for note in result.notes)
    assert "pensioen_leeftijd" not in single_2025("600", age=66).unconfirmed


def test_2026_reports_its_unconfirmed_parameters_and_not_the_confirmed_rekengrens():
    result = single_2026("950", income=30000)
    assert set(result.unconfirmed) == {
        "single.vermogensgrens",
        "single.basishuur",
        "kwaliteitskortingsgrens",
        "aftoppingsgrens_laag",
        "single.afbouwgrens",
        "single.afbouwpercentage",
    }
    assert "jongeren_rekengrens" not in single_2026("600", age=20).unconfirmed


# The parameter file.

TABLE = tomllib.loads((Path(__file__).resolve().parents[2] / "params" / "huurtoeslag.toml").read_text("utf-8"))


def leaves(values: dict, prefix=""):
    for key, value in values.items():
        if "value" in value:
            yield prefix + key, value
        else:
            yield from leaves(value, f"{prefix}{key}.")


@pytest.mark.parametrize("year", sorted(TABLE))
def test_every_parameter_has_a_value_a_source_and_a_confirmation(year):
    table = TABLE[year]
    assert table["method"] in ("normhuur", "afbouw")
    for name, leaf in leaves(table["values"]):
        Decimal(leaf["value"])
        assert leaf["source"] in table["sources"], name
        assert isinstance(leaf["confirmed"], bool), name
    assert load("huurtoeslag") == TABLE


def test_facts_marks_are_kept():
    y2025 = dict(leaves(TABLE["2025"]["values"]))
    assert not any(y2025[f"multi.{k}"]["confirmed"] for k in ("a", "b", "minimum_inkomensijkpunt", "minimum_basishuur"))
    assert y2025["single.a"]["confirmed"] and y2025["maximale_huurgrens"]["confirmed"]
    y2026 = dict(leaves(TABLE["2026"]["values"]))
    assert y2026["rekengrens"] == {"value": "932.93", "source": "toeslagen_2026", "confirmed": True}
    assert y2026["jongeren_rekengrens"]["value"] == "498.20" and y2026["jongeren_rekengrens"]["confirmed"]
    for name in (
        "kwaliteitskortingsgrens",
        "aftoppingsgrens_laag",
        "aftoppingsgrens_hoog",
        "single.basishuur",
        "multi.basishuur",
        "single.afbouwpercentage",
        "multi.afbouwpercentage",
        "single.afbouwgrens",
        "multi.afbouwgrens",
        "single.vermogensgrens",
        "multi.vermogensgrens",
    ):
        assert not y2026[name]["confirmed"], name


# Input the calculation refuses, naming the argument.


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"year": 2024}, "year"),
        ({"household": "couple"}, "household"),
        ({"persons": 2}, "persons"),
        ({"household": "multi", "persons": 1}, "persons"),
        ({"persons": 0}, "persons"),
        ({"age": -1}, "age"),
        ({"age": "30"}, "age"),
        ({"income": "-1"}, "income"),
        ({"income": "abc"}, "income"),
        ({"rent": "-600"}, "rent"),
        ({"assets": "NaN"}, "assets"),
        ({"service_costs": ["-1"]}, "service_costs"),
    ],
)
def test_bad_input_names_the_argument(changes, field):
    kwargs = {"year": 2025, "household": "single", "age": 30, "income": 20000, "assets": 0, "rent": "600"}
    kwargs.update(changes)
    year = kwargs.pop("year")
    with pytest.raises(InputError) as error:
        calculate(year, **kwargs)
    assert error.value.field == field
