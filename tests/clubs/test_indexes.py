"""Indexes the lists need at a province's scale (scripts/benchmarks/load.py measures them)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_news_lists_read_the_date_index():
    """Every news list is newest first; without an index on the date PostgreSQL sorted all items for each one."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "clubs_newspage")
    assert any(c["index"] and c["columns"] == ["date"] for c in constraints.values())


def test_page_routing_reads_the_url_path_index():
    """portal.pages.routing finds the pages of a URL by url_path, which Wagtail does not index (migration portal
    0005)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert any(c["index"] and c["columns"] == ["url_path"] for c in constraints.values())
