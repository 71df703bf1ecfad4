"""Renewal of a source trainer's certification, with the clock frozen at its boundaries: valid through the
expiry day inclusive, the reminder window's first day (CERTIFICATION_RENEWAL_NOTICE_DAYS before expiry), one
reminder per period; the trainer's request from /tot/ with the deliveries since certification, the Board's
approval (new expiry, new certificate superseding the old one, which verifies as superseded, not revoked) and
refusal (the reason shown to the trainer). Through HTTP where a person would act."""

import datetime
import io
import unicodedata

import pypdf
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from tests.clock import local_datetime
from tests.factories.clubs import make_club
from tests.factories.portal import PASSWORD, UserFactory, board_user
from tests.factories.training_cohorts import completed_enrolment
from training.certificates import renewals
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind, RenewalStatus
from training.cohorts import services as cohort_services
from training.cohorts.services import CohortError
from training.models import Certificate, ExpiryReminder, PracticumDelivery, RenewalRequest, TrainerProfile

pytestmark = pytest.mark.django_db

RENEWAL_URL = "/ca-nhan/ho-so-giang-vien/gia-han/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, user):
    user.set_password(PASSWORD)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)


def pdf_text(body):
    return unicodedata.normalize("NFC", pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text())


@pytest.fixture
def trainer(clock, site_tree):
    """Hồ Quang Bửu, certified on 01/08/2022 for 36 months (valid through 01/08/2025), with his certification
    certificate; one delivery before certification, two after (one confirmed)."""
    directory, _news = site_tree
    clock.at("01/08/2022 09:00")
    board = board_user(email="bandieuhanh@example.vn")
    enrolment = completed_enrolment(board=board, full_name="Hồ Quang Bửu", email="buu@example.vn")
    profile = enrolment.user.trainer_profile
    cohort_services.certify(profile, board, sectors=["du lịch số"])
    (certificate,) = certificates.issue_for_cohort(enrolment.cohort, CertificateKind.CERTIFICATION, board)
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    before = PracticumDelivery.objects.create(
        trainer=profile, date=datetime.date(2022, 7, 20), club=club, topic="Trước công nhận", participants=10
    )
    first = PracticumDelivery.objects.create(
        trainer=profile, date=datetime.date(2023, 3, 10), club=club, topic="Mô hình kinh doanh", participants=25
    )
    second = PracticumDelivery.objects.create(
        trainer=profile, date=datetime.date(2024, 11, 2), club=club, topic="Gọi vốn cộng đồng", participants=40
    )
    confirmed_at = local_datetime("10/03/2023 17:00")
    PracticumDelivery.objects.filter(pk=first.pk).update(confirmed_at=confirmed_at, confirmed_by=board)
    profile.refresh_from_db()
    profile.user.email = "buu@example.vn"
    profile.user.save()
    return {
        "profile": profile, "user": profile.user, "board": board, "certificate": certificate,
        "before": before, "first": first, "second": second, "club": club,
    }


def test_the_setting_and_the_fixture_agree_on_the_dates(trainer, settings):
    assert settings.CERTIFICATION_RENEWAL_NOTICE_DAYS == 60
    assert trainer["profile"].expires_on == datetime.date(2025, 8, 1)
    assert trainer["certificate"].expires_on == datetime.date(2025, 8, 1)


def test_a_certification_is_valid_through_its_expiry_day_inclusive(trainer, clock, client):
    profile, certificate = trainer["profile"], trainer["certificate"]

    clock.at("01/08/2025 23:59:59")
    assert profile.is_certified() and not profile.is_expired()
    assert certificates.verify(certificate.code)[0] == certificates.VALID
    assert TrainerProfile.objects.certified().filter(pk=profile.pk).exists()

    clock.at("02/08/2025 00:00")
    assert not profile.is_certified() and profile.is_expired()
    assert certificates.verify(certificate.code)[0] == certificates.EXPIRED
    assert not TrainerProfile.objects.certified().filter(pk=profile.pk).exists()
    page = client.get(f"/tot/xac-minh/{certificate.code}/").content.decode()
    assert 'data-state="expired"' in page and "01/08/2025" in page


