"""Everything held about a person: found across the apps, exported, erased on request with the statistics intact
and certificates still verifiable (portal.personal_data.service)."""

import io
import json
from datetime import date, timedelta

import pypdf
import pytest
from django.core import serializers
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import attendance_certificates
from events import services as event_services
from events.models import Delegate, EventPage, Registration
from portal.models import ErasureRecord, User
from portal.personal_data.service import (
    ERASED_BIRTH_DATE,
    ERASED_NAME,
    Person,
    PersonalDataError,
    erase_person,
    export_person,
    search,
)
from tests.factories.events import event_index, make_event, registration_data, study_tour_kind
from tests.factories.portal import PASSWORD, AgencyFactory, UserFactory, board_user, nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from tests.factories.training_cohorts import issued_certificate
from training.certificates import services as certificates
from training.models import Attendance, Certificate, Enrolment, Nomination, TrainerProfile

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE, BORN = "Hồ Quang Bửu", "buu@example.vn", "0905777888", date(1979, 2, 3)
OTHER_NAME, OTHER_EMAIL = "Phan Thị Khác", "khac@example.vn"


@pytest.fixture
def board():
    return board_user(username="bandieuhanh")


@pytest.fixture
def world(home, board):
    """The person (trainee with a certificate, registrant with a certificate of attendance, study-tour delegate)
    and another person with the same kinds of records."""
    certificate = issued_certificate(board=board, full_name=NAME, email=EMAIL, phone=PHONE, date_of_birth=BORN)
    other_certificate = issued_certificate(board=board, full_name=OTHER_NAME, email=OTHER_EMAIL)
    person = certificate.holder
    person.set_password(PASSWORD)
    person.save()

    index = event_index(home)
    event = make_event(index, title="Hội nghị mạng lưới CLB khởi nghiệp")
    mine = event_services.register(event, **registration_data(full_name=NAME, email=EMAIL, phone=PHONE), user=person)
    theirs = event_services.register(event, **registration_data(full_name=OTHER_NAME, email=OTHER_EMAIL))
    start = timezone.now() - timedelta(days=1)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=8))
    event.refresh_from_db()
    event_services.mark_attendance([mine, theirs], attended=True)
    attendance = attendance_certificates.issue_attendance_certificates(event, board)

    tour = make_event(index, title="Đoàn khảo sát Huế", kind=study_tour_kind(), delegates_only=True)
    agency = AgencyFactory(name="UBND thành phố Tam Kỳ")
    event_services.nominate_delegate(tour, full_name=NAME, email=EMAIL, agency=agency, consent=True)
    event_services.nominate_delegate(tour, full_name=OTHER_NAME, email=OTHER_EMAIL, agency=agency, consent=True)

    # a second nomination of the person, in a later round, by another agency
    round_ = NominationRoundFactory()
    sender = nominator(agency)
    invite(round_, agency, quota=3)
    nominate(
        sender, round_, full_name=NAME, email=EMAIL, phone=PHONE, date_of_birth=BORN, internal_notes="Ứng viên rất tốt"
    )
    return {
        "person": person,
        "certificate": certificate,
        "other_certificate": other_certificate,
        "attendance": {c.holder_name: c for c in attendance},
        "event": event,
        "tour": tour,
    }


def statistics():
    """What the Board's reports count: none of it may change when a person is erased."""

    def per(queryset, *fields):
        return sorted(tuple(row.values()) for row in queryset.values(*fields).annotate(n=Count("pk")).order_by())

    return {
        "nominations per agency, round, status": per(Nomination.objects, "agency", "round", "status"),
        "nominations per gender": per(Nomination.objects, "gender"),
        "enrolments per cohort": per(Enrolment.objects, "cohort", "status"),
        "attendance": per(Attendance.objects, "session", "status"),
        "registrations per event": per(Registration.objects, "event", "status", "attended"),
        "delegates per tour and agency": per(Delegate.objects, "event", "agency"),
        "certificates per kind and year": per(Certificate.objects.valid(), "kind", "issued_on__year"),
        "trainers per status": per(TrainerProfile.objects, "status", "unit"),
        "accounts": User.objects.count(),
    }


def everything_stored():
    """Every row of our apps and the audit log as text, to search for what must be gone."""
    from django.apps import apps

    models = [
        *apps.get_app_config("portal").get_models(),
        *apps.get_app_config("training").get_models(),
        *apps.get_app_config("events").get_models(),
        ModelLogEntry,
    ]
    rows = []
    for model in models:
        rows += json.loads(serializers.serialize("json", model._default_manager.all()))
    return json.dumps(rows, ensure_ascii=False)


