"""The navigation's ToT link (training.templatetags.nomination_tags.tot_programme_url) comes from the page-tree
cache, so it costs no query per request, yet follows at once every change that moves or hides the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from training.pages import ProgrammePage

pytestmark = pytest.mark.django_db
LINK_TEXT = "Đào tạo ToT"


@pytest.fixture
def programme(home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    page = ProgrammePage(title="Đề án đào tạo giảng viên nguồn", slug="dao-tao-giang-vien-nguon")
    home.add_child(instance=page)
    return page


def nav_link(client):
    html = client.get("/tai-khoan/dang-nhap/").content.decode()
    return '<a href="/dao-tao-giang-vien-nguon/">' in html, LINK_TEXT in html


def test_the_link_costs_no_query_once_cached(client, programme):
    assert nav_link(client) == (True, True)
    with CaptureQueriesContext(connection) as queries:
        client.get("/tai-khoan/dang-nhap/")
    assert not [q["sql"] for q in queries if "training_programmepage" in q["sql"]]


def test_a_view_restriction_hides_the_link_at_once_and_lifting_it_brings_it_back(client, programme):
    assert nav_link(client) == (True, True)
    restriction = PageViewRestriction.objects.create(page=programme, restriction_type="login")
    assert nav_link(client) == (False, False)
    restriction.delete()
    assert nav_link(client) == (True, True)


def test_unpublishing_or_moving_the_page_follows_at_once(client, programme):
    assert nav_link(client) == (True, True)
    programme.unpublish()
    assert nav_link(client) == (False, False)
    programme.refresh_from_db()
    programme.save_revision().publish()
    programme.slug = "de-an-tot"
    programme.save_revision().publish()
    html = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert '<a href="/de-an-tot/">' in html and "/dao-tao-giang-vien-nguon/" not in html
