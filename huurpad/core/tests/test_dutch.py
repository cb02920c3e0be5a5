"""Dutch words for numbers and dates as the screens and letters say them."""

from datetime import date

import pytest

from huurpad.core.dutch import date_nl, months_nl


@pytest.mark.parametrize(("months", "said"), [(1, "1 maand"), ("1", "1 maand"), (18, "18 maanden"), (0, "0 maanden")])
def test_one_month_is_a_maand_and_more_are_maanden(months, said):
    assert months_nl(months) == said


def test_an_unknown_number_of_months_is_said_as_such():
    assert months_nl(None) == "een onbekend aantal maanden"


def test_a_date_is_written_out():
    assert date_nl(date(2026, 12, 7)) == "7 december 2026"
