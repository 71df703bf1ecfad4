"""Practicum at clubs, certification with expiry and renewal, the public register (only what trainers agreed to
show) and the programme's reach."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clubs.services import ensure_editor_group
from tests.factories.clubs import club_kind, make_club
from tests.factories.portal import PASSWORD, AdministrativeUnitFactory, UserFactory, board_user
from tests.factories.training import NominationRoundFactory
from tests.factories.training_cohorts import completed_enrolment
from training.cohorts import services as cohort_services
from training.cohorts.enums import TrainerStatus
from training.cohorts.reach import programme_reach
from training.models import PracticumDelivery, TrainerProfile

pytestmark = pytest.mark.django_db


def login(client, user):
    user.set_password(PASSWORD)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)


def certified_trainer(board, name, unit=None, sectors=("du lịch số",), **fields):
    """`show_*` choices are recorded as the trainer's consent; other fields (contact details) are stored as they are."""
    consent = {key: fields.pop(key) for key in list(fields) if key in cohort_services.REGISTER_CONSENTS}
    enrolment = completed_enrolment(board=board, full_name=name)
    profile = enrolment.user.trainer_profile
    cohort_services.certify(profile, board, sectors=list(sectors))
    TrainerProfile.objects.filter(pk=profile.pk).update(unit=unit, **fields)
    profile.refresh_from_db()
    if consent:  # the trainer's own choices, through the one door (the consent service)
        cohort_services.record_register_consent(profile, **consent)
    return profile


def test_trainer_logs_practicum_and_club_editor_confirms_until_certified(client, site_tree):
    directory, _ = site_tree
    board = board_user()
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    enrolment = completed_enrolment(board=board, full_name="Hồ Quang Bửu")  # course requires 2 confirmed
    trainer = enrolment.user
    login(client, trainer)

    for day in (1, 2):
        response = client.post(
            "/ca-nhan/thuc-hanh/",
            {
                "date": f"2022-08-0{day}",
                "club": club.pk,
                "topic": "Tư duy khởi nghiệp",
                "role": "co",
                "participants": "35",
            },
        )
        assert response.status_code == 302
    future = client.post(
        "/ca-nhan/thuc-hanh/", {"date": "2099-01-01", "club": club.pk, "topic": "X", "role": "co", "participants": "1"}
    )
    assert "Ngày thực hành không thể ở tương lai" in future.content.decode()
    assert PracticumDelivery.objects.count() == 2

    editor = UserFactory()
    editor.groups.add(ensure_editor_group(club))
    outsider = UserFactory()
    first, second = PracticumDelivery.objects.order_by("date")
    client.logout()
    login(client, outsider)
    assert client.post(f"/tot/thuc-hanh/{first.pk}/xac-nhan/").status_code == 404
    client.logout()
    login(client, editor)
    assert first.topic in client.get("/tot/thuc-hanh/xac-nhan/").content.decode()
    client.post(f"/tot/thuc-hanh/{first.pk}/xac-nhan/")
    assert TrainerProfile.objects.get(user=trainer).status == TrainerStatus.PRACTICUM
    client.post(f"/tot/thuc-hanh/{second.pk}/xac-nhan/")

    profile = TrainerProfile.objects.get(user=trainer)
    assert profile.status == TrainerStatus.CERTIFIED
    assert profile.expires_on is not None


def test_certification_expires_and_is_renewed():
    board = board_user()
    profile = certified_trainer(board, "Lê Văn Gia Hạn")
    TrainerProfile.objects.filter(pk=profile.pk).update(expires_on=datetime.date(2024, 12, 31))
    profile.refresh_from_db()
    assert profile.is_expired(datetime.date(2025, 1, 1))

    cohort_services.renew(profile, board, months=24, today=datetime.date(2025, 1, 10))

    assert profile.expires_on == datetime.date(2027, 1, 10)
    assert profile.is_certified(datetime.date(2026, 6, 1))


def test_register_shows_only_consenting_certified_trainers_and_only_agreed_fields(client):
    board = board_user()
    tam_ky = AdministrativeUnitFactory(name="Tam Kỳ", slug="tam-ky")
    shown = certified_trainer(
        board,
        "Hồ Quang Bửu",
        unit=tam_ky,
        show_on_register=True,
        show_phone=True,
        public_phone="0905 111 222",
        public_email="buu@example.vn",
        show_email=False,
    )
    certified_trainer(board, "Trần Không Đồng Ý", unit=tam_ky, show_on_register=False)
    expired = certified_trainer(board, "Lê Hết Hạn", unit=tam_ky, show_on_register=True)
    TrainerProfile.objects.filter(pk=expired.pk).update(expires_on=datetime.date(2020, 1, 1))

    html = client.get("/tot/giang-vien/").content.decode()

    assert "Hồ Quang Bửu" in html and "Tam Kỳ" in html and "du lịch số" in html
    assert "0905 111 222" in html
    assert "buu@example.vn" not in html
    assert "Trần Không Đồng Ý" not in html
    assert "Lê Hết Hạn" not in html
    assert shown.enrolment.nomination.email not in html


