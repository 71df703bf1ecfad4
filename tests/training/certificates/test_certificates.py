"""Issuing for a whole cohort, serials and codes, revoke and re-issue, downloads (only one's own) and the public
verification page with its rate limit, all through HTTP where a person would use them."""

import datetime
import io

import pypdf
import pytest
from django.core.cache import cache

from tests.factories.portal import PASSWORD, UserFactory, board_user, nominator
from tests.factories.training_cohorts import CohortFactory, add_sessions, completed_enrolment, issued_certificate
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.certificates.services import CODE_ALPHABET, CODE_LENGTH, issue_for_cohort
from training.cohorts import services as cohort_services
from training.models import Certificate, SerialCounter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def make_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def pdf_text(body):
    return pypdf.PdfReader(io.BytesIO(body)).pages[0].extract_text()


def test_issue_for_a_cohort_numbers_in_name_order_without_gaps():
    board = board_user()
    cohort = CohortFactory()
    add_sessions(cohort, 2)
    for name in ["Trần Thị Bích", "Hồ Quang Bửu", "Nguyễn Thị Ánh"]:
        completed_enrolment(cohort, board, full_name=name)

    issued = issue_for_cohort(cohort, CertificateKind.COMPLETION, board, issued_on=datetime.date(2022, 7, 1))

    assert [(c.holder_name, c.serial) for c in issued] == [
        ("Hồ Quang Bửu", "ToT-2022-0001"),
        ("Nguyễn Thị Ánh", "ToT-2022-0002"),
        ("Trần Thị Bích", "ToT-2022-0003"),
    ]
    assert issue_for_cohort(cohort, CertificateKind.COMPLETION, board) == []  # nobody left without one
    assert SerialCounter.objects.get(series="ToT-{year}-{number:04d}", year=2022).last_number == 3


def test_codes_are_long_random_and_unique():
    board = board_user()
    cohort = CohortFactory()
    add_sessions(cohort, 1)
    for _ in range(5):
        completed_enrolment(cohort, board)
    codes = [c.code for c in issue_for_cohort(cohort, CertificateKind.COMPLETION, board)]

    assert len(set(codes)) == 5
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)


def test_serial_format_is_the_boards_setting_of_the_course():
    enrolment = completed_enrolment()
    course = enrolment.cohort.course
    course.serial_format = "QN/ToT/{number:03d}/{year}"
    course.save()

    certificate = issued_certificate(enrolment)

    assert certificate.serial == f"QN/ToT/001/{certificate.issued_on.year}"


def test_certification_certificate_only_for_certified_trainers_and_carries_expiry():
    board = board_user()
    enrolment = completed_enrolment(board=board)
    assert issue_for_cohort(enrolment.cohort, CertificateKind.CERTIFICATION, board) == []

    profile = enrolment.user.trainer_profile
    cohort_services.certify(profile, board, sectors=["du lịch số"], today=datetime.date(2022, 8, 1))
    (certificate,) = issue_for_cohort(enrolment.cohort, CertificateKind.CERTIFICATION, board)

    assert certificate.serial.startswith("GVN-")
    assert certificate.expires_on == datetime.date(2025, 8, 1)
    assert certificate.data["sectors"] == "du lịch số"


def test_trainee_downloads_their_certificate_with_their_name_and_same_bytes_twice(client):
    certificate = issued_certificate(full_name="Nguyễn Thị Ánh")
    login(client, make_password(certificate.holder))

    first = client.get(f"/ca-nhan/giay-chung-nhan/tot/{certificate.pk}.pdf")
    second = client.get(f"/ca-nhan/giay-chung-nhan/tot/{certificate.pk}.pdf")

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    text = pdf_text(first.content)
    assert "Nguyễn Thị Ánh" in text
    assert certificate.serial in text


def test_pdf_is_drawn_from_the_snapshot_even_after_the_name_changes(client):
    certificate = issued_certificate(full_name="Lê Văn <b>&amp; Co")
    before = certificates.certificate_pdf(certificate)[0]
    nomination = certificate.enrolment.nomination
    nomination.full_name = "Tên Đã Đổi"
    nomination.save()

    assert certificates.certificate_pdf(Certificate.objects.get(pk=certificate.pk))[0] == before
    assert "Lê Văn <b>&amp; Co" in pdf_text(before)


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 302), ("other_trainee", 404), ("nominator", 404), ("holder", 200), ("board", 200)],
)
def test_who_may_download_a_certificate(client, who, status):
    certificate = issued_certificate()
    users = {
        "other_trainee": lambda: make_password(issued_certificate().holder),
        "nominator": lambda: nominator(),
        "holder": lambda: make_password(certificate.holder),
        "board": lambda: board_user(),
    }
    if who in users:
        login(client, users[who]())

    response = client.get(f"/ca-nhan/giay-chung-nhan/tot/{certificate.pk}.pdf")

    assert response.status_code == status


def test_my_certificates_lists_only_my_own(client):
    mine = issued_certificate(full_name="Hồ Quang Bửu")
    other = issued_certificate(full_name="Phạm Văn Khác")
    login(client, make_password(mine.holder))

    html = client.get("/ca-nhan/giay-chung-nhan/").content.decode()

    assert mine.serial in html
    assert other.serial not in html


