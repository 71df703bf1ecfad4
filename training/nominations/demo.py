"""Demo ToT nominations, built through the services: an open round with criteria and quotas for several
agencies (the demo nominator `daumoi` is UBND thành phố Tam Kỳ's), nominations in every status, reviews,
a released decision and one prepared but not yet released, and the public ToT programme page."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from portal import roles
from portal.models import Agency, HomePage
from portal.personal_data import notices
from training.nominations import services
from training.nominations.enums import Gender
from training.nominations.enums import NominationStatus as S
from training.nominations.models import AgencyQuota, BoardDecision, Nomination, NominationRound, RoundCriterion
from training.pages import ProgrammePage

ROUND_TITLE = "Tuyển chọn giảng viên nguồn khởi nghiệp đổi mới sáng tạo năm 2022"
PROGRAMME_SLUG = "dao-tao-giang-vien-nguon"
CRITERIA = [
    ("Tốt nghiệp đại học trở lên", 1, True),
    ("Có kinh nghiệm hỗ trợ, tư vấn khởi nghiệp từ 2 năm", 3, False),
    ("Có kỹ năng thuyết trình, giảng dạy", 2, False),
    ("Cam kết tham gia giảng dạy tại địa phương đến năm 2025", 2, False),
]
# agency slug, quota, days of deadline extension (None: the common deadline)
QUOTAS = [
    ("ubnd-thanh-pho-tam-ky", 5, None),
    ("ubnd-thanh-pho-hoi-an", 4, None),
    ("ubnd-thi-xa-dien-ban", 3, 7),
    ("tinh-doan-quang-nam", 3, None),
    ("truong-dai-hoc-quang-nam", 4, None),
    ("hiep-hoi-doanh-nghiep-tinh", 3, None),
    ("so-cong-thuong", 2, None),
]
SECTORS = ["nông nghiệp hữu cơ", "du lịch số", "du lịch nông nghiệp – nông thôn", "công nghiệp số, phần mềm",
           "sản phẩm OCOP", "chuyển đổi số", "cơ khí, tự động hóa"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Hồ"]
GIVEN = [("Thị Bích Ngọc", Gender.FEMALE), ("Văn Hùng", Gender.MALE), ("Minh Châu", Gender.FEMALE),
         ("Quốc Dũng", Gender.MALE), ("Thị Hạnh", Gender.FEMALE), ("Hữu Nghĩa", Gender.MALE),
         ("Thanh Phương", Gender.FEMALE), ("Đức Trí", Gender.MALE)]
# Tam Kỳ (daumoi) shows every status; the others a few submissions and decisions.
PLAN = {
    "ubnd-thanh-pho-tam-ky": [S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.REJECTED, S.WAITLISTED, S.WITHDRAWN],
    "ubnd-thanh-pho-hoi-an": [S.ACCEPTED, S.SUBMITTED, S.SUBMITTED],
    "ubnd-thi-xa-dien-ban": [S.SUBMITTED, S.DRAFT],
    "tinh-doan-quang-nam": [S.ACCEPTED, S.WAITLISTED],
    "truong-dai-hoc-quang-nam": [S.ACCEPTED, S.SUBMITTED, S.REJECTED],
    "hiep-hoi-doanh-nghiep-tinh": [S.SUBMITTED],
}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def ensure_programme_page():
    home = HomePage.objects.first()
    page = ProgrammePage.objects.first()
    if page is None and home is not None:
        page = ProgrammePage(
            title="Đề án đào tạo giảng viên nguồn khởi nghiệp", slug=PROGRAMME_SLUG,
            intro="<p>Các sở, ban, ngành, địa phương, trường học tuyển chọn, cử nhân sự tham gia đào tạo giảng viên "
            "nguồn khởi nghiệp theo tiêu chí và thời hạn của Ban Điều hành, hướng tới đến năm 2025 có đội ngũ "
            "giảng viên nguồn đủ về số lượng và chất lượng. Trang này công khai tiến độ, không có dữ liệu cá nhân.</p>",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def agency_nominator(agency):
    """The agency's nominator who acts in the demo: `daumoi` for Tam Kỳ, a log-in-less stand-in otherwise."""
    User = get_user_model()
    user = User.objects.filter(agency=agency, groups__name=roles.NOMINATORS).first()
    if user is None:
        user = User(username=f"demo-{agency.slug}"[:150], last_name="Cán bộ đầu mối", first_name=agency.short_name
                    or agency.name, agency=agency, email="")
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=roles.NOMINATORS))
    return user


