"""The certificate designer (issue 15 item 3): the Board edits a template in the Wagtail admin, previews it on
sample data without saving, publishes; certificates are issued with that version and keep it. The round trip is
checked on the rendered page: pdftoppm turns the PDF into a PNG and the name is looked for where it was placed."""

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pypdf
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, ImageChops
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories.clubs import make_image
from tests.factories.portal import PASSWORD, UserFactory, board_user
from tests.factories.training_cohorts import CohortFactory, add_sessions, completed_enrolment
from training.certificates import layout, pdf, services, signed_files
from training.certificates.designs import SAMPLE_COURSE, SAMPLE_NAME, CertificateTemplate, layout_for
from training.certificates.enums import CertificateKind
from training.certificates.models import CertificateSettings
from training.models import Certificate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"),
]

DPI = 72
PX_PER_MM = DPI / 25.4
NAME_BOX = layout.box("name", 20, 30, 170, 20, 30, "bold", "left", "navy")
PORTRAIT_BOXES = [
    NAME_BOX,
    layout.box("course", 20, 70, 170, 30, 16, "bold", "left"),
    layout.box("details", 20, 105, 170, 30, 12, align="left"),
    layout.box("qr", 20, 230, 40, 40, 6),
    layout.box("serial", 70, 235, 120, 8, 11, "bold", "left"),
]


def png(pdf_bytes, tmp_path, name="page"):
    """The page as an RGB image at DPI (pdftoppm), and the PDF's size in mm."""
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", source, tmp_path / name], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("RGB")


def region(image, box):
    """The box (mm from the top left) cut out of the page image."""
    left, top = round(box["x"] * PX_PER_MM), round(box["y"] * PX_PER_MM)
    right, bottom = round((box["x"] + box["width"]) * PX_PER_MM), round((box["y"] + box["height"]) * PX_PER_MM)
    return image.crop((left, top, right, bottom))


def ink(image):
    """How many pixels are not (nearly) white."""
    return sum(image.convert("L").histogram()[:200])


def difference(first, second):
    """Mean absolute difference of two same-sized images, 0 (same) to 255."""
    diff = ImageChops.difference(first.convert("L"), second.convert("L"))
    return sum(level * count for level, count in enumerate(diff.histogram())) / (diff.width * diff.height)


def text_of(pdf_bytes):
    return pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text()


def form_data(template, boxes, action="action-publish", **fields):
    data = {
        "name": template.name,
        "orientation": template.orientation,
        "border": template.border,
        "background": template.background_id or "",
        "logo": template.logo_id or "",
        "signature": template.signature_id or "",
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "boxes": streamfield([("box", {k: str(v) for k, v in b.items()}) for b in boxes]),
        **fields,
    }
    if action:
        data[action] = action
    return nested_form_data(data)


def url(name, *args):
    return reverse(f"wagtailsnippets_training_certificatetemplate:{name}", args=args)


@pytest.fixture
def board(client):
    user = board_user()
    assert client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def template():
    """The default template the data migration made: today's page, published."""
    return CertificateTemplate.objects.get(name="Mẫu mặc định")


def test_the_data_migration_made_a_published_default_template_of_todays_page(template):
    assert template.live
    assert [dict(child.value)["kind"] for child in template.boxes] == [b["kind"] for b in layout.default_boxes()]


