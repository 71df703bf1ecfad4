"""What a visitor sees: the home page, the directory, a club page, news lists and a news page."""

from datetime import date
from urllib.parse import quote

import pytest
from taggit.models import Tag

from clubs.models import PAGE_SIZE
from tests.factories.clubs import club_kind, make_club, make_image, make_news, make_private
from tests.factories.portal import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds():
    return {
        "district": club_kind("cap-huyen", "CLB khởi nghiệp huyện, thị xã, thành phố"),
        "university": club_kind("dai-hoc-cao-dang", "CLB khởi nghiệp trường Đại học, Cao đẳng"),
        "school": club_kind("thpt-trong-diem", "CLB nghiên cứu khoa học và sáng tạo khởi nghiệp học sinh"),
        "vocational": club_kind("truong-nghe", "CLB khởi nghiệp trường nghề"),
    }


@pytest.fixture
def units():
    return {
        "tam-ky": AdministrativeUnitFactory(name="Tam Kỳ", slug="tam-ky", kind="thành phố"),
        "hoi-an": AdministrativeUnitFactory(name="Hội An", slug="hoi-an", kind="thành phố"),
        "dai-loc": AdministrativeUnitFactory(name="Đại Lộc", slug="dai-loc", kind="huyện"),
    }


def titles(page_of_items):
    return [item.title for item in page_of_items]


# Home page ---------------------------------------------------------------------------------------------------------


def test_home_counts_live_public_clubs_of_each_kind(client, site_tree, kinds, units):
    directory, _ = site_tree
    make_club(directory, kind=kinds["district"], unit=units["tam-ky"])
    make_club(directory, kind=kinds["district"], unit=units["hoi-an"])
    make_club(directory, kind=kinds["university"], unit=units["tam-ky"])
    make_club(directory, kind=kinds["district"], unit=units["dai-loc"], publish=False)
    make_private(make_club(directory, kind=kinds["vocational"], unit=units["dai-loc"]))

    response = client.get("/")

    assert response.status_code == 200
    counts = {kind.slug: kind.club_count for kind in response.context["club_kinds"]}
    assert counts == {"cap-huyen": 2, "dai-hoc-cao-dang": 1, "thpt-trong-diem": 0, "truong-nghe": 0}
    assert response.context["club_total"] == 3
    html = response.content.decode()
    assert "Mạng lưới 3 câu lạc bộ" in html
    assert 'href="/cau-lac-bo/?kind=cap-huyen"><strong>2</strong>' in html


def test_home_shows_the_six_newest_public_news_newest_first(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory)
    for day in range(1, 8):
        make_news(club, title=f"Tin ngày {day:02d}/03/2024", date=date(2024, 3, day))
    make_news(club, title="Bản nháp chưa duyệt", date=date(2024, 3, 20), publish=False)
    make_private(make_news(news_index, title="Tin nội bộ Ban Điều hành", date=date(2024, 3, 21)))

    response = client.get("/")

    assert titles(response.context["latest_news"]) == [f"Tin ngày {day:02d}/03/2024" for day in range(7, 1, -1)]
    html = response.content.decode()
    assert "Bản nháp chưa duyệt" not in html
    assert "Tin nội bộ Ban Điều hành" not in html


# Directory ---------------------------------------------------------------------------------------------------------


