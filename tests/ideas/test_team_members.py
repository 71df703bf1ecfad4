"""An idea's team as accounts (ideas.teams, issue 17): the owner invites by user name or e-mail, the invited account
accepts or declines, a member leaves, the owner removes a member or withdraws an invitation; only the owner manages
the team. The competitions' conflict of interest sees the team (a member, or one who left while the review was
open; an invitation alone is not), and a reviewer who joins after scoring loses the score as after a recusal.
Roles meet: a withdrawn idea, a deactivated account, personal data. E-mail to the invited account after commit."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from ideas import services as ideas_services
from ideas.competitions import services as competitions
from ideas.competitions.enums import Award
from ideas.competitions.models import CompetitionEntry, CompetitionReview
from ideas.competitions.rules import can_review, has_conflict_of_interest
from ideas.teams import services
from ideas.teams.models import MemberState, TeamMember
from portal.personal_data.service import Person, erase_person, export_person
from tests.factories.competitions import apply, full_scores, make_competition
from tests.factories.ideas import bulk_team, invite, make_entry, team_member
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db
TEAM_URL = "/ca-nhan/y-tuong/{}/nhom/"
MINE = "/ca-nhan/nhom/"
KIND = "Nhóm thực hiện ý tưởng người này được mời, tham gia"


@pytest.fixture
def world():
    owner = UserFactory(username="chuytuong", email="chu@example.vn")
    entry = make_entry(owner, title="Rau hữu cơ Trà Quế QZXTEAM", team="Nguyễn Thị Hoa, Trần Văn Bửu")
    member = UserFactory(username="thanhvien", email="Thanh.Vien@Example.vn", last_name="Lê", first_name="Thị Vân")
    stranger = UserFactory(username="nguoila")
    other_owner = UserFactory(username="chukhac")
    other_entry = make_entry(other_owner, title="Gốm Thanh Hà")
    return {"owner": owner, "entry": entry, "member": member, "stranger": stranger, "other_owner": other_owner,
            "other_entry": other_entry}


def seats(entry):
    return sorted(TeamMember.objects.filter(entry=entry).values_list("user__username", "state"))


# --- inviting -------------------------------------------------------------------------------------------------


def test_the_owner_invites_by_user_name_or_e_mail_and_the_public_team_line_stays(client, world):
    owner, entry = world["owner"], world["entry"]
    client.force_login(owner)
    response = client.post(TEAM_URL.format(entry.pk), {"who": "thanh.vien@example.VN"})  # e-mail, case aside
    assert response.status_code == 302
    response = client.post(TEAM_URL.format(entry.pk), {"who": "NguoiLa"}, follow=True)  # user name, case aside
    assert "Đã gửi lời mời tới" in response.content.decode()
    assert seats(entry) == [("nguoila", "pending"), ("thanhvien", "pending")]
    entry.refresh_from_db()
    assert entry.team == "Nguyễn Thị Hoa, Trần Văn Bửu"
    page = client.get(TEAM_URL.format(entry.pk)).content.decode()
    assert "Lời mời chờ trả lời" in page and "Lê Thị Vân" in page and "Chưa có thành viên nào" in page


@pytest.mark.parametrize(
    "who, message",
    [
        ("khongcoai", "Không tìm thấy tài khoản đang hoạt động"),
        ("khong.co@example.vn", "Không tìm thấy tài khoản đang hoạt động"),
        ("chuytuong", "không cần tự mời mình"),
        ("chu@example.vn", "không cần tự mời mình"),
        ("thanhvien", "đã được mời và chưa trả lời"),
        ("tamngung", "Không tìm thấy tài khoản đang hoạt động"),  # a deactivated account is not found
        ("", "This field is required"),
    ],
)
def test_a_refused_invitation_says_why_and_changes_nothing(client, world, who, message, settings):
    settings.LANGUAGE_CODE = "vi"
    UserFactory(username="tamngung", is_active=False)
    invite(world["entry"], world["member"])
    before = seats(world["entry"])
    client.force_login(world["owner"])
    response = client.post(TEAM_URL.format(world["entry"].pk), {"who": who})
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text or (who == "" and "Trường này là bắt buộc" in text)
    assert seats(world["entry"]) == before


def test_invitations_from_one_address_stop_at_the_hourly_limit_and_the_last_one_changes_nothing(client, world):
    """Each invitation mails the account and says whether it exists: 20 an hour from one address, then a 429."""
    from portal.security.ratelimit import limit_of

    attempts, _window = limit_of("team_invite")
    client.force_login(world["owner"])
    for n in range(attempts):
        client.post(TEAM_URL.format(world["entry"].pk), {"who": f"khongcoai{n}"})
    before = seats(world["entry"])
    response = client.post(TEAM_URL.format(world["entry"].pk), {"who": "thanhvien"})
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert seats(world["entry"]) == before
    assert client.get(TEAM_URL.format(world["entry"].pk)).status_code == 200  # the page itself still opens


def test_a_member_cannot_be_invited_again_and_an_address_two_accounts_share_asks_for_the_user_name(world):
    team_member(world["entry"], world["member"])
    with pytest.raises(services.TeamError, match="đã là thành viên"):
        invite(world["entry"], world["member"])
    UserFactory(username="a1", email="chung@example.vn")
    UserFactory(username="a2", email="chung@example.vn")
    with pytest.raises(services.TeamError, match="tên đăng nhập"):
        services.invite(world["owner"], world["entry"], "chung@example.vn")
    assert seats(world["entry"]) == [("thanhvien", "accepted")]


def test_a_withdrawn_idea_takes_no_invitation_and_cancels_the_pending_ones(world):
    entry, member = world["entry"], world["member"]
    joined = team_member(entry, UserFactory(username="dathamgia"))
    waiting = invite(entry, member)
    ideas_services.withdraw(world["owner"], entry)
    waiting.refresh_from_db()
    joined.refresh_from_db()
    assert (waiting.state, joined.state) == (MemberState.CANCELLED, MemberState.ACCEPTED)
    assert waiting.left_at is not None
    with pytest.raises(services.TeamError):
        services.accept(member, waiting)
    with pytest.raises(services.TeamError, match="đã rút khỏi ngân hàng"):
        invite(entry, world["stranger"])


# --- answering, leaving, removing -----------------------------------------------------------------------------


def test_the_invited_account_accepts_or_declines_at_its_personal_page(client, world):
    entry, member = world["entry"], world["member"]
    first = invite(entry, member)
    second = invite(world["other_entry"], member)
    client.force_login(member)
    page = client.get(MINE).content.decode()
    assert "Rau hữu cơ Trà Quế QZXTEAM" in page and "Gốm Thanh Hà" in page
    assert "/ca-nhan/nhom/" in client.get("/ca-nhan/").content.decode()  # linked from the personal area
    assert client.post(f"/ca-nhan/nhom/{first.pk}/nhan/").status_code == 302
    assert client.post(f"/ca-nhan/nhom/{second.pk}/tu-choi/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (MemberState.ACCEPTED, MemberState.DECLINED)
    assert first.answered_at and first.left_at is None and second.answered_at
    response = client.post(f"/ca-nhan/nhom/{first.pk}/nhan/", follow=True)  # answered already: a message
    assert "không còn chờ bạn trả lời" in response.content.decode()
    client.force_login(world["owner"])
    page = client.get(TEAM_URL.format(entry.pk)).content.decode()
    assert "Lê Thị Vân" in page and "Xóa khỏi nhóm" in page


def test_a_member_leaves_and_the_owner_removes_or_withdraws_the_row_stays_with_its_end(client, world):
    entry = world["entry"]
    leaving = team_member(entry, world["member"])
    removed = team_member(entry, world["stranger"])
    withdrawn = invite(entry, UserFactory(username="chuatraloi"))
    client.force_login(world["member"])
    assert client.post(f"/ca-nhan/nhom/{leaving.pk}/roi-nhom/").status_code == 302
    client.force_login(world["owner"])
    assert client.post(f"/ca-nhan/y-tuong/nhom/{removed.pk}/xoa/").status_code == 302
    assert client.post(f"/ca-nhan/y-tuong/nhom/{withdrawn.pk}/xoa/").status_code == 302
    assert seats(entry) == [("chuatraloi", "withdrawn"), ("nguoila", "removed"), ("thanhvien", "left")]
    assert TeamMember.objects.filter(entry=entry, left_at__isnull=True).count() == 0
    # invited again after leaving: a new row, the old one kept as the record
    again = invite(entry, world["member"])
    assert TeamMember.objects.filter(entry=entry, user=world["member"]).count() == 2 and again.is_pending


# --- who may: the permission matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "stranger", "other_owner", "board"])
def test_only_the_owner_sees_and_manages_the_team(client, world, who):
    entry = world["entry"]
    seat = team_member(entry, world["member"])
    waiting = invite(entry, UserFactory(username="dangcho"))
    user = board_user() if who == "board" else world[who]
    client.force_login(user)
    before = seats(entry)
    assert client.get(TEAM_URL.format(entry.pk)).status_code == 404
    assert client.post(TEAM_URL.format(entry.pk), {"who": "nguoila"}).status_code == 404
    assert client.post(f"/ca-nhan/y-tuong/nhom/{seat.pk}/xoa/").status_code == 404
    assert client.post(f"/ca-nhan/y-tuong/nhom/{waiting.pk}/xoa/").status_code == 404
    # another's invitation is not theirs to answer; another's membership not theirs to end
    assert client.post(f"/ca-nhan/nhom/{waiting.pk}/nhan/").status_code == 404
    assert client.post(f"/ca-nhan/nhom/{waiting.pk}/tu-choi/").status_code == 404
    if who != "member":
        assert client.post(f"/ca-nhan/nhom/{seat.pk}/roi-nhom/").status_code == 404
    assert seats(entry) == before


def test_a_visitor_is_sent_to_log_in_and_a_get_changes_nothing(client, world):
    seat = invite(world["entry"], world["member"])
    response = client.get(TEAM_URL.format(world["entry"].pk))
    assert response.status_code == 302 and "next=" in response["Location"]
    assert client.get(MINE).status_code == 302
    client.force_login(world["member"])
    assert client.get(f"/ca-nhan/nhom/{seat.pk}/nhan/").status_code == 405
    seat.refresh_from_db()
    assert seat.is_pending


def test_a_deactivated_owner_no_longer_manages_and_a_deactivated_account_cannot_answer(world):
    seat = invite(world["entry"], world["member"])
    world["member"].is_active = False
    world["member"].save(update_fields=["is_active"])
    with pytest.raises(services.TeamError):
        services.accept(world["member"], seat)
    world["owner"].is_active = False
    world["owner"].save(update_fields=["is_active"])
    with pytest.raises(services.TeamError, match="Chỉ người gửi ý tưởng"):
        services.remove(world["owner"], seat)
    seat.refresh_from_db()
    assert seat.is_pending  # nobody but an active owner withdraws it


def test_deleting_an_account_on_a_team_is_refused_not_cascaded(world):
    from portal.admin.delete import protected_by

    seat = team_member(world["entry"], world["member"])
    services.leave(world["member"], seat)
    assert protected_by([world["member"]]) is not None  # a left membership is still the conflict's record
    assert TeamMember.objects.filter(pk=seat.pk).exists()


# --- the conflict of interest ----------------------------------------------------------------------------------


@pytest.fixture
def judged(world):
    """The owner's idea in a competition that opened a day ago, reviewed by the member and another reviewer."""
    other = UserFactory(username="giamkhaokhac")
    competition = make_competition(reviewers=[world["member"], other], title="Giải QZXGIAI")
    entry = apply(world["owner"], competition, world["entry"])
    return {**world, "competition": competition, "competition_entry": entry, "other_reviewer": other}


