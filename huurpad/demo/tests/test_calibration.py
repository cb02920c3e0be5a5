"""The demo's figures against the public ones (docs/demo-data.md)."""

from datetime import date
from decimal import Decimal

import pytest

from huurpad.demo import calibration, generator

DAY = date(2026, 11, 26)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_default_demo_falls_in_every_band(seed):
    corp = generator.generate(tenancies=2000, months=24, seed=seed, on=DAY)
    figures = calibration.from_corporation(corp)
    assert 1980 <= figures.households <= 2000  # a home whose tenant was evicted may await its next tenant
    assert figures.outside() == [], calibration.report(figures)


def test_a_figure_outside_its_band_is_reported():
    figures = calibration.figures(
        DAY,
        [calibration.Household(arrears=70000, monthly_due=70000)] * 3
        + [calibration.Household(arrears=0, monthly_due=70000)] * 7,
    )
    assert figures.share_pct == Decimal("30.00")
    assert [band.field for band in figures.outside()] == ["share_pct", "one_to_three_pct", "average"] or [
        band.field for band in figures.outside()
    ] == ["share_pct", "average"]
    assert any("OUTSIDE" in line for line in calibration.report(figures))