def test_directory_lists_live_public_clubs_only(client, site_tree):
    directory, _ = site_tree
    make_club(directory, title="CLB Khởi nghiệp Hội An")
    make_club(directory, title="CLB Bản nháp", publish=False)
    make_private(make_club(directory, title="CLB Riêng tư"))

    response = client.get("/cau-lac-bo/")

    assert response.status_code == 200
    assert titles(response.context["clubs"]) == ["CLB Khởi nghiệp Hội An"]
    html = response.content.decode()
    assert "CLB Bản nháp" not in html
    assert "CLB Riêng tư" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "cap-huyen"}, ["CLB Hội An", "CLB Tam Kỳ"]),
        ({"kind": "dai-hoc-cao-dang"}, ["CLB Đại học Quảng Nam"]),
        ({"unit": "tam-ky"}, ["CLB Đại học Quảng Nam", "CLB Tam Kỳ"]),  # equal kind order: Vietnamese order
        ({"kind": "cap-huyen", "unit": "tam-ky"}, ["CLB Tam Kỳ"]),
        ({"kind": "truong-nghe"}, []),
    ],
)
def test_directory_filters_by_kind_and_unit(client, site_tree, kinds, units, query, expected):
    directory, _ = site_tree
    make_club(directory, title="CLB Tam Kỳ", kind=kinds["district"], unit=units["tam-ky"])
    make_club(directory, title="CLB Hội An", kind=kinds["district"], unit=units["hoi-an"])
    make_club(directory, title="CLB Đại học Quảng Nam", kind=kinds["university"], unit=units["tam-ky"])

    response = client.get("/cau-lac-bo/", query)

    assert response.status_code == 200
    assert titles(response.context["clubs"]) == expected
    assert not response.context["filter_form"].errors
    if not expected:
        assert "Không có câu lạc bộ nào khớp bộ lọc." in response.content.decode()


def test_directory_paginates_twenty_clubs_a_page(client, site_tree, kinds, units):
    directory, _ = site_tree
    for n in range(PAGE_SIZE + 3):
        make_club(directory, title=f"CLB số {n:02d}", kind=kinds["district"], unit=units["tam-ky"])

    first = client.get("/cau-lac-bo/")
    second = client.get("/cau-lac-bo/", {"page": 2})

    assert titles(first.context["clubs"]) == [f"CLB số {n:02d}" for n in range(20)]
    assert titles(second.context["clubs"]) == ["CLB số 20", "CLB số 21", "CLB số 22"]
    assert "Trang 1 / 2" in first.content.decode()
    assert 'rel="next" href="?page=2"' in first.content.decode()


def test_directory_page_keeps_the_filter_in_pagination_links(client, site_tree, kinds, units):
    directory, _ = site_tree
    for n in range(PAGE_SIZE + 1):
        make_club(directory, title=f"CLB số {n:02d}", kind=kinds["district"], unit=units["tam-ky"])

    response = client.get("/cau-lac-bo/", {"kind": "cap-huyen"})

    assert 'href="?kind=cap-huyen&amp;page=2"' in response.content.decode()


def test_a_nul_byte_in_a_filter_is_a_clear_400_not_an_error(client, site_tree):
    response = client.get("/cau-lac-bo/", {"unit": "\x00"})

    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "warns"),
    [
        ({"kind": "xyz"}, True),
        ({"unit": "khong-co"}, True),
        ({"kind": "<script>alert(1)</script>"}, True),
        ({"kind": "x" * 5000, "unit": "y" * 5000}, True),
        ({"kind": ["cap-huyen", "xyz"]}, True),
        ({"page": "abc"}, False),
        ({"page": "-1"}, False),
        ({"page": "99999"}, False),
        ({"page": "9" * 400}, False),
        ({"page": "1e3"}, False),
        ({"unknown": "1"}, False),
    ],
)
def test_directory_nonsense_filters_show_all_clubs_and_never_fail(client, site_tree, kinds, units, query, warns):
    directory, _ = site_tree
    make_club(directory, title="CLB Tam Kỳ", kind=kinds["district"], unit=units["tam-ky"])

    response = client.get("/cau-lac-bo/", query)

    assert response.status_code == 200
    assert titles(response.context["clubs"]) == ["CLB Tam Kỳ"]
    html = response.content.decode()
    assert ("Một số giá trị lọc không hợp lệ nên đã được bỏ qua." in html) is warns
    assert "<script>alert(1)</script>" not in html


