"""Random ledgers for property tests (no database needed)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from huurpad.core import ledger


def days_from(start: date, span: int):
    """Days from `start` up to `span` days later."""
    return st.integers(min_value=0, max_value=span).map(lambda n: start + timedelta(days=n))


def entries(days, kinds=None, max_cents: int = 100_000):
    """Ledger entries on the given days, of any kind (or the given ones), 0.01 up to max_cents."""
    return st.builds(
        lambda d, k, c: ledger.Entry(date=d, kind=k, amount=Decimal(c) / 100),
        days,
        st.sampled_from(list(ledger.Kind) if kinds is None else kinds),
        st.integers(min_value=1, max_value=max_cents),
    )
