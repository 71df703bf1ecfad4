"""The personal area /ca-nhan/ from outside: one home for a person's registrations, cohorts, certificates of both
kinds, calendar feed and followed clubs; sections only where the person has something; nobody else's PDF."""

import pytest
from django.urls import reverse

from events.models import CalendarToken, ClubFollow
from events.services import calendar_token_for
from portal import roles
from tests.factories.portal import UserFactory, nominator
from tests.portal.people import trainee_participant

pytestmark = pytest.mark.django_db

PERSONAL_PAGES = [
    ("portal:account", []), ("portal:certificates", []), ("events:mine", []), ("events:my_calendar", []),
    ("events:followed_clubs", []), ("training:my_cohorts", []), ("training:practicum", []),
    ("training:trainer_consent", []),
]


@pytest.fixture
def lan(home):
    return trainee_participant(home)


@pytest.fixture
def stranger(home):
    """Another trainee-participant, with certificates of both kinds of her own."""
    return trainee_participant(home, name="Trần Văn Hùng")


def test_every_personal_page_lives_under_ca_nhan():
    for name, args in PERSONAL_PAGES:
        assert reverse(name, args=args).startswith("/ca-nhan/"), name


@pytest.mark.parametrize(("name", "args"), PERSONAL_PAGES)
def test_anonymous_is_sent_to_log_in(client, home, name, args):
    url = reverse(name, args=args)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next={url}"


def test_header_account_link_and_log_in_lead_to_the_overview(client, lan):
    user = lan["user"]
    user.set_password("Mat-khau-2026!")
    user.save()

    response = client.post(reverse("portal:login"), {"username": user.username, "password": "Mat-khau-2026!"})

    assert response.status_code == 302
    assert response["Location"] == "/ca-nhan/"
    html = client.get("/ca-nhan/").content.decode()
    assert 'class="topbar__user" href="/ca-nhan/"' in html  # the header's account link


