from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.enums import RegistrationStatus
from events.errors import RegistrationError
from events.models import Registration
from tests.factories.events import cancel_on_the_confirmation_page, make_event, registration_data, study_tour_kind
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def post_registration(client, event, **overrides):
    data = {**registration_data(), "consent": "on", **overrides}
    return client.post(f"{event.url}dang-ky/", data)


def test_visitor_registers_gets_vietnamese_email_with_ics_and_sees_confirmation(client, events_index, committed):
    event = make_event(events_index, title="Hội nghị mạng lưới CLB khởi nghiệp năm 2026", capacity=100)

    with committed():  # the e-mail is a task enqueued once the registration is committed
        response = post_registration(client, event, full_name="Nguyễn Thị Bích", email="Bich@Example.vn")

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dang-ky/{registration.token}/"
    assert (registration.full_name, registration.email, registration.status) == (
        "Nguyễn Thị Bích", "bich@example.vn", RegistrationStatus.CONFIRMED)
    assert registration.consent_at is not None
    [message] = mail.outbox
    assert message.to == ["bich@example.vn"]
    assert message.subject == "Xác nhận đăng ký: Hội nghị mạng lưới CLB khởi nghiệp năm 2026"
    assert "Kính gửi Nguyễn Thị Bích" in message.body
    assert f"/dang-ky/{registration.token}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar; charset=utf-8"
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@khoinghiep.quangnam.gov.vn"
    page = client.get(response["Location"])
    assert "Đã xác nhận" in page.content.decode()
    assert "Đăng ký thành công" in page.content.decode()


def test_logged_in_participant_registration_is_tied_to_the_account(client, events_index):
    user = UserFactory(email="thamdu@example.vn")
    client.force_login(user)
    event = make_event(events_index)

    post_registration(client, event, email="thamdu@example.vn")

    assert Registration.objects.get().user == user
    assert "Bạn đã đăng ký sự kiện này" in client.get(event.url).content.decode()


def test_same_email_twice_is_one_place_with_a_clear_message(client, events_index):
    event = make_event(events_index)
    post_registration(client, event, email="an@example.vn")

    response = post_registration(client, event, email="AN@example.vn ")

    assert response.status_code == 200
    assert "đã đăng ký sự kiện này rồi" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"email": "khong-phai-email"}, "Hãy nhập địa chỉ thư điện tử hợp lệ."),
        ({"phone": "12345"}, "Số điện thoại không hợp lệ"),
        ({"phone": "09051234567890"}, "Số điện thoại không hợp lệ"),
        ({"consent": ""}, "Cần có sự đồng ý của bạn"),
        ({"full_name": " "}, "Trường này là bắt buộc."),
    ],
)
def test_invalid_input_shows_an_error_and_saves_nothing(client, events_index, overrides, error):
    event = make_event(events_index)

    response = post_registration(client, event, **overrides)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert Registration.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "window, message",
    [
        ({"registration_opens": timedelta(days=2)}, "Chưa đến thời gian đăng ký"),
        ({"registration_closes": timedelta(days=-1)}, "Đã hết hạn đăng ký"),
    ],
)
def test_registration_outside_its_window_is_refused(client, events_index, window, message):
    now = timezone.now()
    event = make_event(events_index, **{key: now + delta for key, delta in window.items()})

    response = post_registration(client, event)

    assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_cancelled_event_takes_no_registration(events_index):
    event = make_event(events_index)
    services.cancel_event(event)

    with pytest.raises(RegistrationError, match="Sự kiện đã bị hủy"):
        services.register(event, **registration_data())
    assert Registration.objects.count() == 0


def test_full_event_waitlists_and_a_cancellation_promotes_by_email_with_ics(client, events_index, committed):
    event = make_event(events_index, title="Hội thảo chuyển đổi số", capacity=2)
    with committed():
        first = services.register(event, **registration_data(1))
        services.register(event, **registration_data(2))
        waiting = services.register(event, **registration_data(3, full_name="Võ Đức Trí", email="tri@example.vn"))
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert mail.outbox[-1].subject == "Đã vào danh sách chờ: Hội thảo chuyển đổi số"
    mail.outbox.clear()

    with committed():
        response = cancel_on_the_confirmation_page(client, first)

    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED and waiting.promoted_at is not None
    promoted_mail = next(m for m in mail.outbox if m.to == ["tri@example.vn"])
    assert promoted_mail.subject == "Bạn đã có chỗ tham dự: Hội thảo chuyển đổi số"
    assert promoted_mail.attachments[0][0].endswith(".ics")
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2


def test_never_over_capacity(events_index):
    event = make_event(events_index, capacity=3)

    statuses = [services.register(event, **registration_data(n)).status for n in range(6)]

    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 3


def test_raising_capacity_in_the_editor_promotes_the_waiting_list(events_index):
    event = make_event(events_index, capacity=1)
    services.register(event, **registration_data(1))
    waiting = services.register(event, **registration_data(2))

    event.capacity = 2
    event.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_wrong_registration_token_is_404(client):
    assert client.get("/dang-ky/khong-ton-tai/").status_code == 404


def test_cancel_from_account_page_lists_own_registrations_only(client, events_index):
    me = UserFactory(email="toi@example.vn")
    event = make_event(events_index, title="Ngày hội khởi nghiệp")
    mine = services.register(event, **registration_data(email="toi@example.vn"))
    services.register(event, **registration_data(full_name="Người Khác", email="khac@example.vn"))
    client.force_login(me)

    html = client.get("/ca-nhan/su-kien/").content.decode()

    assert f"/dang-ky/{mine.token}/" in html
    assert "khac@example.vn" not in html and "Người Khác" not in html


def test_delegates_only_study_tour_admits_only_nominated_people(events_index):
    tour = make_event(events_index, kind=study_tour_kind(), delegates_only=True)
    services.nominate_delegate(tour, full_name="Phan Thanh Phương", email="phuong@example.vn")

    with pytest.raises(RegistrationError, match="chỉ dành cho thành viên đoàn"):
        services.register(tour, **registration_data(email="la@example.vn"))
    registration = services.register(tour, **registration_data(email="Phuong@example.vn"))

    assert registration.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.count() == 1


def test_reschedule_mails_registrants_an_updated_ics(events_index, committed):
    event = make_event(events_index, title="Hội thảo OCOP")
    services.register(event, **registration_data(email="a@example.vn"))
    mail.outbox.clear()

    with committed():
        services.reschedule_event(event, start=event.start + timedelta(days=1), end=event.end + timedelta(days=1))

    [message] = mail.outbox
    assert message.subject == "Thay đổi lịch: Hội thảo OCOP"
    [vevent] = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1


def test_editor_publishing_a_new_time_mails_registrants_once(events_index, committed):
    event = make_event(events_index, title="Hội thảo OCOP")
    services.register(event, **registration_data(email="a@example.vn"))
    mail.outbox.clear()

    event.summary = "Chỉ sửa lời giới thiệu"
    with committed():
        event.save_revision().publish()
    assert mail.outbox == []

    event.start += timedelta(hours=2)
    event.end += timedelta(hours=2)
    with committed():
        event.save_revision().publish()
    with committed():
        event.save_revision().publish()  # republishing the same time is not news

    [message] = mail.outbox
    assert message.subject == "Thay đổi lịch: Hội thảo OCOP"