def test_register_filters_by_sector_and_unit(client):
    board = board_user()
    hoi_an = AdministrativeUnitFactory(name="Hội An", slug="hoi-an")
    certified_trainer(board, "Người Du Lịch", unit=hoi_an, sectors=["du lịch số"], show_on_register=True)
    certified_trainer(board, "Người Nông Nghiệp", sectors=["nông nghiệp hữu cơ"], show_on_register=True)

    from taggit.models import Tag

    slug = Tag.objects.get(name="nông nghiệp hữu cơ").slug
    by_sector = client.get("/tot/giang-vien/", {"sector": slug}).content.decode()
    by_unit = client.get("/tot/giang-vien/", {"unit": "hoi-an"}).content.decode()

    assert "Người Nông Nghiệp" in by_sector and "Người Du Lịch" not in by_sector
    assert "Người Du Lịch" in by_unit and "Người Nông Nghiệp" not in by_unit


@pytest.mark.parametrize("typed", ["nông nghiệp hữu cơ", "Nong nghiep huu co"])
def test_register_filters_by_a_sectors_name_with_or_without_diacritics(client, typed):
    board = board_user()
    certified_trainer(board, "Người Du Lịch", sectors=["du lịch số"], show_on_register=True)
    certified_trainer(board, "Người Nông Nghiệp", sectors=["nông nghiệp hữu cơ"], show_on_register=True)

    html = client.get("/tot/giang-vien/", {"sector": typed}).content.decode()

    assert "Người Nông Nghiệp" in html and "Người Du Lịch" not in html
    assert "bỏ qua" not in html


@pytest.mark.parametrize("typed", ["lĩnh vực không có", "١٢", "9" * 30])
def test_an_unknown_sector_is_ignored_and_said_so_the_unit_still_filters(client, typed):
    board = board_user()
    hoi_an = AdministrativeUnitFactory(name="Hội An", slug="hoi-an")
    certified_trainer(board, "Người Du Lịch", unit=hoi_an, show_on_register=True)
    certified_trainer(board, "Người Nông Nghiệp", sectors=["nông nghiệp hữu cơ"], show_on_register=True)

    response = client.get("/tot/giang-vien/", {"sector": typed, "unit": "hoi-an"})

    html = response.content.decode()
    assert response.status_code == 200 and "Bộ lọc đã bỏ qua: Lĩnh vực." in html
    assert "Người Du Lịch" in html and "Người Nông Nghiệp" not in html


def test_the_sector_box_suggests_only_the_sectors_of_listed_trainers(client):
    board = board_user()
    certified_trainer(board, "Người Nông Nghiệp", sectors=["nông nghiệp hữu cơ"], show_on_register=True)
    certified_trainer(board, "Người Kín Đáo", sectors=["nông sản bí mật"], show_on_register=False)

    rows = client.get("/tot/giang-vien/goi-y/linh-vuc/", {"q": "nong"}).json()["results"]

    assert rows == [{"title": "nông nghiệp hữu cơ"}]
    html = client.get("/tot/giang-vien/").content.decode()
    box = html.split('name="sector"')[1].split("</div>")[0]
    assert "<option" not in box and 'data-options-url="/tot/giang-vien/goi-y/linh-vuc/"' in html
    assert "nông sản bí mật" not in client.get("/tot/giang-vien/", {"sector": "nông sản bí mật"}).content.decode()


def test_the_register_weighs_the_same_with_3_or_2000_sectors(client):
    from taggit.models import Tag

    from training.models import TrainerSector

    board = board_user()
    certified_trainer(board, "Người Nông Nghiệp", sectors=["nông nghiệp hữu cơ"], show_on_register=True)
    listed = certified_trainer(board, "Người Nhiều Lĩnh Vực", sectors=["chung"], show_on_register=True)
    AdministrativeUnitFactory(name="Điện Bàn", slug="dien-ban")

    def grow(total):
        have = Tag.objects.count()
        tags = Tag.objects.bulk_create(
            Tag(name=f"Lĩnh vực số {n}", slug=f"linh-vuc-so-{n}") for n in range(have, total)
        )
        TrainerSector.objects.bulk_create(TrainerSector(content_object=listed, tag=tag) for tag in tags)

    def weigh():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/tot/giang-vien/", {"unit": "dien-ban"})  # no card: only the form may grow
        return len(response.content), len(ctx.captured_queries)

    grow(3)
    weigh()
    small = weigh()
    grow(2000)
    large = weigh()
    assert abs(large[0] - small[0]) < 2000 and large[1] == small[1], (small, large)
    assert len(client.get("/tot/giang-vien/goi-y/linh-vuc/", {"q": "linh vuc"}).json()["results"]) == 10


