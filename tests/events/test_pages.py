from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from tests.factories.clubs import make_club, make_site_tree
from tests.factories.events import bulk_events, event_kind, make_event

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_list_shows_upcoming_by_default_and_past_on_request(client, events_index):
    make_event(events_index, title="Hội nghị sắp tới", start=timezone.now() + timedelta(days=3))
    make_event(events_index, title="Hội thảo đã qua", start=timezone.now() - timedelta(days=30))

    upcoming = client.get(events_index.url).content.decode()
    past = client.get(events_index.url + "?when=past").content.decode()

    assert "Hội nghị sắp tới" in upcoming and "Hội thảo đã qua" not in upcoming
    assert "Hội thảo đã qua" in past and "Hội nghị sắp tới" not in past


def test_list_filters_by_kind_club_and_month(client, home, events_index):
    directory, _ = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    workshop = event_kind("hoi-thao", "Hội thảo")
    make_event(events_index, title="Hội nghị tháng Mười hai", start=datetime(2026, 12, 15, 8, tzinfo=HCM))
    make_event(events_index, title="Hội thảo tháng Một", kind=workshop, start=datetime(2027, 1, 10, 8, tzinfo=HCM))
    make_event(
        club, title="Hội thảo của CLB", kind=workshop, start=datetime(2027, 1, 20, 8, tzinfo=HCM)
    ) if "events.EventPage" in type(club).subpage_types else None

    by_kind = client.get(events_index.url + "?kind=hoi-thao").content.decode()
    by_month = client.get(events_index.url + "?month=2026-12").content.decode()

    assert "Hội thảo tháng Một" in by_kind and "Hội nghị tháng Mười hai" not in by_kind
    assert "Hội nghị tháng Mười hai" in by_month and "Hội thảo tháng Một" not in by_month


def test_list_filters_by_organising_club(client, home, events_index):
    from events.models import EventPage

    directory, _ = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp Hội An")
    event = make_event(events_index, title="Cà phê khởi nghiệp Hội An")
    EventPage.objects.filter(pk=event.pk).update(club=club, organiser="club")
    make_event(events_index, title="Hội nghị của Ban")

    html = client.get(events_index.url + f"?club={club.pk}").content.decode()

    assert "Cà phê khởi nghiệp Hội An" in html and "Hội nghị của Ban" not in html
    assert 'name="club" id="id_club" value="CLB Khởi nghiệp Hội An"' in html  # the box shows the chosen club


def test_list_filters_by_a_typed_club_name_and_names_an_unknown_one(client, home, events_index):
    from events.models import EventPage

    directory, _ = make_site_tree(home)
    hoi_an = make_club(directory, title="CLB Khởi nghiệp Hội An")
    tam_ky = make_club(directory, title="CLB Khởi nghiệp Tam Kỳ")
    for club, title in ((hoi_an, "Cà phê khởi nghiệp Hội An"), (tam_ky, "Ngày hội khởi nghiệp Tam Kỳ")):
        event = make_event(events_index, title=title)
        EventPage.objects.filter(pk=event.pk).update(club=club, organiser="club")

    exact = client.get(events_index.url, {"club": "CLB Khởi nghiệp Hội An"}).content.decode()
    part = client.get(events_index.url, {"club": "Tam Kỳ"}).content.decode()
    unknown = client.get(events_index.url, {"club": "CLB không có thật"})

    assert "Cà phê khởi nghiệp Hội An" in exact and "Ngày hội khởi nghiệp Tam Kỳ" not in exact
    assert "Ngày hội khởi nghiệp Tam Kỳ" in part and "Cà phê khởi nghiệp Hội An" not in part
    assert unknown.context["ignored_filters"] == ["Câu lạc bộ"]
    assert len(unknown.context["events"]) == 2  # the refused filter alone is dropped


