"""The affordability check and the benefits scan: the worked examples of docs/calculations.md (read
from the doc), the edges of the verdict, the derivation of the estimated minimum budget from the
huurtoeslag figures, which figures are said to be estimates, and `huurpad calc affordability`."""

from decimal import Decimal
from pathlib import Path

import pytest

from huurpad.core import params
from huurpad.core.calc import affordability, benefits_scan, huurtoeslag
from huurpad.core.calc.affordability import AffordabilityError, check

DOC = Path(__file__).resolve().parents[4] / "docs" / "calculations.md"
D = Decimal


def doc_table(marker: str) -> list[dict[str, str]]:
    text = DOC.read_text("utf-8")
    body = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in body.strip().splitlines()]
    header, rows = rows[0], [r for r in rows[2:] if r != [""]]
    return [dict(zip(header, row, strict=True)) for row in rows]


EXAMPLES = doc_table("affordability-examples")


def _given(text: str):
    return None if text == "–" else D(text)


def _energy(text: str) -> dict:
    return {"energy_label": text} if text in affordability.LABELS else {"energy": D(text)}


def test_the_doc_has_an_example_of_every_household_and_verdict():
    assert {row["household"] for row in EXAMPLES} == set(affordability.HOUSEHOLDS)
    assert {row["verdict"] for row in EXAMPLES} == set(affordability.VERDICTS)


@pytest.mark.parametrize("row", EXAMPLES, ids=[row["example"] for row in EXAMPLES])
def test_every_worked_example_in_the_doc(row):
    result = check(
        2025,
        household=row["household"],
        persons=int(row["persons"]),
        age=int(row["age"]),
        net_income=D(row["net income"]),
        taxable_income=_given(row["taxable income"]),
        assets=_given(row["assets"]),
        rent=D(row["rent"]),
        service_costs=[] if row["service costs"] == "–" else [D(row["service costs"])],
        **_energy(row["energy"]),
    )
    got = {
        "verdict": result.verdict,
        "housing costs": result.housing_costs,
        "huurtoeslag": result.huurtoeslag,
        "net housing costs": result.net_housing_costs,
        "minimum budget": result.minimum_budget,
        "room for rent": result.room_for_rent,
        "left over": result.left_over,
        "ratio": result.ratio,
    }
    want = {key: row[key] if key == "verdict" else D(row[key]) for key in got}
    assert got == want
    assert result.reasons and result.estimates


# The verdict's edges. Assets above the limit: no huurtoeslag, so the housing costs are what was entered.
# Single of 40 in 2025 on €2,000 net: minimum budget 943.99; room 425.07 + 50 % × (2000 − 1369.06) = 740.54;
# the most it can pay and keep the minimum is 2000 − 943.99 = 1056.01, plus the 5 % margin (47.20) = 1103.21.
def _single(energy: str, income: str = "2000.00", **more):
    return check(
        2025,
        household="single",
        persons=1,
        age=40,
        net_income=D(income),
        rent=D("600.00"),
        assets=D("100000"),
        energy=D(energy),
        **more,
    )


@pytest.mark.parametrize(
    "energy, verdict",
    [("140.54", "betaalbaar"), ("140.55", "krap"), ("503.21", "krap"), ("503.22", "niet betaalbaar")],
)
def test_the_verdict_changes_exactly_at_the_room_and_at_the_minimum(energy, verdict):
    result = _single(energy)
    assert result.huurtoeslag == 0 and not result.huurtoeslag_eligible
    assert (result.room_for_rent, result.most_for_rent) == (D("740.54"), D("1056.01"))
    assert result.verdict == verdict


def test_below_the_minimum_income_the_room_is_all_that_is_left_above_the_minimum_budget():
    result = _single("100.00", income="1000.00")
    assert result.room_for_rent == D("56.01")  # 1000 − 943.99
    assert result.verdict == "niet betaalbaar"
    below = _single("0.00", income="900.00")
    assert below.room_for_rent == 0 and below.most_for_rent == D("-43.99")
    assert "Zonder woonlasten is dat al niet genoeg" in " ".join(below.reasons)


