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
        [calibration.Household(arrears=70000, pending=0, monthly_due=70000)] * 3
        + [calibration.Household(arrears=0, pending=0, monthly_due=70000)] * 7,
    )
    assert figures.share_pct == Decimal("30.00")
    assert [band.field for band in figures.outside()] == ["share_pct", "one_to_three_pct", "average"] or [
        band.field for band in figures.outside()
    ] == ["share_pct", "average"]
    assert any("OUTSIDE" in line for line in calibration.report(figures))


def test_a_debit_still_to_come_is_not_arrears():
    waiting = calibration.Household(arrears=65000, pending=65000, monthly_due=65000)
    behind = calibration.Household(arrears=130000, pending=65000, monthly_due=65000)
    figures = calibration.figures(DAY, [waiting, behind])
    assert figures.in_arrears == 1 and figures.plain_in_arrears == 2
    assert figures.one_to_three_pct == Decimal("100.00") and figures.average == Decimal("650.00")


def test_pending_debits_follow_the_collection_day():
    # 2026-11-10 is a Tuesday: a debit on the 10th is collected that day, so it is still to come
    # that morning; one on the 5th has been collected.
    on = date(2026, 11, 10)
    assert calibration.debit_pending(on, "direct_debit", 10)
    assert not calibration.debit_pending(on, "direct_debit", 5)
    assert not calibration.debit_pending(on, "transfer", None)
