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