def test_register_queries_do_not_grow_with_the_number_of_trainers(client):
    board = board_user()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tot/giang-vien/").status_code == 200
        return len(ctx.captured_queries)

    certified_trainer(board, "Giảng Viên Một", unit=AdministrativeUnitFactory(), show_on_register=True)
    count()  # warm the site and settings caches
    small = count()
    for n in range(6):
        certified_trainer(
            board,
            f"Giảng Viên Thêm {n}",
            unit=AdministrativeUnitFactory(),
            sectors=[f"lĩnh vực {n}", "chung"],
            show_on_register=True,
        )
    assert count() == small


def test_programme_reach_counts_trainers_deliveries_and_people_by_unit_and_kind(site_tree):
    directory, _ = site_tree
    board = board_user()
    district = make_club(directory, kind=club_kind("cap-huyen", "CLB cấp huyện"))
    school = make_club(directory, kind=club_kind("thpt", "CLB học sinh THPT"))
    profile = certified_trainer(board, "Hồ Quang Bửu")
    certified_trainer(board, "Nguyễn Thị Ánh")
    NominationRoundFactory(target_trainers=50, target_year=2025)  # the latest round sets the target
    for club, participants, confirmed in [(district, 30, True), (school, 45, True), (school, 99, False)]:
        PracticumDelivery.objects.create(
            trainer=profile,
            date=datetime.date(2022, 9, 1),
            club=club,
            topic="Khởi nghiệp",
            participants=participants,
            confirmed_by=board if confirmed else None,
            confirmed_at=datetime.datetime(2022, 9, 2, tzinfo=datetime.UTC) if confirmed else None,
        )

    with CaptureQueriesContext(connection) as ctx:
        reach = programme_reach()

    assert len(ctx.captured_queries) <= 5
    assert (reach["certified"], reach["target"], reach["target_year"], reach["percent"]) == (2, 50, 2025, 4)
    assert (reach["deliveries"], reach["participants"], reach["active_trainers"]) == (2, 75, 1)
    assert [(r["label"], r["deliveries"], r["participants"]) for r in reach["by_kind"]] == [
        ("CLB cấp huyện", 1, 30),
        ("CLB học sinh THPT", 1, 45),
    ]
    assert sum(r["participants"] for r in reach["by_unit"]) == 75


def test_consent_form_changes_what_the_register_shows(client):
    board = board_user()
    profile = certified_trainer(board, "Võ Minh Khôi")
    login(client, profile.user)
    assert "<h3>Võ Minh Khôi</h3>" not in client.get("/tot/giang-vien/").content.decode()

    client.post(
        "/ca-nhan/ho-so-giang-vien/", {"workplace": "Sở KH&CN", "show_on_register": "on", "show_workplace": "on"}
    )

    html = client.get("/tot/giang-vien/").content.decode()
    assert "<h3>Võ Minh Khôi</h3>" in html and "Sở KH&amp;CN" in html


def test_the_register_shows_a_page_at_a_time_whatever_the_number_of_trainers(client):
    """Issue 14 item 3: the register is bounded; the count is the whole register's, the rest on the next pages."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from training.cohorts.views import REGISTER_PAGE_SIZE

    unit = AdministrativeUnitFactory(name="Thăng Bình")

    def grow(start, total):
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"dk{n}", email=f"dk{n}@example.vn") for n in range(start, total)
        )
        TrainerProfile.objects.bulk_create(
            TrainerProfile(
                user=user,
                display_name=f"Giảng viên {n:04d}",
                unit=unit,
                status=TrainerStatus.CERTIFIED,
                show_on_register=True,
                register_consent_at=timezone.now(),
            )
            for n, user in zip(range(start, total), users, strict=True)
        )

    def weigh(**params):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/tot/giang-vien/", params)
        return response.content.decode(), len(ctx.captured_queries)

    grow(0, REGISTER_PAGE_SIZE + 1)
    weigh()
    small, small_queries = weigh()
    grow(REGISTER_PAGE_SIZE + 1, 400)
    large, large_queries = weigh()
    assert large.count('class="card"') == small.count('class="card"') == REGISTER_PAGE_SIZE
    assert abs(len(large) - len(small)) < 200 and large_queries == small_queries
    assert "400 giảng viên" in large and 'rel="next"' in large
    last, _ = weigh(page="99")  # past the end: the last page, not an error
    assert last.count('class="card"') == 400 % REGISTER_PAGE_SIZE and "Giảng viên 0399" in last
    assert "Thăng Bình" in last  # the unit is headed again on its later pages
