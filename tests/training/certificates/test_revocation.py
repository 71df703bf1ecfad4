"""Revocation that holds: a revoked certificate is a 404 to its holder, the Board's copy is stamped with the date
and reason over the frozen PDF (the unrevoked PDF stays byte-for-byte what it was); verification of an unknown
code is the same page with 404, after the same work; the bulk-issue command is idempotent and honours the
eligibility rule."""

import io
import unicodedata

import pypdf
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.portal import PASSWORD, UserFactory, board_user
from tests.factories.training_cohorts import CohortFactory, add_sessions, completed_enrolment, enrol, issued_certificate
from training.certificates import services as certificates
from training.models import Certificate

pytestmark = pytest.mark.django_db


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


def test_a_revoked_certificate_is_404_to_its_holder_and_stamped_for_the_board(client, clock):
    clock.at("01/07/2022 09:00")
    board = board_user()
    certificate = issued_certificate(board=board, full_name="Nguyễn Thị Ánh")
    url = reverse("training:certificate_pdf", args=[certificate.pk])
    login(client, certificate.holder)
    before = client.get(url)
    assert before.status_code == 200
    assert "ĐÃ THU HỒI" not in pdf_text(before.content)

    clock.at("15/09/2022 10:30")
    certificates.revoke(certificate, board, "Hồ sơ khai sai kinh nghiệm")

    client.force_login(certificate.holder)  # the log-in of July has expired by September
    assert client.get(url).status_code == 404  # the holder
    assert 'data-state="revoked"' in client.get(f"/tot/xac-minh/{certificate.code}/").content.decode()

    client.force_login(board)
    stamped = client.get(url)
    assert stamped.status_code == 200
    text = pdf_text(stamped.content)
    assert "ĐÃ THU HỒI ngày 15/09/2022: Hồ sơ khai sai kinh nghiệm" in text
    assert "Nguyễn Thị Ánh" in text and certificate.serial in text  # drawn over the frozen certificate
    assert client.get(url).content == stamped.content  # the stamped copy is reproducible too
    # the unrevoked drawing is unchanged: the snapshot renders and signs to the very bytes the holder had
    certificate.refresh_from_db()
    assert certificates.signed_body(certificate) == before.content


def test_another_trainees_certificate_is_404(client):
    board = board_user()
    cohort = CohortFactory()
    add_sessions(cohort, 2)
    mine = issued_certificate(completed_enrolment(cohort, board), board)
    theirs = issued_certificate(completed_enrolment(cohort, board), board)
    login(client, mine.holder)
    assert client.get(reverse("training:certificate_pdf", args=[mine.pk])).status_code == 200
    assert client.get(reverse("training:certificate_pdf", args=[theirs.pk])).status_code == 404


def test_an_unknown_code_is_404_with_the_same_page(client):
    certificate = issued_certificate()
    known = client.get(f"/tot/xac-minh/{certificate.code}/")
    assert known.status_code == 200
    for code in ("KHONGCOMANAYTRONGHETHONG", "SAI", "A" * 60):
        response = client.get("/tot/xac-minh/", {"code": code})
        assert response.status_code == 404, code
        assert [t.name for t in response.templates][0] == "training/certificates/verify.html"
        assert 'data-state="unknown"' in response.content.decode()
    assert client.get("/tot/xac-minh/").status_code == 200  # the empty form is not an answer


def test_an_unknown_code_costs_the_same_queries_as_a_known_one():
    certificate = issued_certificate()
    counts = {}
    for label, code in (("known", certificate.code), ("unknown", "KHONGCOMANAYTRONGHETHONG"), ("short", "SAI")):
        with CaptureQueriesContext(connection) as queries:
            certificates.verify(code)
        counts[label] = len(queries)
    assert counts == {"known": 1, "unknown": 1, "short": 1}


def test_the_bulk_command_is_idempotent_respects_eligibility_and_has_a_dry_run():
    board = board_user()
    cohort = CohortFactory()
    add_sessions(cohort, 2)
    done = [completed_enrolment(cohort, board, full_name=name) for name in ("Trần Thị Bích", "Hồ Quang Bửu")]
    (not_completed,) = enrol(cohort, 1, board, full_name="Lê Văn Chưa Xong")

    out = io.StringIO()
    call_command("issue_cohort_certificates", str(cohort.pk), "--dry-run", stdout=out)
    assert not Certificate.objects.exists()
    assert "sẽ cấp: Hồ Quang Bửu" in out.getvalue() and "Lê Văn Chưa Xong" not in out.getvalue()

    out = io.StringIO()
    call_command("issue_cohort_certificates", str(cohort.pk), "--by", board.username, stdout=out)
    issued = Certificate.objects.order_by("serial")
    assert [c.enrolment_id for c in issued] == [done[1].pk, done[0].pk]  # name order
    assert not_completed.pk not in {c.enrolment_id for c in issued}
    assert all(c.issued_by == board for c in issued)
    assert "Đã cấp 2 giấy chứng nhận" in out.getvalue()

    out = io.StringIO()
    call_command("issue_cohort_certificates", str(cohort.pk), stdout=out)
    assert Certificate.objects.count() == 2
    assert "Đã cấp 0 giấy chứng nhận" in out.getvalue()

    certificates.revoke(issued[0], board, "Sai tên")  # revoked: no longer valid, so a new one is due
    call_command("issue_cohort_certificates", str(cohort.pk), stdout=io.StringIO())
    assert Certificate.objects.valid().count() == 2 and Certificate.objects.count() == 3


def test_the_bulk_command_refuses_clearly():
    with pytest.raises(CommandError, match="Không có lớp mang số 999999"):
        call_command("issue_cohort_certificates", "999999")
    cohort = CohortFactory()
    outsider = UserFactory()
    with pytest.raises(CommandError, match="không phải thành viên Ban Điều hành"):
        call_command("issue_cohort_certificates", str(cohort.pk), "--by", outsider.username)
    assert not Certificate.objects.exists()


def test_the_cohort_bundle_leaves_out_superseded_and_revoked_certificates():
    board = board_user()
    certificate = issued_certificate(board=board)
    Certificate.objects.filter(pk=certificate.pk).update(superseded_at=certificate.issued_at)
    assert not Certificate.objects.valid().filter(pk=certificate.pk).exists()
    with pytest.raises(certificates.CohortError):
        certificates.request_bundle(certificate.enrolment.cohort, board)
