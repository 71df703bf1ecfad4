"""Site search, diacritic-insensitive as Vietnamese users type; never shows drafts or private pages."""

import pytest

from tests.factories.clubs import make_club, make_news, make_private
from tests.factories.portal import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db


def result_titles(response):
    assert response.status_code == 200
    return sorted(result.title for result in response.context["results"])


@pytest.fixture
def searchable(site_tree):
    directory, news_index = site_tree
    tam_ky = AdministrativeUnitFactory(name="Tam Kỳ", slug="tam-ky")
    club = make_club(
        directory,
        title="CLB Khởi nghiệp Trường THPT Chuyên Nguyễn Bỉnh Khiêm",
        unit=tam_ky,
        summary="Câu lạc bộ học sinh sáng tạo",
    )
    make_news(club, title="Học sinh Nguyễn Bỉnh Khiêm đoạt giải", intro="Dự án nước sạch cho vùng núi")
    make_news(news_index, title="Ngày hội khởi nghiệp tỉnh Quảng Nam 2024", intro="Hơn 100 gian hàng")
    make_news(club, title="Bản nháp về Nguyễn Văn Trỗi ở Quảng Nam", publish=False)
    make_private(make_news(news_index, title="Kế hoạch nội bộ Nguyễn Thị Ánh tại Quảng Nam"))
    make_club(directory, title="CLB Hội An không liên quan")
    return club


@pytest.mark.parametrize("query", ["nguyen", "Nguyen", "Nguyễn", "NGUYỄN", "  nguyễn  "])
def test_search_is_diacritic_and_case_insensitive(client, searchable, query):
    response = client.get("/tim-kiem/", {"q": query})

    assert result_titles(response) == [
        "CLB Khởi nghiệp Trường THPT Chuyên Nguyễn Bỉnh Khiêm",
        "Học sinh Nguyễn Bỉnh Khiêm đoạt giải",
    ]


@pytest.mark.parametrize("query", ["quang nam", "Quảng Nam", "QUANG NAM"])
def test_quang_nam_finds_quang_nam_with_diacritics(client, searchable, query):
    assert result_titles(client.get("/tim-kiem/", {"q": query})) == [
        "Ngày hội khởi nghiệp tỉnh Quảng Nam 2024"
    ]


def test_search_finds_a_club_by_its_unit_and_a_news_by_its_intro(client, searchable):
    assert result_titles(client.get("/tim-kiem/", {"q": "tam ky"})) == [
        "CLB Khởi nghiệp Trường THPT Chuyên Nguyễn Bỉnh Khiêm"
    ]
    assert result_titles(client.get("/tim-kiem/", {"q": "nuoc sach"})) == [
        "Học sinh Nguyễn Bỉnh Khiêm đoạt giải"
    ]


def test_search_never_finds_drafts_or_private_pages(client, searchable):
    for query in ("tro", "Trỗi", "noi bo", "Ánh", "Kế hoạch"):
        html = client.get("/tim-kiem/", {"q": query}).content.decode()
        assert "Bản nháp về Nguyễn Văn Trỗi" not in html, query
        assert "Kế hoạch nội bộ" not in html, query


def test_search_shows_the_query_and_the_count(client, searchable):
    html = client.get("/tim-kiem/", {"q": "Nguyễn"}).content.decode()

    assert "2 kết quả cho “Nguyễn”" in html
    assert 'value="Nguyễn"' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 1000,
        "nguyễn " * 200,
        "'",
        "AND",
        "OR",
        "NOT",
        "*",
        "(",
        ")",
        "-",
        "nguyen*",
        "a:b",
        "%",
        "_",
        "ơ",
        "🙂",
        "NEAR(a b)",
        "^nguyen",
    ],
)
def test_search_odd_queries_never_fail(client, searchable, query):
    response = client.get("/tim-kiem/", {"q": query, "page": "abc"})

    assert response.status_code == 200


@pytest.mark.parametrize("query", ['"', '"nguyen', 'Nguyễn "Bỉnh'])
def test_search_queries_with_quotes_never_fail(client, searchable, query):
    response = client.get("/tim-kiem/", {"q": query})

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["\x00", "nguyen\x00"])
def test_search_queries_with_a_nul_byte_are_a_clear_400(client, searchable, query):
    response = client.get("/tim-kiem/", {"q": query})

    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


def test_empty_search_shows_the_form_and_no_results(client, searchable):
    response = client.get("/tim-kiem/")

    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert "kết quả cho" not in response.content.decode()


