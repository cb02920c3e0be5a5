"""A corporation's own parameter tables (HUURPAD_PARAMS_DIR) replace or add whole tables, each
with its source; the package's files stay as they are."""

from decimal import Decimal

import pytest

from huurpad.core import params
from huurpad.core.calc import affordability


@pytest.fixture
def own_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(params.OWN_DIR, str(tmp_path))
    params.load.cache_clear()
    yield tmp_path
    monkeypatch.delenv(params.OWN_DIR)
    params.load.cache_clear()


def test_the_corporation_sets_its_own_energy_estimate_and_the_result_says_so(own_dir):
    package = params.load("affordability")["energy"]
    (own_dir / "affordability.toml").write_text(
        '[energy]\nestimate = true\nsource = "Energiecoach Woonstichting De Linde, 2026"\n'
        + "".join(
            f'"{label}" = "{int(value) + 20}"\n'
            for label, value in package.items()
            if label not in ("estimate", "source", "unknown")
        )
        + 'unknown = "C"\n',
        "utf-8",
    )
    params.load.cache_clear()
    assert affordability.energy_estimate("B") == (Decimal("174"), "B")
    assert affordability.energy_estimate("") == (Decimal("191"), "C")  # its own usual label
    assert params.load("affordability")["households"]  # the other tables stay the package's
    result = affordability.check(
        2026, household="single", persons=1, age=40, net_income=Decimal("1600"), rent=Decimal("600"), energy_label="B"
    )
    assert (
        "Deze schatting van de energiekosten maakte de woningcorporatie zelf. Bron: Energiecoach Woonstichting De Linde, 2026."
        in result.estimates
    )


def test_a_year_the_package_does_not_have_yet_can_be_added(own_dir):
    (own_dir / "rent_policy.toml").write_text(
        '[2027]\nmax_increase_percent = "3.5"\nmax_increase_source = "Rijksoverheid, december 2026 (voorbeeld)"\n'
        'liberalisation_limit = "950.00"\nliberalisation_source = "Liberalisatiegrens 2027 (voorbeeld)"\n'
        'capping_low = "730.00"\ncapping_high = "780.00"\ncapping_source = "Huurtoeslag 2027 (voorbeeld)"\n'
        'income_limit_single = "30000"\nincome_limit_multi = "41000"\nincome_limit_source = "Passend toewijzen 2027 (voorbeeld)"\n',
        "utf-8",
    )
    params.load.cache_clear()
    assert params.load("rent_policy")["2027"]["own"] is True and "own" not in params.load("rent_policy")["2026"]
    assert params.load("rent_policy")["2026"]["max_increase_percent"] == "4.1"  # the package's years stay


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[energy]\nB = "150"\n', r"\[energy\]: source is missing"),
        ('[energy]\nsource = ""\nB = "150"\n', r"\[energy\]: source is empty"),
        ('unknown = "C"\n', "unknown: only whole tables"),
        ("[energy\n", "cannot be read"),
    ],
)
def test_an_own_table_without_its_source_or_not_a_table_is_refused_with_file_and_table(own_dir, text, message):
    (own_dir / "affordability.toml").write_text(text, "utf-8")
    params.load.cache_clear()
    with pytest.raises(params.ParamsError, match=message) as refused:
        params.load("affordability")
    assert str(own_dir / "affordability.toml") in str(refused.value)
