"""Demo course, cohort, attendance, trainers and certificates, built through the services.

The pilot round's accepted candidates (Tam Kỳ, nominated by `daumoi`) show each cohort state: "Lớp ToT khóa 1"
is running (sessions held with attendance, sessions to come shown as planned, one trainee at risk, one who can no
longer complete); "khóa 0" is closed (everyone completed, certificates issued, then closed by the Board);
"khóa 1b" finished last month and waits to be closed (one result missing); "khóa 2" is planned, with a postponed
session. Hồ Quang Bửu (`giangvien`, matched by e-mail) completed khóa 0, co-delivered trainings at clubs, is a
certified source trainer on the public register and holds a valid certificate and a revoked one.
Idempotent: does nothing if the course exists.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from clubs.models import ClubPage
from portal.models import Agency
from portal.personal_data import notices
from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.cohorts import services as cohort_services
from training.cohorts.enums import AttendanceStatus
from training.cohorts.models import Cohort, Course, PracticumDelivery, Session, TrainerProfile
from training.nominations import services as nomination_services
from training.nominations.enums import Gender, NominationStatus
from training.nominations.models import AgencyQuota, BoardDecision, Nomination, NominationRound

COURSE_TITLE = "Giảng viên nguồn khởi nghiệp đổi mới sáng tạo"
PILOT_ROUND = "Đợt thí điểm tuyển chọn giảng viên nguồn (lớp khóa 1)"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TRAINEES = [
    ("Hồ Quang Bửu", Gender.MALE, "giangvien@example.vn", ["du lịch số", "sản phẩm OCOP"]),
    ("Nguyễn Thị Ánh", Gender.FEMALE, "anh.nguyen@example.vn", ["nông nghiệp hữu cơ"]),
    ("Trần Văn Đức", Gender.MALE, "duc.tran@example.vn", ["chuyển đổi số"]),
    ("Lê Thị Hồng Nhung", Gender.FEMALE, "nhung.le@example.vn", ["du lịch nông nghiệp – nông thôn"]),
    ("Phạm Quốc Việt", Gender.MALE, "viet.pham@example.vn", ["công nghiệp số, phần mềm"]),
    ("Huỳnh Thị Mỹ Lệ", Gender.FEMALE, "le.huynh@example.vn", ["sản phẩm OCOP"]),
]
TOPICS = [
    "Khai giảng; hệ sinh thái khởi nghiệp đổi mới sáng tạo Quảng Nam",
    "Tư duy khởi nghiệp và phát hiện cơ hội",
    "Mô hình kinh doanh Canvas",
    "Kỹ năng giảng dạy cho người lớn",
    "Gọi vốn và kết nối nhà đầu tư",
    "Sở hữu trí tuệ cho dự án khởi nghiệp",
    "Thực hành giảng dạy theo nhóm",
    "Tổng kết, đánh giá cuối khóa",
]


def accepted_pilot_nominations(board):
    """The pilot round's candidates, nominated by Tam Kỳ and accepted, through the nominations' services."""
    agency = Agency.objects.filter(slug="ubnd-thanh-pho-tam-ky").first()
    actor = get_user_model().objects.filter(username="daumoi").first()
    if agency is None or actor is None:
        return None
    now = timezone.now()
    round_ = NominationRound.objects.filter(title=PILOT_ROUND).first()
    if round_ is None:
        round_ = NominationRound.objects.create(
            title=PILOT_ROUND,
            year=2022,
            opens_at=now - datetime.timedelta(days=120),
            closes_at=now + datetime.timedelta(days=1),
            target_trainers=150,
            target_year=2025,
            is_published=False,
        )
        AgencyQuota.objects.create(round=round_, agency=agency, quota=len(TRAINEES))
    decision, _created = BoardDecision.objects.get_or_create(
        number="08/QĐ-BĐH",
        date=datetime.date(2022, 3, 10),
        defaults={"summary": "Phê duyệt danh sách học viên lớp ToT khóa 1", "round": round_},
    )
    nominations = []
    for index, (name, gender, email, sectors) in enumerate(TRAINEES):
        nomination = Nomination.objects.filter(round=round_, email=email).first()
        if nomination is None:
            nomination = Nomination(
                round=round_,
                agency=agency,
                full_name=name,
                gender=gender,
                date_of_birth=datetime.date(1980 + index, 3 + index, 10 + index),
                position="Chuyên viên",
                workplace="UBND thành phố Tam Kỳ",
                phone=f"0905{index:02d}1234",
                email=email,
                experience="Cố vấn cho các dự án khởi nghiệp của thanh niên tại địa phương.",
                **notices.consented(notices.NOMINATION),
            )
            nomination_services.save_draft(nomination, actor, sectors=sectors)
            nomination_services.submit(
                nomination,
                actor,
                new_dispatch={
                    "number": f"{40 + index}/UBND-KT",
                    "date": timezone.localdate() - datetime.timedelta(days=100),
                    "file": ContentFile(PDF, name="cong-van.pdf"),
                },
            )
            nomination_services.prepare_decision(nomination, board, NominationStatus.ACCEPTED, decision=decision)
            nomination_services.release_decisions(board, nominations=[nomination])
            nomination.refresh_from_db()
        nominations.append(nomination)
    return [n for n in nominations if n.status == NominationStatus.ACCEPTED], decision


def seed():
    board = get_user_model().objects.filter(username="bandieuhanh").first()
    if board is None or Course.objects.filter(title=COURSE_TITLE).exists():
        return
    result = accepted_pilot_nominations(board)
    if not result:
        return
    nominations, decision = result
    today = timezone.localdate()
    course = Course.objects.create(
        title=COURSE_TITLE,
        description="Khóa đào tạo giảng viên nguồn theo Đề án của Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh.",
        min_attendance_percent=80,
        must_pass_assessment=True,
        practicum_sessions_required=2,
        validity_months=36,
    )
    first_day = today - datetime.timedelta(days=35)
    cohort = Cohort.objects.create(
        course=course,
        name="Lớp ToT khóa 1 – Tam Kỳ",
        start_date=first_day,
        end_date=first_day + datetime.timedelta(days=7 * (len(TOPICS) - 1)),
        venue="Hội trường Sở Khoa học và Công nghệ, Tam Kỳ",
        capacity=25,
        decision=decision,
    )
    cohort.trainers.add(board)
    sessions = []
    for index, topic in enumerate(TOPICS):
        sessions.append(
            cohort_services.save_session(
                Session(
                    cohort=cohort,
                    date=first_day + datetime.timedelta(days=7 * index),
                    starts_at=datetime.time(8),
                    ends_at=datetime.time(11, 30),
                    topic=topic,
                    lecturer="TS. Lê Minh Châu" if index % 2 else "ThS. Nguyễn Văn Hòa",
                    place="Phòng họp tầng 3",
                ),
                board,
            )
        )
    enrolments = cohort_services.enrol(cohort, nominations, board)
    held = [s for s in sessions if s.date < today]
    marks = {}
    for position, enrolment in enumerate(enrolments):
        for index, session in enumerate(held):
            if position == 3 and index % 2:  # one trainee at risk
                marks[(enrolment.pk, session.pk)] = AttendanceStatus.ABSENT
            elif position == 4 and index == 1:
                marks[(enrolment.pk, session.pk)] = AttendanceStatus.EXCUSED
            elif position == 2 and index == 2:
                marks[(enrolment.pk, session.pk)] = AttendanceStatus.LATE
            else:
                marks[(enrolment.pk, session.pk)] = AttendanceStatus.PRESENT
    cohort_services.record_attendance(cohort, board, marks)

    # Hồ Quang Bửu and Nguyễn Thị Ánh took an early, complete course: the demo's finished trainees.
    done_cohort = Cohort.objects.create(
        course=course,
        name="Lớp ToT khóa 0 – thí điểm",
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=180),
        venue="Trường Đại học Quảng Nam",
        capacity=10,
        decision=decision,
    )
    done_sessions = [
        cohort_services.save_session(
            Session(
                cohort=done_cohort,
                date=done_cohort.start_date + datetime.timedelta(days=index * 5),
                starts_at=datetime.time(13, 30),
                ends_at=datetime.time(17),
                topic=topic,
                lecturer="TS. Lê Minh Châu",
            ),
            board,
        )
        for index, topic in enumerate(TOPICS[:4])
    ]
    finished = cohort_services.enrol(done_cohort, nominations[:2], board)
    cohort_services.record_attendance(
        done_cohort, board, {(e.pk, s.pk): AttendanceStatus.PRESENT for e in finished for s in done_sessions}
    )
    cohort_services.record_results(done_cohort, board, {finished[0].pk: (9.0, True), finished[1].pk: (8.5, True)})
    cohort_services.mark_completed(done_cohort, board, [e.pk for e in finished], today=today)
    issued = certificates.issue_for_cohort(
        done_cohort, CertificateKind.COMPLETION, board, issued_on=done_cohort.end_date + datetime.timedelta(days=3)
    )

    buu = TrainerProfile.objects.get(user=finished[0].user)
    clubs = list(ClubPage.objects.live().order_by("pk")[:3])
    for index, club in enumerate(clubs):
        delivery = PracticumDelivery(
            trainer=buu,
            date=today - datetime.timedelta(days=150 - index * 20),
            club=club,
            topic=[
                "Cà phê khởi nghiệp: từ ý tưởng đến dự án",
                "Mô hình Canvas cho hộ kinh doanh",
                "Bán hàng trực tuyến sản phẩm OCOP",
            ][index],
            participants=[35, 48, 60][index],
        )
        cohort_services.log_delivery(delivery, buu.user)
        if index < 2:
            cohort_services.confirm_delivery(delivery, board, today=today - datetime.timedelta(days=100))
    buu.refresh_from_db()
    TrainerProfile.objects.filter(pk=buu.pk).update(
        unit=clubs[0].unit if clubs else None,
        public_email="giangvien@example.vn",
        bio="Giảng viên nguồn về du lịch số và sản phẩm OCOP.",
    )
    buu.refresh_from_db()
    # the same door as the trainer's own form: the demo trainer agrees to be listed with workplace and e-mail
    cohort_services.record_register_consent(buu, show_on_register=True, show_workplace=True, show_email=True)
    certificates.issue_for_cohort(
        done_cohort, CertificateKind.CERTIFICATION, board, issued_on=today - datetime.timedelta(days=90)
    )
    # A completion certificate issued with a typo, revoked and issued again.
    buu_completion = next(c for c in issued if c.enrolment_id == finished[0].pk)
    certificates.reissue(buu_completion, board, "In sai ngày kết thúc khóa học; đã cấp lại.")
    cohort_services.close_cohort(done_cohort, board)
    seed_finished_and_planned(course, nominations, board, today)


def seed_finished_and_planned(course, nominations, board, today):
    """A cohort that finished last month and waits for a missing result, and one still to open."""
    ended = Cohort.objects.create(
        course=course,
        name="Lớp ToT khóa 1b – Hội An",
        start_date=today - datetime.timedelta(days=45),
        end_date=today - datetime.timedelta(days=30),
        venue="Trung tâm Văn hóa Hội An",
        capacity=10,
    )
    ended_sessions = [
        cohort_services.save_session(
            Session(
                cohort=ended,
                date=ended.start_date + datetime.timedelta(days=index * 5),
                starts_at=datetime.time(8),
                ends_at=datetime.time(11, 30),
                topic=topic,
            ),
            board,
        )
        for index, topic in enumerate(TOPICS[:4])
    ]
    trainees = cohort_services.enrol(ended, nominations[4:6], board)
    cohort_services.record_attendance(
        ended, board, {(e.pk, s.pk): AttendanceStatus.PRESENT for e in trainees for s in ended_sessions}
    )
    cohort_services.record_results(ended, board, {trainees[0].pk: (7.5, True)})
    cohort_services.mark_completed(ended, board, [trainees[0].pk])

    planned = Cohort.objects.create(
        course=course,
        name="Lớp ToT khóa 2 – Điện Bàn",
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=41),
        venue="UBND thị xã Điện Bàn",
        capacity=25,
    )
    for index, topic in enumerate(TOPICS[:4]):
        cohort_services.save_session(
            Session(
                cohort=planned,
                date=planned.start_date + datetime.timedelta(days=index * 7),
                starts_at=datetime.time(8),
                ends_at=datetime.time(11, 30),
                topic=topic,
                is_cancelled=index == 3,
                cancel_reason="Hoãn: trùng lịch hội nghị mạng lưới CLB; sẽ xếp lịch mới" if index == 3 else "",
            ),
            board,
        )