def test_no_income_has_no_ratio_and_is_not_affordable():
    result = _single("100.00", income="0.00")
    assert result.ratio is None and result.verdict == "niet betaalbaar"


def test_the_huurtoeslag_comes_off_the_housing_costs():
    result = check(
        2025,
        household="couple",
        persons=2,
        age=45,
        net_income=D("2000"),
        taxable_income=D("26000"),
        rent=D("700"),
        service_costs=[D("10"), D("15")],
        energy_label="A",
    )
    expected = huurtoeslag.calculate(
        2025,
        household="multi",
        persons=2,
        age=45,
        income=D("26000"),
        assets=None,
        rent=D("700"),
        service_costs=[D("10"), D("15")],
    )
    assert result.huurtoeslag == expected.monthly > 0
    assert result.housing_costs == D("700") + D("25") + D("137")
    assert result.net_housing_costs == result.housing_costs - expected.monthly
    assert not result.taxable_income_assumed
    assert not any("keer 12" in note for note in result.estimates)


def test_without_a_toetsingsinkomen_net_times_12_is_used_and_said():
    result = check(2025, household="single", persons=1, age=30, net_income=D("1800"), rent=D("650"))
    assert result.taxable_income == D("21600") and result.taxable_income_assumed
    assert any("keer 12" in note for note in result.estimates)
    higher = check(
        2025, household="single", persons=1, age=30, net_income=D("1800"), rent=D("650"), taxable_income=D("30000")
    )
    assert higher.huurtoeslag < result.huurtoeslag


@pytest.mark.parametrize(
    "label, used, assumed",
    [
        ("B", "B", False),
        ("a+++", "A++", False),
        ("A++++", "A++", False),
        ("", "B", True),
        ("X", "B", True),
        (" g ", "G", False),
    ],
)
def test_the_energy_estimate_by_label(label, used, assumed):
    result = check(2025, household="single", persons=1, age=30, net_income=D("1800"), rent=D("650"), energy_label=label)
    assert result.energy_label == used and result.energy_label_assumed is assumed
    assert result.energy == D(params.load("affordability")["energy"][used])
    note = next(n for n in result.estimates if "energiekosten" in n)
    assert ("weten we niet" in note) is assumed and "schatting" in note


def test_an_own_energy_figure_replaces_the_estimate_and_is_not_called_one():
    result = check(
        2025,
        household="single",
        persons=1,
        age=30,
        net_income=D("1800"),
        rent=D("650"),
        energy_label="G",
        energy=D("95"),
    )
    assert result.energy == D("95") and result.energy_label == ""
    assert "zelf ingevuld" in next(n for n in result.estimates if "energiekosten" in n)


def test_the_energy_table_grows_from_a_plus_plus_to_g():
    table = params.load("affordability")["energy"]
    values = [D(table[label]) for label in affordability.LABELS]
    assert values == sorted(values) and len(set(values)) == len(values)


def test_energy_poverty_from_ten_percent_of_income():
    def reasons(energy):
        return " ".join(
            check(
                2025, household="single", persons=1, age=30, net_income=D("1500"), rent=D("500"), energy=D(energy)
            ).reasons
        )

    assert "energiecoach" in reasons("150.00")  # exactly 10 %
    assert "energiecoach" not in reasons("149.99")


def test_the_30_percent_rule_of_thumb_is_said_but_decides_nothing():
    result = check(
        2025,
        household="single",
        persons=1,
        age=30,
        net_income=D("2400"),
        taxable_income=D("34000"),
        rent=D("880"),
        energy_label="D",
    )
    assert result.ratio > D("0.30") and result.verdict == "betaalbaar"
    assert any("vuistregel" in reason for reason in result.reasons)


def test_from_the_aow_age_the_pension_age_norm_applies():
    young = affordability.minimum(2025, "single", 66)
    old = affordability.minimum(2025, "single", 67)
    assert (young.norm, old.norm) == (D("1369.06"), D("1530.21"))
    assert old.budget == D("1530.21") - D("425.07") and old.pension_age
    result = check(2025, household="couple", persons=2, age=70, net_income=D("2200"), rent=D("700"))
    assert result.minimum_income == D("2094.98")
    assert any("AOW" in note for note in result.estimates)


