"""What a visitor gets when a page is forbidden or a form has expired: the portal's own page, in Vietnamese, with
a way on (before: Django's bare English "403 Forbidden" and "CSRF verification failed")."""

import pytest
from django.test import Client

from tests.factories.clubs import club_editor, make_club
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def assert_portal_page(response):
    body = response.content.decode()
    assert 'class="site-header"' in body  # base.html: header, menu and footer
    assert "Forbidden" not in body and "CSRF" not in body
    return body


def test_a_club_editor_opening_the_agency_screens_gets_the_portal_403(client, site_tree):
    client.force_login(club_editor(make_club(site_tree[0]), username="bientap-thu"))

    response = client.get("/tot/de-cu/")

    assert response.status_code == 403
    body = assert_portal_page(response)
    assert "Bạn không có quyền xem trang này" in body
    assert "<strong>bientap-thu</strong>" in body
    assert 'href="/ca-nhan/"' in body


def test_a_participant_opening_the_agency_screens_gets_the_portal_403_in_their_language(client):
    client.force_login(UserFactory())
    client.cookies["django_language"] = "en"

    response = client.get("/tot/de-cu/ho-so/")

    assert response.status_code == 403
    body = assert_portal_page(response)
    assert "You do not have permission to view this page" in body


def test_an_anonymous_visitor_is_offered_the_log_in_page_back_to_where_they_were(rf, site_tree):
    """Anonymous visitors normally go to the log-in first; a 403 that reaches them still offers it."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/tot/de-cu/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert 'href="/tai-khoan/dang-nhap/?next=/tot/de-cu/"' in response.content.decode()


def test_a_post_without_its_csrf_token_gets_the_expired_form_page_and_changes_nothing(site_tree):
    from portal.models import User

    strict = Client(enforce_csrf_checks=True)
    before = User.objects.count()

    response = strict.post(
        "/tai-khoan/dang-nhap/", {"username": "ai-do", "password": "x"},
        HTTP_REFERER="http://testserver/tai-khoan/dang-nhap/?next=/tot/",
    )

    assert response.status_code == 403
    body = assert_portal_page(response)
    assert "Biểu mẫu đã hết hạn" in body
    assert 'href="http://testserver/tai-khoan/dang-nhap/?next=/tot/"' in body
    assert User.objects.count() == before


@pytest.mark.parametrize("referer", ["", "https://evil.example/phish", "javascript:alert(1)"])
def test_the_expired_form_page_never_links_back_to_another_site(site_tree, referer):
    response = Client(enforce_csrf_checks=True).post("/tai-khoan/dang-xuat/", HTTP_REFERER=referer)

    assert response.status_code == 403
    body = response.content.decode()
    assert "evil.example" not in body and "javascript:" not in body
    assert '<a class="button" href="/">' in body