def test_club_suggestions_list_public_clubs_with_events_as_json(client, home, events_index):
    from events.models import EventPage
    from tests.factories.clubs import make_private

    directory, _ = make_site_tree(home)
    public = make_club(directory, title="CLB Khởi nghiệp Hội An")
    private = make_club(directory, title="CLB Khởi nghiệp Hội An Kín")
    make_club(directory, title="CLB Khởi nghiệp Hội An Chưa có sự kiện")
    for club in (public, private):
        event = make_event(events_index, title=f"Sự kiện của {club.title}")
        EventPage.objects.filter(pk=event.pk).update(club=club, organiser="club")
    make_private(private)

    found = client.get("/su-kien-goi-y/cau-lac-bo/", {"q": "hội an"}).json()
    short = client.get("/su-kien-goi-y/cau-lac-bo/", {"q": "h"}).json()

    assert found == {"results": [{"title": "CLB Khởi nghiệp Hội An"}]}
    assert short == {"results": []}


@pytest.mark.parametrize(
    "query",
    [
        "?kind=khong-ton-tai",
        "?club=abc",
        "?club=999999999999999999999",
        "?club=-1",
        "?month=2026-13",
        "?month=abcd-ef",
        "?month=0000-01",
        "?when=tomorrow",
        "?page=9999",
        "?page=-3",
        "?month=2026-12&kind=' OR 1=1 --",
    ],
)
def test_nonsense_filter_values_never_500(client, events_index, query):
    make_event(events_index, title="Hội nghị mạng lưới")

    response = client.get(events_index.url + query)

    assert response.status_code == 200


def test_a_nul_byte_in_a_filter_is_a_clear_400(client, events_index):
    response = client.get(events_index.url + "?kind=%00")

    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("suffix", ["?x=1", "dang-ky/?a=b", "bao-cao/", "khong-co/"])
def test_event_page_routes_with_nonsense_never_500(client, events_index, suffix):
    event = make_event(events_index)

    response = client.get(event.url + suffix)

    assert response.status_code in (200, 302, 404)


def test_old_events_shortcut_redirects_permanently_to_the_index_keeping_filters(client, events_index):
    response = client.get("/events/?kind=hoi-nghi")

    assert response.status_code == 301
    assert response["Location"] == f"{events_index.url}?kind=hoi-nghi"