def test_designer_round_trip_change_preview_issue_download_and_the_name_is_where_it_was_placed(
    client, board, template, tmp_path
):
    # Change: A4 portrait, no border, the name at the top left; preview it first.
    data = form_data(template, PORTRAIT_BOXES, action=None, orientation="portrait", border="none")
    revisions = template.revisions.count()
    response = client.post(url("preview_on_edit", template.pk), data)
    assert response.json() == {"is_valid": True, "is_available": True}
    preview = client.get(url("preview_on_edit", template.pk))
    assert preview["Content-Type"] == "application/pdf"
    text = text_of(preview.content)
    assert SAMPLE_NAME in text
    assert SAMPLE_COURSE.split()[0] in text
    page = png(preview.content, tmp_path, "preview")
    assert page.height > page.width  # portrait
    assert ink(region(page, NAME_BOX)) > 500
    # The preview saved nothing.
    template.refresh_from_db()
    assert template.orientation == "landscape"
    assert template.revisions.count() == revisions

    # Publish it, and give it to the course.
    response = client.post(url("edit", template.pk), form_data(template, PORTRAIT_BOXES, orientation="portrait"))
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.live and template.orientation == "portrait" and not template.has_unpublished_changes
    cohort = CohortFactory()
    cohort.course.certificate_template = template
    cohort.course.save()
    add_sessions(cohort, 2)
    completed_enrolment(cohort, board, full_name="Đặng Thị Ngọc Hường")

    # Issue through the Board's screen, download.
    response = client.post(f"/admin/tot/lop/{cohort.pk}/cap-giay/", {"kind": "completion", "issued_on": "2022-07-01"})
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrolment__cohort=cohort)
    assert certificate.data["layout"]["template"] == {
        "id": template.pk,
        "revision": template.live_revision_id,
        "name": "Mẫu mặc định",
    }
    download = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert download.status_code == 200
    assert "Đặng Thị Ngọc Hường" in text_of(download.content)
    assert "Thời lượng: 7 giờ" in text_of(download.content)  # two sessions of 3.5 hours

    # The name is where it was placed: the box matches the name drawn alone there, and nothing else is in it.
    page = png(download.content, tmp_path, "download")
    assert page.height > page.width
    alone = pdf.render_certificate(
        certificate.snapshot(), layout={"orientation": "portrait", "border": "none", "boxes": [NAME_BOX]}
    )
    expected = region(png(alone, tmp_path, "alone"), NAME_BOX)
    found = region(page, NAME_BOX)
    assert ink(found) > 500
    assert difference(found, expected) < 2
    # ...and not where today's page puts it (that place is empty on the portrait page).
    assert ink(region(page, layout.box("name", 30, 89.5, 150, 12, 28))) < ink(found) / 20


def test_a_certificate_keeps_its_template_version_when_the_template_changes(client, board, template, tmp_path):
    cohort = CohortFactory()
    cohort.course.certificate_template = template
    cohort.course.save()
    completed_enrolment(cohort, board)
    (certificate,) = services.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    first = client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content

    moved = [dict(b, x=b["x"] / 2) if b["kind"] == "name" else b for b in layout.default_boxes()]
    assert client.post(url("edit", template.pk), form_data(template, moved, border="none")).status_code == 302
    template.refresh_from_db()
    assert template.border == "none"

    certificate.refresh_from_db()
    assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content == first
    signed_files.discard(certificate.code)  # drawn again from its snapshot: the version it was issued with
    assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content == first
    assert certificate.data["layout"]["border"] == "double"
    # A new certificate gets the new version.
    (second,) = services.issue_for_cohort(
        completed_enrolment(CohortFactory(course=cohort.course), board).cohort, CertificateKind.COMPLETION, board
    )
    assert second.data["layout"]["border"] == "none"


def test_a_draft_is_not_issued_until_published(client, board, template):
    moved = [dict(b, y=b["y"] + 1) for b in layout.default_boxes()]
    response = client.post(url("edit", template.pk), form_data(template, moved, action=None, border="none"))
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.has_unpublished_changes

    frozen = layout_for(CertificateKind.COMPLETION, CohortFactory(course__certificate_template=template).course)

    assert frozen["border"] == "double"
    assert frozen["boxes"] == layout.default_boxes()


def test_a_box_outside_the_page_is_refused_and_nothing_changes(client, board, template):
    boxes = [*layout.default_boxes(), layout.box("serial", 250, 100, 80, 8, 11)]
    response = client.post(url("edit", template.pk), form_data(template, boxes))

    assert response.status_code == 200
    assert "Ô số 18 vượt ra ngoài trang A4 (297 × 210 mm)." in str(response.context["form"].errors["boxes"])
    template.refresh_from_db()
    assert len(template.boxes) == len(layout.default_boxes())


def test_images_are_frozen_by_content_and_survive_the_image_being_deleted(client, board, template, tmp_path):
    signature = make_image("Chữ ký", width=300, height=100)
    template.signature = signature
    template.save_revision().publish()
    cohort = CohortFactory(course__certificate_template=template)
    completed_enrolment(cohort, board)
    (certificate,) = services.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    body = services.signed_body(certificate)
    assert certificate.data["layout"]["signature"].startswith("training/certificates/assets/")
    (signature_box,) = [b for b in layout.default_boxes() if b["kind"] == "signature"]
    red, green, _blue = region(png(body, tmp_path), signature_box).split()
    reddish = ImageChops.darker(red.point(lambda v: 255 if v > 150 else 0), green.point(lambda v: 255 if v < 80 else 0))
    assert sum(reddish.histogram()[255:]) > 200  # the red test picture

    signature.delete()

    assert services.signed_body(Certificate.objects.get(pk=certificate.pk)) == body