def test_the_housing_share_is_derived_from_the_huurtoeslag_figures_and_the_label_b_estimate():
    """The estimate in affordability.toml: own rent at the aftoppingsgrens at the minimum income,
    plus energy for a label-B home. If the huurtoeslag or energy figures change, this says so."""
    data = params.load("affordability")
    values = params.load("huurtoeslag")["2025"]["values"]
    kkg = D(values["kwaliteitskortingsgrens"]["value"])
    energy = D(data["energy"][data["energy"]["unknown"]])
    assert data["energy"]["unknown"] == "B"

    def share(kind, aftop):
        own = D(values[kind]["minimum_basishuur"]["value"]) + (D(values[aftop]["value"]) - kkg) * 35 / 100
        return (own + energy).quantize(D("0.01"))

    expected = {
        "single": share("single", "aftoppingsgrens_laag"),
        "couple": share("multi", "aftoppingsgrens_laag"),
        "single_parent": share("multi", "aftoppingsgrens_laag"),
        "family": share("multi", "aftoppingsgrens_hoog"),
    }
    shares = data["housing_share"]["2025"]
    assert {kind: D(shares[kind]) for kind in affordability.HOUSEHOLDS} == expected
    assert shares["estimate"] is True and data["energy"]["estimate"] is True


def test_every_table_cites_its_source_or_says_it_is_an_estimate():
    data = params.load("affordability")
    for name in ("method", "pension_age", "energy"):
        assert data[name]["source"]
    for year in data["housing_share"].values():
        assert year["source"] and year["estimate"] is True
    for year in data["zorgtoeslag"].values():
        assert year["source"] and year["amount_available"] is False  # FACTS.md has no amounts: none invented
    assert data["method"]["tight_margin_is_choice"] is True


def test_a_nibud_minimum_budget_replaces_the_derivation(monkeypatch):
    data = dict(params.load("affordability"))
    data["minimum_budget"] = {"2025": {"single": "1000.00"}}
    monkeypatch.setattr(affordability, "table", lambda: data)
    low = affordability.minimum(2025, "single", 40)
    assert low.budget == D("1000.00") and low.from_nibud
    result = check(2025, household="single", persons=1, age=40, net_income=D("1369.06"), rent=D("650"))
    assert result.minimum_budget == D("1000.00")
    assert any("Nibud" in note for note in result.estimates)
    assert affordability.minimum(2025, "couple", 40).budget == D("1532.54")  # no figure: the derivation


def test_a_year_without_norms_or_huurtoeslag_rules_uses_the_latest_and_says_so():
    result = check(2026, household="single", persons=1, age=30, net_income=D("1800"), rent=D("650"))
    assert result.minimum_income == D("1369.06")
    assert any("bijstandsnorm van 2026" in note for note in result.estimates)
    latest = max(huurtoeslag.years())
    later = check(latest + 3, household="single", persons=1, age=30, net_income=D("1800"), rent=D("650"))
    assert later.huurtoeslag > 0
    assert any(f"huurtoeslag van {latest + 3}" in note for note in later.estimates)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"household": "student"}, "household"),
        ({"household": "single", "persons": 2}, "persons"),
        ({"household": "family", "persons": 2}, "persons"),
        ({"household": "couple", "persons": 1}, "persons"),
        ({"net_income": D("-1")}, "net_income"),
        ({"energy": D("-5")}, "energy"),
        ({"service_costs": [D("-2")]}, "service_costs"),
    ],
)
def test_input_the_check_cannot_use_names_the_argument(kwargs, field):
    arguments = {"household": "single", "persons": 1, "age": 30, "net_income": D("1800"), "rent": D("650")} | kwargs
    with pytest.raises(AffordabilityError) as raised:
        check(2025, **arguments)
    assert raised.value.field == field


# The benefits scan


def _scan(**kwargs):
    arguments = {"household": "single", "persons": 1, "age": 40, "net_income": D("1500"), "rent": D("650")} | kwargs
    return benefits_scan.scan(2025, **arguments)


