"""The idea bank's demo, built through ideas.services: the sectors the founding notice singles out, fifteen
published ideas and projects across the province (some with their contact shown), and, for the moderation
screens, one entry of the participant `thamdu` waiting, one returned with a reason, and a published one with a
change waiting. The Tam Kỳ club's editor (`bientap`) sends one for the club: published at once. Idempotent."""

from django.contrib.auth import get_user_model

from clubs.models import ClubPage
from portal.models import AdministrativeUnit

from . import services
from .models import Entry, Sector

SECTORS = [
    ("nong-nghiep-huu-co", "Nông nghiệp hữu cơ"),
    ("du-lich", "Du lịch số, du lịch nông nghiệp – nông thôn"),
    ("cong-nghiep-so", "Công nghiệp số, phần mềm"),
    ("cong-nghiep-phu-tro", "Công nghiệp phụ trợ, cơ khí, tự động hóa"),
    ("vat-lieu-moi", "Vật liệu xây dựng mới"),
    ("ocop", "Sản phẩm OCOP"),
    ("chuyen-doi-so", "Chuyển đổi số"),
]
# title, summary, sector, stage, unit slug, club slug, needs, team, show contact
ENTRIES = [
    (
        "Rau hữu cơ Trà Quế giao tận nhà",
        "Liên kết 30 hộ trồng rau làng Trà Quế theo tiêu chuẩn hữu cơ, đặt hàng qua "
        "ứng dụng và giao trong ngày tại Hội An, Điện Bàn.",
        "nong-nghiep-huu-co",
        "early",
        "hoi-an",
        "clb-khoi-nghiep-thanh-pho-hoi-an",
        ["market", "funding"],
        "Nguyễn Thị Hoa, Lê Văn Sáu",
        True,
    ),
    (
        "Homestay nông nghiệp Duy Xuyên",
        "Du khách ở cùng nhà nông, học trồng dâu nuôi tằm và dệt lụa Mã Châu.",
        "du-lich",
        "prototype",
        "duy-xuyen",
        None,
        ["partners", "mentoring"],
        "Trần Thị Mỹ Linh",
        True,
    ),
    (
        "Bản đồ số di sản Hội An",
        "Ứng dụng thuyết minh tự động bằng nhiều thứ tiếng cho các điểm di tích, quét mã QR tại chỗ.",
        "cong-nghiep-so",
        "early",
        "hoi-an",
        None,
        ["funding", "market"],
        "Nhóm sinh viên Đại học Phan Châu Trinh",
        False,
    ),
    (
        "Gạch không nung từ tro xỉ",
        "Tận dụng tro xỉ nhà máy nhiệt điện làm gạch block nhẹ cho nhà ở nông thôn.",
        "vat-lieu-moi",
        "prototype",
        "nui-thanh",
        None,
        ["funding", "partners"],
        "",
        False,
    ),
    (
        "Sâm Ngọc Linh nuôi cấy mô",
        "Nhân giống sâm Ngọc Linh bằng nuôi cấy mô, cung cấp cây giống sạch bệnh cho bà con Nam Trà My.",
        "ocop",
        "growth",
        "nam-tra-my",
        None,
        ["market", "mentoring"],
        "Hồ Văn Thành, Y Bửu",
        True,
    ),
    (
        "Máy bóc vỏ hạt điều bán tự động",
        "Máy nhỏ cho hộ gia đình, giảm một nửa công bóc và tỷ lệ vỡ hạt.",
        "cong-nghiep-phu-tro",
        "prototype",
        "thang-binh",
        None,
        ["funding"],
        "Xưởng cơ khí Bình Quý",
        False,
    ),
    (
        "Sổ tay số hợp tác xã",
        "Phần mềm quản lý thành viên, vật tư và công nợ cho hợp tác xã nông nghiệp, dùng được trên điện thoại.",
        "chuyen-doi-so",
        "early",
        "tam-ky",
        "clb-khoi-nghiep-thanh-pho-tam-ky",
        ["market"],
        "Võ Minh Khôi, Phan Thị Thu",
        True,
    ),
    (
        "Trà thảo mộc Tiên Phước",
        "Trà túi lọc từ lá vối, hoa đu đủ đực và gừng, hướng tới sản phẩm OCOP 4 sao.",
        "ocop",
        "early",
        "tien-phuoc",
        None,
        ["market", "partners"],
        "",
        True,
    ),
    (
        "Du lịch cộng đồng Cơ Tu",
        "Tour trải nghiệm văn hóa Cơ Tu ở Tây Giang: nhà gươl, dệt thổ cẩm, ẩm thực núi rừng.",
        "du-lich",
        "idea",
        "tay-giang",
        None,
        ["mentoring", "funding"],
        "Alăng Thị Hoa",
        False,
    ),
    (
        "Phân bón vi sinh từ rơm rạ",
        "Ủ rơm rạ với chế phẩm vi sinh thành phân hữu cơ, thay đốt đồng sau thu hoạch.",
        "nong-nghiep-huu-co",
        "idea",
        "dai-loc",
        None,
        ["mentoring"],
        "Nhóm học sinh THPT Đại Lộc",
        False,
    ),
    (
        "Cảm biến độ mặn cho ruộng ven biển",
        "Thiết bị đo độ mặn gửi cảnh báo qua Zalo cho nông dân Núi Thành.",
        "cong-nghiep-so",
        "prototype",
        "nui-thanh",
        None,
        ["partners", "funding"],
        "",
        False,
    ),
    (
        "Robot hàn ống cho xưởng phụ trợ ô tô",
        "Cánh tay hàn giá thấp cho các xưởng cung ứng linh kiện ở khu công nghiệp Tam Hiệp.",
        "cong-nghiep-phu-tro",
        "early",
        "nui-thanh",
        None,
        ["partners", "market"],
        "",
        True,
    ),
    (
        "Nấm linh chi Quế Sơn",
        "Trồng nấm linh chi trên mùn cưa keo, sấy năng lượng mặt trời.",
        "ocop",
        "growth",
        "que-son",
        None,
        ["market"],
        "Hợp tác xã Quế Sơn Xanh",
        True,
    ),
    (
        "Chợ phiên số Điện Bàn",
        "Sàn bán hàng trực tuyến cho tiểu thương chợ truyền thống, thanh toán không tiền mặt.",
        "chuyen-doi-so",
        "idea",
        "dien-ban",
        None,
        ["funding", "mentoring"],
        "",
        False,
    ),
    (
        "Tấm lợp từ vỏ trấu",
        "Ép vỏ trấu với keo sinh học thành tấm lợp cách nhiệt cho chuồng trại.",
        "vat-lieu-moi",
        "idea",
        "phu-ninh",
        None,
        ["mentoring", "partners"],
        "",
        False,
    ),
]
WAITING = ("Xe đạp điện cho du khách phố cổ", "Cho thuê xe đạp điện qua ứng dụng, trạm sạc năng lượng mặt trời.")
RETURNED = ("Mật ong rừng Nam Giang", "Thu mua mật ong rừng.", "Xin bổ sung nguồn nguyên liệu và giấy kiểm nghiệm.")


