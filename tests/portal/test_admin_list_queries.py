"""The Board's admin lists that grow with the province's records run the same queries at 4 rows as at 30 (more than
a page): a column, filter or button that cost a query per row would make the longer list run more (issue 14 item 3;
the nominations' and registrations' lists have their own tests beside their apps). Their time at 10,000 rows is
measured by scripts/benchmarks/admin_lists.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.admin_rows import ADMIN_LISTS
from tests.factories.portal import board_user

pytestmark = pytest.mark.django_db

SMALL, LARGE = 4, 30


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_a_board_admin_list_runs_the_same_queries_at_4_or_30_rows(client, url):
    client.force_login(board_user(last_login=timezone.now()))
    add = ADMIN_LISTS[url]

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    add(0, SMALL)
    count()  # sessions, site and caches warmed
    small, _ = count()
    add(SMALL, LARGE - SMALL)
    large, page = count()

    assert large == small, f"{url}: {small} queries with {SMALL} rows, {large} with {LARGE}"
    assert 'class="pagination' in page or "w-pagination" in page or "?p=2" in page  # more than a page is shown
