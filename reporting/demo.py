"""A demo reporting period, built through the services: the year 2026, asked of the district committees and the
district clubs, with a few reports: Hội An's submitted, Điện Bàn's and the Tam Kỳ club's (editor `bientap`) drafts,
Đại Lộc's returned; UBND Tam Kỳ (the demo nominator `daumoi`) has not started: its form shows the known figures.

And the clubs' yearly self-reports: 2025's, closed, filed by Hội An's club and by Nam Trà My's (a quiet club: the
quiet-clubs report shows that report's date); 2026's, open, submitted by Hội An, Điện Bàn and the University of
Quảng Nam, a draft of the Tam Kỳ club (`bientap`). The directory shows their member counts with their dates."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from clubs.models import ClubPage
from portal.models import Agency, AgencyKind
from reporting import self_reports, services
from reporting.enums import IndicatorKind, PeriodKind
from reporting.models import Indicator, ReportingPeriod
from reporting.reporters import Reporter

TITLE = "Báo cáo kết quả hỗ trợ khởi nghiệp đổi mới sáng tạo năm 2026"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
INDICATORS = [
    ("Số dự án khởi nghiệp được hỗ trợ", IndicatorKind.NUMBER, "dự án", "", ""),
    ("Số người được tập huấn về khởi nghiệp", IndicatorKind.NUMBER, "người", "people_trained", ""),
    ("Số sự kiện khởi nghiệp đã tổ chức", IndicatorKind.NUMBER, "sự kiện", "events", ""),
    ("Số ứng viên ToT đã đề cử", IndicatorKind.NUMBER, "người", "nominations", ""),
    ("Kinh phí huy động", IndicatorKind.NUMBER, "triệu đồng", "", ""),
    ("Mức độ hoàn thành kế hoạch năm", IndicatorKind.CHOICE, "", "", "Hoàn thành vượt mức\nHoàn thành\nChưa hoàn thành"),
    ("Kết quả nổi bật", IndicatorKind.NARRATIVE, "", "", ""),
    ("Khó khăn, kiến nghị", IndicatorKind.NARRATIVE, "", "", ""),
]
# agency slug or club slug, figures, choice, highlights, state
REPORTS = [
    ("ubnd-thanh-pho-hoi-an", [12, 140, 4, 3, 350], "Hoàn thành vượt mức",
     "Hỗ trợ 12 dự án du lịch số và OCOP; tổ chức Ngày hội khởi nghiệp phố cổ.", "submitted"),
    ("ubnd-thi-xa-dien-ban", [5, 60, 2, 2, 120], "Hoàn thành", "Kết nối 5 dự án cơ khí, tự động hóa.", "draft"),
    ("ubnd-huyen-dai-loc", [3, 35, 1, 0, 40], "Chưa hoàn thành", "Khởi động CLB khởi nghiệp nông nghiệp.", "returned"),
    ("clb-khoi-nghiep-thanh-pho-tam-ky", [8, 95, 6, 0, 80], "Hoàn thành",
     "Cà phê khởi nghiệp hằng tháng; 8 dự án của thành viên được cố vấn.", "draft"),
]


def seed():
    seed_period()
    seed_self_reports()


def seed_period():
    if ReportingPeriod.objects.filter(title=TITLE).exists():
        return
    now = timezone.now()
    period = ReportingPeriod.objects.create(
        title=TITLE, kind=PeriodKind.YEAR, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
        deadline=(now + datetime.timedelta(days=14)).replace(hour=9, minute=30, second=0, microsecond=0),
        instructions="Đề nghị các đơn vị báo cáo kết quả năm, kèm công văn có chữ ký và đóng dấu (PDF).",
    )
    district_kind = AgencyKind.objects.filter(slug="ubnd-huyen").first()
    tam_ky_club = ClubPage.objects.filter(slug="clb-khoi-nghiep-thanh-pho-tam-ky").first()
    period.agency_kinds.set([district_kind] if district_kind else [])
    period.club_kinds.set([tam_ky_club.kind] if tam_ky_club else [])
    period.save()
    indicators = [
        Indicator.objects.create(
            period=period, label=label, kind=kind, unit=unit, known_figure=known, options=options, sort_order=order
        )
        for order, (label, kind, unit, known, options) in enumerate(INDICATORS)
    ]
    User = get_user_model()
    board = User.objects.filter(username="bandieuhanh").first()
    for slug, figures, choice, highlights, state in REPORTS:
        agency = Agency.objects.filter(slug=slug).first()
        club = None if agency else ClubPage.objects.filter(slug=slug).first()
        if agency is None and club is None:
            continue
        reporter = Reporter(agency=agency) if agency else Reporter(club=club)
        actor = _actor(reporter)
        values = {ind.pk: {"number": n, "note": "Số liệu của đơn vị, gồm cả hoạt động chưa đăng trên cổng."}
                  for ind, n in zip(indicators[:5], figures, strict=True)}
        values[indicators[5].pk] = {"choice": choice}
        values[indicators[6].pk] = {"text": highlights}
        values[indicators[7].pk] = {"text": "Đề nghị bố trí kinh phí cho mạng lưới CLB cấp xã."}
        dispatch = {"number": f"{len(slug)}/BC-UBND", "date": datetime.date(2026, 12, 1),
                    "file": ContentFile(PDF, name="cong-van.pdf")}
        report = services.save_draft(period, reporter, actor, values, dispatch=dispatch)
        if state != "draft":
            services.submit(report, actor)
        if state == "returned" and board:
            services.return_report(report, board, "Đề nghị bổ sung số liệu kinh phí huy động theo nguồn.")


def _actor(reporter):
    """Someone who may report for `reporter`: a nominator of the agency or an editor of the club, made if none."""
    from portal import roles

    User = get_user_model()
    if reporter.agency:
        user = User.objects.filter(agency=reporter.agency, groups__name=roles.NOMINATORS).first()
        if user is None:
            user = User.objects.create(
                username=f"baocao-{reporter.agency.slug}"[:150], agency=reporter.agency, is_active=True,
                last_name="Cán bộ", first_name=reporter.agency.short_name or reporter.agency.name,
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(*Group.objects.filter(name=roles.NOMINATORS))
        return user
    from clubs.services import ensure_editor_group

    group = ensure_editor_group(reporter.club)
    user = User.objects.filter(groups=group).first()
    if user is None:
        user = User.objects.create(username=f"baocao-clb-{reporter.club.pk}", is_active=True, last_name="Biên tập")
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
    return user


# club slug, members, activities, highlights, plans, submitted?
SELF_REPORTS = {
    2025: [
        ("clb-khoi-nghiep-thanh-pho-hoi-an", 64, 11, "Ngày hội khởi nghiệp phố cổ; 4 dự án du lịch số.",
         "Mở lớp tập huấn chuyển đổi số cho hộ kinh doanh.", True),
        ("clb-khoi-nghiep-huyen-nam-tra-my", 18, 2, "Hai buổi chia sẻ về sản phẩm sâm Ngọc Linh.",
         "Kết nối với Hợp tác xã dược liệu của huyện.", True),
    ],
    2026: [
        ("clb-khoi-nghiep-thanh-pho-hoi-an", 71, 13, "Cà phê khởi nghiệp hằng tháng; 5 dự án OCOP được cố vấn.",
         "Tổ chức cuộc thi ý tưởng du lịch nông nghiệp – nông thôn.", True),
        ("clb-khoi-nghiep-thi-xa-dien-ban", 48, 8, "Kết nối 5 dự án cơ khí, tự động hóa với doanh nghiệp.",
         "Sinh hoạt mỗi quý tại Nhà văn hóa thị xã.", True),
        ("clb-khoi-nghiep-truong-dai-hoc-quang-nam", 120, 9, "Vườn ươm ý tưởng sinh viên; 3 đội dự thi cấp tỉnh.",
         "Ký kết hợp tác với doanh nghiệp cơ khí, tự động hóa.", True),
        ("clb-khoi-nghiep-thanh-pho-tam-ky", 96, 12, "Cà phê khởi nghiệp hằng tháng.", "", False),
    ],
}


def seed_self_reports():
    """Each year's self-report once (a second run finds the period and leaves it)."""
    from clubs.models import ClubKind
    from reporting.enums import PeriodKind

    board = get_user_model().objects.filter(username="bandieuhanh").first()
    if board is None:
        return
    now = timezone.now()
    deadlines = {
        2025: (datetime.datetime(2026, 1, 15, 17, 0, tzinfo=timezone.get_current_timezone()),
               datetime.datetime(2026, 1, 10, 9, 0, tzinfo=timezone.get_current_timezone())),
        2026: ((now + datetime.timedelta(days=21)).replace(hour=17, minute=0, second=0, microsecond=0), now),
    }
    for year, rows in SELF_REPORTS.items():
        if ReportingPeriod.objects.filter(kind=PeriodKind.CLUB_YEAR, starts_on=datetime.date(year, 1, 1)).exists():
            continue
        deadline, filed_at = deadlines[year]
        period = self_reports.open_period(board, year, deadline, list(ClubKind.objects.all()))
        indicators = list(period.indicators.order_by("sort_order"))
        for slug, members, activities, highlights, plans, submitted in rows:
            club = ClubPage.objects.filter(slug=slug).first()
            if club is None:
                continue
            reporter = Reporter(club=club)
            actor = _actor(reporter)
            values = {
                indicators[0].pk: {"number": members, "note": "Theo danh sách thành viên cuối năm."},
                indicators[1].pk: {"number": activities, "note": "Gồm cả hoạt động chưa đăng trên cổng."},
                indicators[2].pk: {"text": highlights},
                indicators[3].pk: {"text": plans},
            }
            report = services.save_draft(period, reporter, actor, values, now=filed_at)
            if submitted:
                services.submit(report, actor, now=filed_at)