def fresh(entry):
    return CompetitionEntry.objects.with_scores().select_related("idea", "competition").get(pk=entry.pk)


def conflicted(reviewer, entry):
    from django.contrib.auth import get_user_model

    reviewer = get_user_model().objects.get(pk=reviewer.pk)  # a new request: nothing cached
    return has_conflict_of_interest(reviewer, fresh(entry))


def test_a_member_and_the_name_match_are_each_in_conflict_an_invitation_alone_is_not(judged):
    member, entry = judged["member"], judged["competition_entry"]
    assert not conflicted(member, entry)
    seat = invite(judged["entry"], member)
    assert not conflicted(member, entry) and can_review(member, fresh(entry))  # the owner cannot jam a juror
    services.accept(member, seat)
    assert conflicted(member, entry) and not can_review(member, fresh(entry))
    services.leave(member, seat, now=judged["competition"].opens_at - timedelta(days=1))
    assert not conflicted(member, entry)  # left before the competition opened
    seat = invite(judged["entry"], member)
    services.decline(member, seat)
    assert not conflicted(member, entry)  # declined: never a member
    seat = invite(judged["entry"], member)
    services.remove(judged["owner"], seat)  # an invitation withdrawn: never a member either
    assert not conflicted(member, entry)
    team_member(judged["entry"], member)
    assert conflicted(member, entry)
    assert not conflicted(judged["other_reviewer"], entry)
    # the name in the free-text team line still counts on its own
    stranger = UserFactory(last_name="Trần", first_name="Văn Bửu")
    assert conflicted(stranger, entry)


