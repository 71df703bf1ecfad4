"""The mentor and expert network (issue 17 item 3): the state machine of profiles and requests and what each
role's action does to the others' pending work, the permission matrix front and admin (another's request or
profile -> 404), the public list with the ToT trainers, its query count, sessions at the date boundary
(Asia/Ho_Chi_Minh) and the figure the reports read."""

import re
from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import services as idea_services
from ideas.mentoring import figures, services
from ideas.mentoring.models import MentoringRequest, MentoringSession, MentorProfile
from tests.factories.clubs import club_editor, make_club
from tests.factories.ideas import make_entry, sector
from tests.factories.mentoring import bulk_mentors, certified_trainer, make_mentor, profile_data
from tests.factories.portal import AdministrativeUnitFactory, UserFactory, board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    directory, _ = site_tree
    club_a, club_b = make_club(directory), make_club(directory)
    owner = UserFactory(email="chu@example.vn")
    entry = make_entry(owner, club=club_a, title="Ý tưởng QZXYTUONG")
    mentor = make_mentor(UserFactory(email="cv@example.vn"), display_name="Hồ Quang Bửu")
    request = services.request_mentoring(owner, mentor, "Cần góp ý QZXDENGHI", entry=entry)
    return {
        "club_a": club_a,
        "club_b": club_b,
        "owner": owner,
        "entry": entry,
        "mentor": mentor,
        "request": request,
        "users": {
            "anonymous": None,
            "owner": owner,
            "stranger": UserFactory(),
            "editor_a": club_editor(club_a),
            "editor_b": club_editor(club_b),
            "mentor": mentor.user,
            "other_mentor": make_mentor().user,
            "board": board_user(),
        },
    }


# The state machine ------------------------------------------------------------------------------------------------


def test_a_profile_waits_for_the_board_and_is_listed_once_admitted(client):
    profile = make_mentor(admit=False, display_name="Trần Thị Tư Vấn")
    assert profile.state == "applied"
    assert "Trần Thị Tư Vấn" not in client.get("/y-tuong/chuyen-gia/").content.decode()
    services.admit(board_user(), profile)
    assert "Trần Thị Tư Vấn" in client.get("/y-tuong/chuyen-gia/").content.decode()


def test_only_the_board_admits_or_declines():
    profile = make_mentor(admit=False)
    for user in (UserFactory(), profile.user):
        with pytest.raises(services.MentoringError):
            services.admit(user, profile)
        with pytest.raises(services.MentoringError):
            services.decline_profile(user, profile, "Không đủ")
    with pytest.raises(services.MentoringError):
        services.decline_profile(board_user(), profile, "   ")
    assert services.decline_profile(board_user(), profile, "Chưa đủ kinh nghiệm").state == "declined"
    with pytest.raises(services.MentoringError):  # declined -> admitted is not a move
        services.admit(board_user(), profile)


def test_a_declined_applicant_applies_again_and_waits():
    profile = make_mentor(admit=False)
    services.decline_profile(board_user(), profile, "Bổ sung chuyên môn")
    again = services.apply(profile.user, profile_data(), [sector()], [])
    assert again.pk == profile.pk and again.state == "applied" and again.reason == ""


def test_a_profile_without_consent_is_not_listed(client):
    make_mentor(display_name="Ẩn Danh QZXKHONG", consent=False)
    assert "QZXKHONG" not in client.get("/y-tuong/chuyen-gia/").content.decode()


def test_the_mentor_or_the_board_accepts_and_a_decline_needs_a_reason(world):
    request = world["request"]
    for user in (world["owner"], world["users"]["stranger"], world["users"]["other_mentor"]):
        with pytest.raises(services.MentoringError):
            services.accept(user, request)
    with pytest.raises(services.MentoringError):
        services.decline(world["mentor"].user, request, "")
    assert services.accept(world["users"]["board"], request).state == "accepted"
    with pytest.raises(services.MentoringError):  # accepted -> declined is not a move
        services.decline(world["mentor"].user, request, "Bận")


