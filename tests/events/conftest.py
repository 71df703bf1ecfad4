import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    from events.feeds import clear_local_feeds

    cache.clear()
    clear_local_feeds()
    yield
    cache.clear()
    clear_local_feeds()


@pytest.fixture
def events_index(home):
    from tests.factories.events import event_index

    return event_index(home)