def test_a_member_who_left_before_the_competition_opened_is_free_and_one_who_left_after_is_not(judged):
    member, entry, competition = judged["member"], judged["competition_entry"], judged["competition"]
    seat = team_member(judged["entry"], member)
    opened = competition.opens_at
    services.leave(member, seat, now=opened - timedelta(seconds=1))
    assert not conflicted(member, entry)
    TeamMember.objects.filter(pk=seat.pk).update(left_at=opened)  # at the opening instant: during the review
    assert conflicted(member, entry)
    TeamMember.objects.filter(pk=seat.pk).update(left_at=opened + timedelta(days=1), state=MemberState.REMOVED)
    assert conflicted(member, entry)
    TeamMember.objects.filter(pk=seat.pk).update(left_at=opened - timedelta(days=30))
    assert not conflicted(member, entry)


def test_the_conflict_is_seen_by_the_scoring_list_the_score_form_and_the_locked_re_read(client, judged):
    member, entry = judged["member"], judged["competition_entry"]
    client.force_login(member)
    scoring = f"/ca-nhan/cuoc-thi/cham/{judged['competition'].pk}/"
    assert "QZXTEAM" in client.get(scoring).content.decode()
    reviewer = type(member).objects.get(pk=member.pk)
    assert can_review(reviewer, fresh(entry))  # cached on this object: no team yet
    team_member(judged["entry"], member)
    assert "QZXTEAM" not in client.get(scoring).content.decode()
    assert client.get(f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/").status_code == 404
    assert client.get(f"/ca-nhan/cuoc-thi/cham/ho-so/{entry.pk}/xung-dot/").status_code == 404
    with pytest.raises(competitions.CompetitionError, match="xung đột"):
        competitions.score(reviewer, fresh(entry), full_scores(judged["competition"]))  # re-read under the lock
    assert not CompetitionReview.objects.filter(reviewer=member).exists()


def test_joining_after_scoring_drops_the_score_as_a_recusal_does(judged, clock):
    member, entry, competition = judged["member"], judged["competition_entry"], judged["competition"]
    competitions.score(member, entry, full_scores(competition, 10))
    competitions.score(judged["other_reviewer"], entry, full_scores(competition, 6))
    assert fresh(entry).avg_score == 80.0
    seat = invite(judged["entry"], member)  # invited only: the score still counts, and they may change it
    competitions.score(member, fresh(entry), full_scores(competition, 10))
    assert fresh(entry).avg_score == 80.0
    clock.at("2099-01-01 00:00")
    competitions.prepare_award(board_user(), entry, Award.FIRST)
    services.accept(member, seat)
    current = fresh(entry)
    assert (current.review_count, current.avg_score, current.pending_award) == (1, 60.0, "")
    logged = ModelLogEntry.objects.get(action=competitions.TEAM_REVIEW_WITHDRAWN)
    assert (logged.user, logged.data["total"]) == (member, "100.0")
    assert ModelLogEntry.objects.filter(action=competitions.PENDING_CLEARED).count() == 1
    assert CompetitionReview.objects.filter(reviewer=judged["other_reviewer"]).count() == 1


def test_the_boards_inspect_screen_names_the_jurors_on_an_ideas_team(client, judged, home):
    inspect = f"/admin/ideas/competitions/inspect/{judged['competition'].pk}/"
    client.force_login(board_user())
    seat = invite(judged["entry"], judged["member"])
    assert "Giám khảo trong nhóm thực hiện" not in client.get(inspect).content.decode()  # invited only
    services.accept(judged["member"], seat)
    team_member(judged["entry"], UserFactory(first_name="Không", last_name="Chấm"))  # on the team, not a juror
    page = client.get(inspect).content.decode()
    section = page.split("Giám khảo trong nhóm thực hiện", 1)[1].split("</table>", 1)[0]
    assert "Lê Thị Vân" in section and "QZXTEAM" in section and "thành viên" in section
    assert "Chấm Không" not in section and "Không Chấm" not in section


def test_joining_leaves_the_reviews_of_a_decided_entry_and_of_other_ideas_alone(judged):
    member, competition = judged["member"], judged["competition"]
    other_entry = apply(judged["other_owner"], competition, judged["other_entry"])
    competitions.score(member, judged["competition_entry"], full_scores(competition, 9))
    competitions.score(member, other_entry, full_scores(competition, 7))
    CompetitionEntry.objects.filter(pk=judged["competition_entry"].pk).update(status="awarded", award=Award.FIRST)
    team_member(judged["entry"], member)
    assert CompetitionReview.objects.filter(reviewer=member).count() == 2
    assert not ModelLogEntry.objects.filter(action=competitions.TEAM_REVIEW_WITHDRAWN).exists()


# --- e-mail ----------------------------------------------------------------------------------------------------


def test_the_invited_account_hears_of_it_after_commit_in_one_line(mailoutbox, django_capture_on_commit_callbacks,
                                                                  world):
    entry = type(world["entry"]).objects.get(pk=world["entry"].pk)
    entry.title = "Rau\nhữu cơ <b>& sạch</b>"
    entry.save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        invite(entry, world["member"])
    assert [m.to for m in mailoutbox] == [["Thanh.Vien@Example.vn"]]
    mail = mailoutbox[0]
    assert "\n" not in mail.subject and mail.subject.startswith("[Ngân hàng ý tưởng] Lời mời tham gia nhóm: Rau")
    assert "/ca-nhan/nhom/" in mail.body and "<b>& sạch</b>" in mail.body and "&amp;" not in mail.body


def test_no_mail_for_a_rolled_back_invitation_nor_to_an_account_deactivated_before_it_goes(
    mailoutbox, django_capture_on_commit_callbacks, world
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                invite(world["entry"], world["member"])
                raise RuntimeError
    assert mailoutbox == [] and not TeamMember.objects.exists()
    from ideas.notifications import send_invitation

    seat = invite(world["entry"], world["member"])
    type(world["member"]).objects.filter(pk=world["member"].pk).update(is_active=False)
    assert send_invitation(seat.pk) == 0 and mailoutbox == []


# --- personal data ---------------------------------------------------------------------------------------------


def test_the_members_export_holds_their_memberships(world):
    team_member(world["entry"], world["member"])
    invite(world["other_entry"], world["member"])
    invite(world["other_entry"], world["stranger"])
    data = export_person(Person.lookup(user=world["member"]), board_user())["Dữ liệu"]
    rows = data[KIND]
    assert len(rows) == 2
    assert {row["Ý tưởng, dự án"] for row in rows} == {"Rau hữu cơ Trà Quế QZXTEAM", "Gốm Thanh Hà"}


def test_erasing_a_member_removes_memberships_but_keeps_one_whose_idea_is_under_review(judged):
    member = judged["member"]
    kept = team_member(judged["entry"], member)  # the idea is live in the competition
    gone = team_member(judged["other_entry"], member)
    erase_person(Person.lookup(user=member), board_user(), reference="Đơn số 7/2026", reason="Yêu cầu")
    assert list(TeamMember.objects.filter(user=member).values_list("pk", flat=True)) == [kept.pk]
    assert not TeamMember.objects.filter(pk=gone.pk).exists()
    assert TeamMember.objects.get(pk=kept.pk).is_member  # still the conflict's record


def test_erasing_an_owner_cancels_the_pending_invitations_of_their_entries(world):
    waiting = invite(world["entry"], world["member"])
    joined = team_member(world["entry"], world["stranger"])
    elsewhere = invite(world["other_entry"], UserFactory())
    erase_person(Person.lookup(user=world["owner"]), board_user(), reference="Đơn số 8/2026", reason="Yêu cầu")
    states = dict(TeamMember.objects.values_list("pk", "state"))
    assert (states[waiting.pk], states[joined.pk], states[elsewhere.pk]) == ("cancelled", "accepted", "pending")


# --- cost ------------------------------------------------------------------------------------------------------


def count(client, url):
    client.get(url)  # the first page after logging in also loads the session's and the site's rows
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_team_pages_cost_the_same_with_3_or_40_members(client, world):
    small, large = world["entry"], world["other_entry"]
    bulk_team(small, 3)
    bulk_team(small, 2, state="pending")
    bulk_team(large, 40)
    bulk_team(large, 20, state="pending")
    client.force_login(world["owner"])
    first = count(client, TEAM_URL.format(small.pk))
    client.force_login(world["other_owner"])
    assert count(client, TEAM_URL.format(large.pk)) == first


def test_the_members_page_costs_the_same_with_2_or_30_teams(client, world):
    few, many = UserFactory(), UserFactory()
    owner = UserFactory()
    for n in range(30):
        entry = make_entry(owner)
        TeamMember.objects.create(entry=entry, user=many, state="accepted" if n % 2 else "pending")
        if n < 2:
            TeamMember.objects.create(entry=entry, user=few, state="accepted" if n % 2 else "pending")
    client.force_login(few)
    first = count(client, MINE)
    client.force_login(many)
    assert count(client, MINE) == first