def test_my_cohort_page_shows_sessions_attendance_and_result(client):
    enrolment = completed_enrolment(full_name="Hồ Quang Bửu")
    login(client, make_password(enrolment.user))

    html = client.get("/ca-nhan/lop-hoc/").content.decode()

    assert enrolment.cohort.name in html
    assert "Chuyên đề 1: tư duy khởi nghiệp" in html
    assert "Có mặt" in html
    assert "Hoàn thành" in html


def test_verification_page_states(client):
    board = board_user()
    valid = issued_certificate(full_name="Hồ Quang Bửu")
    revoked = issued_certificate(full_name="Trần Văn Thu Hồi")
    certificates.revoke(revoked, board, "Hồ sơ khai sai kinh nghiệm")
    expired = issued_certificate(full_name="Lê Thị Hết Hạn")
    Certificate.objects.filter(pk=expired.pk).update(expires_on=datetime.date(2020, 1, 1))

    page = client.get(f"/tot/xac-minh/{valid.code}/").content.decode()
    assert 'data-state="valid"' in page
    assert "Hồ Quang Bửu" in page
    assert valid.title in page
    assert valid.enrolment.nomination.email not in page
    assert valid.enrolment.nomination.phone not in page

    page = client.get("/tot/xac-minh/", {"code": revoked.code.lower()}).content.decode()
    assert 'data-state="revoked"' in page
    assert "Hồ sơ khai sai kinh nghiệm" in page
    assert "Trần Văn Thu Hồi" not in page

    page = client.get(f"/tot/xac-minh/{expired.code}/").content.decode()
    assert 'data-state="expired"' in page
    assert "01/01/2020" in page

    response = client.get("/tot/xac-minh/", {"code": "KHONGCOMANAYTRONGHETHONG"})
    assert response.status_code == 404
    assert 'data-state="unknown"' in response.content.decode()


def test_verification_is_rate_limited_per_client_ip(client, settings):
    settings.RATE_LIMITS = {"verify": (3, 600)}
    for _ in range(3):
        assert client.get("/tot/xac-minh/", {"code": "SAI"}, REMOTE_ADDR="10.0.0.1").status_code == 404  # unknown

    refused = client.get("/tot/xac-minh/", {"code": "SAI"}, REMOTE_ADDR="10.0.0.1")
    other_ip = client.get("/tot/xac-minh/", {"code": "SAI"}, REMOTE_ADDR="10.0.0.2")

    assert refused.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in refused.content.decode()
    assert refused["Retry-After"] == "600"
    assert other_ip.status_code == 404  # counted apart: an answer (unknown), not a refusal
    assert client.get("/tot/xac-minh/", REMOTE_ADDR="10.0.0.1").status_code == 200  # the empty form is free


def test_default_limit_is_30_attempts(client):
    statuses = [client.get("/tot/xac-minh/", {"code": "SAI"}).status_code for _ in range(31)]
    assert statuses.count(404) == 30  # "unknown" answers
    assert statuses[-1] == 429


def test_revoke_then_reissue_gives_a_new_serial_and_code():
    board = board_user()
    old = issued_certificate()

    new = certificates.reissue(old, board, "Sai ngày sinh trên giấy")

    old.refresh_from_db()
    assert old.revoked_reason == "Sai ngày sinh trên giấy"
    assert new.replaces == old
    assert (new.serial, new.code) != (old.serial, old.code)
    assert certificates.verify(old.code)[0] == certificates.REVOKED
    assert certificates.verify(new.code)[0] == certificates.VALID


def test_revoke_needs_a_reason_and_the_board():
    board = board_user()
    certificate = issued_certificate()
    with pytest.raises(cohort_services.CohortError, match="lý do"):
        certificates.revoke(certificate, board, "  ")
    with pytest.raises(cohort_services.CohortError):
        certificates.revoke(certificate, UserFactory(), "Lý do")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_generic_certificate_for_another_app_is_verifiable_and_reissued_in_its_own_series():
    from training.certificates.enums import CertificateKind as Kind

    board = board_user()
    participant = UserFactory()
    certificate = certificates.issue_certificate(
        kind=Kind.ATTENDANCE,
        holder_name="Võ Minh Khôi",
        title="Hội nghị mạng lưới CLB khởi nghiệp 2022",
        serial_format="HN-{year}-{number:03d}",
        actor=board,
        holder=participant,
        reference="events.registration:42",
        issued_on=datetime.date(2022, 12, 10),
    )

    assert certificate.serial == "HN-2022-001"
    assert certificates.verify(certificate.code) == (certificates.VALID, certificate)
    assert "Hội nghị mạng lưới CLB khởi nghiệp 2022" in pdf_text(certificates.certificate_pdf(certificate)[0])
    again = certificates.reissue(certificate, board, "Sai tên hội nghị", issued_on=datetime.date(2022, 12, 11))
    assert again.serial == "HN-2022-002"
    assert again.reference == "events.registration:42"