def test_the_reminder_starts_on_the_windows_first_day_and_is_sent_once_per_period(trainer, clock):
    # 60 days before 01/08/2025 is 02/06/2025: the window's first day.
    clock.at("01/06/2025 23:59")
    call_command("remind_certification_expiries", stdout=io.StringIO())
    assert mail.outbox == [] and not ExpiryReminder.objects.exists()

    clock.at("02/06/2025 00:00")
    out = io.StringIO()
    call_command("remind_certification_expiries", stdout=out)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buu@example.vn"]
    assert "bandieuhanh@example.vn" in message.cc  # the Board is told too
    assert "sắp hết hiệu lực (01/08/2025)" in message.subject
    assert "còn hiệu lực đến hết ngày 01/08/2025" in message.body
    assert RENEWAL_URL in message.body
    assert "Hồ Quang Bửu: đã nhắc" in out.getvalue()

    clock.at("03/06/2025 08:00")  # the next day's run: already reminded for this period
    out = io.StringIO()
    call_command("remind_certification_expiries", stdout=out)
    assert len(mail.outbox) == 1
    assert "Đã nhắc 0 giảng viên; 1 đã được nhắc trước đó." in out.getvalue()
    assert ExpiryReminder.objects.get().expires_on == datetime.date(2025, 8, 1)


def test_the_window_ends_with_the_expiry_day(trainer, clock):
    clock.at("01/08/2025 12:00")
    assert list(renewals.upcoming_expiries()) == [trainer["profile"]]
    clock.at("02/08/2025 00:00")
    assert list(renewals.upcoming_expiries()) == []


def test_the_scheduler_runs_the_reminder_daily():
    from portal.management.commands.run_scheduler import DAILY

    assert "remind_certification_expiries" in DAILY


def test_the_board_sees_upcoming_expiries_in_the_admin(trainer, clock, client):
    clock.at("15/06/2025 09:00")
    client.force_login(trainer["board"])
    page = client.get(reverse("gia-han-cong-nhan:index")).content.decode()
    assert 'data-list="upcoming"' in page
    assert "Hồ Quang Bửu" in page and "01/08/2025" in page
    dashboard = client.get("/admin/").content.decode()
    assert 'id="board-renewals"' in dashboard or "board-renewals" in dashboard
    assert "1 chứng nhận hết hiệu lực trong 60 ngày tới." in dashboard
    clock.at("01/06/2025 09:00")  # the day before the window opens
    client.force_login(trainer["board"])
    assert "Không có chứng nhận nào hết hiệu lực trong 60 ngày tới." in client.get("/admin/").content.decode()

    client.force_login(UserFactory())
    assert client.get(reverse("gia-han-cong-nhan:index")).status_code in (302, 403)


