"""Decree 13/2023: consent is asked, with its purpose, wherever personal data is collected; without it nothing
is saved, and with it the time and the notice agreed to are recorded."""

import pytest
from django.utils import timezone

from events.models import Delegate, Registration
from portal.personal_data import notices
from tests.factories.events import event_index, make_event, registration_data, study_tour_kind
from tests.factories.portal import AgencyFactory, nominator
from tests.factories.training import NominationRoundFactory, invite
from training.models import Nomination

pytestmark = pytest.mark.django_db

CANDIDATE = {
    "full_name": "Trần Thị Bích Ngọc",
    "gender": "nu",
    "date_of_birth": "1990-04-12",
    "position": "Phó Trưởng phòng",
    "workplace": "Phòng Kinh tế thành phố Tam Kỳ",
    "phone": "0905 123 456",
    "email": "ngoc.tran@example.vn",
}


@pytest.fixture
def agency_client(client):
    round_ = NominationRoundFactory()
    user = nominator()
    invite(round_, user.agency, quota=2)
    client.force_login(user)
    client.round = round_
    return client


def test_nomination_form_states_the_purpose_next_to_the_checkbox(agency_client):
    page = agency_client.get(f"/tot/de-cu/dot/{agency_client.round.pk}/them/").content.decode()
    assert 'name="consent"' in page
    assert "nhằm mục đích tuyển chọn, đào tạo" in page
    assert "Nghị định 13/2023/NĐ-CP" in page
    assert "cho đến khi người có dữ liệu yêu cầu xóa" in page


def test_nomination_without_consent_is_refused_and_saves_nothing(agency_client):
    response = agency_client.post(f"/tot/de-cu/dot/{agency_client.round.pk}/them/", CANDIDATE)
    assert response.status_code == 200
    assert "Cần xác nhận ứng viên đã đồng ý" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nomination_with_consent_records_time_and_notice(agency_client):
    before = timezone.now()
    response = agency_client.post(f"/tot/de-cu/dot/{agency_client.round.pk}/them/", {**CANDIDATE, "consent": "on"})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.consent_notice == notices.NOMINATION.reference == "de-cu/2026-11"
    assert before <= nomination.consent_at <= timezone.now()
    assert notices.text_of(nomination.consent_notice).startswith("Cơ quan xác nhận ứng viên đã được thông báo")
    detail = agency_client.get(f"/tot/de-cu/ho-so/{nomination.pk}/").content.decode()
    assert f"<dd data-consent>{timezone.localtime(nomination.consent_at):%H:%M %d/%m/%Y}</dd>" in detail


def test_editing_keeps_the_first_consent_time(agency_client):
    agency_client.post(f"/tot/de-cu/dot/{agency_client.round.pk}/them/", {**CANDIDATE, "consent": "on"})
    nomination = Nomination.objects.get()
    first = nomination.consent_at
    page = agency_client.get(f"/tot/de-cu/ho-so/{nomination.pk}/sua/").content.decode()
    assert "checked" in page.split('name="consent"')[1].split(">")[0]
    without = agency_client.post(f"/tot/de-cu/ho-so/{nomination.pk}/sua/", {**CANDIDATE, "position": "Trưởng phòng"})
    assert without.status_code == 200
    assert Nomination.objects.get().position == "Phó Trưởng phòng"
    edited = {**CANDIDATE, "position": "Trưởng phòng", "consent": "on"}
    agency_client.post(f"/tot/de-cu/ho-so/{nomination.pk}/sua/", edited)
    nomination.refresh_from_db()
    assert (nomination.position, nomination.consent_at) == ("Trưởng phòng", first)


@pytest.fixture
def event(home):
    return make_event(event_index(home), title="Hội nghị mạng lưới CLB khởi nghiệp")


def test_registration_notice_states_purpose_and_retention(client, event):
    page = client.get(event.url).content.decode()
    assert "nhằm mục đích" in page and "tổ chức sự kiện này" in page
    assert "cho đến khi người có dữ liệu yêu cầu xóa" in page


def test_registration_without_consent_is_refused_and_saves_nothing(client, event):
    response = client.post(f"{event.url}dang-ky/", registration_data())
    assert "Cần có sự đồng ý của bạn" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_records_consent_time_and_notice(client, event):
    client.post(f"{event.url}dang-ky/", {**registration_data(), "consent": "on"})
    registration = Registration.objects.get()
    assert registration.consent_at is not None
    assert registration.consent_notice == notices.REGISTRATION.reference


@pytest.fixture
def tour(home):
    return make_event(event_index(home), title="Đoàn khảo sát Huế", kind=study_tour_kind(), delegates_only=True)


def test_delegate_without_consent_is_refused_and_saves_nothing(client, tour):
    client.force_login(nominator(AgencyFactory()))
    page = client.get(f"/doan-cong-tac/{tour.pk}/").content.decode()
    assert "nhằm mục đích tổ chức chuyến công tác" in page
    response = client.post(f"/doan-cong-tac/{tour.pk}/", {"full_name": "Lê Thị Hoa", "email": "hoa@example.vn"})
    assert response.status_code == 200
    assert "Cần xác nhận người được cử đã đồng ý" in response.content.decode()
    assert not Delegate.objects.exists()


def test_delegate_consent_is_recorded(client, tour):
    client.force_login(nominator(AgencyFactory()))
    client.post(f"/doan-cong-tac/{tour.pk}/", {"full_name": "Lê Thị Hoa", "email": "hoa@example.vn", "consent": "on"})
    delegate = Delegate.objects.get()
    assert delegate.consent_at is not None and delegate.consent_notice == notices.DELEGATE.reference


def test_trainer_register_consent_states_purpose_and_records_when_changed(client):
    from tests.factories.portal import board_user
    from tests.training.cohorts.test_trainers import certified_trainer

    profile = certified_trainer(board_user(), "Võ Minh Khôi")
    client.force_login(profile.user)
    page = client.get("/ca-nhan/ho-so-giang-vien/").content.decode()
    assert "nhằm mục đích để các câu lạc bộ và cơ quan liên hệ mời bạn giảng dạy" in page
    client.post("/ca-nhan/ho-so-giang-vien/", {"workplace": "Sở KH&CN"})
    profile.refresh_from_db()
    assert profile.register_consent_at is None  # nothing agreed to changed
    client.post("/ca-nhan/ho-so-giang-vien/", {"workplace": "Sở KH&CN", "show_on_register": "on"})
    profile.refresh_from_db()
    assert profile.register_consent_at is not None and profile.show_on_register


def test_board_naming_a_delegate_in_the_admin_declares_consent_too(client, tour):
    from tests.factories.portal import board_user

    board = board_user()
    client.force_login(board)
    url = "/admin/snippets/events/delegate/add/"
    page = client.get(url).content.decode()
    assert "nhằm mục đích tổ chức chuyến công tác" in page
    data = {"event": tour.pk, "full_name": "Lê Thị Hoa", "email": "hoa@example.vn", "position": ""}
    assert client.post(url, data).status_code == 200
    assert not Delegate.objects.exists()
    client.post(url, {**data, "consent": "on"})
    delegate = Delegate.objects.get()
    assert delegate.consent_at is not None and delegate.consent_notice == notices.DELEGATE.reference
    assert delegate.nominated_by == board
