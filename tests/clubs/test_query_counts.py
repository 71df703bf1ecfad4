"""Public pages run a fixed number of SQL queries whatever the size of the network (no N+1).

One test builds the network small (10 clubs, 5 news), measures each page, grows it (500 clubs, 200 news) and
asserts the same counts. Pages are made with the tree API (add_child) but not published through revisions, and
background tasks (search and reference indexing) are left queued: neither changes what a visitor's request runs,
and it keeps the test within about a minute.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clubs.models import ClubLeader, ClubPage, NewsPage
from tests.factories.clubs import club_kind, make_image
from tests.factories.portal import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db

KINDS = [
    ("cap-huyen", "CLB khởi nghiệp huyện, thị xã, thành phố"),
    ("dai-hoc-cao-dang", "CLB khởi nghiệp trường Đại học, Cao đẳng"),
    ("thpt-trong-diem", "CLB nghiên cứu khoa học và sáng tạo khởi nghiệp học sinh"),
    ("truong-nghe", "CLB khởi nghiệp trường nghề"),
]


class Network:
    def __init__(self, directory, news_index):
        self.directory, self.news_index = directory, news_index
        self.kinds = [club_kind(slug, name) for slug, name in KINDS]
        self.units = [AdministrativeUnitFactory(name=f"Huyện Số {n}", slug=f"huyen-so-{n}") for n in range(18)]
        self.images = [make_image("Ảnh một"), make_image("Ảnh hai")]
        self.clubs = 0
        self.news = 0
        self.now = timezone.now()

    def add_clubs(self, count):
        for _ in range(count):
            n = self.clubs = self.clubs + 1
            club = ClubPage(
                title=f"CLB Khởi nghiệp số {n:03d}",
                slug=f"clb-so-{n:03d}",
                kind=self.kinds[n % len(self.kinds)],
                unit=self.units[n % len(self.units)],
                summary="Kết nối người trẻ khởi nghiệp",
                host_institution="Thành đoàn",
                first_published_at=self.now,
                last_published_at=self.now,
            )
            club.leaders = [ClubLeader(name="Nguyễn Văn An", role="Chủ nhiệm")]
            club.tags.add("chuyển đổi số", f"lĩnh vực {n % 7}")
            self.directory.add_child(instance=club)
        return ClubPage.objects.get(slug="clb-so-001")

    def add_news(self, parent, count):
        for _ in range(count):
            n = self.news = self.news + 1
            news = NewsPage(
                title=f"Tin số {n:03d} về khởi nghiệp",
                slug=f"tin-so-{n:03d}",
                date=date(2024, 1, 1) + timedelta(days=n),
                intro="Hội viên chia sẻ kinh nghiệm",
                image=self.images[n % 2],
                first_published_at=self.now + timedelta(minutes=n),
                last_published_at=self.now + timedelta(minutes=n),
            )
            news.tags.add("sản phẩm OCOP", f"thẻ {n % 11}")
            parent.add_child(instance=news)


def count_queries(client, url):
    """Queries of a second, warm request (the first one fills Wagtail's site cache and makes image renditions)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_public_pages_run_the_same_queries_with_10_or_500_clubs_and_5_or_200_news(
    client, site_tree, settings, django_assert_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, not the page cache (tests/portal/test_page_cache.py)
    # nor the home sections' cache (tests/portal/test_home_sections.py): the bulk inserts below send no signal,
    # so sections cached for the small network would be shown for the large one.
    settings.SECTION_CACHE_SECONDS = 0
    network = Network(*site_tree)
    club = network.add_clubs(10)
    network.add_news(club, 4)
    network.add_news(network.news_index, 1)
    urls = {
        "home": "/",
        "directory": "/cau-lac-bo/",
        "directory filtered": "/cau-lac-bo/?kind=cap-huyen&unit=huyen-so-1",
        "club page": club.url,
        "club news": club.url + "tin-tuc/",
        "network news": "/tin-tuc/",
        "network news by tag": "/tin-tuc/?tag=san-pham-ocop",
        "site rss": "/tin-tuc/rss/",
        "club rss": club.url + "rss/",
    }
    small = {name: count_queries(client, url) for name, url in urls.items()}

    network.add_clubs(490)
    network.add_news(club, 150)
    network.add_news(network.news_index, 45)
    assert ClubPage.objects.count() == 500
    assert NewsPage.objects.count() == 200

    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert large == small
    for name, url in urls.items():
        with django_assert_num_queries(small[name]):
            client.get(url)
    assert client.get("/cau-lac-bo/").context["clubs"].paginator.count == 500
    assert len(client.get(club.url).context["latest_news"]) == 5


# Issue 2 allows 12; these are today's counts (the Site from the cache, events and news cards in one query each),
# so a new query on these pages is a decision, not an accident. The home page's tenth: the idea bank's newest
# entries with their total (issue 17, ideas.home; one query, a window count); the eleventh and twelfth (issue 17
# item 4): the bank's entries by sector and by district (one grouped count) and the mentor network's activity (one
# aggregate). The home page is now at the 12: another section must first save a query elsewhere.
QUERY_BUDGET = {"home": 12, "directory": 10, "club page": 10}


@pytest.mark.parametrize("name", ["home", "directory", "club page"])
def test_home_directory_and_club_page_stay_within_12_queries(client, site_tree, settings, name):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PAGE_CACHE_SECONDS = 0
    network = Network(*site_tree)
    club = network.add_clubs(3)
    network.add_news(club, 3)
    url = {"home": "/", "directory": "/cau-lac-bo/", "club page": club.url}[name]

    assert count_queries(client, url) <= QUERY_BUDGET[name] <= 12