def test_attendance_certificates_use_the_settings_attendance_template(template):
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    assert layout_for(CertificateKind.ATTENDANCE, cert_settings=settings) is None  # none chosen: built-in page
    settings.attendance_template = template
    settings.save()

    frozen = layout_for(CertificateKind.ATTENDANCE, cert_settings=settings)

    assert frozen["template"]["id"] == template.pk
    assert layout_for(CertificateKind.COMPLETION, cert_settings=settings) is None


def test_issuing_a_cohort_looks_the_template_up_once_not_per_certificate(board, template):
    counts = []
    for size in (1, 2, 5):  # the first warms what is asked once per process (site, content types, serial counter)
        cohort = CohortFactory(course__certificate_template=template)
        add_sessions(cohort, 1)
        for _ in range(size):
            completed_enrolment(cohort, board)
        cache.clear()  # each run from the same cold cache: the factories' page saves drop cached settings anyway
        with CaptureQueriesContext(connection) as queries:
            issued = services.issue_for_cohort(cohort, CertificateKind.COMPLETION, board, issued_on=date(2022, 7, 1))
        assert len(issued) == size and all(c.data["layout"]["template"]["id"] == template.pk for c in issued)
        counts.append(len(queries))

    assert counts[1] == counts[2]


def denied(response):
    """A 403, or Wagtail's own answer to a denied admin view: back to the dashboard with an error message."""
    return response.status_code == 403 or (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.parametrize("who", ["anonymous", "staff_with_permissions"])
def test_only_the_board_opens_the_designer(client, template, who):
    if who == "staff_with_permissions":
        group = Group.objects.create(name="Cán bộ khác")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(codename__endswith="_certificatetemplate"),
        )
        user = UserFactory(groups=[group.name])
        assert client.login(username=user.username, password=PASSWORD)
    pages = [url("list"), url("edit", template.pk), url("add"), url("preview_on_edit", template.pk)]
    for address in pages:
        response = client.get(address)
        if who == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], address
        else:
            assert denied(response), address
    response = client.post(url("edit", template.pk), form_data(template, PORTRAIT_BOXES, orientation="portrait"))
    assert response.status_code == 302 if who == "anonymous" else denied(response)
    template.refresh_from_db()
    assert template.orientation == "landscape"


def test_board_sees_the_designer_list_and_edit_form(client, board, template):
    assert template.name in client.get(url("list")).content.decode()
    assert client.get(url("edit", template.pk)).status_code == 200


