"""Page and collection privacy offers log-in and group restrictions only: Wagtail's shared password is stored in plain
text, so it is neither offered in the privacy form nor accepted when posted."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories.portal import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(board_user(is_superuser=True))
    return client


@pytest.fixture
def collection():
    return Collection.get_first_root_node().add_child(name="Tài liệu nội bộ")


def privacy_urls(home, collection):
    return [(f"/admin/pages/{home.pk}/privacy/", PageViewRestriction),
            (f"/admin/collections/{collection.pk}/privacy/", CollectionViewRestriction)]


def test_the_privacy_forms_offer_no_shared_password(admin_client, home, collection):
    for url, _model in privacy_urls(home, collection):
        html = admin_client.get(url).json()["html"]
        assert 'value="login"' in html and 'value="groups"' in html, url
        assert 'value="password"' not in html and 'name="password"' not in html, url


def test_a_posted_shared_password_is_refused_and_nothing_is_restricted(admin_client, home, collection):
    for url, model in privacy_urls(home, collection):
        response = admin_client.post(url, {"restriction_type": "password", "password": "matkhau-chung"})
        assert response.status_code == 200 and response.json()["step"] != "set_privacy_done", url
        assert not model.objects.exists(), url


def test_log_in_and_group_restrictions_stay(admin_client, home, collection):
    group = Group.objects.create(name="Ban chủ nhiệm CLB")
    page_url, collection_url = (url for url, _model in privacy_urls(home, collection))
    admin_client.post(page_url, {"restriction_type": "login"})
    admin_client.post(collection_url, {"restriction_type": "groups", "groups": [group.pk]})
    assert PageViewRestriction.objects.get(page=home).restriction_type == "login"
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == "groups" and list(restriction.groups.all()) == [group]
