"""Board staff manage the reference data and the users in the Wagtail admin, without the Django admin."""

import pytest
from django.contrib.messages import get_messages

from clubs.models import ClubKind
from portal.models import AdministrativeUnit, Agency, AgencyKind, User
from tests.factories.clubs import club_editor, club_kind, make_club
from tests.factories.portal import AdministrativeUnitFactory, AgencyFactory, AgencyKindFactory, board_user

pytestmark = pytest.mark.django_db

SNIPPETS = {
    "agency": "/admin/snippets/portal/agency/",
    "unit": "/admin/snippets/portal/administrativeunit/",
    "agency_kind": "/admin/snippets/portal/agencykind/",
    "club_kind": "/admin/snippets/clubs/clubkind/",
}


@pytest.fixture
def board_client(client, db):
    client.force_login(board_user(username="bandieuhanh"))
    return client


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("url", [*SNIPPETS.values(), "/admin/users/", "/admin/users/new/"])
def test_board_lists_reference_data_and_users(board_client, url):
    AgencyFactory(name="Sở Khoa học và Công nghệ")
    club_kind()

    response = board_client.get(url)

    assert response.status_code == 200


def test_board_list_shows_vietnamese_names(board_client):
    AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")

    html = board_client.get(SNIPPETS["agency"]).content.decode()

    assert "Sở Văn hóa, Thể thao và Du lịch" in html
    assert "Sở VHTTDL" in html


