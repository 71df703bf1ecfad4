"""Page and tag slugs are ASCII with đ -> d, whatever the editor types or leaves empty (DOMAIN.md: slugs fold đ)."""

import pytest
from taggit.models import Tag

from clubs.models import NewsPage
from tests.clubs.test_editor_workflow import add_news_url, network, news_form_data  # noqa: F401 (fixture)
from tests.factories.clubs import make_news

pytestmark = pytest.mark.django_db


def add_news(client, network, **fields):  # noqa: F811
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-save", **fields)
    del data["action-save"]
    response = client.post(add_news_url(network["a"]), data)
    assert response.status_code == 302, response.context["form"].errors
    return NewsPage.objects.get(title=fields["title"])


def page_without_slug(parent, title, slug=""):
    news = NewsPage(title=title, slug=slug)
    parent.add_child(instance=news)
    return news


def test_an_empty_slug_becomes_the_folded_title_with_d(site_tree):
    _, news_index = site_tree

    assert page_without_slug(news_index, "Chuyển đổi số trong nông nghiệp").slug == "chuyen-doi-so-trong-nong-nghiep"


def test_a_vietnamese_slug_typed_or_pasted_is_folded_not_refused(client, network):  # noqa: F811
    news = add_news(client, network, title="Đổi mới sáng tạo", slug="Đổi-mới-sáng-tạo")

    assert news.slug == "doi-moi-sang-tao"


def test_two_pages_with_the_same_vietnamese_title_get_distinct_slugs(site_tree):
    _, news_index = site_tree

    first, second = page_without_slug(news_index, "Đào tạo"), page_without_slug(news_index, "Đào tạo")

    assert (first.slug, second.slug) == ("dao-tao", "dao-tao-2")


def test_the_slug_widget_transliterates_vietnamese_before_wagtails_maps(client, network):  # noqa: F811
    client.force_login(network["editor"])
    html = client.get(add_news_url(network["a"])).content.decode()

    assert "data-w-slug-allow-unicode-value" not in html  # False: the widget's own default, ASCII
    assert "[\\\\u0111\\\\u0110]" in html  # the formatter turning đ and Đ into d (Wagtail's map says "dj")
    assert "u1ec3" in html  # ể: letters with two marks, which Wagtail's maps lack


def test_a_page_saved_in_code_with_a_unicode_slug_is_folded(site_tree):
    _, news_index = site_tree

    news = page_without_slug(news_index, "Tin thử", slug="điện-bàn")

    assert news.slug == "dien-ban"


def test_tag_slugs_fold_d(site_tree):
    _, news_index = site_tree
    news = make_news(news_index, title="Tin có thẻ")
    news.tags.add("Chuyển đổi số")

    assert Tag.objects.get(name="Chuyển đổi số").slug == "chuyen-doi-so"


# --- autosave: Wagtail 8 creates the page while the editor is still on the create form ------------------------------


def test_the_editors_own_autosaved_draft_never_blocks_their_next_submit(client, network):  # noqa: F811
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-save", title="Tin tự lưu", slug="tin-tu-luu")
    del data["action-save"]

    autosave = client.post(add_news_url(network["a"]), data, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 200 and autosave.json()["success"] is True
    # the browser had not moved to the edit view yet: the editor's click posts the create form again
    response = client.post(add_news_url(network["a"]), data)

    assert response.status_code == 302, response.context["form"].errors
    assert sorted(NewsPage.objects.filter(title="Tin tự lưu").values_list("slug", flat=True)) == [
        "tin-tu-luu",
        "tin-tu-luu-2",
    ]


def test_a_slug_held_by_someone_elses_page_is_refused_in_vietnamese(client, network):  # noqa: F811
    make_news(network["a"], title="Tin của Ban Điều hành")
    taken = NewsPage.objects.get(title="Tin của Ban Điều hành").slug
    client.force_login(network["editor"])
    data = news_form_data(client, network["a"], "action-save", title="Tin khác", slug=taken)
    del data["action-save"]

    response = client.post(add_news_url(network["a"]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        f"Đường dẫn “{taken}” đã được trang “Tin của Ban Điều hành” trong cùng mục dùng. Hãy chọn đường dẫn khác."
    ]
    assert not NewsPage.objects.filter(title="Tin khác").exists()
