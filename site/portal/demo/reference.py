"""Quảng Nam's reference data as of 2022: units, agencies, club kinds. Data, editable later by the Board."""

from portal.models import AdministrativeUnit, Agency, AgencyKind
from portal.pages.search import ascii_slug

PROVINCE = ("Tỉnh Quảng Nam", "tỉnh")
UNITS = [
    ("Tam Kỳ", "thành phố"),
    ("Hội An", "thành phố"),
    ("Điện Bàn", "thị xã"),
    ("Đại Lộc", "huyện"),
    ("Duy Xuyên", "huyện"),
    ("Thăng Bình", "huyện"),
    ("Quế Sơn", "huyện"),
    ("Núi Thành", "huyện"),
    ("Phú Ninh", "huyện"),
    ("Tiên Phước", "huyện"),
    ("Hiệp Đức", "huyện"),
    ("Nông Sơn", "huyện"),
    ("Bắc Trà My", "huyện"),
    ("Nam Trà My", "huyện"),
    ("Phước Sơn", "huyện"),
    ("Nam Giang", "huyện"),
    ("Đông Giang", "huyện"),
    ("Tây Giang", "huyện"),
]
AGENCY_KINDS = [
    ("so-nganh", "Sở, ban, ngành cấp tỉnh"),
    ("ubnd-huyen", "UBND huyện, thị xã, thành phố"),
    ("hoi-doan-the", "Hội, đoàn thể, hiệp hội"),
    ("truong", "Trường Đại học, Cao đẳng, Nghề"),
]
DEPARTMENTS = [
    ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Sở Nội vụ", "Sở NV"),
    ("Sở Công Thương", "Sở CT"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"),
    ("Sở Xây dựng", "Sở XD"),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("Sở Tài chính", "Sở TC"),
]
ASSOCIATIONS = [
    ("Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN"),
    ("Hội Nông dân tỉnh", "Hội ND"),
    ("Tỉnh đoàn Quảng Nam", "Tỉnh đoàn"),
    ("Hiệp hội Doanh nghiệp tỉnh", "Hiệp hội DN"),
    ("Hiệp hội Du lịch tỉnh", "Hiệp hội DL"),
]
SCHOOLS = [
    ("Trường Đại học Quảng Nam", "Tam Kỳ"),
    ("Trường Đại học Phan Châu Trinh", "Hội An"),
    ("Trường Cao đẳng Quảng Nam", "Tam Kỳ"),
    ("Trường Cao đẳng Kinh tế - Kỹ thuật Quảng Nam", "Tam Kỳ"),
    ("Trường Cao đẳng Điện lực Miền Trung", "Hội An"),
]


def unit_label(name, kind):
    return f"{kind.capitalize()} {name}"


def seed():
    province, _ = AdministrativeUnit.objects.get_or_create(
        slug="quang-nam", defaults={"name": PROVINCE[0], "kind": PROVINCE[1], "sort_order": 0}
    )
    units = {}
    for order, (name, kind) in enumerate(UNITS, start=1):
        units[name], _ = AdministrativeUnit.objects.get_or_create(
            slug=ascii_slug(name),
            defaults={"name": name, "kind": kind, "parent": province, "sort_order": order},
        )
    kinds = {}
    for order, (slug, name) in enumerate(AGENCY_KINDS):
        kinds[slug], _ = AgencyKind.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})

    def agency(name, kind, short_name="", unit=None, order=0):
        obj, _ = Agency.objects.get_or_create(
            slug=ascii_slug(name),
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": kinds[kind],
                "unit": unit,
                "sort_order": order,
                "email": f"{ascii_slug(short_name or name).replace('-', '')}@quangnam.gov.vn",
            },
        )
        return obj

    for order, (name, short) in enumerate(DEPARTMENTS):
        agency(name, "so-nganh", short, order=order)
    for order, (name, kind) in enumerate(UNITS):
        agency(f"UBND {kind} {name}", "ubnd-huyen", f"UBND {name}", units[name], order=order)
    for order, (name, short) in enumerate(ASSOCIATIONS):
        agency(name, "hoi-doan-the", short, order=order)
    for order, (name, unit_name) in enumerate(SCHOOLS):
        agency(name, "truong", "", units[unit_name], order=order)
    return units
