"""`huurpad calc affordability` (spec/CLI.md): the fields of the spec, and the option it
cannot use named. The calculation itself is tested in huurpad/core/calc/tests."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _calc(*args) -> str:
    out = StringIO()
    call_command("calc", "affordability", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_fields_of_the_spec():
    data = json.loads(
        _calc(
            "--household",
            "single",
            "--income",
            "1800",
            "--rent",
            "650",
            "--energy-label",
            "B",
            "--age",
            "30",
            "--year",
            "2025",
            "--json",
        )
    )
    assert list(data)[:6] == ["verdict", "housing_costs", "huurtoeslag", "ratio", "room_for_rent", "reasons"]
    assert (data["verdict"], data["housing_costs"], data["huurtoeslag"], data["ratio"], data["room_for_rent"]) == (
        "betaalbaar",
        "804.00",
        "390.47",
        "0.230",
        "640.54",
    )
    assert data["net_housing_costs"] == "413.53" and data["year"] == 2025
    assert all(isinstance(reason, str) for reason in data["reasons"]) and data["estimates"]


def test_the_command_takes_service_costs_assets_and_own_energy():
    data = json.loads(
        _calc(
            "--household",
            "family",
            "--persons",
            "4",
            "--income",
            "2600",
            "--taxable-income",
            "38000",
            "--rent",
            "800",
            "--service-costs",
            "10,15",
            "--assets",
            "0",
            "--energy",
            "150",
            "--age",
            "38",
            "--year",
            "2025",
            "--json",
        )
    )
    assert data["housing_costs"] == "975.00" and data["energy"] == "150.00"
    assert not any("Leeftijd niet opgegeven" in note for note in data["estimates"])
    text = _calc("--household", "single", "--income", "1800", "--rent", "650", "--year", "2025")
    assert (
        text.startswith("affordability 2025: betaalbaar")
        and "Leeftijd niet opgegeven: we rekenden met 30 jaar." in text
    )


@pytest.mark.parametrize(
    "args, option",
    [
        (["--household", "student", "--income", "1800", "--rent", "650"], "--household"),
        (["--household", "family", "--persons", "2", "--income", "1800", "--rent", "650"], "--persons"),
        (["--household", "single", "--income", "18,00", "--rent", "650"], "--income"),
        (["--household", "single", "--income", "1800", "--rent", "650", "--energy-label", "Q"], "--energy-label"),
        (
            [
                "--household",
                "single",
                "--income",
                "1800",
                "--rent",
                "650",
                "--service-costs",
                "1,2,3,4,5",
                "--year",
                "2025",
            ],
            "--service-costs",
        ),
    ],
)
def test_the_command_names_the_option_it_cannot_use(args, option):
    with pytest.raises(CommandError) as raised:
        _calc(*args)
    assert str(raised.value).startswith(option)
