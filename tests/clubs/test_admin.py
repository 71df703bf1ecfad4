"""Board screens for clubs: the quiet-clubs report, and deleting a club that still has news."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from clubs.models import ClubPage, NewsPage
from tests.factories.clubs import club_editor, make_club, make_news
from tests.factories.portal import board_user

pytestmark = pytest.mark.django_db
REPORT_URL = "/admin/reports/clb-it-hoat-dong/"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def set_published(page, days):
    Page.objects.filter(pk=page.pk).update(last_published_at=days_ago(days), first_published_at=days_ago(days))


@pytest.fixture
def quiet_network(site_tree):
    directory, _ = site_tree
    silent = make_club(directory, title="CLB Tây Giang")  # page untouched for 200 days, never any news
    set_published(silent, 200)
    old_news = make_club(directory, title="CLB Nam Trà My")  # last news 120 days ago
    set_published(old_news, 300)
    set_published(make_news(old_news, title="Tin cũ Nam Trà My"), 120)
    lively = make_club(directory, title="CLB Tam Kỳ")  # old page, fresh news
    set_published(lively, 400)
    set_published(make_news(lively, title="Tin mới Tam Kỳ"), 10)
    edited = make_club(directory, title="CLB Hội An")  # no news but its page was updated last week
    set_published(edited, 7)
    draft_news_only = make_club(directory, title="CLB Phước Sơn")  # a draft is not activity
    set_published(draft_news_only, 150)
    make_news(draft_news_only, title="Tin nháp Phước Sơn", publish=False)
    borderline = make_club(directory, title="CLB Nông Sơn")
    set_published(borderline, 89)
    return {"directory": directory, "silent": silent, "old_news": old_news}


def test_quiet_clubs_report_lists_clubs_without_news_or_activity_for_90_days(client, quiet_network):
    client.force_login(board_user())

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert [club.title for club in response.context["object_list"]] == [
        "CLB Tây Giang",
        "CLB Phước Sơn",
        "CLB Nam Trà My",
    ]
    html = response.content.decode()
    assert "CLB Tây Giang" in html
    assert "CLB Tam Kỳ" not in html
    assert "CLB Hội An" not in html
    assert "CLB Nông Sơn" not in html
    assert response.context["quiet_after_days"] == 90


def test_quiet_clubs_report_exports_csv_with_vietnamese_names(client, quiet_network):
    client.force_login(board_user())

    response = client.get(REPORT_URL, {"export": "csv"})

    assert response.status_code == 200
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    content = raw.decode("utf-8-sig")
    assert "Câu lạc bộ" in content
    assert "CLB Tây Giang" in content
    assert "CLB Tam Kỳ" not in content


def test_quiet_clubs_report_is_board_only(client, quiet_network):
    client.force_login(club_editor(quiet_network["silent"]))

    response = client.get(REPORT_URL)

    assert response.status_code in (302, 403)
    assert "CLB Tây Giang" not in response.content.decode()
    menu = client.get("/admin/").content.decode()
    assert REPORT_URL not in menu


def test_quiet_clubs_report_needs_a_login(client, quiet_network):
    response = client.get(REPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_board_sees_the_report_in_the_reports_menu(client, quiet_network):
    client.force_login(board_user())

    assert REPORT_URL in client.get("/admin/").content.decode()


# Deleting a club ----------------------------------------------------------------------------------------------------


def test_deleting_a_club_with_news_is_refused_with_a_message(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Đông Giang")
    make_news(club, title="Tin Đông Giang")
    client.force_login(board_user())
    url = reverse("wagtailadmin_pages:delete", args=(club.pk,))

    confirm = client.get(url)
    response = client.post(url)

    for refused in (confirm, response):
        assert refused.status_code == 302
        assert refused["Location"] == reverse("wagtailadmin_explore", args=(directory.pk,))
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Không thể xóa “CLB Khởi nghiệp Đông Giang” vì câu lạc bộ còn tin tức." in messages[0]
    assert ClubPage.objects.filter(pk=club.pk).exists()
    assert NewsPage.objects.filter(title="Tin Đông Giang").exists()


def test_deleting_a_club_without_news_works(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB chưa có tin")
    client.force_login(board_user())

    response = client.post(reverse("wagtailadmin_pages:delete", args=(club.pk,)))

    assert response.status_code == 302
    assert not ClubPage.objects.filter(pk=club.pk).exists()


def test_bulk_deleting_a_club_with_news_is_refused(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Đông Giang")
    make_news(club, title="Tin Đông Giang")
    client.force_login(board_user())

    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={club.pk}")

    assert ClubPage.objects.filter(pk=club.pk).exists()
    assert NewsPage.objects.filter(title="Tin Đông Giang").exists()


def test_bulk_delete_of_a_club_without_news_works(client, site_tree):
    """Guards the test above: the bulk delete URL and payload really delete."""
    directory, _ = site_tree
    club = make_club(directory, title="CLB chưa có tin")
    client.force_login(board_user())

    response = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={club.pk}")

    assert response.status_code == 302
    assert not ClubPage.objects.filter(pk=club.pk).exists()