def pdf_text(body):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def test_export_holds_the_persons_records_and_nobody_elses(world, board):
    export = export_person(Person.lookup(user=world["person"]), board)
    data = export["Dữ liệu"]
    assert len(data["Hồ sơ đề cử giảng viên nguồn"]) == 2
    assert {row["Họ và tên"] for row in data["Hồ sơ đề cử giảng viên nguồn"]} == {NAME}
    assert data["Hồ sơ đề cử giảng viên nguồn"][1]["Ghi chú nội bộ"] == "Ứng viên rất tốt"
    assert data["Hồ sơ đề cử giảng viên nguồn"][0]["Ngày sinh"] == "1979-02-03"
    assert "Ban Điều hành xử lý họ tên" in data["Hồ sơ đề cử giảng viên nguồn"][0]["Nội dung thông báo đã đồng ý"]
    assert len(data["Học viên của lớp"]) == 1 and len(data["Điểm danh"]) == 2
    assert [row["Số hiệu"] for row in data["Giấy chứng nhận"]] == [world["certificate"].serial]
    assert [row["Số hiệu"] for row in data["Giấy chứng nhận tham dự"]] == [world["attendance"][NAME].serial]
    assert [row["Thư điện tử"] for row in data["Đăng ký tham dự sự kiện"]] == [EMAIL]
    assert data["Đăng ký tham dự sự kiện"][0]["Đồng ý xử lý dữ liệu lúc"]
    assert [row["Họ và tên"] for row in data["Thành viên đoàn công tác"]] == [NAME]
    assert data["Tài khoản"][0]["Địa chỉ thư điện tử"] == EMAIL
    assert len(data["Hồ sơ giảng viên nguồn"]) == 1
    assert any(row["Thao tác"] == "events.register" for row in data["Nhật ký thao tác trên hồ sơ của người này"])
    text = json.dumps(export, ensure_ascii=False)
    assert OTHER_NAME not in text and OTHER_EMAIL not in text
    assert world["other_certificate"].serial not in text


def test_person_found_by_email_alone_is_the_same_person(world, board):
    by_account = export_person(Person.lookup(user=world["person"]), board)["Dữ liệu"]
    by_email = export_person(Person.lookup(email=" BUU@example.vn "), board)["Dữ liệu"]
    assert by_email == by_account


def test_search_finds_the_person_without_diacritics_once_per_account(world):
    rows = search("ho quang buu")
    assert [(row.name, row.user) for row in rows] == [(NAME, world["person"])]
    assert "Hồ sơ đề cử giảng viên nguồn" in rows[0].sources
    assert search("x") == []


def test_erasure_anonymises_every_personal_field_and_keeps_the_statistics(world, board):
    before = statistics()
    other_before = export_person(Person.lookup(email=OTHER_EMAIL), board)["Dữ liệu"]
    assert NAME in everything_stored()

    record = erase_person(Person.lookup(user=world["person"]), board, reference="Đơn số 12/2026", reason="Yêu cầu")

    assert statistics() == before
    stored = everything_stored()
    for value in (NAME, EMAIL, PHONE, "Ứng viên rất tốt", "1979-02-03"):
        assert value not in stored, value
    for nomination in Nomination.objects.filter(full_name=ERASED_NAME):
        assert (nomination.date_of_birth, nomination.phone, nomination.workplace) == (ERASED_BIRTH_DATE, "", "")
        assert nomination.email.endswith("@an-danh.invalid")
        assert (nomination.experience, nomination.motivation, nomination.internal_notes) == ("", "", "")
    assert Nomination.objects.filter(full_name=ERASED_NAME).count() == 2
    person = User.objects.get(pk=world["person"].pk)
    assert (person.username, person.email, person.is_active, person.has_usable_password()) == (
        f"da-xoa-{person.pk}", "", False, False
    )
    assert not person.groups.exists()
    assert TrainerProfile.objects.get(user=person).display_name == ERASED_NAME
    assert export_person(Person.lookup(email=OTHER_EMAIL), board)["Dữ liệu"] == other_before
    assert record.counts["training.nomination"] == 2 and record.counts["events.registration"] == 1
    assert (record.actor, record.reference) == (board, "Đơn số 12/2026")
    assert NAME not in json.dumps(serializers.serialize("json", ErasureRecord.objects.all()), ensure_ascii=False)