def test_search_for_something_absent_says_so(client, searchable):
    html = client.get("/tim-kiem/", {"q": "khong co gi"}).content.decode()

    assert "Không tìm thấy kết quả nào cho “khong co gi”." in html


def test_a_page_published_later_becomes_findable_and_unpublishing_hides_it(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Điện Bàn", publish=False)
    assert result_titles(client.get("/tim-kiem/", {"q": "dien ban"})) == []

    club.save_revision().publish()
    assert result_titles(client.get("/tim-kiem/", {"q": "dien ban"})) == ["CLB Khởi nghiệp Điện Bàn"]

    club.refresh_from_db()
    club.unpublish()
    assert result_titles(client.get("/tim-kiem/", {"q": "dien ban"})) == []


# --- as people type: the last word is the start of a word --------------------------------------------------------


@pytest.fixture
def typed(site_tree):
    directory, news_index = site_tree
    tam_ky = AdministrativeUnitFactory(name="Tam Kỳ", slug="tam-ky")
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ", unit=tam_ky)
    make_news(news_index, title="Ngày hội khởi nghiệp tỉnh Quảng Nam", intro="Hơn 100 gian hàng")
    make_news(club, title="Bản nháp khởi nghiệp Tam Kỳ", publish=False)
    make_private(make_news(news_index, title="Kế hoạch khởi nghiệp nội bộ Quảng Nam"))
    make_club(directory, title="CLB Hội An", unit=AdministrativeUnitFactory(name="Hội An", slug="hoi-an"))
    return club


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nghie", ["CLB Khởi nghiệp thành phố Tam Kỳ", "Ngày hội khởi nghiệp tỉnh Quảng Nam"]),
        ("khoi ngh", ["CLB Khởi nghiệp thành phố Tam Kỳ", "Ngày hội khởi nghiệp tỉnh Quảng Nam"]),
        ("tam k", ["CLB Khởi nghiệp thành phố Tam Kỳ"]),
        ("Quảng N", ["Ngày hội khởi nghiệp tỉnh Quảng Nam"]),
        ("tam ky", ["CLB Khởi nghiệp thành phố Tam Kỳ"]),
        ("hoi a", ["CLB Hội An"]),
    ],
)
def test_the_last_word_of_a_query_matches_the_start_of_words(client, typed, query, expected):
    assert result_titles(client.get("/tim-kiem/", {"q": query})) == expected


def test_only_the_last_word_is_a_prefix(client, typed):
    # "kho" is not the whole word "khoi": words before the last must be whole
    assert result_titles(client.get("/tim-kiem/", {"q": "kho nghiep"})) == []


def suggestions(client, query):
    response = client.get("/tim-kiem/goi-y/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_suggestions_list_public_clubs_and_news_as_one_types(client, typed):
    results = suggestions(client, "khoi ngh")

    assert sorted((r["title"], r["kind"]) for r in results) == [
        ("CLB Khởi nghiệp thành phố Tam Kỳ", "Câu lạc bộ"),
        ("Ngày hội khởi nghiệp tỉnh Quảng Nam", "Tin tức"),
    ]
    assert {r["url"] for r in results} == {typed.url, *[r["url"] for r in results if r["kind"] == "Tin tức"]}
    assert all(r["url"].startswith("/") for r in results)
    # drafts and private pages are never suggested
    assert all("Bản nháp" not in r["title"] and "nội bộ" not in r["title"] for r in results)


def test_suggestions_stop_at_eight(client, site_tree):
    directory, _ = site_tree
    for number in range(12):
        make_club(directory, title=f"CLB Sáng tạo số {number}")

    assert len(suggestions(client, "sang ta")) == 8


@pytest.mark.parametrize("query", ["", "a", "   ", "\"'*()", "x" * 1000])
def test_short_or_odd_suggestion_queries_are_an_empty_list(client, typed, query):
    response = client.get("/tim-kiem/goi-y/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_suggestions_are_cached(client, typed, django_assert_num_queries):
    first = suggestions(client, "tam k")
    with django_assert_num_queries(0):
        assert suggestions(client, "tam k") == first


def test_suggestions_are_rate_limited(client, typed, settings):
    settings.RATE_LIMITS = {"suggest": (3, 60)}
    statuses = [client.get("/tim-kiem/goi-y/", {"q": "tam k"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_search_box_is_a_combobox_with_its_script(client, typed):
    html = client.get("/tim-kiem/").content.decode()

    assert 'role="combobox"' in html and 'aria-controls="site-search-suggestions"' in html
    assert 'data-suggest-url="/tim-kiem/goi-y/"' in html
    assert "portal/js/search-suggest" in html
