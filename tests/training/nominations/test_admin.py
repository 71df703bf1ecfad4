"""The Board's screens in the Wagtail admin, through HTTP."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.test.utils.form_data import rich_text

from tests.factories.portal import board_user, nominator
from tests.factories.training import (
    BoardDecisionFactory,
    NominationRoundFactory,
    RoundCriterionFactory,
    invite,
    nominate,
)
from training.models import Nomination, NominationRound, NominationStatusChange, Review
from training.nominations import services
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/training/nomination/"


@pytest.fixture
def round_():
    return NominationRoundFactory(title="Đợt 1 năm 2022")


@pytest.fixture
def agency_user(round_):
    user = nominator()
    invite(round_, user.agency, quota=5)
    return user


@pytest.fixture
def board(client):
    user = board_user()
    client.force_login(user)
    return user


def test_board_listing_filters_and_folded_search(client, board, round_, agency_user):
    nominate(agency_user, round_, status=S.SUBMITTED, full_name="Nguyễn Thị Hoa", gender="nu", sectors=["du lịch số"])
    nominate(agency_user, round_, status=S.SUBMITTED, full_name="Trần Văn Nam", gender="nam", sectors=["cơ khí"])

    def names(query):
        response = client.get(LIST + query)
        assert response.status_code == 200
        return sorted(n.full_name for n in response.context["object_list"])

    assert names("") == ["Nguyễn Thị Hoa", "Trần Văn Nam"]
    assert names("?q=nguyen") == ["Nguyễn Thị Hoa"]
    assert names("?q=Nguyễn") == ["Nguyễn Thị Hoa"]
    assert names("?gender=nam") == ["Trần Văn Nam"]
    assert names(f"?round={round_.pk}&agency={agency_user.agency.pk}&status=submitted") == [
        "Nguyễn Thị Hoa", "Trần Văn Nam"]
    tag = Nomination.objects.get(full_name="Trần Văn Nam").sectors.get()
    assert names(f"?sector={tag.pk}") == ["Trần Văn Nam"]
    assert names("?status=accepted") == []


def test_board_export_csv_and_xlsx_vietnamese_intact_formulas_neutralised(client, board, round_, agency_user):
    nominate(agency_user, round_, status=S.SUBMITTED, full_name="Hồ Quang Bửu", workplace="+84 Công ty",
             sectors=["sản phẩm OCOP"])

    response = client.get(LIST + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][2] == "Họ và tên"
    assert rows[1][2] == "Hồ Quang Bửu"
    assert rows[1][6] == "'+84 Công ty"
    assert rows[1][10] == "sản phẩm OCOP"

    response = client.get(LIST + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[1][2] == "Hồ Quang Bửu" and values[1][6] == "'+84 Công ty"


def test_board_listing_query_count_does_not_grow(client, board, round_, agency_user):
    def make(n, start):
        Nomination.objects.bulk_create(
            Nomination(round=round_, agency=agency_user.agency, full_name=f"Ứng Viên {i}", folded_name=f"ung vien {i}",
                       gender="nu", date_of_birth=datetime.date(1990, 1, 1), workplace="Sở", phone="0905123456",
                       email=f"u{i}@example.vn", status=S.SUBMITTED)
            for i in range(start, start + n)
        )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx)

    make(10, 0)
    count()
    small = count()
    make(990, 10)
    assert count() == small


def test_inspect_shows_audit_trail_scores_and_internal_notes(client, board, round_, agency_user):
    criterion = RoundCriterionFactory(round=round_, weight=1)
    nomination = nominate(agency_user, round_, status=S.SUBMITTED, full_name="Lê Thị Thu")
    Nomination.objects.filter(pk=nomination.pk).update(internal_notes="Cần xác minh thêm")
    services.score(nomination, board_user(), {criterion: 8})
    services.score(nomination, board_user(), {criterion: 6})

    html = client.get(f"{LIST}inspect/{nomination.pk}/").content.decode()

    assert "Lê Thị Thu" in html
    assert "Cần xác minh thêm" in html
    assert "2 phiếu chấm · trung bình 70,0 · chênh lệch 20,0" in html
    assert "Bản nháp" in html and "Đã nộp" in html


def test_decide_prepare_then_release_emails_agency(
    client, board, round_, agency_user, django_capture_on_commit_callbacks
):
    nomination = nominate(agency_user, round_, status=S.SUBMITTED)
    decision = BoardDecisionFactory(number="7/QĐ-BĐH")

    response = client.post(
        f"{LIST}decide/{nomination.pk}/", {"outcome": "rejected", "decision": decision.pk, "reason": ""}
    )
    assert response.status_code == 200
    assert "Cần nêu lý do" in response.content.decode()

    response = client.post(
        f"{LIST}decide/{nomination.pk}/",
        {"outcome": "rejected", "decision": decision.pk, "reason": "Chưa có kinh nghiệm giảng dạy"},
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.pending_status) == (S.SUBMITTED, S.REJECTED)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/snippets/training/nominationround/release/{round_.pk}/")
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_reason) == (S.REJECTED, "Chưa có kinh nghiệm giảng dạy")
    change = NominationStatusChange.objects.get(to_status=S.REJECTED)
    assert (change.actor, change.decision) == (board, decision)
    assert len(mail.outbox) == 1 and "Chưa có kinh nghiệm giảng dạy" in mail.outbox[0].body


def test_bulk_decision_all_or_nothing(client, board, round_, agency_user, django_capture_on_commit_callbacks):
    a = nominate(agency_user, round_, status=S.SUBMITTED)
    b = nominate(agency_user, round_, status=S.SUBMITTED)
    draft = nominate(agency_user, round_)
    decision = BoardDecisionFactory()
    url = "/admin/bulk/training/nomination/decide/"

    response = client.post(f"{url}?id={a.pk}&id={draft.pk}", {"outcome": "accepted", "decision": decision.pk})
    assert response.status_code == 302
    assert Nomination.objects.exclude(pending_status="").count() == 0

    assert client.get(f"{url}?id={a.pk}&id={b.pk}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}?id={a.pk}&id={b.pk}", {"outcome": "waitlisted", "decision": decision.pk, "release_now": "on"}
        )
    assert response.status_code == 302
    assert sorted(Nomination.objects.filter(status=S.WAITLISTED).values_list("pk", flat=True)) == sorted([a.pk, b.pk])
    assert len(mail.outbox) == 1


def test_reviewer_never_sees_or_scores_own_agency(client, round_, agency_user):
    criterion = RoundCriterionFactory(round=round_, weight=2)
    must = RoundCriterionFactory(round=round_, is_must_have=True)
    own = nominate(agency_user, round_, status=S.SUBMITTED, full_name="Ứng Viên Cùng Cơ Quan")
    other_user = nominator()
    invite(round_, other_user.agency)
    other = nominate(other_user, round_, status=S.SUBMITTED, full_name="Ứng Viên Cơ Quan Khác")
    reviewer = board_user(agency=agency_user.agency)
    client.force_login(reviewer)

    html = client.get(f"{LIST}scoring/").content.decode()
    assert "Ứng Viên Cơ Quan Khác" in html and "Ứng Viên Cùng Cơ Quan" not in html
    assert client.get(f"{LIST}scoring/{own.pk}/").status_code == 404
    assert client.post(f"{LIST}scoring/{own.pk}/", {f"c{criterion.pk}": 9, f"c{must.pk}": 1}).status_code == 404

    response = client.post(f"{LIST}scoring/{other.pk}/", {f"c{criterion.pk}": 7, f"c{must.pk}": 1})
    assert response.status_code == 302
    assert str(Review.objects.get(nomination=other, reviewer=reviewer).total) == "70.0"
    response = client.post(f"{LIST}scoring/{other.pk}/", {f"c{criterion.pk}": 11, f"c{must.pk}": 1})
    assert response.status_code == 200 and response.context["form"].errors


def test_round_and_agency_with_nominations_cannot_be_deleted(client, board, round_, agency_user):
    nominate(agency_user, round_)

    client.post(f"/admin/snippets/training/nominationround/delete/{round_.pk}/")
    client.post(f"/admin/snippets/portal/agency/delete/{agency_user.agency.pk}/")

    assert NominationRound.objects.filter(pk=round_.pk).exists()
    assert agency_user.agency.__class__.objects.filter(pk=agency_user.agency.pk).exists()
    assert Nomination.objects.count() == 1


def test_board_creates_round_with_criteria_and_quotas(client, board, agency_user):
    response = client.post(
        "/admin/snippets/training/nominationround/add/",
        {
            "title": "Đợt 2 năm 2023", "year": 2023, "opens_at": "2023-01-05 08:00", "closes_at": "2023-02-28 17:00",
            "target_trainers": 150, "target_year": 2025, "is_published": "on",
            "criteria_text": rich_text("<p>Tiêu chí chung</p>"),
            "criteria-TOTAL_FORMS": 1, "criteria-INITIAL_FORMS": 0, "criteria-MIN_NUM_FORMS": 0,
            "criteria-MAX_NUM_FORMS": 1000, "criteria-0-text": "Tốt nghiệp đại học", "criteria-0-weight": 2,
            "criteria-0-is_must_have": "on", "criteria-0-ORDER": 1, "criteria-0-id": "", "criteria-0-DELETE": "",
            "quotas-TOTAL_FORMS": 1, "quotas-INITIAL_FORMS": 0, "quotas-MIN_NUM_FORMS": 0, "quotas-MAX_NUM_FORMS": 1000,
            "quotas-0-agency": agency_user.agency.pk, "quotas-0-quota": 4, "quotas-0-deadline_extension": "",
            "quotas-0-ORDER": 1, "quotas-0-id": "", "quotas-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    created = NominationRound.objects.get(title="Đợt 2 năm 2023")
    assert created.closes_at.hour == 10  # 17:00 in Asia/Ho_Chi_Minh is 10:00 UTC
    assert list(created.criteria.values_list("text", "is_must_have")) == [("Tốt nghiệp đại học", True)]
    assert created.quotas.get().quota == 4


def test_scoring_list_round_filter_reads_only_ascii_ids(client, board, round_, agency_user):
    """'?round=' with Arabic-Indic digits or 40 digits is no round at all: the whole queue, never a 500."""
    nominate(agency_user, round_, status=S.SUBMITTED, full_name="Ứng Viên Vòng Một")
    arabic = str(round_.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for typed in (arabic, "9" * 40):
        response = client.get(f"{LIST}scoring/", {"round": typed})
        assert response.status_code == 200
        assert response.context["current"] is None
        assert "Ứng Viên Vòng Một" in response.content.decode()
    assert client.get(f"{LIST}scoring/", {"round": str(round_.pk)}).context["current"] == round_
