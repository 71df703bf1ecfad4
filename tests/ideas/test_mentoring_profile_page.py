"""A listed mentor's public page (/y-tuong/chuyen-gia/<id>/): what they consented to show, the ToT badge from
training's register, 404 for every profile the list does not show, escaping, and a query count that does not grow
with the mentor's sectors and districts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideas.mentoring import services
from tests.factories.ideas import sector
from tests.factories.mentoring import make_mentor
from tests.factories.portal import AdministrativeUnitFactory, UserFactory, board_user
from training.cohorts.services import record_register_consent
from training.models import TrainerProfile

pytestmark = pytest.mark.django_db

BADGE = "Giảng viên ToT được cấp chứng nhận"


def page_of(client, mentor):
    return client.get(reverse("ideas:mentor", args=(mentor.pk,)))


def make_trainer(user, listed=True, status="certified"):
    trainer = TrainerProfile.objects.create(user=user, display_name="Giảng viên", status=status)
    if listed:
        record_register_consent(trainer, show_on_register=True)
    return trainer


def test_the_page_shows_what_the_mentor_consented_to_list(client):
    mentor = make_mentor(
        display_name="Hồ Quang Bửu",
        headline="Giám đốc HTX Trà Quế",
        expertise="Chuỗi giá trị rau hữu cơ",
        availability="Sáng thứ Bảy",
        public_email="buu@example.vn",
        sectors=[sector("nong-nghiep-huu-co", "Nông nghiệp hữu cơ"), sector("du-lich", "Du lịch nông thôn")],
        districts=[AdministrativeUnitFactory(name="Thị xã Điện Bàn")],
    )

    response = page_of(client, mentor)

    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "<h1>Hồ Quang Bửu</h1>",
        "Chuyên gia tư vấn",
        "Giám đốc HTX Trà Quế",
        "Chuỗi giá trị rau hữu cơ",
            "Du lịch nông thôn, Nông nghiệp hữu cơ",  # in the sectors' order
        "Thị xã Điện Bàn",
        "Sáng thứ Bảy",
        'href="mailto:buu@example.vn"',
        reverse("ideas:mentor_ask", args=(mentor.pk,)),
        reverse("ideas:network"),
    ):
        assert shown in html, shown
    assert mentor.user.email not in html  # the account's own address is never shown, only the public one
    assert BADGE not in html
    assert "<table" not in html  # nothing wider than a phone


def test_the_network_list_links_to_the_page(client):
    mentor = make_mentor(display_name="Trần Thị Liên Kết")

    html = client.get(reverse("ideas:network")).content.decode()

    assert f'<a href="{reverse("ideas:mentor", args=(mentor.pk,))}">Trần Thị Liên Kết</a>' in html


def test_a_certified_trainer_on_the_register_has_the_tot_badge(client):
    mentor = make_mentor()
    make_trainer(mentor.user)

    assert BADGE in page_of(client, mentor).content.decode()


@pytest.mark.parametrize("trainer", ["not_on_register", "practicum", "expired"])
def test_no_badge_for_a_trainer_the_register_does_not_list(client, trainer):
    """The register's own rule (TrainerProfile.on_register): certified, still valid, consent recorded."""
    mentor = make_mentor()
    status = "practicum" if trainer == "practicum" else "certified"
    profile = make_trainer(mentor.user, listed=trainer != "not_on_register", status=status)
    if trainer == "expired":
        TrainerProfile.objects.filter(pk=profile.pk).update(expires_on=date(2020, 1, 1))

    response = page_of(client, mentor)

    assert response.status_code == 200
    assert BADGE not in response.content.decode()


@pytest.mark.parametrize("state", ["applied", "declined", "left", "no_consent", "unknown"])
def test_a_mentor_the_list_does_not_show_is_a_404(client, state):
    mentor = make_mentor(admit=state not in ("applied", "declined"), consent=state != "no_consent")
    if state == "declined":
        services.decline_profile(board_user(), mentor, "Chưa đủ kinh nghiệm")
    if state == "left":
        services.leave(mentor.user, mentor)
    mentor.refresh_from_db()
    pk = mentor.pk + 1000 if state == "unknown" else mentor.pk

    response = client.get(reverse("ideas:mentor", args=(pk,)))

    assert response.status_code == 404
    assert mentor.display_name not in response.content.decode()


def test_everything_the_mentor_wrote_is_escaped(client):
    mentor = make_mentor(
        display_name="<b>Tên</b>",
        headline="<img src=x onerror=alert(1)>",
        expertise="<script>alert('chuyên môn')</script>",
        availability="<i>tối</i>",
    )

    html = page_of(client, mentor).content.decode()

    assert "<script>alert(" not in html and "<img src=x" not in html and "<b>Tên</b>" not in html
    assert "&lt;script&gt;alert(&#x27;chuyên môn&#x27;)&lt;/script&gt;" in html
    assert "&lt;i&gt;tối&lt;/i&gt;" in html


def count_queries(client, mentor):
    with CaptureQueriesContext(connection) as queries:
        assert page_of(client, mentor).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_sectors_districts_or_the_badge(client):
    small = make_mentor(sectors=[sector("mot", "Một")], districts=[AdministrativeUnitFactory()])
    large = make_mentor(
        sectors=[sector(f"linh-vuc-{n}", f"Lĩnh vực {n}") for n in range(6)],
        districts=[AdministrativeUnitFactory() for _ in range(6)],
    )
    make_trainer(large.user)
    count_queries(client, small)  # warm the site's caches (site, settings, menus)

    assert count_queries(client, small) == count_queries(client, large) <= 5  # the mentor, sectors, districts + base


def test_english_visitors_read_the_page_in_english(client):
    mentor = make_mentor()
    make_trainer(mentor.user)
    client.cookies["django_language"] = "en"

    html = page_of(client, mentor).content.decode()

    assert "Certified ToT trainer" in html and "Expertise" in html
    assert BADGE not in html


def test_a_logged_in_visitor_sees_the_same_page(client):
    mentor = make_mentor(display_name="Nguyễn Thị Đăng Nhập")
    client.force_login(UserFactory())

    assert "Nguyễn Thị Đăng Nhập" in page_of(client, mentor).content.decode()
