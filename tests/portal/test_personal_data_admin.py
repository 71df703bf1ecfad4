"""The Board's "Dữ liệu cá nhân" screens in the Wagtail admin, through HTTP: search, counts, export, erasure with
a confirmation step; nobody else reaches them."""

import json

import pytest

from portal.models import ErasureRecord, User
from tests.factories.clubs import club_editor, make_club
from tests.factories.portal import UserFactory, nominator
from tests.portal.test_personal_data import (  # noqa: F401
    EMAIL,
    NAME,
    OTHER_EMAIL,
    OTHER_NAME,
    PRIVATE_REASON,
    board,
    reviewing,
    world,
)
from training.models import Certificate, Nomination

pytestmark = pytest.mark.django_db

URLS = [
    "/admin/du-lieu-ca-nhan/",
    "/admin/du-lieu-ca-nhan/?q=buu",
    "/admin/du-lieu-ca-nhan/nguoi/?email=buu%40example.vn",
    "/admin/du-lieu-ca-nhan/nguoi/xuat.json?email=buu%40example.vn",
    "/admin/du-lieu-ca-nhan/nguoi/xoa/?email=buu%40example.vn",
]


@pytest.fixture
def board_client(client, board):  # noqa: F811
    client.force_login(board)
    return client


def test_board_finds_a_person_sees_counts_and_downloads_the_export(board_client, world):  # noqa: F811
    assert "/admin/du-lieu-ca-nhan/" in board_client.get("/admin/").content.decode()

    results = board_client.get("/admin/du-lieu-ca-nhan/", {"q": "ho quang buu"}).content.decode()
    assert NAME in results and f"?user={world['person'].pk}" in results and OTHER_NAME not in results

    page = board_client.get("/admin/du-lieu-ca-nhan/nguoi/", {"user": world["person"].pk}).content.decode()
    assert 'data-kind="training.nomination"><td>Hồ sơ đề cử giảng viên nguồn</td><td>2</td>' in page
    assert 'data-kind="events.registration"><td>Đăng ký tham dự sự kiện</td><td>1</td>' in page
    assert 'data-kind="training.certificate"><td>Giấy chứng nhận</td><td>1</td>' in page

    response = board_client.get("/admin/du-lieu-ca-nhan/nguoi/xuat.json", {"user": world["person"].pk})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
    text = response.content.decode("utf-8")
    export = json.loads(text)
    assert export["Người xuất"] == "bandieuhanh"
    assert NAME in text and EMAIL in text and OTHER_NAME not in text and OTHER_EMAIL not in text


def test_unknown_or_malformed_person_goes_back_to_search(board_client):
    for query in ({}, {"user": "abc"}, {"email": "not-an-email"}, {"user": "999999"}):
        response = board_client.get("/admin/du-lieu-ca-nhan/nguoi/", query)
        assert response.status_code == 302 and response["Location"] == "/admin/du-lieu-ca-nhan/"
    page = board_client.get("/admin/du-lieu-ca-nhan/nguoi/", {"email": "ai-do@example.vn"}).content.decode()
    assert "Không có dữ liệu nào về người này." in page and "Xóa theo yêu cầu" not in page


