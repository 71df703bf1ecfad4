"""The agency nominator's journey and rules, through HTTP as the nominator would."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories.portal import PASSWORD, board_user, nominator
from tests.factories.training import (
    BoardDecisionFactory,
    NominationRoundFactory,
    RoundCriterionFactory,
    invite,
    nominate,
    pdf_file,
)
from training.models import DispatchDocument, DuplicateAlert, Nomination, NominationStatusChange
from training.nominations import services
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return NominationRoundFactory(title="Tuyển chọn giảng viên nguồn 2022")


@pytest.fixture
def agency_user(round_):
    user = nominator()
    invite(round_, user.agency, quota=2)
    return user


@pytest.fixture
def agency_client(client, agency_user):
    client.force_login(agency_user)
    return client


def candidate(**overrides):
    data = {
        "full_name": "Trần Thị Bích Ngọc",
        "gender": "nu",
        "date_of_birth": "1990-04-12",
        "position": "Phó Trưởng phòng",
        "workplace": "Phòng Kinh tế thành phố Tam Kỳ",
        "phone": "0905 123 456",
        "email": "ngoc.tran@example.vn",
        "is_entrepreneur": "on",
        "sectors": "nông nghiệp hữu cơ, du lịch số",
        "experience": "Cố vấn 6 dự án khởi nghiệp.",
        "motivation": "Lan tỏa tinh thần khởi nghiệp.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def add_url(round_):
    return f"/tot/de-cu/dot/{round_.pk}/them/"


def test_dashboard_shows_open_round_quota_and_deadline(agency_client, agency_user, round_, clock):
    nominate(agency_user, round_, status=S.SUBMITTED)
    round_.closes_at = clock.at("01/03/2022 16:16")  # the deadline's minute is included: 16:17 ends it
    round_.opens_at = round_.closes_at - datetime.timedelta(days=20)
    round_.save()
    clock.at("19/02/2022 17:16:30")

    response = agency_client.get("/tot/de-cu/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tuyển chọn giảng viên nguồn 2022" in html
    assert "Đã dùng 1/2, còn 1" in html
    assert timezone.localtime(round_.closes_at).strftime("%H:%M %d/%m/%Y") in html
    assert "còn 9 ngày 23 giờ" in html


def test_add_draft_edit_and_submit_with_dispatch(agency_client, agency_user, round_):
    criterion = RoundCriterionFactory(round=round_, text="Có kinh nghiệm cố vấn")

    response = agency_client.post(add_url(round_), candidate(criteria_met=[criterion.pk]))

    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tot/de-cu/ho-so/{nomination.pk}/"
    assert (nomination.status, nomination.agency, nomination.phone) == (S.DRAFT, agency_user.agency, "0905123456")
    assert sorted(t.name for t in nomination.sectors.all()) == ["du lịch số", "nông nghiệp hữu cơ"]
    assert list(nomination.criteria_met.all()) == [criterion]

    agency_client.post(f"/tot/de-cu/ho-so/{nomination.pk}/sua/", candidate(full_name="Trần Thị Bích Ngọc Anh"))
    assert Nomination.objects.get().full_name == "Trần Thị Bích Ngọc Anh"

    response = agency_client.post(
        f"/tot/de-cu/ho-so/{nomination.pk}/nop/",
        {"number": "125/UBND-VP", "date": "2022-02-10", "file": pdf_file("cv.pdf")},
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED
    assert (nomination.dispatch.number, nomination.dispatch.date) == ("125/UBND-VP", datetime.date(2022, 2, 10))
    dashboard = agency_client.get("/tot/de-cu/").content.decode()
    assert "Đã dùng 1/2, còn 1" in dashboard


def test_submitted_nomination_is_read_only(agency_client, agency_user, round_):
    nomination = nominate(agency_user, round_, status=S.SUBMITTED, full_name="Lê Văn Cũ")

    get = agency_client.get(f"/tot/de-cu/ho-so/{nomination.pk}/sua/")
    post = agency_client.post(f"/tot/de-cu/ho-so/{nomination.pk}/sua/", candidate(full_name="Lê Văn Mới"))

    assert get.status_code == post.status_code == 302
    assert Nomination.objects.get().full_name == "Lê Văn Cũ"
    detail = agency_client.get(f"/tot/de-cu/ho-so/{nomination.pk}/").content.decode()
    assert "Hồ sơ đã nộp chỉ có thể xem." in detail
    assert f"/tot/de-cu/ho-so/{nomination.pk}/sua/" not in detail


def test_submit_beyond_quota_refused_with_message_and_saves_nothing(agency_client, agency_user, round_):
    nominate(agency_user, round_, status=S.SUBMITTED)
    nominate(agency_user, round_, status=S.SUBMITTED)
    third = nominate(agency_user, round_)
    documents = DispatchDocument.objects.count()

    response = agency_client.post(
        f"/tot/de-cu/ho-so/{third.pk}/nop/", {"number": "9/CV", "date": "2022-02-10", "file": pdf_file()}
    )

    assert response.status_code == 200
    assert "Cơ quan đã dùng hết chỉ tiêu của đợt này (2/2). Hồ sơ chưa được nộp." in response.content.decode()
    third.refresh_from_db()
    assert third.status == S.DRAFT
    assert DispatchDocument.objects.count() == documents


def test_submit_after_deadline_refused_and_saves_nothing(agency_client, agency_user, round_):
    draft = nominate(agency_user, round_)
    round_.opens_at = timezone.now() - datetime.timedelta(days=20)
    round_.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    round_.save()

    response = agency_client.post(
        f"/tot/de-cu/ho-so/{draft.pk}/nop/", {"number": "9/CV", "date": "2022-02-10", "file": pdf_file()}
    )

    assert "Đã quá hạn nộp hồ sơ" in response.content.decode()
    assert Nomination.objects.get().status == S.DRAFT
    assert DispatchDocument.objects.count() == 0
    add = agency_client.post(add_url(round_), candidate(email="khac@example.vn", full_name="Người Khác"))
    assert "Đã quá hạn nộp hồ sơ" in add.content.decode()
    assert Nomination.objects.count() == 1


def test_withdraw_before_deadline_frees_the_slot(agency_client, agency_user, round_):
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)

    response = agency_client.post(f"/tot/de-cu/ho-so/{nomination.pk}/rut/", {"reason": "Ứng viên chuyển công tác"})

    assert response.status_code == 302
    assert Nomination.objects.get().status == S.WITHDRAWN
    change = NominationStatusChange.objects.get(to_status=S.WITHDRAWN)
    assert (change.from_status, change.reason, change.actor) == (S.SUBMITTED, "Ứng viên chuyển công tác", agency_user)
    assert "Đã dùng 0/2, còn 2" in agency_client.get("/tot/de-cu/").content.decode()


def test_duplicate_person_from_another_agency_refused_with_clear_message(client, agency_user, round_):
    nominate(agency_user, round_, full_name="Trần Thị Bích Ngọc", email="ngoc@example.vn",
             date_of_birth=datetime.date(1990, 4, 12))
    other = nominator()
    invite(round_, other.agency)
    client.force_login(other)

    response = client.post(add_url(round_), candidate(full_name="TRAN THI BICH NGOC", email="khac@example.vn"))

    assert response.status_code == 200
    assert "đã được đề cử trong đợt này" in response.content.decode()
    assert Nomination.objects.filter(agency=other.agency).count() == 0
    assert DuplicateAlert.objects.get().agency == other.agency


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("date_of_birth", (timezone.localdate() + datetime.timedelta(days=30)).isoformat(), "không thể ở tương lai"),
        ("date_of_birth", "2015-01-01", "Tuổi ứng viên phải từ 18 đến 75."),
        ("date_of_birth", "1930-01-01", "Tuổi ứng viên phải từ 18 đến 75."),
        ("date_of_birth", "31/02/1990", "Ngày sinh không hợp lệ."),
        ("phone", "12345", "Số điện thoại không hợp lệ."),
        ("phone", "0905 123 45a", "Số điện thoại không hợp lệ."),
        ("email", "ngoc@", "Địa chỉ thư điện tử không hợp lệ."),
        ("full_name", "A" * 121, "Họ và tên tối đa 120 ký tự."),
        ("full_name", "<b>Ngọc</b>", "Không được nhập mã HTML"),
        ("experience", "x" * 3001, "3000"),
        ("experience", "<script>alert(1)</script>", "Không được nhập mã HTML"),
        ("workplace", "", "Nhập nơi công tác."),
    ],
)
def test_invalid_data_gets_field_level_vietnamese_errors(agency_client, round_, field, value, message):
    response = agency_client.post(add_url(round_), candidate(**{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert Nomination.objects.count() == 0


def test_markup_stored_elsewhere_is_shown_as_text(agency_client, agency_user, round_):
    nomination = nominate(agency_user, round_)
    Nomination.objects.filter(pk=nomination.pk).update(experience="<script>alert('x')</script>")

    html = agency_client.get(f"/tot/de-cu/ho-so/{nomination.pk}/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_decision_and_reason_visible_internal_notes_and_pending_never(
    agency_client, agency_user, round_, django_capture_on_commit_callbacks
):
    board = board_user()
    rejected = nominate(agency_user, round_, status=S.SUBMITTED)
    pending = nominate(agency_user, round_, status=S.SUBMITTED)
    Nomination.objects.filter(pk=rejected.pk).update(internal_notes="Ghi chú mật của Ban")
    decision = BoardDecisionFactory(number="15/QĐ-BĐH")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(rejected, board, S.REJECTED, reason="Chưa đủ kinh nghiệm cố vấn", decision=decision)
    services.prepare_decision(pending, board, S.ACCEPTED, decision=decision)

    html = agency_client.get(f"/tot/de-cu/ho-so/{rejected.pk}/").content.decode()
    pending_html = agency_client.get(f"/tot/de-cu/ho-so/{pending.pk}/").content.decode()

    assert "Không được chọn" in html
    assert "Chưa đủ kinh nghiệm cố vấn" in html
    assert "Quyết định số 15/QĐ-BĐH ngày 01/03/2022" in html
    assert "Ghi chú mật của Ban" not in html
    assert "Được chọn" not in pending_html and "Đã nộp" in pending_html
    assert len(mail.outbox) == 1


def test_other_agency_sees_404_for_every_object_url(client, agency_user, round_):
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    other = nominator()
    invite(round_, other.agency)
    client.force_login(other)

    for url in (
        f"/tot/de-cu/ho-so/{nomination.pk}/",
        f"/tot/de-cu/ho-so/{nomination.pk}/sua/",
        f"/tot/de-cu/ho-so/{nomination.pk}/nop/",
        f"/tot/de-cu/ho-so/{nomination.pk}/rut/",
        f"/tot/de-cu/cong-van/{nomination.dispatch_id}/",
        "/tot/de-cu/ho-so/999999/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/tot/de-cu/ho-so/{nomination.pk}/rut/").status_code == 404
    assert Nomination.objects.get().status == S.SUBMITTED
    assert nomination.full_name not in client.get("/tot/de-cu/ho-so/").content.decode()
    assert nomination.full_name not in client.get("/tot/de-cu/ho-so/xuat.csv").getvalue().decode()
    assert client.get(f"/tot/de-cu/ho-so/?dot={round_.pk}").status_code == 200


def test_agency_export_csv_and_xlsx_keep_vietnamese_and_neutralise_formulas(agency_client, agency_user, round_):
    nominate(agency_user, round_, full_name="Hồ Quang Bửu", position="=HYPERLINK(\"http://x\")",
             sectors=["du lịch nông nghiệp – nông thôn"])
    other = nominator()
    invite(round_, other.agency)
    nominate(other, round_, full_name="Phạm Người Ngoài")

    response = agency_client.get("/tot/de-cu/ho-so/xuat.csv")
    text = response.getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][2] == "Họ và tên"
    assert len(rows) == 2
    assert rows[1][2] == "Hồ Quang Bửu"
    assert rows[1][5] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][10] == "du lịch nông nghiệp – nông thôn"

    response = agency_client.get(f"/tot/de-cu/ho-so/xuat.xlsx?dot={round_.pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert len(values) == 2
    assert values[1][2] == "Hồ Quang Bửu" and values[1][5] == "'=HYPERLINK(\"http://x\")"


def test_agency_list_query_count_does_not_grow(client, agency_user, round_, django_assert_num_queries):
    from training.models import Nomination as N

    def make(n, start):
        N.objects.bulk_create(
            N(round=round_, agency=agency_user.agency, full_name=f"Ứng Viên {i}", folded_name=f"ung vien {i}",
              gender="nu", date_of_birth=datetime.date(1990, 1, 1), workplace="Sở", phone="0905123456",
              email=f"u{i}@example.vn", status=S.SUBMITTED)
            for i in range(start, start + n)
        )

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(agency_user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tot/de-cu/ho-so/").status_code == 200
        return len(ctx)

    make(10, 0)
    count_queries()  # warm caches (content types, session)
    small = count_queries()
    make(990, 10)
    large = count_queries()
    assert small == large
    dashboard_small = client.get("/tot/de-cu/")
    assert dashboard_small.status_code == 200


def test_login_required_and_account_links(client, agency_user):
    response = client.get("/tot/de-cu/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/")
    assert client.login(username=agency_user.username, password=PASSWORD)
    assert "/tot/de-cu/" in client.get("/ca-nhan/").content.decode()


QUOTA_FULL = "Cơ quan đã dùng hết chỉ tiêu của đợt này (2/2)"


def test_an_agency_with_its_quota_used_is_told_before_it_starts_a_nomination(agency_client, agency_user, round_):
    nominate(agency_user, round_, status=S.SUBMITTED)
    assert QUOTA_FULL not in agency_client.get("/tot/de-cu/").content.decode()
    assert "hết chỉ tiêu" not in agency_client.get(add_url(round_)).content.decode()

    nominate(agency_user, round_, status=S.ACCEPTED)

    assert QUOTA_FULL in agency_client.get("/tot/de-cu/").content.decode()
    assert QUOTA_FULL in agency_client.get(add_url(round_)).content.decode()


def test_a_rejected_candidate_frees_the_slot_and_the_notice_goes(agency_client, agency_user, round_):
    nominate(agency_user, round_, status=S.SUBMITTED)
    nominate(agency_user, round_, status=S.REJECTED)

    assert "hết chỉ tiêu" not in agency_client.get(add_url(round_)).content.decode()


def test_another_agencys_full_quota_is_not_mine(client, agency_user, round_):
    other = nominator()
    invite(round_, other.agency, quota=1)
    nominate(other, round_, status=S.SUBMITTED)
    client.force_login(agency_user)

    assert "hết chỉ tiêu" not in client.get(add_url(round_)).content.decode()
    client.force_login(other)
    assert "Cơ quan đã dùng hết chỉ tiêu của đợt này (1/1)" in client.get(add_url(round_)).content.decode()


def test_the_agency_gets_an_email_after_a_submission_with_what_happens_next(
    agency_client, agency_user, round_, django_capture_on_commit_callbacks
):
    draft = nominate(agency_user, round_)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        agency_client.post(
            f"/tot/de-cu/ho-so/{draft.pk}/nop/", {"number": "125/UBND-VP", "date": "2022-02-10", "file": pdf_file()}
        )

    [message] = mail.outbox
    assert agency_user.email in message.to
    assert message.subject == f"[ToT] Đã nộp hồ sơ đề cử: {draft.full_name} – Tuyển chọn giảng viên nguồn 2022"
    assert "kèm công văn số 125/UBND-VP" in message.body
    assert "Các bước tiếp theo:" in message.body
    deadline = timezone.localtime(round_.closes_at).strftime("%H:%M %d/%m/%Y")
    assert f"Trước hạn {deadline}, quý cơ quan vẫn có thể rút hồ sơ" in message.body
    assert f"/tot/de-cu/ho-so/{draft.pk}/" in message.body


def test_a_refused_submission_sends_no_email(agency_client, agency_user, round_, django_capture_on_commit_callbacks):
    nominate(agency_user, round_, status=S.SUBMITTED)
    nominate(agency_user, round_, status=S.SUBMITTED)
    third = nominate(agency_user, round_)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        agency_client.post(
            f"/tot/de-cu/ho-so/{third.pk}/nop/", {"number": "9/CV", "date": "2022-02-10", "file": pdf_file()}
        )

    assert mail.outbox == []


def test_the_withdraw_page_says_what_happens_and_get_changes_nothing(agency_client, agency_user, round_):
    submitted = nominate(agency_user, round_, status=S.SUBMITTED)
    draft = nominate(agency_user, round_)

    page = agency_client.get(f"/tot/de-cu/ho-so/{submitted.pk}/rut/").content.decode()
    assert "chỉ tiêu được trả lại cho cơ quan" in page and "không thể hoàn tác" in page
    assert "Bản nháp sẽ không thể sửa" in agency_client.get(f"/tot/de-cu/ho-so/{draft.pk}/rut/").content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


@pytest.mark.parametrize("typed", ["١", "9" * 30, "abc", "other"])
def test_a_round_filter_that_is_not_the_agencys_round_is_ignored_and_said(agency_client, agency_user, round_, typed):
    nominate(agency_user, round_, full_name="Hồ Quang Bửu")
    other_round = NominationRoundFactory(title="Đợt của cơ quan khác")  # exists, but the agency was not invited
    dot = other_round.pk if typed == "other" else typed

    response = agency_client.get("/tot/de-cu/ho-so/", {"dot": dot})

    html = response.content.decode()
    assert response.status_code == 200 and "Bộ lọc đã bỏ qua: Đợt." in html
    assert "Hồ Quang Bửu" in html  # the rest of the list, not nothing silently
    assert "Đợt của cơ quan khác" not in html
    export = agency_client.get("/tot/de-cu/ho-so/xuat.csv", {"dot": dot})
    assert export.status_code == 200 and "Hồ Quang Bửu" not in export.getvalue().decode()


def test_the_agencys_own_round_filters_its_list(agency_client, agency_user, round_):
    nominate(agency_user, round_, full_name="Hồ Quang Bửu")
    html = agency_client.get("/tot/de-cu/ho-so/", {"dot": round_.pk}).content.decode()
    assert "Hồ Quang Bửu" in html and "bỏ qua" not in html