def test_board_adds_and_edits_an_administrative_unit(board_client):
    province = AdministrativeUnitFactory(name="Tỉnh Quảng Nam", slug="quang-nam", kind="tỉnh")

    response = board_client.post(
        SNIPPETS["unit"] + "add/",
        {
            "name": "Thành phố Đà Nẵng",
            "slug": "da-nang",
            "kind": "thành phố",
            "sort_order": "1",
            "is_active": "on",
            "parent": province.pk,
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    unit = AdministrativeUnit.objects.get(slug="da-nang")
    assert (unit.name, unit.parent) == ("Thành phố Đà Nẵng", province)

    response = board_client.post(
        SNIPPETS["unit"] + f"edit/{unit.pk}/",
        {"name": "Thành phố Đà Nẵng (mới)", "slug": "da-nang", "kind": "thành phố", "sort_order": "1"},
    )

    assert response.status_code == 302, response.context["form"].errors
    unit.refresh_from_db()
    assert unit.name == "Thành phố Đà Nẵng (mới)"
    assert unit.is_active is False


def test_board_adds_and_edits_an_agency_and_its_kind(board_client):
    response = board_client.post(
        SNIPPETS["agency_kind"] + "add/", {"name": "Sở, ban, ngành", "slug": "so-nganh", "sort_order": "0"}
    )
    assert response.status_code == 302
    kind = AgencyKind.objects.get(slug="so-nganh")

    response = board_client.post(
        SNIPPETS["agency"] + "add/",
        {
            "name": "Sở Thông tin và Truyền thông",
            "slug": "so-tttt",
            "short_name": "Sở TT&TT",
            "kind": kind.pk,
            "email": "stttt@quangnam.gov.vn",
            "sort_order": "0",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    agency = Agency.objects.get(slug="so-tttt")
    assert (agency.name, agency.kind, agency.is_active) == ("Sở Thông tin và Truyền thông", kind, True)

    response = board_client.post(
        SNIPPETS["agency"] + f"edit/{agency.pk}/",
        {"name": "Sở Khoa học và Công nghệ", "slug": "so-tttt", "kind": kind.pk, "sort_order": "0"},
    )
    assert response.status_code == 302, response.context["form"].errors
    agency.refresh_from_db()
    assert agency.name == "Sở Khoa học và Công nghệ"
    assert agency.is_active is False


def test_board_adds_and_edits_a_club_kind(board_client):
    response = board_client.post(
        SNIPPETS["club_kind"] + "add/",
        {
            "name": "CLB khởi nghiệp trường nghề",
            "plural_name": "CLB trường nghề",
            "slug": "truong-nghe",
            "sort_order": "3",
            "description": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    kind = ClubKind.objects.get(slug="truong-nghe")

    response = board_client.post(
        SNIPPETS["club_kind"] + f"edit/{kind.pk}/",
        {
            "name": "CLB khởi nghiệp trường nghề",
            "plural_name": "CLB nghề",
            "slug": "truong-nghe",
            "sort_order": "4",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    kind.refresh_from_db()
    assert (kind.plural_name, kind.sort_order) == ("CLB nghề", 4)


def test_a_duplicate_slug_is_a_field_error_not_a_500(board_client):
    AgencyKindFactory(name="Sở, ban, ngành", slug="so-nganh")

    response = board_client.post(
        SNIPPETS["agency_kind"] + "add/", {"name": "Khác", "slug": "so-nganh", "sort_order": "0"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["slug"]


def test_user_forms_carry_the_agency_field(board_client):
    agency = AgencyFactory(name="UBND thành phố Tam Kỳ")
    html = board_client.get("/admin/users/new/").content.decode()
    assert 'name="agency"' in html
    assert 'name="phone"' in html

    response = board_client.post(
        "/admin/users/new/",
        {
            "username": "daumoi_tamky",
            "email": "daumoi@example.vn",
            "first_name": "Thị Ánh",
            "last_name": "Nguyễn",
            "password1": "Khoi-Nghiep@2022",
            "password2": "Khoi-Nghiep@2022",
            "agency": agency.pk,
            "phone": "0905123456",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="daumoi_tamky")
    assert (user.agency, user.phone, user.get_full_name()) == (agency, "0905123456", "Nguyễn Thị Ánh")

    other = AgencyFactory(name="UBND thành phố Hội An")
    edit_html = board_client.get(f"/admin/users/edit/{user.pk}/").content.decode()
    assert 'name="agency"' in edit_html
    response = board_client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "username": "daumoi_tamky",
            "email": "daumoi@example.vn",
            "first_name": "Thị Ánh",
            "last_name": "Nguyễn",
            "agency": other.pk,
            "phone": "0905123456",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert user.agency == other


@pytest.mark.parametrize("snippet", ["unit", "club_kind"])
def test_deleting_a_unit_or_club_kind_used_by_a_club_is_refused(board_client, site_tree, snippet):
    directory, _ = site_tree
    unit = AdministrativeUnitFactory(name="Huyện Tây Giang", slug="tay-giang")
    kind = club_kind("cap-huyen", "CLB cấp huyện")
    make_club(directory, kind=kind, unit=unit)
    obj = unit if snippet == "unit" else kind
    url = SNIPPETS[snippet] + f"delete/{obj.pk}/"

    confirm = board_client.get(url)
    response = board_client.post(url)

    assert confirm.status_code == 200
    assert confirm.context["is_protected"] is True
    assert confirm.context["usage_count"] == 1
    assert "nên không thể xóa" in confirm.content.decode()
    assert response.status_code == 302  # the reason, where Wagtail itself would only answer "no permission"
    assert messages_of(response) == [f"Không thể xóa “{obj}” vì vẫn còn dữ liệu đang dùng nó: Câu lạc bộ (1)."]
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_deleting_an_unused_club_kind_works(board_client):
    kind = club_kind("tam-thoi", "Loại tạm thời")

    response = board_client.post(SNIPPETS["club_kind"] + f"delete/{kind.pk}/")

    assert response.status_code == 302
    assert not ClubKind.objects.filter(pk=kind.pk).exists()


def test_deleting_an_agency_with_members_is_refused_with_a_message(board_client):
    agency = AgencyFactory()
    User.objects.create(username="thanhvien", agency=agency)
    url = SNIPPETS["agency"] + f"delete/{agency.pk}/"

    response = board_client.post(url, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert Agency.objects.filter(pk=agency.pk).exists()
    assert User.objects.filter(username="thanhvien", agency=agency).exists()
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"Không thể xóa “{agency.name}” vì vẫn còn dữ liệu đang dùng nó: Người dùng (1)."]


@pytest.mark.parametrize("url", [*SNIPPETS.values(), SNIPPETS["agency"] + "add/", "/admin/users/"])
def test_a_club_editor_cannot_manage_reference_data_or_users(client, site_tree, url):
    directory, _ = site_tree
    client.force_login(club_editor(make_club(directory)))

    response = client.get(url)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


def test_a_club_editor_cannot_add_an_agency_by_posting(client, site_tree):
    directory, _ = site_tree
    kind = AgencyKindFactory()
    client.force_login(club_editor(make_club(directory)))

    client.post(
        SNIPPETS["agency"] + "add/",
        {"name": "Cơ quan lạ", "slug": "co-quan-la", "kind": kind.pk, "sort_order": "0"},
    )

    assert not Agency.objects.filter(slug="co-quan-la").exists()


@pytest.mark.parametrize(
    ("model", "name"), [("agency", "Phòng Giáo dục và Đào tạo"), ("administrativeunit", "Phú Quý")]
)
def test_the_choosers_find_agencies_and_units_as_the_name_is_typed(board_client, model, name):
    """A chooser answers the first letters of a word ("Ph", "Gi") and their unaccented form, not only whole words."""
    from wagtail.search.backends import get_search_backend

    record = (AgencyFactory if model == "agency" else AdministrativeUnitFactory)(name=name)
    get_search_backend().add(record)
    for typed in (name.split()[0][:2], "Phu" if model == "administrativeunit" else "Giao d"):
        response = board_client.get(f"/admin/snippets/choose/portal/{model}/results/", {"q": typed})
        assert response.status_code == 200
        assert name in response.content.decode(), typed


def test_a_bulk_delete_of_agencies_in_use_is_refused_with_the_reason_and_deletes_none(board_client):
    """The snippet listing's bulk delete (not the delete view) once answered 500 on the PROTECT of users' agency."""
    used, unused = AgencyFactory(name="Sở Đang Dùng"), AgencyFactory(name="Sở Bỏ Trống")
    User.objects.create(username="canbo-dang-dung", agency=used)
    bulk = "/admin/bulk/portal/agency/delete/?next=/admin/snippets/portal/agency/"
    response = board_client.post(f"{bulk}&id={used.pk}&id={unused.pk}")
    assert response.status_code == 302
    assert Agency.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2  # nothing half done
    assert any("Không thể xóa “Sở Đang Dùng”" in message for message in messages_of(response))
    board_client.post(f"{bulk}&id={unused.pk}")
    assert not Agency.objects.filter(pk=unused.pk).exists()