def test_a_trainee_participant_sees_registrations_cohorts_and_both_certificates_in_one_area(client, lan):
    client.force_login(lan["user"])

    overview = client.get("/ca-nhan/").content.decode()

    assert "Ngày hội khởi nghiệp sáng tạo Quảng Nam" in overview  # the upcoming registration
    assert reverse("events:registration", args=[lan["registration"].token]) in overview
    assert lan["enrolment"].cohort.name in overview
    assert reverse("training:my_cohorts") in overview
    assert reverse("training:practicum") in overview  # a trainer on practicum
    assert reverse("training:trainer_consent") in overview
    assert "2 giấy chứng nhận" in overview
    assert reverse("portal:certificates") in overview
    assert reverse("events:my_calendar") in overview
    assert "CLB Khởi nghiệp thành phố Tam Kỳ" in overview  # followed
    assert 'id="cau-lac-bo-theo-doi"' in overview

    certificates = client.get("/ca-nhan/giay-chung-nhan/").content.decode()
    tot, attendance = lan["tot_certificate"], lan["attendance_certificate"]
    assert tot.serial in certificates and attendance.serial in certificates
    assert certificates.count(attendance.serial) == 1  # listed once, in its own section
    assert reverse("training:certificate_pdf", args=[tot.pk]) in certificates
    assert reverse("events:certificate_pdf", args=[attendance.pk]) in certificates
    for url in (reverse("training:certificate_pdf", args=[tot.pk]),
                reverse("events:certificate_pdf", args=[attendance.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"

    registrations = client.get("/ca-nhan/su-kien/").content.decode()
    assert "Hội nghị mạng lưới CLB khởi nghiệp năm 2026" in registrations
    assert "Ngày hội khởi nghiệp sáng tạo Quảng Nam" in registrations
    cohorts = client.get("/ca-nhan/lop-hoc/").content.decode()
    assert lan["enrolment"].cohort.name in cohorts


def test_another_persons_certificate_pdf_is_404_through_the_new_urls(client, lan, stranger):
    client.force_login(lan["user"])

    tot = client.get(reverse("training:certificate_pdf", args=[stranger["tot_certificate"].pk]))
    attendance = client.get(reverse("events:certificate_pdf", args=[stranger["attendance_certificate"].pk]))

    assert tot.status_code == 404
    assert attendance.status_code == 404
    page = client.get("/ca-nhan/giay-chung-nhan/").content.decode()
    assert stranger["tot_certificate"].serial not in page
    assert stranger["attendance_certificate"].serial not in page


def test_calendar_reset_changes_the_token_and_the_old_feed_stops(client, lan):
    user = lan["user"]
    client.force_login(user)
    old_url = reverse("events:personal_feed", args=[calendar_token_for(user).token])
    assert client.get(old_url)["Content-Type"].startswith("text/calendar")
    assert old_url in client.get("/ca-nhan/lich/").content.decode()

    response = client.post(reverse("events:reset_calendar"))

    assert response.status_code == 302
    assert response["Location"] == reverse("events:my_calendar")
    new_url = reverse("events:personal_feed", args=[CalendarToken.objects.get(user=user).token])
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200
    page = client.get("/ca-nhan/lich/").content.decode()
    assert new_url in page and old_url not in page


def test_unfollowing_a_club_from_the_personal_area(client, lan):
    client.force_login(lan["user"])
    page = client.get("/ca-nhan/cau-lac-bo/").content.decode()
    action = reverse("events:toggle_follow", args=[lan["club"].pk])
    assert f'action="{action}"' in page

    response = client.post(action, {"next": "/ca-nhan/cau-lac-bo/"})

    assert response.status_code == 302
    assert response["Location"] == "/ca-nhan/cau-lac-bo/"
    assert not ClubFollow.objects.filter(user=lan["user"]).exists()
    overview = client.get("/ca-nhan/").content.decode()
    assert "Đã bỏ theo dõi CLB Khởi nghiệp thành phố Tam Kỳ." in overview
    assert 'id="cau-lac-bo-theo-doi"' not in overview  # the section has nothing left to show
    assert "Bạn chưa theo dõi câu lạc bộ nào" in client.get("/ca-nhan/cau-lac-bo/").content.decode()


def test_sections_hide_when_empty_and_the_empty_states_say_what_to_do(client, home, lan):
    newcomer = UserFactory(groups=[roles.PARTICIPANTS])
    client.force_login(newcomer)

    overview = client.get("/ca-nhan/").content.decode()

    for hidden in (reverse("training:my_cohorts"), reverse("training:practicum"), reverse("portal:certificates"),
                   reverse("events:followed_clubs"), reverse("training:dashboard"),
                   reverse("events:agency_delegations"), 'id="cong-viec"', 'id="cau-lac-bo-theo-doi"',
                   'id="lop-hoc"', 'id="giang-vien"', 'id="giay-chung-nhan"', 'id="doan-cong-tac"'):
        assert hidden not in overview, hidden
    assert "Bạn chưa đăng ký sự kiện nào." in overview
    assert lan["index"].url in overview  # where to find events
    assert reverse("events:my_calendar") in overview  # everyone has a feed
    assert newcomer.username in overview  # the account
    certificates = client.get("/ca-nhan/giay-chung-nhan/").content.decode()
    assert "Bạn chưa có giấy chứng nhận nào." in certificates
    assert client.get(reverse("training:practicum")).status_code == 404  # no trainer profile


def test_a_nominator_finds_the_agency_pages_from_the_overview(client, home):
    client.force_login(nominator())

    overview = client.get("/ca-nhan/").content.decode()

    assert reverse("training:dashboard") == "/tot/de-cu/"
    assert reverse("training:dashboard") in overview
    assert reverse("training:nomination_list") in overview
    assert reverse("events:agency_delegations") == "/doan-cong-tac/"
    assert reverse("events:agency_delegations") in overview
