"""Every public filter, search, feed and link parameter, fed hostile values: never a 500 (GET changes nothing)."""

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import assert_ok, hostile_text, query_params

pytestmark = pytest.mark.django_db


@given(params=query_params({"kind": "cap-huyen", "unit": None, "page": "2"}, optional=("kind", "unit", "page")))
def test_directory_filters(client, public_site, params):
    assert_ok(client.get(public_site["directory"].url, params))


@given(params=query_params({"tag": "du-lich-so", "page": "1"}, optional=("page",)))
def test_news_tag_filter(client, public_site, params):
    assert_ok(client.get(public_site["news_index"].url, params))
    assert_ok(client.get(public_site["club"].url + "tin-tuc/", params))


@given(params=query_params(
    {"kind": "hoi-nghi", "club": None, "month": "2026-03", "when": "past", "page": "1"},
    optional=("kind", "club", "month", "when", "page"),
))
def test_events_filters(client, public_site, params):
    assert_ok(client.get(public_site["events"].url, params))
    assert_ok(client.get("/events/", params))  # redirects with the query string


@given(params=query_params({"q": "nguyen", "page": "1"}, optional=("page",)))
def test_search(client, public_site, params):
    assert_ok(client.get("/tim-kiem/", params))


@given(params=query_params({"sector": "du-lich-so", "unit": None}, optional=("sector", "unit")))
def test_trainer_register_filters(client, public_site, params):
    assert_ok(client.get("/tot/giang-vien/", params))


@given(params=query_params({"code": None}), code=hostile_text)
def test_certificate_verification(client, public_site, params, code):
    from django.core.cache import cache

    cache.clear()  # the address's rate limit would answer 429 before the form is reached
    assert_ok(client.get("/tot/xac-minh/", params))
    assert_ok(client.get(f"/tot/xac-minh/{quote(code, safe='')}/"))


@settings(max_examples=20)  # several URLs per example
@given(params=query_params({"page": "1", "format": None}, optional=("page", "format")))
def test_feeds_ignore_their_parameters(client, public_site, params):
    for url in ("/tin-tuc/rss/", public_site["club"].url + "rss/", "/lich/tat-ca.ics", "/lich/",
                "/lich/loai/hoi-nghi.ics", f"/lich/clb/{public_site['club'].pk}.ics", "/sitemap.xml"):
        assert_ok(client.get(url, params))


@settings(max_examples=20)  # several URLs per example
@given(token=hostile_text, number=st.integers(min_value=-(10**30), max_value=10**30))
def test_link_parameters(client, public_site, token, number):
    """Secret links and ids in paths: personal feed, registration link, club feed, event .ics, follow."""
    segment = quote(token, safe="") or "x"
    for url in (f"/lich/ca-nhan/{segment}.ics", f"/dang-ky/{segment}/", f"/lich/su-kien/{segment}.ics",
                f"/lich/loai/{segment}.ics", f"/lich/clb/{abs(number)}.ics",
                f"/ca-nhan/giay-chung-nhan/tot/{abs(number)}.pdf", f"/cau-lac-bo/{segment}/",
                f"/ca-nhan/giay-chung-nhan/tham-du/{abs(number)}.pdf", f"/documents/{abs(number)}/{segment}",
                public_site["conference"].url + f"{segment}/"):
        assert_ok(client.get(url))
    assert_ok(client.post(f"/dang-ky/{segment}/"))
    assert_ok(client.post(f"/theo-doi/{abs(number)}/", {"next": token}))


@settings(max_examples=20)  # several URLs per example
@given(query=st.text(st.sampled_from("%0aFfZz&=;+?#/\\\x00é"), max_size=30))
def test_malformed_query_strings(client, public_site, query):
    """Percent-escapes that are not UTF-8, NUL bytes and stray separators in the raw query string."""
    for url in (public_site["directory"].url, public_site["events"].url, "/tim-kiem/", "/tot/xac-minh/",
                "/tot/giang-vien/", public_site["news_index"].url):
        assert_ok(client.get(f"{url}?{query}"))
