from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal import roles
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.models import Agency

ACCOUNTS = [
    # username, role label, last name, first name, groups, agency slug, superuser
    ("quantri", "Quản trị hệ thống (superuser)", "Phạm", "Công Thành", [], None, True),
    ("bandieuhanh", "Ban Điều hành", "Trần", "Thị Thu Hà", [roles.BOARD], None, False),
    ("bientap", "Biên tập viên CLB Khởi nghiệp thành phố Tam Kỳ", "Lê", "Văn Đức", [], None, False),
    (
        "daumoi",
        "Cán bộ đầu mối UBND thành phố Tam Kỳ",
        "Nguyễn",
        "Thị Ánh",
        [roles.NOMINATORS],
        "ubnd-thanh-pho-tam-ky",
        False,
    ),
    (
        "tochucthi",
        "Ban tổ chức cuộc thi thành phố Tam Kỳ",
        "Đoàn",
        "Minh Trí",
        [roles.DISTRICT_ORGANISERS],
        "ubnd-thanh-pho-tam-ky",
        False,
    ),
    ("giangvien", "Học viên / giảng viên nguồn", "Hồ", "Quang Bửu", [roles.TRAINERS], None, False),
    ("thamdu", "Người tham dự", "Võ", "Minh Khôi", [roles.PARTICIPANTS], None, False),
]


def seed():
    User = get_user_model()
    for username, label, last_name, first_name, groups, agency_slug, superuser in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, last_name=last_name, first_name=first_name, email=f"{username}@example.vn")
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = superuser
            if agency_slug:
                user.agency = Agency.objects.get(slug=agency_slug)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        if (username, label) not in [(u, lbl) for u, lbl, _ in DEMO_ACCOUNTS]:
            DEMO_ACCOUNTS.append((username, label, user.get_full_name()))