def test_the_add_form_opens_with_the_default_boxes(client, board, template):
    """The add form was a 500: the default boxes were rendered once more, raw, as a hidden initial value."""
    response = client.get(url("add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="initial-boxes' not in html
    # the StreamField editor's state (JSON in an HTML attribute) holds every default box
    assert html.count("&quot;type&quot;: &quot;box&quot;") == len(layout.default_boxes())

    response = client.post(url("add"), form_data(template, layout.default_boxes(), name="Mẫu giấy hội nghị 2026"))
    assert response.status_code == 302
    created = CertificateTemplate.objects.get(name="Mẫu giấy hội nghị 2026")
    assert created.live and len(created.boxes) == len(layout.default_boxes())


# --- the renderer: text stays in its box ---------------------------------------------------------------


def sample(**overrides):
    data = pdf.CertificateData(
        holder_name=SAMPLE_NAME,
        course_title=SAMPLE_COURSE,
        kind="completion",
        serial="ToT-2022-0001",
        code="MAUXEMTRUOC2345678ABCDEF",
        issued_on=date(2022, 6, 30),
        verify_url="https://khoinghiep.quangnam.gov.vn/tot/xac-minh/MAUXEMTRUOC2345678ABCDEF/",
        board_name="Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh Quảng Nam",
        signatory_name="Trần Thị Thu Hà",
        signatory_title="Trưởng Ban Điều hành",
    )
    return replace(data, **overrides)


@pytest.mark.parametrize(
    "box",
    [
        layout.box("course", 60, 60, 90, 14, 24, "bold"),  # long title, small box: wraps and shrinks
        layout.box("name", 60, 60, 40, 8, 28, "bold"),  # one line: shrinks
        layout.box("text", 60, 60, 20, 6, 20, text="Nghiêngnghiêngnghiêngnghiêngnghiêng"),  # one unbreakable word
    ],
)
def test_vietnamese_text_never_leaves_its_box(box, tmp_path):
    body = pdf.render_certificate(sample(), layout={"orientation": "landscape", "border": "none", "boxes": [box]})
    page = png(body, tmp_path)
    inside = ink(
        region(
            page, dict(box, x=box["x"] - 0.4, y=box["y"] - 0.4, width=box["width"] + 0.8, height=box["height"] + 0.8)
        )
    )  # one pixel of anti-aliasing
    around = layout.box("", box["x"] - 3, box["y"] - 3, box["width"] + 6, box["height"] + 6, 0)

    assert inside > 50
    assert ink(region(page, around)) == inside
    assert ink(page) == inside


def test_the_default_layout_prints_every_fact_of_todays_page_and_the_qr():
    zxingcpp = pytest.importorskip("zxingcpp")
    pdfium = pytest.importorskip("pypdfium2")
    data = sample(decision_number="15/QĐ-BĐH", start_date=date(2022, 5, 3), end_date=date(2022, 6, 28), hours=24)
    body = pdf.render_certificate(data, layout=layout.default_layout())
    text = text_of(body)

    for fact in [
        "BAN ĐIỀU HÀNH HỖ TRỢ KHỞI NGHIỆP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIẤY CHỨNG NHẬN",
        "HOÀN THÀNH KHÓA ĐÀO TẠO",
        SAMPLE_NAME,
        "Thời gian đào tạo: từ ngày 03/05/2022 đến ngày 28/06/2022",
        "Thời lượng: 24 giờ",
        "15/QĐ-BĐH",
        "Số hiệu: ToT-2022-0001",
        "Quảng Nam, ngày 30 tháng 06 năm 2022",
        "TRƯỞNG BAN ĐIỀU HÀNH",
        "Trần Thị Thu Hà",
    ]:
        assert fact in text, fact
    image = pdfium.PdfDocument(body)[0].render(scale=2).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [data.verify_url]
    assert body == pdf.render_certificate(data, layout=layout.default_layout())


def test_markup_in_a_name_prints_literally_on_a_designed_page():
    body = pdf.render_certificate(sample(holder_name="Trần <b>Văn</b> & Cộng sự"), layout=layout.default_layout())
    assert "Trần <b>Văn</b> & Cộng sự" in text_of(body)


def test_the_attendance_preview_mode_prints_the_event_lines(client, board, template):
    client.post(url("preview_on_edit", template.pk), form_data(template, layout.default_boxes(), action=None))

    text = text_of(client.get(url("preview_on_edit", template.pk) + "?mode=attendance").content)

    assert "THAM DỰ" in text and "Đã tham dự" in text
    assert "Địa điểm: Trung tâm Hội nghị tỉnh Quảng Nam" in text


def test_the_certificate_inspect_view_names_the_template_version(client, board, template):
    template.save_revision().publish()
    template.refresh_from_db()
    cohort = CohortFactory(course__certificate_template=template)
    completed_enrolment(cohort, board)
    (certificate,) = services.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)

    page = client.get(reverse("wagtailsnippets_training_certificate:inspect", args=[certificate.pk])).content.decode()

    assert f"Mẫu mặc định (phiên bản {template.live_revision_id})" in page


def test_an_unpublished_course_template_gives_way_to_the_settings_template(board, template):
    course_template = CertificateTemplate.objects.create(name="Mẫu riêng của khóa", orientation="landscape")
    course_template.save_revision().publish()
    course_template.unpublish()
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_template = template
    settings.save()
    course = CohortFactory(course__certificate_template=course_template).course

    assert layout_for(CertificateKind.COMPLETION, course, settings)["template"]["id"] == template.pk
    template.unpublish()
    assert layout_for(CertificateKind.COMPLETION, course, settings) is None  # the built-in page


def test_a_revoked_designed_certificate_is_stamped_on_its_own_page(client, board, template):
    template.orientation = "portrait"
    template.boxes = [("box", b) for b in PORTRAIT_BOXES]
    template.save_revision().publish()
    cohort = CohortFactory(course__certificate_template=template)
    completed_enrolment(cohort, board)
    (certificate,) = services.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
    services.revoke(certificate, board, "Sai ngày sinh")

    body = client.get(reverse("training:certificate_pdf", args=[certificate.pk])).content
    page = pypdf.PdfReader(io.BytesIO(body)).pages[0]

    assert page.mediabox.height > page.mediabox.width
    assert "ĐÃ THU HỒI ngày" in page.extract_text() and "Sai ngày sinh" in page.extract_text()