def test_erased_certificates_stay_valid_verifiable_and_nameless(world, board, client):
    erase_person(Person.lookup(user=world["person"]), board, reference="Đơn số 12/2026")

    for certificate in (world["certificate"], world["attendance"][NAME]):
        certificate.refresh_from_db()
        state, found = certificates.verify(certificate.code)
        assert (state, found) == (certificates.VALID, certificate)
        page = client.get(f"/tot/xac-minh/{certificate.code}/").content.decode()
        assert 'data-state="valid"' in page
        assert "Đã cấp — thông tin người được cấp đã được ẩn theo yêu cầu" in page
        assert NAME not in page
        text = pdf_text(certificates.certificate_pdf(certificate)[0])
        assert NAME not in text and "Bửu" not in text
        assert certificate.serial in text and certificates.HOLDER_WITHHELD in text

    client.force_login(board)
    response = client.get(f"/ca-nhan/giay-chung-nhan/tot/{world['certificate'].pk}.pdf")
    assert response.status_code == 200 and NAME not in pdf_text(response.content)
    # the other person's certificate is untouched
    page = client.get(f"/tot/xac-minh/{world['other_certificate'].code}/").content.decode()
    assert OTHER_NAME in page and "ẩn theo yêu cầu" not in page


def test_erased_person_cannot_log_in_and_is_logged_out(world, board, client):
    username = world["person"].username
    client.force_login(world["person"])
    assert client.get("/ca-nhan/giay-chung-nhan/").status_code == 200

    erase_person(Person.lookup(user=world["person"]), board, reference="Đơn số 12/2026")

    assert client.get("/ca-nhan/giay-chung-nhan/").status_code == 302  # the open session ended
    assert not client.login(username=username, password=PASSWORD)
    assert not client.login(username=f"da-xoa-{world['person'].pk}", password=PASSWORD)
    fresh = Client()
    response = fresh.post("/tai-khoan/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    assert fresh.get("/ca-nhan/giay-chung-nhan/").status_code == 302


def test_erasing_twice_is_harmless(world, board):
    erase_person(Person.lookup(user=world["person"]), board, reference="Đơn số 12/2026")
    after_first, stored = statistics(), everything_stored()

    person = User.objects.get(pk=world["person"].pk)
    erase_person(Person.lookup(user=person), board, reference="Đơn số 12/2026")
    assert statistics() == after_first
    assert ErasureRecord.objects.count() == 2
    assert NAME not in everything_stored()
    assert stored  # (the second run only adds its ErasureRecord)

    with pytest.raises(PersonalDataError, match="Không tìm thấy dữ liệu nào"):
        erase_person(Person.lookup(email=EMAIL), board, reference="Đơn số 12/2026")


@pytest.mark.parametrize(
    ("actor", "reference", "message"),
    [
        ("board", "", "Cần ghi số hoặc mã của yêu cầu"),
        ("nominator", "Đơn 1", "Chỉ Ban Điều hành"),
        ("anyone", "Đơn 1", "Chỉ Ban Điều hành"),
    ],
)
def test_erasure_refused_changes_nothing(world, board, actor, reference, message):
    actors = {"board": board, "nominator": nominator(), "anyone": UserFactory()}
    stored = everything_stored()
    with pytest.raises(PersonalDataError, match=message):
        erase_person(Person.lookup(user=world["person"]), actors[actor], reference=reference)
    assert everything_stored() == stored and not ErasureRecord.objects.exists()


def test_board_cannot_erase_their_own_account_or_a_superuser(board):
    with pytest.raises(PersonalDataError, match="chính tài khoản"):
        erase_person(Person.lookup(user=board), board, reference="Đơn 1")
    root = UserFactory(is_superuser=True)
    with pytest.raises(PersonalDataError, match="quản trị cao nhất"):
        erase_person(Person.lookup(user=root), board, reference="Đơn 1")


def test_erasure_removes_second_factor_devices_and_login_records(world, board, client):
    from axes.models import AccessAttempt, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    person = world["person"]
    TOTPDevice.objects.create(user=person, name="Điện thoại của Bửu", confirmed=True)
    AccessLog.objects.create(username=person.username, ip_address="203.0.113.7", user_agent="Firefox")
    AccessAttempt.objects.create(
        username=person.username, ip_address="203.0.113.7", user_agent="Firefox", failures_since_start=1
    )
    account = export_person(Person.lookup(user=person), board)["Dữ liệu"]["Tài khoản"][0]
    assert account["Thiết bị xác thực hai bước"] == ["Điện thoại của Bửu"]
    assert [row["Địa chỉ mạng"] for row in account["Nhật ký đăng nhập"]] == ["203.0.113.7", "203.0.113.7"]

    erase_person(Person.lookup(user=person), board, reference="Đơn số 12/2026")
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()


def test_reissued_certificate_of_an_erased_holder_stays_nameless(world, board):
    erase_person(Person.lookup(user=world["person"]), board, reference="Đơn số 12/2026")
    for old in (world["certificate"], world["attendance"][NAME]):
        old.refresh_from_db()
        new = certificates.reissue(old, board, reason="Sai ngày")
        assert new.holder_withheld and new.holder_name == ERASED_NAME
        assert NAME not in pdf_text(certificates.certificate_pdf(new)[0])


def test_erasure_frees_places_at_upcoming_events_and_issues_no_new_certificate(
    home, board, mailoutbox, django_capture_on_commit_callbacks
):
    index = event_index(home)
    upcoming = make_event(index, title="Ngày hội khởi nghiệp", capacity=1)
    person = UserFactory(email=EMAIL)
    event_services.register(upcoming, **registration_data(full_name=NAME, email=EMAIL), user=person)
    waiting = event_services.register(upcoming, **registration_data(full_name=OTHER_NAME, email=OTHER_EMAIL))
    past = make_event(index, title="Cà phê khởi nghiệp")
    attended = event_services.register(past, **registration_data(full_name=NAME, email=EMAIL))
    start = timezone.now() - timedelta(days=1)
    EventPage.objects.filter(pk=past.pk).update(start=start, end=start + timedelta(hours=3))
    past.refresh_from_db()
    event_services.mark_attendance([attended], attended=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(Person.lookup(user=person), board, reference="Đơn số 13/2026")

    assert Registration.objects.get(event=upcoming, full_name=ERASED_NAME).status == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and [m.to for m in mailoutbox] == [[OTHER_EMAIL]]
    assert Registration.objects.get(pk=attended.pk).status == "confirmed"  # past events keep their figures
    assert attendance_certificates.issue_attendance_certificates(past, board) == []



# --- the reviews a person wrote, the conflicts of interest they declared -------------------------------------

WRITTEN_NOMINATION = "Phiếu chấm hồ sơ đề cử do người này chấm"
WRITTEN_COMPETITION = "Phiếu chấm dự thi do người này chấm"
RECUSALS = "Khai báo xung đột lợi ích của người này"
NOMINATION_RECUSALS = "Khai báo xung đột lợi ích với hồ sơ đề cử"
PRIVATE_NOMINATION_REASON = "Ứng viên là cháu ruột của tôi QZXCHAU"
PRIVATE_REASON = "Người dự thi là em họ của tôi QZXRIENGTU"


@pytest.fixture
def reviewing(site_tree):
    """A Board reviewer (the person) and a colleague who both score one nomination and one competition entry;
    the person scored a second entry, then declared a conflict on it; the colleague declared one on a third."""
    from ideas.competitions import services as competitions
    from tests.factories.competitions import apply, full_scores, make_competition
    from tests.factories.ideas import make_entry
    from tests.factories.training import RoundCriterionFactory
    from training.nominations import services as nominations

    person = board_user(username="giamkhao", last_name="Trương", first_name="Thị Giám Khảo", email="gk@example.vn")
    colleague = board_user(username="dongnghiep", email="dn@example.vn")
    round_ = NominationRoundFactory(title="Đợt tuyển chọn QZXDOT")
    criterion = RoundCriterionFactory(round=round_, weight=1)
    agency = AgencyFactory()
    invite(round_, agency)
    nomination = nominate(nominator(agency), round_, status="submitted", full_name="Lê Văn Ứng Viên")
    mine = nominations.score(nomination, person, {criterion: 8}, comment="Kinh nghiệm vững QZXCUATOI")
    theirs = nominations.score(nomination, colleague, {criterion: 4}, comment="Thiếu minh chứng QZXCUAHO")
    relative = nominate(nominator(agency), round_, status="submitted", full_name="Trương Văn Cháu")
    nomination_recusal = nominations.recuse(relative, person, reason=PRIVATE_NOMINATION_REASON)

    owner = UserFactory()
    competition = make_competition(reviewers=[person, colleague], title="Giải QZXGIAI")
    titles = ("Gốm Thanh Hà", "Chè Trà My", "Yến Hội An")
    scored, recused, other = (apply(owner, competition, make_entry(owner, title=title)) for title in titles)
    mine_c = competitions.score(person, scored, full_scores(competition, 8), comment="Ý tưởng tốt QZXCUATOI2")
    theirs_c = competitions.score(colleague, scored, full_scores(competition, 6), comment="Chưa khả thi QZXCUAHO2")
    competitions.score(person, recused, full_scores(competition, 9), comment="Đã chấm rồi rút QZXDARUT")
    recusal = competitions.recuse(person, recused, reason=PRIVATE_REASON)
    their_recusal = competitions.recuse(colleague, other, reason="Đối tác kinh doanh QZXRIENGTUHO")
    return {
        "person": person, "colleague": colleague, "nomination": nomination, "round": round_, "review": mine,
        "their_review": theirs, "competition_review": mine_c, "their_competition_review": theirs_c,
        "recusal": recusal, "their_recusal": their_recusal, "scored": scored, "recused": recused,
        "nomination_recusal": nomination_recusal, "relative": relative,
    }


def rows_of_every_model():
    """{(model, pk): fields} of every row of our apps and the audit log, to see exactly what an erasure changed."""
    from django.apps import apps

    apps_ = ("portal", "training", "events", "ideas")
    models = [model for app in apps_ for model in apps.get_app_config(app).get_models()]
    rows = {}
    for model in [*models, ModelLogEntry]:
        for row in json.loads(serializers.serialize("json", model._default_manager.all())):
            rows[(row["model"], row["pk"])] = row["fields"]
    return rows


def test_export_holds_the_reviews_the_person_wrote_and_the_conflicts_they_declared(reviewing, board):
    data = export_person(Person.lookup(user=reviewing["person"]), board)["Dữ liệu"]
    review, competition_review, recusal = (reviewing[key] for key in ("review", "competition_review", "recusal"))
    assert data[WRITTEN_NOMINATION] == [{
        "Mã bản ghi": review.pk, "Điểm (thang 100)": "80.0", "Không đạt tiêu chí bắt buộc": False,
        "Nhận xét": "Kinh nghiệm vững QZXCUATOI", "Cập nhật": timezone.localtime(review.updated_at).isoformat(),
        "Hồ sơ đề cử": "Lê Văn Ứng Viên", "Đợt tuyển chọn": "Đợt tuyển chọn QZXDOT",
    }]
    assert data[WRITTEN_COMPETITION] == [{
        "Mã bản ghi": competition_review.pk, "Điểm (thang 100)": "80.0", "Không đạt tiêu chí bắt buộc": False,
        "Nhận xét": "Ý tưởng tốt QZXCUATOI2",
        "Cập nhật": timezone.localtime(competition_review.updated_at).isoformat(),
        "Hồ sơ dự thi": "Gốm Thanh Hà – Giải QZXGIAI",
    }]  # the review withdrawn by the recusal is gone from the table: it is in the audit log (below)
    assert data[RECUSALS] == [{
        "Mã bản ghi": recusal.pk, "Lý do": PRIVATE_REASON, "Thời điểm": timezone.localtime(recusal.at).isoformat(),
        "Hồ sơ dự thi": "Chè Trà My – Giải QZXGIAI",
    }]
    nomination_recusal = reviewing["nomination_recusal"]
    assert data[NOMINATION_RECUSALS] == [{
        "Mã bản ghi": nomination_recusal.pk, "Lý do": PRIVATE_NOMINATION_REASON,
        "Thời điểm": timezone.localtime(nomination_recusal.at).isoformat(), "Hồ sơ đề cử": "Trương Văn Cháu",
    }]
    assert [row["Thao tác"] for row in data["Nhật ký thao tác do người này thực hiện"]] == [
        "ideas.competition_review_withdrawn"
    ]
    # reviews OF the person's records: they have none
    assert "Phiếu chấm hồ sơ" not in data and "Phiếu chấm hồ sơ dự thi của người này" not in data
    text = json.dumps(data, ensure_ascii=False)
    assert "QZXCUAHO" not in text and "QZXRIENGTUHO" not in text and "Yến Hội An" not in text


def test_another_reviewers_export_holds_none_of_the_persons_reviews(reviewing, board):
    data = export_person(Person.lookup(user=reviewing["colleague"]), board)["Dữ liệu"]
    assert [row["Mã bản ghi"] for row in data[WRITTEN_NOMINATION]] == [reviewing["their_review"].pk]
    assert [row["Mã bản ghi"] for row in data[WRITTEN_COMPETITION]] == [reviewing["their_competition_review"].pk]
    assert [row["Mã bản ghi"] for row in data[RECUSALS]] == [reviewing["their_recusal"].pk]
    text = json.dumps(data, ensure_ascii=False)
    assert "QZXCUATOI" not in text and PRIVATE_REASON not in text and "QZXCHAU" not in text
    assert NOMINATION_RECUSALS not in data


def test_erasure_keeps_the_written_reviews_and_only_clears_the_recusal_reason(reviewing, board):
    from ideas.competitions.models import CompetitionEntry
    from ideas.competitions.rules import has_conflict_of_interest
    from training.nominations.rules import has_conflict_of_interest as nomination_has_conflict

    person, recusal = reviewing["person"], reviewing["recusal"]
    before = rows_of_every_model()

    record = erase_person(Person.lookup(user=person), board, reference="Đơn số 20/2026")

    after = rows_of_every_model()
    changed = {key for key in before if before[key] != after.get(key)}
    nomination_recusal = reviewing["nomination_recusal"]
    assert changed == {
        ("portal.user", person.pk), ("ideas.competitionrecusal", recusal.pk),
        ("training.recusal", nomination_recusal.pk),
    }
    assert after[("training.recusal", nomination_recusal.pk)] == {
        **before[("training.recusal", nomination_recusal.pk)], "reason": ERASED_NAME
    }
    assert set(after) - set(before) == {("portal.erasurerecord", record.pk)}
    assert after[("ideas.competitionrecusal", recusal.pk)] == {
        **before[("ideas.competitionrecusal", recusal.pk)], "reason": ERASED_NAME
    }
    assert PRIVATE_REASON not in everything_stored() and PRIVATE_NOMINATION_REASON not in everything_stored()
    assert nomination_has_conflict(User.objects.get(pk=person.pk), reviewing["relative"])
    # the conflict stays on record: the entry is still not the (former) reviewer's to score
    person = User.objects.get(pk=person.pk)
    assert has_conflict_of_interest(person, CompetitionEntry.objects.get(pk=reviewing["recused"].pk))
    # what the recusal withdrew stays in the audit log, as the scores it kept do
    withdrawn = ModelLogEntry.objects.get(action="ideas.competition_review_withdrawn")
    assert (withdrawn.user_id, withdrawn.data["comment"]) == (person.pk, "Đã chấm rồi rút QZXDARUT")
    assert {kind: record.counts[kind] for kind in record.counts if "review" in kind or "recusal" in kind} == {
        "training.review_written": 1, "ideas.competitionreview_written": 1, "ideas.competitionrecusal": 1,
        "training.recusal": 1,
    }


def test_export_queries_do_not_grow_with_the_reviews(reviewing, board):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ideas.competitions import services as competitions
    from tests.factories.competitions import apply, full_scores
    from tests.factories.ideas import make_entry
    from training.nominations import services as nominations

    person = Person.lookup(user=reviewing["person"])

    def queries():
        with CaptureQueriesContext(connection) as context:
            export_person(person, board)
        return len(context)

    queries()  # caches warmed (content types, settings)
    first = queries()
    competition, round_ = reviewing["scored"].competition, reviewing["round"]
    criteria = {c: 7 for c in round_.criteria.all()}
    for i in range(3):
        owner = UserFactory()
        agency = AgencyFactory()
        invite(round_, agency)
        nomination = nominate(nominator(agency), round_, status="submitted", full_name=f"Ứng viên {i}")
        nominations.score(nomination, reviewing["person"], criteria, comment=f"Nhận xét {i}")
        entry = apply(owner, competition, make_entry(owner, title=f"Ý tưởng {i}"))
        competitions.score(reviewing["person"], entry, full_scores(competition), comment=f"Nhận xét {i}")
        competitions.recuse(reviewing["person"], apply(owner, competition, make_entry(owner)), reason=f"Lý do {i}")
        nominations.recuse(nominate(nominator(agency), round_, status="submitted"), reviewing["person"], reason="Họ")
    data = export_person(person, board)["Dữ liệu"]
    assert (len(data[WRITTEN_NOMINATION]), len(data[WRITTEN_COMPETITION]), len(data[RECUSALS])) == (4, 4, 4)
    assert len(data[NOMINATION_RECUSALS]) == 4
    assert queries() == first


def test_every_kind_has_its_own_label():
    """The export is keyed by label: two kinds under one label would lose one of them."""
    from portal.personal_data.service import kind_labels

    labels = [str(label) for label in kind_labels().values()]
    assert len(labels) == len(set(labels))