def test_only_an_entrys_owner_or_a_clubs_editor_asks(world):
    mentor, entry = world["mentor"], world["entry"]
    with pytest.raises(services.MentoringError):
        services.request_mentoring(world["users"]["stranger"], mentor, "Xin", entry=entry)
    with pytest.raises(services.MentoringError):
        services.request_mentoring(world["users"]["editor_b"], mentor, "Xin", club=world["club_a"])
    with pytest.raises(services.MentoringError):  # one open request per mentor and subject
        services.request_mentoring(world["owner"], mentor, "Xin lần nữa", entry=entry)
    club_request = services.request_mentoring(world["users"]["editor_a"], mentor, "Cho CLB", club=world["club_a"])
    assert club_request.club == world["club_a"]
    unlisted = make_mentor(admit=False)
    with pytest.raises(services.MentoringError):
        services.request_mentoring(world["users"]["editor_a"], unlisted, "Xin", club=world["club_a"])


def test_a_mentor_leaving_declines_pending_requests_and_tells_the_requester(
    world, django_capture_on_commit_callbacks
):
    accepted = services.request_mentoring(world["users"]["editor_a"], world["mentor"], "CLB", club=world["club_a"])
    services.accept(world["mentor"].user, accepted)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.leave(world["mentor"].user, world["mentor"])
        assert mail.outbox == []  # not before the commit
    pending = MentoringRequest.objects.get(pk=world["request"].pk)
    assert pending.state == "declined" and "Hồ Quang Bửu" in pending.reason
    assert MentoringRequest.objects.get(pk=accepted.pk).state == "closed"
    assert [m.to for m in mail.outbox] == [["chu@example.vn"]]
    assert not MentorProfile.objects.listed().filter(pk=world["mentor"].pk).exists()


