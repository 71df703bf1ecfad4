"""An empty list says what to do next: a sentence and a way on (a link), never a blank or a bare "nothing here"."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.clubs import club_kind, make_club
from tests.factories.events import event_index, make_event
from tests.factories.portal import UserFactory, nominator
from tests.factories.training import NominationRoundFactory, invite

pytestmark = pytest.mark.django_db


def empty_state(client, url):
    """(text, [hrefs]) of the page's empty state; fails when there is none."""
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.findall(r'<div class="empty-state">(.*?)</div>', response.content.decode(), re.S)
    assert found, f"{url}: no empty state"
    return [(re.sub(r"<[^>]+>|\s+", " ", block).strip(), re.findall(r'href="([^"]*)"', block)) for block in found]


def test_a_directory_filter_without_result_offers_to_drop_the_filter(client, site_tree):
    directory, _ = site_tree
    make_club(directory)
    club_kind("truong-thpt", "CLB học sinh THPT")

    [(text, links)] = empty_state(client, "/cau-lac-bo/?kind=truong-thpt")

    assert text.startswith("Không có câu lạc bộ nào khớp bộ lọc.")
    assert links == [directory.url]


def test_an_empty_news_list_points_to_the_clubs_and_the_feed(client, site_tree):
    [(text, links)] = empty_state(client, "/tin-tuc/")

    assert text.startswith("Mạng lưới chưa đăng tin nào.")
    assert links == ["/cau-lac-bo/", "/tin-tuc/rss/"]


def test_a_club_without_news_points_to_the_networks_news(client, site_tree):
    club = make_club(site_tree[0])

    [(text, links)] = empty_state(client, f"{club.url}tin-tuc/")

    assert text.startswith("Câu lạc bộ chưa đăng tin nào.")
    assert links == [club.url, "/tin-tuc/"]


def test_no_upcoming_event_offers_the_calendar_and_the_past_events(client, home):
    index = event_index(home)
    make_event(index, start=timezone.now() - timedelta(days=10))

    [(text, links)] = empty_state(client, index.url)

    assert text.startswith("Hiện chưa có sự kiện nào sắp diễn ra.")
    assert links == ["/lich/", "?when=past"]
    [(filtered, filtered_links)] = empty_state(client, f"{index.url}?month=2031-01")
    assert filtered.startswith("Không có sự kiện nào khớp bộ lọc.") and filtered_links == [index.url]


def test_a_search_without_result_says_so_and_suggests_where_to_look(client, site_tree):
    [(text, links)] = empty_state(client, "/tim-kiem/?q=xyzkhongcoxyz")

    assert text.startswith("Không tìm thấy kết quả nào cho “xyzkhongcoxyz”.")
    assert links == ["/cau-lac-bo/", "/tin-tuc/"]


def test_a_participants_empty_events_page_points_to_events_and_clubs(client):
    client.force_login(UserFactory())

    [(events, event_links)] = empty_state(client, "/ca-nhan/su-kien/")
    [(clubs, club_links)] = empty_state(client, "/ca-nhan/cau-lac-bo/")

    assert events.startswith("Bạn chưa đăng ký sự kiện nào") and event_links == []  # no events page exists here
    assert clubs.startswith("Bạn chưa theo dõi câu lạc bộ nào") and club_links == ["/cau-lac-bo/"]


def test_a_trainees_empty_pages_say_how_a_class_and_a_certificate_come(client):
    client.force_login(UserFactory())

    [(cohorts, cohort_links)] = empty_state(client, "/ca-nhan/lop-hoc/")
    [(certificates, certificate_links)] = empty_state(client, "/ca-nhan/giay-chung-nhan/")

    assert cohorts.startswith("Bạn chưa được ghi danh vào lớp nào.") and "cán bộ đầu mối" in cohorts
    assert cohort_links == ["/ca-nhan/"]
    assert certificates.startswith("Bạn chưa có giấy chứng nhận nào.") and certificate_links == ["/ca-nhan/lop-hoc/"]


def test_an_agency_without_nominations_is_sent_to_the_open_rounds(client):
    user = nominator()
    invite(NominationRoundFactory(), user.agency, quota=2)
    client.force_login(user)

    [(text, links)] = empty_state(client, "/tot/de-cu/ho-so/")
    [(filtered, filtered_links)] = empty_state(client, "/tot/de-cu/ho-so/?trang-thai=submitted")

    assert text.startswith("Cơ quan chưa có hồ sơ đề cử nào.") and links == ["/tot/de-cu/"]
    assert filtered.startswith("Không có hồ sơ nào khớp bộ lọc.") and filtered_links == ["/tot/de-cu/ho-so/"]


def test_an_agency_with_no_open_round_or_tour_is_told_what_will_come(client, home):
    event_index_url = event_index(home).url
    client.force_login(nominator())

    [(rounds, round_links)] = empty_state(client, "/tot/de-cu/")
    tours = empty_state(client, "/doan-cong-tac/")

    assert rounds.startswith("Hiện không có đợt đề cử nào đang mở") and round_links == ["/tot/de-cu/ho-so/"]
    assert tours[0][0].startswith("Chưa có chuyến đi nào sắp tới.") and tours[0][1] == [event_index_url]
    assert tours[1][0] == "Cơ quan chưa cử ai."


def test_an_empty_trainer_register_says_who_appears_there(client):
    [(text, links)] = empty_state(client, "/tot/giang-vien/")

    assert text.startswith("Chưa có giảng viên nguồn nào phù hợp.") and "đồng ý công khai" in text
    assert links == []