def _content(title, summary, sector, stage, unit, club, needs, team, show_contact):
    return {
        "title": title,
        "summary": summary,
        "sector_id": sector.pk,
        "stage": stage,
        "district_id": unit.pk,
        "club_id": club.pk if club else None,
        "team": team,
        "show_team": bool(team),
        **{f"needs_{need}": need in needs for need in ("mentoring", "funding", "partners", "market")},
        "contact_name": team.split(",")[0] if team else "",
        "contact_email": "lienhe@example.vn",
        "contact_phone": "0235 3812 345",
        "show_contact": show_contact,
        "consent": True,
    }


def seed():
    sectors = {}
    for order, (slug, name) in enumerate(SECTORS):
        sectors[slug], _ = Sector.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=["bandieuhanh", "bientap", "thamdu", "giangvien"])
    }
    board, owner = users.get("bandieuhanh"), users.get("thamdu") or users.get("giangvien")
    province = AdministrativeUnit.objects.filter(slug="quang-nam").first()
    if board is None or owner is None or province is None:
        return
    units = {unit.slug: unit for unit in AdministrativeUnit.objects.all()}
    clubs = {club.slug: club for club in ClubPage.objects.all()}
    for index, (title, summary, sector, stage, unit, club, needs, team, show) in enumerate(ENTRIES):
        if Entry.objects.filter(title=title).exists():
            continue
        club_page = clubs.get(club) if club else None
        author = (
            users.get("bientap")
            if club_page and club_page.slug.endswith("tam-ky")
            else (users.get("giangvien") if index % 3 == 0 and "giangvien" in users else owner)
        )
        data = _content(title, summary, sectors[sector], stage, units.get(unit, province), club_page, needs, team, show)
        entry = services.submit(author or owner, data)
        if entry.state != "published":
            services.publish(board, entry)
    if not Entry.objects.filter(title=WAITING[0]).exists():
        services.submit(
            owner,
            _content(
                *WAITING,
                sectors["du-lich"],
                "idea",
                units.get("hoi-an", province),
                clubs.get("clb-khoi-nghiep-thanh-pho-hoi-an"),
                ["funding"],
                "",
                False,
            ),
        )
    if not Entry.objects.filter(title=RETURNED[0]).exists():
        entry = services.submit(
            owner,
            _content(
                *RETURNED[:2], sectors["ocop"], "idea", units.get("nam-giang", province), None, ["market"], "", False
            ),
        )
        services.return_entry(board, entry, RETURNED[2])
    growing = Entry.objects.filter(title=ENTRIES[1][0], owner=owner).first()
    if growing and growing.versions.count() == 1:  # once: a change the Board has not read yet
        change = _content(
            *ENTRIES[1][:2],
            sectors["du-lich"],
            "early",
            growing.district,
            None,
            ["partners"],
            "Trần Thị Mỹ Linh, Nguyễn Văn Tằm",
            True,
        )
        services.update(owner, growing, change)
    from .mentoring.demo import seed as seed_network

    seed_network()
    from .competitions.demo import seed as seed_competitions

    seed_competitions()
