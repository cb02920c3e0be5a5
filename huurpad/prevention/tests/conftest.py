import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The help-request limit counts in the cache: each test starts with none sent."""
    cache.clear()
    yield
    cache.clear()
