"""Demo events, built through the services: the annual conference (with registrations and a waiting
list), a study tour to Đà Nẵng and Thừa Thiên Huế, a festival day, a Tam Kỳ club workshop, a past event
with attendance and a cancelled one. Idempotent."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from clubs.models import ClubPage
from portal.models import Agency, HomePage
from portal.personal_data import notices

from . import services
from .models import EventIndexPage, EventItineraryDay, EventKind, EventPage, Registration

KINDS = [
    ("hoi-nghi", "Hội nghị mạng lưới CLB", "Hội nghị mạng lưới CLB", False),
    ("doan-khao-sat", "Đoàn khảo sát, học tập kinh nghiệm", "Đoàn khảo sát, học tập", True),
    ("ngay-hoi", "Ngày hội khởi nghiệp", "Ngày hội khởi nghiệp", False),
    ("hoi-thao", "Hội thảo, tập huấn", "Hội thảo, tập huấn", False),
]
PEOPLE = [
    ("Nguyễn Văn An", "Hội LHPN tỉnh"), ("Trần Thị Bích", "Trường Đại học Quảng Nam"),
    ("Lê Minh Châu", "CLB Khởi nghiệp Hội An"), ("Phạm Quốc Dũng", "Sở Công Thương"),
    ("Huỳnh Thị Hạnh", "Hội Nông dân tỉnh"), ("Hoàng Ngọc Khánh", "Tỉnh đoàn Quảng Nam"),
    ("Võ Văn Lộc", "UBND huyện Đại Lộc"), ("Phan Thị Mai", "Trường Cao đẳng Quảng Nam"),
    ("Đặng Hữu Nghĩa", "Hiệp hội Doanh nghiệp tỉnh"), ("Bùi Thanh Phương", "UBND thị xã Điện Bàn"),
    ("Đỗ Thị Thủy", "Sở Văn hóa, Thể thao và Du lịch"), ("Hồ Đức Trí", "CLB Khởi nghiệp Núi Thành"),
    ("Nguyễn Thị Yến", "Hiệp hội Du lịch tỉnh"), ("Trần Văn Sơn", "UBND huyện Thăng Bình"),
    ("Lê Thị Hoa", "Trường THPT Chuyên Nguyễn Bỉnh Khiêm"),
]
CONFERENCE_CAPACITY = 12


def local(day, hour=0, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def ensure_event(parent, slug, **fields):
    existing = EventPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    tags = fields.pop("tags", [])
    itinerary = fields.pop("itinerary", [])
    event = EventPage(slug=slug, **fields)
    event.itinerary = [EventItineraryDay(day=day, title=title, description=text) for day, title, text in itinerary]
    event.tags.add(*tags)
    parent.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def register_people(event, people, start=0):
    for n, (name, organisation) in enumerate(people, start=start):
        email = f"daibieu{n:02d}@example.vn"
        if not Registration.objects.filter(event=event, email=email).exists():
            services.register(event, full_name=name, email=email, phone=f"0905{n:06d}", organisation=organisation)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def seed():
    home = HomePage.objects.first()
    kinds = {}
    for order, (slug, name, plural, study_tour) in enumerate(KINDS):
        kinds[slug], _ = EventKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "plural_name": plural, "is_study_tour": study_tour, "sort_order": order}
        )
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(
            title="Sự kiện", slug="su-kien",
            intro="<p>Hội nghị mạng lưới câu lạc bộ, đoàn khảo sát học tập kinh nghiệm, ngày hội và hội thảo "
            "khởi nghiệp đổi mới sáng tạo. Đăng ký tham dự và theo dõi lịch ngay trên ứng dụng lịch của bạn.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()

    today = timezone.localdate()
    conference_day = today + timedelta(days=21)
    conference = ensure_event(
        index, "hoi-nghi-mang-luoi-clb-khoi-nghiep",
        title=f"Hội nghị mạng lưới Câu lạc bộ khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam năm {conference_day.year}",
        kind=kinds["hoi-nghi"], start=local(conference_day, 7, 30), end=local(conference_day, 17, 0),
        venue="Trung tâm Hội nghị tỉnh Quảng Nam", address="Số 2 Trần Hưng Đạo, Tam Kỳ, Quảng Nam",
        summary="Hội nghị thường niên của mạng lưới: tổng kết hoạt động, chia sẻ mô hình hay, kết nối cố vấn.",
        capacity=CONFERENCE_CAPACITY, registration_closes=local(conference_day - timedelta(days=2), 17, 0),
        description=paragraph(
            "Theo Thông báo của UBND tỉnh, Ban Điều hành tổ chức Hội nghị/Hội thảo mạng lưới CLB khởi nghiệp hằng "
            "năm. Chương trình gồm báo cáo của các CLB cấp huyện, trường Đại học, Cao đẳng, trường nghề và CLB học "
            "sinh THPT trọng điểm; tọa đàm về nông nghiệp hữu cơ, du lịch số và sản phẩm OCOP."
        ),
        tags=["mạng lưới CLB", "hội nghị thường niên"],
    )
    participant = get_user_model().objects.filter(username="thamdu").first()
    if participant and not Registration.objects.filter(event=conference, email=participant.email).exists():
        services.register(conference, full_name=participant.get_full_name(), email=participant.email,
                          phone="0935123456", organisation="Người tham dự", user=participant)
    register_people(conference, PEOPLE)  # 12 places: the last four wait

    danang = Agency.objects.filter(slug__contains="khoa-hoc").first()
    tour_start = today - timedelta(days=40)
    tour = ensure_event(
        index, "doan-khao-sat-da-nang-thua-thien-hue",
        title="Đoàn khảo sát, học tập kinh nghiệm mô hình CLB khởi nghiệp tại Đà Nẵng và Thừa Thiên Huế",
        kind=kinds["doan-khao-sat"], start=local(tour_start), end=local(tour_start + timedelta(days=2), 23, 59),
        all_day=True, venue="Đà Nẵng – Huế", address="TP. Đà Nẵng và tỉnh Thừa Thiên Huế",
        summary="Học tập mô hình vườn ươm, không gian khởi nghiệp và CLB khởi nghiệp sinh viên.",
        destination_province="Thành phố Đà Nẵng; tỉnh Thừa Thiên Huế", delegates_only=True, capacity=10,
        host_organisations="Trung tâm Hỗ trợ khởi nghiệp sáng tạo Đà Nẵng\nCLB Khởi nghiệp Đại học Đà Nẵng\n"
        "Sở Khoa học và Công nghệ Thừa Thiên Huế\nCLB Khởi nghiệp Đại học Huế",
        delegation="Trưởng đoàn: Lãnh đạo Sở Khoa học và Công nghệ; thành viên: đại diện các CLB cấp huyện và trường.",
        itinerary=[
            (tour_start, "Làm việc tại Trung tâm Hỗ trợ khởi nghiệp sáng tạo Đà Nẵng", "Tham quan không gian làm việc chung."),
            (tour_start + timedelta(days=1), "Giao lưu CLB Khởi nghiệp Đại học Đà Nẵng", "Trao đổi cách vận hành CLB."),
            (tour_start + timedelta(days=2), "Làm việc tại Sở KH&CN Thừa Thiên Huế", "Mô hình ngân hàng ý tưởng."),
        ],
        report_summary="<p>Đoàn rút ra ba bài học: kết nối CLB trường với doanh nghiệp, cà phê khởi nghiệp định kỳ "
        "và quỹ hỗ trợ ý tưởng của địa phương.</p>",
        tags=["học tập kinh nghiệm"],
    )
    if not tour.delegates.exists():
        delegates = [("Hồ Quang Bửu", True), ("Nguyễn Thị Ánh", False), ("Lê Văn Đức", False), ("Võ Minh Khôi", False)]
        for n, (name, head) in enumerate(delegates):
            email = "thamdu@example.vn" if name == "Võ Minh Khôi" else f"doan{n}@example.vn"
            services.nominate_delegate(tour, full_name=name, email=email, agency=danang, is_head=head,
                                       position="Trưởng đoàn" if head else "Thành viên", consent=True)
        from .models import StudyTourReport

        first = tour.delegates.get(email="doan1@example.vn")
        StudyTourReport.objects.create(
            event=tour, delegate=first, lessons="CLB trường cần gắn với doanh nghiệp và cố vấn địa phương.",
            proposals="Tổ chức cà phê khởi nghiệp hằng tháng tại Tam Kỳ.",
        )

    next_tour_day = today + timedelta(days=60)
    next_tour = ensure_event(
        index, "doan-hoc-tap-quang-ngai-binh-dinh",
        title="Đoàn học tập kinh nghiệm hệ sinh thái khởi nghiệp tại Quảng Ngãi và Bình Định",
        kind=kinds["doan-khao-sat"], start=local(next_tour_day), end=local(next_tour_day + timedelta(days=1), 23, 59),
        all_day=True, venue="Quảng Ngãi – Quy Nhơn", address="Tỉnh Quảng Ngãi và tỉnh Bình Định",
        destination_province="Tỉnh Quảng Ngãi; tỉnh Bình Định", delegates_only=True, capacity=12,
        host_organisations="Sở Khoa học và Công nghệ Quảng Ngãi\nTrung tâm Khởi nghiệp sáng tạo Bình Định",
        summary="Các cơ quan cử cán bộ tham gia đoàn qua trang “Cử thành viên đoàn”.",
        itinerary=[
            (next_tour_day, "Làm việc tại Sở KH&CN Quảng Ngãi", ""),
            (next_tour_day + timedelta(days=1), "Tham quan Trung tâm Khởi nghiệp sáng tạo Bình Định", ""),
        ],
    )
    tam_ky_agency = Agency.objects.filter(slug="ubnd-thanh-pho-tam-ky").first()
    if tam_ky_agency and not next_tour.delegates.exists():
        services.nominate_delegate(next_tour, full_name="Nguyễn Thị Ánh", email="daumoi@example.vn",
                                   agency=tam_ky_agency, position="Chuyên viên", is_head=True, consent=True)

    festival_day = today + timedelta(days=45)
    youth = Agency.objects.filter(name__icontains="Tỉnh đoàn").first()
    ensure_event(
        index, "ngay-hoi-khoi-nghiep-doi-moi-sang-tao",
        title=f"Ngày hội Khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam {festival_day.year}",
        kind=kinds["ngay-hoi"], start=local(festival_day), end=local(festival_day + timedelta(days=1), 23, 59),
        all_day=True, venue="Quảng trường 24/3", address="Tam Kỳ, Quảng Nam", capacity=None,
        organiser="agency" if youth else "board", agency=youth,
        summary="Trưng bày sản phẩm OCOP, gọi vốn dự án khởi nghiệp, tọa đàm chuyển đổi số.",
        description=paragraph("Hai ngày hội với gian hàng của các CLB, cuộc thi ý tưởng và tư vấn của chuyên gia."),
        tags=["sản phẩm OCOP", "chuyển đổi số"],
    )

    tam_ky = ClubPage.objects.filter(slug="clb-khoi-nghiep-thanh-pho-tam-ky").first()
    if tam_ky is not None:
        workshop_parent = tam_ky if EventPage in tam_ky.specific_class.allowed_subpage_models() else index
        workshop_day = today + timedelta(days=10)
        workshop = ensure_event(
            workshop_parent, "hoi-thao-du-lich-so-tam-ky",
            title="Hội thảo khởi nghiệp du lịch số và du lịch nông nghiệp – nông thôn",
            kind=kinds["hoi-thao"], start=local(workshop_day, 14, 0), end=local(workshop_day, 17, 0),
            venue="Nhà Văn hóa thành phố Tam Kỳ", address="Phan Bội Châu, Tam Kỳ", capacity=60,
            organiser="club", club=tam_ky, summary="Chia sẻ kinh nghiệm bán tour trải nghiệm trên nền tảng số.",
            tags=["du lịch số"],
        )
        register_people(workshop, PEOPLE[:5], start=50)
        if participant:
            services.follow_club(participant, tam_ky)

    past_day = today - timedelta(days=20)
    past = ensure_event(
        index, "ca-phe-khoi-nghiep-thang-truoc",
        title="Cà phê khởi nghiệp: kết nối nhà đầu tư với dự án nông nghiệp hữu cơ",
        kind=kinds["hoi-thao"], start=local(past_day, 8, 0), end=local(past_day, 11, 30),
        venue="Không gian khởi nghiệp Quảng Nam", address="Tam Kỳ, Quảng Nam", capacity=30,
        tags=["nông nghiệp hữu cơ"],
    )
    if not past.registrations.exists():
        for n, (name, organisation) in enumerate(PEOPLE[:8], start=100):
            Registration.objects.create(
                event=past, full_name=name, email=f"daibieu{n}@example.vn", phone=f"0905{n:06d}",
                organisation=organisation,
                **notices.consented(notices.REGISTRATION, past.start - timedelta(days=7)),
            )
        services.mark_attendance(list(past.registrations.all()[:6]), attended=True)

    cancelled = ensure_event(
        index, "hoi-thao-chuyen-doi-so-ho-kinh-doanh",
        title="Tập huấn chuyển đổi số cho hộ kinh doanh",
        kind=kinds["hoi-thao"], start=local(today + timedelta(days=7), 8, 0), end=local(today + timedelta(days=7), 11, 0),
        venue="Hội trường UBND huyện Thăng Bình", address="Hà Lam, Thăng Bình", capacity=40,
        summary="Hoãn do ảnh hưởng của bão; Ban Điều hành sẽ thông báo lịch mới.",
    )
    if not cancelled.is_cancelled:
        services.cancel_event(cancelled)
