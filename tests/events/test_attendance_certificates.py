"""Certificates of attendance: issued by the Board in the admin to those marked present, downloaded by the holder
from "my events", verified on the public page, all driven through HTTP."""

import io
import unicodedata
from datetime import timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from events import attendance_certificates, services
from events.enums import RegistrationStatus
from events.errors import EventError
from events.models import EventPage, Registration
from portal import roles
from tests.clock import local_datetime
from tests.factories.events import make_event, registration_data
from tests.factories.portal import UserFactory, board_user
from training.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = board_user(username="bandieuhanh")
    client.force_login(user)
    return user


def held_yesterday(event):
    """Registration closes when an event starts, so people register first and the event is moved back after."""
    start = timezone.now() - timedelta(days=1)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=8))
    event.refresh_from_db()
    return event


@pytest.fixture
def conference(events_index):
    """Three confirmed registrants (two with accounts), one waitlisted; Lan and Minh marked present, Hùng absent."""
    event = make_event(events_index, title="Hội nghị mạng lưới CLB khởi nghiệp năm 2026", capacity=3)
    lan_user = UserFactory(groups=[roles.PARTICIPANTS], email="lan@example.vn")
    hung_user = UserFactory(groups=[roles.PARTICIPANTS], email="hung@example.vn")
    lan = services.register(event, user=lan_user, **registration_data(full_name="Nguyễn Thị Lan Hương",
                                                                      email="lan@example.vn"))
    hung = services.register(event, user=hung_user, **registration_data(full_name="Trần Văn Hùng",
                                                                        email="hung@example.vn"))
    minh = services.register(event, **registration_data(full_name="Lê Quang Minh", email="minh@example.vn"))
    waiting = services.register(event, **registration_data(full_name="Phạm Thu Trang", email="trang@example.vn"))
    assert waiting.status == RegistrationStatus.WAITLISTED
    held_yesterday(event)
    services.mark_attendance([lan, minh], attended=True)
    Registration.objects.filter(pk=waiting.pk).update(attended=True)  # present but never given a place
    return {"event": event, "lan": lan, "hung": hung, "minh": minh, "waiting": waiting,
            "lan_user": lan_user, "hung_user": hung_user}


def issue_url(event):
    return reverse("events_certificates", args=[event.pk])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_board_issues_certificates_only_to_confirmed_registrants_marked_present(client, board, conference):
    event = conference["event"]
    index = client.get(reverse("events_certificates_index"))
    assert issue_url(event) in index.content.decode()
    page = client.get(issue_url(event))
    assert page.status_code == 200
    assert "2 người có mặt · đã cấp 0 giấy chứng nhận · còn 2 người chưa được cấp" in page.content.decode()

    response = client.post(issue_url(event), follow=True)

    assert messages_of(response) == ["Đã cấp 2 giấy chứng nhận tham dự."]
    issued = Certificate.objects.order_by("holder_name")
    year = timezone.localdate().year
    assert [(c.holder_name, c.kind, c.title, c.reference, c.holder_id) for c in issued] == [
        ("Lê Quang Minh", "attendance", event.title, f"events.registration:{conference['minh'].pk}", None),
        ("Nguyễn Thị Lan Hương", "attendance", event.title, f"events.registration:{conference['lan'].pk}",
         conference["lan_user"].pk),
    ]
    assert sorted(c.serial for c in issued) == [f"SK-{year}-0001", f"SK-{year}-0002"]
    assert all(c.issued_by_id == board.pk for c in issued)
    assert "đã cấp 2 giấy chứng nhận · còn 0 người chưa được cấp" in response.content.decode()


