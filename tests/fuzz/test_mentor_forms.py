"""The mentor network's forms and filters fed hostile data (issue 17 item 3): applying with a profile, asking a
mentor, declining with a reason, logging a session, the Board's decline reason, the public list's filters. Never a
500; a form error changes nothing; what is saved is valid and clean."""

import pytest
from hypothesis import given

from ideas.mentoring import services
from ideas.mentoring.models import MentoringRequest, MentoringSession, MentorProfile
from tests.factories.clubs import club_editor
from tests.factories.ideas import make_entry, sector
from tests.factories.mentoring import make_mentor
from tests.factories.portal import UserFactory, board_user
from tests.fuzz.conftest import assert_nothing_saved_unless, assert_ok, counts, emails, form_data, query_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(public_site):
    club = public_site["club"]
    owner = UserFactory()
    return {
        "sector": sector(),
        "unit": club.unit,
        "club": club,
        "owner": owner,
        "entry": make_entry(owner, club=club),
        "mentor": make_mentor(),
    }


def test_applying_with_a_profile(client, world):
    @given(
        data=form_data(
            {
                "display_name": "Hồ Quang Bửu",
                "kind": "adviser",
                "headline": "Giám đốc",
                "expertise": "Gọi vốn, thị trường",
                "sectors": [str(world["sector"].pk)],
                "districts": [str(world["unit"].pk)],
                "availability": "Tối thứ Năm",
                "public_email": emails,
                "consent": "on",
            },
            optional=("headline", "districts", "public_email"),
        )
    )
    def run(data):
        user = UserFactory()
        client.force_login(user)
        before = counts(MentorProfile)
        response = client.post("/y-tuong/chuyen-gia/dang-ky/", data)
        assert_ok(response)
        assert_nothing_saved_unless(response, before, [MentorProfile], created={"MentorProfile": 1})
        for profile in MentorProfile.objects.filter(user=user):
            profile.full_clean()
            assert profile.state == "applied" and profile.consent
            assert "\x00" not in profile.display_name + profile.expertise + profile.availability

    run()


def test_asking_a_mentor(client, world):
    editor = club_editor(world["club"])

    @given(
        data=form_data(
            {"entry": str(world["entry"].pk), "club": str(world["club"].pk), "message": "Cần góp ý về giá"},
            optional=("entry", "club"),
        )
    )
    def run(data):
        for user in (world["owner"], editor):
            client.force_login(user)
            before = counts(MentoringRequest)
            response = client.post(f"/y-tuong/chuyen-gia/{world['mentor'].pk}/de-nghi/", data)
            assert_ok(response)
            assert_nothing_saved_unless(response, before, [MentoringRequest], created={"MentoringRequest": 1})
            for request in MentoringRequest.objects.all():
                request.full_clean()
                assert request.requester == user or request.club_id == world["club"].pk
            MentoringRequest.objects.all().delete()

    run()


def test_declining_and_logging_sessions(client, world):
    mentor = world["mentor"]

    @given(
        reason=form_data({"reason": "Tôi đang bận"}),
        session=form_data({"held_on": "2024-05-01", "topic": "Gọi vốn", "outcome": "Có kế hoạch"}),
    )
    def run(reason, session):
        request = services.request_mentoring(world["owner"], mentor, "Xin góp ý", entry=world["entry"])
        client.force_login(mentor.user)
        assert_ok(client.post(f"/ca-nhan/co-van/{request.pk}/tu-choi/", reason))
        request.refresh_from_db()
        assert request.state in ("pending", "declined") and "\x00" not in request.reason
        if request.state == "pending":
            services.accept(mentor.user, request)
            before = counts(MentoringSession)
            response = client.post(f"/ca-nhan/co-van/{request.pk}/buoi/", session)
            assert_ok(response)
            for logged in MentoringSession.objects.filter(request=request):
                logged.full_clean()
            assert counts(MentoringSession)["MentoringSession"] - before["MentoringSession"] in (0, 1)
        MentoringSession.objects.all().delete()  # the sessions protect their request (ideas 0004)
        MentoringRequest.objects.all().delete()

    run()


def test_the_boards_decline_reason(client, world):
    board = board_user()

    @given(data=form_data({"reason": "Chưa đủ kinh nghiệm"}))
    def run(data):
        profile = make_mentor(admit=False)
        client.force_login(board)
        assert_ok(client.post(f"/admin/ideas/mentors/decline/{profile.pk}/", data))
        profile.refresh_from_db()
        assert profile.state in ("applied", "declined") and "\x00" not in profile.reason

    run()


def test_the_lists_filters(client, world):
    @given(
        params=query_params(
            {"q": "goi von", "sector": world["sector"].slug, "district": world["unit"].slug, "page": "1"},
            optional=("q", "sector", "district", "page"),
        )
    )
    def run(params):
        assert_ok(client.get("/y-tuong/chuyen-gia/", params))

    run()