def seed():
    ensure_programme_page()
    if NominationRound.objects.filter(title=ROUND_TITLE).exists():
        return
    rng = random.Random(2022)
    now = timezone.now()
    round_ = NominationRound.objects.create(
        title=ROUND_TITLE, year=2022, opens_at=now - datetime.timedelta(days=20),
        closes_at=(now + datetime.timedelta(days=12)).replace(hour=10, minute=0, second=0, microsecond=0),
        criteria_text="<p>Cán bộ, giảng viên, doanh nhân có kinh nghiệm hỗ trợ khởi nghiệp, có khả năng truyền đạt "
        "và cam kết tham gia giảng dạy tại địa phương.</p>",
        target_trainers=150, target_year=2025,
    )
    criteria = [
        RoundCriterion.objects.create(round=round_, text=text, weight=weight, is_must_have=must, sort_order=i)
        for i, (text, weight, must) in enumerate(CRITERIA)
    ]
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=[slug for slug, _q, _d in QUOTAS])}
    for order, (slug, quota, extension) in enumerate(QUOTAS):
        if slug in agencies:
            AgencyQuota.objects.create(
                round=round_, agency=agencies[slug], quota=quota, sort_order=order,
                deadline_extension=round_.closes_at + datetime.timedelta(days=extension) if extension else None,
            )

    board = get_user_model().objects.filter(username="bandieuhanh").first() or get_user_model().objects.filter(
        is_superuser=True).first()
    released = BoardDecision.objects.create(
        number="15/QĐ-BĐH", date=timezone.localdate() - datetime.timedelta(days=2), round=round_,
        summary="Phê duyệt danh sách giảng viên nguồn đợt 1",
    )
    to_release, to_prepare = [], []
    counter = 0
    for slug, statuses in PLAN.items():
        agency = agencies.get(slug)
        if agency is None:
            continue
        actor = agency_nominator(agency)
        for status in statuses:
            counter += 1
            given, gender = GIVEN[counter % len(GIVEN)]
            full_name = f"{FAMILY[counter % len(FAMILY)]} {given}"
            nomination = Nomination(
                round=round_, agency=agency, full_name=full_name, gender=gender,
                date_of_birth=datetime.date(1975 + counter % 20, 1 + counter % 12, 1 + counter % 27),
                position=rng.choice(["Chuyên viên", "Phó Trưởng phòng", "Giám đốc doanh nghiệp", "Giảng viên"]),
                workplace=f"{agency.name}", phone=f"09{counter:02d}{rng.randint(100000, 999999)}",
                email=f"ungvien{counter}@example.vn", is_entrepreneur=counter % 3 == 0,
                experience="Tham gia cố vấn cho các dự án khởi nghiệp của thanh niên và hội viên tại địa phương.",
                motivation="Góp phần xây dựng đội ngũ giảng viên nguồn của tỉnh đến năm 2025.",
                **notices.consented(notices.NOMINATION),
            )
            services.save_draft(nomination, actor, sectors=rng.sample(SECTORS, 2), criteria=criteria[: 2 + counter % 3])
            if status == S.DRAFT:
                continue
            if status == S.WITHDRAWN:
                services.withdraw(nomination, actor, reason="Ứng viên chuyển công tác")
                continue
            services.submit(nomination, actor, new_dispatch={
                "number": f"{100 + counter}/{agency.short_name or 'CV'}".replace(" ", ""),
                "date": timezone.localdate() - datetime.timedelta(days=5),
                "file": ContentFile(PDF, name="cong-van.pdf"),
            })
            if board is not None:
                reviewers = [board]
                for reviewer in reviewers:
                    if not services.has_conflict_of_interest(reviewer, nomination):
                        services.score(nomination, reviewer, {
                            c: (1 if c.is_must_have else rng.randint(5, 10)) for c in criteria
                        }, comment="Hồ sơ đầy đủ.")
            if status in (S.ACCEPTED, S.REJECTED, S.WAITLISTED) and board is not None:
                reason = "Chưa đủ 2 năm kinh nghiệm hỗ trợ khởi nghiệp." if status == S.REJECTED else ""
                services.prepare_decision(nomination, board, status, reason=reason, decision=released)
                to_release.append(nomination)
            elif slug == "ubnd-thanh-pho-hoi-an" and board is not None and not to_prepare:
                to_prepare.append(nomination)
    if board is not None:
        services.release_decisions(board, nominations=to_release)
        for nomination in to_prepare:
            services.prepare_decision(nomination, board, S.ACCEPTED, decision=released)
