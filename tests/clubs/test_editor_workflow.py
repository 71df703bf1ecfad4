"""The club editor's boundary and the Board's moderation workflow, driven through the Wagtail admin's HTTP views."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from clubs.models import NewsPage
from tests.factories.clubs import club_editor, make_club, make_news
from tests.factories.portal import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site_tree):
    directory, news_index = site_tree
    club_a = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    club_b = make_club(directory, title="CLB Khởi nghiệp Hội An")
    return {
        "directory": directory,
        "news_index": news_index,
        "a": club_a,
        "b": club_b,
        "news_b": make_news(club_b, title="Tin của Hội An"),
        "editor": club_editor(club_a, username="bientap_tamky"),
        "board": board_user(username="bandieuhanh"),
    }


def admin_date(value):
    """A date as the admin's date widget writes it (WAGTAIL_DATE_FORMAT, a strftime format)."""
    fmt = settings.WAGTAIL_DATE_FORMAT
    return value.strftime(fmt) if "%" in fmt else value.isoformat()


def admin_datetime(value):
    fmt = settings.WAGTAIL_DATETIME_FORMAT
    return value.strftime(fmt) if "%" in fmt else value.strftime("%Y-%m-%d %H:%M")


def add_news_url(parent):
    return reverse("wagtailadmin_pages:add", args=("clubs", "newspage", parent.pk))


def news_form_data(client, parent, action, **fields):
    """The add-news form as the admin renders it, filled in like an editor would, with the button `action`."""
    response = client.get(add_news_url(parent))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    values = {
        "title": "Hội thảo khởi nghiệp nông nghiệp hữu cơ",
        "slug": "hoi-thao-nong-nghiep-huu-co",
        "date": admin_date(date(2024, 5, 1)),
        "intro": "Hơn 80 hội viên tham dự",
        "tags": "nông nghiệp hữu cơ",
    }
    values.update(fields)
    for name, value in values.items():
        data[name] = value
    data.update(
        nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Ông Nguyễn Văn An phát biểu.</p>"))])})
    )
    data[action] = "1"
    return data


