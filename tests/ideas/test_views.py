"""The front end from outside: who may open what (another owner's entry, another club's entries -> 404), sending
an idea with an image and a PDF, editing it over time, withdrawing it, and the personal area."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ideas.models import Entry
from tests.factories.clubs import club_editor, make_club
from tests.factories.ideas import content, make_entry, sector
from tests.factories.portal import AdministrativeUnitFactory, UserFactory, board_user
from tests.factories.training import PDF_BYTES

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND, NOT_ALLOWED = 200, "login", 404, 405
ROLES = ["anonymous", "owner", "stranger", "editor_a", "editor_b", "board"]
MATRIX = {
    # a published entry of club A, sent by "owner"
    "showcase": [OK, OK, OK, OK, OK, OK],
    "entry": [OK, OK, OK, OK, OK, OK],
    "edit": [LOGIN, OK, NOT_FOUND, OK, NOT_FOUND, OK],
    "submit": [LOGIN, OK, OK, OK, OK, OK],
    "mine": [LOGIN, OK, OK, OK, OK, OK],
    # a waiting entry of club A: not public; a preview for its owner and its moderators only
    "draft": [NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK],
    "draft_edit": [LOGIN, OK, NOT_FOUND, OK, NOT_FOUND, OK],
}


def png(name="anh.png"):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(site_tree):
    directory, _ = site_tree
    club_a, club_b = make_club(directory), make_club(directory)
    owner = UserFactory()
    entry = make_entry(owner, club=club_a, title="Trà thảo mộc QZXCONGKHAI")
    draft = make_entry(owner, club=club_a, publish=False, title="Bản nháp QZXCHUADUYET")
    users = {
        "anonymous": None,
        "owner": owner,
        "stranger": UserFactory(),
        "editor_a": club_editor(club_a),
        "editor_b": club_editor(club_b),
        "board": board_user(),
    }
    urls = {
        "showcase": "/y-tuong/",
        "entry": f"/y-tuong/{entry.pk}/",
        "edit": f"/y-tuong/{entry.pk}/sua/",
        "submit": "/y-tuong/gui/",
        "mine": "/ca-nhan/y-tuong/",
        "draft": f"/y-tuong/{draft.pk}/",
        "draft_edit": f"/y-tuong/{draft.pk}/sua/",
    }
    return users, urls, entry, draft, club_a


@pytest.mark.parametrize("screen", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, screen, role):
    users, urls, *_ = world
    if users[role]:
        client.force_login(users[role])
    response = client.get(urls[screen])
    expected = MATRIX[screen][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected


def test_the_showcase_never_shows_a_waiting_entry(client, world):
    page = client.get("/y-tuong/").content.decode()
    assert "QZXCONGKHAI" in page and "QZXCHUADUYET" not in page


@pytest.mark.parametrize("role", ["stranger", "editor_b"])
def test_withdrawing_another_persons_entry_is_refused(client, world, role):
    users, _urls, entry, *_ = world
    client.force_login(users[role])
    assert client.post(f"/y-tuong/{entry.pk}/rut/").status_code == 404
    assert client.post(f"/y-tuong/{entry.pk}/sua/", {"title": "Chiếm"}).status_code == 404
    entry.refresh_from_db()
    assert entry.state == "published" and entry.title == "Trà thảo mộc QZXCONGKHAI"


def form_data(**fields):
    data = {
        "title": "Gốm Thanh Hà kết hợp du lịch trải nghiệm",
        "summary": "Tour làm gốm cho khách du lịch tại Hội An.",
        "sector": sector().pk,
        "stage": "prototype",
        "needs": ["funding", "market"],
        "district": AdministrativeUnitFactory(name="Thành phố Hội An", slug="hoi-an").pk,
        "club": "",
        "team": "Lê Văn Tám",
        "contact_name": "Lê Văn Tám",
        "contact_email": "tam@example.vn",
        "contact_phone": "0235 386 1234",
        "show_contact": "on",
        "consent": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_sending_an_idea_with_an_image_and_a_pdf(client, world):
    users, *_ = world
    client.force_login(users["stranger"])
    pdf = SimpleUploadedFile("ho-so.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post("/y-tuong/gui/", form_data(image=png(), document=pdf))
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Entry.objects.get(title="Gốm Thanh Hà kết hợp du lịch trải nghiệm")
    assert (entry.owner, entry.state, entry.needs_funding, entry.needs_market, entry.needs_mentoring) == (
        users["stranger"],
        "submitted",
        True,
        True,
        False,
    )
    assert entry.image.collection.name == "Ngân hàng ý tưởng" and entry.document.file.read(5) == b"%PDF-"
    assert entry.versions.get().data["title"] == entry.title


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"consent": None}, "consent"),
        ({"title": "   "}, "title"),
        ({"sector": "99999999999999999999999"}, "sector"),
        ({"district": "x"}, "district"),
        ({"stage": "unicorn"}, "stage"),
        ({"needs": ["nothing"]}, "needs"),
        ({"contact_phone": "=1+1"}, "contact_phone"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"show_contact": "on", "contact_email": "", "contact_phone": ""}, "show_contact"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(client, world, fields, field):
    users, *_ = world
    client.force_login(users["stranger"])
    before = Entry.objects.count()
    response = client.post("/y-tuong/gui/", form_data(**fields))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Entry.objects.count() == before


@pytest.mark.parametrize(
    "upload, field",
    [
        (SimpleUploadedFile("gia.pdf", b"<html>not a pdf</html>", content_type="application/pdf"), "document"),
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\nbroken", content_type="image/png"), "image"),
        (SimpleUploadedFile("anh.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml"), "image"),
    ],
)
def test_a_hostile_file_is_refused(client, world, upload, field):
    users, *_ = world
    client.force_login(users["stranger"])
    response = client.post("/y-tuong/gui/", form_data(**{field: upload}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Entry.objects.filter(owner=users["stranger"]).exists()


def test_the_club_list_offers_no_private_club(client, world, site_tree):
    from tests.factories.clubs import make_private

    users, *_ = world
    directory, _ = site_tree
    hidden = make_club(directory, title="CLB QZXRIENGTU")
    make_private(hidden, restriction_type="password", password="x")
    client.force_login(users["stranger"])
    assert "QZXRIENGTU" not in client.get("/y-tuong/gui/").content.decode()
    response = client.post("/y-tuong/gui/", form_data(club=hidden.pk))
    assert "club" in response.context["form"].errors


def test_an_owner_updates_a_published_entry_and_the_public_page_keeps_the_published_one(client, world):
    users, urls, entry, _draft, club_a = world
    client.force_login(users["owner"])
    data = form_data(title="Trà thảo mộc – bản mới QZXMOI", club=club_a.pk, district=entry.district_id)
    assert client.post(urls["edit"], data).status_code == 302
    client.logout()
    page = client.get(urls["entry"]).content.decode()
    assert "QZXCONGKHAI" in page and "QZXMOI" not in page
    client.force_login(users["owner"])
    form_page = client.get(urls["edit"]).content.decode()
    assert "QZXMOI" in form_page  # the owner continues their pending change
    client.force_login(users["editor_a"])
    from ideas import services

    services.publish(users["editor_a"], entry)
    client.logout()
    assert "QZXMOI" in client.get(urls["entry"]).content.decode()
    assert entry.versions.count() == 2


def test_the_entry_page_shows_only_what_the_owner_chose(client, world):
    users, urls, entry, *_ = world
    page = client.get(urls["entry"]).content.decode()
    for private in ("Nguyễn Thị Hoa", "hoa@example.vn", "0905 123 456", users["owner"].username, users["owner"].email):
        assert private not in page
    Entry.objects.filter(pk=entry.pk).update(show_contact=True, show_team=True)
    page = client.get(urls["entry"]).content.decode()
    assert "hoa@example.vn" in page and "Trần Văn Bửu" in page


def test_withdrawing_ones_own_entry(client, world):
    users, urls, entry, *_ = world
    client.force_login(users["owner"])
    assert client.get(f"/y-tuong/{entry.pk}/rut/").status_code == NOT_ALLOWED
    assert client.post(f"/y-tuong/{entry.pk}/rut/").status_code == 302
    entry.refresh_from_db()
    assert entry.state == "withdrawn"
    assert "Bản xem trước" in client.get(urls["entry"]).content.decode()  # the owner's own copy
    client.logout()
    assert client.get(urls["entry"]).status_code == 404


def test_the_personal_area_has_the_ideas_section(client, world):
    users, *_ = world
    client.force_login(users["owner"])
    page = client.get("/ca-nhan/").content.decode()
    assert "/ca-nhan/y-tuong/" in page and "/y-tuong/gui/" in page
    mine = client.get("/ca-nhan/y-tuong/").content.decode()
    assert "QZXCONGKHAI" in mine and "QZXCHUADUYET" in mine
    client.force_login(users["stranger"])
    assert "QZXCONGKHAI" not in client.get("/ca-nhan/y-tuong/").content.decode()


def test_a_document_is_served_only_where_a_published_entry_shows_it(client, site_tree):
    from ideas import services

    directory, _ = site_tree
    club = make_club(directory)
    owner, stranger, editor = UserFactory(), UserFactory(), club_editor(club)
    other_editor = club_editor(make_club(directory))
    pdf = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf")
    waiting = services.submit(owner, content(club_id=club.pk), document=pdf)
    url = waiting.document.url

    def status(user):
        client.logout()
        if user:
            client.force_login(user)
        return client.get(url).status_code

    assert [status(u) for u in (None, stranger, other_editor, owner, editor)] == [404, 404, 404, 200, 200]
    services.publish(board_user(), waiting)
    assert status(None) == 200 and status(stranger) == 200
    services.withdraw(owner, Entry.objects.get(pk=waiting.pk))
    assert status(None) == 404 and status(owner) == 200


def test_a_waiting_entry_is_previewed_by_its_owner_and_said_to_be_unpublished(client, world):
    users, urls, entry, draft, _club = world
    client.force_login(users["owner"])
    page = client.get(urls["draft"]).content.decode()
    assert "QZXCHUADUYET" in page and "Bản xem trước" in page
    assert "Bản xem trước" not in client.get(urls["entry"]).content.decode()
    client.logout()
    assert client.get(urls["draft"]).status_code == 404  # the owner's visit left nothing cached for the public


def test_an_owner_s_waiting_change_is_announced_on_the_published_page(client, world):
    from ideas import services

    users, urls, entry, *_ = world
    services.update(users["owner"], entry, content(club=world[4], title="Trà thảo mộc QZXMOI"))
    client.force_login(users["owner"])
    page = client.get(urls["entry"]).content.decode()
    assert "QZXCONGKHAI" in page and "QZXMOI" not in page and "đang chờ duyệt" in page
    client.force_login(users["stranger"])
    assert "đang chờ duyệt" not in client.get(urls["entry"]).content.decode()


def jpeg_with_gps(name="nha-toi.jpg", orientation=1):
    """A phone photo: 40×30 pixels, EXIF with a GPS position and the camera's orientation tag."""
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "QZXMAYANH"  # make
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (106.0, 20.0, 15.0)})
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("orientation, size", [(1, (40, 30)), (6, (30, 40))])
def test_an_ideas_photo_is_stored_without_its_gps_under_a_name_nobody_guesses(client, world, orientation, size):
    """The bank publishes what the public sends: the original a phone uploads keeps no EXIF (GPS, camera), the
    rotation it asked for is applied to the pixels, and its address (and its renditions') is not "nha-toi.jpg"."""
    from io import BytesIO

    from PIL import Image

    users, *_ = world
    client.force_login(users["stranger"])
    response = client.post("/y-tuong/gui/", form_data(image=jpeg_with_gps(orientation=orientation)))
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Entry.objects.get(title="Gốm Thanh Hà kết hợp du lịch trải nghiệm").image
    with stored.open_file() as file:
        content = file.read()
    with Image.open(BytesIO(content)) as image:
        assert (image.format, image.size) == ("JPEG", size)
        assert not image.getexif()
    assert b"QZXMAYANH" not in content
    name = stored.file.name.rsplit("/", 1)[-1]
    assert "nha-toi" not in name and len(name) >= 24 and name.endswith(".jpg")
    assert "nha-toi" not in stored.get_rendition("max-800x600").url


def test_an_entry_leaving_the_bank_takes_its_public_renditions_along(client, world, django_capture_on_commit_callbacks):
    """A rendition is a public file under /media/images/: once the entry is withdrawn, the address someone saw
    while it was shown answers nothing, and the rendition is drawn again if the entry comes back."""
    from django.core.files.storage import default_storage

    from ideas import services

    users, *_ = world
    client.force_login(users["stranger"])
    client.post("/y-tuong/gui/", form_data(image=png()))
    entry = Entry.objects.get(title="Gốm Thanh Hà kết hợp du lịch trải nghiệm")
    rendition = entry.image.get_rendition("max-800x600")
    assert default_storage.exists(rendition.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(users["stranger"], entry)
    assert not entry.image.renditions.exists()
    assert not default_storage.exists(rendition.file.name)
    assert default_storage.exists(entry.image.file.name)  # the original stays for the owner to send it again