def test_each_e_mail_says_what_it_is_about_and_where_to_answer(world, django_capture_on_commit_callbacks):
    owner, mentor = world["owner"], world["mentor"]
    entry = make_entry(owner, title="Rượu & bánh <Cẩm Nam>\r\nBcc: x@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_mentoring(owner, mentor, "Cần góp ý về thị trường & giá", entry=entry)
    (sent,) = mail.outbox
    assert sent.to == ["cv@example.vn"] and sent.subject == "[Mạng lưới chuyên gia] Có đề nghị cố vấn mới"
    assert "Rượu & bánh <Cẩm Nam>" in sent.body and "Cần góp ý về thị trường & giá" in sent.body  # plain text
    assert "/ca-nhan/co-van/" in sent.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(mentor.user, request, "Đang bận & đi công tác")
    (sent,) = mail.outbox
    assert sent.to == ["chu@example.vn"] and "Lý do: Đang bận & đi công tác" in sent.body
    assert "\n" not in sent.subject


def test_withdrawing_an_entry_closes_its_pending_requests(world):
    idea_services.withdraw(world["owner"], world["entry"])
    request = MentoringRequest.objects.get(pk=world["request"].pk)
    assert request.state == "closed" and request.reason


# Sessions and the clock ------------------------------------------------------------------------------------------


def test_a_session_is_logged_up_to_today_in_vietnam_never_tomorrow(world, clock):
    request = services.accept(world["mentor"].user, world["request"])
    clock.at("2026-03-31 23:59:59")  # Hanoi time; 16:59:59 UTC
    services.log_session(world["mentor"].user, request, date(2026, 3, 31), "Định giá", "Sửa bảng giá")
    with pytest.raises(services.MentoringError):
        services.log_session(world["owner"], request, date(2026, 4, 1), "Tương lai", "Không")
    clock.at("2026-04-01 00:00:00")
    services.log_session(world["owner"], request, date(2026, 4, 1), "Kênh bán", "Mở gian hàng")
    assert MentoringSession.objects.filter(request=request).count() == 2


def test_the_session_form_refuses_tomorrow_and_changes_nothing(client, world, clock):
    services.accept(world["mentor"].user, world["request"])
    clock.at("2026-03-31 23:59:59")
    client.force_login(world["owner"])
    url = f"/ca-nhan/co-van/{world['request'].pk}/buoi/"
    response = client.post(url, {"held_on": "2026-04-01", "topic": "A", "outcome": "B"}, follow=True)
    assert "không thể ở tương lai" in response.content.decode()
    assert not MentoringSession.objects.exists()


def test_only_the_mentor_and_the_requester_log_and_only_when_accepted(world):
    request = world["request"]
    with pytest.raises(services.MentoringError):  # still pending
        services.log_session(world["mentor"].user, request, date(2020, 1, 1), "A", "B")
    services.accept(world["mentor"].user, request)
    for role in ("stranger", "editor_b", "other_mentor"):
        with pytest.raises(services.MentoringError):
            services.log_session(world["users"][role], request, date(2020, 1, 1), "A", "B")


def test_the_figure_counts_sessions_of_the_period_for_the_club_and_its_district(world):
    request = services.accept(world["mentor"].user, world["request"])
    services.log_session(world["owner"], request, date(2025, 12, 31), "Trước kỳ", "x")
    services.log_session(world["owner"], request, date(2026, 1, 1), "Đầu kỳ", "x")
    services.log_session(world["owner"], request, date(2026, 6, 30), "Cuối kỳ", "x")
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    assert figures.sessions(club=world["club_a"], start=start, end=end) == 2
    assert figures.sessions(club=world["club_b"], start=start, end=end) == 0

    class Agency:
        unit_id = world["entry"].district_id

    assert figures.sessions(agency=Agency(), start=start, end=end) == 2
    from reporting.figures import KNOWN_FIGURES

    assert KNOWN_FIGURES["mentoring_sessions"][1] == "ideas.mentoring.figures.sessions"


# The permission matrix -------------------------------------------------------------------------------------------

OK, LOGIN, NOT_FOUND = 200, "login", 404
ROLES = ["anonymous", "owner", "stranger", "editor_a", "editor_b", "mentor", "other_mentor", "board"]
SCREENS = {
    "network": [OK, OK, OK, OK, OK, OK, OK, OK],
    "apply": [LOGIN, OK, OK, OK, OK, OK, OK, OK],
    "ask": [LOGIN, OK, OK, OK, OK, OK, OK, OK],
    "ask_unlisted": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    "mine": [LOGIN, OK, OK, OK, OK, OK, OK, OK],
    "admin_index": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
    "admin_inspect": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
    "admin_decline": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
    "admin_requests": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
    "admin_request": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
    "admin_request_decline": [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK],
}


def screen_url(world, screen):
    mentor = world["mentor"]
    unlisted = world.setdefault("unlisted", make_mentor(admit=False))
    return {
        "network": "/y-tuong/chuyen-gia/",
        "apply": "/y-tuong/chuyen-gia/dang-ky/",
        "ask": f"/y-tuong/chuyen-gia/{mentor.pk}/de-nghi/",
        "ask_unlisted": f"/y-tuong/chuyen-gia/{unlisted.pk}/de-nghi/",
        "mine": "/ca-nhan/co-van/",
        "admin_index": "/admin/ideas/mentors/",
        "admin_inspect": f"/admin/ideas/mentors/inspect/{unlisted.pk}/",
        "admin_decline": f"/admin/ideas/mentors/decline/{unlisted.pk}/",
        "admin_requests": "/admin/ideas/mentoring-requests/",
        "admin_request": f"/admin/ideas/mentoring-requests/inspect/{world['request'].pk}/",
        "admin_request_decline": f"/admin/ideas/mentoring-requests/decline/{world['request'].pk}/",
    }[screen]


def grant_admin_access(user):
    """Give a front-end role the Wagtail admin's door, so the test reaches our policy, not the login wall."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, screen, role):
    user = world["users"][role]
    url = screen_url(world, screen)
    if user:
        if screen.startswith("admin"):
            grant_admin_access(user)
        client.force_login(user)
    response = client.get(url)
    expected = SCREENS[screen][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302 and "dang-nhap" in response["Location"] or "login" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["owner", "stranger", "editor_a", "editor_b", "mentor", "other_mentor"])
def test_the_admins_decisions_are_404_to_everyone_but_the_board(client, world, role):
    profile = make_mentor(admit=False)
    user = world["users"][role]
    grant_admin_access(user)
    client.force_login(user)
    assert client.post(f"/admin/ideas/mentors/admit/{profile.pk}/").status_code == 404
    assert client.post(f"/admin/ideas/mentors/decline/{profile.pk}/", {"reason": "x"}).status_code == 404
    assert client.post(f"/admin/ideas/mentors/remove/{world['mentor'].pk}/").status_code == 404
    profile.refresh_from_db()
    assert profile.state == "applied"


def test_the_board_admits_and_declines_in_the_admin(client, world):
    profile = make_mentor(admit=False)
    client.force_login(world["users"]["board"])
    assert client.post(f"/admin/ideas/mentors/admit/{profile.pk}/").status_code == 302
    other = make_mentor(admit=False)
    client.post(f"/admin/ideas/mentors/decline/{other.pk}/", {"reason": "  "})
    other.refresh_from_db()
    assert other.state == "applied"
    client.post(f"/admin/ideas/mentors/decline/{other.pk}/", {"reason": "Chưa phù hợp"})
    profile.refresh_from_db(), other.refresh_from_db()
    assert (profile.state, other.state, other.reason) == ("admitted", "declined", "Chưa phù hợp")
    page = client.get(f"/admin/ideas/mentors/inspect/{world['mentor'].pk}/").content.decode()
    assert "Ý tưởng QZXYTUONG" in page


def test_the_boards_lists_link_each_mentor_and_request_to_its_screen(client, world):
    client.force_login(world["users"]["board"])
    mentors = client.get("/admin/ideas/mentors/").content.decode()
    assert f'href="/admin/ideas/mentors/inspect/{world["mentor"].pk}/"' in mentors and "Họ và tên" in mentors
    requests = client.get("/admin/ideas/mentoring-requests/").content.decode()
    link = re.search(r'<a href="/admin/ideas/mentoring-requests/inspect/(\d+)/">\s*Ý tưởng QZXYTUONG\s*</a>', requests)
    assert link and int(link.group(1)) == world["request"].pk
    assert re.search(r">\s*Cho\s*<", requests)  # the column's label, from the property's short_description


@pytest.mark.parametrize("role", ["owner", "stranger", "editor_a", "mentor"])
def test_answering_a_request_in_the_admin_is_404_to_everyone_but_the_board(client, world, role):
    user = world["users"][role]
    grant_admin_access(user)
    client.force_login(user)
    pk = world["request"].pk
    assert client.post(f"/admin/ideas/mentoring-requests/accept/{pk}/").status_code == 404
    assert client.post(f"/admin/ideas/mentoring-requests/decline/{pk}/", {"reason": "x"}).status_code == 404
    assert MentoringRequest.objects.get(pk=pk).state == "pending"


def test_the_board_answers_for_the_mentor_in_the_admin_and_both_are_told(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["board"])
    pk = world["request"].pk
    page = client.get(f"/admin/ideas/mentoring-requests/inspect/{pk}/").content.decode()
    assert "Cần góp ý QZXDENGHI" in page and "Nhận đề nghị" in page
    assert "Ý tưởng QZXYTUONG" in client.get("/admin/ideas/mentoring-requests/").content.decode()
    client.post(f"/admin/ideas/mentoring-requests/decline/{pk}/", {"reason": "   "})
    assert MentoringRequest.objects.get(pk=pk).state == "pending"  # a reason is needed; nothing changed
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/ideas/mentoring-requests/accept/{pk}/")
    assert response.status_code == 302
    assert MentoringRequest.objects.get(pk=pk).state == "accepted"
    assert sorted(address for m in mailoutbox for address in m.to) == ["chu@example.vn", "cv@example.vn"]


def test_the_mentor_s_answer_after_the_board_s_is_refused_and_changes_nothing(client, world):
    request = world["request"]
    services.decline(world["users"]["board"], request, "Chuyên gia đang bận đến cuối năm.")
    with pytest.raises(services.MentoringError):
        services.accept(world["mentor"].user, request)
    request.refresh_from_db()
    assert (request.state, request.reason) == ("declined", "Chuyên gia đang bận đến cuối năm.")
    client.force_login(world["users"]["board"])
    page = client.get(f"/admin/ideas/mentoring-requests/inspect/{request.pk}/").content.decode()
    assert "Nhận đề nghị" not in page  # nothing left to answer


@pytest.mark.parametrize("role", ["stranger", "editor_a", "editor_b", "other_mentor"])
def test_another_persons_request_is_a_404(client, world, role):
    client.force_login(world["users"][role])
    pk = world["request"].pk
    for action, data in (("nhan", {}), ("tu-choi", {"reason": "x"}), ("buoi", {"held_on": "2020-01-01"})):
        assert client.post(f"/ca-nhan/co-van/{pk}/{action}/", data).status_code == 404
    assert "QZXDENGHI" not in client.get("/ca-nhan/co-van/").content.decode()
    assert MentoringRequest.objects.get(pk=pk).state == "pending"


def test_the_mentor_accepts_and_both_sides_log_from_the_personal_area(client, world):
    pk = world["request"].pk
    client.force_login(world["mentor"].user)
    assert "QZXDENGHI" in client.get("/ca-nhan/co-van/").content.decode()
    assert "1 đề nghị cố vấn đang chờ trả lời" in client.get("/ca-nhan/").content.decode()
    client.post(f"/ca-nhan/co-van/{pk}/nhan/")
    assert MentoringRequest.objects.get(pk=pk).state == "accepted"
    client.post(f"/ca-nhan/co-van/{pk}/buoi/", {"held_on": "2024-05-01", "topic": "Gọi vốn", "outcome": "Có kế hoạch"})
    client.force_login(world["owner"])
    client.post(f"/ca-nhan/co-van/{pk}/buoi/", {"held_on": "2024-05-08", "topic": "Thị trường", "outcome": "Tốt"})
    assert MentoringSession.objects.filter(request_id=pk).count() == 2
    assert "Thị trường" in client.get("/ca-nhan/co-van/").content.decode()


def test_asking_through_the_form_offers_only_ones_own_entries(client, world):
    client.force_login(world["users"]["stranger"])
    url = f"/y-tuong/chuyen-gia/{world['mentor'].pk}/de-nghi/"
    response = client.post(url, {"entry": world["entry"].pk, "message": "Chiếm"})
    assert response.status_code == 200 and MentoringRequest.objects.count() == 1


# The public list -------------------------------------------------------------------------------------------------


def test_the_list_filters_by_sector_district_and_folded_expertise(client):
    tourism = sector("du-lich", "Du lịch")
    hoi_an = AdministrativeUnitFactory(name="Thành phố Hội An", slug="hoi-an")
    make_mentor(display_name="Cố vấn Du Lịch", sectors=[tourism], districts=[hoi_an], expertise="Homestay cộng đồng")
    make_mentor(display_name="Cố vấn Phần Mềm", expertise="Phần mềm quản lý")
    page = lambda **q: client.get("/y-tuong/chuyen-gia/", q).content.decode()  # noqa: E731
    assert "Cố vấn Du Lịch" in page(q="homestay cong dong") and "Cố vấn Phần Mềm" not in page(q="homestay")
    assert "Cố vấn Phần Mềm" in page(q="PHAN MEM")
    assert "Cố vấn Phần Mềm" not in page(sector="du-lich") and "Cố vấn Du Lịch" in page(sector="du-lich")
    assert "Cố vấn Du Lịch" in page(district="hoi-an") and "Cố vấn Phần Mềm" not in page(district="hoi-an")
    response = client.get("/y-tuong/chuyen-gia/", {"sector": "khong-co", "district": "9" * 30, "q": "<b>"})
    assert response.status_code == 200 and "<b>" not in response.content.decode().split("<main", 1)[-1].replace(
        "&lt;b&gt;", ""
    )


def test_certified_trainers_who_consented_appear_marked(client):
    tam_ky = AdministrativeUnitFactory(name="Thành phố Tam Kỳ", slug="tam-ky")
    certified_trainer("Phan Thị QZXGIANGVIEN", unit=tam_ky, tags=["Nông nghiệp hữu cơ"])
    certified_trainer("Lê QZXKHONGDONGY", listed=False)
    page = client.get("/y-tuong/chuyen-gia/").content.decode()
    assert "QZXGIANGVIEN" in page and "Giảng viên nguồn ToT" in page and "QZXKHONGDONGY" not in page
    assert "QZXGIANGVIEN" in client.get("/y-tuong/chuyen-gia/", {"q": "phan thi"}).content.decode()
    sector("nong-nghiep-huu-co", "Nông nghiệp hữu cơ")
    sector("du-lich", "Du lịch")
    assert "QZXGIANGVIEN" in client.get("/y-tuong/chuyen-gia/", {"sector": "nong-nghiep-huu-co"}).content.decode()
    assert "QZXGIANGVIEN" not in client.get("/y-tuong/chuyen-gia/", {"sector": "du-lich"}).content.decode()


def test_the_list_costs_the_same_queries_at_10_and_1000_profiles(client):
    tourism, unit = sector("du-lich", "Du lịch"), AdministrativeUnitFactory()
    certified_trainer(unit=unit)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/y-tuong/chuyen-gia/", {"sector": "du-lich"}).status_code == 200
        return len(captured)

    bulk_mentors(10, tourism, unit)
    queries()  # the site's own caches (settings, menus) fill on the first request
    few = queries()
    bulk_mentors(1000, tourism, unit)
    assert queries() == few
    assert MentorProfile.objects.listed().count() == 1010


def test_the_list_fits_360_px(client):
    make_mentor(expertise="x" * 900)
    page = client.get("/y-tuong/chuyen-gia/").content.decode()
    assert 'name="viewport"' in page and "<table" not in page.split("<main", 1)[-1]


def test_the_demo_seeds_the_network_once(site_tree):
    from ideas.demo import SECTORS
    from ideas.mentoring import demo

    for slug, name in SECTORS:
        sector(slug, name)
    board_user(username="bandieuhanh")
    owner = UserFactory(username="thamdu")
    make_entry(owner, sector=sector("du-lich"))
    for _ in range(2):
        demo.seed()
    assert MentorProfile.objects.listed().count() == 3
    assert MentorProfile.objects.filter(state="applied").count() == 1
    assert MentoringRequest.objects.filter(state="accepted").count() == 1
    assert MentoringSession.objects.count() == 2


# Personal data ---------------------------------------------------------------------------------------------------


def test_a_mentors_profile_and_requests_are_in_their_export_and_erasure_takes_them_off(
    world, django_capture_on_commit_callbacks
):
    from portal.personal_data.service import Person, erase_person, export_person

    mentor = world["mentor"]
    data = export_person(Person.lookup(user=mentor.user), board_user())["Dữ liệu"]
    assert [row["Họ và tên"] for row in data["Hồ sơ chuyên gia, cố vấn"]] == ["Hồ Quang Bửu"]
    owner_data = export_person(Person.lookup(user=world["owner"]), board_user())["Dữ liệu"]
    assert [row["Nội dung đề nghị"] for row in owner_data["Đề nghị cố vấn đã gửi"]] == ["Cần góp ý QZXDENGHI"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(Person.lookup(user=mentor.user), board_user(), reference="Đơn số 4/2026", reason="Yêu cầu")
    mentor.refresh_from_db()
    assert (mentor.state, mentor.expertise, mentor.consent) == ("left", "", False)
    assert "Hồ Quang Bửu" not in mentor.display_name
    assert MentoringRequest.objects.get(pk=world["request"].pk).state == "declined"
    assert [m.to for m in mail.outbox] == [["chu@example.vn"]]
