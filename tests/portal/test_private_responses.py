"""Private pages are never cached (issue 12, item 4): every authenticated response, every response that logs in,
and the secret links (registration detail, personal calendar feed) send `Cache-Control: private, no-store`
(portal.security.private_responses); anonymous public pages keep their own caching."""

import pytest

from events import services as event_services
from portal import roles
from portal.operations import page_cache
from tests.factories.events import event_index, make_event
from tests.factories.portal import PASSWORD, UserFactory
from tests.training.nominations.test_permissions import ADMIN, FRONT, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",") if part}


def assert_private(response, url):
    assert {"private", "no-store"} <= directives(response), (url, response.status_code, response.get("Cache-Control"))
    assert "public" not in directives(response), url


@pytest.mark.parametrize("role", ["own_nominator", "board", "other_nominator", "trainer", "club_editor"])
def test_every_agency_and_admin_url_is_private_for_every_logged_in_role(client, world, role):  # noqa: F811
    users, urls = world
    client.force_login(users[role])
    for name in {**FRONT, **ADMIN}:
        assert_private(client.get(urls[name]), urls[name])


def test_the_agency_pages_with_personal_data_answer_200_and_private(client, world):  # noqa: F811
    """The nomination list, detail, exports and dispatch PDF themselves, not only their refusals."""
    users, urls = world
    client.force_login(users["own_nominator"])
    for name in ("list", "detail", "export_csv", "export_xlsx", "dispatch"):
        response = client.get(urls[name])
        assert response.status_code == 200, name
        assert_private(response, name)
    client.force_login(users["board"])
    for name in ("admin_list", "admin_export_csv", "admin_export_xlsx", "admin_inspect", "admin_edit"):
        response = client.get(urls[name])
        assert response.status_code == 200, name
        assert_private(response, name)


def test_the_personal_area_of_participants_trainees_and_delegates_is_private(client, world):  # noqa: F811
    users, _ = world
    participant = UserFactory()
    pages = [
        (participant, ["/ca-nhan/", "/ca-nhan/mat-khau/", "/ca-nhan/su-kien/", "/", "/tot/giang-vien/",
                       "/khong-co-trang-nay/"]),
        (users["trainer"], ["/ca-nhan/lop-hoc/", "/ca-nhan/thuc-hanh/", "/ca-nhan/ho-so-giang-vien/"]),
        (users["own_nominator"], ["/doan-cong-tac/", "/ca-nhan/", "/ca-nhan/mat-khau/"]),
        (users["board"], ["/admin/", "/tot/thuc-hanh/xac-nhan/"]),
    ]
    for user, urls in pages:
        client.force_login(user)
        for url in urls:
            assert_private(client.get(url), url)  # public pages too: they carry the visitor's name and menu
        client.logout()


def test_secret_links_are_private_for_an_anonymous_visitor(client, home):
    event = make_event(event_index(home), title="Hội thảo khởi nghiệp Quảng Nam")
    registration = event_services.register(
        event, full_name="Nguyễn Thị Ánh", email="anh@example.vn", phone="0905 123 456"
    )
    me = UserFactory(email="toi@example.vn")
    feed = f"/lich/ca-nhan/{event_services.calendar_token_for(me).token}.ics"

    detail = client.get(f"/dang-ky/{registration.token}/")
    assert detail.status_code == 200 and "Nguyễn Thị Ánh" in detail.content.decode()
    assert_private(detail, "registration")
    assert_private(client.get("/dang-ky/khong-dung-ma/"), "wrong token")  # the 404 of a guess too

    personal = client.get(feed)
    assert personal.status_code == 200 and personal["ETag"]  # the validator stays: a client may still ask 304
    assert_private(personal, "personal feed")
    again = client.get(feed, HTTP_IF_NONE_MATCH=personal["ETag"])
    assert again.status_code == 304
    assert_private(again, "personal feed 304")


def test_the_log_in_response_is_private(client, site_tree):
    user = UserFactory()
    response = client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.cookies.get("sessionid")
    assert_private(response, "log-in")


def test_anonymous_public_pages_and_feeds_keep_their_caching(client, home, site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 60
    directory, _ = site_tree
    event_index(home)
    client.get("/")  # the site's settings row: a write that drops what this request stores
    for url in ("/", directory.url, "/tot/giang-vien/", "/su-kien/", "/lich/tat-ca.ics"):
        response = client.get(url)
        assert "no-store" not in directives(response) and "private" not in directives(response), url
    assert "public" in directives(client.get("/lich/tat-ca.ics"))
    client.get(directory.url)
    assert client.get(directory.url).get(page_cache.HEADER) == "hit"


def test_the_rule_is_not_a_role_list(client):
    """Any authenticated user, even one with no role at all."""
    nobody = UserFactory()
    assert not nobody.groups.filter(name__in=[roles.BOARD, roles.NOMINATORS]).exists()
    client.force_login(nobody)
    assert_private(client.get("/ca-nhan/"), "account")


def test_the_reporting_pages_answer_200_and_private(client, site_tree):
    """The agencies' and clubs' reports (/bao-cao/) and the signed dispatch, and the Board's screens of them."""
    from reporting.reporters import Reporter
    from tests.factories.clubs import club_editor, make_club
    from tests.factories.portal import AgencyKindFactory, board_user, nominator
    from tests.factories.reporting import file_report, make_period

    kind = AgencyKindFactory()
    user = nominator()
    user.agency.kind = kind
    user.agency.save()
    directory, _ = site_tree
    club = make_club(directory)
    editor = club_editor(club)
    period = make_period(agency_kinds=[kind], club_kinds=[club.kind])
    report = file_report(user, period)
    draft = file_report(editor, period, reporter=Reporter(club=club), submit=False)
    pages = [
        (user, ["/bao-cao/", f"/bao-cao/ky/{period.pk}/co-quan/", f"/bao-cao/cong-van/{report.pk}/"]),
        (editor, ["/bao-cao/", f"/bao-cao/ky/{period.pk}/clb/{club.pk}/", f"/bao-cao/cong-van/{draft.pk}/"]),
        (board_user(), [
            f"/admin/snippets/reporting/reportingperiod/progress/{period.pk}/",
            f"/admin/snippets/reporting/report/inspect/{report.pk}/",
            f"/admin/snippets/reporting/report/return/{report.pk}/",
            f"/bao-cao/cong-van/{report.pk}/",
        ]),
    ]
    for person, urls in pages:
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_private(response, url)
    client.force_login(user)
    refused = client.get(f"/bao-cao/cong-van/{draft.pk}/")  # the club's dispatch: not the agency's
    assert refused.status_code == 404
    assert_private(refused, "another reporter's dispatch")