def test_erasure_asks_for_confirmation_and_a_request_reference(board_client, world):  # noqa: F811
    url = f"/admin/du-lieu-ca-nhan/nguoi/xoa/?user={world['person'].pk}"
    page = board_client.get(url).content.decode()
    assert "không thể hoàn tác" in page and "Đã cấp — thông tin người được cấp đã được ẩn theo yêu cầu" in page
    assert "số liệu thống kê theo cơ quan, địa bàn, năm và sự kiện không thay đổi" in page

    for data in ({"reference": "", "confirm": "on"}, {"reference": "Đơn số 12/2026"}):
        response = board_client.post(url, data)
        assert response.status_code == 200
        assert Nomination.objects.filter(full_name=NAME).count() == 2 and not ErasureRecord.objects.exists()

    response = board_client.post(url, {"reference": "Đơn số 12/2026", "reason": "Người học yêu cầu", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/admin/du-lieu-ca-nhan/"
    assert not Nomination.objects.filter(full_name=NAME).exists()
    assert User.objects.get(pk=world["person"].pk).is_active is False
    assert Certificate.objects.get(pk=world["certificate"].pk).holder_withheld
    index = board_client.get("/admin/du-lieu-ca-nhan/").content.decode()
    assert "Đã xóa dữ liệu cá nhân theo yêu cầu Đơn số 12/2026" in index
    assert "Hồ sơ đề cử giảng viên nguồn: 2" in index and NAME not in index


def refused(response):
    """Wagtail turns PermissionDenied in the admin into a redirect to the dashboard with an error message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_club_editor_is_refused_and_sees_no_menu_item(client, site_tree, world):  # noqa: F811
    directory, _news = site_tree
    client.force_login(club_editor(make_club(directory, title="CLB Khởi nghiệp Tam Kỳ")))
    assert client.get("/admin/").status_code == 200
    assert "/admin/du-lieu-ca-nhan/" not in client.get("/admin/").content.decode()
    for url in URLS:
        assert refused(client.get(url)), url
    assert refused(client.post(URLS[-1], {"reference": "x", "confirm": "on"}))
    assert Nomination.objects.filter(full_name=NAME).count() == 2 and not ErasureRecord.objects.exists()


@pytest.mark.parametrize("who", ["nominator", "participant", "anonymous"])
def test_agency_nominator_and_others_are_kept_out(client, world, who):  # noqa: F811
    if who == "nominator":
        client.force_login(nominator())
    elif who == "participant":
        client.force_login(UserFactory())
    for url in URLS:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert NAME not in response.content.decode()
    client.post(URLS[-1], {"reference": "x", "confirm": "on"})
    assert Nomination.objects.filter(full_name=NAME).count() == 2 and not ErasureRecord.objects.exists()


def test_the_screens_show_the_reviews_a_person_wrote_and_the_conflicts_they_declared(board_client, reviewing):  # noqa: F811
    query = {"user": reviewing["person"].pk}
    page = board_client.get("/admin/du-lieu-ca-nhan/nguoi/", query).content.decode()
    for kind, label in (
        ("training.review_written", "Phiếu chấm hồ sơ đề cử do người này chấm"),
        ("ideas.competitionreview_written", "Phiếu chấm dự thi do người này chấm"),
        ("ideas.competitionrecusal", "Khai báo xung đột lợi ích của người này"),
    ):
        assert f'data-kind="{kind}"><td>{label}</td><td>1</td>' in page, kind

    export = json.loads(board_client.get("/admin/du-lieu-ca-nhan/nguoi/xuat.json", query).content.decode("utf-8"))
    assert [row["Lý do"] for row in export["Dữ liệu"]["Khai báo xung đột lợi ích của người này"]] == [PRIVATE_REASON]
    assert [row["Nhận xét"] for row in export["Dữ liệu"]["Phiếu chấm dự thi do người này chấm"]] == [
        "Ý tưởng tốt QZXCUATOI2"
    ]

    erase = board_client.get("/admin/du-lieu-ca-nhan/nguoi/xoa/", query).content.decode()
    assert "Phiếu chấm do người này chấm (hồ sơ đề cử, hồ sơ dự thi) giữ nguyên điểm và nhận xét" in erase
    assert "<td>Khai báo xung đột lợi ích của người này</td><td>1</td>" in erase
    response = board_client.post(
        f"/admin/du-lieu-ca-nhan/nguoi/xoa/?user={reviewing['person'].pk}",
        {"reference": "Đơn số 21/2026", "confirm": "on"},
    )
    assert response.status_code == 302
    index = board_client.get("/admin/du-lieu-ca-nhan/").content.decode()
    assert "Khai báo xung đột lợi ích của người này: 1" in index and "Phiếu chấm dự thi do người này chấm: 1" in index