def test_request_approve_gives_a_new_certificate_that_supersedes_the_old(trainer, clock, client):
    profile, old = trainer["profile"], trainer["certificate"]
    old_pdf = certificates.certificate_pdf(old)[0]
    clock.at("20/06/2025 10:00")
    login(client, trainer["user"])

    consent = client.get(reverse("training:trainer_consent")).content.decode()
    assert RENEWAL_URL in consent  # the trainer's existing page links to the request

    page = client.get(RENEWAL_URL).content.decode()
    assert "Mô hình kinh doanh" in page and "Gọi vốn cộng đồng" in page
    assert "Trước công nhận" not in page  # only deliveries since certification are evidence

    response = client.post(
        RENEWAL_URL, {"deliveries": [trainer["first"].pk, trainer["second"].pk], "note": "Đã dạy 2 lớp ở Tam Kỳ"}
    )
    assert response.status_code == 302
    request = RenewalRequest.objects.get()
    assert request.status == RenewalStatus.PENDING
    assert set(request.deliveries.all()) == {trainer["first"], trainer["second"]}
    assert request.note == "Đã dạy 2 lớp ở Tam Kỳ"

    again = client.post(RENEWAL_URL, {"deliveries": [trainer["first"].pk]})  # twice while one is pending
    assert RenewalRequest.objects.count() == 1
    assert "đang chờ xét duyệt" in again.content.decode()
    with pytest.raises(CohortError, match="đang chờ xét duyệt"):
        renewals.request_renewal(trainer["user"], [trainer["first"]])

    client.force_login(trainer["board"])
    listing = client.get(reverse("gia-han-cong-nhan:index")).content.decode()
    assert reverse("gia-han-cong-nhan:review", args=[request.pk]) in listing
    review = client.get(reverse("gia-han-cong-nhan:review", args=[request.pk])).content.decode()
    assert "Gọi vốn cộng đồng" in review and "Đã dạy 2 lớp ở Tam Kỳ" in review
    clock.at("25/06/2025 14:00")
    client.force_login(trainer["board"])  # a new day, a new log-in
    response = client.post(reverse("gia-han-cong-nhan:review", args=[request.pk]), {"action": "approve"})
    assert response.status_code == 302

    profile.refresh_from_db()
    old.refresh_from_db()
    (message,) = get_messages(response.wsgi_request)
    assert str(message).endswith(f"đến {profile.expires_on:%d/%m/%Y}.")  # the new expiry, not the one before
    request.refresh_from_db()
    new = request.new_certificate
    assert profile.expires_on == datetime.date(2028, 8, 1)  # 36 months from the old expiry, not from today
    assert profile.renewed_on == datetime.date(2025, 6, 25)
    assert request.status == RenewalStatus.APPROVED and request.decided_by == trainer["board"]
    assert new.replaces == old and new.kind == CertificateKind.CERTIFICATION
    assert new.expires_on == datetime.date(2028, 8, 1) and new.serial != old.serial
    assert old.revoked_at is None and old.superseded_at is not None  # superseded, not revoked
    assert list(Certificate.objects.valid().filter(holder=profile.user)) == [new]

    assert certificates.verify(old.code)[0] == certificates.SUPERSEDED
    assert certificates.verify(new.code)[0] == certificates.VALID
    client.logout()
    page = client.get(f"/tot/xac-minh/{old.code}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-state="superseded"' in body
    assert f"Đã được thay thế bởi giấy chứng nhận số {new.serial}" in body
    assert "Đã thu hồi" not in body

    new_text = pdf_text(certificates.certificate_pdf(new)[0])
    assert new.serial in new_text and "01/08/2028" in new_text
    assert certificates.certificate_pdf(new)[0] == certificates.certificate_pdf(new)[0]  # its own frozen snapshot
    assert certificates.certificate_pdf(old)[0] == old_pdf  # the old one unchanged

    login(client, trainer["user"])
    page = client.get(RENEWAL_URL).content.decode()
    assert new.serial in page and 'data-renewal-status="approved"' in page
    mine = client.get(reverse("portal:certificates")).content.decode()
    assert "data-superseded" in mine and "Đã thu hồi" not in mine


def test_a_renewal_opens_a_new_reminder_period(trainer, clock):
    clock.at("02/06/2025 08:00")
    renewals.remind_expiries()
    request = renewals.request_renewal(trainer["user"], [trainer["second"]])
    renewals.approve(request, trainer["board"])
    clock.at("02/06/2028 08:00")  # 60 days before the new expiry, 01/08/2028
    reminded, _already = renewals.remind_expiries()
    assert reminded == [trainer["profile"]]
    assert ExpiryReminder.objects.count() == 2


def test_refusal_needs_a_reason_and_the_trainer_sees_it(trainer, clock, client):
    clock.at("20/06/2025 10:00")
    request = renewals.request_renewal(trainer["user"], [trainer["first"]], "Xin gia hạn")
    client.force_login(trainer["board"])
    url = reverse("gia-han-cong-nhan:review", args=[request.pk])

    blank = client.post(url, {"action": "refuse", "reason": "   "})
    assert blank.status_code == 200
    request.refresh_from_db()
    assert request.status == RenewalStatus.PENDING

    assert client.post(url, {"action": "refuse", "reason": "Chưa đủ số buổi giảng dạy"}).status_code == 302
    request.refresh_from_db()
    trainer["profile"].refresh_from_db()
    assert request.status == RenewalStatus.REFUSED
    assert trainer["profile"].expires_on == datetime.date(2025, 8, 1)  # nothing extended
    assert certificates.verify(trainer["certificate"].code)[0] == certificates.VALID
    with pytest.raises(CohortError, match="đã được xét"):
        renewals.approve(request, trainer["board"])
    late = client.post(url, {"action": "approve"})  # a second tab still showing the buttons
    assert late.status_code == 200 and "Đề nghị này đã được xét." in late.content.decode()
    trainer["profile"].refresh_from_db()
    assert trainer["profile"].expires_on == datetime.date(2025, 8, 1)

    login(client, trainer["user"])
    page = client.get(RENEWAL_URL).content.decode()
    assert "Chưa đủ số buổi giảng dạy" in page and 'data-renewal-status="refused"' in page
    assert client.post(RENEWAL_URL, {"deliveries": [trainer["second"].pk]}).status_code == 302  # may ask again
    assert RenewalRequest.objects.filter(status=RenewalStatus.PENDING).count() == 1


def test_a_non_trainer_cannot_request_and_nobody_offers_anothers_deliveries(trainer, clock, client):
    clock.at("20/06/2025 10:00")
    stranger = UserFactory()
    login(client, stranger)
    assert client.get(RENEWAL_URL).status_code == 404
    assert client.post(RENEWAL_URL, {"deliveries": [trainer["first"].pk]}).status_code == 404
    with pytest.raises(CohortError, match="Chỉ giảng viên nguồn"):
        renewals.request_renewal(stranger, [trainer["first"]])
    with pytest.raises(CohortError):
        renewals.request_renewal(trainer["user"], [trainer["before"]])  # before certification: not evidence
    assert not RenewalRequest.objects.exists()

    client.logout()
    assert client.get(RENEWAL_URL).status_code == 302  # to the log-in page


def test_only_the_board_decides(trainer, clock):
    clock.at("20/06/2025 10:00")
    request = renewals.request_renewal(trainer["user"], [trainer["first"]])
    with pytest.raises(CohortError):
        renewals.approve(request, trainer["user"])
    with pytest.raises(CohortError):
        renewals.refuse(request, UserFactory(), "Không")
    request.refresh_from_db()
    assert request.status == RenewalStatus.PENDING


def test_a_renewal_request_is_part_of_the_trainers_personal_data(trainer, clock):
    from portal.personal_data.service import Person, erase_person, export_person

    clock.at("20/06/2025 10:00")
    request = renewals.request_renewal(trainer["user"], [trainer["first"]], "Tôi dạy ở Tam Kỳ, số điện thoại 0905")
    renewals.refuse(request, trainer["board"], "Chưa đủ buổi")
    person = Person.lookup(user=trainer["user"])

    rows = export_person(person, trainer["board"])["Dữ liệu"]["Đề nghị gia hạn công nhận"]
    assert [row["Ghi chú của giảng viên"] for row in rows] == ["Tôi dạy ở Tam Kỳ, số điện thoại 0905"]

    erase_person(person, trainer["board"], reference="YC-2025-01")
    request.refresh_from_db()
    assert (request.note, request.reason, request.status) == ("", "", RenewalStatus.REFUSED)  # the row stays


def test_the_command_lists_without_sending(trainer, clock):
    clock.at("15/06/2025 09:00")
    out = io.StringIO()
    call_command("remind_certification_expiries", "--list", stdout=out)
    assert "01/08/2025  Hồ Quang Bửu" in out.getvalue()
    assert mail.outbox == [] and not ExpiryReminder.objects.exists()
