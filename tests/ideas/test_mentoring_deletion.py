"""Mentoring records are never deleted along with what they name (issue 17 item 3's "sessions count in the
reports"): the foreign keys PROTECT, and every admin screen that could delete a club page or an account refuses
with the reason instead of a 500 — through the real Wagtail views, as the Board."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from django.urls import NoReverseMatch, reverse

from clubs.models import ClubPage
from ideas import services as idea_services
from ideas.mentoring import services
from ideas.mentoring.models import MentoringRequest, MentoringSession, MentorProfile
from ideas.models import Entry
from portal.admin.delete import protected_by
from portal.models import User
from tests.factories.clubs import club_editor, make_club
from tests.factories.ideas import make_entry
from tests.factories.mentoring import make_mentor
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db

CLUB_REFUSED = "vì câu lạc bộ đã có đề nghị cố vấn trong mạng lưới chuyên gia"
USER_REFUSED = "Không thể xóa tài khoản"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def board(client):
    client.force_login(board_user(username="bandieuhanh"))
    return client


@pytest.fixture
def club_asked(site_tree):
    """A club (without news) whose editor asked a mentor, who accepted and logged a session."""
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Nông Sơn")
    editor = club_editor(club)
    mentor = make_mentor(UserFactory(username="covan"), display_name="Lê Văn Cố Vấn")
    request = services.request_mentoring(editor, mentor, "Cần góp ý kế hoạch", club=club)
    services.accept(mentor.user, request)
    services.log_session(mentor.user, request, date(2026, 11, 20), "Kế hoạch kinh doanh", "Đã góp ý")
    return {"directory": directory, "club": club, "editor": editor, "mentor": mentor, "request": request}


def assert_club_kept(club_asked):
    assert ClubPage.objects.filter(pk=club_asked["club"].pk).exists()
    assert MentoringRequest.objects.filter(pk=club_asked["request"].pk, club=club_asked["club"]).exists()
    assert MentoringSession.objects.filter(request=club_asked["request"]).count() == 1


# Club pages ---------------------------------------------------------------------------------------------------------


def test_deleting_a_club_with_mentoring_requests_is_refused_with_the_reason(board, club_asked):
    club, directory = club_asked["club"], club_asked["directory"]
    url = reverse("wagtailadmin_pages:delete", args=(club.pk,))

    confirm = board.get(url)
    response = board.post(url)

    for refused in (confirm, response):
        assert refused.status_code == 302
        assert refused["Location"] == reverse("wagtailadmin_explore", args=(directory.pk,))
    shown = set(messages_of(response))  # the confirmation's and the post's, not yet displayed
    assert len(shown) == 1
    assert "“CLB Khởi nghiệp Nông Sơn”" in shown.pop() and CLUB_REFUSED in messages_of(response)[0]
    assert_club_kept(club_asked)


def test_bulk_deleting_a_club_with_mentoring_requests_is_refused(board, club_asked):
    """Wagtail's confirmation shows the club as referenced, with no delete button; the post says what refers to it
    (Wagtail itself would answer "no permission")."""
    club, directory = club_asked["club"], club_asked["directory"]
    other = make_club(directory, title="CLB không có đề nghị")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    query = f"?id={club.pk}&id={other.pk}&next=/admin/pages/{directory.pk}/"

    confirm = board.get(url + query)
    response = board.post(url + query)

    assert confirm.status_code == 200
    assert confirm.context["is_protected"] is True
    assert 'type="submit"' not in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{directory.pk}/"
    assert messages_of(response) == [
        "Không thể xóa “CLB Khởi nghiệp Nông Sơn” vì vẫn còn dữ liệu đang dùng nó: Đề nghị cố vấn (1)."
    ]
    assert_club_kept(club_asked)
    assert ClubPage.objects.filter(pk=other.pk).exists()  # all or none


def test_bulk_deleting_the_page_above_a_club_with_mentoring_requests_is_refused(board, club_asked):
    """Wagtail's reference index does not look under the selected pages: the club's own reason is given."""
    directory = club_asked["directory"]
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))

    response = board.post(f"{url}?id={directory.pk}")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=(directory.get_parent().pk,))
    assert CLUB_REFUSED in messages_of(response)[0]
    assert_club_kept(club_asked)


def test_deleting_the_page_above_a_club_with_mentoring_requests_is_refused(board, club_asked):
    """Wagtail deletes a page with everything under it: the directory would take the club along."""
    directory = club_asked["directory"]

    response = board.post(reverse("wagtailadmin_pages:delete", args=(directory.pk,)))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=(directory.get_parent().pk,))
    assert CLUB_REFUSED in messages_of(response)[0]
    assert_club_kept(club_asked)


def test_a_club_without_mentoring_requests_is_still_deleted(board, club_asked):
    """Guards the tests above: the same views delete a club nobody asked a mentor for."""
    free = make_club(club_asked["directory"], title="CLB chưa có đề nghị")
    another = make_club(club_asked["directory"], title="CLB khác chưa có đề nghị")

    single = board.post(reverse("wagtailadmin_pages:delete", args=(free.pk,)))
    bulk = board.post(reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete")) + f"?id={another.pk}")

    assert single.status_code == bulk.status_code == 302
    assert not ClubPage.objects.filter(pk__in=[free.pk, another.pk]).exists()
    assert_club_kept(club_asked)


# Accounts -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("whose", ["mentor", "editor"])
def test_deleting_an_account_that_mentoring_records_name_is_refused(board, club_asked, whose):
    user = club_asked["mentor"].user if whose == "mentor" else club_asked["editor"]
    url = reverse("wagtailusers_users:delete", args=(user.pk,))

    response = board.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:edit", args=(user.pk,))
    shown = messages_of(response)
    assert len(shown) == 1 and shown[0].startswith(USER_REFUSED)
    assert ("Chuyên gia, cố vấn (1)" if whose == "mentor" else "Đề nghị cố vấn (1)") in shown[0]
    assert "bỏ chọn “đang hoạt động”" in shown[0] and "“Dữ liệu cá nhân”" in shown[0]
    assert User.objects.filter(pk=user.pk).exists()
    assert MentorProfile.objects.filter(pk=club_asked["mentor"].pk).exists()
    assert_club_kept(club_asked)


def test_the_refusal_shows_on_the_account_page(board, club_asked):
    user = club_asked["mentor"].user

    page = board.post(reverse("wagtailusers_users:delete", args=(user.pk,)), follow=True)

    assert page.status_code == 200
    assert USER_REFUSED in page.content.decode()


def test_bulk_deleting_accounts_that_mentoring_records_name_is_refused(board, club_asked):
    mentor_user, unused = club_asked["mentor"].user, UserFactory(username="khongdung")
    url = reverse("wagtail_bulk_action", args=("portal", "user", "delete"))

    response = board.post(f"{url}?id={mentor_user.pk}&id={unused.pk}&next=/admin/users/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/users/"
    shown = messages_of(response)
    assert shown[0].startswith(f"{USER_REFUSED} “{mentor_user}” vì") and "Chuyên gia, cố vấn (1)" in shown[0]
    assert User.objects.filter(pk__in=[mentor_user.pk, unused.pk]).count() == 2  # all or none
    assert_club_kept(club_asked)


def test_an_account_nothing_names_is_still_deleted(board):
    """Guards the tests above: the same views delete an account without records."""
    single, bulk = UserFactory(username="xoa1"), UserFactory(username="xoa2")

    one = board.post(reverse("wagtailusers_users:delete", args=(single.pk,)))
    many = board.post(reverse("wagtail_bulk_action", args=("portal", "user", "delete")) + f"?id={bulk.pk}")

    assert one.status_code == many.status_code == 302
    assert not User.objects.filter(pk__in=[single.pk, bulk.pk]).exists()


def test_an_applicant_whose_profile_was_never_admitted_is_kept_too(board):
    """The profile is the person's own record (erasure clears it); the account is locked, not deleted."""
    profile = make_mentor(admit=False)

    response = board.post(reverse("wagtailusers_users:delete", args=(profile.user_id,)))

    assert USER_REFUSED in messages_of(response)[0]
    assert MentorProfile.objects.filter(pk=profile.pk).exists()


# Idea-bank entries and the rule itself ------------------------------------------------------------------------------


def test_an_entry_has_no_delete_screen_and_withdrawing_keeps_its_requests(client, site_tree):
    owner = UserFactory()
    entry = make_entry(owner)
    request = services.request_mentoring(owner, make_mentor(), "Cần góp ý", entry=entry)
    with pytest.raises(NoReverseMatch):
        reverse(Entry.admin_viewset.get_url_name("delete"), args=(entry.pk,))

    idea_services.withdraw(owner, entry)

    assert MentoringRequest.objects.filter(pk=request.pk, entry=entry).exists()
    with pytest.raises(ProtectedError):
        entry.delete()


def test_the_records_protect_what_they_name():
    owner = UserFactory()
    entry = make_entry(owner)
    mentor = make_mentor()
    request = services.request_mentoring(owner, mentor, "Cần góp ý", entry=entry)
    services.accept(mentor.user, request)
    services.log_session(mentor.user, request, date(2026, 11, 20), "Gọi vốn", "Đã góp ý")

    for named in (entry, mentor, mentor.user, owner, request):
        assert protected_by([named]) is not None, named
    assert protected_by([UserFactory()]) is None