def assert_refused(response):
    """Wagtail refuses with 403, or redirects to the dashboard with its permission-denied message."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("permission" in message.lower() or "quyền" in message.lower() for message in messages), messages


# The editor of club A ------------------------------------------------------------------------------------------------


def test_editor_opens_the_add_news_form_under_their_club(client, network):
    client.force_login(network["editor"])

    response = client.get(add_news_url(network["a"]))

    assert response.status_code == 200
    assert b'id="page-edit-form"' in response.content


def test_editor_submits_news_for_moderation_and_it_stays_unpublished(client, network):
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-submit")

    response = client.post(add_news_url(network["a"]), data)

    assert response.status_code == 302, response.context["form"].errors
    news = NewsPage.objects.get(slug="hoi-thao-nong-nghiep-huu-co")
    assert news.get_parent().pk == network["a"].pk
    assert news.club_id == network["a"].pk
    assert news.live is False
    assert news.owner == network["editor"]
    workflow_state = news.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.current_task_state.task.name == "Ban Điều hành duyệt"
    client.logout()
    assert client.get(network["a"].url).content.decode().count("Hội thảo khởi nghiệp nông nghiệp hữu cơ") == 0


def test_admin_date_widget_shows_and_accepts_day_month_year(client, network):
    client.force_login(network["editor"])
    response = client.get(add_news_url(network["a"]))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")

    assert data["date"] == timezone.localdate().strftime("%d/%m/%Y")
    data.update({"title": "Tin giữ ngày mặc định", "slug": "ngay-mac-dinh", "action-submit": "1"})
    data.update(nested_form_data({"body": streamfield([])}))
    assert client.post(add_news_url(network["a"]), data).status_code == 302
    assert NewsPage.objects.get(slug="ngay-mac-dinh").date == timezone.localdate()


def test_editor_saves_a_draft(client, network):
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-save", slug="ban-nhap")
    del data["action-save"]

    response = client.post(add_news_url(network["a"]), data)

    assert response.status_code == 302
    news = NewsPage.objects.get(slug="ban-nhap")
    assert news.live is False
    assert news.current_workflow_state is None


def test_editor_cannot_publish_directly(client, network):
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-publish", slug="tu-xuat-ban")

    client.post(add_news_url(network["a"]), data)

    news = NewsPage.objects.get(slug="tu-xuat-ban")
    assert news.live is False
    assert news.first_published_at is None
    assert client.get(news.url or "/cau-lac-bo/x/").status_code == 404


def test_editor_can_edit_their_clubs_page_as_a_draft(client, network):
    client.force_login(network["editor"])
    club = network["a"]
    edit_url = reverse("wagtailadmin_pages:edit", args=(club.pk,))

    response = client.get(edit_url)

    assert response.status_code == 200


# ... and nothing of club B -------------------------------------------------------------------------------------------


def test_editor_is_refused_club_b_edit_form(client, network):
    client.force_login(network["editor"])
    club_b = network["b"]

    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(club_b.pk,))))
    assert_refused(client.post(reverse("wagtailadmin_pages:edit", args=(club_b.pk,)), {"title": "Đã sửa"}))

    club_b.refresh_from_db()
    assert club_b.title == "CLB Khởi nghiệp Hội An"
    assert club_b.latest_revision.content["title"] == "CLB Khởi nghiệp Hội An"


def test_editor_is_refused_adding_news_under_club_b(client, network):
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-submit", slug="tin-lan-sang-hoi-an")

    assert_refused(client.get(add_news_url(network["b"])))
    assert_refused(client.post(add_news_url(network["b"]), data))
    assert_refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=(network["b"].pk,))))

    assert not NewsPage.objects.filter(slug="tin-lan-sang-hoi-an").exists()
    assert network["b"].get_children().count() == 1


def test_editor_is_refused_editing_or_deleting_club_b_news(client, network):
    client.force_login(network["editor"])
    news_b = network["news_b"]

    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(news_b.pk,))))
    assert_refused(client.post(reverse("wagtailadmin_pages:edit", args=(news_b.pk,)), {"title": "Đã sửa"}))
    assert_refused(client.get(reverse("wagtailadmin_pages:delete", args=(news_b.pk,))))
    assert_refused(client.post(reverse("wagtailadmin_pages:delete", args=(news_b.pk,))))
    assert_refused(client.post(reverse("wagtailadmin_pages:unpublish", args=(news_b.pk,))))

    news_b.refresh_from_db()
    assert news_b.title == "Tin của Hội An"
    assert news_b.live is True


def test_editor_is_refused_moving_pages_into_or_out_of_club_b(client, network):
    client.force_login(network["editor"])
    own_draft = make_news(network["a"], title="Tin nháp Tam Kỳ", publish=False)
    own_draft.owner = network["editor"]
    own_draft.save()
    news_b = network["news_b"]

    assert_refused(
        client.post(reverse("wagtailadmin_pages:move_confirm", args=(own_draft.pk, network["b"].pk)))
    )
    assert_refused(client.post(reverse("wagtailadmin_pages:move_confirm", args=(news_b.pk, network["a"].pk))))

    assert Page.objects.get(pk=own_draft.pk).get_parent().pk == network["a"].pk
    assert Page.objects.get(pk=news_b.pk).get_parent().pk == network["b"].pk
    assert NewsPage.objects.get(pk=news_b.pk).club_id == network["b"].pk


def test_editor_is_refused_club_b_privacy_and_copy(client, network):
    client.force_login(network["editor"])

    assert_refused(client.get(reverse("wagtailadmin_pages:set_privacy", args=(network["b"].pk,))))
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(network["news_b"].pk,)),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": network["a"].pk},
    )
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(slug="ban-sao").exists()


# The Board approves ------------------------------------------------------------------------------------------------


def submit_as_editor(client, network, **fields):
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-submit", **fields)
    response = client.post(add_news_url(network["a"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return NewsPage.objects.get(slug=data["slug"])


def approve_as_board(client, network, news):
    task_state = news.current_workflow_task_state
    client.force_login(network["board"])
    url = reverse("wagtailadmin_pages:workflow_action", args=(news.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": "Đồng ý đăng."})
    assert response.status_code in (200, 302), response.status_code
    task_state.refresh_from_db()
    return task_state


def test_board_approval_publishes_the_news_on_the_club_page(client, network):
    news = submit_as_editor(client, network)

    task_state = approve_as_board(client, network, news)

    assert task_state.status == TaskState.STATUS_APPROVED
    news.refresh_from_db()
    assert news.live is True
    assert news.current_workflow_state is None
    client.logout()
    html = client.get(network["a"].url).content.decode()
    assert "Hội thảo khởi nghiệp nông nghiệp hữu cơ" in html
    page_html = client.get(news.url).content.decode()
    assert "Ông Nguyễn Văn An phát biểu." in page_html
    assert "nông nghiệp hữu cơ" in page_html


def test_editor_cannot_approve_their_own_news(client, network):
    news = submit_as_editor(client, network)
    task_state = news.current_workflow_task_state
    client.force_login(network["editor"])

    client.post(reverse("wagtailadmin_pages:workflow_action", args=(news.pk, "approve", task_state.pk)))

    task_state.refresh_from_db()
    news.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert news.live is False


def test_board_rejection_sends_news_back_and_it_stays_unpublished(client, network):
    news = submit_as_editor(client, network)
    task_state = news.current_workflow_task_state
    client.force_login(network["board"])

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(news.pk, "reject", task_state.pk)),
        {"comment": "Cần bổ sung ảnh."},
    )

    task_state.refresh_from_db()
    news.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert news.live is False


def test_scheduled_news_goes_live_only_when_its_time_comes(client, network):
    go_live_at = timezone.localtime() + timedelta(days=2)
    news = submit_as_editor(
        client, network, slug="tin-hen-gio", go_live_at=admin_datetime(go_live_at)
    )
    assert news.go_live_at is not None

    approve_as_board(client, network, news)

    news.refresh_from_db()
    revision = news.latest_revision
    assert news.live is False
    assert revision.approved_go_live_at is not None
    assert abs(revision.approved_go_live_at - go_live_at).total_seconds() < 60
    call_command("publish_scheduled")
    news.refresh_from_db()
    assert news.live is False

    # Three days later (Django's clock, not ours, is moved forward).
    later = timezone.now() + timedelta(days=3)
    with mock.patch.object(timezone, "now", return_value=later):
        call_command("publish_scheduled")

    news.refresh_from_db()
    assert news.live is True
    client.logout()
    assert "Hội thảo khởi nghiệp nông nghiệp hữu cơ" in client.get(network["a"].url).content.decode()
