"""The network's demo, through ideas.mentoring.services: three admitted mentors (accounts without a password),
one applicant waiting for the Board, a request from the participant `thamdu` for one of their entries accepted by
its mentor, and two sessions logged. Idempotent: nothing is added twice."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ideas.models import Entry, Sector
from portal.models import AdministrativeUnit

from . import services
from .models import MentoringRequest, MentorProfile

# username, name, kind, headline, expertise, sector slugs, unit slugs, availability, admitted
MENTORS = [
    (
        "chuyengia_hoa",
        "Nguyễn Thị Hòa",
        "entrepreneur",
        "Giám đốc HTX rau hữu cơ Trà Quế",
        "Sản xuất và chứng nhận hữu cơ, bán hàng qua sàn thương mại điện tử.",
        ["nong-nghiep-huu-co", "ocop"],
        ["hoi-an", "dien-ban"],
        "Sáng thứ Bảy, 2 buổi mỗi tháng",
        True,
    ),
    (
        "chuyengia_buu",
        "Hồ Quang Bửu",
        "adviser",
        "Chuyên gia tư vấn du lịch cộng đồng",
        "Thiết kế sản phẩm du lịch nông nghiệp – nông thôn, định giá, kênh phân phối.",
        ["du-lich"],
        ["duy-xuyen", "tam-ky"],
        "Tối thứ Năm",
        True,
    ),
    (
        "chuyengia_son",
        "Trần Văn Sơn",
        "trainer",
        "Giảng viên Đại học Quảng Nam",
        "Mô hình kinh doanh, gọi vốn, chuyển đổi số cho doanh nghiệp nhỏ.",
        ["cong-nghiep-so", "chuyen-doi-so"],
        [],
        "Trực tuyến, theo hẹn",
        True,
    ),
    (
        "chuyengia_lan",
        "Lê Thị Lan",
        "adviser",
        "Luật sư, Đoàn Luật sư tỉnh",
        "Sở hữu trí tuệ, hợp đồng, thành lập doanh nghiệp.",
        ["cong-nghiep-so"],
        ["tam-ky"],
        "Chiều thứ Sáu",
        False,
    ),
]


def seed():
    users = get_user_model().objects
    board = users.filter(username="bandieuhanh").first()
    owner = users.filter(username="thamdu").first()
    if board is None:
        return
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    units = {unit.slug: unit for unit in AdministrativeUnit.objects.all()}
    for username, name, kind, headline, expertise, sector_slugs, unit_slugs, availability, admitted in MENTORS:
        user, created = users.get_or_create(username=username, defaults={"email": f"{username}@example.vn"})
        if created:
            user.set_unusable_password()
            user.save()
        chosen = [sectors[slug] for slug in sector_slugs if slug in sectors]
        if not chosen or MentorProfile.objects.filter(user=user).exists():
            continue
        data = {
            "display_name": name,
            "kind": kind,
            "headline": headline,
            "expertise": expertise,
            "availability": availability,
            "public_email": "",
            "consent": True,
        }
        profile = services.apply(user, data, chosen, [units[slug] for slug in unit_slugs if slug in units])
        if admitted:
            services.admit(board, profile)
    entry = Entry.objects.filter(owner=owner, state="published").order_by("pk").first() if owner else None
    mentor = MentorProfile.objects.filter(user__username="chuyengia_buu", state="admitted").first()
    if entry is None or mentor is None or MentoringRequest.objects.filter(mentor=mentor, entry=entry).exists():
        return
    request = services.request_mentoring(
        owner, mentor, "Cần góp ý về giá tour và cách bán qua các sàn du lịch.", entry=entry
    )
    services.accept(mentor.user, request)
    today = timezone.localdate()
    services.log_session(
        mentor.user,
        request,
        today - timedelta(days=14),
        "Định giá tour trải nghiệm",
        "Tính lại giá theo mùa; thử bán qua hai sàn du lịch.",
    )
    services.log_session(
        owner,
        request,
        today - timedelta(days=3),
        "Kênh bán hàng trực tuyến",
        "Đã mở gian hàng trên một sàn; hẹn buổi sau xem số liệu.",
    )