def test_each_holder_gets_an_email_with_their_pdf_and_the_verification_link(
    client, board, conference, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()  # the registration confirmations

    with django_capture_on_commit_callbacks(execute=True):  # e-mails are tasks enqueued on commit
        client.post(issue_url(conference["event"]))

    assert sorted(message.to[0] for message in mailoutbox) == ["lan@example.vn", "minh@example.vn"]
    message = next(message for message in mailoutbox if message.to == ["minh@example.vn"])
    certificate = Certificate.objects.get(holder_name="Lê Quang Minh")
    assert message.subject == "Giấy chứng nhận tham dự: Hội nghị mạng lưới CLB khởi nghiệp năm 2026"
    assert "Kính gửi Lê Quang Minh," in message.body and certificate.serial in message.body
    assert f"/tot/xac-minh/{certificate.code}/" in message.body
    [(filename, body, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    text = unicodedata.normalize("NFC", pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text())
    assert "Lê Quang Minh" in text


def test_a_second_run_issues_none_to_those_already_holding_one(client, board, conference):
    event = conference["event"]
    client.post(issue_url(event), follow=True)
    response = client.post(issue_url(event), follow=True)

    assert messages_of(response) == ["Không có giấy chứng nhận nào cần cấp thêm (đã cấp 0)."]
    assert Certificate.objects.count() == 2

    # someone marked present later gets theirs on the next run, and only they do
    services.mark_attendance([conference["hung"]], attended=True)
    response = client.post(issue_url(event), follow=True)
    assert messages_of(response) == ["Đã cấp 1 giấy chứng nhận tham dự."]
    assert Certificate.objects.filter(holder_name="Trần Văn Hùng").count() == 1
    assert Certificate.objects.count() == 3


def test_an_event_that_has_not_started_is_refused_with_a_message(client, board, events_index):
    event = make_event(events_index, title="Hội thảo tương lai")
    registration = services.register(event, **registration_data(full_name="Võ Thị Mai", email="mai@example.vn"))
    Registration.objects.filter(pk=registration.pk).update(attended=True)  # data from before the start rule

    response = client.post(issue_url(event), follow=True)

    assert messages_of(response) == [
        "Sự kiện chưa kết thúc: chỉ cấp giấy chứng nhận tham dự sau khi sự kiện đã diễn ra."
    ]
    assert Certificate.objects.count() == 0


def test_attendance_opens_at_the_start_and_certificates_at_the_end_minute(client, board, events_index, clock):
    clock.at("16/12/2026 09:00")
    event = make_event(events_index, title="Hội thảo mạng lưới cuối năm", start=local_datetime("17/12/2026 08:00"))
    registration = services.register(event, **registration_data(full_name="Võ Thị Mai", email="mai@example.vn"))
    grid = reverse("events_attendance", args=[event.pk])

    clock.at("17/12/2026 07:59")
    response = client.post(grid, {"present": [str(registration.pk)]}, follow=True)
    assert messages_of(response) == [
        "Sự kiện chưa bắt đầu: chỉ điểm danh được từ giờ bắt đầu sự kiện. Không có gì được lưu."
    ]
    registration.refresh_from_db()
    assert registration.attended is False and registration.attendance_marked_at is None
    assert 'id="not-started"' in client.get(grid).content.decode()

    clock.at("17/12/2026 08:00")
    client.post(grid, {"present": [str(registration.pk)]}, follow=True)
    registration.refresh_from_db()
    assert registration.attended is True

    clock.at("17/12/2026 15:59")
    response = client.post(issue_url(event), follow=True)
    assert messages_of(response) == [
        "Sự kiện chưa kết thúc: chỉ cấp giấy chứng nhận tham dự sau khi sự kiện đã diễn ra."
    ]
    assert Certificate.objects.count() == 0

    clock.at("17/12/2026 16:00")
    client.post(issue_url(event), follow=True)
    assert Certificate.objects.filter(holder_name="Võ Thị Mai").count() == 1


def test_non_board_users_are_refused(client, conference):
    event = conference["event"]
    participant = conference["lan_user"]
    client.force_login(participant)

    response = client.post(issue_url(event))

    assert response.status_code in (302, 403)
    assert not response.headers.get("Location", "").startswith(issue_url(event))
    assert Certificate.objects.count() == 0
    with pytest.raises(EventError, match="Chỉ Ban Điều hành được cấp giấy chứng nhận tham dự."):
        attendance_certificates.issue_attendance_certificates(event, participant)


def test_an_editor_with_admin_access_but_not_board_is_turned_away(client, conference):
    from django.contrib.auth.models import Permission

    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    for response in (client.get(issue_url(conference["event"])), client.post(issue_url(conference["event"]))):
        assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's permission denied
    assert Certificate.objects.count() == 0


def test_the_holder_downloads_the_pdf_with_their_vietnamese_name_and_others_get_404(client, board, conference):
    client.post(issue_url(conference["event"]))
    certificate = Certificate.objects.get(holder_name="Nguyễn Thị Lan Hương")
    url = reverse("events:certificate_pdf", args=[certificate.pk])

    client.force_login(conference["lan_user"])
    mine = client.get(reverse("portal:certificates"))
    assert url in mine.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = unicodedata.normalize("NFC", pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text())
    assert "Nguyễn Thị Lan Hương" in text
    assert "Hội nghị mạng lưới CLB khởi nghiệp năm 2026" in text
    assert certificate.serial in text
    assert "Địa điểm: Hội trường UBND tỉnh Quảng Nam" in text

    client.force_login(conference["hung_user"])  # registered for the same event, not the holder
    assert url not in client.get(reverse("portal:certificates")).content.decode()
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_revoked_attendance_certificate_is_404_to_its_holder_and_stamped_for_the_board(client, board, conference):
    from training.certificates import services as certificates

    client.post(issue_url(conference["event"]))
    certificate = Certificate.objects.get(holder_name="Nguyễn Thị Lan Hương")
    certificates.revoke(certificate, board, "Không có mặt thực tế")
    url = reverse("events:certificate_pdf", args=[certificate.pk])

    client.force_login(conference["lan_user"])
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("events:mine")).content.decode()

    client.force_login(board)
    stamped = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert stamped.status_code == 200
    text = unicodedata.normalize("NFC", pypdf.PdfReader(io.BytesIO(stamped.content)).pages[0].extract_text())
    assert f"ĐÃ THU HỒI ngày {timezone.localdate():%d/%m/%Y}: Không có mặt thực tế" in text


def test_the_pdf_qr_leads_to_the_verification_page_which_shows_it_valid(client, board, conference):
    client.post(issue_url(conference["event"]))
    certificate = Certificate.objects.get(holder_name="Nguyễn Thị Lan Hương")
    verify_path = reverse("training:verify_code", args=[certificate.code])
    assert certificate.snapshot().verify_url.endswith(verify_path)

    client.logout()
    page = client.get(verify_path)

    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-state="valid"' in body
    assert "Nguyễn Thị Lan Hương" in body
    assert "Tham dự sự kiện: Hội nghị mạng lưới CLB khởi nghiệp năm 2026" in body
    assert timezone.localdate().strftime("%d/%m/%Y") in body


def test_the_pdf_qr_code_decodes_to_the_verification_url(client, board, conference):
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    client.post(issue_url(conference["event"]))
    certificate = Certificate.objects.get(holder_name="Nguyễn Thị Lan Hương")
    client.force_login(conference["lan_user"])
    body = client.get(reverse("events:certificate_pdf", args=[certificate.pk])).content

    image = pdfium.PdfDocument(body)[0].render(scale=2).to_pil()
    decoded = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]

    assert decoded == [certificate.snapshot().verify_url]
    assert decoded[0].endswith(reverse("training:verify_code", args=[certificate.code]))


def test_certificates_of_attendance_are_drawn_with_the_attendance_template(board, conference):
    from wagtail.models import Site

    from training.certificates import services as certificate_services
    from training.certificates.designs import CertificateTemplate
    from training.certificates.models import CertificateSettings

    template = CertificateTemplate.objects.get(name="Mẫu mặc định")
    template.orientation = "portrait"
    boxes = [dict(child.value) for child in template.boxes]
    template.boxes = [("box", {**b, "x": min(b["x"], 40), "width": 150}) for b in boxes]  # inside A4 portrait
    template.save_revision().publish()
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.attendance_template = template
    settings.save()

    issued = attendance_certificates.issue_attendance_certificates(conference["event"], board)

    assert len(issued) == 2
    assert {c.data["layout"]["template"]["id"] for c in issued} == {template.pk}
    body, _name = certificate_services.certificate_pdf(issued[0])
    page = pypdf.PdfReader(io.BytesIO(body)).pages[0]
    assert page.mediabox.height > page.mediabox.width  # A4 portrait
    assert "Thời gian: ngày" in page.extract_text()  # the event's lines, in the details box
