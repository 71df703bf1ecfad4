"""Vietnamese by default, English one click away."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="([^"]+)">', response.content.decode()).group(1)


@pytest.mark.parametrize(
    "path", ["/", "/cau-lac-bo/", "/tin-tuc/", "/tim-kiem/?q=nguyen", "/tai-khoan/dang-nhap/"]
)
def test_pages_are_vietnamese_by_default(client, site_tree, path):
    response = client.get(path)

    assert response.status_code == 200
    assert html_lang(response) == "vi"


def test_switching_to_english_sets_the_cookie_and_the_page_language(client, site_tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/cau-lac-bo/"})

    assert response.status_code == 302
    assert response["Location"] == "/cau-lac-bo/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert html_lang(client.get("/cau-lac-bo/")) == "en"
    assert html_lang(client.get("/")) == "en"


def test_switching_back_to_vietnamese(client, site_tree):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})

    assert html_lang(client.get("/")) == "vi"


def test_the_header_offers_the_other_language(client, site_tree):
    assert '<button name="language" value="en" type="submit" lang="en">English</button>' in (
        client.get("/").content.decode()
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<button name="language" value="vi" type="submit" lang="vi">Tiếng Việt</button>' in (
        client.get("/").content.decode()
    )


def test_an_unknown_language_keeps_vietnamese(client, site_tree):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert html_lang(client.get("/")) == "vi"


def test_setlang_refuses_an_offsite_next(client, site_tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"})

    assert response["Location"] == "/"


def test_an_english_browser_still_gets_vietnamese_until_the_visitor_switches(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert html_lang(response) == "vi"
    assert response["Content-Language"] == "vi"
    assert "Cookie" in response["Vary"]