def test_the_scan_finds_huurtoeslag_and_zorgtoeslag_for_a_low_income():
    result = _scan()
    kinds = {f.kind: f for f in result.findings}
    assert set(kinds) == {"huurtoeslag", "zorgtoeslag"}
    assert (
        kinds["huurtoeslag"].monthly
        == check(2025, household="single", persons=1, age=40, net_income=D("1500"), rent=D("650")).huurtoeslag
    )
    assert kinds["zorgtoeslag"].monthly is None and kinds["zorgtoeslag"].yearly is None  # no amount invented
    assert result.total_per_year == kinds["huurtoeslag"].monthly * 12 and result.without_amount == 1


@pytest.mark.parametrize(
    "household, persons, limit",
    [("single", 1, "39719"), ("single_parent", 2, "39719"), ("couple", 2, "50206"), ("family", 3, "50206")],
)
def test_zorgtoeslag_up_to_the_income_limit(household, persons, limit):
    at = _scan(household=household, persons=persons, taxable_income=D(limit))
    above = _scan(household=household, persons=persons, taxable_income=D(limit) + 1)
    assert "zorgtoeslag" in {f.kind for f in at.findings}
    assert "zorgtoeslag" not in {f.kind for f in above.findings}
    assert any(line.startswith("Zorgtoeslag: ") for line in above.checked)


def test_zorgtoeslag_limits_per_year():
    assert benefits_scan.zorgtoeslag_limit(2026, False) == (D("40857"), 2026)
    assert benefits_scan.zorgtoeslag_limit(2026, True) == (D("51142"), 2026)
    assert benefits_scan.zorgtoeslag_limit(2030, True) == (D("51142"), 2026)


def test_what_the_household_already_gets_is_not_missing():
    result = _scan(has_huurtoeslag=True, has_zorgtoeslag=True)
    assert result.findings == []
    assert "Huurtoeslag: u krijgt dit al." in result.checked and "Zorgtoeslag: u krijgt dit al." in result.checked


def test_without_a_rent_no_huurtoeslag_is_estimated():
    result = _scan(rent=None)
    assert "huurtoeslag" not in {f.kind for f in result.findings}
    assert any("kale huur" in line for line in result.checked)


def test_municipal_schemes_by_percentage_of_the_norm_or_by_amount():
    # The single norm is 1369.06: 120 % is 1642.87.
    schemes = [
        benefits_scan.Scheme("Meedoen", "Voor sport.", income_limit_percent=D("120"), amount_per_year=D("150")),
        benefits_scan.Scheme("Vast bedrag", income_limit_amount=D("1600.00")),
        benefits_scan.Scheme("Allebei", income_limit_percent=D("130"), income_limit_amount=D("1500.00")),
        benefits_scan.Scheme("Voor iedereen", amount_per_year=D("25")),
    ]
    at = _scan(net_income=D("1642.87"), schemes=schemes, has_huurtoeslag=True, has_zorgtoeslag=True)
    assert [f.title for f in at.findings] == ["Meedoen", "Voor iedereen"]
    assert at.total_per_year == D("175")
    assert "Voor mensen met een netto inkomen tot € 1.642,87 per maand" in at.findings[0].text
    above = _scan(net_income=D("1642.88"), schemes=schemes, has_huurtoeslag=True, has_zorgtoeslag=True)
    assert [f.title for f in above.findings] == ["Voor iedereen"]
    low = _scan(net_income=D("1500.00"), schemes=schemes, has_huurtoeslag=True, has_zorgtoeslag=True)
    assert [f.title for f in low.findings] == ["Meedoen", "Vast bedrag", "Allebei", "Voor iedereen"]
    assert benefits_scan.scheme_limit(schemes[2], D("1369.06")) == D("1500.00")  # the lower of the two


def test_scheme_limits_use_the_pension_age_norm():
    scheme = benefits_scan.Scheme("Ouderen", income_limit_percent=D("100"))
    assert [
        f.title for f in _scan(age=70, net_income=D("1530.21"), schemes=[scheme]).findings if f.kind == "gemeente"
    ] == ["Ouderen"]
    assert [
        f.title for f in _scan(age=60, net_income=D("1530.21"), schemes=[scheme]).findings if f.kind == "gemeente"
    ] == []