def test_directory_unit_filter_offers_units_that_have_clubs(client, site_tree, kinds, units):
    directory, _ = site_tree
    make_club(directory, kind=kinds["district"], unit=units["hoi-an"])

    response = client.get("/cau-lac-bo/")

    choices = [value for value, _ in response.context["filter_form"].fields["unit"].choices if value]
    assert [str(value) for value in choices] == ["hoi-an"]


# Club page ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def full_club(site_tree, kinds, units):
    from clubs.models import ClubLeader

    directory, _ = site_tree
    club = make_club(
        directory,
        title="CLB Khởi nghiệp thành phố Tam Kỳ",
        kind=kinds["district"],
        unit=units["tam-ky"],
        summary="Kết nối người trẻ khởi nghiệp ở Tam Kỳ",
        host_institution="Thành đoàn Tam Kỳ",
        founded_on=date(2019, 3, 26),
        founding_decision_number="125/QĐ-UBND",
        founding_decision_date=date(2019, 3, 20),
        advisor="Hồ Quang Bửu",
        member_count=87,
        contact_email="clbtamky@example.vn",
        contact_phone="0235 3812 345",
        address="02 Trần Phú, Tam Kỳ",
        website="https://khoinghiep.tamky.example.vn",
        introduction=[
            {"type": "heading", "value": {"text": "Sứ mệnh", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Lan tỏa <b>tinh thần khởi nghiệp</b> đổi mới sáng tạo.</p>"},
        ],
        publish=False,
    )
    club.leaders = [
        ClubLeader(name="Nguyễn Thị Ánh", role="Chủ nhiệm"),
        ClubLeader(name="Trần Văn Đức", role="Phó Chủ nhiệm"),
    ]
    club.tags.add("nông nghiệp hữu cơ", "chuyển đổi số")
    club.save_revision().publish()
    club.refresh_from_db()
    return club


def test_club_page_shows_every_field(client, full_club):
    response = client.get(full_club.url)

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "<h1>CLB Khởi nghiệp thành phố Tam Kỳ</h1>",
        "Kết nối người trẻ khởi nghiệp ở Tam Kỳ",
        "<dd>CLB khởi nghiệp huyện, thị xã, thành phố</dd>",
        "<dd>Tam Kỳ</dd>",
        "<dd>Thành đoàn Tam Kỳ</dd>",
        "<dd>26/03/2019</dd>",
        "Số 125/QĐ-UBND ngày 20/03/2019",
        "<dd>87</dd>",
        "<dd>Hồ Quang Bửu</dd>",
        "<strong>Nguyễn Thị Ánh</strong> — Chủ nhiệm",
        "<strong>Trần Văn Đức</strong> — Phó Chủ nhiệm",
        'href="mailto:clbtamky@example.vn"',
        "0235 3812 345",
        "02 Trần Phú, Tam Kỳ",
        'href="https://khoinghiep.tamky.example.vn"',
        "Sứ mệnh",
        "Lan tỏa <b>tinh thần khởi nghiệp</b> đổi mới sáng tạo.",
        '<span class="badge">nông nghiệp hữu cơ</span>',
        '<span class="badge">chuyển đổi số</span>',
    ]:
        assert text in html, text


def test_club_page_shows_its_five_latest_public_news(client, full_club, site_tree):
    _, news_index = site_tree
    for day in range(1, 8):
        make_news(full_club, title=f"Tin CLB ngày {day}", date=date(2024, 5, day))
    make_news(full_club, title="Tin CLB chưa duyệt", date=date(2024, 5, 30), publish=False)
    make_private(make_news(full_club, title="Tin CLB riêng tư", date=date(2024, 5, 31)))
    make_news(news_index, title="Tin của Ban Điều hành", date=date(2024, 6, 1))

    response = client.get(full_club.url)

    assert titles(response.context["latest_news"]) == [f"Tin CLB ngày {day}" for day in range(7, 2, -1)]
    html = response.content.decode()
    assert "Tin CLB chưa duyệt" not in html
    assert "Tin CLB riêng tư" not in html
    assert "Tin của Ban Điều hành" not in html
    assert f'href="{full_club.url}tin-tuc/"' in html
    assert f'href="{full_club.url}rss/"' in html


def test_draft_and_private_club_pages_are_not_served_to_visitors(client, site_tree):
    directory, _ = site_tree
    draft = make_club(directory, title="CLB Bản nháp", publish=False)
    private = make_club(directory, title="CLB Riêng tư")
    make_private(private)

    assert client.get("/cau-lac-bo/" + draft.slug + "/").status_code == 404
    response = client.get(private.url)
    assert response.status_code == 302
    assert "CLB Riêng tư" not in response.content.decode()


def test_private_club_page_sends_visitors_to_the_portal_login(client, site_tree):
    directory, _ = site_tree
    private = make_club(directory, title="CLB Riêng tư")
    make_private(private)

    response = client.get(private.url)

    assert response["Location"] == f"/tai-khoan/dang-nhap/?next={private.url}"


# News --------------------------------------------------------------------------------------------------------------


def test_club_news_list_is_paginated_and_only_the_clubs_public_news(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Hội An")
    other = make_club(directory, title="CLB Khác")
    for n in range(PAGE_SIZE + 2):
        make_news(club, title=f"Tin Hội An {n:02d}", date=date(2024, 1, 1 + n))
    make_news(club, title="Tin nháp Hội An", date=date(2024, 2, 1), publish=False)
    make_news(other, title="Tin CLB khác")
    make_news(news_index, title="Tin Ban Điều hành")

    first = client.get(club.url + "tin-tuc/")
    second = client.get(club.url + "tin-tuc/", {"page": 2})
    nonsense = client.get(club.url + "tin-tuc/", {"page": "abc"})

    assert first.status_code == second.status_code == nonsense.status_code == 200
    assert titles(first.context["news"]) == [f"Tin Hội An {n:02d}" for n in range(21, 1, -1)]
    assert titles(second.context["news"]) == ["Tin Hội An 01", "Tin Hội An 00"]
    assert titles(nonsense.context["news"]) == titles(first.context["news"])
    assert "Tin tức CLB Khởi nghiệp Hội An" in first.content.decode()


def test_network_news_lists_every_public_news_newest_first(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Tam Kỳ")
    make_news(club, title="Tin CLB Tam Kỳ", date=date(2024, 4, 2))
    make_news(news_index, title="Thông báo của Ban Điều hành", date=date(2024, 4, 3))
    make_news(club, title="Tin chưa duyệt", date=date(2024, 4, 4), publish=False)
    make_private(make_news(news_index, title="Tin nội bộ", date=date(2024, 4, 5)))

    response = client.get("/tin-tuc/")

    assert response.status_code == 200
    assert titles(response.context["news"]) == ["Thông báo của Ban Điều hành", "Tin CLB Tam Kỳ"]
    html = response.content.decode()
    assert "CLB Tam Kỳ" in html
    assert "Tin nội bộ" not in html


def test_network_news_filters_by_tag(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory)
    organic = make_news(club, title="Nông sản hữu cơ Đại Lộc", publish=False)
    organic.tags.add("nông nghiệp hữu cơ")
    organic.save_revision().publish()
    tourism = make_news(news_index, title="Du lịch số Hội An", publish=False)
    tourism.tags.add("du lịch số")
    tourism.save_revision().publish()
    slug = Tag.objects.get(name="nông nghiệp hữu cơ").slug

    response = client.get("/tin-tuc/", {"tag": slug})

    assert response.status_code == 200
    assert titles(response.context["news"]) == ["Nông sản hữu cơ Đại Lộc"]
    assert response.context["current_tag"].name == "nông nghiệp hữu cơ"
    assert "Tin tức: nông nghiệp hữu cơ" in response.content.decode()
    assert {tag.name for tag in response.context["popular_tags"]} == {"nông nghiệp hữu cơ", "du lịch số"}


@pytest.mark.parametrize("tag", ["khong-co-the-nay", "x" * 3000, "<b>"])
def test_network_news_with_an_unknown_tag_lists_nothing_with_a_message(client, site_tree, tag):
    directory, _ = site_tree
    make_news(make_club(directory), title="Tin bất kỳ")

    response = client.get("/tin-tuc/", {"tag": tag, "page": "abc"})

    assert response.status_code == 200
    assert list(response.context["news"]) == []
    html = response.content.decode()
    assert "Không có thẻ này." in html
    assert "Không có tin nào với thẻ này." in html
    assert '<a class="button button--secondary" href="/tin-tuc/">Xem tất cả tin tức</a>' in html


def test_network_news_tag_cloud_ignores_drafts_and_private_news(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory)
    public = make_news(club, title="Tin công khai", publish=False)
    public.tags.add("du lịch số")
    public.save_revision().publish()
    draft = make_news(club, title="Tin nháp", publish=False)
    draft.tags.add("kế hoạch chưa công bố")
    draft.save()
    private = make_news(news_index, title="Tin nội bộ", publish=False)
    private.tags.add("nội bộ")
    private.save_revision().publish()
    make_private(private)

    response = client.get("/tin-tuc/")

    assert [tag.name for tag in response.context["popular_tags"]] == ["du lịch số"]


def test_news_page_shows_image_intro_body_tags_and_club(client, site_tree):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Điện Bàn")
    news = make_news(
        club,
        title="Khai mạc Ngày hội khởi nghiệp Điện Bàn",
        intro="Hơn 40 gian hàng sản phẩm OCOP",
        date=date(2024, 9, 14),
        image=make_image("Gian hàng OCOP"),
        body=[{"type": "paragraph", "value": "<p>Ông Nguyễn Văn Lộc phát biểu khai mạc.</p>"}],
        publish=False,
    )
    news.tags.add("sản phẩm OCOP")
    news.save_revision().publish()

    response = client.get(news.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Khai mạc Ngày hội khởi nghiệp Điện Bàn</h1>" in html
    assert "14/09/2024 · CLB Khởi nghiệp Điện Bàn" in html
    assert "Hơn 40 gian hàng sản phẩm OCOP" in html
    assert "Ông Nguyễn Văn Lộc phát biểu khai mạc." in html
    assert '<figure class="figure"><img ' in html
    assert "width-900" in html
    assert f'href="{club.url}"' in html
    assert f'href="{club.url}rss/"' in html
    tag = Tag.objects.get(name="sản phẩm OCOP")
    assert f'href="{news_index.url}?tag={quote(tag.slug)}"' in html


def test_news_card_shows_its_image_rendition_in_lists(client, site_tree):
    directory, _ = site_tree
    make_news(make_club(directory), title="Tin có ảnh", image=make_image())

    html = client.get("/tin-tuc/").content.decode()

    assert "fill-480x270" in html
    assert 'loading="lazy"' in html


def test_an_unknown_filter_value_is_ignored_alone_and_named(client, site_tree, kinds, units):
    directory, _ = site_tree
    make_club(directory, title="CLB Tam Kỳ", kind=kinds["district"], unit=units["tam-ky"])
    make_club(directory, title="CLB Ở nơi khác", kind=kinds["district"])

    response = client.get("/cau-lac-bo/", {"kind": "bogus", "unit": "tam-ky"})

    assert titles(response.context["clubs"]) == ["CLB Tam Kỳ"]  # the unit filter still applies
    html = response.content.decode()
    assert "Một số giá trị lọc không hợp lệ nên đã được bỏ qua. Bộ lọc đã bỏ qua: Loại câu lạc bộ." in html
