"""Demo clubs and news: one club per district-level unit, plus university, high-school and vocational clubs."""

import io
import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from portal.demo.reference import UNITS
from portal.models import AdministrativeUnit, HomePage
from portal.pages.search import ascii_slug

from .models import ClubIndexPage, ClubKind, ClubLeader, ClubPage, NewsIndexPage, NewsPage
from .services import ensure_editor_group

KINDS = [
    ("cap-huyen", "CLB khởi nghiệp huyện, thị xã, thành phố", "CLB cấp huyện"),
    ("dai-hoc-cao-dang", "CLB khởi nghiệp trường Đại học, Cao đẳng", "CLB trường Đại học, Cao đẳng"),
    ("thpt-trong-diem", "CLB nghiên cứu khoa học và sáng tạo khởi nghiệp học sinh", "CLB học sinh THPT trọng điểm"),
    ("truong-nghe", "CLB khởi nghiệp trường nghề", "CLB trường nghề"),
]
SCHOOL_CLUBS = [
    ("dai-hoc-cao-dang", "CLB Khởi nghiệp Trường Đại học Quảng Nam", "Trường Đại học Quảng Nam", "Tam Kỳ"),
    (
        "dai-hoc-cao-dang",
        "CLB Khởi nghiệp Đổi mới sáng tạo Trường Đại học Phan Châu Trinh",
        "Trường Đại học Phan Châu Trinh",
        "Hội An",
    ),
    ("dai-hoc-cao-dang", "CLB Khởi nghiệp Trường Cao đẳng Quảng Nam", "Trường Cao đẳng Quảng Nam", "Tam Kỳ"),
    (
        "dai-hoc-cao-dang",
        "CLB Khởi nghiệp Trường Cao đẳng Kinh tế - Kỹ thuật Quảng Nam",
        "Trường Cao đẳng Kinh tế - Kỹ thuật Quảng Nam",
        "Tam Kỳ",
    ),
    (
        "thpt-trong-diem",
        "CLB NCKH và Sáng tạo khởi nghiệp THPT Chuyên Nguyễn Bỉnh Khiêm",
        "Trường THPT Chuyên Nguyễn Bỉnh Khiêm",
        "Tam Kỳ",
    ),
    (
        "thpt-trong-diem",
        "CLB NCKH và Sáng tạo khởi nghiệp THPT Chuyên Lê Thánh Tông",
        "Trường THPT Chuyên Lê Thánh Tông",
        "Hội An",
    ),
    ("thpt-trong-diem", "CLB NCKH và Sáng tạo khởi nghiệp THPT Trần Cao Vân", "Trường THPT Trần Cao Vân", "Tam Kỳ"),
    ("thpt-trong-diem", "CLB NCKH và Sáng tạo khởi nghiệp THPT Sào Nam", "Trường THPT Sào Nam", "Duy Xuyên"),
    (
        "thpt-trong-diem",
        "CLB NCKH và Sáng tạo khởi nghiệp THPT Huỳnh Ngọc Huệ",
        "Trường THPT Huỳnh Ngọc Huệ",
        "Đại Lộc",
    ),
    (
        "truong-nghe",
        "CLB Khởi nghiệp Trường Cao đẳng Điện lực Miền Trung",
        "Trường Cao đẳng Điện lực Miền Trung",
        "Hội An",
    ),
    (
        "truong-nghe",
        "CLB Khởi nghiệp Trường Trung cấp nghề Bắc Quảng Nam",
        "Trường Trung cấp nghề Bắc Quảng Nam",
        "Điện Bàn",
    ),
    (
        "truong-nghe",
        "CLB Khởi nghiệp Trường Trung cấp nghề Thanh niên Dân tộc - Miền núi Quảng Nam",
        "Trường Trung cấp nghề Thanh niên Dân tộc - Miền núi Quảng Nam",
        "Nam Giang",
    ),
]
# Mountain districts whose clubs have only old news in the demo: the "gone quiet" report has something to show.
QUIET_UNITS = {"Tây Giang", "Nam Trà My", "Phước Sơn"}
SECTORS = [
    "nông nghiệp hữu cơ",
    "du lịch số",
    "du lịch nông nghiệp – nông thôn",
    "tài nguyên bản địa",
    "công nghiệp phụ trợ",
    "cơ khí, tự động hóa",
    "vật liệu xây dựng mới",
    "công nghiệp số, phần mềm",
    "sản phẩm OCOP",
    "chuyển đổi số",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = [
    "Văn An",
    "Thị Bích",
    "Minh Châu",
    "Quốc Dũng",
    "Thị Hạnh",
    "Ngọc Khánh",
    "Văn Lộc",
    "Thị Mai",
    "Hữu Nghĩa",
    "Thanh Phương",
    "Quang Bửu",
    "Thị Thủy",
    "Đức Trí",
    "Thị Yến",
]
NEWS = [
    (
        "Hội thảo khởi nghiệp {sector} tại {unit}",
        "Hơn 80 thành viên và doanh nghiệp trẻ cùng chia sẻ kinh nghiệm về {sector}.",
    ),
    (
        "{club} kiện toàn Ban chủ nhiệm nhiệm kỳ mới",
        "Đại hội đã bầu Ban chủ nhiệm gồm 7 thành viên, đặt mục tiêu phát triển 50 hội viên mới.",
    ),
    (
        "Cà phê khởi nghiệp tháng {month}: kết nối nhà đầu tư với dự án {sector}",
        "Buổi gặp gỡ định kỳ giúp các nhóm dự án trình bày ý tưởng trước chuyên gia, cố vấn.",
    ),
    (
        "Tập huấn chuyển đổi số cho hộ kinh doanh ở {unit}",
        "Học viên được hướng dẫn bán hàng trực tuyến, thanh toán không tiền mặt và quản lý đơn hàng.",
    ),
    (
        "Giới thiệu sản phẩm OCOP của thành viên {club}",
        "Các sản phẩm đạt 3 sao OCOP được trưng bày và kết nối tiêu thụ tại Ngày hội khởi nghiệp.",
    ),
]
IMAGE_COLOURS = ["#0b4f9c", "#c8102e", "#1f7a3a", "#a15c00", "#5b2a86", "#00707a"]


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"


def demo_images():
    Image = get_image_model()
    images = []
    for index, colour in enumerate(IMAGE_COLOURS):
        title = f"Ảnh minh họa {index + 1}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            canvas = PILImage.new("RGB", (960, 540), colour)
            draw = ImageDraw.Draw(canvas)
            for step in range(0, 960, 60):
                draw.line([(step, 540), (step + 300, 0)], fill="#ffffff22", width=3)
            buffer = io.BytesIO()
            canvas.save(buffer, "PNG")
            image = Image(title=title, file=ImageFile(buffer, name=f"demo-{index + 1}.png"))
            image.save()
        images.append(image)
    return images


def ensure_child(parent, model, slug, **fields):
    """The live child page with this slug, created and published if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def seed():
    home = HomePage.objects.first()
    kinds = {}
    for order, (slug, name, plural) in enumerate(KINDS):
        kinds[slug], _ = ClubKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "plural_name": plural, "sort_order": order}
        )

    directory = ensure_child(
        home,
        ClubIndexPage,
        "cau-lac-bo",
        title="Danh bạ câu lạc bộ",
        intro="<p>Mạng lưới Câu lạc bộ/Hội khởi nghiệp sáng tạo cấp huyện, tại các trường Đại học, Cao đẳng, "
        "trường nghề và Câu lạc bộ nghiên cứu khoa học và sáng tạo khởi nghiệp học sinh.</p>",
    )
    news_index = ensure_child(
        home, NewsIndexPage, "tin-tuc", title="Tin tức", intro="<p>Tin hoạt động của mạng lưới câu lạc bộ.</p>"
    )
    if not home.intro:
        home.intro = (
            "<p>Cổng thông tin của mạng lưới Câu lạc bộ khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam, "
            "do Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh vận hành.</p>"
        )
        home.save_revision().publish()

    images = demo_images()
    units = {unit.name: unit for unit in AdministrativeUnit.objects.all()}
    specs = [("cap-huyen", f"CLB Khởi nghiệp {kind} {name}", f"UBND {kind} {name}", name) for name, kind in UNITS]
    specs += SCHOOL_CLUBS
    today = timezone.localdate()
    for number, (kind_slug, title, host, unit_name) in enumerate(specs, start=1):
        rng = random.Random(number)  # per club, so a re-run draws the same names whatever already exists
        slug = ascii_slug(title.replace("CLB ", "clb "))[:80]
        club = ClubPage.objects.child_of(directory).filter(slug=slug).first()
        if club is None:
            club = ClubPage(
                title=title,
                slug=slug,
                kind=kinds[kind_slug],
                unit=units[unit_name],
                host_institution=host,
                summary=f"Kết nối cộng đồng khởi nghiệp đổi mới sáng tạo tại {unit_name}.",
                founded_on=date(2018 + number % 4, 1 + number % 12, 1 + number % 27),
                founding_decision_number=f"{100 + number}/QĐ-{'UBND' if kind_slug == 'cap-huyen' else 'ĐT'}",
                founding_decision_date=date(2018 + number % 4, 1 + number % 12, 1 + number % 27),
                advisor=f"TS. {person(rng)}",
                member_count=25 + number * 3,
                contact_email=f"{slug[:30]}@khoinghiep.quangnam.vn",
                contact_phone=f"0235 38{number:02d} {200 + number}",
                address=f"{host}, {unit_name}, Quảng Nam",
                introduction=paragraph(
                    f"{title} là nơi sinh hoạt của những người trẻ đam mê khởi nghiệp tại {unit_name}. "
                    "Câu lạc bộ tổ chức cà phê khởi nghiệp hằng tháng, tập huấn kỹ năng, kết nối cố vấn và "
                    "hỗ trợ hoàn thiện ý tưởng dự án tham gia các cuộc thi cấp tỉnh và Trung ương."
                ),
            )
            club.leaders = [
                ClubLeader(name=person(rng), role="Chủ nhiệm"),
                ClubLeader(name=person(rng), role="Phó Chủ nhiệm"),
            ]
            club.tags.add(*rng.sample(SECTORS, 2))
            directory.add_child(instance=club)
            club.save_revision().publish()
        ensure_editor_group(club)

        quiet = unit_name in QUIET_UNITS and kind_slug == "cap-huyen"
        for index in range(3 if number % 3 else 2):
            template_title, template_intro = NEWS[(number + index) % len(NEWS)]
            sector = SECTORS[(number * 7 + index * 3) % len(SECTORS)]
            values = {"sector": sector, "unit": unit_name, "club": title, "month": 1 + (number + index) % 12}
            news_title = template_title.format(**values)
            age_days = (150 + 40 * index) if quiet else (3 + number * 2 + index * 17)
            published = timezone.now() - timedelta(days=age_days)
            news_slug = ascii_slug(news_title)[:70] + f"-{number}-{index}"
            if not NewsPage.objects.child_of(club).filter(slug=news_slug).exists():
                news = NewsPage(
                    title=news_title,
                    slug=news_slug,
                    date=today - timedelta(days=age_days),
                    intro=template_intro.format(**values),
                    image=images[(number + index) % len(images)],
                    body=paragraph(
                        template_intro.format(**values)
                        + " Ban Điều hành đánh giá cao tinh thần chủ động của câu lạc bộ."
                    ),
                )
                news.tags.add(sector)
                club.add_child(instance=news)
                news.save_revision().publish()
                NewsPage.objects.filter(pk=news.pk).update(first_published_at=published, last_published_at=published)
        if quiet:
            old = timezone.now() - timedelta(days=200)
            ClubPage.objects.filter(pk=club.pk).update(first_published_at=old, last_published_at=old)

    ensure_child(
        news_index,
        NewsPage,
        "tong-ket-5-nam-he-sinh-thai-khoi-nghiep",
        title="Sơ kết 05 năm Hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam (2017–2022)",
        date=date(2022, 1, 17),
        intro="Chủ tịch UBND tỉnh Lê Trí Thanh chủ trì hội nghị trực tuyến sơ kết 5 năm.",
        body=paragraph(
            "Ngày 17/01/2022, đồng chí Lê Trí Thanh – Chủ tịch UBND tỉnh chủ trì Hội nghị trực tuyến sơ kết 5 năm "
            "xây dựng Hệ sinh thái khởi nghiệp sáng tạo tỉnh, với sự tham dự của đồng chí Hồ Quang Bửu – Phó Chủ "
            "tịch UBND tỉnh. Quảng Nam là địa phương đầu tiên trong cả nước hỗ trợ nông dân khởi nghiệp đổi mới sáng tạo."
        ),
    )

    editor = get_user_model().objects.filter(username="bientap").first()
    tam_ky = ClubPage.objects.filter(slug="clb-khoi-nghiep-thanh-pho-tam-ky").first()
    if editor and tam_ky:
        editor.groups.add(ensure_editor_group(tam_ky))
