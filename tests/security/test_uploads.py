"""Uploads are checked by size and by what the bytes really are: the agency's dispatch PDF, Wagtail documents and
Wagtail images. Bad files are refused with a clear message and nothing is saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.factories.portal import nominator
from tests.factories.training import NominationRoundFactory, invite, nominate
from training.models import DispatchDocument
from training.nominations.enums import NominationStatus as S

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes(width=40, height=30):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# The agency's dispatch (công văn) PDF, through /tot/de-cu/.

@pytest.fixture
def submission(client):
    round_ = NominationRoundFactory()
    user = nominator()
    invite(round_, user.agency, quota=2)
    client.force_login(user)
    return nominate(user, round_)


def submit(client, nomination, file):
    return client.post(
        f"/tot/de-cu/ho-so/{nomination.pk}/nop/", {"number": "12/UBND", "date": "2022-02-10", "file": file}
    )


@pytest.mark.parametrize(
    "file, message",
    [
        (upload("cong-van.pdf", b"<html>not a pdf</html>"), "Nội dung tệp không phải PDF"),
        (upload("cong-van.pdf", b""), "rỗng"),
        (upload("cong-van.docx", zip_bytes()), "Chỉ nhận tệp PDF"),
        (upload("cong-van.pdf", PDF + b"0" * (10 * 1024 * 1024)), "Tệp quá lớn"),
    ],
    ids=["html-named-pdf", "empty", "docx", "oversized"],
)
def test_dispatch_upload_refuses_bad_files_and_saves_nothing(client, submission, file, message):
    response = submit(client, submission, file)
    assert response.status_code == 200
    assert message in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == S.DRAFT and not DispatchDocument.objects.exists()


def test_dispatch_upload_accepts_a_real_pdf(client, submission):
    assert submit(client, submission, upload("cong-van.pdf", PDF, "application/pdf")).status_code == 302
    assert DispatchDocument.objects.count() == 1


# Wagtail documents and images, through the admin as Board staff.

@pytest.fixture
def board_client(client):
    from tests.factories.portal import board_user

    client.force_login(board_user())
    return client


def add_document(client, name, content):
    return client.post("/admin/documents/add/", {"title": "Tài liệu", "file": upload(name, content), "collection": 1})


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ke-hoach.pdf", b"MZ\x90\x00 an executable", "Nội dung tệp không phải PDF"),
        ("bao-cao.docx", b"%PDF-1.4 a pdf in disguise", "Nội dung tệp không phải DOCX"),
        ("danh-sach.csv", b"ho ten\x00\x01\x02\xff\xfe", "Nội dung tệp không phải CSV"),
        ("chuong-trinh.exe", b"MZ\x90\x00", "exe"),
        ("qua-lon.pdf", PDF + b"0" * (10 * 1024 * 1024), "10,0"),
    ],
    ids=["exe-named-pdf", "pdf-named-docx", "binary-csv", "exe", "oversized"],
)
def test_documents_are_refused_when_content_or_size_is_wrong(board_client, name, content, message):
    response = add_document(board_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [("ke-hoach.pdf", PDF), ("bao-cao.docx", zip_bytes()), ("danh-sach.csv", "Họ tên;Đơn vị\n".encode())],
)
def test_real_documents_are_accepted(board_client, name, content):
    assert add_document(board_client, name, content).status_code == 302
    assert Document.objects.count() == 1


def test_multiple_upload_checks_documents_too(board_client):
    response = board_client.post(
        "/admin/documents/multiple/add/", {"files[]": upload("ke-hoach.pdf", b"not a pdf"), "collection": 1}
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("anh.png", b"<svg onload=alert(1)>", "Không phải"),
        ("anh.png", png_bytes()[:60], "bị hỏng hoặc không đầy đủ"),
        ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
        ("anh.png", png_bytes() + b"0" * (10 * 1024 * 1024), "10,0"),
    ],
    ids=["svg-named-png", "truncated-png", "svg", "oversized"],
)
def test_images_are_refused_when_not_a_real_image_or_too_big(board_client, name, content, message):
    response = board_client.post("/admin/images/add/", {"title": "Ảnh", "file": upload(name, content), "collection": 1})
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not Image.objects.exists()


def test_a_real_image_is_accepted(board_client):
    response = board_client.post(
        "/admin/images/add/", {"title": "Ảnh", "file": upload("anh.png", png_bytes()), "collection": 1}
    )
    assert response.status_code == 302 and Image.objects.count() == 1


def test_multiple_upload_checks_images_too(board_client):
    response = board_client.post(
        "/admin/images/multiple/add/", {"files[]": upload("anh.png", png_bytes()[:60]), "collection": 1}
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Image.objects.exists()
