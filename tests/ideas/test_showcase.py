"""The public showcase: diacritic-insensitive search, the filters (sector, district, stage, need; a wrong value is
ignored and said so), pagination, and the same number of queries for 10 entries as for 10,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.ideas import bulk_entries, make_entry, sector
from tests.factories.portal import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(site_tree):
    hoi_an = AdministrativeUnitFactory(name="Thành phố Hội An", slug="hoi-an")
    dai_loc = AdministrativeUnitFactory(name="Huyện Đại Lộc", slug="dai-loc")
    tourism = sector("du-lich", "Du lịch nông nghiệp – nông thôn")
    organic = sector("nong-nghiep-huu-co", "Nông nghiệp hữu cơ")
    make_entry(title="Homestay Làng rau Trà Quế", sector=tourism, district=hoi_an, stage="early", needs_funding=True)
    make_entry(title="Phân bón vi sinh từ rơm", sector=organic, district=dai_loc, stage="idea", needs_funding=False)
    return hoi_an, dai_loc, tourism, organic


def titles(client, query):
    response = client.get("/y-tuong/" + query)
    assert response.status_code == 200
    return sorted(entry.title for entry in response.context["entries"])


@pytest.mark.parametrize("query", ["?q=tra+que", "?q=TRÀ+QUẾ", "?q=Tra%20Qu%E1%BA%BF", "?q=hoi+an", "?q=nong+thon"])
def test_search_ignores_diacritics_and_case(client, bank, query):
    assert titles(client, query) == ["Homestay Làng rau Trà Quế"]


def test_search_by_several_words_needs_each(client, bank):
    assert titles(client, "?q=phan+bon+rom") == ["Phân bón vi sinh từ rơm"]
    assert titles(client, "?q=phan+bon+hoi+an") == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?sector=du-lich", ["Homestay Làng rau Trà Quế"]),
        ("?district=dai-loc", ["Phân bón vi sinh từ rơm"]),
        ("?stage=idea", ["Phân bón vi sinh từ rơm"]),
        ("?need=funding", ["Homestay Làng rau Trà Quế"]),
        ("?need=market", ["Homestay Làng rau Trà Quế", "Phân bón vi sinh từ rơm"]),
        ("?need=partners", []),
    ],
)
def test_filters(client, bank, query, expected):
    assert titles(client, query) == expected


@pytest.mark.parametrize(
    "query", ["?sector=khong-co", "?district=%27%3B--", "?stage=unicorn", "?need=xyz", "?page=abc"]
)
def test_a_wrong_filter_is_ignored_and_said_so(client, bank, query):
    kept = "&need=funding" if "stage" in query else "&stage=early"  # a right filter beside it still filters
    response = client.get("/y-tuong/" + query + kept)
    assert response.status_code == 200
    if "page" not in query:
        assert response.context["ignored_filters"]
    assert [entry.title for entry in response.context["entries"]] == ["Homestay Làng rau Trà Quế"]


def test_the_district_filter_offers_only_districts_with_published_entries(client, bank):
    AdministrativeUnitFactory(name="Huyện Tây Giang QZX", slug="tay-giang")
    page = client.get("/y-tuong/").content.decode()
    assert "Huyện Đại Lộc" in page and "Tây Giang QZX" not in page


def test_hostile_text_is_escaped(client, site_tree):
    entry = make_entry(title="<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>")
    for url in ("/y-tuong/", f"/y-tuong/{entry.pk}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def showcase_queries(client, query):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/y-tuong/" + query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?q=du+an&need=market", "?page=2"])
def test_queries_of_the_showcase_do_not_grow_from_10_to_10000_entries(client, bank, query):
    hoi_an, _dai_loc, tourism, _organic = bank
    bulk_entries(30, sector_=tourism, district=hoi_an)
    client.get("/y-tuong/")  # warm the site and settings caches
    small = showcase_queries(client, query)
    bulk_entries(10_000, sector_=tourism, district=AdministrativeUnitFactory())
    large = showcase_queries(client, query)
    assert small == large
    entry_small = entry_queries(client)
    assert entry_small <= 6


def entry_queries(client):
    from ideas.models import Entry

    entry = Entry.objects.published().order_by("pk").first()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/y-tuong/{entry.pk}/").status_code == 200
    return len(captured)


def test_the_home_page_shows_the_newest_ideas_in_one_query_at_any_size(client, bank, settings):
    from ideas.home import latest_ideas

    settings.PAGE_CACHE_SECONDS = 0
    page = client.get("/").content.decode()
    assert "Ngân hàng 2 ý tưởng, dự án" in page and "Homestay Làng rau Trà Quế" in page
    assert "/y-tuong/" in page
    with CaptureQueriesContext(connection) as small:
        latest_ideas(None)
    bulk_entries(10_000)
    with CaptureQueriesContext(connection) as large:
        assert latest_ideas(None)["idea_total"] == 10_002
    assert len(small) == len(large) == 3  # the newest, the breakdowns, the mentoring
