"""`huurpad calc huurtoeslag` and `huurpad calc incassokosten`: the JSON shapes of spec/CLI.md,
the WIK scale at every edge through the command, and bad input named by its option. (The
calculations themselves are tested in huurpad/core: test_huurtoeslag.py, test_wik.py.)"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

AMOUNT = re.compile(r"^\d+\.\d{2}$")
DOC = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"


def calc(capsys, *args) -> dict:
    call_command("calc", *args, "--json")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1  # one object
    return json.loads(lines[0])


PUBLISHED = ["--year", "2025", "--household", "single", "--age", "27", "--income", "25000", "--assets", "0"]


# huurtoeslag ------------------------------------------------------------------------------------


def test_huurtoeslag_json_shape(capsys):
    out = calc(capsys, "huurtoeslag", *PUBLISHED, "--rent", "900")
    assert set(out) == {"year", "monthly", "eligible", "reasons", "steps", "unconfirmed", "notes"}
    assert out["year"] == 2025
    assert out["monthly"] == "449.55"
    assert out["eligible"] is True and out["reasons"] == [] and out["unconfirmed"] == [] and out["notes"] == []
    assert [s["name"] for s in out["steps"]] == [
        "rekenhuur",
        "normhuur",
        "basishuur",
        "band_1",
        "band_2",
        "band_3",
        "huurtoeslag",
    ]
    for step in out["steps"]:
        assert set(step) == {"name", "value", "explanation"}
        assert AMOUNT.match(step["value"]), step
        assert step["explanation"]
    assert out["steps"][-1]["value"] == out["monthly"]


def test_huurtoeslag_published_second_check(capsys):
    out = calc(capsys, "huurtoeslag", *PUBLISHED[:7], "37000", "--assets", "0", "--rent", "900")
    assert out["monthly"] == "153.77"


def test_huurtoeslag_2026_lists_the_unconfirmed_parameters(capsys):
    out = calc(
        capsys,
        "huurtoeslag",
        "--year",
        "2026",
        "--household",
        "multi",
        "--persons",
        "3",
        "--age",
        "45",
        "--income",
        "36000",
        "--assets",
        "0",
        "--rent",
        "800",
    )
    assert out["monthly"] == "402.20"
    assert "multi.afbouwpercentage" in out["unconfirmed"] and "aftoppingsgrens_hoog" in out["unconfirmed"]
    assert [s["name"] for s in out["steps"]][-2:] == ["afbouw", "huurtoeslag"]


def test_huurtoeslag_service_costs_comma_separated(capsys):
    out = calc(
        capsys,
        "huurtoeslag",
        "--year",
        "2025",
        "--household",
        "multi",
        "--age",
        "40",
        "--income",
        "28000",
        "--assets",
        "0",
        "--rent",
        "650",
        "--service-costs",
        "10,15",
    )
    steps = {s["name"]: s["value"] for s in out["steps"]}
    assert steps["servicekosten"] == "22.00" and steps["rekenhuur"] == "672.00"
    assert out["monthly"] == "406.58"


def test_huurtoeslag_not_eligible_gives_zero_and_the_reason(capsys):
    out = calc(capsys, "huurtoeslag", *PUBLISHED[:-1], "37396", "--rent", "900")
    assert out["monthly"] == "0.00" and out["eligible"] is False
    assert "37.395" in out["reasons"][0]


def test_huurtoeslag_without_assets_says_they_were_not_checked(capsys):
    out = calc(capsys, "huurtoeslag", *PUBLISHED[:-2], "--rent", "900")
    assert out["monthly"] == "449.55"
    assert out["notes"] and "Vermogen" in out["notes"][0]


def test_huurtoeslag_text_output(capsys):
    call_command("calc", "huurtoeslag", *PUBLISHED, "--rent", "900")
    out = capsys.readouterr().out
    assert out.startswith("huurtoeslag 2025: 449.55 a month")
    assert "band_2" in out and "133.74" in out


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--income", "25.000,00", "--income: '25.000,00' is not an amount"),
        ("--income", "-1", "--income: '-1' is negative"),
        ("--rent", "abc", "--rent: 'abc' is not an amount"),
        ("--assets", "1e5", "--assets: '1e5' is not an amount"),
        ("--age", "27.5", "--age: '27.5' is not a whole number"),
        ("--year", "2024", "--year: no huurtoeslag parameters for 2024"),
        ("--year", "twenty", "--year: 'twenty' is not a whole number"),
        ("--household", "couple", "--household: 'couple' is not one of single, multi"),
        ("--persons", "3", "--persons: a single household has 1 person, not 3"),
        ("--service-costs", "10,,12", "--service-costs: '' is not an amount"),
        ("--service-costs", "1,2,3,4,5", "--service-costs: 5 service-cost items; at most 4 count"),
    ],
)
def test_huurtoeslag_bad_input_names_the_option(option, value, message):
    args = {"--year": "2025", "--household": "single", "--age": "27", "--income": "25000", "--rent": "900"}
    args[option] = value
    with pytest.raises(CommandError) as error:
        call_command("calc", "huurtoeslag", *[part for pair in args.items() for part in pair])
    assert str(error.value).startswith(message)


# incassokosten ----------------------------------------------------------------------------------


def test_incassokosten_json_shape(capsys):
    assert calc(capsys, "incassokosten", "--principal", "1000") == {"principal": "1000.00", "costs": "150.00"}


@pytest.mark.parametrize(
    "principal, costs",
    [
        ("0", "0.00"),  # no principal, no costs
        ("0.01", "40.00"),  # the €40 minimum
        ("266.66", "40.00"),
        ("266.70", "40.01"),  # first above the minimum (40.005 rounds half-up)
        ("2499.99", "375.00"),  # 374.9985
        ("2500", "375.00"),  # end of the 15 % band
        ("2500.10", "375.01"),  # 10 % beyond it
        ("4999.90", "624.99"),
        ("5000", "625.00"),  # end of the 10 % band
        ("5000.20", "625.01"),  # 5 % beyond it
        ("10000", "875.00"),  # end of the 5 % band
        ("10001", "875.01"),  # 1 % beyond it
        ("200000", "2775.00"),  # end of the 1 % band
        ("200002", "2775.01"),  # 0.5 % beyond it
        ("999998", "6774.99"),
        ("1000000", "6775.00"),  # the €6,775 maximum is reached
        ("1000000.01", "6775.00"),
        ("5000000", "6775.00"),
    ],
)
def test_incassokosten_at_every_edge_of_the_scale(capsys, principal, costs):
    out = calc(capsys, "incassokosten", "--principal", principal)
    assert out["costs"] == costs
    assert AMOUNT.match(out["principal"])


def wik_doc_rows() -> list[tuple[str, str]]:
    body = DOC.read_text("utf-8").split("<!-- wik-examples -->", 1)[1].split("<!-- /wik-examples -->", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in body.strip().splitlines()[2:]]
    return [(row[0], row[1]) for row in rows]


def test_the_wik_table_in_the_doc_is_what_the_command_says(capsys):
    rows = wik_doc_rows()
    assert len(rows) >= 10
    for principal, costs in rows:
        assert calc(capsys, "incassokosten", "--principal", principal)["costs"] == costs, principal


def test_incassokosten_text_output_cites_the_decree(capsys):
    call_command("calc", "incassokosten", "--principal", "700")
    assert capsys.readouterr().out.strip().startswith("principal 700.00: collection costs at most 105.00 (Besluit")


@pytest.mark.parametrize("value", ["10,5", "-100", "abc", "1234567890123"])
def test_incassokosten_bad_principal_names_the_option(value):
    with pytest.raises(CommandError, match=r"^--principal: "):
        call_command("calc", "incassokosten", "--principal", value)


# Exit status (spec/CLI.md): 1 on bad input, 2 on wrong usage.


def run_cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", "test")}
    return subprocess.run([sys.executable, "-m", "huurpad.cli", "calc", *args], capture_output=True, text=True, env=env)


def test_exit_status_on_bad_input_and_wrong_usage():
    bad = run_cli("incassokosten", "--principal", "10,5")
    assert bad.returncode == 1 and "--principal" in bad.stderr
    usage = run_cli("huurtoeslag", "--year", "2025")
    assert usage.returncode == 2 and "--household" in usage.stderr
    good = run_cli("incassokosten", "--principal", "2500", "--json")
    assert good.returncode == 0 and json.loads(good.stdout) == {"principal": "2500.00", "costs": "375.00"}