def test_event_list_query_count_does_not_grow_with_events(client, events_index, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, not the page cache
    kind = event_kind()
    counts = []
    for size in (10, 2000):
        bulk_events(events_index, kind, size)
        client.get(events_index.url)  # warm-up: the site's settings row is created on the first request
        with CaptureQueriesContext(connection) as captured:
            response = client.get(events_index.url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_event_cards_of_every_organiser_render_in_the_same_queries_whatever_their_number(
    client, home, events_index, settings
):
    """The cards load only their own columns (EventPageQuerySet.listing): a field a card reads that the listing
    leaves out would cost a query per card, for the club's title, the agency's name or a cancelled badge."""
    from tests.factories.portal import AgencyFactory

    settings.PAGE_CACHE_SECONDS = 0
    directory, _ = make_site_tree(home)
    club = make_club(directory, title="CLB Khởi nghiệp Hội An")
    agency = AgencyFactory(name="Sở Khoa học và Công nghệ")

    def add_events():
        make_event(events_index, title="Hội thảo của Ban")
        make_event(club, title="Ngày hội của CLB", organiser="club", club=club)
        services.cancel_event(make_event(events_index, title="Tọa đàm của Sở", organiser="agency", agency=agency))

    counts = []
    for _round in range(2):
        add_events()
        for url in (events_index.url, "/", club.url):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            html = "".join(client.get(url).content.decode() for url in (events_index.url, "/", club.url))
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "CLB Khởi nghiệp Hội An" in html and "Sở Khoa học và Công nghệ" in html and "Đã hủy" in html


def test_event_page_shows_facts_ics_link_and_subscription_links(client, events_index):
    event = make_event(
        events_index,
        title="Ngày hội khởi nghiệp đổi mới sáng tạo",
        start=datetime(2026, 12, 20, 7, 30, tzinfo=HCM),
        end=datetime(2026, 12, 20, 17, 0, tzinfo=HCM),
    )

    html = client.get(event.url).content.decode()

    assert "07:30 20/12/2026 – 17:00" in html
    assert f"/lich/su-kien/{event.uid}.ics" in html
    assert "webcal://testserver/lich/tat-ca.ics" in html
    assert f"webcal://testserver/lich/loai/{event.kind.slug}.ics" in html
    assert "Google Calendar" in html and "Outlook" in html and "Apple Calendar" in html


def test_cancelled_event_page_stays_visible_marked_cancelled(client, events_index):
    event = make_event(events_index, title="Hội thảo bị hủy")
    services.cancel_event(event)

    html = client.get(event.url).content.decode()

    assert "Sự kiện này đã bị hủy." in html
    assert "Hội thảo bị hủy" in client.get(events_index.url).content.decode()


def test_subscribe_page_lists_webcal_and_https_links_per_kind(client, events_index):
    make_event(events_index, kind=event_kind("ngay-hoi", "Ngày hội khởi nghiệp"))

    html = client.get("/lich/").content.decode()

    assert "webcal://testserver/lich/tat-ca.ics" in html
    assert "http://testserver/lich/loai/ngay-hoi.ics" in html
    assert "Ngày hội khởi nghiệp" in html


def test_the_subscribe_page_finds_a_clubs_calendar_by_its_name_instead_of_listing_every_club(client, events_index):
    from events.views import CLUB_FEEDS_SHOWN
    from tests.factories.clubs import make_club, make_site_tree

    directory, _ = make_site_tree(events_index.get_parent().specific)
    hoi_an = make_club(directory, title="CLB Khởi nghiệp Hội An")
    make_event(events_index, club=hoi_an)
    others = [make_club(directory, title=f"CLB Khởi nghiệp trường {n}") for n in range(CLUB_FEEDS_SHOWN + 1)]
    for club in others:
        make_event(events_index, club=club)

    page = client.get("/lich/").content.decode()
    assert "Hội An" not in page and f"/lich/clb/{hoi_an.pk}.ics" not in page and 'list="feed-club-options"' in page

    found = client.get("/lich/", {"clb": "Hội An"}).content.decode()
    assert f"webcal://testserver/lich/clb/{hoi_an.pk}.ics" in found and "CLB Khởi nghiệp Hội An" in found
    assert f"/lich/clb/{others[0].pk}.ics" not in found
    by_id = client.get("/lich/", {"clb": str(hoi_an.pk)}).content.decode()
    assert f"/lich/clb/{hoi_an.pk}.ics" in by_id

    many = client.get("/lich/", {"clb": "trường"}).content.decode()
    assert many.count("webcal://testserver/lich/clb/") == CLUB_FEEDS_SHOWN and "gõ thêm chữ để thu hẹp" in many

    for typed in ("Không có CLB này", "99999999999999999999999", "١٢", "<script>x</script>"):
        response = client.get("/lich/", {"clb": typed})
        body = response.content.decode()
        assert response.status_code == 200 and "/lich/clb/" not in body and "<script>x" not in body
        assert "Không có câu lạc bộ nào có sự kiện mang tên này." in body
        assert "webcal://testserver/lich/tat-ca.ics" in body  # the rest of the page stands


def test_home_page_shows_upcoming_events(client, events_index):
    make_event(events_index, title="Hội nghị mạng lưới CLB khởi nghiệp năm 2026")
    make_event(events_index, title="Sự kiện đã qua", start=timezone.now() - timedelta(days=10))

    html = client.get("/").content.decode()

    assert "Hội nghị mạng lưới CLB khởi nghiệp năm 2026" in html
    assert "Sự kiện đã qua" not in html


def test_home_events_provider_uses_constant_queries(rf, events_index, django_assert_num_queries):
    from events.home import upcoming_events

    kind = event_kind()
    bulk_events(events_index, kind, 30)
    with django_assert_num_queries(2):  # events (visibility inside their query), the index page
        upcoming_events(rf.get("/"))


def test_an_unknown_filter_value_is_ignored_alone_and_named(client, events_index):
    workshop = event_kind("hoi-thao", "Hội thảo")
    make_event(events_index, title="Hội nghị tháng Mười hai", start=datetime(2026, 12, 15, 8, tzinfo=HCM))
    make_event(events_index, title="Hội thảo tháng Một", kind=workshop, start=datetime(2027, 1, 10, 8, tzinfo=HCM))

    html = client.get(events_index.url + "?kind=bogus&month=2026-12").content.decode()

    assert "Hội nghị tháng Mười hai" in html and "Hội thảo tháng Một" not in html  # the month still applies
    assert "Bộ lọc đã bỏ qua: Loại sự kiện." in html
